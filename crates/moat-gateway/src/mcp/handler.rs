//! The MCP endpoint: `POST|GET|DELETE /mcp/{server}`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moat_core::{Identity, PrincipalKind};
use moat_guard::Engine;
use moat_mcp::approval::{Binding, Request as Approval, Rules, State as AState};
use moat_mcp::jsonrpc::{self, Id, Kind, Limits, Message, code};
use moat_mcp::protocol::{self, Headers, Revision};
use serde_json::{Value, json};

use super::{Session, approvals, oauth, upstream};
use crate::audit::AuditEvent;
use crate::config::{ClientAuth, GuardPolicy, McpServer, Transport};
use crate::guard::{GuardSummary, Side, guard_text, redact::Redactor};
use crate::provider::TextRole;
use crate::request_log::{AuditHandled, RequestInfo};
use crate::server::{App, Runtime};

/// A refusal, as an HTTP status and a JSON-RPC error.
#[derive(Debug, Clone)]
pub(super) struct McpError {
    pub status: StatusCode,
    pub code: i64,
    pub message: String,
    pub reason: &'static str,
    pub www: Option<String>,
    pub data: Option<Value>,
}

impl McpError {
    pub fn new(
        status: StatusCode,
        code: i64,
        reason: &'static str,
        message: impl Into<String>,
    ) -> Self {
        McpError {
            status,
            code,
            message: message.into(),
            reason,
            www: None,
            data: None,
        }
    }

    /// A refusal of one call, answered as a JSON-RPC error on HTTP 200 so that clients keep
    /// their session and show the message.
    pub fn refuse(reason: &'static str, message: impl Into<String>) -> Self {
        McpError::new(StatusCode::OK, code::FORBIDDEN, reason, message)
    }

    fn with_data(mut self, d: Value) -> Self {
        self.data = Some(d);
        self
    }

    pub fn response(&self, id: Option<&Id>) -> Response {
        let body = jsonrpc::error_response(id, self.code, &self.message, self.data.clone());
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(w) = &self.www
            && let Ok(v) = HeaderValue::from_str(w)
        {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        if let Ok(v) = HeaderValue::from_str(self.reason) {
            resp.headers_mut().insert("x-moat-reason", v);
        }
        resp
    }
}

/// What one request carries through the pipeline.
pub(super) struct Ctx {
    pub app: App,
    pub rt: Arc<Runtime>,
    pub srv: McpServer,
    pub identity: Identity,
    pub ev: AuditEvent,
    pub start: Instant,
    pub engine: Option<Arc<Engine>>,
    pub base: String,
    /// Tool-call arguments as rewritten by DLP, to forward instead of the client's.
    pub rewritten_args: Option<Value>,
}

impl Ctx {
    /// Record the audit event of a stream that has ended.
    pub fn finish_stream(mut self, status: u16, outcome: Option<&str>, reason: Option<&str>) {
        self.ev.status = status;
        self.ev.outcome = outcome.unwrap_or("ok").to_owned();
        self.ev.reason = reason.map(str::to_owned);
        self.ev.latency_ms = self.start.elapsed().as_secs_f64() * 1000.0;
        self.app.emit(std::mem::take(&mut self.ev));
    }

    /// Record the audit event durably and mark the response: the answer is sent only once its
    /// event is recorded, and a 503 instead when the audit trail cannot record it.
    pub async fn finish(
        mut self,
        mut resp: Response,
        outcome: Option<&str>,
        reason: Option<&str>,
    ) -> Response {
        let ev = prepare_event(&mut self.ev, self.start, &resp, outcome, reason);
        let request_id = ev.request_id.clone();
        if let Err(e) = self.app.emit_acked(ev).await {
            tracing::error!(request_id = %request_id, error = %e, "audit record failed: MCP answer withheld");
            resp = McpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code::INTERNAL_ERROR,
                "audit_unavailable",
                "the audit trail could not record this request; the answer is withheld",
            )
            .response(None);
        }
        resp.extensions_mut().insert(AuditHandled);
        resp
    }
}

fn finish_event(
    app: &App,
    ev: &mut AuditEvent,
    start: Instant,
    resp: &Response,
    outcome: Option<&str>,
    reason: Option<&str>,
) {
    let ev = prepare_event(ev, start, resp, outcome, reason);
    app.emit(ev);
}

/// Fill in the status, outcome, reason and latency of `ev` from the response, and take it.
fn prepare_event(
    ev: &mut AuditEvent,
    start: Instant,
    resp: &Response,
    outcome: Option<&str>,
    reason: Option<&str>,
) -> AuditEvent {
    ev.status = resp.status().as_u16();
    let reason = reason.map(str::to_owned).or_else(|| {
        resp.headers()
            .get("x-moat-reason")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    ev.outcome = outcome
        .map(str::to_owned)
        .unwrap_or_else(|| match (ev.status, &reason) {
            (401 | 403, _) => "denied".into(),
            (200..=299, None) => "ok".into(),
            (200..=299, Some(_)) => "denied".into(),
            _ => "error".into(),
        });
    ev.reason = reason;
    ev.latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    std::mem::take(ev)
}

fn refuse_early(
    app: &App,
    mut ev: AuditEvent,
    start: Instant,
    e: McpError,
    id: Option<&Id>,
) -> Response {
    let mut resp = e.response(id);
    finish_event(app, &mut ev, start, &resp, None, Some(e.reason));
    resp.extensions_mut().insert(AuditHandled);
    resp
}

/// The scope a credential needs for `server` (or one tool of it).
pub fn required_scope(server: &str) -> String {
    oauth::server_scope(server)
}

/// The credential's scopes cover the server (`mcp:*`, `mcp:{server}`, or any tool scope
/// `mcp:{server}/{glob}`), or one tool of it when `tool` is given.
fn scope_covers(scopes: &[String], server: &str, tool: Option<&str>) -> bool {
    scopes.iter().any(|s| {
        let Some(rest) = s.strip_prefix("mcp:") else {
            return false;
        };
        if rest == "*" || rest == server {
            return true;
        }
        match (rest.split_once('/'), tool) {
            (Some((srv, pat)), Some(t)) => srv == server && moat_mcp::approval::glob_match(pat, t),
            (Some((srv, _)), None) => srv == server,
            _ => false,
        }
    })
}

fn looks_like_jwt(c: &str) -> bool {
    c.starts_with("eyJ") && c.matches('.').count() == 2
}

fn unverified_issuer(token: &str) -> Option<String> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.get("iss").and_then(Value::as_str).map(str::to_owned)
}

/// Authenticate a caller of `srv` as an OAuth 2.1 resource server: Moat tokens must name the
/// server's resource as audience; API keys and external OIDC tokens go through the gateway's
/// authenticator; then the credential's scopes must cover the server and the caller must be
/// on the server's allow lists.
pub async fn authenticate_for(
    app: &App,
    rt: &Runtime,
    srv: &McpServer,
    headers: &HeaderMap,
) -> Result<Identity, (StatusCode, &'static str, String, String)> {
    let resource = oauth::resource(rt, headers, &srv.name);
    let meta = oauth::metadata_url(rt, headers, &srv.name);
    let scope = required_scope(&srv.name);
    let unauth = |code: &'static str, msg: String, err: Option<&str>| {
        (
            StatusCode::UNAUTHORIZED,
            code,
            msg,
            oauth::challenge(&meta, &scope, err),
        )
    };
    let cred = crate::auth::presented_credential(headers);
    let identity = match cred {
        None if srv.auth == ClientAuth::None => Identity {
            kind: PrincipalKind::Agent,
            id: "anonymous".into(),
            credential_id: None,
            groups: Vec::new(),
            scopes: vec![format!("mcp:{}", srv.name)],
        },
        None => {
            return Err(unauth(
                "missing_credentials",
                format!("this MCP server needs a bearer token for resource {resource}"),
                None,
            ));
        }
        Some(c) if looks_like_jwt(c) && rt.config.jwt.is_some() => {
            let own = rt.config.jwt.as_ref().and_then(|j| {
                let pem = std::fs::read(&j.public_key_file).ok()?;
                let v = crate::auth::jwt::Verifier::new(&pem, &j.issuer, &resource).ok()?;
                v.verify(c).ok()
            });
            match own {
                Some(claims) => Identity {
                    kind: PrincipalKind::Agent,
                    id: claims.sub,
                    credential_id: Some(format!("jwt:{}", claims.jti)),
                    groups: Vec::new(),
                    scopes: claims.scope.split_whitespace().map(str::to_owned).collect(),
                },
                None => {
                    let moat_issuer = rt.config.jwt.as_ref().map(|j| j.issuer.clone());
                    if unverified_issuer(c) == moat_issuer {
                        return Err(unauth(
                            "invalid_token",
                            format!(
                                "invalid or expired token, or its audience is not this MCP server: issue one with `moat token issue --audience {resource}`"
                            ),
                            Some("invalid_token"),
                        ));
                    }
                    rt.authenticator()
                        .authenticate_with_store(headers)
                        .await
                        .map_err(|e| unauth(e.code, e.message, Some("invalid_token")))?
                }
            }
        }
        Some(_) => rt
            .authenticator()
            .authenticate_with_store(headers)
            .await
            .map_err(|e| {
                let err = (e.code != "key_store_unavailable").then_some("invalid_token");
                unauth(e.code, e.message, err)
            })?,
    };
    if !scope_covers(&identity.scopes, &srv.name, None) {
        return Err((
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            format!(
                "the credential's scopes do not cover MCP server `{}` (needs `{scope}`)",
                srv.name
            ),
            oauth::challenge(&meta, &scope, Some("insufficient_scope")),
        ));
    }
    let a = &srv.allow;
    if !a.is_open() {
        let ok = match identity.kind {
            PrincipalKind::Agent => a.agents.contains(&identity.id),
            PrincipalKind::User => a.users.contains(&identity.id),
        } || identity.groups.iter().any(|g| a.groups.contains(g));
        if !ok {
            return Err((
                StatusCode::FORBIDDEN,
                "server_denied",
                format!("`{}` may not use MCP server `{}`", identity.id, srv.name),
                String::new(),
            ));
        }
    }
    let _ = app;
    Ok(identity)
}

/// Methods MCP defines that a client may send. Anything else is refused here, not forwarded.
fn known_method(m: &str) -> bool {
    m.starts_with("notifications/")
        || matches!(
            m,
            "initialize"
                | "ping"
                | "tools/list"
                | "tools/call"
                | "resources/list"
                | "resources/templates/list"
                | "resources/read"
                | "resources/subscribe"
                | "resources/unsubscribe"
                | "prompts/list"
                | "prompts/get"
                | "completion/complete"
                | "logging/setLevel"
                | "tasks/get"
                | "tasks/result"
                | "tasks/list"
                | "tasks/cancel"
                | "server/discover"
                | "subscriptions/listen"
        )
}

fn base_event(info: Option<&RequestInfo>, method: &str, server: &str) -> AuditEvent {
    AuditEvent {
        time: info
            .map(|i| i.time.clone())
            .unwrap_or_else(crate::audit::now_rfc3339),
        request_id: info.map(|i| i.id.clone()).unwrap_or_default(),
        method: method.into(),
        path: format!("/mcp/{server}"),
        surface: Some("mcp".into()),
        route: Some(format!("mcp/{server}")),
        upstream: Some(server.to_owned()),
        ..AuditEvent::default()
    }
}

fn set_identity(ev: &mut AuditEvent, i: &Identity) {
    ev.principal = Some(i.id.clone());
    ev.principal_kind = Some(match i.kind {
        PrincipalKind::Agent => "agent".into(),
        PrincipalKind::User => "user".into(),
    });
    ev.credential_id = i.credential_id.clone();
}

/// Authenticate and build the context, or the refusal.
async fn enter(
    app: &App,
    server: &str,
    method: &str,
    info: Option<RequestInfo>,
    headers: &HeaderMap,
) -> Result<Ctx, Response> {
    let start = info.as_ref().map(|i| i.start).unwrap_or_else(Instant::now);
    let rt = app.runtime();
    let ev = base_event(info.as_ref(), method, server);
    let Some(srv) = rt.config.mcp.servers.get(server).cloned() else {
        return Err(refuse_early(
            app,
            ev,
            start,
            McpError::new(
                StatusCode::NOT_FOUND,
                code::INVALID_REQUEST,
                "unknown_mcp_server",
                format!("no MCP server `{server}` is configured"),
            ),
            None,
        ));
    };
    let identity = match authenticate_for(app, &rt, &srv, headers).await {
        Ok(i) => i,
        Err((status, reason, msg, www)) => {
            let mut e = McpError::new(status, code::FORBIDDEN, reason, msg);
            if !www.is_empty() {
                e.www = Some(www);
            }
            return Err(refuse_early(app, ev, start, e, None));
        }
    };
    let mut ev = ev;
    set_identity(&mut ev, &identity);
    let base = oauth::base_url(&rt, headers);
    Ok(Ctx {
        engine: rt.engine(super::ENGINE),
        app: app.clone(),
        rt,
        srv,
        identity,
        ev,
        start,
        base,
        rewritten_args: None,
    })
}

fn header_str<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// `POST /mcp/{server}`: one JSON-RPC message.
pub(super) async fn post(
    State(app): State<App>,
    Path(server): Path<String>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let info = parts.extensions.get::<RequestInfo>().cloned();
    let ctx = match enter(&app, &server, "POST", info, &parts.headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let max = ctx.rt.config.mcp.max_message_bytes;
    let bytes = match axum::body::to_bytes(body, max).await {
        Ok(b) => b,
        Err(_) => {
            let e = McpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::INVALID_REQUEST,
                "message_too_large",
                format!("message over {max} bytes"),
            );
            let r = e.response(None);
            return ctx.finish(r, None, Some(e.reason)).await;
        }
    };
    let limits = Limits {
        max_bytes: max,
        ..Limits::default()
    };
    let mut msg = match jsonrpc::parse(&bytes, &limits) {
        Ok(m) => m,
        Err(e) => {
            let err = McpError::new(
                StatusCode::BAD_REQUEST,
                e.code(),
                "invalid_message",
                e.to_string(),
            );
            let r = err.response(None);
            return ctx.finish(r, None, Some(err.reason)).await;
        }
    };
    let hv = Headers {
        version: header_str(&parts.headers, "mcp-protocol-version"),
        method: header_str(&parts.headers, "mcp-method"),
        name: header_str(&parts.headers, "mcp-name"),
    };
    let id = msg.id().cloned();
    let rev = match protocol::revision_of(&hv, &msg)
        .and_then(|r| protocol::check(&hv, &msg, r).map(|_| r))
    {
        Ok(r) => r,
        Err(e) => {
            let c = match e {
                protocol::HeaderError::UnsupportedVersion(_) => code::INVALID_REQUEST,
                _ => code::HEADER_MISMATCH,
            };
            let err = McpError::new(StatusCode::BAD_REQUEST, c, "header_mismatch", e.to_string());
            let r = err.response(id.as_ref());
            return ctx.finish(r, None, Some(err.reason)).await;
        }
    };
    let mut ctx = ctx;
    ctx.ev.surface = Some(format!("mcp:{}", msg.method().unwrap_or("response")));
    if let Some(m) = msg.method()
        && !known_method(m)
    {
        if matches!(msg.kind, Kind::Notification { .. }) {
            return ctx
                .finish(StatusCode::ACCEPTED.into_response(), Some("ok"), None)
                .await;
        }
        let err = McpError::new(
            StatusCode::OK,
            code::METHOD_NOT_FOUND,
            "unknown_method",
            format!("method `{m}` is not part of MCP"),
        );
        let r = err.response(id.as_ref());
        return ctx.finish(r, Some("error"), Some(err.reason)).await;
    }
    // Sessions (session-based revisions): a session belongs to the identity that opened it.
    let client_session = header_str(&parts.headers, "mcp-session-id").map(str::to_owned);
    let mut session: Option<(String, Session)> = None;
    if !rev.is_stateless()
        && msg.method() != Some("initialize")
        && let Some(sid) = &client_session
    {
        match ctx.app.mcp.session(sid) {
            Some(s) if s.server == ctx.srv.name && s.principal == ctx.identity.id => {
                session = Some((sid.clone(), s));
            }
            _ => {
                let err = McpError::new(
                    StatusCode::NOT_FOUND,
                    code::INVALID_REQUEST,
                    "unknown_session",
                    "session not found; initialize a new one",
                );
                let r = err.response(id.as_ref());
                return ctx.finish(r, None, Some(err.reason)).await;
            }
        }
    }
    let mut approval_id = None;
    if msg.method() == Some("tools/call") {
        match pre_call(&mut ctx, &msg).await {
            Ok(a) => approval_id = a,
            Err(e) if e.reason == "unknown_tool" => {
                // A tool the server does not offer: answered as MCP servers answer a call to
                // an unknown tool, with a tool error result, so that clients (and the model)
                // see the same thing with or without Moat. Nothing reaches the server.
                let body = json!({"jsonrpc": "2.0", "id": id.as_ref().map(Id::to_value), "result": {
                    "content": [{"type": "text", "text": e.message}],
                    "isError": true,
                }});
                let mut r = axum::Json(body).into_response();
                if let Ok(v) = HeaderValue::from_str(e.reason) {
                    r.headers_mut().insert("x-moat-reason", v);
                }
                return ctx.finish(r, Some("denied"), Some(e.reason)).await;
            }
            Err(e) => {
                let r = e.response(id.as_ref());
                let outcome = if e.code == code::APPROVAL_PENDING {
                    "held"
                } else {
                    "denied"
                };
                return ctx.finish(r, Some(outcome), Some(e.reason)).await;
            }
        }
    }
    if let Some(a) = &approval_id {
        ctx.ev.extra.insert("approval_id".into(), a.clone());
    }
    if matches!(msg.kind, Kind::Response { .. })
        && let Err(e) = guard_client_answer(&mut ctx, &mut msg.value)
    {
        let r = e.response(None);
        return ctx.finish(r, Some("blocked"), Some(e.reason)).await;
    }
    match ctx.srv.transport.clone() {
        Transport::Http { url } => {
            upstream::forward_http(ctx, &url, msg, &parts.headers, rev, session).await
        }
        Transport::Stdio { .. } => upstream::forward_stdio(ctx, msg, rev).await,
    }
}

/// `GET /mcp/{server}`: the session-based revisions' server-to-client stream.
pub(super) async fn get(
    State(app): State<App>,
    Path(server): Path<String>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let info = parts.extensions.get::<RequestInfo>().cloned();
    let ctx = match enter(&app, &server, "GET", info, &parts.headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let h = &parts.headers;
    let stateless = header_str(h, "mcp-protocol-version")
        .and_then(Revision::parse)
        .is_some_and(|r| r.is_stateless());
    let Transport::Http { url } = ctx.srv.transport.clone() else {
        return ctx
            .finish(
                McpError::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    code::INVALID_REQUEST,
                    "no_stream",
                    "this server offers no GET stream",
                )
                .response(None),
                Some("error"),
                None,
            )
            .await;
    };
    if stateless {
        return ctx
            .finish(
                McpError::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    code::INVALID_REQUEST,
                    "no_stream",
                    "the 2026-07-28 revision has no GET stream",
                )
                .response(None),
                Some("error"),
                None,
            )
            .await;
    }
    let session = match header_str(h, "mcp-session-id")
        .and_then(|s| app.mcp.session(s).map(|x| (s.to_owned(), x)))
    {
        Some((sid, s)) if s.server == ctx.srv.name && s.principal == ctx.identity.id => {
            Some((sid, s))
        }
        Some(_) => {
            let e = McpError::new(
                StatusCode::NOT_FOUND,
                code::INVALID_REQUEST,
                "unknown_session",
                "session not found",
            );
            return ctx.finish(e.response(None), None, Some(e.reason)).await;
        }
        None => None,
    };
    let headers = parts.headers.clone();
    upstream::stream_get(ctx, &url, &headers, session).await
}

/// `DELETE /mcp/{server}`: end a session.
pub(super) async fn delete(
    State(app): State<App>,
    Path(server): Path<String>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let info = parts.extensions.get::<RequestInfo>().cloned();
    let ctx = match enter(&app, &server, "DELETE", info, &parts.headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some((sid, s)) = header_str(&parts.headers, "mcp-session-id")
        .and_then(|s| app.mcp.session(s).map(|x| (s.to_owned(), x)))
    else {
        let e = McpError::new(
            StatusCode::NOT_FOUND,
            code::INVALID_REQUEST,
            "unknown_session",
            "session not found",
        );
        return ctx.finish(e.response(None), None, Some(e.reason)).await;
    };
    if s.server != ctx.srv.name || s.principal != ctx.identity.id {
        let e = McpError::new(
            StatusCode::NOT_FOUND,
            code::INVALID_REQUEST,
            "unknown_session",
            "session not found",
        );
        return ctx.finish(e.response(None), None, Some(e.reason)).await;
    }
    app.mcp.end_session(&sid);
    if let (Transport::Http { url }, Some(up)) = (&ctx.srv.transport, &s.upstream) {
        let mut rb = app
            .client
            .delete(url)
            .timeout(Duration::from_secs(10))
            .header("mcp-session-id", up);
        if let Some(v) = header_str(&parts.headers, "mcp-protocol-version") {
            rb = rb.header("mcp-protocol-version", v);
        }
        for (k, v) in &ctx.srv.headers {
            rb = rb.header(k, v);
        }
        let _ = rb.send().await;
    }
    ctx.finish(StatusCode::OK.into_response(), Some("ok"), None)
        .await
}

/// Version of the policy a tool call is judged under: the server's approval rules, tool filter
/// and allow lists.
fn policy_version(srv: &McpServer) -> String {
    let v = json!({
        "approval": serde_json::to_value(&srv.approval).unwrap_or_default(),
        "tools": {"allow": srv.tools.allow, "deny": srv.tools.deny},
        "allow": serde_json::to_value(&srv.allow).unwrap_or_default(),
    });
    format!("sha256:{}", &moat_mcp::canonical_sha256(&v)[..16])
}

/// Every string leaf of `v` (bounded), mutable.
fn string_leaves<'a>(v: &'a mut Value, out: &mut Vec<&'a mut String>, depth: usize) {
    if depth > 64 || out.len() > 10_000 {
        return;
    }
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter_mut().for_each(|x| string_leaves(x, out, depth + 1)),
        Value::Object(o) => o
            .values_mut()
            .for_each(|x| string_leaves(x, out, depth + 1)),
        _ => {}
    }
}

/// The Cedar context of a tool call, evaluated after the argument guards: `arguments` (the
/// tool's arguments, as the authoriser converts JSON), `guard` (`injection_score` in per-mille,
/// `findings`, `alerts`, `fail_open`), `labels`, `listing` (false).
fn tool_context(args: &Value, summary: &GuardSummary) -> Value {
    let score = summary
        .injection_max
        .values()
        .copied()
        .filter(|s| s.is_finite())
        .fold(0.0f32, f32::max);
    json!({
        "arguments": args,
        "guard": {
            "injection_score": (f64::from(score.clamp(0.0, 1.0)) * 1000.0).round() as i64,
            "findings": summary.findings.keys().collect::<Vec<_>>(),
            "alerts": summary.alerts,
            "fail_open": summary.fail_open,
        },
        "labels": summary.labels,
        "listing": false,
    })
}

/// Ask the Cedar policies whether the caller may call `tool`. Records the policy version and
/// the deciding policies in the audit event.
fn authorize_tool(ctx: &mut Ctx, tool: &str, context: Value) -> Result<(), McpError> {
    let authz = ctx.rt.authorizer();
    let d = authz.is_authorized(&moat_authz::Request {
        principal: &ctx.identity,
        action: moat_authz::ActionKind::CallTool,
        resource: moat_authz::Resource::Tool {
            server: &ctx.srv.name,
            tool,
        },
        context,
    });
    ctx.ev.policy_version = Some(authz.version().to_owned());
    ctx.ev.policies = d.policies.clone();
    if d.allowed {
        return Ok(());
    }
    let who = &ctx.identity.id;
    let (reason, message) = match d.reason.as_str() {
        "policy_denied" => (
            "policy_denied",
            format!(
                "`{who}` may not call tool `{tool}`: denied by policy {}",
                d.policies.join(", ")
            ),
        ),
        "no_permit" => (
            "tool_denied",
            format!("`{who}` may not call tool `{tool}`: no policy permits it"),
        ),
        _ => (
            "policy_error",
            format!(
                "`{who}` may not call tool `{tool}`: a policy could not be evaluated ({})",
                d.policies.join(", ")
            ),
        ),
    };
    Err(McpError::refuse(reason, message).with_data(json!({"policies": d.policies})))
}

/// Whether `tools/list` shows `tool` to the caller: a policy permits calling it and no `forbid`
/// applies when nothing is known of the arguments (`context.listing` is true, nothing else is
/// set). A `forbid` that cannot be evaluated without arguments does not hide the tool: it is
/// evaluated again, with the arguments, when the tool is called.
fn may_list(ctx: &Ctx, tool: &str) -> bool {
    let d = ctx.rt.authorizer().is_authorized(&moat_authz::Request {
        principal: &ctx.identity,
        action: moat_authz::ActionKind::CallTool,
        resource: moat_authz::Resource::Tool {
            server: &ctx.srv.name,
            tool,
        },
        context: json!({"listing": true}),
    });
    d.allowed || d.reason == "policy_error"
}

fn guard_policy(srv: &McpServer) -> GuardPolicy {
    GuardPolicy {
        tool_results: srv.results,
        tool_calls: srv.arguments,
        ..GuardPolicy::default()
    }
}

/// Guard each of `texts` in place under the server's policy (one redactor for them all), adding
/// to `summary`; the first block stops it.
fn guard_all(
    engine: &Engine,
    srv: &McpServer,
    side: Side,
    role: TextRole,
    texts: Vec<&mut String>,
    summary: &mut GuardSummary,
) -> Result<(), crate::error::GatewayError> {
    let policy = guard_policy(srv);
    let mut red = Redactor::new();
    for s in texts {
        guard_text(engine, &policy, side, role, s, &mut red, summary)?;
    }
    Ok(())
}

/// Every string inside `value` guarded as text leaving for the server, like the arguments of
/// a tool call in LLM traffic (tool-call arguments, the client's answers to server requests).
fn guard_arguments(
    engine: &Engine,
    srv: &McpServer,
    value: &mut Value,
    summary: &mut GuardSummary,
) -> Result<(), crate::error::GatewayError> {
    let mut leaves = Vec::new();
    string_leaves(value, &mut leaves, 0);
    guard_all(
        engine,
        srv,
        Side::Request,
        TextRole::ToolCall,
        leaves,
        summary,
    )
}

/// Checks before a `tools/call` is forwarded. Returns the approval consumed, if one was needed.
async fn pre_call(ctx: &mut Ctx, msg: &Message) -> Result<Option<String>, McpError> {
    let params = msg.params();
    let Some(tool) = params.get("name").and_then(Value::as_str) else {
        return Err(McpError::new(
            StatusCode::OK,
            code::INVALID_PARAMS,
            "invalid_params",
            "tools/call needs a string `name`",
        ));
    };
    let tool = tool.to_owned();
    ctx.ev.model = Some(tool.clone());
    let args = params
        .get("arguments")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if !ctx.srv.tools.permits(&tool) {
        return Err(McpError::refuse(
            "tool_not_offered",
            format!("tool `{tool}` is not offered by this gateway"),
        ));
    }
    if !scope_covers(&ctx.identity.scopes, &ctx.srv.name, Some(&tool)) {
        let mut e = McpError::new(
            StatusCode::FORBIDDEN,
            code::FORBIDDEN,
            "insufficient_scope",
            format!("the credential's scopes do not cover tool `{tool}`"),
        );
        e.www = Some(oauth::challenge(
            &format!(
                "{}/.well-known/oauth-protected-resource/mcp/{}",
                ctx.base, ctx.srv.name
            ),
            &format!("mcp:{}/{tool}", ctx.srv.name),
            Some("insufficient_scope"),
        ));
        return Err(e);
    }
    // Pinning and poisoning: the tool must have been listed and not be held.
    if ctx.srv.pinning || ctx.srv.scan_descriptions {
        let store = ctx
            .app
            .store()
            .cloned()
            .ok_or_else(|| McpError::refuse("no_store", "tool pinning needs the store"))?;
        let mut seen = ctx.app.mcp.catalogue.get(&ctx.srv.name, &tool);
        if seen.is_none() {
            if let Err(e) = upstream::refresh_tools(ctx, &store).await {
                tracing::warn!(server = %ctx.srv.name, error = %e, "could not list tools to check a call");
            }
            seen = ctx.app.mcp.catalogue.get(&ctx.srv.name, &tool);
        }
        match seen {
            None => {
                return Err(McpError::refuse(
                    "unknown_tool",
                    format!("tool `{tool}` is not offered by server `{}`", ctx.srv.name),
                ));
            }
            Some(s) if !s.allowed() => {
                return Err(McpError::refuse(
                    "tool_held",
                    format!(
                        "tool `{tool}` is held ({}) until an operator approves it: `moat mcp approve {} {tool}`",
                        s.status, ctx.srv.name
                    ),
                )
                .with_data(json!({"status": s.status, "findings": s.findings})));
            }
            Some(_) => {}
        }
    }
    // The arguments the model produced: guarded like tool calls in LLM traffic.
    let mut risk = 0f32;
    let mut summary = GuardSummary::default();
    if let Some(engine) = ctx.engine.clone() {
        let mut checked = args.clone();
        if let Err(e) = guard_arguments(&engine, &ctx.srv, &mut checked, &mut summary) {
            ctx.ev.guard_request = Some(summary);
            return Err(McpError::refuse("guard_blocked", e.message));
        }
        risk = summary.injection_max.values().copied().fold(0.0, f32::max);
        ctx.ev.guard_request = Some(summary);
        if checked != args {
            // DLP rewrote the arguments (for example masking a secret on its way out): the
            // rewritten ones are what is approved and forwarded.
            ctx.ev
                .extra
                .insert("arguments_rewritten".into(), "true".into());
            ctx.rewritten_args = Some(checked);
        }
    }
    let args = ctx.rewritten_args.clone().unwrap_or(args);
    let summary = ctx.ev.guard_request.clone().unwrap_or_default();
    authorize_tool(ctx, &tool, tool_context(&args, &summary))?;
    let rules = Rules::new(&ctx.srv.approval).map_err(|e| McpError::refuse("policy_error", e))?;
    let Some(why) = rules.needs_approval(&tool, &args, risk) else {
        return Ok(None);
    };
    gate(ctx, &tool, &args, why).await.map(Some)
}

/// Hold a call until a human decides, or until the hold time passes.
async fn gate(ctx: &mut Ctx, tool: &str, args: &Value, why: String) -> Result<String, McpError> {
    let store = ctx.app.store().cloned().ok_or_else(|| {
        McpError::refuse(
            "no_store",
            "approvals need the store (`audit: { store: ... }`)",
        )
    })?;
    let serr = |e: String| {
        McpError::refuse(
            "approval_store_error",
            format!("the approvals queue could not be read: {e}"),
        )
    };
    let binding = Binding::new(
        &ctx.identity.id,
        &ctx.srv.name,
        tool,
        args,
        &policy_version(&ctx.srv),
    );
    let now = approvals::now();
    let existing = approvals::for_binding(&store, &binding)
        .await
        .map_err(serr)?;
    let id = match existing.map(|(r, _)| (r.effective_state(now), r)) {
        Some((AState::Approved, r)) => {
            if approvals::consume(&store, &r.id).await.map_err(serr)? {
                return Ok(r.id);
            }
            None
        }
        Some((AState::Pending, r)) => Some(r.id),
        Some((AState::Denied, r)) => return Err(denied(&r)),
        _ => None,
    };
    let id = match id {
        Some(id) => id,
        None => {
            let preview = preview(ctx.engine.as_deref(), args);
            let r = Approval::new(
                binding,
                why,
                &ctx.ev.request_id,
                now,
                ctx.rt.config.mcp.approval_ttl.as_secs() as i64,
                preview,
            );
            approvals::create(&store, &r).await.map_err(serr)?;
            ctx.app.emit(approvals::audit_event(&r, "requested", None));
            approvals::notify(&ctx.app, &ctx.rt.config.mcp.webhooks, &r, &ctx.base);
            tracing::info!(approval = %r.id, server = %ctx.srv.name, tool, principal = %ctx.identity.id, "tool call held for approval");
            r.id
        }
    };
    ctx.ev.extra.insert("approval_id".into(), id.clone());
    let deadline = Instant::now() + ctx.rt.config.mcp.approval_hold;
    loop {
        let r = approvals::get(&store, &id)
            .await
            .map_err(serr)?
            .map(|(r, _)| r);
        let Some(r) = r else {
            return Err(McpError::refuse(
                "approval_missing",
                "the approval request disappeared",
            ));
        };
        match r.effective_state(approvals::now()) {
            AState::Approved => {
                if approvals::consume(&store, &id).await.map_err(serr)? {
                    return Ok(id);
                }
            }
            AState::Denied => return Err(denied(&r)),
            AState::Expired => {
                return Err(McpError::new(
                    StatusCode::OK,
                    code::APPROVAL_DENIED,
                    "approval_expired",
                    format!("approval request {id} expired without a decision"),
                ));
            }
            AState::Executed => {
                return Err(McpError::new(
                    StatusCode::OK,
                    code::APPROVAL_DENIED,
                    "approval_used",
                    format!("approval {id} was already used by an identical call"),
                ));
            }
            AState::Pending => {}
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(McpError::new(
                StatusCode::OK,
                code::APPROVAL_PENDING,
                "approval_pending",
                format!("this call needs a human's approval ({}); request {id} is pending — retry the same call once it is approved", r.reason),
            )
            .with_data(json!({"approval_id": id, "state": "pending", "expires": r.expires})));
        }
        tokio::select! {
            _ = ctx.app.mcp.decided.notified() => {}
            _ = tokio::time::sleep(left.min(Duration::from_millis(500))) => {}
        }
    }
}

fn denied(r: &Approval) -> McpError {
    McpError::new(
        StatusCode::OK,
        code::APPROVAL_DENIED,
        "approval_denied",
        format!(
            "the call was denied by {}{}",
            r.decided_by.as_deref().unwrap_or("an approver"),
            r.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        ),
    )
    .with_data(json!({"approval_id": r.id, "state": "denied"}))
}

/// Arguments for the approver to read: sensitive values masked, long strings cut.
fn preview(engine: Option<&Engine>, args: &Value) -> Value {
    let mut v = args.clone();
    let mut leaves = Vec::new();
    string_leaves(&mut v, &mut leaves, 0);
    for s in leaves {
        if let Some(e) = engine {
            let report = e.check(s, moat_core::TextKind::Prompt);
            if !report.findings.is_empty() {
                *s = e.redact(s, &report);
            }
        }
        if s.len() > 2000 {
            let mut end = 2000;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.truncate(end);
            s.push('…');
        }
    }
    v
}

/// Guard what a server sends back for a request of `method`, in place. Returns the reason code
/// if the result was withheld.
pub(super) async fn process_response(
    ctx: &mut Ctx,
    method: &str,
    resp: &mut Value,
) -> Option<&'static str> {
    resp.get("result")?;
    match method {
        "tools/list" => {
            let store = ctx.app.store().cloned()?;
            let tools: Vec<Value> = resp["result"]
                .get("tools")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let decisions = match ctx
                .app
                .mcp
                .catalogue
                .review(&store, ctx.engine.as_deref(), &ctx.srv, &tools)
                .await
            {
                Ok(d) => d,
                Err(e) => {
                    tracing::error!(error = %e, "tool catalogue store failed; offering no tools");
                    resp["result"]["tools"] = json!([]);
                    return Some("catalogue_unavailable");
                }
            };
            let mut kept = Vec::new();
            let mut held = 0;
            for (t, d) in tools.into_iter().zip(decisions) {
                let Some(d) = d else { continue };
                if !d.allowed() {
                    held += 1;
                    continue;
                }
                if !ctx.srv.tools.permits(&d.tool)
                    || !scope_covers(&ctx.identity.scopes, &ctx.srv.name, Some(&d.tool))
                    || !may_list(ctx, &d.tool)
                {
                    continue;
                }
                kept.push(t);
            }
            if held > 0 {
                ctx.ev.extra.insert("tools_held".into(), held.to_string());
            }
            resp["result"]["tools"] = Value::Array(kept);
            None
        }
        "tools/call" | "resources/read" | "prompts/get" | "tasks/result" => {
            let engine = ctx.engine.clone()?;
            let mut summary = GuardSummary::default();
            let mut texts = Vec::new();
            collect_result_texts(&mut resp["result"], &mut texts, 0, false);
            let guarded = guard_all(
                &engine,
                &ctx.srv,
                Side::Response,
                TextRole::ToolResult,
                texts,
                &mut summary,
            );
            ctx.ev.guard_response = Some(summary);
            let e = guarded.err()?;
            let reason = if e.code == "guard_sensitive_data" {
                "guard_sensitive_data"
            } else {
                "guard_indirect_injection"
            };
            if matches!(method, "tools/call" | "tasks/result") {
                resp["result"] = json!({
                    "content": [{"type": "text", "text": format!("[moat] {}; the tool's output was withheld", e.message)}],
                    "isError": true,
                });
            } else {
                let id = resp.get("id").cloned().unwrap_or(Value::Null);
                *resp = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code::FORBIDDEN, "message": e.message}});
            }
            Some(reason)
        }
        _ => None,
    }
}

/// Guard, in place, a request the server makes of the client. The messages a sampling request
/// asks the client's model to read (and its system prompt), and the message an elicitation
/// shows the user, are content from the server, guarded like tool results. Returns why the
/// request must be withheld, if it must.
pub(super) fn guard_server_request(ctx: &mut Ctx, method: &str, req: &mut Value) -> Option<String> {
    let engine = ctx.engine.clone()?;
    let Some(Value::Object(params)) = req.get_mut("params") else {
        return None;
    };
    let mut texts = Vec::new();
    for (k, v) in params.iter_mut() {
        match (method, k.as_str(), v) {
            ("sampling/createMessage", "messages", v) => {
                collect_result_texts(v, &mut texts, 0, false);
            }
            ("sampling/createMessage", "systemPrompt", Value::String(s))
            | ("elicitation/create", "message", Value::String(s)) => texts.push(s),
            _ => {}
        }
    }
    let mut summary = GuardSummary::default();
    let blocked = guard_all(
        &engine,
        &ctx.srv,
        Side::Response,
        TextRole::ToolResult,
        texts,
        &mut summary,
    )
    .err()
    .map(|e| {
        format!(
            "[moat] {}; the server's {method} request was withheld",
            e.message
        )
    });
    if ctx.ev.guard_response.is_none() || blocked.is_some() {
        ctx.ev.guard_response = Some(summary);
    }
    blocked
}

/// Guard, in place, the client's answer to a request the server made of it (a sampling
/// result, what a user entered for an elicitation): it leaves for the server like tool-call
/// arguments do. Returns the refusal if it must not leave.
fn guard_client_answer(ctx: &mut Ctx, answer: &mut Value) -> Result<(), McpError> {
    let Some(engine) = ctx.engine.clone() else {
        return Ok(());
    };
    let Some(result) = answer.get_mut("result") else {
        return Ok(());
    };
    let mut summary = GuardSummary::default();
    let guarded = guard_arguments(&engine, &ctx.srv, result, &mut summary);
    ctx.ev.guard_request = Some(summary);
    guarded.map_err(|e| {
        McpError::new(
            StatusCode::FORBIDDEN,
            code::FORBIDDEN,
            "guard_blocked",
            e.message,
        )
    })
}

/// The texts of a result a model will read: every `text` field, and every string inside
/// `structuredContent`.
fn collect_result_texts<'a>(
    v: &'a mut Value,
    out: &mut Vec<&'a mut String>,
    depth: usize,
    all: bool,
) {
    if depth > 64 || out.len() > 10_000 {
        return;
    }
    match v {
        Value::String(s) if all => out.push(s),
        Value::Array(a) => a
            .iter_mut()
            .for_each(|x| collect_result_texts(x, out, depth + 1, all)),
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                match (k.as_str(), x) {
                    ("text", Value::String(s)) => out.push(s),
                    ("structuredContent", x) => collect_result_texts(x, out, depth + 1, true),
                    (_, x) => collect_result_texts(x, out, depth + 1, all),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(scope_covers(&s(&["mcp:*"]), "demo", Some("x")));
        assert!(scope_covers(&s(&["mcp:demo"]), "demo", Some("x")));
        assert!(!scope_covers(&s(&["mcp:other"]), "demo", None));
        assert!(scope_covers(&s(&["mcp:demo/read_*"]), "demo", None));
        assert!(scope_covers(
            &s(&["mcp:demo/read_*"]),
            "demo",
            Some("read_file")
        ));
        assert!(!scope_covers(
            &s(&["mcp:demo/read_*"]),
            "demo",
            Some("delete_file")
        ));
        assert!(!scope_covers(&s(&["models:*"]), "demo", None));
    }

    #[test]
    fn result_texts() {
        let mut v = json!({"content": [{"type": "text", "text": "a"}, {"type": "image", "data": "xx"}], "structuredContent": {"k": ["b", {"c": "d"}]}});
        let mut out = Vec::new();
        collect_result_texts(&mut v, &mut out, 0, false);
        let got: Vec<String> = out.into_iter().map(|s| s.clone()).collect();
        assert_eq!(got.len(), 3);
    }
}
