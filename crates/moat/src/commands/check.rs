//! `moat check`: check text for prompt injection, jailbreaks and sensitive data.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use moat_core::{ExitStatus, TextKind};
use moat_guard::{Engine, GuardConfig, Report, Verdict};
use serde::Deserialize;
use serde_json::json;

/// Largest single text accepted (argument, file or standard input), in bytes.
const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Largest JSONL line accepted, in bytes.
const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A human-readable table (default on a terminal).
    Table,
    /// One JSON object (default when not on a terminal).
    Json,
    /// One JSON object per line (batch).
    Jsonl,
}

/// Arguments of `moat check`.
///
/// Examples: `moat check "ignore previous instructions"`, `moat check --file page.html --kind
/// document`, `echo hi | moat check -`, `moat check --input batch.jsonl --format jsonl`.
/// Exit codes: 0 clean, 1 injection or blocking/redactable data found, 2 usage or input error.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to check (`-` reads standard input).
    pub text: Option<String>,
    /// Read the text from a file.
    #[arg(long, short = 'f', conflicts_with_all = ["text", "input"])]
    pub file: Option<PathBuf>,
    /// Batch mode: a JSONL file of `{"id", "text", "kind"?}` lines (`-` for standard input).
    #[arg(long, short = 'i', conflicts_with = "text")]
    pub input: Option<PathBuf>,
    /// Treat the text as a prompt (a user message) or a document (retrieved or tool output).
    #[arg(long, default_value = "prompt")]
    pub kind: TextKind,
    /// Output format (default: table on a terminal, json otherwise; jsonl for --input).
    #[arg(long)]
    pub format: Option<Format>,
    /// Print the text with sensitive data replaced (adds `redacted` to JSON output).
    #[arg(long)]
    pub redact: bool,
    /// Configuration file (YAML, `guard:` section); default `moat.yaml` if present.
    #[arg(long, short = 'c', env = "MOAT_CONFIG")]
    pub config: Option<PathBuf>,
    /// Override the injection threshold for prompts and documents (0..1).
    #[arg(long)]
    pub threshold: Option<f32>,
}

/// Load the guard configuration: `--config`, else `./moat.yaml` when it exists, else defaults.
pub fn load_config(path: Option<&Path>) -> Result<GuardConfig, String> {
    let (path, required) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("moat.yaml"), false),
    };
    if !required && !path.exists() {
        return Ok(GuardConfig::default());
    }
    let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > moat_guard::config::MAX_CONFIG_BYTES as u64 {
        return Err(format!("{}: file is too large", path.display()));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    GuardConfig::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_limited(mut r: impl Read, what: &str) -> Result<String, String> {
    let mut buf = Vec::new();
    r.by_ref()
        .take(MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{what}: {e}"))?;
    if buf.len() > MAX_TEXT_BYTES {
        return Err(format!("{what}: larger than {MAX_TEXT_BYTES} bytes"));
    }
    String::from_utf8(buf)
        .map_err(|e| format!("{what}: not UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchLine {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    kind: Option<String>,
    // Labelled files (the eval format) can be checked too.
    #[serde(default)]
    #[expect(dead_code, reason = "accepted so eval files can be checked as batches")]
    label: Option<serde_json::Value>,
    #[serde(default)]
    #[expect(dead_code, reason = "accepted so eval files can be checked as batches")]
    source: Option<String>,
    #[serde(default)]
    #[expect(dead_code, reason = "accepted so eval files can be checked as batches")]
    category: Option<String>,
}

/// The JSON form of one result.
fn to_json(
    id: Option<&serde_json::Value>,
    engine: &Engine,
    text: &str,
    report: &Report,
    redact: bool,
) -> serde_json::Value {
    let findings: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut o = json!({
                "type": f.entity,
                "category": f.category,
                "start": f.span.start,
                "end": f.span.end,
                "confidence": f.confidence,
                "action": f.action,
            });
            if let (Some(l), Some(m)) = (&f.label, o.as_object_mut()) {
                m.insert("label".into(), json!(l));
            }
            o
        })
        .collect();
    let signals: Vec<serde_json::Value> = report
        .injection
        .signals
        .iter()
        .map(|s| json!({"kind": s.kind.as_str(), "start": s.span.start, "end": s.span.end, "weight": s.weight}))
        .collect();
    let mut o = json!({
        "verdict": report.verdict,
        "injection": {
            "score": report.injection.score,
            "detected": report.injection.detected,
            "signals": signals,
        },
        "findings": findings,
    });
    if let Some(m) = o.as_object_mut() {
        if let Some(id) = id {
            m.insert("id".into(), id.clone());
        }
        if redact {
            m.insert("redacted".into(), json!(engine.redact(text, report)));
        }
    }
    o
}

fn excerpt(text: &str, start: usize, end: usize) -> String {
    let s: String = text
        .get(start..end)
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    s.replace('\n', " ")
}

fn print_table(
    out: &mut impl Write,
    engine: &Engine,
    text: &str,
    report: &Report,
    redact: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "verdict: {:?}   injection score: {:.3} ({})",
        report.verdict,
        report.injection.score,
        if report.injection.detected {
            "detected"
        } else {
            "not detected"
        }
    )?;
    let mut rows: Vec<[String; 5]> = vec![[
        "what".into(),
        "kind".into(),
        "span".into(),
        "weight/conf".into(),
        "text".into(),
    ]];
    for s in &report.injection.signals {
        rows.push([
            "injection".to_owned(),
            s.kind.as_str().to_owned(),
            format!("{}..{}", s.span.start, s.span.end),
            format!("{:+.2}", s.weight),
            excerpt(text, s.span.start, s.span.end),
        ]);
    }
    for f in &report.findings {
        rows.push([
            format!("{:?}", f.category).to_lowercase(),
            f.entity.clone(),
            format!("{}..{}", f.span.start, f.span.end),
            f.confidence.to_string(),
            format!("action: {}", f.action),
        ]);
    }
    if rows.len() > 1 {
        let mut width = [0usize; 5];
        for r in &rows {
            for (w, c) in width.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        for r in &rows {
            let line: Vec<String> = r
                .iter()
                .zip(width)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            writeln!(out, "{}", line.join("  ").trim_end())?;
        }
    }
    if redact {
        writeln!(out, "{}", engine.redact(text, report))?;
    }
    Ok(())
}

fn status_of(report: &Report) -> ExitStatus {
    if report.verdict == Verdict::Allow {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    }
}

fn batch(engine: &Engine, input: &Path, default_kind: TextKind, redact: bool) -> ExitStatus {
    let name = input.display().to_string();
    let reader: Box<dyn BufRead> = if input == Path::new("-") {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(input) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("moat: error: {name}: {e}");
                return ExitStatus::Error;
            }
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = ExitStatus::Clean;
    let mut reader = reader.take(u64::MAX);
    let mut lineno = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        lineno += 1;
        let n = match (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
        {
            Ok(n) => n,
            Err(e) => {
                eprintln!("moat: error: {name}:{lineno}: {e}");
                return ExitStatus::Error;
            }
        };
        if n == 0 {
            break;
        }
        if buf.len() > MAX_LINE_BYTES {
            eprintln!("moat: error: {name}:{lineno}: line longer than {MAX_LINE_BYTES} bytes");
            return ExitStatus::Error;
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim(),
            Err(e) => {
                eprintln!(
                    "moat: error: {name}:{lineno}: not UTF-8 at byte {}",
                    e.valid_up_to()
                );
                return ExitStatus::Error;
            }
        };
        if line.is_empty() {
            continue;
        }
        let row: BatchLine = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("moat: error: {name}:{lineno}: {e}");
                return ExitStatus::Error;
            }
        };
        let kind = match row.kind.as_deref().map(str::parse::<TextKind>) {
            None => default_kind,
            Some(Ok(k)) => k,
            Some(Err(e)) => {
                eprintln!("moat: error: {name}:{lineno}: field `kind`: {e}");
                return ExitStatus::Error;
            }
        };
        let report = engine.check(&row.text, kind);
        status = status.worst(status_of(&report));
        let o = to_json(Some(&row.id), engine, &row.text, &report, redact);
        if writeln!(out, "{o}").is_err() {
            // Broken pipe: the reader went away; stop quietly.
            return status;
        }
    }
    let _ = out.flush();
    status
}

/// Run `moat check`.
pub fn run(args: Args) -> ExitStatus {
    let mut config = match load_config(args.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    if let Some(t) = args.threshold {
        config.injection.threshold = t;
        config.injection.document_threshold = t;
    }
    let engine = match Engine::new(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    if let Some(input) = &args.input {
        if matches!(args.format, Some(Format::Table)) {
            eprintln!(
                "moat: error: --input writes jsonl; --format table is not available in batch mode"
            );
            return ExitStatus::Error;
        }
        return batch(&engine, input, args.kind, args.redact);
    }
    let text = match (&args.text, &args.file) {
        (_, Some(f)) => match std::fs::File::open(f) {
            Ok(h) => read_limited(h, &f.display().to_string()),
            Err(e) => Err(format!("{}: {e}", f.display())),
        },
        (Some(t), None) if t == "-" => read_limited(std::io::stdin(), "standard input"),
        (Some(t), None) => {
            if t.len() > MAX_TEXT_BYTES {
                Err(format!("text is larger than {MAX_TEXT_BYTES} bytes"))
            } else {
                Ok(t.clone())
            }
        }
        (None, None) => {
            Err("no text given: pass TEXT, `-` for standard input, --file or --input".into())
        }
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    let report = engine.check(&text, args.kind);
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let res = match format {
        Format::Table => print_table(&mut out, &engine, &text, &report, args.redact),
        Format::Json | Format::Jsonl => {
            writeln!(
                out,
                "{}",
                to_json(None, &engine, &text, &report, args.redact)
            )
        }
    };
    if let Err(e) = res
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("moat: error: {e}");
        return ExitStatus::Error;
    }
    status_of(&report)
}
