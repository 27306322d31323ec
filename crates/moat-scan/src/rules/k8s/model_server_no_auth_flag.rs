//! MOAT-K8S005: vLLM OpenAI-compatible server starts without an API key

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks vLLM containers (image `vllm/vllm-openai` or a `vllm serve` command) for `--api-key` in
/// the arguments or a `VLLM_API_KEY` environment variable, and KServe `InferenceService` objects
/// running a model server without an auth annotation.
///
/// ## Why is this bad?
/// Without an API key any pod in the cluster (or any host, once exposed) can use the model. In-
/// cluster lateral movement from a compromised workload then reaches the model directly.
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
///         args: ["--model", "Qwen/Qwen2.5-0.5B-Instruct"]
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
///         args: ["--model", "Qwen/Qwen2.5-0.5B-Instruct"]
///         env:
///         - name: VLLM_API_KEY
///           valueFrom:
///             secretKeyRef: { name: vllm, key: api-key }
/// ```
///
/// ## References
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - OWASP Top 10 for LLM Applications 2025: LLM10 Unbounded Consumption
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-K8S005",
        name: "VllmWithoutApiKey",
        family: K8s,
        severity: Medium,
        title: "vLLM OpenAI-compatible server starts without an API key",
        check: check,
    };
}

/// MOAT-K8S005
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let server = crate::rules::k8s::model_server(r)?;
    if server != "vLLM" {
        return None;
    }
    if crate::rules::k8s::has_auth(r) {
        None
    } else {
        hit("vLLM started without --api-key or VLLM_API_KEY")
    }
}
