//! `moat audit`: verify, query, export and prune the tamper-evident audit trail.

use std::io::Write;
use std::path::PathBuf;

use moat_core::ExitStatus;
use moat_store::{EventFilter, Store, StoreConfig, StoredEvent, VerifyOptions};

/// Arguments of `moat audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Moat config file; its `store:` section says where the audit trail is.
    #[arg(long, global = true, env = "MOAT_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL (`sqlite://PATH`, a path, or `postgres://...`); overrides the config.
    #[arg(long, global = true, env = "MOAT_STORE_URL", value_name = "URL")]
    store: Option<String>,
    /// Data directory (default `$MOAT_DATA_DIR` or `./moat-data`); overrides the config.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, clap::Subcommand)]
enum Cmd {
    /// Prove every instance's hash chain intact and every checkpoint valid. Exits 1 on any
    /// break (naming the first bad event), 2 if the store cannot be read.
    Verify(VerifyArgs),
    /// Print events matching filters, as a table or JSON lines.
    Query(QueryArgs),
    /// Stream events for a SIEM, as JSON lines or OCSF (API Activity, class 6003, OCSF 1.3.0).
    Export(ExportArgs),
    /// Remove events older than a date; a signed checkpoint marks each chain's new start.
    Prune(PruneArgs),
    /// Print the audit signing key's public half (creating the key if absent).
    Key(KeyArgs),
    /// Append synthetic events and print each acknowledged sequence number (crash tests).
    #[command(name = "_load-test", hide = true)]
    LoadTest(LoadTestArgs),
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    /// Checkpoint file kept elsewhere (JSON lines, as written by `store.checkpoint.file`);
    /// catches a cut tail or a rewritten chain. Repeatable.
    #[arg(long, value_name = "FILE")]
    checkpoint: Vec<PathBuf>,
    /// Trusted public key (PEM, hex, or the private key file). Default: the configured
    /// signing key's `.pub` file, if present.
    #[arg(long, value_name = "FILE")]
    public_key: Option<PathBuf>,
    /// Verify only this instance.
    #[arg(long)]
    instance: Option<String>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Debug, clap::Args)]
struct Filters {
    /// Events at or after this time (RFC 3339, YYYY-MM-DD, or an age such as 24h, 7d).
    #[arg(long)]
    since: Option<String>,
    /// Events before this time.
    #[arg(long)]
    until: Option<String>,
    /// Agent or user id.
    #[arg(long, alias = "agent", alias = "user")]
    identity: Option<String>,
    /// Credential (API key or token) id.
    #[arg(long)]
    credential: Option<String>,
    /// Route name.
    #[arg(long)]
    route: Option<String>,
    /// Action taken (allow, block, mask, deny, ...).
    #[arg(long)]
    action: Option<String>,
    /// Events with at least one finding of this type (e.g. pii.email).
    #[arg(long)]
    finding: Option<String>,
    /// Request id.
    #[arg(long)]
    request_id: Option<String>,
    /// Only this instance.
    #[arg(long)]
    instance: Option<String>,
}

#[derive(Debug, clap::Args)]
struct QueryArgs {
    #[command(flatten)]
    filters: Filters,
    /// At most this many events.
    #[arg(long, default_value_t = 100)]
    limit: u64,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = ["table", "jsonl"])]
    format: String,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    #[command(flatten)]
    filters: Filters,
    /// Output format.
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "ocsf"])]
    format: String,
}

#[derive(Debug, clap::Args)]
struct PruneArgs {
    /// Remove events older than this (RFC 3339, YYYY-MM-DD, or an age such as 90d).
    #[arg(long)]
    before: String,
    /// Signing key for the new start checkpoints. Default: the configured one.
    #[arg(long, value_name = "FILE")]
    signing_key: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct KeyArgs {}

#[derive(Debug, clap::Args)]
struct LoadTestArgs {
    /// Instance id to write as.
    #[arg(long)]
    instance: String,
    /// Events to append (per task).
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// Concurrent appending tasks.
    #[arg(long, default_value_t = 8)]
    concurrency: u64,
    /// Durability mode.
    #[arg(long, default_value = "acknowledged")]
    mode: String,
}

pub fn run(args: Args) -> ExitStatus {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("moat: error: cannot start runtime: {e}");
            return ExitStatus::Error;
        }
    };
    match rt.block_on(run_async(args)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("moat: error: {e}");
            ExitStatus::Error
        }
    }
}

fn config(args: &Args) -> Result<StoreConfig, String> {
    let mut cfg = match &args.config {
        Some(p) => StoreConfig::from_moat_yaml(p).map_err(|e| e.to_string())?,
        None => StoreConfig::default(),
    };
    if let Some(u) = &args.store {
        cfg.url = Some(u.clone());
    }
    if let Some(d) = &args.data_dir {
        cfg.data_dir = Some(d.clone());
    }
    cfg.validate().map_err(|e| e.to_string())?;
    Ok(cfg)
}

fn time_arg(
    name: &str,
    v: &Option<String>,
) -> Result<Option<moat_store::time::OffsetDateTime>, String> {
    v.as_deref()
        .map(|s| moat_store::parse_time_arg(s).map_err(|e| format!("--{name}: {e}")))
        .transpose()
}

fn filter(f: &Filters, limit: Option<u64>) -> Result<EventFilter, String> {
    Ok(EventFilter {
        instance: f.instance.clone(),
        since: time_arg("since", &f.since)?,
        until: time_arg("until", &f.until)?,
        actor: f.identity.clone(),
        credential: f.credential.clone(),
        route: f.route.clone(),
        action: f.action.clone(),
        finding: f.finding.clone(),
        request_id: f.request_id.clone(),
        limit,
    })
}

/// Writes to stdout; a closed pipe (e.g. `| head`) ends output quietly.
fn out_line(out: &mut impl Write, line: &str) -> Result<(), moat_store::StoreError> {
    match writeln!(out, "{line}") {
        Ok(()) => Ok(()),
        Err(e) => Err(moat_store::StoreError::Io {
            path: "stdout".into(),
            source: e,
        }),
    }
}

fn is_broken_pipe(e: &moat_store::StoreError) -> bool {
    matches!(e, moat_store::StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

async fn run_async(args: Args) -> Result<ExitStatus, String> {
    let cfg = config(&args)?;
    let store = Store::from_config(&cfg).await.map_err(|e| e.to_string())?;
    match args.cmd {
        Cmd::Verify(v) => verify(&store, &cfg, v).await,
        Cmd::Query(q) => {
            let f = filter(&q.filters, Some(q.limit))?;
            let mut out = std::io::BufWriter::new(std::io::stdout());
            let jsonl = q.format == "jsonl";
            if !jsonl {
                let _ = writeln!(
                    out,
                    "{:<27} {:<16} {:>7} {:<20} {:<16} {:<14} {:<10} FINDINGS",
                    "TIME", "INSTANCE", "SEQ", "IDENTITY", "ROUTE", "TARGET", "ACTION"
                );
            }
            let res = store
                .for_each_event(&f, |e| {
                    let line = if jsonl {
                        jsonl_line(&e)
                    } else {
                        table_line(&e)
                    };
                    out_line(&mut out, &line)
                })
                .await;
            let _ = out.flush();
            match res {
                Ok(_) => Ok(ExitStatus::Clean),
                Err(e) if is_broken_pipe(&e) => Ok(ExitStatus::Clean),
                Err(e) => Err(e.to_string()),
            }
        }
        Cmd::Export(x) => {
            let f = filter(&x.filters, None)?;
            let mut out = std::io::BufWriter::new(std::io::stdout());
            let ocsf = x.format == "ocsf";
            let res = store
                .for_each_event(&f, |e| {
                    let line = if ocsf {
                        moat_store::to_ocsf(&e).to_string()
                    } else {
                        jsonl_line(&e)
                    };
                    out_line(&mut out, &line)
                })
                .await;
            let _ = out.flush();
            match res {
                Ok(_) => Ok(ExitStatus::Clean),
                Err(e) if is_broken_pipe(&e) => Ok(ExitStatus::Clean),
                Err(e) => Err(e.to_string()),
            }
        }
        Cmd::Prune(p) => {
            let before =
                moat_store::parse_time_arg(&p.before).map_err(|e| format!("--before: {e}"))?;
            let key_path = p.signing_key.unwrap_or_else(|| cfg.signing_key_file());
            let key = moat_store::AuditKey::load(&key_path).map_err(|e| e.to_string())?;
            let r = store.prune(before, &key).await.map_err(|e| e.to_string())?;
            if r.pruned.is_empty() {
                println!("nothing to prune before {}", p.before);
            }
            for (cp, n) in &r.pruned {
                println!(
                    "instance {}: removed {n} events; chain now starts after seq {} (head {})",
                    cp.instance, cp.seq, cp.head
                );
                if let Some(file) = &cfg.checkpoint.file {
                    let line = serde_json::to_string(cp).map_err(|e| e.to_string())?;
                    append_line(file, &line)?;
                }
            }
            Ok(ExitStatus::Clean)
        }
        Cmd::Key(_) => {
            let path = cfg.signing_key_file();
            let (key, created) =
                moat_store::AuditKey::load_or_generate(&path).map_err(|e| e.to_string())?;
            if created {
                eprintln!("moat: generated audit signing key {}", path.display());
            }
            println!("{}", key.public().to_hex());
            eprintln!(
                "public key file: {}",
                moat_store::public_key_path(&path).display()
            );
            Ok(ExitStatus::Clean)
        }
        Cmd::LoadTest(l) => load_test(&store, &cfg, l).await,
    }
}

fn append_line(path: &std::path::Path, line: &str) -> Result<(), String> {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    writeln!(f, "{line}")
        .and_then(|_| f.sync_data())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn jsonl_line(e: &StoredEvent) -> String {
    serde_json::to_string(e).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
}

fn table_line(e: &StoredEvent) -> String {
    let ev = &e.event;
    let time = ev
        .time
        .format(&moat_store::time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let who = ev.actor.as_ref().map(|a| a.id.as_str()).unwrap_or("-");
    let target = ev.model.as_deref().or(ev.tool.as_deref()).unwrap_or("-");
    let findings: Vec<String> = ev
        .findings
        .iter()
        .map(|f| format!("{}x{}", f.kind, f.count))
        .collect();
    format!(
        "{:<27} {:<16} {:>7} {:<20} {:<16} {:<14} {:<10} {}",
        time,
        e.instance,
        e.seq,
        who,
        ev.route,
        target,
        ev.action,
        if findings.is_empty() {
            "-".into()
        } else {
            findings.join(",")
        }
    )
}

async fn verify(store: &Store, cfg: &StoreConfig, v: VerifyArgs) -> Result<ExitStatus, String> {
    let trusted = match &v.public_key {
        Some(p) => Some(moat_store::PublicKey::load(p).map_err(|e| e.to_string())?),
        None => {
            let key = cfg.signing_key_file();
            let pubf = moat_store::public_key_path(&key);
            if pubf.exists() {
                Some(moat_store::PublicKey::load(&pubf).map_err(|e| e.to_string())?)
            } else if key.exists() {
                Some(moat_store::PublicKey::load(&key).map_err(|e| e.to_string())?)
            } else {
                None
            }
        }
    };
    let mut external = Vec::new();
    for f in &v.checkpoint {
        external.extend(moat_store::read_checkpoint_file(f).map_err(|e| e.to_string())?);
    }
    let opts = VerifyOptions {
        trusted,
        external,
        instance: v.instance,
    };
    let report = store.verify(&opts).await.map_err(|e| e.to_string())?;
    if v.format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        );
    } else {
        if !report.trusted_key {
            eprintln!(
                "moat: warning: no trusted public key (--public-key): checkpoint signatures \
                 prove integrity only, not who signed them"
            );
        }
        for i in &report.instances {
            match i.problems.first() {
                None => println!(
                    "ok      instance {}: {} events (seq {}..={}), {} checkpoints, head {}",
                    i.instance,
                    i.events,
                    i.start_after + 1,
                    i.last_seq,
                    i.checkpoints_checked,
                    i.head
                ),
                Some(b) => {
                    println!(
                        "BROKEN  instance {}: first bad event seq {} ({:?}): {}",
                        i.instance, b.seq, b.kind, b.detail
                    );
                    for more in i.problems.iter().skip(1) {
                        println!(
                            "        also: seq {} ({:?}): {}",
                            more.seq, more.kind, more.detail
                        );
                    }
                }
            }
        }
        if report.instances.is_empty() {
            println!("ok      no audit events");
        }
    }
    Ok(if report.is_ok() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

async fn load_test(
    store: &Store,
    cfg: &StoreConfig,
    l: LoadTestArgs,
) -> Result<ExitStatus, String> {
    let mut c = cfg.clone();
    c.instance_id = Some(l.instance.clone());
    c.mode = l.mode.parse().map_err(|e| format!("--mode: {e}"))?;
    let sink = store
        .audit_sink_from_config(&c)
        .await
        .map_err(|e| e.to_string())?;
    let out = std::sync::Arc::new(std::sync::Mutex::new(std::io::stdout()));
    // Request ids are unique across runs: `lt-<pid>-<task>-<n>`.
    let run = std::process::id();
    let mut tasks = Vec::new();
    for t in 0..l.concurrency {
        let sink = sink.clone();
        let out = out.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..l.count {
                let mut e =
                    moat_store::AuditEvent::new(format!("lt-{run}-{t}-{i}"), "load", "allow");
                e.latency_us = i;
                match sink.append(e).await {
                    Ok(moat_store::Ack::Durable { seq }) => {
                        // Printed only after the append returned: the event is durable.
                        if let Ok(mut o) = out.lock() {
                            let _ = writeln!(o, "ack {seq} lt-{run}-{t}-{i}");
                            let _ = o.flush();
                        }
                    }
                    Ok(moat_store::Ack::Queued) => {}
                    Err(err) => return Err(err.to_string()),
                }
            }
            Ok(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    sink.shutdown().await.map_err(|e| e.to_string())?;
    Ok(ExitStatus::Clean)
}
