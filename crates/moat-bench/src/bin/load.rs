//! Open-loop HTTP load generator for the gateway benchmark (bench/gateway/run.sh).
//!
//! At a fixed rate (`--rate`), request `i` is due at `start + i / rate` whatever happened to
//! the earlier ones; each of `--connections` keep-alive HTTP/1.1 connections takes the next
//! due request when it is free. Two latencies are kept per request: *service* (from the
//! moment it was written to the end of the response body) and *from due time* (which also
//! counts time spent waiting for a free connection, so a target that falls behind cannot
//! hide it: no coordinated omission). `--rate 0` runs closed-loop (each connection sends
//! back to back) to find the maximum throughput. Prints one JSON object.
//!
//! moat-bench-load --url http://127.0.0.1:8080/v1/chat/completions --body req.json \
//!     --header 'authorization: Bearer KEY' --rate 1000 --duration 10 --warmup 2

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;

#[derive(Parser, Clone)]
#[command(about = "Open-loop HTTP load generator (one JSON line of latency percentiles)")]
struct Args {
    /// Target URL (http only).
    #[arg(long)]
    url: String,
    /// File holding the request body (POST); without it, GET.
    #[arg(long)]
    body: Option<std::path::PathBuf>,
    /// Extra request header, `name: value` (repeatable).
    #[arg(long = "header")]
    headers: Vec<String>,
    /// Requests per second; 0 = closed loop (maximum throughput).
    #[arg(long, default_value_t = 1000.0)]
    rate: f64,
    /// Seconds measured.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Seconds run first at the same rate and not measured.
    #[arg(long, default_value_t = 2.0)]
    warmup: f64,
    /// Keep-alive connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Worker threads (1 leaves the other core to the target).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Label copied into the output.
    #[arg(long, default_value = "")]
    label: String,
}

struct Target {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(u: &str) -> anyhow::Result<Target> {
    let Some(rest) = u.strip_prefix("http://") else {
        bail!("--url must start with http://");
    };
    let (auth, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match auth.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().context("port in --url")?),
        None => (auth, 80),
    };
    Ok(Target {
        host: host.to_owned(),
        port,
        path: path.to_owned(),
    })
}

/// One finished request: service time, time from due, time to first body byte (µs).
#[derive(Clone, Copy)]
struct Sample {
    service: u32,
    from_due: u32,
    first_byte: u32,
}

#[derive(Default)]
struct Tally {
    samples: Vec<Sample>,
    errors: u64,
    statuses: std::collections::BTreeMap<u16, u64>,
    /// When the last measured request ended.
    last_end: Option<Instant>,
}

struct Shared {
    args: Args,
    target: Target,
    body: Option<Bytes>,
    headers: Vec<(hyper::header::HeaderName, hyper::header::HeaderValue)>,
    next: AtomicU64,
    start: Instant,
    /// Requests due before this index are warm-up; at and after it, measured.
    measured_from: u64,
    total: u64,
    stop: Instant,
    /// Open loop: no request starts after this (a target far behind the rate); those left
    /// are counted as missed.
    hard_stop: Instant,
    sent: AtomicU64,
}

fn us(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

async fn connect(s: &Shared) -> anyhow::Result<http1::SendRequest<Full<Bytes>>> {
    let tcp = tokio::net::TcpStream::connect((s.target.host.as_str(), s.target.port))
        .await
        .with_context(|| format!("connecting to {}:{}", s.target.host, s.target.port))?;
    tcp.set_nodelay(true)?;
    let (sender, conn) = http1::handshake(TokioIo::new(tcp)).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

fn request(s: &Shared) -> anyhow::Result<Request<Full<Bytes>>> {
    let mut b = Request::builder().uri(s.target.path.as_str()).header(
        hyper::header::HOST,
        format!("{}:{}", s.target.host, s.target.port),
    );
    b = match &s.body {
        Some(_) => b
            .method(hyper::Method::POST)
            .header(hyper::header::CONTENT_TYPE, "application/json"),
        None => b.method(hyper::Method::GET),
    };
    for (k, v) in &s.headers {
        b = b.header(k, v);
    }
    Ok(b.body(Full::new(s.body.clone().unwrap_or_default()))?)
}

async fn worker(s: Arc<Shared>) -> Tally {
    let mut t = Tally::default();
    let mut sender = None;
    let open = s.args.rate > 0.0;
    let period = if open { 1.0 / s.args.rate } else { 0.0 };
    loop {
        let i = s.next.fetch_add(1, Ordering::Relaxed);
        let due = if open {
            if i >= s.total {
                break;
            }
            let due = s.start + Duration::from_secs_f64(i as f64 * period);
            tokio::time::sleep_until(due.into()).await;
            if Instant::now() >= s.hard_stop {
                break;
            }
            due
        } else {
            let now = Instant::now();
            if now >= s.stop {
                break;
            }
            now
        };
        if sender.is_none() {
            match connect(&s).await {
                Ok(c) => sender = Some(c),
                Err(_) => {
                    t.errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            }
        }
        let Some(snd) = sender.as_mut() else { continue };
        let Ok(req) = request(&s) else {
            t.errors += 1;
            continue;
        };
        let sent = Instant::now();
        if i >= s.measured_from {
            s.sent.fetch_add(1, Ordering::Relaxed);
        }
        let res = async {
            snd.ready().await?;
            let resp = snd.send_request(req).await?;
            let status = resp.status().as_u16();
            let mut body = resp.into_body();
            let mut first = None;
            while let Some(f) = body.frame().await {
                let f = f?;
                if first.is_none() && f.data_ref().is_some_and(|d| !d.is_empty()) {
                    first = Some(Instant::now());
                }
            }
            Ok::<_, hyper::Error>((status, first))
        }
        .await;
        let end = Instant::now();
        let measured = if open {
            i >= s.measured_from
        } else {
            sent >= s.start
        };
        match res {
            Ok((status, first)) => {
                if measured {
                    t.last_end = Some(t.last_end.map_or(end, |l| l.max(end)));
                    *t.statuses.entry(status).or_default() += 1;
                    if (200..300).contains(&status) {
                        t.samples.push(Sample {
                            service: us(end - sent),
                            from_due: us(end.saturating_duration_since(due)),
                            first_byte: us(first.unwrap_or(end) - sent),
                        });
                    } else {
                        t.errors += 1;
                    }
                }
            }
            Err(_) => {
                if measured {
                    t.errors += 1;
                }
                sender = None;
            }
        }
    }
    t
}

fn pct(v: &[u32], p: f64) -> u32 {
    if v.is_empty() {
        return 0;
    }
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i]
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let rt = if args.threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(args.threads)
            .enable_all()
            .build()?
    };
    rt.block_on(run(args))
}

async fn run(args: Args) -> anyhow::Result<()> {
    let target = parse_url(&args.url)?;
    let body = match &args.body {
        Some(p) => Some(Bytes::from(
            std::fs::read(p).with_context(|| format!("reading {}", p.display()))?,
        )),
        None => None,
    };
    let mut headers = Vec::new();
    for h in &args.headers {
        let Some((k, v)) = h.split_once(':') else {
            bail!("--header `{h}`: expected `name: value`");
        };
        headers.push((
            hyper::header::HeaderName::from_bytes(k.trim().as_bytes())?,
            hyper::header::HeaderValue::from_str(v.trim())?,
        ));
    }
    let open = args.rate > 0.0;
    let warm = if open {
        (args.warmup * args.rate) as u64
    } else {
        0
    };
    let total = if open {
        warm + (args.duration * args.rate) as u64
    } else {
        0
    };
    let begin = Instant::now() + Duration::from_millis(50);
    let measure_start = if open {
        begin
    } else {
        begin + Duration::from_secs_f64(args.warmup)
    };
    let shared = Arc::new(Shared {
        target,
        body,
        headers,
        next: AtomicU64::new(0),
        start: if open { begin } else { measure_start },
        measured_from: warm,
        total,
        stop: measure_start + Duration::from_secs_f64(args.duration),
        hard_stop: begin + Duration::from_secs_f64(2.0 * (args.warmup + args.duration) + 5.0),
        sent: AtomicU64::new(0),
        args: args.clone(),
    });
    let mut tasks = Vec::new();
    for _ in 0..args.connections.max(1) {
        tasks.push(tokio::spawn(worker(shared.clone())));
    }
    let mut all = Tally::default();
    for t in tasks {
        let t = t.await?;
        all.samples.extend(t.samples);
        all.errors += t.errors;
        for (k, v) in t.statuses {
            *all.statuses.entry(k).or_default() += v;
        }
        all.last_end = all.last_end.max(t.last_end);
    }
    // From the first measured request's due time to the last measured answer: a target that
    // falls behind the rate takes longer than --duration, and its rate shows it.
    let first_due = if open {
        begin + Duration::from_secs_f64(warm as f64 / args.rate)
    } else {
        measure_start
    };
    let elapsed = all
        .last_end
        .map_or(args.duration, |e| {
            e.saturating_duration_since(first_due).as_secs_f64()
        })
        .max(1e-3);
    let mut service: Vec<u32> = all.samples.iter().map(|s| s.service).collect();
    let mut due: Vec<u32> = all.samples.iter().map(|s| s.from_due).collect();
    let mut first: Vec<u32> = all.samples.iter().map(|s| s.first_byte).collect();
    service.sort_unstable();
    due.sort_unstable();
    first.sort_unstable();
    let out = serde_json::json!({
        "label": args.label,
        "url": args.url,
        "rate": args.rate,
        "connections": args.connections,
        "ok": all.samples.len(),
        "errors": all.errors,
        "missed": if open { (total - warm).saturating_sub(shared.sent.load(Ordering::Relaxed)) } else { 0 },
        "statuses": all.statuses,
        "achieved_rps": all.samples.len() as f64 / elapsed,
        "seconds": elapsed,
        "p50_us": pct(&service, 0.50),
        "p90_us": pct(&service, 0.90),
        "p99_us": pct(&service, 0.99),
        "p999_us": pct(&service, 0.999),
        "max_us": service.last().copied().unwrap_or(0),
        "due_p50_us": pct(&due, 0.50),
        "due_p99_us": pct(&due, 0.99),
        "first_byte_p50_us": pct(&first, 0.50),
        "first_byte_p99_us": pct(&first, 0.99),
    });
    println!("{out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_percentiles() {
        let t = parse_url("http://127.0.0.1:8080/v1/chat/completions").ok();
        assert!(t.as_ref().is_some_and(|t| t.host == "127.0.0.1"
            && t.port == 8080
            && t.path == "/v1/chat/completions"));
        assert!(parse_url("https://x/").is_err());
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(pct(&v, 0.5), 50);
        assert_eq!(pct(&v, 0.99), 99);
        assert_eq!(pct(&v, 1.0), 100);
        assert_eq!(pct(&[], 0.5), 0);
    }
}
