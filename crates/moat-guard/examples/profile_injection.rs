//! Run the injection check on a 4 KB prompt in a loop, for profilers:
//!
//! ```text
//! cargo build -p moat-guard --release --example profile_injection
//! valgrind --tool=callgrind target/release/examples/profile_injection 200
//! ```
//!
//! A second argument names a file whose text is checked instead (as a prompt), to profile the
//! texts that cost most (dense jailbreak prompts); a `.jsonl` file (a `text` field per line)
//! has each of its texts checked once, and percentiles of the time per check printed. A third
//! argument, another `.jsonl` file, is checked first and not timed: the caches then hold what
//! earlier traffic left in them, as in a gateway that has been running, and the timed texts
//! are still new to it.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::hint::black_box;

use moat_core::TextKind;
use moat_guard::injection::{Detector, InjectionConfig};
use moat_guard::normalize::{NormalizeLimits, normalize};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let base = "Could you help me plan a week of vegetarian dinners for a family of four? \
                We like Italian and Indian food, and one child does not eat mushrooms. ";
    let det = Detector::new(&InjectionConfig::default()).unwrap();
    let lim = NormalizeLimits::default();
    if let Some(path) = std::env::args().nth(2).filter(|p| p.ends_with(".jsonl")) {
        if let Some(warm) = std::env::args().nth(3) {
            check_each(&det, &lim, &warm);
        }
        let times = check_each(&det, &lim, &path);
        report(&path, times);
        return;
    }
    let text = match std::env::args().nth(2) {
        Some(path) => std::fs::read_to_string(path).unwrap(),
        None => {
            let mut t = base.repeat(4096 / base.len() + 1);
            t.truncate(4096);
            t
        }
    };
    let mut flagged = 0usize;
    let t0 = std::time::Instant::now();
    for _ in 0..n {
        let norm = normalize(black_box(&text), &lim);
        flagged += usize::from(det.detect(&text, &norm, TextKind::Prompt).detected);
    }
    let per = t0.elapsed().as_secs_f64() * 1e6 / n.max(1) as f64;
    println!("{n} checks, {flagged} flagged, {per:.1} µs per check");
}

/// Each text of a JSONL file (a `text` field per line) checked once, in order, as a stream of
/// new texts reaches a gateway: the time of each check in µs.
fn check_each(det: &Detector, lim: &NormalizeLimits, path: &str) -> Vec<f64> {
    let data = std::fs::read_to_string(path).unwrap();
    let mut times = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{path}:{}: not JSON: {e}", n + 1);
                std::process::exit(2);
            }
        };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        let t0 = std::time::Instant::now();
        let norm = normalize(black_box(text), lim);
        black_box(det.detect(text, &norm, TextKind::Prompt));
        times.push(t0.elapsed().as_secs_f64() * 1e6);
    }
    times
}

/// Percentiles of the times of [`check_each`].
fn report(path: &str, mut times: Vec<f64>) {
    if times.is_empty() {
        println!("no texts in {path}");
        return;
    }
    times.sort_by(f64::total_cmp);
    let q = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "{} texts once each: p50 {:.0} µs, p95 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        times.len(),
        q(0.5),
        q(0.95),
        q(0.99),
        q(1.0)
    );
}
