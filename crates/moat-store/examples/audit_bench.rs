//! Audit store benchmark: sustained append throughput with group commit, the latency an
//! acknowledged append adds (p50/p99), and `verify` time, on SQLite and (if
//! `MOAT_TEST_POSTGRES_URL` is set) PostgreSQL. Prints a table.
//!
//! cargo run --release -p moat-store --example audit_bench -- [EVENTS] [CONCURRENCY] [VERIFY_EVENTS]
//!
//! `VERIFY_EVENTS=0` skips the verify run; `AUDIT_BENCH_ENGINE=sqlite|postgres` runs one engine.

use std::time::{Duration, Instant};

use moat_store::{
    Actor, AuditEvent, AuditKey, Content, ContentMode, Durability, FindingCount, SinkOptions,
    Store, VerifyOptions,
};

fn event(i: u64) -> AuditEvent {
    let mut e = AuditEvent::new(format!("req-{i:012}"), "openai-chat", "allow");
    e.actor = Some(Actor {
        kind: moat_core::PrincipalKind::Agent,
        id: "billing-bot".into(),
        credential_id: Some("mk_3f9a1c".into()),
    });
    e.model = Some("gpt-4o-mini".into());
    e.findings.push(FindingCount {
        kind: "pii.email".into(),
        count: 1,
    });
    e.scores.insert("injection".into(), 0.02);
    e.upstream_status = Some(200);
    e.latency_us = 1234;
    e.policy_version = Some("p-7".into());
    e.prompt = Some(Content::record(ContentMode::None, "hello there", None));
    e
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

struct Row {
    engine: String,
    mode: &'static str,
    events: u64,
    conc: u64,
    rate: f64,
    p50: Duration,
    p99: Duration,
}

/// Appends `events` events (rounded down to a multiple of `conc`, at least `conc`) from `conc`
/// concurrent tasks, each awaiting its append as a gateway request would.
async fn append_run(
    store: &Store,
    instance: &str,
    mode: Durability,
    events: u64,
    conc: u64,
) -> Result<Row, BoxError> {
    let conc = conc.max(1);
    let key = AuditKey::generate();
    let mut o = SinkOptions::new(instance, key);
    o.durability = mode;
    let sink = store.audit_sink(o).await?;
    let per = (events / conc).max(1);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..conc {
        let sink = sink.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per as usize);
            for i in 0..per {
                let e = event(t * per + i);
                let s = Instant::now();
                sink.append(e).await?;
                lat.push(s.elapsed());
            }
            Ok::<_, moat_store::StoreError>(lat)
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await??);
    }
    sink.flush().await?;
    let elapsed = start.elapsed();
    sink.shutdown().await?;
    lat.sort();
    let pct = |p: f64| {
        let i = ((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1));
        lat.get(i).copied().unwrap_or_default()
    };
    Ok(Row {
        engine: format!("{:?}", store.engine()),
        mode: match mode {
            Durability::Acknowledged => "acknowledged",
            Durability::Buffered => "buffered",
        },
        events: per * conc,
        conc,
        rate: (per * conc) as f64 / elapsed.as_secs_f64(),
        p50: pct(0.50),
        p99: pct(0.99),
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("audit_bench: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), BoxError> {
    let mut args = Vec::new();
    for a in std::env::args().skip(1) {
        args.push(
            a.parse::<u64>()
                .map_err(|e| format!("argument `{a}`: not a count: {e}"))?,
        );
    }
    let events = args.first().copied().unwrap_or(100_000);
    let conc = args.get(1).copied().unwrap_or(256).max(1);
    let verify_events = args.get(2).copied().unwrap_or(1_000_000);
    let only = std::env::var("AUDIT_BENCH_ENGINE").unwrap_or_default();
    let dir = tempfile::tempdir()?;
    let mut stores = Vec::new();
    if only.is_empty() || only == "sqlite" {
        stores.push(
            Store::open(&format!(
                "sqlite://{}",
                dir.path().join("bench.db").display()
            ))
            .await?,
        );
    }
    let mut pg_schema = None;
    if let Ok(base) = std::env::var("MOAT_TEST_POSTGRES_URL")
        && (only.is_empty() || only == "postgres")
    {
        let sep = if base.contains('?') { '&' } else { '?' };
        let s = Store::open(&format!("{base}{sep}schema=bench_{}", std::process::id())).await?;
        pg_schema = Some(s.clone());
        stores.push(s);
    }
    let res = bench(&stores, events, conc, verify_events).await;
    if let Some(s) = pg_schema
        && std::env::var_os("AUDIT_BENCH_KEEP").is_none()
    {
        s.drop_schema().await?;
    }
    res
}

async fn bench(
    stores: &[Store],
    events: u64,
    conc: u64,
    verify_events: u64,
) -> Result<(), BoxError> {
    let mut rows = Vec::new();
    let mut verifies = Vec::new();
    for store in stores {
        // Latency with light load (one request at a time): what one request pays.
        rows.push(append_run(store, "lat1", Durability::Acknowledged, 2_000, 1).await?);
        rows.push(append_run(store, "ack16", Durability::Acknowledged, events, 16).await?);
        rows.push(append_run(store, "ackc", Durability::Acknowledged, events, conc).await?);
        rows.push(append_run(store, "buf16", Durability::Buffered, events, 16).await?);
        rows.push(append_run(store, "bufc", Durability::Buffered, events, conc).await?);
        if verify_events == 0 {
            continue;
        }
        // verify: fill one chain to verify_events, then time verify of that instance
        let big = append_run(store, "big", Durability::Buffered, verify_events, conc).await?;
        let s = Instant::now();
        let r = store
            .verify(&VerifyOptions {
                trusted: None,
                external: vec![],
                instance: Some("big".into()),
            })
            .await?;
        if !r.is_ok() {
            return Err(format!("verify found problems: {:?}", r.instances).into());
        }
        verifies.push((
            format!("{:?}", store.engine()),
            r.events(),
            s.elapsed(),
            big.rate,
        ));
    }
    println!("| engine | mode | concurrency | events | events/s | append p50 | append p99 |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {:.0} | {:.2} ms | {:.2} ms |",
            r.engine,
            r.mode,
            r.conc,
            r.events,
            r.rate,
            r.p50.as_secs_f64() * 1e3,
            r.p99.as_secs_f64() * 1e3
        );
    }
    if verifies.is_empty() {
        return Ok(());
    }
    println!();
    println!(
        "| engine | verified events | verify time | events/s verified | fill rate (events/s) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (e, n, d, fill) in &verifies {
        println!(
            "| {e} | {n} | {:.2} s | {:.0} | {:.0} |",
            d.as_secs_f64(),
            *n as f64 / d.as_secs_f64(),
            fill
        );
    }
    Ok(())
}
