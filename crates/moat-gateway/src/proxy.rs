//! The model-request handler: parse, route, authorise, limit, guard, forward, guard the
//! response (whole or streamed), account tokens, and record the audit event.
//!
//! When each step runs: body parsing, routing, authorisation, limits and request guards run once
//! per request; credentials are applied per upstream attempt; response guards run on the
//! response, per event for streams.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use moat_core::Identity;
use moat_guard::Engine;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::audit::AuditEvent;
use crate::config::{GuardPolicy, Route};
use crate::error::{ApiFormat, ErrorKind, GatewayError};
use crate::guard::stream::StreamGuard;
use crate::guard::{GuardSummary, Redactor, Side, guard_text};
use crate::provider::{self, Surface, sse};
use crate::request_log::{AuditHandled, RequestInfo};
use crate::server::App;
use crate::upstream::{forward_headers, upstream_url};

/// Largest single stream event accepted from an upstream.
const MAX_EVENT: usize = 1 << 20;
/// Events buffered towards a client before the stream waits on it.
const STREAM_BUFFER: usize = 32;

fn audit_outcome(e: &GatewayError) -> &'static str {
    match e.kind {
        ErrorKind::Unauthenticated
        | ErrorKind::Forbidden
        | ErrorKind::RateLimited
        | ErrorKind::QuotaExceeded => "denied",
        ErrorKind::GuardBlocked | ErrorKind::GuardFailed => "blocked",
        ErrorKind::UpstreamTimeout | ErrorKind::UpstreamUnavailable => "upstream_error",
        _ => "error",
    }
}

/// Handle one model request on `surface` (`deployment` for Azure deployment paths).
pub async fn handle(
    app: App,
    surface: Surface,
    deployment: Option<String>,
    req: Request,
) -> Response {
    let format = if surface == Surface::Messages {
        ApiFormat::Anthropic
    } else {
        ApiFormat::OpenAi
    };
    let info = req
        .extensions()
        .get::<RequestInfo>()
        .cloned()
        .unwrap_or_else(|| RequestInfo {
            id: String::new(),
            start: Instant::now(),
            time: crate::audit::now_rfc3339(),
        });
    let identity = req.extensions().get::<Identity>().cloned();
    let mut ev = AuditEvent {
        time: info.time.clone(),
        request_id: info.id.clone(),
        method: req.method().to_string(),
        path: req.uri().path().to_owned(),
        surface: Some(surface.action().to_owned()),
        principal: identity.as_ref().map(|i| i.id.clone()),
        principal_kind: identity.as_ref().map(|i| {
            serde_json::to_value(i.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
        credential_id: identity.as_ref().and_then(|i| i.credential_id.clone()),
        ..AuditEvent::default()
    };
    let result = forward(&app, surface, deployment, identity, req, &mut ev, &info).await;
    let mut resp = match result {
        Ok(Reply::Streaming(resp)) => resp,
        Ok(Reply::Whole(resp)) => {
            ev.status = resp.status().as_u16();
            if ev.outcome.is_empty() {
                ev.outcome = "ok".into();
            }
            ev.latency_ms = info.start.elapsed().as_secs_f64() * 1000.0;
            record_overhead(&ev);
            let status = ev.status;
            match app.emit_acked(ev).await {
                Ok(()) => resp,
                Err(e) => {
                    // Fail closed: the upstream's answer is dropped, the client gets a 503.
                    tracing::error!(request_id = %info.id, status, error = %e,
                        "audit record failed: answer withheld");
                    GatewayError::new(
                        ErrorKind::AuditFailed,
                        "audit_unavailable",
                        "the audit trail could not record this request; the answer is withheld",
                    )
                    .to_response(format)
                }
            }
        }
        Err(e) => {
            ev.status = e.status().as_u16();
            ev.outcome = audit_outcome(&e).into();
            ev.reason = Some(e.code.to_owned());
            ev.latency_ms = info.start.elapsed().as_secs_f64() * 1000.0;
            if let Err(err) = app.emit_acked(ev).await {
                tracing::error!(request_id = %info.id, error = %err, "audit record failed");
            }
            e.to_response(format)
        }
    };
    resp.extensions_mut().insert(AuditHandled);
    resp
}

fn record_overhead(ev: &AuditEvent) {
    if let Some(up) = ev.upstream_ms {
        metrics::histogram!("moat_gateway_overhead_seconds")
            .record(((ev.latency_ms - up).max(0.0)) / 1000.0);
    }
}

enum Reply {
    Whole(Response),
    Streaming(Response),
}

async fn read_request_body(
    body: Body,
    headers: &HeaderMap,
    limit: usize,
) -> Result<Bytes, GatewayError> {
    let too_large = || {
        GatewayError::new(
            ErrorKind::PayloadTooLarge,
            "body_too_large",
            format!("request body is larger than {limit} bytes"),
        )
    };
    if let Some(len) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        && len > limit as u64
    {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let mut src: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(s) = src {
            if s.is::<http_body_util::LengthLimitError>() {
                return too_large();
            }
            src = s.source();
        }
        GatewayError::bad_request("body_read_failed", "could not read the request body")
    })
}

/// Credential-level authorisation: the credential's scopes must cover the model. Who may use
/// which route is decided by the Cedar policies, see [`authorize_policy`].
pub fn authorize(identity: &Identity, _route: &Route, model: &str) -> Result<(), GatewayError> {
    if !crate::auth::scope_allows(&identity.scopes, model) {
        return Err(GatewayError::new(
            ErrorKind::Forbidden,
            "scope_denied",
            format!("the credential's scopes do not cover model `{model}`"),
        ));
    }
    Ok(())
}

/// The Cedar action of an API surface.
pub fn action_of(surface: Surface) -> moat_authz::ActionKind {
    use moat_authz::ActionKind;
    match surface {
        Surface::ChatCompletions => ActionKind::Chat,
        Surface::Completions => ActionKind::Completion,
        Surface::Embeddings => ActionKind::Embed,
        Surface::Responses => ActionKind::Responses,
        Surface::Messages => ActionKind::Messages,
    }
}

/// The authorisation context of an LLM request once its request guards ran: `guard`
/// (`injection_score` in per-mille as a Long, `findings` types, `alerts`, `fail_open`),
/// `labels`, `stream` and `surface`. `time` is added by the authoriser.
pub fn llm_context(summary: &GuardSummary, stream: bool, surface: Surface) -> Value {
    let score = summary
        .injection_max
        .values()
        .copied()
        .filter(|s| s.is_finite())
        .fold(0.0f32, f32::max);
    let per_mille = (f64::from(score.clamp(0.0, 1.0)) * 1000.0).round() as i64;
    serde_json::json!({
        "guard": {
            "injection_score": per_mille,
            "findings": summary.findings.keys().collect::<Vec<_>>(),
            "alerts": summary.alerts,
            "fail_open": summary.fail_open,
        },
        "labels": summary.labels,
        "stream": stream,
        "surface": surface.action(),
    })
}

/// Ask the Cedar policies whether `identity` may use `model` through `route` on `surface`.
/// A refusal is a 403: `policy_denied` (a `forbid` matched), `route_denied` (no `permit`
/// matched, e.g. not on the route's allow lists), `policy_error` (a `forbid` could not be
/// evaluated), each naming the deciding policies.
pub fn authorize_policy(
    authz: &moat_authz::Authorizer,
    identity: &Identity,
    route: &Route,
    model: &str,
    surface: Surface,
    context: Value,
) -> (moat_authz::Decision, Result<(), GatewayError>) {
    let d = authz.is_authorized(&moat_authz::Request {
        principal: identity,
        action: action_of(surface),
        resource: moat_authz::Resource::Model {
            route: &route.name,
            model,
        },
        context,
    });
    if d.allowed {
        return (d, Ok(()));
    }
    let (code, message) = match d.reason.as_str() {
        "policy_denied" => (
            "policy_denied",
            format!(
                "`{}` may not use model `{model}`: denied by policy {}",
                identity.id,
                d.policies.join(", ")
            ),
        ),
        "no_permit" => (
            "route_denied",
            format!(
                "`{}` may not use model `{model}`: no policy permits it",
                identity.id
            ),
        ),
        "policy_error" => (
            "policy_error",
            format!(
                "refused: policy {} could not be evaluated",
                d.policies.join(", ")
            ),
        ),
        _ => ("policy_error", d.message.clone()),
    };
    let e = GatewayError::new(ErrorKind::Forbidden, code, message);
    (d, Err(e))
}

/// Registry namespace of model records in the store.
const REGISTRY_NAMESPACE: &str = "model-registry";
/// How long a successful or failed file check is reused (state changes apply at once: the
/// cache is keyed on the record's version).
const APPROVED_TTL: Duration = Duration::from_secs(30);

/// Registry key, record version, model directory and [`disk_stamp`] of its files.
type ApprovedKey = (String, i64, std::path::PathBuf, u64);
type ApprovedEntry = (Instant, Result<(), String>);

/// Results of approved-model file checks (re-hashing model files is expensive).
#[derive(Debug, Default)]
pub struct ApprovedCache(std::sync::Mutex<std::collections::HashMap<ApprovedKey, ApprovedEntry>>);

impl ApprovedCache {
    fn get(&self, k: &ApprovedKey) -> Option<Result<(), String>> {
        let m = self.0.lock().ok()?;
        m.get(k)
            .filter(|(t, _)| t.elapsed() < APPROVED_TTL)
            .map(|(_, r)| r.clone())
    }

    fn put(&self, k: ApprovedKey, r: Result<(), String>) {
        if let Ok(mut m) = self.0.lock() {
            if m.len() > 1024 {
                m.clear();
            }
            m.insert(k, (Instant::now(), r));
        }
    }
}

/// Sizes and modification times of the approved files and of the directory (a file added at the
/// top changes the directory's): part of the cache key, so an ordinary write to a model file is
/// refused on the next request; a write that keeps size and time is refused when the cached
/// result expires. A few `stat` calls per request, no hashing.
fn disk_stamp<'a>(dir: &std::path::Path, files: impl Iterator<Item = &'a String>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let stamp = |p: &std::path::Path, h: &mut std::collections::hash_map::DefaultHasher| {
        match std::fs::metadata(p) {
            Ok(m) => {
                m.len().hash(h);
                m.modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos())
                    .hash(h);
            }
            Err(_) => u8::MAX.hash(h),
        }
    };
    stamp(dir, &mut h);
    for f in files.take(100_000) {
        f.hash(&mut h);
        stamp(&dir.join(f), &mut h);
    }
    h.finish()
}

/// When the route requires it, the served model must be approved in the model registry and its
/// files must still match the approved manifest; otherwise 403 `model_not_approved`. Any
/// failure to check refuses.
pub async fn check_approved(app: &App, route: &Route, served: &str) -> Result<(), GatewayError> {
    if !route.require_approved_model {
        return Ok(());
    }
    let deny = |m: String| GatewayError::new(ErrorKind::Forbidden, "model_not_approved", m);
    let Some(store) = app.store() else {
        return Err(deny(
            "no model registry is available to check the model".into(),
        ));
    };
    let id = route.registry_model.as_deref().unwrap_or(served).to_owned();
    let entries = if id.contains('@') {
        store
            .kv_get(REGISTRY_NAMESPACE, &id)
            .await
            .map(|e| e.into_iter().collect::<Vec<_>>())
    } else {
        store
            .kv_list(REGISTRY_NAMESPACE, &format!("{id}@"), 64)
            .await
    }
    .map_err(|e| {
        tracing::warn!(model = %id, error = %e, "model registry unavailable");
        deny(format!("model `{id}` cannot be checked"))
    })?;
    if entries.is_empty() {
        return Err(deny(format!("model `{id}` is not in the registry")));
    }
    let rt = app.runtime();
    let mut why = String::new();
    for e in entries {
        let rec: moat_model::registry::ModelRecord = match serde_json::from_value(e.value) {
            Ok(r) => r,
            Err(_) => {
                why = format!("model `{}` has an unreadable registry record", e.key);
                continue;
            }
        };
        if !route.verify_model_files {
            // Served from another host: only the registry state can be checked.
            match moat_model::registry::check_record_approved(&rec) {
                Ok(()) => return Ok(()),
                Err(m) => {
                    why = m.to_string();
                    continue;
                }
            }
        }
        let dir = route
            .model_dir
            .clone()
            .unwrap_or_else(|| std::path::PathBuf::from(&rec.path));
        let key = (
            e.key.clone(),
            e.version,
            dir.clone(),
            disk_stamp(&dir, rec.manifest.keys()),
        );
        let result = match rt.approved.get(&key) {
            Some(r) => r,
            None => {
                let r = tokio::task::spawn_blocking(move || {
                    moat_model::registry::check_record_servable(&rec, &dir)
                        .map_err(|d| d.to_string())
                })
                .await
                .unwrap_or_else(|_| Err(format!("model `{}` cannot be checked", e.key)));
                rt.approved.put(key, r.clone());
                r
            }
        };
        match result {
            Ok(()) => return Ok(()),
            Err(m) => why = m,
        }
    }
    Err(deny(why))
}

/// Whether `policy` checks any surface at all. (A request carries prompts, system texts and
/// tool results; every surface is counted so a new kind of request text cannot be skipped.)
fn checks_request(policy: &GuardPolicy) -> bool {
    policy.prompts.check
        || policy.system.check
        || policy.tool_results.check
        || policy.tool_calls.check
        || policy.responses.check
}

/// Request bodies up to this size are guarded on the async thread that read them: the check
/// takes well under a millisecond, less than the two thread wake-ups of a hop to the blocking
/// pool cost in latency under load. Larger ones go to the pool, bounded in time.
const INLINE_GUARD_BYTES: usize = 8 * 1024;

/// Run the request-side guards: inline for small bodies (`raw_len` up to
/// [`INLINE_GUARD_BYTES`]), otherwise off the async threads and bounded in time. On a guard
/// failure the route's fail mode decides: closed refuses, open forwards the original body and
/// records it.
async fn guard_request(
    body: Value,
    surface: Surface,
    engine: Arc<Engine>,
    policy: GuardPolicy,
    limit: Duration,
    raw_len: usize,
) -> Result<(Value, Redactor, GuardSummary), (GatewayError, GuardSummary)> {
    if !checks_request(&policy) {
        // Nothing to check on this side (e.g. the `off` policy): skip the blocking-pool hop,
        // which costs two thread wake-ups per request. The visit would change nothing: an
        // unchecked surface leaves its text and the summary as they are.
        return Ok((body, Redactor::new(), GuardSummary::default()));
    }
    let keep = (policy.fail_mode == crate::config::FailMode::Open).then(|| body.clone());
    let pol = policy.clone();
    let run = move || {
        let mut body = body;
        let mut r = Redactor::new();
        let mut s = GuardSummary::default();
        let res = provider::visit_request(surface, &mut body, &mut |role, t| {
            guard_text(&engine, &pol, Side::Request, role, t, &mut r, &mut s)
        });
        (body, r, s, res)
    };
    let outcome = if raw_len <= INLINE_GUARD_BYTES {
        // A panic is the engine failing, as it is when the pool's task panics.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
            .map_err(|_| "the guard engine failed")
    } else {
        match tokio::time::timeout(limit, tokio::task::spawn_blocking(run)).await {
            Ok(r) => r.map_err(|_| "the guard engine failed"),
            Err(_) => Err("the guard engine timed out"),
        }
    };
    let failure = match outcome {
        Ok((body, r, s, Ok(()))) => return Ok((body, r, s)),
        Ok((_, _, s, Err(e))) => return Err((e, s)),
        Err(why) => why,
    };
    let mut s = GuardSummary::default();
    let e = GatewayError::new(ErrorKind::GuardFailed, "guard_failed", failure);
    match (crate::guard::fail(&policy, &mut s, e), keep) {
        (Ok(()), Some(original)) => Ok((original, Redactor::new(), s)),
        (Err(e), _) => Err((e, s)),
        (Ok(()), None) => Err((
            GatewayError::new(ErrorKind::GuardFailed, "guard_failed", failure),
            s,
        )),
    }
}

fn upstream_error(e: &reqwest::Error) -> GatewayError {
    if e.is_timeout() {
        GatewayError::new(
            ErrorKind::UpstreamTimeout,
            "upstream_timeout",
            "the upstream did not answer in time",
        )
    } else {
        tracing::warn!(error = %e, "upstream request failed");
        GatewayError::new(
            ErrorKind::UpstreamUnavailable,
            "upstream_unavailable",
            "the upstream could not be reached",
        )
    }
}

async fn read_upstream_body(
    resp: reqwest::Response,
    limit: usize,
    deadline: Duration,
) -> Result<Bytes, GatewayError> {
    let read = async {
        let mut out = bytes::BytesMut::new();
        let mut stream = resp.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| upstream_error(&e))?;
            if out.len() + chunk.len() > limit {
                return Err(GatewayError::new(
                    ErrorKind::UpstreamUnavailable,
                    "upstream_response_too_large",
                    format!("the upstream response is larger than {limit} bytes"),
                ));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out.freeze())
    };
    tokio::time::timeout(deadline, read).await.map_err(|_| {
        GatewayError::new(
            ErrorKind::UpstreamTimeout,
            "upstream_timeout",
            "the upstream did not finish in time",
        )
    })?
}

async fn forward(
    app: &App,
    surface: Surface,
    deployment: Option<String>,
    identity: Option<Identity>,
    req: Request,
    ev: &mut AuditEvent,
    info: &RequestInfo,
) -> Result<Reply, GatewayError> {
    let rt = app.runtime();
    ev.policy_version = Some(rt.authorizer().version().to_owned());
    let settings = rt.config.server.clone();
    let (parts, body) = req.into_parts();
    let bytes = read_request_body(body, &parts.headers, settings.max_body_bytes).await?;
    let json: Value = serde_json::from_slice(&bytes).map_err(|e| {
        GatewayError::bad_request(
            "invalid_json",
            format!(
                "request body is not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if !json.is_object() {
        return Err(GatewayError::bad_request(
            "invalid_body",
            "request body must be a JSON object",
        ));
    }
    let model = match (&deployment, json.get("model")) {
        (Some(d), _) => d.clone(),
        (None, Some(Value::String(m))) => m.clone(),
        (None, Some(_)) => {
            return Err(GatewayError::bad_request(
                "invalid_type",
                "`model` must be a string",
            ));
        }
        (None, None) => {
            return Err(GatewayError::bad_request(
                "missing_model",
                "`model` is required",
            ));
        }
    };
    if model.is_empty() || model.len() > 256 {
        return Err(GatewayError::bad_request(
            "invalid_model",
            "`model` must be 1 to 256 characters",
        ));
    }
    let stream = match json.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(GatewayError::bad_request(
                "invalid_type",
                "`stream` must be a boolean",
            ));
        }
    };
    ev.model = Some(model.clone());
    ev.stream = stream;
    let identity = identity.ok_or_else(|| {
        GatewayError::new(
            ErrorKind::Unauthenticated,
            "missing_credentials",
            "no credentials",
        )
    })?;
    let route = rt.route_for(&model).ok_or_else(|| {
        GatewayError::new(
            ErrorKind::NotFound,
            "unknown_model",
            format!("no route for model `{model}`"),
        )
    })?;
    ev.route = Some(route.id.clone());
    ev.upstream = Some(route.upstream.clone());
    authorize(&identity, route, &model)?;
    let checked = app
        .limiter
        .check(&identity.id, &route.id, &route.limits)
        .await?;
    if checked == crate::limits::Checked::Unchecked {
        ev.reason = Some("limits_unchecked".into());
    }
    let upstream_model = route.model.clone().unwrap_or_else(|| model.clone());
    check_approved(app, route, &upstream_model).await?;

    let engine = rt.engine(&route.guard_name).ok_or_else(|| {
        GatewayError::new(ErrorKind::Internal, "no_engine", "guard engine missing")
    })?;
    let policy = route.guard.clone();
    let t_guard = Instant::now();
    let guarded = guard_request(
        json,
        surface,
        engine.clone(),
        policy.clone(),
        settings.guard_timeout,
        bytes.len(),
    )
    .await;
    metrics::histogram!("moat_gateway_guard_seconds", "side" => "request")
        .record(t_guard.elapsed().as_secs_f64());
    let (mut json, mut redactor, summary) = match guarded {
        Ok(x) => x,
        Err((e, s)) => {
            ev.guard_request = Some(s);
            return Err(e);
        }
    };
    // Cedar policies run once, after the request guards, so they can see guard results
    // (docs/decisions/0310).
    let ctx = llm_context(&summary, stream, surface);
    ev.guard_request = Some(summary);
    let (decision, allowed) =
        authorize_policy(rt.authorizer(), &identity, route, &model, surface, ctx);
    ev.policies = decision.policies;
    allowed?;

    let up =
        rt.config.upstreams.get(&route.upstream).ok_or_else(|| {
            GatewayError::new(ErrorKind::Internal, "no_upstream", "upstream missing")
        })?;
    if let Some(o) = json.as_object_mut() {
        o.insert("model".into(), Value::String(upstream_model.clone()));
    }
    let url = upstream_url(up, surface, &upstream_model)?;
    let creds = rt
        .credentials(&route.upstream)
        .ok_or_else(|| GatewayError::new(ErrorKind::Internal, "no_upstream", "upstream missing"))?;
    let body = serde_json::to_vec(&json).map_err(|_| {
        GatewayError::new(
            ErrorKind::Internal,
            "encode_failed",
            "could not encode the request",
        )
    })?;
    let request_bytes = body.len();
    let rb = forward_headers(&parts.headers, up.provider, app.client.post(&url));
    let rb = creds.apply(&app.client, rb).await?;
    let rb = rb.header("x-request-id", info.id.as_str()).body(body);

    let t_up = Instant::now();
    let resp = tokio::time::timeout(settings.upstream_timeout, rb.send())
        .await
        .map_err(|_| {
            GatewayError::new(
                ErrorKind::UpstreamTimeout,
                "upstream_timeout",
                "the upstream did not answer in time",
            )
        })?
        .map_err(|e| upstream_error(&e))?;
    let status = resp.status();
    let content_type = resp.headers().get(header::CONTENT_TYPE).cloned();
    if !status.is_success() {
        // Upstream errors pass through in the provider's own format, minus its other headers.
        let retry_after = resp.headers().get(header::RETRY_AFTER).cloned();
        let body = read_upstream_body(resp, 1 << 20, settings.upstream_timeout).await?;
        ev.upstream_ms = Some(t_up.elapsed().as_secs_f64() * 1000.0);
        metrics::histogram!("moat_gateway_upstream_seconds", "upstream" => route.upstream.clone())
            .record(t_up.elapsed().as_secs_f64());
        ev.outcome = "upstream_error".into();
        ev.reason = Some(format!("upstream_status_{}", status.as_u16()));
        let mut r = Response::new(Body::from(body));
        *r.status_mut() = StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
        if let Some(ct) = content_type {
            r.headers_mut().insert(header::CONTENT_TYPE, ct);
        }
        if let Some(ra) = retry_after {
            r.headers_mut().insert(header::RETRY_AFTER, ra);
        }
        return Ok(Reply::Whole(r));
    }
    let is_sse = content_type
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if is_sse {
        let response_summary = GuardSummary::default();
        let guard = StreamGuard::new(surface, engine, policy, redactor, response_summary);
        let ctx = StreamCtx {
            app: app.clone(),
            ev: std::mem::take(ev),
            who: identity.id.clone(),
            route: route.id.clone(),
            limits: route.limits,
            upstream: route.upstream.clone(),
            idle: settings.upstream_timeout,
            slow_client: settings.slow_client_timeout,
            start: info.start,
            t_up,
            request_bytes,
        };
        return Ok(Reply::Streaming(stream_response(resp, guard, ctx)));
    }

    let raw =
        read_upstream_body(resp, settings.max_response_bytes, settings.upstream_timeout).await?;
    ev.upstream_ms = Some(t_up.elapsed().as_secs_f64() * 1000.0);
    metrics::histogram!("moat_gateway_upstream_seconds", "upstream" => route.upstream.clone())
        .record(t_up.elapsed().as_secs_f64());
    let mut v: Value = match serde_json::from_slice(&raw) {
        Ok(v) => v,
        Err(_) => {
            let mut s = GuardSummary::default();
            let e = GatewayError::new(
                ErrorKind::UpstreamUnavailable,
                "upstream_bad_response",
                "the upstream's response is not JSON",
            );
            crate::guard::fail(&policy, &mut s, e)?;
            ev.guard_response = Some(s);
            let mut r = Response::new(Body::from(raw));
            if let Some(ct) = content_type {
                r.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            return Ok(Reply::Whole(r));
        }
    };
    let mut rsum = GuardSummary::default();
    let t_rguard = Instant::now();
    let res = provider::visit_response(surface, &mut v, &mut |role, t| {
        guard_text(
            &engine,
            &policy,
            Side::Response,
            role,
            t,
            &mut redactor,
            &mut rsum,
        )
    });
    if res.is_ok() && crate::guard::drop_logprobs(&policy, surface, &mut v) {
        GuardSummary::bump(&mut rsum.actions, crate::guard::DROP_LOGPROBS);
    }
    metrics::histogram!("moat_gateway_guard_seconds", "side" => "response")
        .record(t_rguard.elapsed().as_secs_f64());
    ev.guard_response = Some(rsum);
    res?;
    let tokens =
        provider::usage_tokens(surface, &v).unwrap_or((request_bytes + raw.len()) as u64 / 4);
    ev.tokens = Some(tokens);
    app.limiter
        .add_tokens(&identity.id, &route.id, &route.limits, tokens)
        .await;
    Ok(Reply::Whole(axum::Json(v).into_response()))
}

struct StreamCtx {
    app: App,
    ev: AuditEvent,
    who: String,
    route: String,
    limits: crate::config::RawLimits,
    upstream: String,
    idle: Duration,
    slow_client: Duration,
    start: Instant,
    t_up: Instant,
    request_bytes: usize,
}

/// Why a stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Done,
    Blocked,
    ClientGone,
    SlowClient,
    UpstreamError,
}

async fn send(
    tx: &mpsc::Sender<Result<Bytes, Infallible>>,
    b: Bytes,
    limit: Duration,
) -> Result<(), End> {
    match tokio::time::timeout(limit, tx.send(Ok(b))).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(End::ClientGone),
        Err(_) => Err(End::SlowClient),
    }
}

fn stream_response(
    resp: reqwest::Response,
    mut guard: StreamGuard,
    mut ctx: StreamCtx,
) -> Response {
    let (tx, rx) = mpsc::channel::<Result<Bytes, Infallible>>(STREAM_BUFFER);
    tokio::spawn(async move {
        let mut parser = sse::Parser::new(MAX_EVENT);
        let mut upstream = resp.bytes_stream();
        let mut reason: Option<String> = None;
        let end = 'outer: loop {
            let next = tokio::time::timeout(ctx.idle, upstream.next()).await;
            let chunk = match next {
                Ok(Some(Ok(c))) => c,
                Ok(None) => break 'outer End::Done,
                Ok(Some(Err(_))) | Err(_) => {
                    let e = match next {
                        Err(_) => GatewayError::new(
                            ErrorKind::UpstreamTimeout,
                            "upstream_timeout",
                            "the upstream stopped sending",
                        ),
                        _ => GatewayError::new(
                            ErrorKind::UpstreamUnavailable,
                            "upstream_broken",
                            "the upstream stream broke off",
                        ),
                    };
                    reason = Some(e.code.to_owned());
                    let _ = send(&tx, guard.error_event(&e).to_bytes(), ctx.slow_client).await;
                    break 'outer End::UpstreamError;
                }
            };
            let events = match parser.push(&chunk) {
                Ok(evs) => evs,
                Err(_) => {
                    let e = GatewayError::new(
                        ErrorKind::UpstreamUnavailable,
                        "upstream_event_too_large",
                        "the upstream sent an oversized stream event",
                    );
                    reason = Some(e.code.to_owned());
                    let _ = send(&tx, guard.error_event(&e).to_bytes(), ctx.slow_client).await;
                    break 'outer End::UpstreamError;
                }
            };
            // Everything one upstream read yields leaves in one write to the client: under
            // load a read holds several events, and a write per event cost a system call each.
            let mut batch = String::new();
            let mut blocked = false;
            for event in events {
                match guard.on_event(event) {
                    Ok(out) => out.iter().for_each(|o| o.write_into(&mut batch)),
                    Err(e) => {
                        reason = Some(e.code.to_owned());
                        guard.error_event(&e).write_into(&mut batch);
                        blocked = true;
                        break;
                    }
                }
            }
            if !batch.is_empty()
                && let Err(end) = send(&tx, Bytes::from(batch), ctx.slow_client).await
            {
                break 'outer if blocked { End::Blocked } else { end };
            }
            if blocked {
                break 'outer End::Blocked;
            }
        };
        let end = if end == End::Done {
            let mut tail = Vec::new();
            let mut res = Ok(());
            if let Some(last) = parser.finish() {
                match guard.on_event(last) {
                    Ok(out) => tail.extend(out),
                    Err(e) => res = Err(e),
                }
            }
            if res.is_ok() {
                match guard.on_end() {
                    Ok(out) => tail.extend(out),
                    Err(e) => res = Err(e),
                }
            }
            if let Err(e) = &res {
                reason = Some(e.code.to_owned());
                tail.push(guard.error_event(e));
            }
            let mut end = if res.is_ok() { End::Done } else { End::Blocked };
            let mut batch = String::new();
            tail.iter().for_each(|o| o.write_into(&mut batch));
            if !batch.is_empty()
                && let Err(x) = send(&tx, Bytes::from(batch), ctx.slow_client).await
            {
                end = x;
            }
            end
        } else {
            end
        };
        // Dropping the upstream body here closes its connection, which cancels the upstream
        // request when the client went away.
        drop(upstream);
        drop(tx);
        let ev = &mut ctx.ev;
        ev.status = 200;
        ev.outcome = match end {
            End::Done => "ok",
            End::Blocked => "blocked",
            End::ClientGone => "client_disconnected",
            End::SlowClient => "slow_client",
            End::UpstreamError => "upstream_error",
        }
        .into();
        ev.reason = reason.or(match end {
            End::ClientGone => Some("client_disconnected".into()),
            End::SlowClient => Some("slow_client".into()),
            // Set before the stream began (e.g. `limits_unchecked`).
            _ => ev.reason.take(),
        });
        let tokens = guard
            .usage
            .unwrap_or(((ctx.request_bytes + guard.chars_out) / 4) as u64);
        ev.tokens = Some(tokens);
        ctx.app
            .limiter
            .add_tokens(&ctx.who, &ctx.route, &ctx.limits, tokens)
            .await;
        ev.guard_response = Some(guard.summary.clone());
        ev.upstream_ms = Some(ctx.t_up.elapsed().as_secs_f64() * 1000.0);
        metrics::histogram!("moat_gateway_upstream_seconds", "upstream" => ctx.upstream.clone())
            .record(ctx.t_up.elapsed().as_secs_f64());
        ev.latency_ms = ctx.start.elapsed().as_secs_f64() * 1000.0;
        record_overhead(ev);
        ctx.app.emit(std::mem::take(ev));
    });
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }));
    let mut r = Response::new(body);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}
