//! Run the injection check on a 4 KB prompt in a loop, for profilers:
//!
//! ```text
//! cargo build -p moat-guard --release --example profile_injection
//! valgrind --tool=callgrind target/release/examples/profile_injection 200
//! ```
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
    let mut text = base.repeat(4096 / base.len() + 1);
    text.truncate(4096);
    let det = Detector::new(&InjectionConfig::default()).unwrap();
    let lim = NormalizeLimits::default();
    let mut flagged = 0usize;
    for _ in 0..n {
        let norm = normalize(black_box(&text), &lim);
        flagged += usize::from(det.detect(&text, &norm, TextKind::Prompt).detected);
    }
    println!("{n} checks, {flagged} flagged");
}
