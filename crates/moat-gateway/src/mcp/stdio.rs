//! Local MCP servers Moat launches itself and speaks to over stdio (newline-delimited
//! JSON-RPC).
//!
//! The command comes from configuration only; the environment is cleared but for `PATH`,
//! `HOME` and what the configuration adds. One process serves every client of the server: Moat
//! initialises it once, gives each forwarded request an id of its own and maps the answer back.
//! Server-to-client requests (sampling, roots, elicitation) are answered with "method not
//! found": there is no client session to route them to. A line longer than the message limit
//! (a flooding server) or malformed output kills the process; it is restarted on the next
//! request, at most once a second.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use moat_mcp::jsonrpc::{self, Kind, Limits};
use moat_mcp::protocol::Revision;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::{Mutex, oneshot};

use crate::config::{McpServer, Transport};

type Pending = Arc<std::sync::Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

/// A running stdio server.
pub struct StdioServer {
    name: String,
    command: Vec<String>,
    stdin: Mutex<ChildStdin>,
    child: Mutex<Child>,
    pending: Pending,
    next_id: AtomicI64,
    alive: Arc<std::sync::atomic::AtomicBool>,
    init: std::sync::OnceLock<Value>,
    started: Instant,
}

impl std::fmt::Debug for StdioServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StdioServer")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A stdio problem.
#[derive(Debug, thiserror::Error)]
pub enum StdioError {
    /// Could not start.
    #[error("cannot start MCP server `{0}`: {1}")]
    Spawn(String, String),
    /// Exited or was killed.
    #[error("MCP server `{0}` exited")]
    Exited(String),
    /// No answer in time.
    #[error("MCP server `{0}` did not answer in time")]
    Timeout(String),
    /// Broken pipe.
    #[error("MCP server `{0}`: {1}")]
    Io(String, String),
}

impl StdioServer {
    /// The server's `initialize` result.
    pub fn init(&self) -> Value {
        self.init.get().cloned().unwrap_or(Value::Null)
    }

    /// The command the process was started with.
    pub fn command(&self) -> &[String] {
        &self.command
    }

    /// Still running.
    pub fn alive(&self) -> bool {
        self.alive.load(Ordering::Relaxed)
    }

    /// Start and initialise the server.
    pub async fn start(srv: &McpServer, max_line: usize) -> Result<Arc<StdioServer>, StdioError> {
        let Transport::Stdio { command, env, cwd } = &srv.transport else {
            return Err(StdioError::Spawn(
                srv.name.clone(),
                "not a stdio server".into(),
            ));
        };
        let name = srv.name.clone();
        let mut cmd = Command::new(&command[0]);
        cmd.args(&command[1..])
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for k in ["PATH", "HOME"] {
            if let Ok(v) = std::env::var(k) {
                cmd.env(k, v);
            }
        }
        cmd.envs(env);
        if let Some(d) = cwd {
            cmd.current_dir(d);
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| StdioError::Spawn(name.clone(), e.to_string()))?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(StdioError::Spawn(name, "no pipes".into()));
        };
        let pending: Pending = Arc::default();
        let alive = Arc::new(std::sync::atomic::AtomicBool::new(true));
        // stderr: logged, a line at a time, bounded.
        let n2 = name.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            let mut count = 0u64;
            while let Ok(Some(l)) = lines.next_line().await {
                count += 1;
                if count <= 1000 {
                    tracing::debug!(server = %n2, "stderr: {}", l.chars().take(500).collect::<String>());
                }
            }
        });
        let server = Arc::new(StdioServer {
            name: name.clone(),
            command: command.clone(),
            stdin: Mutex::new(stdin),
            child: Mutex::new(child),
            pending: pending.clone(),
            next_id: AtomicI64::new(1),
            alive: alive.clone(),
            init: std::sync::OnceLock::new(),
            started: Instant::now(),
        });
        let weak = Arc::downgrade(&server);
        tokio::spawn(read_loop(
            name.clone(),
            stdout,
            pending,
            alive,
            weak,
            max_line,
        ));
        let init = server
            .request(
                json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
                    "protocolVersion": Revision::LATEST_SESSION.as_str(),
                    "capabilities": {},
                    "clientInfo": {"name": "moat", "version": env!("CARGO_PKG_VERSION")}
                }}),
                srv.timeout,
            )
            .await?;
        let result = init
            .get("result")
            .cloned()
            .ok_or_else(|| StdioError::Io(name.clone(), "initialize failed".into()))?;
        server
            .send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await?;
        let _ = server.init.set(result);
        Ok(server)
    }

    async fn send(&self, v: &Value) -> Result<(), StdioError> {
        let mut line =
            serde_json::to_vec(v).map_err(|e| StdioError::Io(self.name.clone(), e.to_string()))?;
        line.push(b'\n');
        let mut w = self.stdin.lock().await;
        w.write_all(&line)
            .await
            .map_err(|e| StdioError::Io(self.name.clone(), e.to_string()))?;
        w.flush()
            .await
            .map_err(|e| StdioError::Io(self.name.clone(), e.to_string()))
    }

    /// Send a notification.
    pub async fn notify(&self, v: &Value) -> Result<(), StdioError> {
        if !self.alive() {
            return Err(StdioError::Exited(self.name.clone()));
        }
        self.send(v).await
    }

    /// Send a request (its id is replaced) and wait for the answer (whose id is the one Moat
    /// gave; the caller puts the client's back).
    pub async fn request(&self, mut v: Value, timeout: Duration) -> Result<Value, StdioError> {
        if !self.alive() {
            return Err(StdioError::Exited(self.name.clone()));
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        v["id"] = json!(id);
        let (tx, rx) = oneshot::channel();
        if let Ok(mut p) = self.pending.lock() {
            p.insert(id, tx);
        }
        if let Err(e) = self.send(&v).await {
            if let Ok(mut p) = self.pending.lock() {
                p.remove(&id);
            }
            return Err(e);
        }
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(resp)) => Ok(resp),
            Ok(Err(_)) => Err(StdioError::Exited(self.name.clone())),
            Err(_) => {
                if let Ok(mut p) = self.pending.lock() {
                    p.remove(&id);
                }
                Err(StdioError::Timeout(self.name.clone()))
            }
        }
    }

    /// Kill the process.
    pub async fn stop(&self) {
        self.alive.store(false, Ordering::Relaxed);
        let _ = self.child.lock().await.kill().await;
    }

    /// Old enough that a restart is allowed.
    pub fn restartable(&self) -> bool {
        self.started.elapsed() >= Duration::from_secs(1)
    }
}

async fn read_loop(
    name: String,
    stdout: tokio::process::ChildStdout,
    pending: Pending,
    alive: Arc<std::sync::atomic::AtomicBool>,
    server: std::sync::Weak<StdioServer>,
    max_line: usize,
) {
    let mut r = BufReader::new(stdout);
    let mut line = Vec::new();
    let limits = Limits {
        max_bytes: max_line,
        ..Limits::default()
    };
    loop {
        line.clear();
        // Read one line, refusing to buffer more than `max_line` bytes of it.
        let mut too_long = false;
        while let Ok(buf) = r.fill_buf().await {
            if buf.is_empty() {
                break;
            }
            let (take, done) = match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if line.len() + take > max_line + 1 {
                too_long = true;
                break;
            }
            line.extend_from_slice(&buf[..take]);
            r.consume(take);
            if done {
                break;
            }
        }
        if too_long {
            tracing::error!(server = %name, "stdio MCP server wrote a line over {max_line} bytes; stopping it");
            break;
        }
        if line.is_empty() {
            break; // EOF
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let msg = match jsonrpc::parse(text, &limits) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(server = %name, error = %e, "stdio MCP server wrote an invalid message; ignored");
                continue;
            }
        };
        match &msg.kind {
            Kind::Response {
                id: jsonrpc::Id::Num(n),
                ..
            } => {
                let tx = pending.lock().ok().and_then(|mut p| p.remove(n));
                if let Some(tx) = tx {
                    let _ = tx.send(msg.value);
                }
            }
            Kind::Response { .. } => {}
            Kind::Request { id, method } => {
                tracing::debug!(server = %name, method, "server-to-client request refused (no client session over stdio)");
                if let Some(s) = server.upgrade() {
                    let _ = s
                        .send(&jsonrpc::error_response(
                            Some(id),
                            jsonrpc::code::METHOD_NOT_FOUND,
                            "not available through Moat's stdio proxy",
                            None,
                        ))
                        .await;
                }
            }
            Kind::Notification { method } => {
                tracing::debug!(server = %name, method, "notification from stdio server");
            }
        }
    }
    alive.store(false, Ordering::Relaxed);
    if let Ok(mut p) = pending.lock() {
        p.clear(); // dropping the senders fails every waiting request
    }
    if let Some(s) = server.upgrade() {
        let _ = s.child.lock().await.kill().await;
    }
    tracing::warn!(server = %name, "stdio MCP server stopped");
}
