//! MOAT-K8S002: Model server container may run as root

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks model-server workloads for `runAsNonRoot: true` or a non-zero `runAsUser` at pod or
/// container level.
///
/// ## Why is this bad?
/// Model servers load untrusted artifacts (pickled weights, custom code with `trust_remote_code`);
/// a malicious model then runs as root in the container, which makes escaping to the node and
/// reading other workloads' secrets far easier.
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
///       securityContext:
///         runAsNonRoot: true
///         runAsUser: 1000
///       containers:
///       - name: vllm
///         image: vllm/vllm-openai:v0.6.3
/// ```
///
/// ## References
/// - CIS Kubernetes Benchmark 5.2: Pod Security Standards
/// - OWASP Top 10 for LLM Applications 2025: LLM03 Supply Chain
/// - MITRE ATLAS AML.T0011.000: Unsafe AI Artifacts
    pub const RULE = {
        code: "MOAT-K8S002",
        name: "ModelServerRunsAsRoot",
        family: K8s,
        severity: High,
        title: "Model server container may run as root",
        check: check,
    };
}

/// MOAT-K8S002
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    crate::rules::k8s::model_server(r)?;
    let pod = crate::parse::k8s::pod_spec(r)?;
    let pod_ok = pod.pointer("/securityContext/runAsNonRoot") == Some(&Value::Bool(true))
        || pod
            .pointer("/securityContext/runAsUser")
            .and_then(Value::as_i64)
            .is_some_and(|u| u > 0);
    for c in crate::parse::k8s::containers(r) {
        let c_non_root = c
            .pointer("/securityContext/runAsNonRoot")
            .and_then(Value::as_bool);
        let c_user = c
            .pointer("/securityContext/runAsUser")
            .and_then(Value::as_i64);
        let ok = match (c_non_root, c_user) {
            (_, Some(0)) | (Some(false), _) => false,
            (Some(true), _) | (_, Some(_)) => true,
            (None, None) => pod_ok,
        };
        if !ok {
            let name = c.get("name").and_then(Value::as_str).unwrap_or("?");
            return hit(format!("container `{name}` may run as root"));
        }
    }
    None
}
