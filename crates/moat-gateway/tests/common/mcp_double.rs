//! A scripted MCP server double on loopback (Streamable HTTP), standing in for third-party MCP
//! servers in the proxy's tests: it answers `initialize` (issuing its own session id),
//! `tools/list` from a list the test can change (rug pulls), and `tools/call` by echoing the
//! arguments or with a result the test set; it records every request it received, and can be
//! told to answer over SSE, to hang, or to die in the middle of a stream.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// One request the double received.
#[derive(Debug, Clone)]
pub struct McpSeen {
    pub headers: HeaderMap,
    pub body: Value,
}

/// How the double answers requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `application/json`.
    #[default]
    Json,
    /// `text/event-stream` with one `message` event (and a progress notification first).
    Sse,
    /// Never answers.
    Hang,
    /// Starts an SSE stream, sends a notification, then closes without answering.
    DieMidStream,
    /// SSE, with an answer to a request that is not this stream's (id 999, carrying a secret)
    /// before the real answer.
    Smuggle,
}

#[derive(Default)]
pub struct McpState {
    pub tools: Mutex<Vec<Value>>,
    pub results: Mutex<HashMap<String, Value>>,
    pub seen: Mutex<Vec<McpSeen>>,
    pub mode: Mutex<Mode>,
}

pub type McpDouble = Arc<McpState>;

impl McpState {
    /// The `tools/call` requests received, as (tool, arguments).
    pub fn calls(&self) -> Vec<(String, Value)> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.body["method"] == "tools/call")
            .map(|s| {
                (
                    s.body["params"]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    s.body["params"]["arguments"].clone(),
                )
            })
            .collect()
    }

    pub fn set_mode(&self, m: Mode) {
        *self.mode.lock().unwrap() = m;
    }

    pub fn set_result(&self, tool: &str, result: Value) {
        self.results.lock().unwrap().insert(tool.to_owned(), result);
    }

    pub fn set_tools(&self, tools: Vec<Value>) {
        *self.tools.lock().unwrap() = tools;
    }
}

/// A tool definition.
pub fn tool(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "description": description,
        "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}},
    })
}

/// The tools every test starts with.
pub fn default_tools() -> Vec<Value> {
    vec![
        tool("echo", "Echo the arguments back."),
        tool("read_file", "Read a file from the project."),
        tool("send_email", "Send an email."),
        tool("delete_repo", "Delete a repository."),
        tool("email", "Draft an email to a recipient."),
    ]
}

fn answer(id: &Value, method: &str, params: &Value, st: &McpState) -> Option<Value> {
    let result = match method {
        "initialize" => json!({
            "protocolVersion": params["protocolVersion"].as_str().unwrap_or("2025-11-25"),
            "capabilities": {"tools": {"listChanged": true}},
            "serverInfo": {"name": "double", "version": "1.0"},
        }),
        "ping" => json!({}),
        "tools/list" => json!({"tools": st.tools.lock().unwrap().clone()}),
        "tools/call" => {
            let name = params["name"].as_str().unwrap_or_default();
            match st.results.lock().unwrap().get(name) {
                Some(r) => r.clone(),
                None => {
                    json!({"content": [{"type": "text", "text": format!("{name}: {}", params["arguments"])}]})
                }
            }
        }
        "resources/read" => json!({"contents": [{"uri": params["uri"], "text": "resource text"}]}),
        _ => {
            return Some(
                json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "no such method"}}),
            );
        }
    };
    Some(json!({"jsonrpc": "2.0", "id": id, "result": result}))
}

async fn handle(State(st): State<McpDouble>, headers: HeaderMap, body: Bytes) -> Response {
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return (StatusCode::BAD_REQUEST, "bad json").into_response(),
    };
    st.seen.lock().unwrap().push(McpSeen {
        headers: headers.clone(),
        body: v.clone(),
    });
    let method = v["method"].as_str().unwrap_or_default().to_owned();
    let Some(id) = v.get("id").cloned() else {
        return StatusCode::ACCEPTED.into_response();
    };
    let mode = *st.mode.lock().unwrap();
    // Moat's own listing (to check a call) is answered normally whatever the mode.
    let own = method == "tools/list" || method == "initialize";
    let reply = answer(&id, &method, &v["params"], &st).unwrap();
    let mut resp = match (mode, own) {
        (Mode::Json, _) | (_, true) => axum::Json(reply).into_response(),
        (Mode::Sse, _) => {
            let body = format!(
                "event: message\ndata: {}\n\nevent: message\nid: 1\ndata: {}\n\n",
                json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": 1, "progress": 1}}),
                reply
            );
            ([("content-type", "text/event-stream")], body).into_response()
        }
        (Mode::Smuggle, _) => {
            let body = format!(
                "event: message\ndata: {}\n\nevent: message\ndata: {}\n\n",
                json!({"jsonrpc": "2.0", "id": 999, "result": {"content": [{"type": "text", "text": "smuggled AKIAIOSFODNN7EXAMPLE"}]}}),
                reply
            );
            ([("content-type", "text/event-stream")], body).into_response()
        }
        (Mode::Hang, _) => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        (Mode::DieMidStream, _) => {
            let first = format!(
                "event: message\ndata: {}\n\n",
                json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": 1, "progress": 1}})
            );
            // The first event is flushed, then the server dies before it answers.
            let stream = futures_util::stream::unfold(0u8, move |step| {
                let first = first.clone();
                async move {
                    match step {
                        0 => Some((Ok::<_, std::io::Error>(Bytes::from(first)), 1)),
                        1 => {
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            Some((Err(std::io::Error::other("died")), 2))
                        }
                        _ => None,
                    }
                }
            });
            Response::builder()
                .header("content-type", "text/event-stream")
                .body(Body::from_stream(stream))
                .unwrap()
        }
    };
    if method == "initialize" {
        resp.headers_mut()
            .insert("mcp-session-id", "upstream-session-7".parse().unwrap());
    }
    resp
}

/// Start the double; its MCP endpoint is `http://{addr}/mcp`.
pub async fn start_mcp_double() -> (SocketAddr, McpDouble) {
    let st: McpDouble = Arc::new(McpState::default());
    st.set_tools(default_tools());
    let app = Router::new()
        .route("/mcp", post(handle))
        .with_state(st.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    (addr, st)
}
