//! A local MCP server Moat launches itself over stdio (a fixed command from configuration):
//! calls are forwarded and guarded, and a server that floods its output or dies is killed,
//! answered with a clear JSON-RPC error, and restarted for the next request.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::start_gateway_yaml;
use serde_json::{Value, json};

const KEY: &str = "moat_mcpstdio1_abcdefghijklmnopqrstuvwxyz0123456789";

async fn gateway() -> common::Gateway {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/python/stdio_mcp_server.py");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let yaml = format!(
        r#"
listen: 127.0.0.1:0
mcp:
  max_message_bytes: 65536
  servers:
    local:
      command: [python3, "{}"]
      timeout: 5s
auth:
  api_keys:
    - {{ name: stdio-agent, key: {KEY}, scopes: ["mcp:local"] }}
audit:
  store: {{ data_dir: {} }}
"#,
        script.display(),
        data.display()
    );
    start_gateway_yaml(&yaml, dir, data.join("x")).await
}

async fn call(
    gw: &common::Gateway,
    method: &str,
    name: Option<&str>,
    params: Value,
) -> (u16, Value) {
    let mut rb = reqwest::Client::new()
        .post(format!("{}/mcp/local", gw.url()))
        .bearer_auth(KEY)
        .header("mcp-protocol-version", "2026-07-28")
        .header("mcp-method", method)
        .json(&json!({"jsonrpc": "2.0", "id": 5, "method": method, "params": params}));
    if let Some(n) = name {
        rb = rb.header("mcp-name", n);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn stdio_server_is_proxied_and_restarted_after_a_flood_or_a_crash() {
    let gw = gateway().await;
    let (s, v) = call(&gw, "tools/list", None, json!({})).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["id"], 5);
    assert_eq!(v["result"]["tools"].as_array().unwrap().len(), 3, "{v}");
    let (s, v) = call(
        &gw,
        "tools/call",
        Some("echo"),
        json!({"name": "echo", "arguments": {"text": "hi"}}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["id"], 5);
    assert_eq!(v["result"]["content"][0]["text"], "echo: hi");

    // A flood (a 4 MiB line against a 64 KiB limit): the process is killed, the call fails.
    let (s, v) = call(
        &gw,
        "tools/call",
        Some("flood"),
        json!({"name": "flood", "arguments": {}}),
    )
    .await;
    assert_eq!(s, 502, "{v}");
    assert_eq!(v["error"]["code"], -32603, "{v}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (s, v) = call(
        &gw,
        "tools/call",
        Some("echo"),
        json!({"name": "echo", "arguments": {"text": "again"}}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["content"][0]["text"], "echo: again");

    // A crash mid-request.
    let (s, v) = call(
        &gw,
        "tools/call",
        Some("die"),
        json!({"name": "die", "arguments": {}}),
    )
    .await;
    assert_eq!(s, 502, "{v}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (s, v) = call(
        &gw,
        "tools/call",
        Some("echo"),
        json!({"name": "echo", "arguments": {"text": "back"}}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["result"]["content"][0]["text"], "echo: back");
}

#[tokio::test]
async fn session_clients_get_a_moat_session_over_stdio() {
    let gw = gateway().await;
    let r = reqwest::Client::new()
        .post(format!("{}/mcp/local", gw.url()))
        .bearer_auth(KEY)
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let sid = r
        .headers()
        .get("mcp-session-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["result"]["serverInfo"]["name"], "stdio-test", "{v}");
    let r = reqwest::Client::new()
        .post(format!("{}/mcp/local", gw.url()))
        .bearer_auth(KEY)
        .header("mcp-session-id", sid)
        .header("mcp-protocol-version", "2025-11-25")
        .json(&json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["id"], 2);
    assert!(v["result"]["tools"].is_array(), "{v}");
}
