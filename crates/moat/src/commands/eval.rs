//! `moat eval guard`: measure the injection detector on a labelled JSONL file.

use std::io::BufRead;
use std::time::Instant;

use moat_core::{ExitStatus, TextKind};
use moat_guard::Engine;
use moat_guard::injection::metrics::{Breakdown, percentile};

/// Largest JSONL line accepted, in bytes.
const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// `moat eval ...`
#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Measure the injection detector on a labelled JSONL file: precision, recall, F1,
    /// false-positive rate and balanced accuracy, overall and per `source`, and latency
    /// percentiles of the full engine check.
    ///
    /// Each line: `{"text", "label": 0|1, "kind"?: "prompt"|"document", "source"?, "id"?}`.
    Guard {
        /// JSONL with `text`, `label` and optionally `kind` and `source`.
        file: std::path::PathBuf,
        /// Configuration file (YAML, `guard:` section); default `moat.yaml` if present.
        #[arg(long, short = 'c', env = "MOAT_CONFIG")]
        config: Option<std::path::PathBuf>,
        /// Print the figures as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Run `moat eval`.
pub fn run(cmd: EvalCommand) -> ExitStatus {
    match cmd {
        EvalCommand::Guard { file, config, json } => guard(&file, config.as_deref(), json),
    }
}

fn guard(file: &std::path::Path, config: Option<&std::path::Path>, json: bool) -> ExitStatus {
    let cfg = match super::check::load_config(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    let engine = match Engine::new(cfg) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    let name = file.display().to_string();
    let f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("moat: error: {name}: {e}");
            return ExitStatus::Error;
        }
    };
    let mut breakdown = Breakdown::default();
    let mut micros: Vec<f64> = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let n = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("moat: error: {name}:{n}: {e}");
                return ExitStatus::Error;
            }
        };
        if line.len() > MAX_LINE_BYTES {
            eprintln!("moat: error: {name}:{n}: line longer than {MAX_LINE_BYTES} bytes");
            return ExitStatus::Error;
        }
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("moat: error: {name}:{n}: {e}");
                return ExitStatus::Error;
            }
        };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            eprintln!("moat: error: {name}:{n}: field `text`: missing or not a string");
            return ExitStatus::Error;
        };
        let label = match v.get("label") {
            Some(serde_json::Value::Number(x)) if x.as_u64() == Some(0) => false,
            Some(serde_json::Value::Number(x)) if x.as_u64() == Some(1) => true,
            Some(serde_json::Value::Bool(b)) => *b,
            _ => {
                eprintln!("moat: error: {name}:{n}: field `label`: expected 0 or 1");
                return ExitStatus::Error;
            }
        };
        let kind = match v.get("kind").and_then(|k| k.as_str()) {
            None => TextKind::Prompt,
            Some(k) => match k.parse::<TextKind>() {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("moat: error: {name}:{n}: field `kind`: {e}");
                    return ExitStatus::Error;
                }
            },
        };
        let source = v.get("source").and_then(|s| s.as_str()).unwrap_or("-");
        let t = Instant::now();
        let report = engine.check(text, kind);
        micros.push(t.elapsed().as_secs_f64() * 1e6);
        breakdown.add(source, label, report.injection.detected);
    }
    if breakdown.overall.total() == 0 {
        eprintln!("moat: error: {name}: no rows");
        return ExitStatus::Error;
    }
    let p50 = percentile(&mut micros, 0.50).unwrap_or(0.0);
    let p95 = percentile(&mut micros, 0.95).unwrap_or(0.0);
    let p99 = percentile(&mut micros, 0.99).unwrap_or(0.0);
    let max = percentile(&mut micros, 1.0).unwrap_or(0.0);
    if json {
        let per: serde_json::Map<String, serde_json::Value> = breakdown
            .by_source
            .iter()
            .map(|(s, c)| (s.clone(), figures(c)))
            .collect();
        let o = serde_json::json!({
            "overall": figures(&breakdown.overall),
            "by_source": per,
            "latency_us": {"p50": p50, "p95": p95, "p99": p99, "max": max},
        });
        println!("{o}");
    } else {
        print!("{}", breakdown.table());
        println!(
            "\nlatency per text (full engine check): p50 {p50:.0} µs, p95 {p95:.0} µs, p99 {p99:.0} µs, max {max:.0} µs"
        );
    }
    ExitStatus::Clean
}

fn figures(c: &moat_guard::injection::metrics::Confusion) -> serde_json::Value {
    serde_json::json!({
        "rows": c.total(), "tp": c.tp, "fp": c.fp, "tn": c.tn, "fn": c.fn_,
        "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
        "fpr": c.fpr(), "balanced_accuracy": c.balanced_accuracy(),
    })
}
