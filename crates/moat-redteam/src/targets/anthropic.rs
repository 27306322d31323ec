use serde_json::{Value, json};

use super::{
    Answer, Conversation, Prepared, Role, TargetConfig, TargetError, ToolCall, parse_json,
    system_text,
};

/// Anthropic Messages API: `POST {base}/v1/messages`, `x-api-key`, `anthropic-version`.
pub(super) fn prepare(cfg: &TargetConfig, conv: &Conversation) -> Prepared {
    let messages: Vec<Value> = conv
        .messages
        .iter()
        .filter(|m| m.role != Role::System)
        .map(|m| json!({"role": m.role, "content": m.content}))
        .collect();
    let mut body = json!({
        "model": cfg.model,
        "max_tokens": cfg.max_tokens,
        "temperature": cfg.temperature,
        "messages": messages,
    });
    let system = system_text(conv);
    if !system.is_empty() {
        body["system"] = json!(system);
    }
    if cfg.native_tools && !conv.tools.is_empty() {
        body["tools"] = Value::Array(
            conv.tools
                .iter()
                .map(|t| {
                    json!({"name": t.name, "description": t.description,
                           "input_schema": {"type": "object", "properties": {}}})
                })
                .collect(),
        );
    }
    let mut headers = vec![("anthropic-version".to_string(), "2023-06-01".to_string())];
    if let Some(key) = &cfg.api_key {
        headers.push(("x-api-key".to_string(), key.clone()));
    }
    let base = cfg.url.trim_end_matches('/');
    let url = if base.ends_with("/v1") {
        format!("{base}/messages")
    } else {
        format!("{base}/v1/messages")
    };
    Prepared { url, headers, body }
}

/// Parse `content[]` blocks: `text` joined, `tool_use` as tool calls.
pub(super) fn parse(body: &[u8]) -> Result<Answer, TargetError> {
    let v = parse_json(body)?;
    let blocks = v
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| TargetError::Malformed("no `content` array in the answer".into()))?;
    let mut text = String::new();
    let mut tool_calls = Vec::new();
    for b in blocks {
        match b.get("type").and_then(Value::as_str) {
            Some("text") => text.push_str(b.get("text").and_then(Value::as_str).unwrap_or("")),
            Some("tool_use") => tool_calls.push(ToolCall {
                name: b
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                arguments: b.get("input").map(Value::to_string).unwrap_or_default(),
            }),
            _ => {}
        }
    }
    Ok(Answer {
        text,
        tool_calls,
        finish_reason: v
            .get("stop_reason")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks() {
        let a = parse(br#"{"content":[{"type":"text","text":"a"},{"type":"tool_use","name":"t","input":{"x":1}},{"type":"text","text":"b"}],"stop_reason":"max_tokens"}"#).unwrap();
        assert_eq!(a.text, "ab");
        assert_eq!(a.tool_calls[0].name, "t");
        assert_eq!(a.finish_reason.as_deref(), Some("max_tokens"));
    }
}
