//! Properties of the stream guard on the real engine: however the upstream cuts its answer
//! into events, a secret shorter than the overlap never reaches the client and everything else
//! arrives unchanged; hostile event data never panics it.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, LazyLock};

use moat_gateway::config::GuardPolicy;
use moat_gateway::guard::stream::StreamGuard;
use moat_gateway::guard::{GuardSummary, Redactor};
use moat_gateway::provider::Surface;
use moat_gateway::provider::sse::Event;
use moat_guard::{Engine, GuardConfig};
use proptest::prelude::*;
use serde_json::{Value, json};

static ENGINE: LazyLock<Arc<Engine>> =
    LazyLock::new(|| Arc::new(Engine::new(GuardConfig::default()).unwrap()));

const TOKEN: &str = "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";
const WORDS: [&str; 12] = [
    "the",
    "quarterly",
    "report",
    "looks",
    "fine",
    "and",
    "we",
    "will",
    "ship",
    "on",
    "monday",
    "é",
];

fn guard(overlap: usize) -> StreamGuard {
    let mut policy = GuardPolicy {
        stream_overlap: overlap,
        ..GuardPolicy::default()
    };
    policy.responses.dlp = Some(moat_core::Action::Mask);
    StreamGuard::new(
        Surface::ChatCompletions,
        ENGINE.clone(),
        policy,
        Redactor::new(),
        GuardSummary::default(),
    )
}

fn chunk_event(text: &str) -> Event {
    Event {
        data: json!({"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
            .to_string(),
        ..Event::default()
    }
}

/// Run `pieces` through a guard; the content the client reads.
fn through(g: &mut StreamGuard, pieces: &[String]) -> String {
    let mut out = Vec::new();
    for p in pieces {
        out.extend(g.on_event(chunk_event(p)).unwrap());
    }
    let fin = json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]});
    out.extend(
        g.on_event(Event {
            data: fin.to_string(),
            ..Event::default()
        })
        .unwrap(),
    );
    out.extend(
        g.on_event(Event {
            data: "[DONE]".into(),
            ..Event::default()
        })
        .unwrap(),
    );
    out.extend(g.on_end().unwrap());
    let mut content = String::new();
    for e in &out {
        if let Ok(v) = serde_json::from_str::<Value>(&e.data)
            && let Some(s) = v["choices"][0]["delta"]["content"].as_str()
        {
            content.push_str(s);
        }
    }
    content
}

/// Cut `text` at the given fractions (char boundaries).
fn cut(text: &str, cuts: &[usize]) -> Vec<String> {
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut at: Vec<usize> = cuts
        .iter()
        .map(|c| bounds[c % bounds.len().max(1)])
        .collect();
    at.push(0);
    at.push(text.len());
    at.sort_unstable();
    at.dedup();
    at.windows(2).map(|w| text[w[0]..w[1]].to_owned()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_secret_never_leaks_however_the_stream_is_cut(
        before in proptest::collection::vec(0..WORDS.len(), 0..80),
        after in proptest::collection::vec(0..WORDS.len(), 0..80),
        cuts in proptest::collection::vec(any::<usize>(), 0..40),
        overlap in 48usize..300,
    ) {
        let words = |ix: &[usize]| ix.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        let (b, a) = (words(&before), words(&after));
        let text = format!("{b} {TOKEN} {a}");
        let got = through(&mut guard(overlap), &cut(&text, &cuts));
        prop_assert!(!got.contains("ghp_"), "{}", got);
        prop_assert_eq!(got, format!("{b} [GITHUB_TOKEN_1] {a}"));
    }

    #[test]
    fn hostile_event_data_never_panics(
        datas in proptest::collection::vec(
            prop_oneof![
                any::<String>(),
                "\\{\"choices\":\\[\\{\"index\":[0-9]{1,3},\"delta\":\\{\"content\":\"[a-z ]{0,20}\"\\}\\}\\]\\}",
                "\\{\"type\":\"response\\.[a-z_.]{1,30}\",\"delta\":\"[a-z]{0,9}\",\"output_index\":[0-9]\\}",
                Just("[DONE]".to_owned()),
                Just("{\"choices\":[{\"index\":18446744073709551615,\"delta\":{\"content\":\"x\"}}]}".to_owned()),
            ],
            0..12,
        ),
        surface in prop_oneof![
            Just(Surface::ChatCompletions),
            Just(Surface::Completions),
            Just(Surface::Responses),
            Just(Surface::Messages),
        ],
        checked in any::<bool>(),
    ) {
        let mut policy = GuardPolicy { stream_overlap: 8, ..GuardPolicy::default() };
        policy.responses.check = checked;
        policy.tool_calls.check = checked;
        let mut g = StreamGuard::new(surface, ENGINE.clone(), policy, Redactor::new(), GuardSummary::default());
        for d in datas {
            // Either events to send or an error that ends the stream; never a panic.
            if g.on_event(Event { data: d, ..Event::default() }).is_err() {
                break;
            }
        }
        let _ = g.on_end();
    }
}
