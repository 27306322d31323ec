//! The official MCP Python SDK (`mcp` on PyPI) on both sides of Moat: an `MCPServer` upstream
//! over Streamable HTTP, and the SDK's `Client` listing and calling tools through `/mcp/demo`,
//! in the stateless 2026-07-28 revision and with the legacy initialize handshake.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{python, start_gateway_yaml};

const KEY: &str = "moat_mcpsdk001_abcdefghijklmnopqrstuvwxyz0123456789";

struct Child(tokio::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

async fn start_sdk_server(py: &str) -> (u16, Child) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/python/mcp_upstream_server.py");
    let child = tokio::process::Command::new(py)
        .arg(script)
        .arg(port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (port, Child(child));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the MCP SDK server did not start on port {port}");
}

#[tokio::test]
async fn official_sdk_client_lists_and_calls_tools_through_moat() {
    let Some(py) = python() else { return };
    let (port, _server) = start_sdk_server(&py).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let yaml = format!(
        r#"
listen: 127.0.0.1:0
mcp:
  servers:
    demo:
      url: http://127.0.0.1:{port}/mcp
      timeout: 10s
      approval: {{ tools: ["send_*"] }}
  approvals: {{ hold: 200ms }}
auth:
  api_keys:
    - {{ name: sdk-agent, key: {KEY}, scopes: ["mcp:demo"] }}
audit:
  store: {{ data_dir: {} }}
"#,
        data.display()
    );
    let gw = start_gateway_yaml(&yaml, dir, data.join("unused")).await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/python");
    let out = tokio::process::Command::new(&py)
        .arg(root.join("test_mcp_client.py"))
        .env("MOAT_URL", gw.url())
        .env("MOAT_KEY", KEY)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    let v: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap())
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    for mode in ["2026-07-28", "legacy"] {
        let r = &v[mode];
        let tools: Vec<&str> = r["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(tools, ["add", "echo", "leak", "send_email"], "{mode}: {v}");
        assert_eq!(r["add"], "42", "{mode}: {v}");
        assert_eq!(r["add_error"], false);
        // The secret in the tool's output is masked on its way to the client.
        let leak = r["leak"].as_str().unwrap();
        assert!(!leak.contains("AKIAIOSFODNN7EXAMPLE"), "{mode}: {leak}");
        assert!(leak.contains("Build notes"), "{mode}: {leak}");
        // send_* waits for a human: the SDK surfaces Moat's JSON-RPC error.
        assert_eq!(
            r["send_email"]["code"],
            moat_mcp::jsonrpc::code::APPROVAL_PENDING,
            "{mode}: {v}"
        );
    }
    assert_ne!(v["unauthenticated"], "connected", "{v}");
}
