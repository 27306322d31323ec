//! Black-box tests of `moat serve` and `moat token`.
#![cfg(feature = "gateway")]
#![allow(clippy::unwrap_used)]

use std::process::Command;

fn moat() -> Command {
    Command::new(env!("CARGO_BIN_EXE_moat"))
}

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/gateway.yaml")
}

#[test]
fn example_config_checks() {
    let out = moat()
        .args(["serve", "--check", "--config"])
        .arg(example())
        .env("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
        .env("OPENAI_API_KEY", "sk-test")
        .env("MOAT_EXAMPLE_KEY", "example-key-0123456789")
        .env_remove("MOAT_LISTEN")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("127.0.0.1:8080"), "{stdout}");
}

#[test]
fn missing_env_and_bad_fields_are_named() {
    let out = moat()
        .args(["serve", "--check", "--config"])
        .arg(example())
        .env_remove("OPENAI_BASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("OPENAI_BASE_URL") && err.contains("line"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.yaml");
    std::fs::write(
        &p,
        "listen: 127.0.0.1:1\nroutes:\n  - { models: [a], upstream: nowhere }\n",
    )
    .unwrap();
    let out = moat()
        .args(["serve", "--check", "--config"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("routes[0].upstream") && err.contains("`nowhere`"),
        "{err}"
    );
}

#[test]
fn token_keygen_issue() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    let out = moat()
        .args(["token", "keygen", "--out"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = moat()
        .args([
            "token",
            "issue",
            "--agent",
            "bot",
            "--scope",
            "models:gpt-4o",
            "--ttl",
            "15m",
            "--key",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap();
    assert_eq!(token.trim().matches('.').count(), 2);
    let out = moat()
        .args([
            "token", "issue", "--agent", "bot", "--scope", "models:*", "--ttl", "48h", "--key",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = moat()
        .args(["token", "api-key", "--name", "bot"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("key:        moat_"), "{text}");
}
