//! Fuzz `Engine::check` (normalisation, injection, DLP) and `normalize` on arbitrary bytes:
//! nothing may panic, and every span reported must lie inside the input on char boundaries.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use moat_core::{Span, TextKind};
use moat_guard::normalize::{NormalizeLimits, normalize};
use moat_guard::{Engine, GuardConfig};

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(GuardConfig::default()).expect("default config is valid"));

fn in_bounds(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} out of bounds ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    // First byte picks the text kind and decode limits; the rest is the text.
    let (ctl, rest) = data.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();

    let limits = NormalizeLimits {
        max_decode_depth: ctl % 4,
        max_decoded_bytes: if ctl & 0x80 != 0 { 64 } else { 64 * 1024 },
    };
    let n = normalize(text, &limits);
    let mut prev = (0, 0);
    for i in 0..n.text.len() {
        let s = n.original_span(i, i + 1);
        in_bounds(text, s, "byte map");
        assert!(s.start >= prev.0 && s.end >= prev.1, "byte map not monotone at {i}");
        prev = (s.start, s.end);
    }
    for o in &n.obfuscations {
        in_bounds(text, o.span, "obfuscation");
    }
    for d in &n.decoded {
        in_bounds(text, d.span, "decoded");
    }

    let kind = if ctl & 1 == 0 { TextKind::Prompt } else { TextKind::Document };
    let report = ENGINE.check(text, kind);
    for o in &report.obfuscations {
        in_bounds(text, o.span, "report obfuscation");
    }
    for s in &report.injection.signals {
        in_bounds(text, s.span, "injection signal");
    }
    for f in &report.findings {
        in_bounds(text, f.span, "dlp finding");
    }
    let score = report.injection.score;
    assert!((0.0..=1.0).contains(&score), "injection score {score} outside [0, 1]");
});
