//! Score a text with a saved second-stage classifier and time it.
//!
//! ```text
//! cargo run -p moat-guard --release --features transformer --example score_transformer -- \
//!     MODEL_DIR [TEXT] [--file F] [--runs N]
//! ```
//!
//! Without TEXT or `--file`, a 4 KB benign prompt is scored. Prints the logit, the window it
//! came from, and p50/p99 of `--runs` (default 200) scorings.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use moat_guard::injection::metrics::percentile;

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: score MODEL_DIR [TEXT] [--file F] [--runs N]")?;
    let mut text = None;
    let mut runs = 200usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--file" => {
                let f = args.next().ok_or("--file needs a path")?;
                text = Some(std::fs::read_to_string(&f).map_err(|e| format!("{f}: {e}"))?);
            }
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--runs needs a number")?;
            }
            s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
            s => text = Some(s.to_owned()),
        }
    }
    let text = text.unwrap_or_else(|| {
        "Please summarise the quarterly report and list the open risks. "
            .repeat(64)
            .chars()
            .take(4096)
            .collect()
    });
    let model = moat_transformer::Classifier::load(std::path::Path::new(&dir))
        .map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = std::time::Instant::now();
        last = Some(model.score(&text).map_err(|e| e.to_string())?);
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let mut at = |q: f64| percentile(&mut times, q).unwrap_or(f64::NAN);
    if let Some(s) = last {
        println!(
            "logit {:.3} (p {:.3}) window {}..{} of {} bytes",
            s.logit,
            1.0 / (1.0 + (-s.logit).exp()),
            s.start,
            s.end,
            text.len()
        );
    }
    let (p50, p99) = (at(0.5), at(0.99));
    println!("{} runs: p50 {p50:.0} us, p99 {p99:.0} us", times.len());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("score: error: {e}");
            ExitCode::from(2)
        }
    }
}
