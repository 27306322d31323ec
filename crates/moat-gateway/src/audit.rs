//! One audit event per request. Events hold who, what, where, the guards' verdicts and timings,
//! never prompt or response text nor credentials. A sink receives them without blocking the
//! request; the writer batches what has queued up into one write and flush.
//!
//! [`StoreSink`] writes to the moat-store audit trail (SQLite by default, or PostgreSQL): a
//! tamper-evident hash chain. With it, whole (non-streamed) answers are sent only once their
//! event is recorded; see [`AuditSink::record_acked`].

use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::pin::Pin;

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
    /// Version of the authorisation policies that decided (`sha256:...`).
    pub policy_version: Option<String>,
    /// Ids of the policies that determined the decision.
    pub policies: Vec<String>,
    /// Further facts (MCP approval ids, held tool counts, ...), kept as event attributes.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub extra: std::collections::BTreeMap<String, String>,
}

/// A boxed future returned by the sinks' async methods.
pub type SinkFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Receives audit events.
pub trait AuditSink: Send + Sync + 'static {
    /// Record one event. Must not block.
    fn record(&self, event: AuditEvent);

    /// Record one event and resolve once the sink holds it as it promises (for the store in
    /// acknowledged mode: committed and synced). An error means the event is NOT recorded and
    /// the caller must not hand out the answer. Default: [`AuditSink::record`], then `Ok`.
    fn record_acked(&self, event: AuditEvent) -> SinkFuture<'_, Result<(), String>> {
        self.record(event);
        Box::pin(async { Ok(()) })
    }

    /// Flush and stop (graceful shutdown). Default: nothing to do.
    fn close(&self) -> SinkFuture<'_, ()> {
        Box::pin(async {})
    }
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

/// Writes events to the moat-store audit trail (one hash chain per gateway instance).
#[derive(Debug, Clone)]
pub struct StoreSink {
    sink: moat_store::AuditSink,
    store: moat_store::Store,
}

impl StoreSink {
    /// Open the store `cfg` names (default: SQLite `<data_dir>/moat.db`, data dir from the
    /// config, else `$MOAT_DATA_DIR`, else `./moat-data`) and start its audit writer.
    pub async fn open(cfg: &moat_store::StoreConfig) -> Result<Self, moat_store::StoreError> {
        let store = moat_store::Store::from_config(cfg).await?;
        let sink = store.audit_sink_from_config(cfg).await?;
        Ok(StoreSink { sink, store })
    }

    /// Wrap an already started sink.
    pub fn new(store: moat_store::Store, sink: moat_store::AuditSink) -> Self {
        StoreSink { sink, store }
    }

    /// The store written to.
    pub fn store(&self) -> &moat_store::Store {
        &self.store
    }
}

impl AuditSink for StoreSink {
    fn record(&self, event: AuditEvent) {
        let sink = self.sink.clone();
        let ev = to_store_event(&event);
        tokio::spawn(async move {
            if let Err(e) = sink.append(ev).await {
                metrics::counter!("moat_gateway_audit_dropped_total").increment(1);
                tracing::error!(error = %e, "audit store append failed: event not recorded");
            }
        });
    }

    fn record_acked(&self, event: AuditEvent) -> SinkFuture<'_, Result<(), String>> {
        let ev = to_store_event(&event);
        Box::pin(async move {
            match self.sink.append(ev).await {
                Ok(moat_store::Ack::Durable { .. }) | Ok(moat_store::Ack::Queued) => Ok(()),
                Err(e) => {
                    metrics::counter!("moat_gateway_audit_dropped_total").increment(1);
                    Err(e.to_string())
                }
            }
        })
    }

    fn close(&self) -> SinkFuture<'_, ()> {
        Box::pin(async move {
            if let Err(e) = self.sink.shutdown().await {
                tracing::error!(error = %e, "audit store shutdown failed");
            }
            self.store.close().await;
        })
    }
}

/// Longest string copied into a store event field (the store refuses longer ones).
const MAX_FIELD: usize = 1024;

fn clip(s: &str) -> String {
    if s.len() <= MAX_FIELD {
        return s.to_owned();
    }
    let mut end = MAX_FIELD;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

/// Map the gateway's record onto the store's event: identity, credential id, route, model,
/// action, finding types and counts, injection score, status, tokens, latency. Never prompt or
/// response text (storage mode `none`: not even their hashes are kept here).
pub fn to_store_event(ev: &AuditEvent) -> moat_store::AuditEvent {
    use moat_store::{Actor, FindingCount};
    let route = ev
        .route
        .clone()
        .unwrap_or_else(|| ev.surface.clone().unwrap_or_else(|| "none".into()));
    let verdict = |s: &Option<GuardSummary>| s.as_ref().map(|g| g.verdict());
    let action = match ev.outcome.as_str() {
        "ok" | "" => {
            let order = ["block", "redact", "alert", "allow"];
            let mut worst = "allow";
            for v in [verdict(&ev.guard_request), verdict(&ev.guard_response)]
                .into_iter()
                .flatten()
            {
                let rank = |x: &str| order.iter().position(|o| *o == x).unwrap_or(3);
                if rank(v) < rank(worst) {
                    worst = v;
                }
            }
            worst.to_owned()
        }
        "denied" => "deny".to_owned(),
        "blocked" => "block".to_owned(),
        other => other.to_owned(),
    };
    let mut out = moat_store::AuditEvent::new(clip(&ev.request_id), clip(&route), action);
    if let Ok(t) =
        time::OffsetDateTime::parse(&ev.time, &time::format_description::well_known::Rfc3339)
    {
        out.time = t;
    }
    out.actor = ev.principal.as_ref().map(|id| Actor {
        kind: match ev.principal_kind.as_deref() {
            Some("user") => moat_core::PrincipalKind::User,
            _ => moat_core::PrincipalKind::Agent,
        },
        id: clip(id),
        credential_id: ev.credential_id.as_deref().map(clip),
    });
    // MCP events name the tool called in `model`; the store keeps it as the tool.
    if ev.surface.as_deref().is_some_and(|s| s.starts_with("mcp")) {
        out.tool = ev.model.as_deref().map(clip);
    } else {
        out.model = ev.model.as_deref().map(clip);
    }
    let mut findings: std::collections::BTreeMap<String, u32> = Default::default();
    let mut injection: Option<f64> = None;
    for g in [&ev.guard_request, &ev.guard_response]
        .into_iter()
        .flatten()
    {
        for (k, n) in &g.findings {
            *findings.entry(clip(k)).or_default() += n;
        }
        for s in g.injection_max.values() {
            let s = f64::from(*s);
            if s.is_finite() && injection.is_none_or(|m| s > m) {
                injection = Some(s);
            }
        }
    }
    out.findings = findings
        .into_iter()
        .take(200)
        .map(|(kind, count)| FindingCount { kind, count })
        .collect();
    if let Some(s) = injection {
        out.scores.insert("injection".into(), s);
    }
    if ev.upstream_ms.is_some() {
        out.upstream_status = Some(ev.status);
    }
    out.latency_us = if ev.latency_ms.is_finite() && ev.latency_ms > 0.0 {
        (ev.latency_ms * 1000.0) as u64
    } else {
        0
    };
    let mut attr = |k: &str, v: String| {
        out.attributes.insert(k.to_owned(), clip(&v));
    };
    attr("status", ev.status.to_string());
    attr("outcome", ev.outcome.clone());
    attr("method", ev.method.clone());
    attr("path", ev.path.clone());
    if ev.stream {
        attr("stream", "true".into());
    }
    if let Some(t) = ev.tokens {
        attr("tokens_total", t.to_string());
    }
    for (k, v) in [
        ("reason", &ev.reason),
        ("surface", &ev.surface),
        ("upstream", &ev.upstream),
    ] {
        if let Some(v) = v {
            attr(k, v.clone());
        }
    }
    if let Some(up) = ev.upstream_ms
        && up.is_finite()
    {
        attr("upstream_ms", format!("{up:.3}"));
    }
    if !ev.policies.is_empty() {
        attr("policies", ev.policies.join(","));
    }
    out.policy_version = ev.policy_version.as_deref().map(clip);
    for (k, v) in ev.extra.iter().take(32) {
        attr(k, v.clone());
    }
    out
}

/// RFC 3339 timestamp of now.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
