use super::{Conversation, Prepared, TargetConfig, openai};

/// Azure OpenAI: `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...`
/// with an `api-key` header; the body and answer are OpenAI's.
pub(super) fn prepare(cfg: &TargetConfig, conv: &Conversation) -> Prepared {
    let mut headers = Vec::new();
    if let Some(key) = &cfg.api_key {
        headers.push(("api-key".to_string(), key.clone()));
    }
    let mut body = openai::body(cfg, conv);
    if let Some(obj) = body.as_object_mut() {
        obj.remove("model");
    }
    Prepared {
        url: format!(
            "{}/openai/deployments/{}/chat/completions?api-version={}",
            cfg.url.trim_end_matches('/'),
            cfg.model,
            cfg.api_version
        ),
        headers,
        body,
    }
}
