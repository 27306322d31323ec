//! Rules of the `k8s` family.

pub mod model_server_exposed;
pub mod model_server_no_auth_flag;
pub mod model_server_privileged;
pub mod model_server_runs_as_root;
pub mod model_server_secret_in_env;

use serde_json::Value;

use crate::model::{IacKind, Resource};

/// Image fragments of known model servers, and the server's display name.
const SERVERS: &[(&str, &str)] = &[
    ("vllm/vllm-openai", "vLLM"),
    ("vllm-openai", "vLLM"),
    ("text-generation-inference", "TGI"),
    ("ollama/ollama", "Ollama"),
    ("tritonserver", "Triton"),
    ("kserve/", "KServe"),
    ("llama.cpp", "llama.cpp"),
    ("llama-cpp", "llama.cpp"),
    ("localai/localai", "LocalAI"),
    ("text-embeddings-inference", "TEI"),
    ("sglang", "SGLang"),
];

/// The model server a workload runs, if it runs one.
pub(crate) fn model_server(r: &Resource) -> Option<&'static str> {
    if r.iac != IacKind::Kubernetes {
        return None;
    }
    if r.rtype == "InferenceService" {
        return Some("KServe");
    }
    for c in crate::parse::k8s::containers(r) {
        let image = c
            .get("image")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some((_, name)) = SERVERS.iter().find(|(frag, _)| image.contains(frag)) {
            return Some(name);
        }
        let cmd = command_line(c);
        if cmd.contains("vllm serve") || cmd.contains("vllm.entrypoints") {
            return Some("vLLM");
        }
    }
    None
}

fn command_line(c: &Value) -> String {
    let mut s = String::new();
    for k in ["command", "args"] {
        if let Some(a) = c.get(k).and_then(Value::as_array) {
            for x in a {
                s.push_str(x.as_str().unwrap_or(""));
                s.push(' ');
            }
        }
    }
    s
}

/// True when the workload starts its server with an API key (vLLM `--api-key` or
/// `VLLM_API_KEY`) or sits behind an auth proxy sidecar (oauth2-proxy, kube-rbac-proxy).
pub(crate) fn has_auth(r: &Resource) -> bool {
    crate::parse::k8s::containers(r).iter().any(|c| {
        let cmd = command_line(c);
        let image = c.get("image").and_then(Value::as_str).unwrap_or("");
        cmd.contains("--api-key")
            || image.contains("oauth2-proxy")
            || image.contains("kube-rbac-proxy")
            || c.get("env").and_then(Value::as_array).is_some_and(|env| {
                env.iter()
                    .any(|e| e.get("name").and_then(Value::as_str) == Some("VLLM_API_KEY"))
            })
    })
}
