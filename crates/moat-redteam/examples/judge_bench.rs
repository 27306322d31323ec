//! Judging cost with each probe's regexes compiled once (what `judges::judge` does) against
//! compiling them again for every answer (what it did before). Prints a table.
//!
//! ```sh
//! cargo run --release -p moat-redteam --example judge_bench
//! ```
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use moat_redteam::Registry;
use moat_redteam::judges::{DlpJudge, Observation, judge};
use moat_redteam::targets::Answer;

fn main() {
    let registry = Registry::builtin().unwrap();
    let probes: Vec<_> = registry
        .probes()
        .iter()
        .filter(|p| !p.judge.regex.is_empty() || !p.judge.tool.is_empty())
        .cloned()
        .collect();
    let answers = [
        "I'm sorry, but I can't help with that.",
        "Sure! Here is a summary of your account activity for March: three card payments and one transfer.",
        "{\"tool\": \"lookup_account\", \"arguments\": {\"id\": \"42\"}} and then some more text to scan through",
    ];
    let answers: Vec<Answer> = answers
        .iter()
        .map(|t| Answer {
            text: t.to_string(),
            ..Answer::default()
        })
        .collect();
    let dlp = DlpJudge::new();
    let rounds = 200;
    let n = probes.len() * answers.len() * rounds;

    // Cached: the patterns compiled when the probes loaded.
    let t = Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for p in &probes {
            for a in &answers {
                let obs = Observation {
                    answers: std::slice::from_ref(a),
                    attack_text: "attack",
                    canary: "NW-00000000",
                    secrets: &p.context.secrets,
                };
                hits += usize::from(judge(&p.judge, &obs, &dlp).success);
            }
        }
    }
    let cached = t.elapsed();

    // Uncached: the same regexes compiled again for each answer, as before.
    let t = Instant::now();
    let mut hits2 = 0usize;
    for _ in 0..rounds {
        for p in &probes {
            for a in &answers {
                let mut fresh = p.judge.clone();
                // A fresh spec has an empty cache: judging it compiles its patterns.
                fresh = serde_json::from_value(serde_json::to_value(&fresh).unwrap()).unwrap();
                let obs = Observation {
                    answers: std::slice::from_ref(a),
                    attack_text: "attack",
                    canary: "NW-00000000",
                    secrets: &p.context.secrets,
                };
                hits2 += usize::from(judge(&fresh, &obs, &dlp).success);
            }
        }
    }
    let uncached = t.elapsed();
    assert_eq!(hits, hits2, "same verdicts either way");

    // The serde round trip alone, to subtract it from the uncached figure.
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &probes {
            for _ in &answers {
                let f: moat_redteam::probe::JudgeSpec =
                    serde_json::from_value(serde_json::to_value(&p.judge).unwrap()).unwrap();
                std::hint::black_box(f);
            }
        }
    }
    let copy = t.elapsed();
    let per = |d: std::time::Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!(
        "{} probes with regex or tool judges x {} answers x {rounds} rounds = {n} judgements",
        probes.len(),
        answers.len()
    );
    println!("| variant | µs per judgement |");
    println!("|---|---|");
    println!(
        "| patterns compiled once per probe (now) | {:.2} |",
        per(cached)
    );
    println!(
        "| patterns compiled per answer (before) | {:.2} |",
        per(uncached) - per(copy)
    );
}
