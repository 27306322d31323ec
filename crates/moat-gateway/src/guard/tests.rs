#![allow(clippy::unwrap_used)]

use moat_core::{Action, Confidence, Span};
use moat_guard::Verdict;
use moat_guard::dlp::{Category, DlpFinding};
use moat_guard::injection::InjectionResult;

use super::stream::Window;
use super::*;

fn finding(entity: &str, start: usize, end: usize, action: Action) -> DlpFinding {
    DlpFinding {
        entity: entity.into(),
        category: Category::Secret,
        span: Span::new(start, end),
        confidence: Confidence::High,
        label: None,
        action,
    }
}

fn report(findings: Vec<DlpFinding>, injection: bool) -> moat_guard::Report {
    moat_guard::Report {
        verdict: Verdict::Allow,
        injection: InjectionResult {
            score: if injection { 0.9 } else { 0.1 },
            detected: injection,
            signals: Vec::new(),
        },
        findings,
        obfuscations: Vec::new(),
    }
}

#[test]
fn injection_block_and_alert() {
    let policy = GuardPolicy::default();
    let mut r = Redactor::new();
    let mut s = GuardSummary::default();
    let e = decide(
        &report(vec![], true),
        "x",
        TextRole::ToolResult,
        &policy.tool_results,
        &policy,
        Side::Request,
        &mut r,
        &mut s,
    )
    .unwrap_err();
    assert_eq!(e.code, "guard_indirect_injection");
    assert_eq!(s.verdict(), "block");
    let mut s = GuardSummary::default();
    let reps = decide(
        &report(vec![], true),
        "x",
        TextRole::Response,
        &policy.responses,
        &policy,
        Side::Response,
        &mut r,
        &mut s,
    )
    .unwrap();
    assert!(reps.is_empty());
    assert_eq!(s.alerts, vec!["injection:responses"]);
}

#[test]
fn dlp_actions_and_pseudonyms() {
    let policy = GuardPolicy {
        pseudonymize: true,
        ..GuardPolicy::default()
    };
    let text = "mail bob@x.io now";
    let mut r = Redactor::new();
    let mut s = GuardSummary::default();
    let reps = decide(
        &report(vec![finding("EMAIL_ADDRESS", 5, 13, Action::Mask)], false),
        text,
        TextRole::Prompt,
        &policy.prompts,
        &policy,
        Side::Request,
        &mut r,
        &mut s,
    )
    .unwrap();
    let out = apply(text, &reps);
    assert_eq!(out, "mail [EMAIL_ADDRESS_1] now");
    assert_eq!(r.restore("hi [EMAIL_ADDRESS_1]"), "hi bob@x.io");
    // A block action refuses.
    let e = decide(
        &report(vec![finding("AWS_KEY", 0, 4, Action::Block)], false),
        text,
        TextRole::Prompt,
        &policy.prompts,
        &policy,
        Side::Request,
        &mut r,
        &mut s,
    )
    .unwrap_err();
    assert_eq!(e.code, "guard_sensitive_data");
}

/// A scanner that finds `SECRET-` followed by 8 alphanumerics, like a real secret recogniser.
fn fake_scan(text: &str) -> Result<Vec<Replace>, GatewayError> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("SECRET-") {
        let s = from + i;
        let body: String = text[s + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if body.len() >= 8 {
            out.push(Replace {
                start: s,
                end: s + 7 + body.len(),
                with: "[KEY]".into(),
            });
        }
        from = s + 7;
    }
    Ok(out)
}

fn stream_through(chunks: &[&str], overlap: usize) -> String {
    let mut w = Window::new(overlap);
    let mut out = String::new();
    let mut scan = fake_scan;
    for c in chunks {
        out.push_str(&w.push(c, false, &mut scan, false).unwrap());
    }
    out.push_str(&w.push("", true, &mut scan, false).unwrap());
    out
}

#[test]
fn secret_split_across_chunks_is_masked() {
    let text = "here is the key SECRET-abcd1234efgh and more text after it, quite a lot more";
    // Every way of cutting the text into three chunks.
    for a in 0..text.len() {
        for b in a..text.len() {
            let out = stream_through(&[&text[..a], &text[a..b], &text[b..]], 24);
            assert_eq!(
                out, "here is the key [KEY] and more text after it, quite a lot more",
                "cuts {a} {b}"
            );
        }
    }
}

#[test]
fn one_byte_chunks_and_unicode() {
    let text = "é SECRET-zzzzzzzzzz ü ".repeat(5);
    let chunks: Vec<String> = text.chars().map(|c| c.to_string()).collect();
    let refs: Vec<&str> = chunks.iter().map(String::as_str).collect();
    let out = stream_through(&refs, 20);
    assert_eq!(out, "é [KEY] ü ".repeat(5));
}

#[test]
fn placeholders_are_not_split_when_restoring() {
    let mut r = Redactor::new();
    let p = r.replacement("EMAIL_ADDRESS", "bob@x.io", Action::Pseudonymize);
    let text = format!("write to {p} today please, and to {p} again");
    let mut w = Window::new(4);
    let mut out = String::new();
    let mut scan = |_: &str| Ok(Vec::new());
    for c in text.as_bytes().chunks(3) {
        let c = std::str::from_utf8(c).unwrap();
        out.push_str(&r.restore(&w.push(c, false, &mut scan, true).unwrap()));
    }
    out.push_str(&r.restore(&w.push("", true, &mut scan, true).unwrap()));
    assert_eq!(out, "write to bob@x.io today please, and to bob@x.io again");
}

#[test]
fn block_in_window_propagates() {
    let mut w = Window::new(4);
    let mut scan = |t: &str| {
        if t.contains("BAD") {
            Err(GatewayError::new(ErrorKind::GuardBlocked, "x", "bad"))
        } else {
            Ok(Vec::new())
        }
    };
    assert_eq!(
        w.push("hello wor", false, &mut scan, false).unwrap(),
        "hello"
    );
    assert!(w.push("BA", false, &mut scan, false).is_ok());
    assert!(w.push("D!", false, &mut scan, false).is_err());
}

const TOKEN: &str = "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";

/// A chat stream guard on the real engine (built once for these tests).
fn chat_guard(policy: GuardPolicy) -> stream::StreamGuard {
    static ENGINE: std::sync::LazyLock<std::sync::Arc<moat_guard::Engine>> =
        std::sync::LazyLock::new(|| {
            std::sync::Arc::new(
                moat_guard::Engine::new(moat_guard::GuardConfig::default()).unwrap(),
            )
        });
    stream::StreamGuard::new(
        crate::provider::Surface::ChatCompletions,
        ENGINE.clone(),
        policy,
        Redactor::new(),
        GuardSummary::default(),
    )
}

/// Feed `events` (their `data:`), then the end of the stream; the events sent.
fn feed<S: AsRef<str>>(
    g: &mut stream::StreamGuard,
    events: &[S],
) -> Vec<crate::provider::sse::Event> {
    let mut out = Vec::new();
    for data in events {
        out.extend(
            g.on_event(crate::provider::sse::Event {
                data: data.as_ref().to_owned(),
                ..Default::default()
            })
            .unwrap(),
        );
    }
    out.extend(g.on_end().unwrap());
    out
}

fn wire(out: &[crate::provider::sse::Event]) -> String {
    out.iter().map(|e| e.data.clone() + "\n").collect()
}

const FINISH: &str = r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#;

#[test]
fn stream_events_leave_as_checked_not_as_sent() {
    // JSON with a duplicate key reads differently in different parsers; the client must get the
    // tree that was checked, never the upstream's bytes.
    let sneaky = format!(
        r#"{{"choices":[{{"index":0,"delta":{{"content":"{TOKEN}","content":"hello"}}}}],"choices":[{{"index":0,"delta":{{"content":"hi"}}}}]}}"#
    );
    let mut g = chat_guard(GuardPolicy::default());
    let wire = wire(&feed(&mut g, &[sneaky.as_str(), FINISH, "[DONE]"]));
    assert!(!wire.contains("ghp_"), "{wire}");
    assert!(wire.contains("\"hi\""), "{wire}");
    assert!(wire.ends_with("[DONE]\n"), "{wire}");
}

#[test]
fn unchecked_streams_pass_untouched_but_are_counted() {
    let mut g = chat_guard(GuardPolicy {
        responses: crate::config::SurfacePolicy::off(),
        tool_calls: crate::config::SurfacePolicy::off(),
        ..GuardPolicy::default()
    });
    let events = [
        format!(r#"{{"choices":[{{"index":0,"delta":{{"content":"{TOKEN}"}}}}]}}"#),
        "not json at all".to_owned(),
        r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":7}}"#.to_owned(),
        "[DONE]".to_owned(),
    ];
    let out = feed(&mut g, &events);
    let got: Vec<&str> = out.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(got, events.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(g.chars_out, TOKEN.len());
    assert_eq!(g.usage, Some(12));
    assert_eq!(g.summary.checked, 0);
}

#[test]
fn held_back_text_is_flushed_without_the_upstreams_logprobs() {
    // The flush rebuilds an event from the slot's last one; that copy must be the checked event,
    // not the upstream's, or the tokens of the held-back text would leave with it.
    let first = serde_json::json!({"choices": [{"index": 0, "delta": {"content": format!("key {TOKEN}")},
        "logprobs": {"content": [{"token": TOKEN, "logprob": -0.1}]}, "finish_reason": null}]});
    let mut g = chat_guard(GuardPolicy::default());
    let wire = wire(&feed(
        &mut g,
        &[first.to_string().as_str(), FINISH, "[DONE]"],
    ));
    assert!(!wire.contains("ghp_"), "{wire}");
    assert!(wire.contains("key [REDACTED]"), "{wire}");
    assert_eq!(g.summary.actions.get(DROP_LOGPROBS), Some(&1));
}
