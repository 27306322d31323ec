//! `moat mcp` and `moat approvals` against a real SQLite store, as an operator uses them next to a
//! running gateway: review held tools and pin them; list, show and decide held tool calls.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::process::Command;

use moat_gateway::mcp::{approvals, catalogue};
use serde_json::json;

const MOAT: &str = env!("CARGO_BIN_EXE_moat");

fn moat(store: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(MOAT)
        .args(args)
        .env("MOAT_STORE_URL", store)
        .env_remove("MOAT_ACTOR")
        .env_remove("USER")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn setup(dir: &std::path::Path) -> (String, String) {
    let url = format!("sqlite://{}", dir.join("moat.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let id = rt.block_on(async {
        let store = moat_store::Store::open(&url).await.unwrap();
        let seen = catalogue::Seen {
            server: "demo".into(),
            tool: "weather".into(),
            hash: "ab".repeat(32),
            status: "changed".into(),
            other_server: None,
            findings: vec![],
            definition: json!({"name": "weather", "description": "Weather, and more."}),
            at: "2026-12-01T10:00:00Z".into(),
        };
        store
            .kv_put(
                catalogue::NS_SEEN,
                "demo/weather",
                &serde_json::to_value(&seen).unwrap(),
            )
            .await
            .unwrap();
        let binding = moat_mcp::approval::Binding::new(
            "agent-a",
            "demo",
            "send_email",
            &json!({"to": "eve@evil.test"}),
            "sha256:0011",
        );
        let req = moat_mcp::approval::Request::new(
            binding,
            "tool matches `send_*`".into(),
            "req-1",
            approvals::now(),
            600,
            json!({"to": "[EMAIL_1]"}),
        );
        approvals::create(&store, &req).await.unwrap();
        store.close().await;
        req.id
    });
    (url, id)
}

#[test]
fn operators_review_tools_and_decide_calls() {
    let dir = tempfile::tempdir().unwrap();
    let (url, id) = setup(dir.path());

    let (code, out, err) = moat(&url, &["mcp", "tools"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("weather") && out.contains("changed"), "{out}");
    assert!(err.contains("moat mcp approve"), "{err}");
    let (code, out, err) = moat(
        &url,
        &["mcp", "approve", "demo", "weather", "--as", "user:ops"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("pinned demo/weather") && out.contains("user:ops"),
        "{out}"
    );
    let (code, out, _) = moat(&url, &["mcp", "tools", "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["status"], "pinned");
    let (code, _, err) = moat(
        &url,
        &["mcp", "approve", "demo", "nope", "--as", "user:ops"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("has not been listed"), "{err}");

    let (code, out, _) = moat(&url, &["approvals", "list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&id) && out.contains("send_email") && out.contains("pending"),
        "{out}"
    );
    let (code, out, _) = moat(&url, &["approvals", "show", &id]);
    assert_eq!(code, 0);
    assert!(
        out.contains("[EMAIL_1]") && !out.contains("eve@evil.test"),
        "{out}"
    );
    // Nobody to record as the approver: refused.
    let (code, _, err) = moat(&url, &["approvals", "approve", &id]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no identity"), "{err}");
    let (code, out, err) = moat(
        &url,
        &[
            "approvals",
            "deny",
            &id,
            "--as",
            "user:ops",
            "--note",
            "not this week",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("denied") && out.contains("user:ops"), "{out}");
    let (code, _, err) = moat(&url, &["approvals", "approve", &id, "--as", "user:ops"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("only pending requests can be decided"),
        "{err}"
    );
    let (code, out, _) = moat(&url, &["approvals", "show", &id, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["state"], "denied", "{v}");
    assert_eq!(v["note"], "not this week");
    let (code, _, err) = moat(&url, &["approvals", "list", "--state", "bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("--state"), "{err}");
    let (code, _, err) = moat(&url, &["approvals", "show", "apr_000000000000000000000000"]);
    assert_eq!(code, 2, "{err}");
}
