//! Limit counters in Redis: the same cases as the in-process counters, against a real server
//! (`MOAT_TEST_REDIS_URL`; skipped with a message when unset unless MOAT_REQUIRE_SERVICES=1),
//! two gateways sharing one quota, and the fail modes when Redis cannot be reached.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use moat_gateway::limits::{conformance, redis::RedisCounters};
use serde_json::{Value, json};

fn redis_url() -> Option<String> {
    match std::env::var("MOAT_TEST_REDIS_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("MOAT_TEST_REDIS_URL is not set but MOAT_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped: MOAT_TEST_REDIS_URL is not set (no Redis to test)");
            None
        }
    }
}

/// A key prefix no other test (or earlier run) uses.
fn prefix(test: &str) -> String {
    let n: u64 = rand_suffix();
    format!("moat-test:{test}:{n:x}")
}

fn rand_suffix() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    t.as_nanos() as u64 ^ (std::process::id() as u64) << 32
}

#[tokio::test]
async fn redis_counters_behave_like_memory() {
    let Some(url) = redis_url() else { return };
    let s = RedisCounters::new(&url, &prefix("conformance")).unwrap();
    conformance::run(&s).await;
    let s = RedisCounters::new(&url, &prefix("concurrent")).unwrap();
    conformance::concurrent(Arc::new(s)).await;
}

/// Requests per minute are counted in the UTC minute: start a test with at least `needed`
/// seconds of the minute left, so that its few requests do not straddle two.
async fn clear_of_minute_boundary(needed: u64) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    if 60 - secs % 60 < needed {
        tokio::time::sleep(Duration::from_secs(61 - secs % 60)).await;
    }
}

async fn chat(gw: &Gateway, model: &str) -> (u16, Value, Option<String>) {
    let r = reqwest::Client::new()
        .post(format!("{}/v1/chat/completions", gw.url()))
        .bearer_auth(KEY)
        .json(&json!({"model": model, "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, r.json().await.unwrap_or(Value::Null), retry)
}

#[tokio::test]
async fn two_gateways_share_limits_and_quota() {
    let Some(url) = redis_url() else { return };
    let (up, _double) = start_double().await;
    // Each chat answer from the double uses 12 tokens; `gpt-*` routes get the 20-token quota,
    // `tiny-quota` has its own 2 requests per minute.
    let extra = format!(
        "limits: {{ backend: redis, redis_url: \"{url}\", redis_prefix: \"{}\", daily_tokens: 20 }}\n",
        prefix("shared")
    );
    let a = start_gateway(up, &extra).await;
    let b = start_gateway(up, &extra).await;

    clear_of_minute_boundary(10).await;
    assert_eq!(chat(&a, "tiny-quota").await.0, 200);
    assert_eq!(chat(&b, "tiny-quota").await.0, 200);
    for gw in [&a, &b] {
        let (s, v, retry) = chat(gw, "tiny-quota").await;
        assert_eq!(s, 429);
        assert_eq!(v["error"]["code"], "rate_limited");
        assert!(retry.is_some());
    }

    assert_eq!(chat(&a, "gpt-4o").await.0, 200);
    assert_eq!(chat(&b, "gpt-4o").await.0, 200);
    for gw in [&b, &a] {
        let (s, v, retry) = chat(gw, "gpt-4o").await;
        assert_eq!(s, 403);
        assert_eq!(v["error"]["code"], "quota_exceeded");
        assert!(retry.is_some());
    }
}

#[tokio::test]
async fn unreachable_redis_fails_closed_unless_told_otherwise() {
    let (up, _double) = start_double().await;
    // Nothing listens on port 1 of loopback.
    let closed = start_gateway(
        up,
        "limits: { backend: redis, redis_url: \"redis://127.0.0.1:1\" }\n",
    )
    .await;
    let (s, v, _) = chat(&closed, "tiny-quota").await;
    assert_eq!(s, 503);
    assert_eq!(v["error"]["code"], "limits_unavailable");
    // A route without limits does not need the counters.
    assert_eq!(chat(&closed, "unguarded").await.0, 200);

    let open = start_gateway(
        up,
        "limits: { backend: redis, redis_url: \"redis://127.0.0.1:1\", fail_mode: open }\n",
    )
    .await;
    assert_eq!(chat(&open, "tiny-quota").await.0, 200);
    // Streams too.
    let r = reqwest::Client::new()
        .post(format!("{}/v1/chat/completions", open.url()))
        .bearer_auth(KEY)
        .json(&json!({"model": "tiny-quota", "stream": true,
            "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("[DONE]"));
    let evs = open.audit_events(2).await;
    for ev in &evs {
        assert_eq!(ev["outcome"], "ok", "{ev}");
        assert_eq!(ev["reason"], "limits_unchecked", "{ev}");
    }
}

#[test]
fn configuration_is_checked() {
    let base = "upstreams: { u: { provider: openai, base_url: 'http://127.0.0.1:1' } }\nroutes: [{ models: ['*'], upstream: u }]\n";
    let parse = |l: &str| {
        moat_gateway::config::Config::from_yaml(&format!("{base}{l}"), "t.yaml", &|k| {
            (k == "REDIS_URL").then(|| "redis://10.0.0.5:6380/2".to_string())
        })
    };
    let c =
        parse("limits: { backend: redis, redis_url: \"${REDIS_URL}\", requests_per_minute: 5 }")
            .unwrap();
    assert_eq!(
        c.limits_store.backend,
        moat_gateway::config::LimitsBackend::Redis {
            url: "redis://10.0.0.5:6380/2".into(),
            prefix: "moat:limits".into()
        }
    );
    assert_eq!(c.routes[0].limits.requests_per_minute, Some(5));
    for (bad, field) in [
        ("limits: { backend: redis }", "limits.redis_url"),
        ("limits: { redis_url: \"redis://x\" }", "limits.redis_url"),
        (
            "limits: { backend: redis, redis_url: \"http://x\" }",
            "limits.redis_url",
        ),
        (
            "limits: { backend: redis, redis_url: \"redis://x\", redis_prefix: \"a{b}\" }",
            "limits.redis_prefix",
        ),
        ("limits: { backend: memcached }", "memcached"),
    ] {
        let e = parse(bad).unwrap_err();
        assert!(e.to_string().contains(field), "{bad}: {e}");
    }
    // The backend is set once, at the top: not per route.
    let e = moat_gateway::config::Config::from_yaml(
        "upstreams: { u: { provider: openai, base_url: 'http://127.0.0.1:1' } }\n\
         routes: [{ models: ['*'], upstream: u, limits: { backend: redis } }]\n",
        "t.yaml",
        &|_| None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("backend"), "{e}");
}

/// A loopback TCP relay to Redis that the test can take down and bring back on the same port.
struct Relay {
    addr: std::net::SocketAddr,
    target: String,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Relay {
    async fn start(target: String, addr: std::net::SocketAddr) -> Relay {
        let mut r = Relay {
            addr,
            target,
            tasks: Vec::new(),
        };
        r.up().await;
        r
    }

    async fn up(&mut self) {
        let l = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.addr = l.local_addr().unwrap();
        let target = self.target.clone();
        let conns = Arc::new(std::sync::Mutex::new(
            Vec::<tokio::task::JoinHandle<()>>::new(),
        ));
        let conns2 = conns.clone();
        self.tasks.push(tokio::spawn(async move {
            // Dropping this guard (task aborted) aborts every relayed connection.
            struct AbortAll(Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>);
            impl Drop for AbortAll {
                fn drop(&mut self) {
                    for t in self.0.lock().unwrap().drain(..) {
                        t.abort();
                    }
                }
            }
            let _guard = AbortAll(conns2.clone());
            while let Ok((mut inbound, _)) = l.accept().await {
                let target = target.clone();
                conns2.lock().unwrap().push(tokio::spawn(async move {
                    if let Ok(mut out) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                }));
            }
        }));
        drop(conns);
    }

    fn down(&mut self) {
        for t in self.tasks.drain(..) {
            t.abort();
        }
    }
}

#[tokio::test]
async fn redis_going_away_fails_closed_and_recovery_resumes_counting() {
    let Some(url) = redis_url() else { return };
    let target = url
        .trim_start_matches("redis://")
        .split(['/', '@'])
        .find(|s| s.contains(':'))
        .unwrap_or("127.0.0.1:6379")
        .to_owned();
    let mut relay = Relay::start(target, "127.0.0.1:0".parse().unwrap()).await;
    let (up, _double) = start_double().await;
    let gw = start_gateway(
        up,
        &format!(
            "limits: {{ backend: redis, redis_url: \"redis://{}\", redis_prefix: \"{}\" }}\n",
            relay.addr,
            prefix("outage")
        ),
    )
    .await;
    clear_of_minute_boundary(25).await;
    assert_eq!(chat(&gw, "tiny-quota").await.0, 200);

    relay.down();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (s, v, _) = chat(&gw, "tiny-quota").await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (503, Some("limits_unavailable"))
    );

    // Back on the same address: the gateway reconnects, and the count made before the outage
    // still holds (one more request allowed this minute, then 429).
    relay.up().await;
    let mut status = 0;
    for _ in 0..50 {
        status = chat(&gw, "tiny-quota").await.0;
        if status != 503 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(status, 200);
    assert_eq!(chat(&gw, "tiny-quota").await.0, 429);
}
