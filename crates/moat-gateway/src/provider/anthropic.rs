//! Anthropic Messages API wire format.

use serde_json::Value;

use super::{Finish, SlotVisitor, TextRole, Visitor, visit_str, visit_strings};

fn visit_blocks<E>(
    content: Option<&mut Value>,
    role: Option<TextRole>,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    match content {
        Some(Value::String(s)) => {
            if let Some(role) = role {
                f(role, s)?;
            }
        }
        Some(Value::Array(blocks)) => {
            for b in blocks {
                match b.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        if let Some(role) = role {
                            visit_str(b.get_mut("text"), role, f)?;
                        }
                    }
                    // Tool results and documents are data, whoever's turn carries them.
                    Some("tool_result") => {
                        if let Some(c) = b.get_mut("content") {
                            match c {
                                Value::String(s) => f(TextRole::ToolResult, s)?,
                                Value::Array(parts) => {
                                    for p in parts {
                                        visit_str(p.get_mut("text"), TextRole::ToolResult, f)?;
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    Some("document") => {
                        if let Some(src) = b.get_mut("source")
                            && src.get("type").and_then(Value::as_str) == Some("text")
                        {
                            visit_str(src.get_mut("data"), TextRole::ToolResult, f)?;
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Visit the texts of a request.
pub fn visit_request<E>(body: &mut Value, f: &mut Visitor<'_, E>) -> Result<(), E> {
    let Some(o) = body.as_object_mut() else {
        return Ok(());
    };
    match o.get_mut("system") {
        Some(Value::String(s)) => f(TextRole::System, s)?,
        Some(Value::Array(blocks)) => {
            for b in blocks {
                visit_str(b.get_mut("text"), TextRole::System, f)?;
            }
        }
        _ => {}
    }
    if let Some(Value::Array(msgs)) = o.get_mut("messages") {
        for m in msgs {
            let role = match m.get("role").and_then(Value::as_str) {
                Some("user") => Some(TextRole::Prompt),
                _ => None,
            };
            visit_blocks(m.get_mut("content"), role, f)?;
        }
    }
    Ok(())
}

/// Visit the texts of a complete response.
pub fn visit_response<E>(body: &mut Value, f: &mut Visitor<'_, E>) -> Result<(), E> {
    if let Some(Value::Array(blocks)) = body.get_mut("content") {
        for b in blocks {
            visit_response_block(b, f)?;
        }
    }
    Ok(())
}

/// One content block of a response. Thinking is model output the client sees, so it is
/// checked like text (masking it voids its `signature` for later turns: the value stays out).
fn visit_response_block<E>(b: &mut Value, f: &mut Visitor<'_, E>) -> Result<(), E> {
    match b.get("type").and_then(Value::as_str) {
        Some("text") => visit_str(b.get_mut("text"), TextRole::Response, f),
        Some("thinking") => visit_str(b.get_mut("thinking"), TextRole::Response, f),
        Some("tool_use") => match b.get_mut("input") {
            Some(input) => visit_strings(input, TextRole::ToolCall, f, 0),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Whole texts in a stream event: a block's opening (`content_block_start`, normally empty)
/// and the message's opening (`message_start`, normally without content). Text there would
/// otherwise pass unread.
pub fn visit_stream_full_texts<E>(ev: &mut Value, f: &mut Visitor<'_, E>) -> Result<(), E> {
    match ev.get("type").and_then(Value::as_str) {
        Some("content_block_start") => match ev.get_mut("content_block") {
            Some(b) => visit_response_block(b, f),
            None => Ok(()),
        },
        Some("message_start") => match ev.get_mut("message") {
            Some(m) => visit_response(m, f),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Visit the incremental pieces of one stream event.
pub fn visit_stream_event<E>(ev: &mut Value, f: &mut SlotVisitor<'_, E>) -> Result<(), E> {
    if ev.get("type").and_then(Value::as_str) != Some("content_block_delta") {
        return Ok(());
    }
    let i = ev.get("index").and_then(Value::as_u64).unwrap_or(0);
    let slot = format!("b{i}");
    let Some(d) = ev.get_mut("delta") else {
        return Ok(());
    };
    match d.get("type").and_then(Value::as_str) {
        Some("text_delta") => {
            if let Some(Value::String(s)) = d.get_mut("text") {
                f(&slot, TextRole::Response, s)?;
            }
        }
        Some("thinking_delta") => {
            if let Some(Value::String(s)) = d.get_mut("thinking") {
                f(&slot, TextRole::Response, s)?;
            }
        }
        Some("input_json_delta") => {
            if let Some(Value::String(s)) = d.get_mut("partial_json") {
                f(&slot, TextRole::ToolCall, s)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Which slots an event ends.
pub fn stream_finish(ev: &Value) -> Finish {
    match ev.get("type").and_then(Value::as_str) {
        Some("content_block_stop") => {
            let i = ev.get("index").and_then(Value::as_u64).unwrap_or(0);
            Finish::Slots(vec![format!("b{i}")])
        }
        Some("message_delta") | Some("message_stop") => Finish::All,
        _ => Finish::None,
    }
}

/// `input_tokens + output_tokens` from a response, `message_start` or `message_delta`.
pub fn usage_tokens(v: &Value) -> Option<u64> {
    let u = v
        .get("usage")
        .or_else(|| v.get("message").and_then(|m| m.get("usage")))?;
    let a = u.get("input_tokens").and_then(Value::as_u64).unwrap_or(0);
    let b = u.get("output_tokens").and_then(Value::as_u64).unwrap_or(0);
    Some(a + b)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn request_roles() {
        let mut v = json!({"system": "s", "messages": [
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": [{"type": "text", "text": "old"}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "t", "content": [{"type": "text", "text": "doc"}]},
                {"type": "text", "text": "more"}
            ]}
        ]});
        let mut got = Vec::new();
        visit_request::<()>(&mut v, &mut |r, s| {
            got.push((r, s.clone()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            got,
            vec![
                (TextRole::System, "s".into()),
                (TextRole::Prompt, "hello".into()),
                (TextRole::ToolResult, "doc".into()),
                (TextRole::Prompt, "more".into())
            ]
        );
    }

    #[test]
    fn stream_events() {
        let mut ev = json!({"type": "content_block_delta", "index": 2, "delta": {"type": "text_delta", "text": "hi"}});
        let mut slots = Vec::new();
        visit_stream_event::<()>(&mut ev, &mut |k, r, _| {
            slots.push((k.to_owned(), r));
            Ok(())
        })
        .unwrap();
        assert_eq!(slots, vec![("b2".to_owned(), TextRole::Response)]);
        assert_eq!(
            stream_finish(&json!({"type": "content_block_stop", "index": 2})),
            Finish::Slots(vec!["b2".into()])
        );
        assert_eq!(
            usage_tokens(
                &json!({"type": "message_start", "message": {"usage": {"input_tokens": 5, "output_tokens": 1}}})
            ),
            Some(6)
        );
    }

    #[test]
    fn thinking_and_block_openings_are_read() {
        let mut body = json!({"content": [{"type": "thinking", "thinking": "hmm", "signature": "s"},
            {"type": "text", "text": "answer"}]});
        let mut got = Vec::new();
        visit_response::<()>(&mut body, &mut |_, s| {
            got.push(s.clone());
            Ok(())
        })
        .unwrap();
        assert_eq!(got, vec!["hmm", "answer"]);
        let mut ev = json!({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "t"}});
        let mut slots = Vec::new();
        visit_stream_event::<()>(&mut ev, &mut |k, _, _| {
            slots.push(k.to_owned());
            Ok(())
        })
        .unwrap();
        assert_eq!(slots, vec!["b0"]);
        let mut full = Vec::new();
        for mut ev in [
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": "early"}}),
            json!({"type": "message_start", "message": {"content": [{"type": "text", "text": "pre"}]}}),
        ] {
            visit_stream_full_texts::<()>(&mut ev, &mut |_, s| {
                full.push(s.clone());
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(full, vec!["early", "pre"]);
    }
}
