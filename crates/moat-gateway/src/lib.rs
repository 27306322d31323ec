//! Moat's gateway: an authenticated, authorised, rate-limited, guarded and audited proxy in
//! front of LLM providers, speaking the OpenAI, Azure OpenAI and Anthropic APIs so that the
//! official SDKs work against it unchanged.
//!
//! A request passes, in order: request id and audit ([`request_log`]), authentication
//! ([`auth`]), parsing and routing by model ([`config::Route`]), authorisation, limits
//! ([`limits`]), the request guards ([`guard`]), the upstream ([`upstream`]), and the response
//! guards (whole, or per event for streams with an overlap window: [`guard::stream`]). Exactly one
//! audit event ([`audit::AuditEvent`]) is recorded per request.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let config = moat_gateway::config::Config::load(std::path::Path::new("gateway.yaml"))?;
//! let listener = tokio::net::TcpListener::bind(&config.listen).await?;
//! let (app, _writer) = moat_gateway::start(config).await?;
//! moat_gateway::server::serve(app, listener, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod audit;
pub mod auth;
pub mod config;
pub mod error;
pub mod guard;
pub mod limits;
pub mod mcp;
mod metrics;
pub mod provider;
mod proxy;
pub mod request_log;
pub mod server;
pub mod upstream;

use std::sync::Arc;

pub use proxy::authorize;
pub use server::{App, Runtime, Shared, StartError};

/// Build the gateway state from a validated configuration: guard engines, authenticator,
/// upstream credentials and the audit sink. Returns the app and, for file sinks, the writer task
/// (await it after shutdown to be sure every event is written).
///
/// With the store (`audit: { store: ... }`), opens the database (creating the SQLite file, the
/// signing key and the instance id on first run) and starts its audit writer; the writer is
/// flushed and stopped by [`server::serve`] on shutdown (or [`Shared::close_audit`]).
///
/// Must be called inside a Tokio runtime.
pub async fn start(
    config: config::Config,
) -> Result<(App, Option<tokio::task::JoinHandle<()>>), StartError> {
    if config.store_keys && !matches!(config.audit, config::AuditTarget::Store(_)) {
        return Err(StartError(
            "auth.store_keys: keys are read from the store named by `audit: { store: ... }`; \
             configure the store audit target"
                .into(),
        ));
    }
    let mut key_store = None;
    let (sink, writer): (Arc<dyn audit::AuditSink>, _) = match &config.audit {
        config::AuditTarget::None => (Arc::new(audit::LogSink), None),
        config::AuditTarget::Jsonl(p) => {
            let (s, h) = audit::JsonlSink::open(p.clone()).map_err(|e| {
                StartError(format!("audit.jsonl: cannot open `{}`: {e}", p.display()))
            })?;
            (Arc::new(s), Some(h))
        }
        config::AuditTarget::Store(c) => {
            let s = audit::StoreSink::open(c)
                .await
                .map_err(|e| StartError(format!("audit.store (`{}`): {e}", c.url())))?;
            key_store = Some(s.store().clone());
            (Arc::new(s), None)
        }
    };
    let has_mcp = !config.mcp.servers.is_empty();
    if has_mcp && key_store.is_none() {
        return Err(StartError(
            "mcp: tool pins and the approvals queue live in the store; configure `audit: { store: ... }`"
                .into(),
        ));
    }
    for s in config.mcp.servers.values() {
        if s.auth == config::ClientAuth::None {
            tracing::warn!(server = %s.name, "MCP server open to unauthenticated clients (`auth: none`)");
        }
    }
    let rt = Runtime::new(config)?;
    let app = Shared::with_key_store(rt, sink, key_store)?;
    if has_mcp {
        tokio::spawn(mcp::approvals::watch(app.clone()));
    }
    Ok((app, writer))
}

/// Install the log subscriber: `RUST_LOG`-style filtering (default `info`), text or JSON lines on
/// standard error. Log lines carry request ids and reason codes, never prompt text or secrets.
pub fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
