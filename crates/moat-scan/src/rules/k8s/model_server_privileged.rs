//! MOAT-K8S004: Model server container is privileged or may escalate privileges

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks model-server containers for `privileged: true`, `allowPrivilegeEscalation: true`, or
/// `hostNetwork`/`hostPID` on the pod.
///
/// ## Why is this bad?
/// GPU model servers are often given privileged mode to reach devices; a malicious model or a
/// server vulnerability then owns the node, every other pod on it, and the cloud identity of the
/// node.
///
/// ## Example
/// ```yaml
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata:
///   name: ollama
/// spec:
///   template:
///     spec:
///       containers:
///       - name: ollama
///         image: ollama/ollama:0.3.12
///         securityContext:
///           privileged: true
/// ```
///
/// Use instead:
/// ```yaml
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata:
///   name: ollama
/// spec:
///   template:
///     spec:
///       containers:
///       - name: ollama
///         image: ollama/ollama:0.3.12
///         securityContext:
///           allowPrivilegeEscalation: false
///         resources:
///           limits:
///             nvidia.com/gpu: 1
/// ```
///
/// ## References
/// - CIS Kubernetes Benchmark 5.2: Pod Security Standards
/// - MITRE ATLAS AML.T0011.000: Unsafe AI Artifacts
    pub const RULE = {
        code: "MOAT-K8S004",
        name: "ModelServerPrivileged",
        family: K8s,
        severity: High,
        title: "Model server container is privileged or may escalate privileges",
        check: check,
    };
}

/// MOAT-K8S004
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    crate::rules::k8s::model_server(r)?;
    let pod = crate::parse::k8s::pod_spec(r)?;
    for k in ["hostNetwork", "hostPID"] {
        if pod.get(k) == Some(&Value::Bool(true)) {
            return hit(format!("pod uses {k}"));
        }
    }
    for c in crate::parse::k8s::containers(r) {
        let name = c.get("name").and_then(Value::as_str).unwrap_or("?");
        if c.pointer("/securityContext/privileged") == Some(&Value::Bool(true)) {
            return hit(format!("container `{name}` is privileged"));
        }
        if c.pointer("/securityContext/allowPrivilegeEscalation") == Some(&Value::Bool(true)) {
            return hit(format!("container `{name}` allows privilege escalation"));
        }
    }
    None
}
