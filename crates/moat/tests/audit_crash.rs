//! "Acknowledged means recorded", tested for real: start a writer, drive load, SIGKILL it
//! mid-flight, restart, and check that every acknowledged event is in the store and that
//! `moat audit verify` passes. For SQLite and for a real PostgreSQL.
#![cfg(feature = "audit")]
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const MOAT: &str = env!("CARGO_BIN_EXE_moat");

fn moat(dir: &std::path::Path, store: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut c = Command::new(MOAT);
    c.arg("audit").arg("--data-dir").arg(dir);
    if let Some(s) = store {
        c.arg("--store").arg(s);
    }
    c.args(args)
        .env_remove("MOAT_CONFIG")
        .env_remove("MOAT_STORE_URL");
    c.output().unwrap()
}

/// Runs the load generator, kills it with SIGKILL after `kill_after` acks, returns the acks
/// (request id -> seq) it printed before dying.
fn load_and_kill(
    dir: &std::path::Path,
    store: Option<&str>,
    instance: &str,
    kill_after: usize,
) -> HashMap<String, u64> {
    let mut c = Command::new(MOAT);
    c.arg("audit").arg("--data-dir").arg(dir);
    if let Some(s) = store {
        c.arg("--store").arg(s);
    }
    c.args([
        "_load-test",
        "--instance",
        instance,
        "--count",
        "1000000",
        "--concurrency",
        "32",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = c.spawn().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut acks = HashMap::new();
    let mut line = String::new();
    while acks.len() < kill_after {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("load generator ended early after {} acks", acks.len());
        }
        let mut p = line.split_whitespace();
        assert_eq!(p.next(), Some("ack"), "{line}");
        let seq: u64 = p.next().unwrap().parse().unwrap();
        acks.insert(p.next().unwrap().to_owned(), seq);
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    // Lines printed before the kill are acks too.
    for l in reader.lines() {
        let Ok(l) = l else { break };
        let mut p = l.split_whitespace();
        if p.next() != Some("ack") {
            continue;
        }
        let (Some(seq), Some(id)) = (p.next(), p.next()) else {
            continue;
        };
        if let Ok(seq) = seq.parse() {
            acks.insert(id.to_owned(), seq);
        }
    }
    acks
}

fn check_crash(dir: &std::path::Path, store: Option<&str>, instance: &str) {
    let acks = load_and_kill(dir, store, instance, 3000);
    // restart: the chain continues after the crash
    let again = load_and_kill(dir, store, instance, 200);
    assert!(
        again.values().min().unwrap() > acks.values().max().unwrap(),
        "the chain continues after the crash"
    );
    let out = moat(dir, store, &["verify", "--instance", instance]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "verify failed: {text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("ok "), "{text}");
    let out = moat(
        dir,
        store,
        &["export", "--format", "jsonl", "--instance", instance],
    );
    assert!(out.status.success());
    let mut stored = HashMap::new();
    for l in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        stored.insert(
            v["request_id"].as_str().unwrap().to_owned(),
            v["seq"].as_u64().unwrap(),
        );
    }
    for (id, seq) in acks.iter().chain(again.iter()) {
        match stored.get(id) {
            Some(s) if s == seq => {}
            other => panic!("acknowledged event {id} (seq {seq}) is missing or moved: {other:?}"),
        }
    }
    assert!(stored.len() >= acks.len() + again.len());
}

#[test]
fn kill_9_sqlite_keeps_every_ack() {
    let dir = tempfile::tempdir().unwrap();
    check_crash(dir.path(), None, "crash-sqlite");
}

#[test]
fn kill_9_postgres_keeps_every_ack() {
    let base = match std::env::var("MOAT_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("MOAT_TEST_POSTGRES_URL is not set but MOAT_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped: MOAT_TEST_POSTGRES_URL is not set (no PostgreSQL to test)");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let schema = format!("crash_{}", std::process::id());
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}schema={schema}");
    let res = std::panic::catch_unwind(|| check_crash(dir.path(), Some(&url), "crash-pg"));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let s = moat_store::Store::open(&url).await.unwrap();
        s.drop_schema().await.unwrap();
        s.close().await;
    });
    if let Err(e) = res {
        std::panic::resume_unwind(e);
    }
}
