//! Quality on the shared labelled data:
//! * `pii/presidio-synth-v2.json`: span-level precision, recall and F1 per entity type.
//! * `secrets/noseyparker-examples.jsonl`: recall on positive examples, hits on negatives.
//!
//! Run with `--nocapture` to see the tables. The data lives in `../shared/data` beside the
//! checkout (or `$MOAT_SHARED_DATA`); without it the tests say so and pass, unless
//! `MOAT_REQUIRE_SERVICES=1`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use moat_core::Confidence;
use moat_guard::dlp::{Category, DlpConfig, Scanner};

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MOAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("MOAT_REQUIRE_SERVICES").as_deref() != Ok("1"),
        "shared data not found at {}",
        dir.display()
    );
    eprintln!("skipping: shared data not found at {}", dir.display());
    None
}

/// Moat entity type -> the dataset's entity type. Documented in docs/dlp.md.
const MAPPING: &[(&str, &str)] = &[
    ("PERSON", "PERSON"),
    ("STREET_ADDRESS", "STREET_ADDRESS"),
    ("CREDIT_CARD", "CREDIT_CARD"),
    ("IBAN_CODE", "IBAN_CODE"),
    ("US_SSN", "US_SSN"),
    ("PHONE_NUMBER", "PHONE_NUMBER"),
    ("EMAIL_ADDRESS", "EMAIL_ADDRESS"),
    ("IP_ADDRESS", "IP_ADDRESS"),
    ("DATE_OF_BIRTH", "DATE_TIME"),
    ("AGE", "AGE"),
    ("ZIP_CODE", "ZIP_CODE"),
    ("US_DRIVER_LICENSE", "US_DRIVER_LICENSE"),
];

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn p(&self) -> f64 {
        if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn r(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Character offsets in the dataset -> byte offsets in the Rust string.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// A prediction matches a gold span of the same type when they overlap by at least half of the
/// longer of the two (so a phone number missing its `+41` still counts, a whole paragraph
/// covering one name does not).
fn matches(a: (usize, usize), b: (usize, usize)) -> bool {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let longer = (a.1 - a.0).max(b.1 - b.0);
    longer > 0 && inter * 2 >= longer
}

#[test]
fn presidio_synth_span_f1() {
    let Some(dir) = data_dir() else { return };
    let raw = std::fs::read_to_string(dir.join("pii/presidio-synth-v2.json")).unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&raw).unwrap();
    let scanner = Scanner::new(&DlpConfig::default()).unwrap();
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    for row in &rows {
        let text = row["full_text"].as_str().unwrap();
        let map = char_to_byte(text);
        let mut gold: Vec<(&str, (usize, usize), bool)> = Vec::new();
        for s in row["spans"].as_array().unwrap() {
            let t = s["entity_type"].as_str().unwrap();
            if MAPPING.iter().any(|(_, d)| *d == t) {
                let (a, b) = (
                    s["start_position"].as_u64().unwrap() as usize,
                    s["end_position"].as_u64().unwrap() as usize,
                );
                gold.push((
                    t,
                    (map[a.min(map.len() - 1)], map[b.min(map.len() - 1)]),
                    false,
                ));
            }
        }
        for f in scanner.scan(text) {
            let Some((_, t)) = MAPPING.iter().find(|(m, _)| *m == f.entity) else {
                continue;
            };
            let p = (f.span.start, f.span.end);
            match gold
                .iter_mut()
                .find(|g| g.0 == *t && !g.2 && matches(g.1, p))
            {
                Some(g) => {
                    g.2 = true;
                    counts.entry(t).or_default().tp += 1;
                }
                None => counts.entry(t).or_default().fp += 1,
            }
        }
        for g in gold.iter().filter(|g| !g.2) {
            counts.entry(g.0).or_default().fn_ += 1;
        }
    }
    println!("| entity | gold | TP | FP | FN | precision | recall | F1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut total = Counts::default();
    for (t, c) in &counts {
        println!(
            "| {t} | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            c.tp + c.fn_,
            c.tp,
            c.fp,
            c.fn_,
            c.p(),
            c.r(),
            c.f1()
        );
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
    }
    println!(
        "| all mapped | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
        total.tp + total.fn_,
        total.tp,
        total.fp,
        total.fn_,
        total.p(),
        total.r(),
        total.f1()
    );
    // Floors for the structured types, where a regex + validator should do well. They sit a
    // little under the measured values (docs/benchmarks/dlp.md) to catch regressions.
    for (t, min_f1) in [
        ("EMAIL_ADDRESS", 0.9),
        ("CREDIT_CARD", 0.8),
        ("IBAN_CODE", 0.9),
        ("US_SSN", 0.8),
        ("IP_ADDRESS", 0.8),
    ] {
        let c = counts.get(t).copied().unwrap_or_default();
        assert!(
            c.f1() >= min_f1,
            "{t}: F1 {:.3} below {min_f1}: {c:?}",
            c.f1()
        );
    }
}

#[test]
fn noseyparker_examples() {
    let Some(dir) = data_dir() else { return };
    let raw = std::fs::read_to_string(dir.join("secrets/noseyparker-examples.jsonl")).unwrap();
    let scanner = Scanner::new(&DlpConfig::default()).unwrap();
    let low = Scanner::new(&DlpConfig {
        min_confidence: Confidence::Low,
        ..DlpConfig::default()
    })
    .unwrap();
    let (mut pos, mut found, mut found_low, mut neg, mut neg_hits) = (0, 0, 0, 0, 0);
    let mut missed_by_family: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = row["text"].as_str().unwrap();
        let id = row["rule_id"].as_str().unwrap();
        let family = id.split('.').nth(1).unwrap_or(id).to_owned();
        let secret = |s: &Scanner| s.scan(text).iter().any(|f| f.category == Category::Secret);
        if row["label"].as_i64() == Some(1) {
            pos += 1;
            let hit = secret(&scanner);
            found += usize::from(hit);
            found_low += usize::from(secret(&low));
            let e = missed_by_family.entry(family).or_default();
            e.0 += 1;
            e.1 += usize::from(hit);
        } else {
            neg += 1;
            neg_hits += usize::from(secret(&scanner));
        }
    }
    println!("positives: {found}/{pos} found at medium, {found_low}/{pos} at low");
    println!("negatives: {neg_hits}/{neg} with a secret finding at medium");
    let missed: Vec<String> = missed_by_family
        .iter()
        .filter(|(_, (n, h))| h < n)
        .map(|(f, (n, h))| format!("{f} {h}/{n}"))
        .collect();
    println!("families with misses: {}", missed.join(", "));
    // Measured values are in docs/benchmarks/dlp.md; these floors catch regressions.
    assert!(found * 100 >= pos * 55, "recall {found}/{pos}");
    assert!(neg_hits * 100 <= neg * 30, "negatives hit {neg_hits}/{neg}");
}
