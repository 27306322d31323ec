//! The MCP proxy: each configured MCP server at `/mcp/{name}`, over Streamable HTTP (stateless
//! 2026-07-28 and the session-based 2025 revisions), in front of a remote Streamable HTTP
//! server or a local stdio server Moat launches itself.
//!
//! A POST passes, in order: the server lookup, authentication as an OAuth 2.1 resource server
//! ([`oauth`]: `WWW-Authenticate` with `resource_metadata`, audience and scope checks), the
//! bounded JSON-RPC parse and the header/body agreement check ([`moat_mcp::protocol`]), the
//! session binding (a session belongs to the identity that opened it), and then per method:
//!
//! - `tools/list`: the answer is filtered: tools the caller may not call, tools the filter
//!   hides, and tools held by pinning or poisoning checks ([`catalogue`]) are left out.
//! - `tools/call`: the tool must be offered and pinned, the caller authorised, the arguments
//!   guarded; a call the approval rules select waits for a human ([`approvals`]). The result is
//!   guarded (indirect injection, secrets, PII) before the client sees it.
//! - `resources/read`, `prompts/get`, `tasks/result`: results guarded like tool results.
//! - Other MCP methods pass through; methods MCP does not define are refused.
//!
//! Every POST yields exactly one audit event; approval steps add their own.

// Refusals carry a whole HTTP response or JSON-RPC error; they are built once per refused
// request, never on a hot loop, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod approvals;
pub mod catalogue;
mod handler;
pub mod oauth;
mod stdio;
mod upstream;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};

use crate::server::App;

pub use handler::{authenticate_for, required_scope};
pub use stdio::StdioServer;

/// Name of the guard engine the MCP servers use (built from `guard.engine`).
pub const ENGINE: &str = "mcp";

/// MCP state kept across reloads.
#[derive(Default)]
pub struct McpState {
    /// Client-facing session id -> session.
    sessions: Mutex<HashMap<String, Session>>,
    /// Running stdio servers by name (with the command they were started with).
    stdio: tokio::sync::Mutex<HashMap<String, Arc<StdioServer>>>,
    /// Tool catalogue (pins are in the store; this caches what was last listed).
    pub catalogue: catalogue::Catalogue,
    /// Wakes calls waiting on an approval decided by this instance.
    pub decided: tokio::sync::Notify,
    /// When Moat last listed each server's tools on its own account.
    refreshed: Mutex<HashMap<String, std::time::Instant>>,
}

impl std::fmt::Debug for McpState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McpState").finish_non_exhaustive()
    }
}

/// A client session with a session-based upstream.
#[derive(Debug, Clone)]
struct Session {
    server: String,
    principal: String,
    /// The upstream's own session id (HTTP upstreams), never shown to the client.
    upstream: Option<String>,
    created: std::time::Instant,
    /// Requests whose answer the server moved to a stream the client resumes (it closed the
    /// request's own stream after an event with an id): request id -> method. An answer on a
    /// resumed stream is relayed, and guarded as that method's, only if it is here.
    resumable: Arc<Mutex<HashMap<moat_mcp::jsonrpc::Id, String>>>,
}

/// Most requests of one session awaiting an answer on a resumed stream.
const MAX_RESUMABLE: usize = 256;

impl Session {
    fn new(server: String, principal: String, upstream: Option<String>) -> Session {
        Session {
            server,
            principal,
            upstream,
            created: std::time::Instant::now(),
            resumable: Arc::default(),
        }
    }

    /// Note that the answer to request `id` (of `method`) will come on a resumed stream.
    /// False when too many are outstanding.
    fn expect_resumed(&self, id: moat_mcp::jsonrpc::Id, method: String) -> bool {
        let Ok(mut m) = self.resumable.lock() else {
            return false;
        };
        if m.len() >= MAX_RESUMABLE && !m.contains_key(&id) {
            return false;
        }
        m.insert(id, method);
        true
    }

    /// The method of request `id` if its answer was expected on a resumed stream (once).
    fn take_resumed(&self, id: &moat_mcp::jsonrpc::Id) -> Option<String> {
        self.resumable.lock().ok()?.remove(id)
    }
}

/// Most sessions kept at once; the oldest are forgotten beyond it.
const MAX_SESSIONS: usize = 10_000;

impl McpState {
    fn new_session(&self, s: Session) -> String {
        let id = hex::encode(rand::random::<[u8; 16]>());
        if let Ok(mut m) = self.sessions.lock() {
            if m.len() >= MAX_SESSIONS
                && let Some(oldest) = m
                    .iter()
                    .min_by_key(|(_, v)| v.created)
                    .map(|(k, _)| k.clone())
            {
                m.remove(&oldest);
            }
            m.insert(id.clone(), s);
        }
        id
    }

    fn session(&self, id: &str) -> Option<Session> {
        self.sessions.lock().ok().and_then(|m| m.get(id).cloned())
    }

    fn end_session(&self, id: &str) {
        if let Ok(mut m) = self.sessions.lock() {
            m.remove(id);
        }
    }

    /// Forget what `server` last listed (it said its tools changed): the next call of an
    /// unlisted tool makes Moat list them again at once.
    pub fn invalidate(&self, server: &str) {
        self.catalogue.invalidate(server);
        if let Ok(mut m) = self.refreshed.lock() {
            m.remove(server);
        }
    }

    /// Stop every stdio server (shutdown).
    pub async fn stop_stdio(&self) {
        let mut m = self.stdio.lock().await;
        for (_, s) in m.drain() {
            s.stop().await;
        }
    }
}

/// The MCP routes: the servers, their protected-resource metadata, and the approvals API.
pub fn router() -> Router<App> {
    Router::new()
        .route(
            "/mcp/{server}",
            post(handler::post)
                .get(handler::get)
                .delete(handler::delete),
        )
        .route(
            "/.well-known/oauth-protected-resource/mcp/{server}",
            get(oauth::metadata),
        )
        .route("/v1/approvals", get(approvals::api_list))
        .route("/v1/approvals/{id}", get(approvals::api_show))
        .route("/v1/approvals/{id}/approve", post(approvals::api_approve))
        .route("/v1/approvals/{id}/deny", post(approvals::api_deny))
}
