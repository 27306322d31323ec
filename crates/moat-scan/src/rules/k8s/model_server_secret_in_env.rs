//! MOAT-K8S003: Model server has a secret written literally into its environment

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks model-server containers for environment variables whose name suggests a credential
/// (`*TOKEN*`, `*KEY*`, `*SECRET*`, `*PASSWORD*`) and whose value is a literal rather than a
/// `valueFrom` reference.
///
/// ## Why is this bad?
/// Literal values live in the manifest, in Git history and in every `kubectl get -o yaml`; Hugging
/// Face tokens and provider keys leaked this way give access to private models and paid APIs.
///
/// ## Example
/// ```yaml
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata:
///   name: vllm
/// spec:
///   template:
///     spec:
///       containers:
///       - name: vllm
///         image: vllm/vllm-openai:v0.6.3
///         env:
///         - name: HF_TOKEN
///           value: hf_abcdefghijklmnopqrstuvwxyz0123456789
/// ```
///
/// Use instead:
/// ```yaml
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata:
///   name: vllm
/// spec:
///   template:
///     spec:
///       containers:
///       - name: vllm
///         image: vllm/vllm-openai:v0.6.3
///         env:
///         - name: HF_TOKEN
///           valueFrom:
///             secretKeyRef: { name: hf, key: token }
/// ```
///
/// ## References
/// - MCSB v2 IM-8: Restrict the exposure of credentials and secrets
/// - MITRE ATLAS AML.T0055: Unsecured Credentials
/// - OWASP Top 10 for LLM Applications 2025: LLM02 Sensitive Information Disclosure
/// - CWE-798: Use of Hard-coded Credentials
    pub const RULE = {
        code: "MOAT-K8S003",
        name: "ModelServerSecretInEnv",
        family: K8s,
        severity: High,
        title: "Model server has a secret written literally into its environment",
        check: check,
    };
}

/// MOAT-K8S003
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    crate::rules::k8s::model_server(r)?;
    for c in crate::parse::k8s::containers(r) {
        let Some(env) = c.get("env").and_then(Value::as_array) else {
            continue;
        };
        for e in env {
            let name = e.get("name").and_then(Value::as_str).unwrap_or("");
            let upper = name.to_ascii_uppercase();
            let secretish = ["TOKEN", "KEY", "SECRET", "PASSWORD"]
                .iter()
                .any(|w| upper.contains(w));
            if let Some(Value::String(v)) = e.get("value")
                && secretish
                && v.len() >= 8
                && !v.starts_with("$(")
            {
                return hit(format!("env `{name}` holds a literal secret"));
            }
        }
    }
    None
}
