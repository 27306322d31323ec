//! The official MCP Python SDK (`mcp` on PyPI) on both sides of Moat: an `MCPServer` upstream
//! over Streamable HTTP, and the SDK's `Client` listing and calling tools through `/mcp/demo`,
//! in the stateless 2026-07-28 revision and with the legacy initialize handshake. In the
//! session, the server's traffic to the client is guarded too: an answer moved to a resumed
//! stream, sampling requests (and the client model's answers) and elicitation requests.
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
      arguments: {{ injection: alert, dlp: mask }}
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
        assert_eq!(
            tools,
            [
                "add",
                "ask_model",
                "ask_user",
                "echo",
                "leak",
                "send_email",
                "slow_leak"
            ],
            "{mode}: {v}"
        );
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
    for mode in ["2026-07-28", "legacy"] {
        // The answer that came after the server closed the call's stream is guarded as well.
        let late = v[mode]["slow_leak"].as_str().unwrap();
        assert!(late.contains("Late notes"), "{mode}: {late}");
        assert!(!late.contains("AKIAIOSFODNN7EXAMPLE"), "{mode}: {late}");
    }
    let legacy = &v["legacy"];
    // Sampling: the server's question reaches the client's model; the secret in the model's
    // answer is masked before it reaches the server.
    assert_eq!(legacy["ask_model"]["is_error"], false, "{v}");
    let said = legacy["ask_model"]["text"].as_str().unwrap();
    assert!(said.starts_with("model said: echo:what is 2+2?"), "{said}");
    assert!(said.ends_with("secret reached the server: False"), "{said}");
    // An injection in a sampling request never reaches the client's model: Moat refuses it
    // on the client's behalf and the tool fails.
    assert_eq!(
        legacy["sampled"],
        serde_json::json!(["what is 2+2?"]),
        "{v}"
    );
    assert_eq!(legacy["ask_model_injected"]["is_error"], true, "{v}");
    let refused = legacy["ask_model_injected"]["text"].as_str().unwrap();
    assert!(refused.contains("request was withheld"), "{refused}");
    // Elicitation passes through the session.
    assert_eq!(legacy["ask_user"], "user said: blue", "{v}");
    assert_eq!(legacy["elicited"], 1, "{v}");
    assert_ne!(v["unauthenticated"], "connected", "{v}");
}
