//! Black-box tests of `moat registry` on a real SQLite store.
#![cfg(feature = "model")]
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn moat(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_moat"))
        .env("MOAT_STORE_URL", format!("sqlite://{}", db.display()))
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn add_approve_revoke_list_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("reg.db");
    let m = tmp.path().join("m");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(m.join("config.json"), b"{}").unwrap();
    std::fs::write(m.join("w.pkl"), b"\x80\x02}q\x00.").unwrap();
    let key = tmp.path().join("k.pem");
    let k = key.to_str().unwrap();
    assert!(moat(&db, &["model", "keygen", k]).status.success());
    let ms = m.to_str().unwrap();
    assert!(
        moat(&db, &["model", "sign", ms, "--key", k])
            .status
            .success()
    );
    let public = format!("{k}.pub");
    let o = moat(
        &db,
        &[
            "registry",
            "add",
            ms,
            "--name",
            "tiny",
            "--version",
            "1.0",
            "--source",
            "https://example.invalid/tiny",
            "--signature",
            m.join("model.sig").to_str().unwrap(),
            "--key",
            &public,
            "--as",
            "alice",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("signature: verified"), "{}", text(&o));
    let o = moat(&db, &["registry", "approve", "tiny@1.0", "--as", "bob"]);
    assert!(!o.status.success(), "a reason is required");
    let o = moat(
        &db,
        &[
            "registry", "approve", "tiny@1.0", "--reason", "reviewed", "--as", "bob",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = moat(
        &db,
        &[
            "registry", "revoke", "tiny@1.0", "--reason", "leaked", "--as", "carol",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = moat(
        &db,
        &[
            "registry", "approve", "tiny@1.0", "--reason", "again", "--as", "bob",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("revoked"));
    let o = moat(&db, &["registry", "show", "tiny@1.0"]);
    let t = text(&o);
    assert!(
        t.contains("by alice") && t.contains("by bob") && t.contains("by carol"),
        "{t}"
    );
    let o = moat(&db, &["registry", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["state"], "revoked");
    assert_eq!(v[0]["history"].as_array().unwrap().len(), 3);
    let o = moat(&db, &["registry", "bom"]);
    let bom: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(bom["specVersion"], "1.6");
    assert_eq!(bom["components"][0]["type"], "machine-learning-model");
    assert_eq!(
        bom["components"][0]["components"].as_array().unwrap().len(),
        2
    );
}
