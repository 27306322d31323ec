use std::path::PathBuf;
use std::time::Duration;

use moat_core::ExitStatus;
use moat_redteam::attack::{self, DEFAULT_SYSTEM_PROMPT, system_with_canary};
use moat_redteam::converters;
use moat_redteam::journal::{Journal, StoreRun};
use moat_redteam::judges::canary_for_seed;
use moat_redteam::judges::llm::{LlmJudge, calibrate};
use moat_redteam::report::{self, Report, RunInfo};
use moat_redteam::runfile::{Campaign, RunFile};
use moat_redteam::targets::{AnswerPath, RequestTemplate};
use moat_redteam::{Registry, RunOptions, Runner, Target, TargetConfig, TargetKind};

/// Arguments of `moat redteam`.
///
/// Attacks an AI endpoint with OWASP Top 10 for LLM Applications 2025 / MITRE ATLAS mapped
/// probes, judges every answer and reports the attack success rate (ASR). Exit codes: 0 when the
/// ASR is at or below `--fail-above` (or no threshold is set), 1 when it is above, 2 when the run
/// could not be done or nothing could be judged.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Target URL: OpenAI-compatible base (`http://127.0.0.1:8765/v1`), Azure endpoint,
    /// Anthropic base, or the full URL of a generic HTTP endpoint.
    #[arg(long, required_unless_present = "dry_run")]
    target: Option<String>,
    /// Model name (Azure: deployment name).
    #[arg(long, required_unless_present = "dry_run")]
    model: Option<String>,
    /// API kind of the target: openai, azure, anthropic, http.
    #[arg(long, default_value = "openai")]
    target_kind: TargetKind,
    /// Environment variable holding the API key (default: OPENAI_API_KEY, AZURE_OPENAI_API_KEY,
    /// ANTHROPIC_API_KEY or MOAT_TARGET_API_KEY by kind).
    #[arg(long)]
    api_key_env: Option<String>,
    /// Azure OpenAI api-version.
    #[arg(long, default_value = "2024-10-21")]
    api_version: String,
    /// Extra request header, `Name: value`; `${VAR}` is replaced from the environment. Repeatable.
    #[arg(long = "header")]
    headers: Vec<String>,
    /// Generic HTTP target: JSON request template file with {{prompt}}, {{system}}, {{model}},
    /// "{{messages}}" placeholders.
    #[arg(long)]
    request_template: Option<PathBuf>,
    /// Generic HTTP target: path to the answer text, e.g. `$.data.reply`.
    #[arg(long)]
    answer_path: Option<String>,
    /// System prompt file for the target (a canary is planted: `{canary}` is replaced, or a
    /// canary line is appended). Default: a built-in bank-assistant prompt.
    #[arg(long)]
    system_prompt: Option<PathBuf>,
    /// Probes: comma-separated `all`, families, OWASP ids (LLM07) or probe ids; `-x` removes.
    #[arg(long, default_value = "all")]
    probes: String,
    /// Converter chains: comma-separated; `+` composes (`base64+codeblock`); `none` is the
    /// plain attack; `all` is every converter alone plus `none`.
    #[arg(long, default_value = "none")]
    converters: String,
    /// Seed for the canary, converters and the target's sampling.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Attacks in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    concurrency: u16,
    /// Requests per second across the run (0: unlimited).
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// Retries of transient failures (unreachable, timeout, 429, 5xx).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=10))]
    retries: u32,
    /// First retry backoff in milliseconds (doubles each retry, with jitter).
    #[arg(long, default_value_t = 500)]
    backoff_ms: u64,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 60.0)]
    timeout: f64,
    /// Largest response body read, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    max_response_bytes: usize,
    /// Output tokens per answer.
    #[arg(long, default_value_t = 512)]
    max_tokens: u32,
    /// Describe tools only in the system prompt, without native function calling.
    #[arg(long)]
    no_native_tools: bool,
    /// Keep the run in the store under this name: each result is committed as it lands, and
    /// rerunning the same command resumes, skipping attacks already judged. The store is
    /// `--store`, else `sqlite://$MOAT_DATA_DIR/moat.db` (`./moat-data/moat.db`).
    #[arg(long, conflicts_with = "run_dir")]
    run_id: Option<String>,
    /// Store for `--run-id`: `sqlite://PATH`, a path, or `postgres://...`.
    #[arg(long, requires = "run_id")]
    store: Option<String>,
    /// Lease on a stored run, in seconds: another process may resume a run whose holder has
    /// not renewed it for this long (renewed every third of it).
    #[arg(long, default_value_t = 30, hide = true, value_parser = clap::value_parser!(u64).range(1..=3600))]
    lease_secs: u64,
    /// Directory for a resumable run kept as files (run.json + results.jsonl) instead of the
    /// store; rerunning with it skips attacks already judged.
    #[arg(long)]
    run_dir: Option<PathBuf>,
    /// Optional LLM judge: an OpenAI-compatible base URL.
    #[arg(long, requires = "judge_model")]
    judge_url: Option<String>,
    /// LLM judge model.
    #[arg(long)]
    judge_model: Option<String>,
    /// Environment variable holding the LLM judge's API key.
    #[arg(long, default_value = "MOAT_JUDGE_API_KEY")]
    judge_api_key_env: String,
    /// Write the JSON report here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write a SARIF 2.1.0 report here.
    #[arg(long)]
    sarif: Option<PathBuf>,
    /// Write a JUnit XML report here.
    #[arg(long)]
    junit: Option<PathBuf>,
    /// Write a self-contained HTML report here.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Exit 1 when the attack success rate is above this (0.0-1.0).
    #[arg(long)]
    fail_above: Option<f64>,
    /// Print the attacks that would be sent, and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

fn print_attacks(
    out: &mut impl std::io::Write,
    attacks: &[attack::Attack],
    probes: usize,
    chains: usize,
    seed: u64,
    canary: &str,
) -> std::io::Result<()> {
    writeln!(
        out,
        "# {} attacks ({probes} probes x {chains} converter chains), seed {seed}, canary {canary}",
        attacks.len()
    )?;
    for a in attacks {
        writeln!(
            out,
            "\n## {}  [{} {} | converter {}]",
            a.id, a.probe.owasp, a.probe.atlas, a.converter
        )?;
        if !a.prefix.is_empty() {
            writeln!(out, "({} earlier fake messages)", a.prefix.len())?;
        }
        for (i, t) in a.turns.iter().enumerate() {
            writeln!(out, "--- turn {} ---\n{t}", i + 1)?;
        }
    }
    out.flush()
}

fn fail(msg: impl std::fmt::Display) -> ExitStatus {
    eprintln!("moat: error: {msg}");
    ExitStatus::Error
}

fn expand_env(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("`{s}`: unclosed `${{`"))?;
        let name = &after[..end];
        let v = std::env::var(name)
            .map_err(|_| format!("`{s}`: environment variable `{name}` is not set"))?;
        out.push_str(&v);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn read_small(path: &PathBuf, what: &str) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{what} `{}`: {e}", path.display()))?;
    if meta.len() > 1024 * 1024 {
        return Err(format!("{what} `{}`: larger than 1 MiB", path.display()));
    }
    std::fs::read_to_string(path).map_err(|e| format!("{what} `{}`: {e}", path.display()))
}

pub fn run(args: Args) -> ExitStatus {
    match run_inner(args) {
        Ok(s) => s,
        Err(e) => fail(e),
    }
}

fn run_inner(args: Args) -> Result<ExitStatus, String> {
    if let Some(f) = args.fail_above
        && !(0.0..=1.0).contains(&f)
    {
        return Err(format!("--fail-above {f}: must be between 0 and 1"));
    }
    if !(args.timeout > 0.0 && args.timeout <= 3600.0) {
        return Err("--timeout: must be between 0 and 3600 seconds".into());
    }
    if !(args.rate >= 0.0 && args.rate.is_finite()) {
        return Err("--rate: must be 0 or more".into());
    }
    let registry = Registry::builtin().map_err(|e| e.to_string())?;
    let probes = registry
        .select(&args.probes)
        .map_err(|e| format!("--probes: {e}"))?;
    let chains =
        converters::parse_set(&args.converters).map_err(|e| format!("--converters: {e}"))?;
    let base_system = match &args.system_prompt {
        Some(p) => read_small(p, "--system-prompt")?,
        None => DEFAULT_SYSTEM_PROMPT.to_string(),
    };
    let canary = canary_for_seed(args.seed);
    let system = system_with_canary(&base_system, &canary);
    let attacks = attack::build(&probes, &chains, &system, args.seed);

    if args.dry_run {
        // Written with errors checked: `moat redteam --dry-run | head` ends quietly (exit 0).
        let mut out = std::io::stdout().lock();
        let written = print_attacks(
            &mut out,
            &attacks,
            probes.len(),
            chains.len(),
            args.seed,
            &canary,
        );
        match written {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(format!("writing to stdout: {e}"));
            }
            _ => {}
        }
        return Ok(ExitStatus::Clean);
    }

    let url = args.target.clone().unwrap_or_default();
    let model = args.model.clone().unwrap_or_default();
    let key_env = args.api_key_env.clone().unwrap_or_else(|| {
        match args.target_kind {
            TargetKind::OpenAi => "OPENAI_API_KEY",
            TargetKind::Azure => "AZURE_OPENAI_API_KEY",
            TargetKind::Anthropic => "ANTHROPIC_API_KEY",
            TargetKind::Http => "MOAT_TARGET_API_KEY",
        }
        .to_string()
    });
    let mut cfg = TargetConfig::new(args.target_kind, &url, &model);
    cfg.api_key = std::env::var(&key_env).ok().filter(|k| !k.is_empty());
    cfg.api_version = args.api_version.clone();
    cfg.timeout = Duration::from_secs_f64(args.timeout);
    cfg.max_response_bytes = args.max_response_bytes.max(1024);
    cfg.max_tokens = args.max_tokens;
    cfg.seed = Some(args.seed);
    cfg.native_tools = !args.no_native_tools;
    for h in &args.headers {
        let (k, v) = h
            .split_once(':')
            .ok_or_else(|| format!("--header `{h}`: expected `Name: value`"))?;
        cfg.headers.push((
            k.trim().to_string(),
            expand_env(v.trim()).map_err(|e| format!("--header {e}"))?,
        ));
    }
    if let Some(p) = &args.request_template {
        cfg.template = Some(
            RequestTemplate::parse(&read_small(p, "--request-template")?)
                .map_err(|e| format!("--request-template `{}`: {e}", p.display()))?,
        );
    }
    if let Some(p) = &args.answer_path {
        cfg.answer_path = Some(AnswerPath::parse(p)?);
    }
    let target = Target::new(cfg)?;

    let llm_judge = match (&args.judge_url, &args.judge_model) {
        (Some(u), Some(m)) => {
            let mut jc = TargetConfig::new(TargetKind::OpenAi, u, m);
            jc.api_key = std::env::var(&args.judge_api_key_env)
                .ok()
                .filter(|k| !k.is_empty());
            jc.timeout = Duration::from_secs_f64(args.timeout);
            Some(LlmJudge::new(jc)?)
        }
        _ => None,
    };

    let mut ids: Vec<&str> = attacks.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    let fingerprint = {
        use sha2_digest::digest;
        // Everything that changes what is sent, so a resume never mixes answers to different
        // requests into one ASR.
        digest(&format!(
            "{:?}\n{url}\n{model}\n{}\nmax_tokens={} native_tools={}\n{system}\n{}",
            args.target_kind,
            args.seed,
            args.max_tokens,
            !args.no_native_tools,
            ids.join(",")
        ))
    };
    let campaign = Campaign {
        fingerprint,
        target: url.clone(),
        model: model.clone(),
        seed: args.seed,
        attacks: attacks.len(),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let journal = match (&args.run_dir, &args.run_id) {
        (Some(d), _) => Some(Journal::File(RunFile::open(d, &campaign)?)),
        (None, Some(id)) => {
            let store_url = args
                .store
                .clone()
                .unwrap_or_else(|| moat_store::StoreConfig::default().url());
            let lease = Duration::from_secs(args.lease_secs);
            let run = rt.block_on(async {
                let store = moat_store::Store::open(&store_url)
                    .await
                    .map_err(|e| format!("--store: {e}"))?;
                StoreRun::open(store, id, &campaign, lease).await
            })?;
            if !args.quiet {
                eprintln!(
                    "moat: run `{id}` {} in {}",
                    if run.resumed() { "resumed" } else { "started" },
                    run.store_target()
                );
            }
            Some(Journal::Store(run))
        }
        (None, None) => None,
    };
    let total = attacks.len();
    let show = !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let done = std::sync::atomic::AtomicUsize::new(0);
    let (results, calibration) = rt.block_on(async {
        let calibration = match &llm_judge {
            Some(j) => match calibrate(j).await {
                Ok(c) => Some(c),
                Err(e) => {
                    eprintln!("moat: warning: LLM judge calibration failed: {e}");
                    None
                }
            },
            None => None,
        };
        let runner = Runner {
            target,
            llm_judge,
            options: RunOptions {
                concurrency: args.concurrency as usize,
                rate: args.rate,
                retries: args.retries,
                backoff: Duration::from_millis(args.backoff_ms),
                seed: args.seed,
                canary: canary.clone(),
            },
            journal,
        };
        let results = runner
            .run(attacks, |r, resumed| {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if show {
                    let mark = if r.error.is_some() {
                        "error"
                    } else if r.success {
                        "SUCCESS"
                    } else {
                        "held"
                    };
                    let bar_w = 30;
                    let filled = n * bar_w / total.max(1);
                    eprint!(
                        "\r[{}{}] {n}/{total} {}{:<40}",
                        "#".repeat(filled),
                        ".".repeat(bar_w - filled),
                        if resumed { "(resumed) " } else { "" },
                        format!("{} {mark}", r.id)
                            .chars()
                            .take(40)
                            .collect::<String>()
                    );
                }
            })
            .await;
        if show {
            eprintln!();
        }
        (results, calibration)
    });
    let results = results.map_err(|e| e.to_string())?;

    let report = Report::new(
        results,
        RunInfo::new(
            &url,
            &format!("{:?}", args.target_kind).to_lowercase(),
            &model,
            args.seed,
        ),
        calibration,
    );
    let write = |path: &Option<PathBuf>, text: String| -> Result<(), String> {
        if let Some(p) = path {
            std::fs::write(p, text).map_err(|e| format!("`{}`: {e}", p.display()))?;
        }
        Ok(())
    };
    write(&args.json, report::to_json(&report))?;
    write(&args.sarif, report::to_sarif(&report))?;
    write(&args.junit, report::to_junit(&report))?;
    write(&args.html, report::to_html(&report))?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        if let Err(e) = out
            .write_all(report::to_text(&report).as_bytes())
            .and_then(|_| out.flush())
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            return Err(format!("writing to stdout: {e}"));
        }
    }

    if report.summary.attacks > 0 && report.summary.judged() == 0 {
        eprintln!("moat: error: no attack could be judged (see the report)");
        return Ok(ExitStatus::Error);
    }
    Ok(match args.fail_above {
        Some(t) if report.summary.asr > t => ExitStatus::Findings,
        _ => ExitStatus::Clean,
    })
}

mod sha2_digest {
    /// Hex SHA-256, via the red-team crate's canary helper to avoid a new dependency here.
    pub fn digest(s: &str) -> String {
        moat_redteam::runfile::fingerprint(s)
    }
}
