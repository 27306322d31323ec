use serde_json::{Value, json};

use super::{Answer, Conversation, Prepared, TargetConfig, TargetError, ToolCall, parse_json};

pub(super) fn body(cfg: &TargetConfig, conv: &Conversation) -> Value {
    let mut body = json!({
        "model": cfg.model,
        "messages": conv.messages,
        "temperature": cfg.temperature,
        "max_tokens": cfg.max_tokens,
    });
    if let Some(seed) = cfg.seed {
        body["seed"] = json!(seed);
    }
    if cfg.native_tools && !conv.tools.is_empty() {
        body["tools"] = Value::Array(
            conv.tools
                .iter()
                .map(|t| {
                    json!({"type": "function", "function": {
                        "name": t.name,
                        "description": t.description,
                        "parameters": {"type": "object", "properties": {}, "additionalProperties": true},
                    }})
                })
                .collect(),
        );
    }
    body
}

pub(super) fn prepare(cfg: &TargetConfig, conv: &Conversation) -> Prepared {
    let mut headers = Vec::new();
    if let Some(key) = &cfg.api_key {
        headers.push(("authorization".to_string(), format!("Bearer {key}")));
    }
    Prepared {
        url: format!("{}/chat/completions", cfg.url.trim_end_matches('/')),
        headers,
        body: body(cfg, conv),
    }
}

/// Parse a chat-completions answer: `choices[0].message.{content, tool_calls}`.
pub(super) fn parse(body: &[u8]) -> Result<Answer, TargetError> {
    let v = parse_json(body)?;
    let choice = v
        .get("choices")
        .and_then(|c| c.get(0))
        .ok_or_else(|| TargetError::Malformed("no `choices[0]` in the answer".into()))?;
    let msg = choice
        .get("message")
        .ok_or_else(|| TargetError::Malformed("no `choices[0].message`".into()))?;
    let text = match msg.get("content") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => {
            return Err(TargetError::Malformed(format!(
                "`choices[0].message.content` is not text: {}",
                short(other)
            )));
        }
    };
    let tool_calls = msg
        .get("tool_calls")
        .and_then(Value::as_array)
        .map(|calls| {
            calls
                .iter()
                .filter_map(|c| {
                    let f = c.get("function")?;
                    Some(ToolCall {
                        name: f.get("name")?.as_str()?.to_string(),
                        arguments: match f.get("arguments") {
                            Some(Value::String(s)) => s.clone(),
                            Some(v) => v.to_string(),
                            None => String::new(),
                        },
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Answer {
        text,
        tool_calls,
        finish_reason: choice
            .get("finish_reason")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

fn short(v: &Value) -> String {
    v.to_string().chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let a = parse(br#"{"choices":[{"message":{"role":"assistant","content":"hi","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"length"}]}"#).unwrap();
        assert_eq!(a.text, "hi");
        assert_eq!(a.tool_calls[0].name, "f");
        assert_eq!(a.finish_reason.as_deref(), Some("length"));
        assert!(matches!(parse(b"<html>"), Err(TargetError::Malformed(_))));
        assert!(matches!(
            parse(br#"{"choices":[]}"#),
            Err(TargetError::Malformed(_))
        ));
        assert!(matches!(
            parse(br#"{"choices":[{"message":{"content":{"x":1}}}]}"#),
            Err(TargetError::Malformed(_))
        ));
    }
}
