//! OpenAI wire format (also Azure OpenAI and OpenAI-compatible servers): chat completions,
//! completions, embeddings and the Responses API.

use serde_json::Value;

use super::{Finish, SlotVisitor, Surface, TextRole, Visitor, visit_str, visit_strings};

fn role_of(role: Option<&str>) -> Option<TextRole> {
    match role? {
        "user" => Some(TextRole::Prompt),
        "system" | "developer" => Some(TextRole::System),
        "tool" | "function" => Some(TextRole::ToolResult),
        // Earlier assistant turns are the model's own words: they were checked when produced.
        _ => None,
    }
}

/// Message `content`: a string or an array of parts with `text`.
fn visit_content<E>(
    c: Option<&mut Value>,
    role: TextRole,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    match c {
        Some(Value::String(s)) => f(role, s),
        Some(Value::Array(parts)) => {
            for p in parts {
                if let Some(o) = p.as_object_mut() {
                    visit_str(o.get_mut("text"), role, f)?;
                    // Tool results in the Responses API may nest `output`.
                    visit_str(o.get_mut("output"), role, f)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Visit the texts of a request.
pub fn visit_request<E>(
    surface: Surface,
    body: &mut Value,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    let Some(o) = body.as_object_mut() else {
        return Ok(());
    };
    match surface {
        Surface::ChatCompletions => {
            if let Some(Value::Array(msgs)) = o.get_mut("messages") {
                for m in msgs {
                    let role = role_of(m.get("role").and_then(Value::as_str));
                    if let Some(role) = role {
                        visit_content(m.get_mut("content"), role, f)?;
                    }
                }
            }
        }
        Surface::Completions => {
            if let Some(p) = o.get_mut("prompt") {
                visit_strings(p, TextRole::Prompt, f, 0)?;
            }
        }
        Surface::Embeddings => {
            // Token arrays are numbers and are skipped: they carry no text to check.
            if let Some(p) = o.get_mut("input") {
                visit_strings(p, TextRole::Prompt, f, 0)?;
            }
        }
        Surface::Responses => {
            visit_str(o.get_mut("instructions"), TextRole::System, f)?;
            match o.get_mut("input") {
                Some(Value::String(s)) => f(TextRole::Prompt, s)?,
                Some(Value::Array(items)) => {
                    for it in items {
                        let ty = it.get("type").and_then(Value::as_str).unwrap_or("message");
                        match ty {
                            "function_call_output" | "custom_tool_call_output" => {
                                if let Some(out) = it.get_mut("output") {
                                    visit_strings(out, TextRole::ToolResult, f, 0)?;
                                }
                            }
                            "message" => {
                                let role = role_of(it.get("role").and_then(Value::as_str));
                                if let Some(role) = role {
                                    visit_content(it.get_mut("content"), role, f)?;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Surface::Messages => {}
    }
    Ok(())
}

/// Visit the texts of a complete response.
pub fn visit_response<E>(
    surface: Surface,
    body: &mut Value,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    match surface {
        Surface::ChatCompletions => {
            if let Some(Value::Array(choices)) = body.get_mut("choices") {
                for c in choices {
                    let Some(m) = c.get_mut("message") else {
                        continue;
                    };
                    visit_str(m.get_mut("content"), TextRole::Response, f)?;
                    visit_str(m.get_mut("refusal"), TextRole::Response, f)?;
                    if let Some(a) = m.get_mut("audio") {
                        visit_str(a.get_mut("transcript"), TextRole::Response, f)?;
                    }
                    if let Some(Value::Array(calls)) = m.get_mut("tool_calls") {
                        for call in calls {
                            if let Some(func) = call.get_mut("function") {
                                visit_str(func.get_mut("arguments"), TextRole::ToolCall, f)?;
                            }
                        }
                    }
                    // The deprecated single function call.
                    if let Some(func) = m.get_mut("function_call") {
                        visit_str(func.get_mut("arguments"), TextRole::ToolCall, f)?;
                    }
                }
            }
        }
        Surface::Completions => {
            if let Some(Value::Array(choices)) = body.get_mut("choices") {
                for c in choices {
                    visit_str(c.get_mut("text"), TextRole::Response, f)?;
                }
            }
        }
        Surface::Responses => {
            if let Some(Value::Array(items)) = body.get_mut("output") {
                for it in items {
                    visit_output_item(it, f)?;
                }
            }
        }
        Surface::Embeddings | Surface::Messages => {}
    }
    Ok(())
}

fn visit_output_item<E>(it: &mut Value, f: &mut Visitor<'_, E>) -> Result<(), E> {
    match it.get("type").and_then(Value::as_str) {
        Some("message") => {
            if let Some(Value::Array(parts)) = it.get_mut("content") {
                for p in parts {
                    visit_str(p.get_mut("text"), TextRole::Response, f)?;
                    visit_str(p.get_mut("refusal"), TextRole::Response, f)?;
                }
            }
        }
        // Reasoning reaches the client as summaries (and, from some servers, as text).
        Some("reasoning") => {
            for key in ["summary", "content"] {
                if let Some(Value::Array(parts)) = it.get_mut(key) {
                    for p in parts {
                        visit_str(p.get_mut("text"), TextRole::Response, f)?;
                    }
                }
            }
        }
        Some("function_call") | Some("custom_tool_call") => {
            visit_str(it.get_mut("arguments"), TextRole::ToolCall, f)?;
            visit_str(it.get_mut("input"), TextRole::ToolCall, f)?;
        }
        _ => {}
    }
    Ok(())
}

/// Visit the incremental pieces of one stream event.
pub fn visit_stream_event<E>(
    surface: Surface,
    ev: &mut Value,
    f: &mut SlotVisitor<'_, E>,
) -> Result<(), E> {
    match surface {
        Surface::ChatCompletions | Surface::Completions => {
            if let Some(Value::Array(choices)) = ev.get_mut("choices") {
                for c in choices {
                    let i = c.get("index").and_then(Value::as_u64).unwrap_or(0);
                    if surface == Surface::Completions {
                        if let Some(Value::String(s)) = c.get_mut("text") {
                            f(&format!("c{i}"), TextRole::Response, s)?;
                        }
                        continue;
                    }
                    let Some(d) = c.get_mut("delta") else {
                        continue;
                    };
                    if let Some(Value::String(s)) = d.get_mut("content") {
                        f(&format!("c{i}"), TextRole::Response, s)?;
                    }
                    // Slot keys start with the choice's `c{i}` / `t{i}.` so that its finish
                    // flushes them too.
                    if let Some(Value::String(s)) = d.get_mut("refusal") {
                        f(&format!("c{i}.refusal"), TextRole::Response, s)?;
                    }
                    if let Some(Value::String(s)) =
                        d.get_mut("audio").and_then(|a| a.get_mut("transcript"))
                    {
                        f(&format!("c{i}.audio"), TextRole::Response, s)?;
                    }
                    if let Some(Value::String(s)) = d
                        .get_mut("function_call")
                        .and_then(|x| x.get_mut("arguments"))
                    {
                        f(&format!("t{i}.function_call"), TextRole::ToolCall, s)?;
                    }
                    if let Some(Value::Array(calls)) = d.get_mut("tool_calls") {
                        for (n, call) in calls.iter_mut().enumerate() {
                            let j = call
                                .get("index")
                                .and_then(Value::as_u64)
                                .unwrap_or(n as u64);
                            if let Some(Value::String(s)) = call
                                .get_mut("function")
                                .and_then(|x| x.get_mut("arguments"))
                            {
                                f(&format!("t{i}.{j}"), TextRole::ToolCall, s)?;
                            }
                        }
                    }
                }
            }
        }
        Surface::Responses => {
            let ty = ev
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let out = ev.get("output_index").and_then(Value::as_u64).unwrap_or(0);
            let part = ev.get("content_index").and_then(Value::as_u64).unwrap_or(0);
            let summary = ev.get("summary_index").and_then(Value::as_u64).unwrap_or(0);
            let (slot, role) = match ty.as_str() {
                "response.output_text.delta" => (format!("o{out}.{part}"), TextRole::Response),
                "response.refusal.delta" => (format!("r{out}.{part}"), TextRole::Response),
                "response.reasoning_summary_text.delta" => {
                    (format!("s{out}.{summary}"), TextRole::Response)
                }
                "response.reasoning_text.delta" => (format!("x{out}.{part}"), TextRole::Response),
                "response.function_call_arguments.delta"
                | "response.custom_tool_call_input.delta" => {
                    (format!("f{out}"), TextRole::ToolCall)
                }
                _ => return Ok(()),
            };
            if let Some(Value::String(s)) = ev.get_mut("delta") {
                f(&slot, role, s)?;
            }
        }
        Surface::Embeddings | Surface::Messages => {}
    }
    Ok(())
}

/// Full texts repeated by Responses API stream events.
pub fn visit_responses_full_texts<E>(ev: &mut Value, f: &mut Visitor<'_, E>) -> Result<(), E> {
    let ty = ev
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    match ty.as_str() {
        "response.output_text.done"
        | "response.reasoning_summary_text.done"
        | "response.reasoning_text.done" => visit_str(ev.get_mut("text"), TextRole::Response, f),
        "response.refusal.done" => visit_str(ev.get_mut("refusal"), TextRole::Response, f),
        "response.function_call_arguments.done" => {
            visit_str(ev.get_mut("arguments"), TextRole::ToolCall, f)
        }
        "response.custom_tool_call_input.done" => {
            visit_str(ev.get_mut("input"), TextRole::ToolCall, f)
        }
        "response.content_part.done"
        | "response.content_part.added"
        | "response.reasoning_summary_part.added"
        | "response.reasoning_summary_part.done" => match ev.get_mut("part") {
            Some(p) => {
                visit_str(p.get_mut("text"), TextRole::Response, f)?;
                visit_str(p.get_mut("refusal"), TextRole::Response, f)
            }
            None => Ok(()),
        },
        "response.output_item.done" | "response.output_item.added" => match ev.get_mut("item") {
            Some(it) => visit_output_item(it, f),
            None => Ok(()),
        },
        "response.completed" | "response.incomplete" | "response.failed" => {
            match ev.get_mut("response") {
                Some(r) => visit_response(Surface::Responses, r, f),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Which slots an event ends.
pub fn stream_finish(surface: Surface, ev: &Value) -> Finish {
    match surface {
        Surface::Responses => {
            let ty = ev.get("type").and_then(Value::as_str).unwrap_or("");
            if ty.ends_with(".done")
                || ty.starts_with("response.completed")
                || ty == "response.incomplete"
                || ty == "response.failed"
            {
                Finish::All
            } else {
                Finish::None
            }
        }
        _ => {
            let mut slots = Vec::new();
            if let Some(Value::Array(choices)) = ev.get("choices") {
                for c in choices {
                    if c.get("finish_reason").is_some_and(|r| !r.is_null()) {
                        let i = c.get("index").and_then(Value::as_u64).unwrap_or(0);
                        slots.push(format!("c{i}"));
                        slots.push(format!("t{i}."));
                    }
                }
            }
            if slots.is_empty() {
                Finish::None
            } else {
                Finish::Slots(slots)
            }
        }
    }
}

/// Remove token log-probabilities from a response body or stream event; true if any were there.
///
/// They repeat the output token by token (`token`, `bytes`, `top_logprobs`), so a value masked
/// in the text would still reach the client through them, and in a stream they travel in the
/// same event as text that is still held back. Chat and completion choices get `null`, Responses
/// API text parts and events an empty list, as their schemas allow.
pub fn strip_logprobs(surface: Surface, v: &mut Value) -> bool {
    fn clear(o: &mut Value, empty: &Value) -> bool {
        match o.get_mut("logprobs") {
            Some(l) if l != empty && !l.is_null() => {
                *l = empty.clone();
                true
            }
            _ => false,
        }
    }
    fn parts(item: &mut Value, empty: &Value) -> bool {
        let mut hit = false;
        if let Some(Value::Array(ps)) = item.get_mut("content") {
            for p in ps {
                hit |= clear(p, empty);
            }
        }
        hit
    }
    fn output(resp: &mut Value, empty: &Value) -> bool {
        let mut hit = false;
        if let Some(Value::Array(items)) = resp.get_mut("output") {
            for it in items {
                hit |= parts(it, empty);
            }
        }
        hit
    }
    match surface {
        Surface::ChatCompletions | Surface::Completions => {
            let mut hit = false;
            if let Some(Value::Array(choices)) = v.get_mut("choices") {
                for c in choices {
                    hit |= clear(c, &Value::Null);
                }
            }
            hit
        }
        Surface::Responses => {
            let empty = Value::Array(Vec::new());
            // A whole response, or an event: its own `logprobs`, a `part`, an `item`, or the
            // `response` it completes.
            let mut hit = output(v, &empty) | clear(v, &empty);
            if let Some(p) = v.get_mut("part") {
                hit |= clear(p, &empty);
            }
            if let Some(it) = v.get_mut("item") {
                hit |= parts(it, &empty);
            }
            if let Some(r) = v.get_mut("response") {
                hit |= output(r, &empty);
            }
            hit
        }
        Surface::Embeddings | Surface::Messages => false,
    }
}

/// `usage.total_tokens`, or the sum of its parts.
pub fn usage_tokens(v: &Value) -> Option<u64> {
    let u = v
        .get("usage")
        .filter(|u| u.is_object())
        .or_else(|| v.get("response").and_then(|r| r.get("usage")))?;
    if let Some(t) = u.get("total_tokens").and_then(Value::as_u64) {
        return Some(t);
    }
    let a = u
        .get("prompt_tokens")
        .or_else(|| u.get("input_tokens"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let b = u
        .get("completion_tokens")
        .or_else(|| u.get("output_tokens"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    Some(a + b)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    type Visit = fn(Surface, &mut Value, &mut Visitor<'_, ()>) -> Result<(), ()>;

    /// The texts `visit` finds in `v`, with their roles.
    fn texts(visit: Visit, surface: Surface, mut v: Value) -> Vec<(TextRole, String)> {
        let mut out = Vec::new();
        visit(surface, &mut v, &mut |r, s| {
            out.push((r, s.clone()));
            Ok(())
        })
        .unwrap();
        out
    }

    fn collect(surface: Surface, v: Value) -> Vec<(TextRole, String)> {
        texts(visit_request, surface, v)
    }

    #[test]
    fn chat_request_roles() {
        let got = collect(
            Surface::ChatCompletions,
            json!({"messages": [
                {"role": "system", "content": "sys"},
                {"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "image_url"}]},
                {"role": "assistant", "content": "old", "tool_calls": []},
                {"role": "tool", "tool_call_id": "1", "content": "result"}
            ]}),
        );
        assert_eq!(
            got,
            vec![
                (TextRole::System, "sys".into()),
                (TextRole::Prompt, "hi".into()),
                (TextRole::ToolResult, "result".into())
            ]
        );
    }

    #[test]
    fn responses_request_items() {
        let got = collect(
            Surface::Responses,
            json!({"instructions": "be nice", "input": [
                {"role": "user", "content": [{"type": "input_text", "text": "q"}]},
                {"type": "function_call_output", "call_id": "c", "output": "doc"}
            ]}),
        );
        assert_eq!(got.len(), 3);
        assert_eq!(got[2], (TextRole::ToolResult, "doc".into()));
        let got = collect(Surface::Embeddings, json!({"input": ["a", "b"]}));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn stream_slots_and_finish() {
        let mut ev = json!({"choices": [{"index": 0, "delta": {"content": "x", "tool_calls": [{"index": 1, "function": {"arguments": "{"}}]}, "finish_reason": null}]});
        let mut slots = Vec::new();
        visit_stream_event::<()>(Surface::ChatCompletions, &mut ev, &mut |k, _, s| {
            slots.push(k.to_owned());
            s.push('!');
            Ok(())
        })
        .unwrap();
        assert_eq!(slots, vec!["c0", "t0.1"]);
        assert_eq!(ev["choices"][0]["delta"]["content"], "x!");
        assert_eq!(stream_finish(Surface::ChatCompletions, &ev), Finish::None);
        let fin = json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]});
        assert_eq!(
            stream_finish(Surface::ChatCompletions, &fin),
            Finish::Slots(vec!["c0".into(), "t0.".into()])
        );
        assert_eq!(
            usage_tokens(&json!({"usage": {"prompt_tokens": 3, "completion_tokens": 4}})),
            Some(7)
        );
    }

    fn response_texts(surface: Surface, v: Value) -> Vec<(TextRole, String)> {
        texts(visit_response, surface, v)
    }

    #[test]
    fn every_output_text_is_visited() {
        let got = response_texts(
            Surface::ChatCompletions,
            json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                "refusal": "no", "audio": {"transcript": "spoken"},
                "function_call": {"name": "f", "arguments": "{}"}}}]}),
        );
        assert_eq!(
            got,
            vec![
                (TextRole::Response, "no".into()),
                (TextRole::Response, "spoken".into()),
                (TextRole::ToolCall, "{}".into())
            ]
        );
        let got = response_texts(
            Surface::Responses,
            json!({"output": [
                {"type": "reasoning", "summary": [{"type": "summary_text", "text": "thought"}]},
                {"type": "message", "content": [{"type": "refusal", "refusal": "no"},
                    {"type": "output_text", "text": "yes"}]},
                {"type": "custom_tool_call", "input": "raw"}
            ]}),
        );
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, vec!["thought", "no", "yes", "raw"]);
    }

    #[test]
    fn every_streamed_output_text_is_a_slot() {
        let mut slots = Vec::new();
        for (surface, mut ev) in [
            (
                Surface::ChatCompletions,
                json!({"choices": [{"index": 1, "delta": {"refusal": "n", "audio": {"transcript": "said"}, "function_call": {"arguments": "{"}}}]}),
            ),
            (
                Surface::Responses,
                json!({"type": "response.refusal.delta", "output_index": 2, "content_index": 0, "delta": "n"}),
            ),
            (
                Surface::Responses,
                json!({"type": "response.reasoning_summary_text.delta", "output_index": 0, "summary_index": 3, "delta": "t"}),
            ),
            (
                Surface::Responses,
                json!({"type": "response.custom_tool_call_input.delta", "output_index": 4, "delta": "x"}),
            ),
        ] {
            visit_stream_event::<()>(surface, &mut ev, &mut |k, r, _| {
                slots.push((k.to_owned(), r));
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(
            slots,
            vec![
                ("c1.refusal".to_owned(), TextRole::Response),
                ("c1.audio".to_owned(), TextRole::Response),
                ("t1.function_call".to_owned(), TextRole::ToolCall),
                ("r2.0".to_owned(), TextRole::Response),
                ("s0.3".to_owned(), TextRole::Response),
                ("f4".to_owned(), TextRole::ToolCall)
            ]
        );
        // A choice's finish flushes its refusal and function-call slots too.
        let fin = json!({"choices": [{"index": 1, "delta": {}, "finish_reason": "stop"}]});
        let p = match stream_finish(Surface::ChatCompletions, &fin) {
            Finish::Slots(p) => p,
            _ => Vec::new(),
        };
        assert!(!p.is_empty());
        for k in ["c1.refusal", "c1.audio", "t1.function_call"] {
            assert!(p.iter().any(|p| k.starts_with(p.as_str())), "{k}");
        }
        let mut full = Vec::new();
        for mut ev in [
            json!({"type": "response.refusal.done", "refusal": "no"}),
            json!({"type": "response.reasoning_summary_text.done", "text": "t"}),
            json!({"type": "response.custom_tool_call_input.done", "input": "x"}),
            json!({"type": "response.reasoning_summary_part.done", "part": {"type": "summary_text", "text": "p"}}),
        ] {
            visit_responses_full_texts::<()>(&mut ev, &mut |_, s| {
                full.push(s.clone());
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(full, vec!["no", "t", "x", "p"]);
    }

    #[test]
    fn logprobs_are_stripped_wherever_they_are() {
        let lp = json!({"content": [{"token": "secret", "logprob": -0.1}]});
        let mut chat =
            json!({"choices": [{"index": 0, "message": {"content": "x"}, "logprobs": lp}]});
        assert!(strip_logprobs(Surface::ChatCompletions, &mut chat));
        assert_eq!(chat["choices"][0]["logprobs"], Value::Null);
        assert!(!strip_logprobs(Surface::ChatCompletions, &mut chat));
        let toks = json!([{"token": "secret", "logprob": -0.1}]);
        for mut v in [
            json!({"output": [{"type": "message", "content": [{"type": "output_text", "text": "x", "logprobs": toks}]}]}),
            json!({"type": "response.output_text.delta", "delta": "x", "logprobs": toks}),
            json!({"type": "response.content_part.done", "part": {"type": "output_text", "text": "x", "logprobs": toks}}),
            json!({"type": "response.output_item.done", "item": {"type": "message", "content": [{"type": "output_text", "logprobs": toks}]}}),
            json!({"type": "response.completed", "response": {"output": [{"type": "message", "content": [{"type": "output_text", "logprobs": toks}]}]}}),
        ] {
            assert!(strip_logprobs(Surface::Responses, &mut v), "{v}");
            assert!(!v.to_string().contains("secret"), "{v}");
        }
        // Nothing to strip is not a change.
        let mut empty = json!({"type": "response.output_text.delta", "delta": "x", "logprobs": []});
        assert!(!strip_logprobs(Surface::Responses, &mut empty));
    }
}
