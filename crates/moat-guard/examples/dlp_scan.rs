//! Scan texts with Moat's DLP scanner: one JSON string per input line on stdin, one JSON array
//! of findings (with rule id and value) per output line. Used by `bench/dlp/compare.py` and for
//! debugging rules:
//!
//! ```sh
//! echo '"mail ada@analytical.org"' | cargo run -q -p moat-guard --example dlp_scan
//! ```
//!
//! `--rules-md` prints the table of built-in rules for docs/dlp.md instead.
//! `--min-confidence low|medium|high` changes the floor; `--time` prints the total scan time
//! (scanning only, not JSON parsing) to stderr.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use moat_guard::dlp::{Category, DlpConfig, Scanner, builtin_rules};

/// Nanoseconds this thread has spent on a CPU (Linux).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// The rule table of docs/dlp.md.
fn print_rules() {
    println!("| id | entity | name | keywords | label |");
    println!("|---|---|---|---|---|");
    let mut rules = builtin_rules();
    rules.sort_by(|a, b| {
        (a.category == Category::Secret, &a.id).cmp(&(b.category == Category::Secret, &b.id))
    });
    for r in rules {
        let kw: Vec<String> = r
            .keywords
            .iter()
            .map(|k| format!("`{}`", k.replace('|', "\\|")))
            .collect();
        println!(
            "| {} | {} | {} | {} | {} |",
            r.id,
            r.entity,
            r.name.replace('|', "\\|"),
            kw.join(" "),
            r.label
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut config = DlpConfig::default();
    if let Some(i) = args.iter().position(|a| a == "--min-confidence")
        && let Some(v) = args.get(i + 1)
    {
        match v.parse() {
            Ok(c) => config.min_confidence = c,
            Err(e) => {
                eprintln!("dlp_scan: {e}");
                std::process::exit(2);
            }
        }
    }
    let timing = args.iter().any(|a| a == "--time");
    if args.iter().any(|a| a == "--rules-md") {
        print_rules();
        return;
    }
    let scanner = match Scanner::new(&config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dlp_scan: {e}");
            std::process::exit(2);
        }
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut spent = Duration::ZERO;
    let mut cpu = 0u64;
    let mut bytes = 0usize;
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("dlp_scan: stdin line {}: {e}", n + 1);
                std::process::exit(2);
            }
        };
        let text: String = match serde_json::from_str(&line) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("dlp_scan: stdin line {}: not a JSON string: {e}", n + 1);
                std::process::exit(2);
            }
        };
        let c0 = cpu_ns();
        let t = Instant::now();
        let found = scanner.scan_explained(&text);
        spent += t.elapsed();
        cpu += cpu_ns().saturating_sub(c0);
        bytes += text.len();
        let rows: Vec<serde_json::Value> = found
            .iter()
            .map(|(f, rule)| {
                serde_json::json!({
                    "type": f.entity,
                    "category": f.category,
                    "start": f.span.start,
                    "end": f.span.end,
                    "confidence": f.confidence,
                    "rule": rule,
                    "value": &text[f.span.range()],
                })
            })
            .collect();
        if writeln!(out, "{}", serde_json::Value::Array(rows)).is_err() {
            return;
        }
    }
    let _ = out.flush();
    if timing {
        eprintln!(
            "scanned {bytes} bytes in {:.3} s ({:.1} MB/s), cpu {:.3} s",
            spent.as_secs_f64(),
            bytes as f64 / 1e6 / spent.as_secs_f64().max(1e-9),
            cpu as f64 / 1e9
        );
    }
}
