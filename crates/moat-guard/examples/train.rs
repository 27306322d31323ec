//! Train the injection model, cross-validate the whole detector, and write the weights.
//!
//! ```text
//! cargo run -p moat-guard --release --example train -- DEV.jsonl [OUT.bin] [--cv] [--heldout F.jsonl]...
//! ```
//!
//! - Without `--cv`: train on all of DEV and write OUT (default
//!   `crates/moat-guard/resources/model/injection.bin`). Same input, same weights.
//! - With `--cv`: also print leave-one-source-out and grouped, stratified 5-fold figures of the
//!   full detector (signals + a model trained without the tested rows), overall and per source.
//! - `--heldout F`: after training, print the figures of the new detector on F (never trained on).
//! - `--limit N`: use only the first N rows (for quick runs).
//! - `--no-train`: score the held-out files with the committed model, train nothing.
//! - `--dump DIR`: write per-row score parts (signals' logit, model's raw logit) of the
//!   cross-validation and held-out runs to DIR, for calibrating the combination.
//! - `--transformer DIR` (build with `--features transformer`): also train the second-stage
//!   transformer classifier and write it to DIR; with `--cv` the 5-fold figures and the
//!   held-out figures are printed with and without it. `--t-epochs N` sets its epochs,
//!   `--band LOW:HIGH` the unsure band it is consulted in, `--t-margin X` its margin,
//!   `--t-lower` lets it lower scores; `--t-load` evaluates the classifier already in DIR
//!   instead of training one.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::type_complexity)]

use std::io::BufRead;
use std::process::ExitCode;

use moat_core::TextKind;
use moat_guard::injection::metrics::Breakdown;
use moat_guard::injection::model::Model;
use moat_guard::injection::train::{
    Example, Prepared, TrainOptions, example_weights, groups, stratified_folds, train_model,
};
use moat_guard::injection::{Detector, InjectionConfig};
use moat_guard::normalize::{NormalizeLimits, normalize};

fn read(path: &str) -> Result<Vec<Example>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let text = v["text"]
            .as_str()
            .ok_or_else(|| format!("{path}:{}: missing `text`", n + 1))?;
        let label = match &v["label"] {
            serde_json::Value::Number(x) => x.as_i64() == Some(1),
            serde_json::Value::Bool(b) => *b,
            _ => return Err(format!("{path}:{}: missing `label`", n + 1)),
        };
        let kind = match v["kind"].as_str() {
            Some(k) => k
                .parse::<TextKind>()
                .map_err(|e| format!("{path}:{}: {e}", n + 1))?,
            None => TextKind::Prompt,
        };
        out.push(Example {
            id: v["id"]
                .as_str()
                .map_or_else(|| n.to_string(), str::to_owned),
            text: text.to_owned(),
            label,
            kind,
            source: v["source"].as_str().unwrap_or("-").to_owned(),
        });
    }
    Ok(out)
}

/// A trained second stage and its settings, when the build has one.
#[cfg(feature = "transformer")]
type Second = Option<(
    moat_guard::injection::second_stage::SecondStageConfig,
    std::sync::Arc<moat_transformer::Classifier>,
)>;
#[cfg(not(feature = "transformer"))]
type Second = Option<std::convert::Infallible>;

fn detector(model: &Model, second: &Second) -> Result<Detector, String> {
    let det = Detector::with_model(&InjectionConfig::default(), model.clone())
        .map_err(|e| e.to_string())?;
    #[cfg(feature = "transformer")]
    if let Some((cfg, c)) = second {
        return det
            .with_second_stage(cfg, c.clone())
            .map_err(|e| e.to_string());
    }
    let _ = second;
    Ok(det)
}

/// Score `test` rows with a detector built on `model` (and `second`), adding outcomes to
/// `out`.
fn evaluate(
    model: &Model,
    second: &Second,
    rows: &[&Example],
    out: &mut Breakdown,
    scores: &mut Vec<(f32, bool)>,
    dump: &mut Vec<String>,
) -> Result<(), String> {
    let det = detector(model, second)?;
    let limits = NormalizeLimits::default();
    for e in rows {
        let norm = normalize(&e.text, &limits);
        let r = det.detect(&e.text, &norm, e.kind);
        out.add(&e.source, e.label, r.detected);
        scores.push((r.score, e.label));
        let p = det.parts(&e.text, &norm, e.kind);
        dump.push(
            serde_json::json!({
                "id": e.id, "source": e.source, "label": u8::from(e.label),
                "kind": e.kind, "signals": p.signals, "model": p.model,
                "score": r.score,
            })
            .to_string(),
        );
    }
    Ok(())
}

/// Per source and label: how often each signal kind fires (signals only, no model).
fn report_signals(rows: &[Example]) {
    use std::collections::BTreeMap;
    let cfg = InjectionConfig {
        model: false,
        ..InjectionConfig::default()
    };
    let Ok(det) = Detector::new(&cfg) else {
        return;
    };
    let limits = NormalizeLimits::default();
    let mut table: BTreeMap<(String, bool), (usize, usize, BTreeMap<&'static str, usize>)> =
        BTreeMap::new();
    let show = std::env::var("SHOW").ok();
    for e in rows {
        let norm = normalize(&e.text, &limits);
        let r = det.detect(&e.text, &norm, e.kind);
        if std::env::var("FLAGGED").is_ok_and(|v| v == u8::from(e.label).to_string())
            && r.detected != e.label
        {
            let sig: Vec<String> = r
                .signals
                .iter()
                .map(|s| {
                    let lo = (0..=s.span.start)
                        .rev()
                        .find(|&i| e.text.is_char_boundary(i))
                        .unwrap_or(0);
                    let hi = (s.span.end.min(e.text.len())..=e.text.len())
                        .find(|&i| e.text.is_char_boundary(i))
                        .unwrap_or(e.text.len());
                    let t: String = e.text[lo..hi].chars().take(60).collect();
                    format!("{}:{:.1}:{t:?}", s.kind.as_str(), s.weight)
                })
                .collect();
            println!(
                "  {} {} {:.2} {}",
                if e.label { "FN" } else { "FP" },
                e.id,
                r.score,
                sig.join(" | ")
            );
        }
        let ent = table.entry((e.source.clone(), e.label)).or_default();
        ent.0 += 1;
        if r.detected {
            ent.1 += 1;
        }
        let mut kinds: Vec<&'static str> = r.signals.iter().map(|s| s.kind.as_str()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for k in kinds {
            *ent.2.entry(k).or_default() += 1;
            if show.as_deref() == Some(k) && !e.label {
                let s = r.signals.iter().find(|s| s.kind.as_str() == k);
                if let Some(s) = s {
                    let a = s.span.start.saturating_sub(40);
                    let lo = (0..=a)
                        .rev()
                        .find(|&i| e.text.is_char_boundary(i))
                        .unwrap_or(0);
                    let b = (s.span.end + 40).min(e.text.len());
                    let hi = (b..=e.text.len())
                        .find(|&i| e.text.is_char_boundary(i))
                        .unwrap_or(e.text.len());
                    println!("  FP {} {}: {:?}", e.id, k, &e.text[lo..hi]);
                }
            }
        }
    }
    for ((s, l), (n, d, k)) in &table {
        println!(
            "{s:<28} {} n={n:<5} flagged={:.3} {:?}",
            u8::from(*l),
            *d as f64 / *n as f64,
            k
        );
    }
}

fn auc(scores: &mut [(f32, bool)]) -> f64 {
    scores.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut pos, mut neg, mut rank_sum) = (0f64, 0f64, 0f64);
    for (i, (_, l)) in scores.iter().enumerate() {
        if *l {
            pos += 1.0;
            rank_sum += (i + 1) as f64;
        } else {
            neg += 1.0;
        }
    }
    if pos == 0.0 || neg == 0.0 {
        return f64::NAN;
    }
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dev = None;
    let mut out = None;
    let mut cv = false;
    let mut signal_report = false;
    let mut no_train = false;
    let mut dump_dir: Option<String> = None;
    let mut heldout = Vec::new();
    let mut limit = usize::MAX;
    let mut opts = TrainOptions::default();
    let mut transformer: Option<Transformer> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--cv" => cv = true,
            "--signals" => signal_report = true,
            "--no-train" => no_train = true,
            "--dump" => dump_dir = Some(it.next().ok_or("--dump needs a directory")?.clone()),
            "--heldout" => heldout.push(it.next().ok_or("--heldout needs a file")?.clone()),
            "--limit" => {
                limit = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--limit needs a number")?;
            }
            "--epochs" => {
                opts.epochs = it.next().and_then(|s| s.parse().ok()).ok_or("--epochs N")?;
            }
            "--lr" => {
                opts.learning_rate = it.next().and_then(|s| s.parse().ok()).ok_or("--lr X")?;
            }
            "--l2" => {
                opts.l2 = it.next().and_then(|s| s.parse().ok()).ok_or("--l2 X")?;
            }
            "--transformer" => {
                let dir = it.next().ok_or("--transformer needs a directory")?;
                transformer = Some(Transformer::new(dir)?);
            }
            "--t-epochs" => {
                let n = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--t-epochs N")?;
                transformer
                    .as_mut()
                    .ok_or("--t-epochs after --transformer")?
                    .epochs(n);
            }
            "--t-margin" => {
                let m = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--t-margin X")?;
                transformer
                    .as_mut()
                    .ok_or("--t-margin after --transformer")?
                    .margin(m)?;
            }
            "--t-lower" => {
                transformer
                    .as_mut()
                    .ok_or("--t-lower after --transformer")?
                    .lower();
            }
            "--t-load" => {
                transformer
                    .as_mut()
                    .ok_or("--t-load after --transformer")?
                    .load_existing();
            }
            "--band" => {
                let b = it.next().ok_or("--band LOW:HIGH")?;
                let (lo, hi) = b.split_once(':').ok_or("--band LOW:HIGH")?;
                let lo = lo.parse().map_err(|_| "--band LOW:HIGH")?;
                let hi = hi.parse().map_err(|_| "--band LOW:HIGH")?;
                transformer
                    .as_mut()
                    .ok_or("--band after --transformer")?
                    .band(lo, hi)?;
            }
            s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
            s if dev.is_none() => dev = Some(s.to_owned()),
            s if out.is_none() => out = Some(s.to_owned()),
            s => return Err(format!("unexpected argument `{s}`")),
        }
    }
    let dev = dev.ok_or("usage: train DEV.jsonl [OUT.bin] [--cv] [--heldout F]")?;
    let out = out.unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/resources/model/injection.bin").to_owned()
    });
    let mut rows = read(&dev)?;
    rows.truncate(limit);
    eprintln!("{} rows from {dev}; options {opts:?}", rows.len());
    let refs: Vec<&Example> = rows.iter().collect();
    let limits = NormalizeLimits::default();
    if signal_report {
        report_signals(&rows);
        return Ok(());
    }
    if no_train {
        let model = Model::embedded().map_err(|e| e.to_string())?;
        report_heldout(&model, &None, &heldout, dump_dir.as_deref())?;
        return Ok(());
    }
    let prepared: Vec<Prepared> = rows.iter().map(|e| Prepared::new(e, &limits)).collect();
    let weights = example_weights(&refs);

    if cv {
        // Leave one source out: the model never saw the tested source.
        let mut sources: Vec<&str> = rows.iter().map(|e| e.source.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        let mut dump_loso = Vec::new();
        let mut dump_kf = Vec::new();
        let mut loso = Breakdown::default();
        let mut loso_scores = Vec::new();
        for s in &sources {
            let train_idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].source != *s).collect();
            let test: Vec<&Example> = rows.iter().filter(|e| e.source == *s).collect();
            let tr_refs: Vec<&Example> = train_idx.iter().map(|&i| &rows[i]).collect();
            let tr_prep: Vec<&Prepared> = train_idx.iter().map(|&i| &prepared[i]).collect();
            let w = example_weights(&tr_refs);
            let model = train_model(&tr_prep, &w, &opts);
            evaluate(
                &model,
                &None,
                &test,
                &mut loso,
                &mut loso_scores,
                &mut dump_loso,
            )?;
            eprintln!("  loso {s}: done");
        }
        println!("## Leave-one-source-out (each source scored by a model trained on the others)\n");
        println!("{}", loso.table());
        println!("AUC {:.4}\n", auc(&mut loso_scores));

        // Grouped, stratified 5-fold.
        let g = groups(&refs);
        let folds = stratified_folds(&refs, &g, 5, 7);
        let mut kf = Breakdown::default();
        let mut kf_scores = Vec::new();
        for f in 0..5 {
            let train_idx: Vec<usize> = (0..rows.len()).filter(|&i| folds[i] != f).collect();
            let test: Vec<&Example> = (0..rows.len())
                .filter(|&i| folds[i] == f)
                .map(|i| &rows[i])
                .collect();
            let tr_refs: Vec<&Example> = train_idx.iter().map(|&i| &rows[i]).collect();
            let tr_prep: Vec<&Prepared> = train_idx.iter().map(|&i| &prepared[i]).collect();
            let w = example_weights(&tr_refs);
            let model = train_model(&tr_prep, &w, &opts);
            evaluate(&model, &None, &test, &mut kf, &mut kf_scores, &mut dump_kf)?;
            if let Some(ts) = &mut transformer {
                let tr_rows: Vec<&Example> = train_idx.iter().map(|&i| &rows[i]).collect();
                let second = ts.train(&tr_rows)?;
                evaluate(
                    &model,
                    &second,
                    &test,
                    &mut ts.kf,
                    &mut ts.kf_scores,
                    &mut Vec::new(),
                )?;
            }
            eprintln!("  fold {f}: done");
        }
        println!("## Grouped stratified 5-fold (BIPIA rows grouped by shared context)\n");
        println!("{}", kf.table());
        println!("AUC {:.4}\n", auc(&mut kf_scores));
        if let Some(ts) = &mut transformer {
            println!(
                "## Grouped stratified 5-fold, with the second stage ({})\n",
                ts.describe()
            );
            println!("{}", ts.kf.table());
            println!("AUC {:.4}\n", auc(&mut ts.kf_scores));
        }
        if let Some(dir) = &dump_dir {
            write_dump(&format!("{dir}/loso.jsonl"), &dump_loso)?;
            write_dump(&format!("{dir}/kfold.jsonl"), &dump_kf)?;
        }
    }

    let all: Vec<&Prepared> = prepared.iter().collect();
    let model = train_model(&all, &weights, &opts);
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    eprintln!("wrote {} bytes to {out}", bytes.len());

    report_heldout(&model, &None, &heldout, dump_dir.as_deref())?;
    if let Some(ts) = &mut transformer {
        let second = ts.train(&refs)?;
        ts.save(&second)?;
        println!("# With the second stage ({})\n", ts.describe());
        report_heldout(&model, &second, &heldout, None)?;
    }
    Ok(())
}

fn write_dump(path: &str, lines: &[String]) -> Result<(), String> {
    let mut s = lines.join("\n");
    s.push('\n');
    std::fs::write(path, s).map_err(|e| format!("{path}: {e}"))
}

fn report_heldout(
    model: &Model,
    second: &Second,
    heldout: &[String],
    dump_dir: Option<&str>,
) -> Result<(), String> {
    for h in heldout {
        let rows = read(h)?;
        let refs: Vec<&Example> = rows.iter().collect();
        let mut b = Breakdown::default();
        let mut sc = Vec::new();
        let mut d = Vec::new();
        evaluate(model, second, &refs, &mut b, &mut sc, &mut d)?;
        if let Some(dir) = dump_dir {
            let name = std::path::Path::new(h)
                .file_stem()
                .map_or_else(|| "heldout".into(), |s| s.to_string_lossy().into_owned());
            write_dump(&format!("{dir}/{name}.jsonl"), &d)?;
        }
        println!("## Held out: {h}\n");
        println!("{}", b.table());
        println!("AUC {:.4}\n", auc(&mut sc));
    }
    Ok(())
}

/// Training and scoring state of the second stage.
#[cfg(feature = "transformer")]
struct Transformer {
    dir: String,
    load: bool,
    options: moat_transformer::TrainOptions,
    stage: moat_guard::injection::second_stage::SecondStageConfig,
    kf: Breakdown,
    kf_scores: Vec<(f32, bool)>,
}

#[cfg(feature = "transformer")]
impl Transformer {
    fn new(dir: &str) -> Result<Self, String> {
        Ok(Transformer {
            dir: dir.to_owned(),
            load: false,
            options: moat_transformer::TrainOptions::default(),
            stage: moat_guard::injection::second_stage::SecondStageConfig {
                path: dir.into(),
                ..Default::default()
            },
            kf: Breakdown::default(),
            kf_scores: Vec::new(),
        })
    }

    fn epochs(&mut self, n: usize) {
        self.options.epochs = n;
    }

    fn band(&mut self, low: f32, high: f32) -> Result<(), String> {
        self.stage.low = low;
        self.stage.high = high;
        self.stage.validate_numbers().map_err(|e| e.to_string())
    }

    fn margin(&mut self, margin: f32) -> Result<(), String> {
        self.stage.margin = margin;
        self.stage.validate_numbers().map_err(|e| e.to_string())
    }

    fn lower(&mut self) {
        self.stage.lower = true;
    }

    fn load_existing(&mut self) {
        self.load = true;
    }

    fn describe(&self) -> String {
        format!(
            "band {}..{}, weight {}, cap {}, margin {}, lower {}, {}",
            self.stage.low,
            self.stage.high,
            self.stage.weight,
            self.stage.cap,
            self.stage.margin,
            self.stage.lower,
            if self.load {
                format!("loaded from {}", self.dir)
            } else {
                format!("{} epochs", self.options.epochs)
            }
        )
    }

    /// Train on the normalised texts of `rows`.
    fn train(&self, rows: &[&Example]) -> Result<Second, String> {
        if self.load {
            let c = moat_transformer::Classifier::load(std::path::Path::new(&self.dir))
                .map_err(|e| e.to_string())?;
            return Ok(Some((self.stage.clone(), std::sync::Arc::new(c))));
        }
        let limits = NormalizeLimits::default();
        let texts: Vec<(String, bool)> = rows
            .iter()
            .map(|e| (normalize(&e.text, &limits).text, e.label))
            .collect();
        let pairs: Vec<(&str, bool)> = texts.iter().map(|(t, l)| (t.as_str(), *l)).collect();
        let started = std::time::Instant::now();
        let c = moat_transformer::train(&pairs, &self.options, |epoch, loss| {
            eprintln!(
                "    transformer epoch {epoch}: loss {loss:.4} ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        })
        .map_err(|e| e.to_string())?;
        Ok(Some((self.stage.clone(), std::sync::Arc::new(c))))
    }

    fn save(&self, second: &Second) -> Result<(), String> {
        if self.load {
            return Ok(());
        }
        if let Some((_, c)) = second {
            c.save(std::path::Path::new(&self.dir))
                .map_err(|e| e.to_string())?;
            eprintln!("wrote the transformer to {}", self.dir);
        }
        Ok(())
    }
}

/// Without the feature, asking for the second stage is an error.
#[cfg(not(feature = "transformer"))]
struct Transformer {
    kf: Breakdown,
    kf_scores: Vec<(f32, bool)>,
}

#[cfg(not(feature = "transformer"))]
impl Transformer {
    fn new(_: &str) -> Result<Self, String> {
        Err("--transformer needs a build with `--features transformer`".into())
    }
    fn epochs(&mut self, _: usize) {}
    fn band(&mut self, _: f32, _: f32) -> Result<(), String> {
        Ok(())
    }
    fn margin(&mut self, _: f32) -> Result<(), String> {
        Ok(())
    }
    fn lower(&mut self) {}
    fn load_existing(&mut self) {}
    fn describe(&self) -> String {
        String::new()
    }
    fn train(&self, _: &[&Example]) -> Result<Second, String> {
        Ok(None)
    }
    fn save(&self, _: &Second) -> Result<(), String> {
        Ok(())
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train: error: {e}");
            ExitCode::from(2)
        }
    }
}
