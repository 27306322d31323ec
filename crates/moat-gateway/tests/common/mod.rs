//! Test fixtures: a scripted upstream double (OpenAI, Azure, Anthropic and an Entra token
//! endpoint) and a gateway started in-process, both on loopback.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

pub mod mcp_double;

/// One request the double received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Value,
}

#[derive(Default)]
pub struct DoubleState {
    pub seen: Mutex<Vec<Seen>>,
    /// Fixed reply text; when unset the double echoes the last user text.
    pub reply: Mutex<Option<String>>,
    /// Characters per stream chunk.
    pub chunk: Mutex<usize>,
    pub token_calls: Mutex<u32>,
    /// Set when a streaming response's body was dropped before its end (client went away).
    pub stream_cancelled: Mutex<bool>,
}

pub type Double = Arc<DoubleState>;

fn last_user_text(body: &Value) -> String {
    if let Some(msgs) = body.get("messages").and_then(Value::as_array) {
        for m in msgs.iter().rev() {
            if m.get("role").and_then(Value::as_str) == Some("user") {
                return match m.get("content") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Array(parts)) => parts
                        .iter()
                        .filter_map(|p| p.get("text").and_then(Value::as_str))
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => String::new(),
                };
            }
        }
    }
    match body.get("input").or_else(|| body.get("prompt")) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .or_else(|| match i.get("content") {
                        Some(Value::String(s)) => Some(s.clone()),
                        Some(Value::Array(p)) => p
                            .first()
                            .and_then(|x| x.get("text"))
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        _ => None,
                    })
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn reply_for(st: &DoubleState, body: &Value) -> String {
    st.reply
        .lock()
        .unwrap()
        .clone()
        .unwrap_or_else(|| format!("You said: {}", last_user_text(body)))
}

fn chunks(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(n.max(1)).map(|c| c.iter().collect()).collect()
}

struct CancelFlag(Double, bool);
impl CancelFlag {
    fn finish(&mut self) {
        self.1 = true;
    }
}
impl Drop for CancelFlag {
    fn drop(&mut self) {
        if !self.1 {
            *self.0.stream_cancelled.lock().unwrap() = true;
        }
    }
}

fn sse(st: Double, events: Vec<(Option<String>, String)>, delay: Duration) -> Response {
    let stream = async_stream_events(st, events, delay);
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(stream))
        .unwrap()
}

fn async_stream_events(
    st: Double,
    events: Vec<(Option<String>, String)>,
    delay: Duration,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, std::convert::Infallible>> {
    let flag = CancelFlag(st, false);
    futures_util::stream::unfold(
        (events.into_iter(), flag),
        move |(mut it, mut flag)| async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            match it.next() {
                Some((name, data)) => {
                    let mut s = String::new();
                    if let Some(n) = name {
                        s.push_str(&format!("event: {n}\n"));
                    }
                    s.push_str(&format!("data: {data}\n\n"));
                    Some((Ok(bytes::Bytes::from(s)), (it, flag)))
                }
                None => {
                    flag.finish();
                    None
                }
            }
        },
    )
}

async fn record(st: &Double, req: Request) -> Seen {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let headers = req.headers().clone();
    let bytes = axum::body::to_bytes(req.into_body(), 1 << 24)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let seen = Seen {
        path,
        query,
        headers,
        body,
    };
    st.seen.lock().unwrap().push(seen.clone());
    seen
}

async fn special(model: &str) -> Option<Response> {
    match model {
        "slow-model" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            None
        }
        "limited-model" => Some(
            (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", "3"), ("set-cookie", "upstream=1")],
                axum::Json(json!({"error": {"message": "upstream says slow down", "type": "rate_limit_error", "param": null, "code": "rate_limit_exceeded"}})),
            )
                .into_response(),
        ),
        _ => None,
    }
}

async fn openai(State(st): State<Double>, req: Request) -> Response {
    let seen = record(&st, req).await;
    let model = seen
        .body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if let Some(r) = special(&model).await {
        return r;
    }
    let stream = seen
        .body
        .get("stream")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let text = reply_for(&st, &seen.body);
    let n = *st.chunk.lock().unwrap();
    let delay = if model == "dribble-model" {
        Duration::from_millis(200)
    } else {
        Duration::ZERO
    };
    let path = seen.path.clone();
    if path.ends_with("/embeddings") {
        return axum::Json(json!({"object": "list", "model": model, "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2, 0.3]}], "usage": {"prompt_tokens": 3, "total_tokens": 3}})).into_response();
    }
    if path.ends_with("/responses") {
        if !stream {
            return axum::Json(json!({
                "id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": model,
                "output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "text": text, "annotations": []}]}],
                "usage": {"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}
            })).into_response();
        }
        let mut evs = vec![(Some("response.created".into()), json!({"type": "response.created", "sequence_number": 0, "response": {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": model, "output": []}}).to_string())];
        evs.push((Some("response.output_item.added".into()), json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}}).to_string()));
        evs.push((Some("response.content_part.added".into()), json!({"type": "response.content_part.added", "sequence_number": 2, "item_id": "msg_1", "output_index": 0, "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}}).to_string()));
        let mut seq = 3;
        for c in chunks(&text, n) {
            evs.push((Some("response.output_text.delta".into()), json!({"type": "response.output_text.delta", "sequence_number": seq, "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": c, "logprobs": []}).to_string()));
            seq += 1;
        }
        evs.push((Some("response.output_text.done".into()), json!({"type": "response.output_text.done", "sequence_number": seq, "item_id": "msg_1", "output_index": 0, "content_index": 0, "text": text, "logprobs": []}).to_string()));
        seq += 1;
        evs.push((Some("response.completed".into()), json!({"type": "response.completed", "sequence_number": seq, "response": {
            "id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": model,
            "output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant", "content": [{"type": "output_text", "text": text, "annotations": []}]}],
            "usage": {"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}}}).to_string()));
        return sse(st.clone(), evs, delay);
    }
    let legacy = path.ends_with("/completions") && !path.ends_with("/chat/completions");
    // `"logprobs": true` gets one entry per chunk, the way a real server spells the output out
    // token by token; `refusal-model` answers with a refusal instead of content.
    let logprobs = seen.body.get("logprobs") == Some(&json!(true));
    let refusal = model == "refusal-model";
    let token_logprobs = |piece: &str| json!({"content": [{"token": piece, "logprob": -0.1, "bytes": piece.as_bytes(), "top_logprobs": [{"token": piece, "logprob": -0.1, "bytes": piece.as_bytes()}]}]});
    if !stream {
        let choice = if legacy {
            json!({"index": 0, "text": text, "finish_reason": "stop", "logprobs": null})
        } else if refusal {
            json!({"index": 0, "message": {"role": "assistant", "content": null, "refusal": text}, "finish_reason": "stop"})
        } else {
            let lp = if logprobs {
                token_logprobs(&text)
            } else {
                Value::Null
            };
            json!({"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop", "logprobs": lp})
        };
        return axum::Json(json!({
            "id": "chatcmpl-1", "object": if legacy { "text_completion" } else { "chat.completion" },
            "created": 1, "model": model, "choices": [choice],
            "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
        }))
        .into_response();
    }
    let mut evs = Vec::new();
    let head = |delta: Value, fin: Value| {
        if legacy {
            json!({"id": "cmpl-1", "object": "text_completion", "created": 1, "model": model, "choices": [{"index": 0, "text": delta.get("content").cloned().unwrap_or(json!("")), "finish_reason": fin, "logprobs": null}]})
        } else {
            json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": fin}]})
        }
    };
    if !legacy {
        evs.push((
            None,
            head(json!({"role": "assistant", "content": ""}), Value::Null).to_string(),
        ));
    }
    for c in chunks(&text, n) {
        let mut ev = if refusal {
            head(json!({"refusal": c}), Value::Null)
        } else {
            head(json!({"content": c}), Value::Null)
        };
        if logprobs && !legacy {
            ev["choices"][0]["logprobs"] = token_logprobs(&c);
        }
        evs.push((None, ev.to_string()));
    }
    evs.push((None, head(json!({}), json!("stop")).to_string()));
    evs.push((None, "[DONE]".into()));
    sse(st.clone(), evs, delay)
}

async fn azure(State(st): State<Double>, Path(_dep): Path<String>, req: Request) -> Response {
    openai(State(st), req).await
}

async fn anthropic(State(st): State<Double>, req: Request) -> Response {
    let seen = record(&st, req).await;
    let model = seen
        .body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if let Some(r) = special(&model).await {
        return r;
    }
    let stream = seen
        .body
        .get("stream")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let text = reply_for(&st, &seen.body);
    let n = *st.chunk.lock().unwrap();
    let msg = json!({"id": "msg_1", "type": "message", "role": "assistant", "model": model,
        "content": [], "stop_reason": null, "stop_sequence": null,
        "usage": {"input_tokens": 10, "output_tokens": 1}});
    if !stream {
        let mut m = msg;
        m["content"] = json!([{"type": "text", "text": text}]);
        m["stop_reason"] = json!("end_turn");
        m["usage"] = json!({"input_tokens": 10, "output_tokens": 7});
        return axum::Json(m).into_response();
    }
    let mut evs = vec![
        (Some("message_start".into()), json!({"type": "message_start", "message": msg}).to_string()),
        (Some("content_block_start".into()), json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}).to_string()),
        (Some("ping".into()), json!({"type": "ping"}).to_string()),
    ];
    for c in chunks(&text, n) {
        evs.push((Some("content_block_delta".into()), json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": c}}).to_string()));
    }
    evs.push((
        Some("content_block_stop".into()),
        json!({"type": "content_block_stop", "index": 0}).to_string(),
    ));
    evs.push((Some("message_delta".into()), json!({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": 7}}).to_string()));
    evs.push((
        Some("message_stop".into()),
        json!({"type": "message_stop"}).to_string(),
    ));
    sse(st.clone(), evs, Duration::ZERO)
}

async fn token(State(st): State<Double>, body: String) -> Response {
    *st.token_calls.lock().unwrap() += 1;
    if !body.contains("grant_type=client_credentials")
        || !body.contains("client_secret=entra-secret")
    {
        return (StatusCode::UNAUTHORIZED, "bad client").into_response();
    }
    let n = *st.token_calls.lock().unwrap();
    axum::Json(json!({"token_type": "Bearer", "expires_in": 3600, "access_token": format!("entra-token-{n}")})).into_response()
}

/// Start the double; returns its address and state.
pub async fn start_double() -> (SocketAddr, Double) {
    let st: Double = Arc::new(DoubleState::default());
    *st.chunk.lock().unwrap() = 3;
    let app = Router::new()
        .route("/v1/chat/completions", post(openai))
        .route("/v1/completions", post(openai))
        .route("/v1/embeddings", post(openai))
        .route("/v1/responses", post(openai))
        .route("/openai/deployments/{dep}/chat/completions", post(azure))
        .route("/openai/deployments/{dep}/embeddings", post(azure))
        .route("/openai/deployments/{dep}/completions", post(azure))
        .route("/anthropic/v1/messages", post(anthropic))
        .route("/token", post(token))
        .with_state(st.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    (addr, st)
}

pub const KEY: &str = "moat_testkey1_abcdefghijklmnopqrstuvwxyz0123456789a";
pub const UPSTREAM_KEY: &str = "sk-upstream-secret-never-to-clients";

/// A gateway configuration in front of the double at `up`.
pub fn config_yaml(up: SocketAddr, audit: &std::path::Path, extra: &str) -> String {
    config_yaml_audit(
        up,
        &format!("audit:\n  jsonl: {}\n", audit.display()),
        extra,
    )
}

/// A gateway configuration in front of the double at `up` with this `audit:` block.
pub fn config_yaml_audit(up: SocketAddr, audit_block: &str, extra: &str) -> String {
    format!(
        r#"
listen: 127.0.0.1:0
server:
  upstream_timeout: 2s
  max_body_bytes: 65536
  slow_client_timeout: 2s
upstreams:
  oai:
    provider: openai
    base_url: http://{up}/v1
    api_key: {UPSTREAM_KEY}
  az:
    provider: azure
    base_url: http://{up}
    api_version: 2024-10-21
    entra:
      token_url: http://{up}/token
      client_id: moat-test
      client_secret: entra-secret
  claude:
    provider: anthropic
    base_url: http://{up}/anthropic
    api_key: {UPSTREAM_KEY}
routes:
  - {{ models: [gpt-4o-azure, my-deployment], upstream: az, guard: strict }}
  - {{ models: [claude-*], upstream: claude, guard: strict }}
  - {{ models: [private-model], upstream: oai, allow: {{ agents: [someone-else] }} }}
  - {{ models: [tiny-quota], upstream: oai, limits: {{ requests_per_minute: 2 }} }}
  - {{ models: [pseudo-model], upstream: oai, guard: pseudo }}
  - {{ models: [unguarded], upstream: oai, guard: "off" }}
  - {{ models: [gpt-*, slow-model, limited-model, dribble-model, refusal-model, text-embedding-3-small], upstream: oai, guard: strict }}
guard:
  # The injection detector is exercised by the guard crate's own tests; here its threshold is
  # raised so these tests depend only on the gateway's handling of verdicts and DLP findings.
  engine:
    injection: {{ threshold: 0.99, document_threshold: 0.99 }}
  policies:
    strict:
      prompts: {{ injection: block, dlp: mask }}
      tool_results: {{ injection: block, dlp: mask }}
      tool_calls: {{ injection: alert, dlp: mask }}
      responses: {{ injection: alert, dlp: mask }}
      stream_overlap: 64
    pseudo:
      pseudonymize: true
      prompts: {{ injection: block, dlp: pseudonymize }}
      responses: {{ injection: allow }}
      stream_overlap: 64
auth:
  api_keys:
    - {{ name: test-agent, key: {KEY} }}
    - {{ name: narrow-agent, key: moat_narrow01_abcdefghijklmnopqrstuvwxyz0123456789, scopes: ["models:gpt-4o"] }}
{audit_block}
{extra}
"#
    )
}

/// A running gateway.
pub struct Gateway {
    pub addr: SocketAddr,
    pub app: moat_gateway::App,
    pub audit: std::path::PathBuf,
    pub dir: tempfile::TempDir,
    pub shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    pub server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Gateway {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Audit events written so far (waits briefly for the writer).
    pub async fn audit_events(&self, at_least: usize) -> Vec<Value> {
        for _ in 0..100 {
            let text = std::fs::read_to_string(&self.audit).unwrap_or_default();
            let evs: Vec<Value> = text
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect();
            if evs.len() >= at_least {
                return evs;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("fewer than {at_least} audit events");
    }
}

pub async fn start_gateway(up: SocketAddr, extra: &str) -> Gateway {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let yaml = config_yaml(up, &audit, extra);
    start_gateway_yaml(&yaml, dir, audit).await
}

/// Start a gateway on `yaml`, keeping `dir` alive with it.
pub async fn start_gateway_yaml(
    yaml: &str,
    dir: tempfile::TempDir,
    audit: std::path::PathBuf,
) -> Gateway {
    let cfg = moat_gateway::config::Config::from_yaml(yaml, "test.yaml", &|_| None).unwrap();
    let (app, _writer) = moat_gateway::start(cfg).await.unwrap();
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(moat_gateway::server::serve(app.clone(), l, async move {
        let _ = rx.await;
    }));
    Gateway {
        addr,
        app,
        audit,
        dir,
        shutdown: Some(tx),
        server: Some(server),
    }
}

/// The Python interpreter with the SDKs, or `None` (test skipped) when not configured.
pub fn python() -> Option<String> {
    match std::env::var("MOAT_TEST_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("MOAT_TEST_PYTHON is not set but MOAT_REQUIRE_SERVICES=1");
            }
            eprintln!(
                "skipped: MOAT_TEST_PYTHON is not set (run scripts/setup-python.sh and export it)"
            );
            None
        }
    }
}

/// Run a Python test client; returns its stdout parsed as JSON lines' last line.
pub async fn run_python(py: &str, script: &str, gateway: &Gateway, args: &[&str]) -> Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/python");
    let path = root.join(script);
    let out = tokio::process::Command::new(py)
        .arg(&path)
        .args(args)
        .env("MOAT_URL", gateway.url())
        .env("MOAT_KEY", KEY)
        .env_remove("OPENAI_API_KEY")
        .env_remove("OPENAI_BASE_URL")
        .env_remove("ANTHROPIC_API_KEY")
        .env_remove("AZURE_OPENAI_API_KEY")
        .env_remove("OPENAI_API_VERSION")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{script} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let last = stdout.lines().last().unwrap_or("null");
    serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{script}: bad output {last}: {e}\n{stderr}"))
}
