//! `moat audit` from the outside: verify catches tampering and exits non-zero, query filters,
//! export writes OCSF API Activity, prune keeps the chain verifiable.
#![cfg(feature = "audit")]
#![allow(clippy::unwrap_used, clippy::panic)]

use std::process::Command;

const MOAT: &str = env!("CARGO_BIN_EXE_moat");

fn err_free(s: &str) -> bool {
    !s.contains("BROKEN")
}

fn moat(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(MOAT)
        .arg("audit")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("MOAT_CONFIG")
        .env_remove("MOAT_STORE_URL")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn verify_query_export_prune() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let (code, out, err) = moat(
        dir,
        &[
            "_load-test",
            "--instance",
            "gw",
            "--count",
            "25",
            "--concurrency",
            "4",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 100);
    assert!(err.contains("generated audit signing key"), "{err}");
    assert!(dir.join("audit-signing.key.pub").exists());

    let (code, out, _) = moat(dir, &["verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("100 events"), "{out}");
    assert!(err_free(&out));

    let (_, acks, _) = moat(
        dir,
        &[
            "_load-test",
            "--instance",
            "gw2",
            "--count",
            "1",
            "--concurrency",
            "1",
        ],
    );
    let rid = acks.split_whitespace().nth(2).unwrap().to_owned();
    let (code, out, _) = moat(dir, &["query", "--request-id", &rid, "--format", "jsonl"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    let (_, out, _) = moat(dir, &["query", "--action", "block"]);
    assert_eq!(out.lines().count(), 1, "header only: {out}");
    let (code, _, err) = moat(dir, &["query", "--since", "yesterday-ish"]);
    assert_eq!(code, 2);
    assert!(err.contains("--since"), "{err}");

    let (code, out, _) = moat(dir, &["export", "--format", "ocsf"]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["class_uid"], 6003);
    assert_eq!(first["type_uid"], 600399);
    assert_eq!(first["metadata"]["version"], "1.3.0");
    assert!(
        first["api"]["operation"].is_string()
            && first["actor"].is_object()
            && first["src_endpoint"].is_object()
    );

    // prune everything up to now: chain stays verifiable
    let (code, out, err) = moat(dir, &["prune", "--before", "2999-01-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("instance gw: removed 100 events"), "{out}");
    let (code, out, _) = moat(dir, &["verify"]);
    assert_eq!(code, 0, "{out}");
    let (code, _, _) = moat(
        dir,
        &[
            "_load-test",
            "--instance",
            "gw",
            "--count",
            "5",
            "--concurrency",
            "1",
        ],
    );
    assert_eq!(code, 0);
    let (code, out, _) = moat(dir, &["verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("seq 101..=105"), "{out}");
}

#[test]
fn verify_fails_on_tampering_and_wrong_key() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let (code, _, err) = moat(
        dir,
        &[
            "_load-test",
            "--instance",
            "gw",
            "--count",
            "10",
            "--concurrency",
            "1",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // tamper with event 4 through SQLite directly
    let db = dir.join("moat.db");
    // Python's standard library always has sqlite3; the sqlite3 CLI often is not installed.
    let python = std::env::var("MOAT_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let status = Command::new(python)
        .arg("-c")
        .arg(
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
             c.execute('UPDATE audit_events SET latency_us = 7 WHERE seq = 4'); c.commit()",
        )
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    let (code, out, _) = moat(dir, &["verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("first bad event seq 4"), "{out}");
    let other = dir.join("other.pub");
    std::fs::write(&other, moat_store::AuditKey::generate().public().to_hex()).unwrap();
    let (code, out, _) = moat(dir, &["verify", "--public-key", other.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("BROKEN"), "{out}");
}

#[test]
fn bad_store_is_a_clear_error() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("moat.db"), vec![7u8; 4096]).unwrap();
    let (code, _, err) = moat(d.path(), &["verify"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("moat.db") && err.contains("not a database"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
