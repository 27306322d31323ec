//! One audit event per request. Events hold who, what, where, the guards' verdicts and timings,
//! never prompt or response text nor credentials. A sink receives them without blocking the
//! request; the writer batches what has queued up into one write and flush.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use tokio::sync::mpsc;

use crate::guard::GuardSummary;

/// One request's record.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AuditEvent {
    /// RFC 3339 time the request arrived.
    pub time: String,
    /// The request id (also in the `x-request-id` response header).
    pub request_id: String,
    /// HTTP method.
    pub method: String,
    /// Path (no query string: it can carry keys).
    pub path: String,
    /// Status sent to the client (for streams: the status the stream started with).
    pub status: u16,
    /// `ok`, `denied`, `blocked`, `error`, `upstream_error`, `client_disconnected`, `slow_client`.
    pub outcome: String,
    /// Reason code for anything but `ok`.
    pub reason: Option<String>,
    /// Principal id.
    pub principal: Option<String>,
    /// `agent` or `user`.
    pub principal_kind: Option<String>,
    /// Credential id (key prefix or token id), never the secret.
    pub credential_id: Option<String>,
    /// API surface (`chat`, `embed`, ...).
    pub surface: Option<String>,
    /// Model asked for.
    pub model: Option<String>,
    /// Route id.
    pub route: Option<String>,
    /// Upstream name.
    pub upstream: Option<String>,
    /// Streamed response.
    pub stream: bool,
    /// Tokens used (reported by the upstream, or estimated).
    pub tokens: Option<u64>,
    /// Request-side guard summary.
    pub guard_request: Option<GuardSummary>,
    /// Response-side guard summary.
    pub guard_response: Option<GuardSummary>,
    /// Total time in the gateway, milliseconds.
    pub latency_ms: f64,
    /// Time waiting on the upstream, milliseconds.
    pub upstream_ms: Option<f64>,
}

/// Receives audit events.
pub trait AuditSink: Send + Sync + 'static {
    /// Record one event. Must not block.
    fn record(&self, event: AuditEvent);
}

/// Events are only logged (audit explicitly disabled).
#[derive(Debug, Default)]
pub struct LogSink;

impl AuditSink for LogSink {
    fn record(&self, event: AuditEvent) {
        tracing::debug!(request_id = %event.request_id, "audit event (no audit sink configured)");
    }
}

/// Appends JSON lines to a file from a writer task.
#[derive(Debug, Clone)]
pub struct JsonlSink {
    tx: mpsc::Sender<AuditEvent>,
}

/// Events queued before new ones are dropped (and counted).
const QUEUE: usize = 65_536;

impl JsonlSink {
    /// Open (create or append) `path` and start the writer. Returns the sink and the writer's
    /// handle, which finishes once every sender is dropped and the queue is written.
    pub fn open(path: PathBuf) -> std::io::Result<(Self, tokio::task::JoinHandle<()>)> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        let (tx, mut rx) = mpsc::channel::<AuditEvent>(QUEUE);
        let handle = tokio::task::spawn_blocking(move || {
            let mut w = std::io::BufWriter::new(file);
            while let Some(ev) = rx.blocking_recv() {
                let mut batch = vec![ev];
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                    if batch.len() >= 1024 {
                        break;
                    }
                }
                for ev in &batch {
                    if let Ok(line) = serde_json::to_string(ev) {
                        let _ = writeln!(w, "{line}");
                    }
                }
                if let Err(e) = w.flush() {
                    tracing::error!(error = %e, path = %path.display(), "audit write failed");
                }
            }
        });
        Ok((JsonlSink { tx }, handle))
    }
}

impl AuditSink for JsonlSink {
    fn record(&self, event: AuditEvent) {
        if self.tx.try_send(event).is_err() {
            metrics::counter!("moat_gateway_audit_dropped_total").increment(1);
            tracing::error!("audit queue full or closed: event dropped");
        }
    }
}

/// RFC 3339 timestamp of now.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
