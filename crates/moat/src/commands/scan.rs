//! `moat scan PATH`: AI asset discovery, AI-BOM and posture rules.

use std::path::PathBuf;

use moat_core::{ExitStatus, Severity};
use moat_scan::{Baseline, ScanOptions, report};
use serde::Deserialize;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable table with a summary.
    Table,
    /// The full report as JSON.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// AI-BOM, CycloneDX 1.6 JSON.
    Cyclonedx,
    /// AI-BOM, SPDX 3.0 JSON-LD (AI profile).
    Spdx,
}

/// Arguments of `moat scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory or file to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "table")]
    pub format: Format,
    /// Write the output to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Exit 1 when an unsuppressed finding is at or above this severity
    /// (info, low, medium, high, critical). Default: the config file's `fail_on`, else low.
    #[arg(long)]
    pub fail_on: Option<Severity>,
    /// Skip this rule (repeatable).
    #[arg(long, value_name = "CODE")]
    pub skip: Vec<String>,
    /// Mark findings recorded in this baseline file as suppressed.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Write the current findings to this baseline file (and exit 0 unless a file failed).
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,
    /// Configuration file (YAML): `skip: [CODE]`, `fail_on: high`, `max_file_size: BYTES`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Text files larger than this many bytes are reported and not parsed.
    /// Default: the config file's `max_file_size`, else 8 MiB.
    #[arg(long)]
    pub max_file_size: Option<u64>,
    /// Do not follow symbolic links.
    #[arg(long)]
    pub no_follow_links: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    skip: Vec<String>,
    fail_on: Option<Severity>,
    max_file_size: Option<u64>,
}

fn fail(msg: impl std::fmt::Display) -> ExitStatus {
    eprintln!("moat: error: {msg}");
    ExitStatus::Error
}

pub fn run(args: Args) -> ExitStatus {
    if !args.path.exists() {
        return fail(format_args!(
            "`{}`: no such file or directory",
            args.path.display()
        ));
    }
    let mut cfg = Config::default();
    if let Some(p) = &args.config {
        let text = match std::fs::read_to_string(p) {
            Ok(t) => t,
            Err(e) => return fail(format_args!("`{}`: {e}", p.display())),
        };
        cfg = match serde_saphyr::from_str(&text) {
            Ok(c) => c,
            Err(e) => {
                return fail(format_args!(
                    "`{}`: invalid configuration: {e}",
                    p.display()
                ));
            }
        };
    }
    let mut opts = ScanOptions::default();
    // The command line wins over the configuration file, which wins over the defaults.
    opts.walk.max_file_size = args
        .max_file_size
        .or(cfg.max_file_size)
        .unwrap_or(8 * 1024 * 1024);
    opts.walk.follow_links = !args.no_follow_links;
    opts.walk.progress = !args.no_progress;
    opts.skip = args.skip.iter().chain(cfg.skip.iter()).cloned().collect();
    for code in &opts.skip {
        if moat_scan::meta(code).is_none() {
            return fail(format_args!("unknown rule `{code}` (see `moat rules`)"));
        }
    }
    if let Some(p) = &args.baseline {
        let b: Baseline = match std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(b) => b,
            Err(e) => return fail(format_args!("baseline `{}`: {e}", p.display())),
        };
        opts.baseline = b.fingerprints;
    }
    let fail_on = args.fail_on.or(cfg.fail_on).unwrap_or(Severity::Low);
    let r = moat_scan::scan(&args.path, &opts);

    if let Some(p) = &args.write_baseline {
        let b = Baseline::of(&r);
        let text = serde_json::to_string_pretty(&b).unwrap_or_default();
        if let Err(e) = std::fs::write(p, text + "\n") {
            return fail(format_args!("`{}`: {e}", p.display()));
        }
        eprintln!(
            "moat: wrote {} fingerprints to {}",
            b.fingerprints.len(),
            p.display()
        );
    }

    let (serial, ts) = (report::serial_number(&r), report::now_rfc3339());
    let out = match args.format {
        Format::Table => report::table(&r),
        Format::Json => pretty(&report::json(&r)),
        Format::Sarif => pretty(&report::sarif(&r)),
        Format::Cyclonedx => pretty(&report::cyclonedx(&r, &serial, &ts)),
        Format::Spdx => pretty(&report::spdx(
            &r,
            &format!("https://example.invalid/moat/spdx/{}", &serial[9..]),
            &ts,
        )),
    };
    match &args.output {
        Some(p) => {
            if let Err(e) = std::fs::write(p, &out) {
                return fail(format_args!("`{}`: {e}", p.display()));
            }
            if args.format != Format::Table {
                eprint!(
                    "{}",
                    report::table(&r)
                        .lines()
                        .last()
                        .map(|l| format!("{l}\n"))
                        .unwrap_or_default()
                );
            }
        }
        None => {
            use std::io::Write;
            let mut so = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error.
            let _ = so.write_all(out.as_bytes()).and_then(|_| so.flush());
        }
    }
    if args.format != Format::Table && args.output.is_none() {
        for e in &r.errors {
            eprintln!(
                "moat: {}{}: {}",
                e.file,
                e.line.map(|l| format!(":{l}")).unwrap_or_default(),
                e.reason
            );
        }
    }
    let mut status = ExitStatus::Clean;
    if args.write_baseline.is_none() && r.active().any(|f| f.severity >= fail_on) {
        status = ExitStatus::Findings;
    }
    // A file that could not be read or parsed was not checked: say so in the exit code.
    if !r.errors.is_empty() {
        status = status.worst(ExitStatus::Error);
    }
    status
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
