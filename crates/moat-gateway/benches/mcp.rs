//! Added latency of MCP `tools/call` through Moat, at a fixed rate, guards on.
//!
//! Starts the scripted MCP server double (the one the tests use) and a gateway in front of it
//! with its store in a temporary SQLite file (audit acknowledged, pinning, description and result
//! scanning, argument guards), then sends `tools/call` at a fixed rate (open loop: each call is
//! sent on schedule whether or not earlier ones have answered) first straight to the double, then
//! through Moat, and prints p50/p99/max for both and the difference.
//!
//! ```sh
//! cargo bench -p moat-gateway --bench mcp                     # 500 calls/s for 10 s
//! MCP_BENCH_RATE=1000 MCP_BENCH_SECS=5 cargo bench -p moat-gateway --bench mcp
//! MCP_BENCH_AUDIT=buffered cargo bench -p moat-gateway --bench mcp   # audit not awaited
//! ```
#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../tests/common/mcp_double.rs"]
mod mcp_double;

use std::time::{Duration, Instant};

use serde_json::json;

const KEY: &str = "moat_mcpbench1_abcdefghijklmnopqrstuvwxyz0123456789";

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Stats {
    p50: f64,
    p99: f64,
    max: f64,
    errors: usize,
    n: usize,
}

/// Send `rate` calls a second for `secs` seconds to `url`; latencies in microseconds.
async fn drive(url: String, auth: bool, rate: u64, secs: u64) -> Stats {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .build()
        .unwrap();
    let total = rate * secs;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = start + interval * i as u32;
        tokio::time::sleep_until(due.into()).await;
        let c = client.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let body = json!({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                "params": {"name": "echo", "arguments": {"text": "The quarterly report is attached; please summarise the three main risks for the board."}}});
            let mut rb = c
                .post(&url)
                .header("mcp-protocol-version", "2026-07-28")
                .header("mcp-method", "tools/call")
                .header("mcp-name", "echo")
                .header("accept", "application/json, text/event-stream")
                .json(&body);
            if auth {
                rb = rb.bearer_auth(KEY);
            }
            let t0 = Instant::now();
            let ok = match rb.send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok_and(|b| b.windows(8).any(|w| w == b"\"result\"")),
                Err(_) => false,
            };
            (t0.elapsed().as_secs_f64() * 1e6, ok)
        }));
    }
    let mut lat = Vec::with_capacity(tasks.len());
    let mut errors = 0;
    for t in tasks {
        let (us, ok) = t.await.unwrap();
        if ok {
            lat.push(us);
        } else {
            errors += 1;
        }
    }
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pick = |q: f64| {
        if lat.is_empty() {
            f64::NAN
        } else {
            lat[((lat.len() as f64 - 1.0) * q).round() as usize]
        }
    };
    Stats {
        p50: pick(0.50),
        p99: pick(0.99),
        max: lat.last().copied().unwrap_or(f64::NAN),
        errors,
        n: lat.len() + errors,
    }
}

fn main() {
    let rate = env_num("MCP_BENCH_RATE", 500);
    let secs = env_num("MCP_BENCH_SECS", 10);
    let mode = match std::env::var("MCP_BENCH_AUDIT").as_deref() {
        Ok("buffered") => "buffered",
        Ok("acknowledged") | Err(_) => "acknowledged",
        Ok(other) => {
            eprintln!("MCP_BENCH_AUDIT: `{other}` is neither `acknowledged` nor `buffered`");
            std::process::exit(2);
        }
    };
    // The servers: their own runtime (two workers, like `moat serve` on this machine).
    let servers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (up, gw) = servers.block_on(async {
        let (up, _double) = mcp_double::start_mcp_double().await;
        let yaml = format!(
            r#"
listen: 127.0.0.1:0
mcp:
  servers:
    demo:
      url: http://{up}/mcp
      results: {{ injection: block, dlp: mask }}
      arguments: {{ injection: alert, dlp: mask }}
auth:
  api_keys:
    - {{ name: bench, key: {KEY}, scopes: ["mcp:demo"] }}
audit:
  store: {{ data_dir: {}, mode: {mode} }}
"#,
            dir.path().display()
        );
        let cfg = moat_gateway::config::Config::from_yaml(&yaml, "bench.yaml", &|_| None).unwrap();
        let (app, _) = moat_gateway::start(cfg).await.unwrap();
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(moat_gateway::server::serve(app, l, std::future::pending()));
        (up, addr)
    });
    // The load: a runtime of its own on its own thread.
    let load = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let moat_url = format!("http://{gw}/mcp/demo");
    let direct_url = format!("http://{up}/mcp");
    // Warm up both paths (connections, first listing and pinning).
    load.block_on(drive(moat_url.clone(), true, 50, 1));
    load.block_on(drive(direct_url.clone(), false, 50, 1));
    let direct = load.block_on(drive(direct_url, false, rate, secs));
    let moat = load.block_on(drive(moat_url, true, rate, secs));
    let load_avg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "MCP tools/call at {rate} calls/s for {secs} s (guards on, audit {mode}); load average {}",
        load_avg.trim()
    );
    println!("| path | calls | errors | p50 µs | p99 µs | max µs |");
    println!("|---|---|---|---|---|---|");
    for (name, s) in [("direct to the server", &direct), ("through Moat", &moat)] {
        println!(
            "| {name} | {} | {} | {:.0} | {:.0} | {:.0} |",
            s.n, s.errors, s.p50, s.p99, s.max
        );
    }
    println!(
        "| added by Moat | | | {:.0} | {:.0} | |",
        moat.p50 - direct.p50,
        moat.p99 - direct.p99
    );
    drop(servers);
}
