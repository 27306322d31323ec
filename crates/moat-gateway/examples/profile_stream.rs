//! Guard the benchmark's streamed answer (a role chunk, 16 content deltas, a final chunk with
//! usage, `[DONE]`) in a loop, for profilers:
//!
//! ```text
//! cargo build -p moat-gateway --release --example profile_stream
//! valgrind --tool=callgrind target/release/examples/profile_stream 400
//! valgrind --tool=callgrind target/release/examples/profile_stream 400 off   # guards off
//! ```
//!
//! The cost of one stream is (instructions at N=400 - at N=200) / 200.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;

use moat_gateway::config::GuardPolicy;
use moat_gateway::guard::stream::StreamGuard;
use moat_gateway::guard::{GuardSummary, Redactor};
use moat_gateway::provider::Surface;
use moat_gateway::provider::sse::Event;
use moat_guard::{Engine, GuardConfig};
use serde_json::json;

fn events() -> Vec<Event> {
    let chunk = |delta: serde_json::Value, finish: serde_json::Value| {
        json!({
            "id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1_700_000_000,
            "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        })
    };
    let mut out = vec![chunk(
        json!({"role": "assistant", "content": ""}),
        json!(null),
    )];
    for i in 0..16 {
        out.push(chunk(json!({"content": format!("word{i} ")}), json!(null)));
    }
    let mut last = chunk(json!({}), json!("stop"));
    last["usage"] = json!({"prompt_tokens": 1000, "completion_tokens": 16, "total_tokens": 1016});
    out.push(last);
    let mut evs: Vec<Event> = out
        .into_iter()
        .map(|v| Event {
            data: v.to_string(),
            ..Event::default()
        })
        .collect();
    evs.push(Event {
        data: "[DONE]".into(),
        ..Event::default()
    });
    evs
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let off = std::env::args().nth(2).as_deref() == Some("off");
    let mut policy = GuardPolicy::default();
    if off {
        policy.responses.check = false;
        policy.tool_calls.check = false;
    }
    let engine = Arc::new(Engine::new(GuardConfig::default()).unwrap());
    let evs = events();
    // A request-side pseudonym, as a protecting route would have made.
    let mut redactor = Redactor::new();
    if !off {
        let _ = redactor.replacement(
            "EMAIL_ADDRESS",
            "ada@example.com",
            moat_core::Action::Pseudonymize,
        );
    }
    let mut bytes = 0usize;
    for _ in 0..n {
        let mut g = StreamGuard::new(
            Surface::ChatCompletions,
            engine.clone(),
            policy.clone(),
            redactor.clone(),
            GuardSummary::default(),
        );
        for ev in &evs {
            for out in g.on_event(black_box(ev.clone())).unwrap() {
                bytes += out.data.len();
            }
        }
        for out in g.on_end().unwrap() {
            bytes += out.data.len();
        }
    }
    println!("{n} streams, {bytes} bytes out");
}
