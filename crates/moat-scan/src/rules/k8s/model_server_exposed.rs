//! MOAT-K8S001: Model server is exposed outside the cluster without authentication

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks Services of type `LoadBalancer` or `NodePort` whose selector matches the pods of a model
/// server (vLLM, TGI, Ollama, Triton, KServe, llama.cpp, LocalAI) that is started without an API
/// key (`--api-key` / `VLLM_API_KEY` for vLLM; Ollama, TGI and Triton have no built-in
/// authentication).
///
/// ## Why is this bad?
/// An unauthenticated model server on a public IP lets anyone run inference at your cost, extract
/// the model, and, for Ollama, pull and delete models through its management API.
///
/// ## Example
/// ```yaml
/// apiVersion: v1
/// kind: Service
/// metadata:
///   name: ollama
/// spec:
///   type: LoadBalancer
///   selector:
///     app: ollama
///   ports:
///   - port: 11434
/// ```
///
/// Use instead:
/// ```yaml
/// apiVersion: v1
/// kind: Service
/// metadata:
///   name: ollama
/// spec:
///   type: ClusterIP
///   selector:
///     app: ollama
///   ports:
///   - port: 11434
/// # Publish it through an authenticating gateway (for example `moat serve`) instead.
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - OWASP Top 10 for LLM Applications 2025: LLM10 Unbounded Consumption
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-K8S001",
        name: "ModelServerExposedWithoutAuth",
        family: K8s,
        severity: Critical,
        title: "Model server is exposed outside the cluster without authentication",
        check: check,
    };
}

/// MOAT-K8S001
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if r.iac != IacKind::Kubernetes || r.rtype != "Service" {
        return None;
    }
    let ty = r.str_at("spec.type").unwrap_or("ClusterIP");
    if !(ty == "LoadBalancer" || ty == "NodePort") {
        return None;
    }
    let Some(Value::Object(sel)) = r.get("spec.selector") else {
        return None;
    };
    for w in all.iter().filter(|w| w.iac == IacKind::Kubernetes) {
        let Some(server) = crate::rules::k8s::model_server(w) else {
            continue;
        };
        let labels = crate::model::get_path(&w.body, "spec.template.metadata.labels")
            .or_else(|| crate::model::get_path(&w.body, "metadata.labels"));
        let Some(Value::Object(labels)) = labels else {
            continue;
        };
        if !sel.is_empty()
            && sel.iter().all(|(k, v)| labels.get(k) == Some(v))
            && !crate::rules::k8s::has_auth(w)
        {
            return hit(format!(
                "{ty} service exposes {server} server `{}` with no authentication",
                w.name
            ));
        }
    }
    None
}
