//! Talking to the servers: Streamable HTTP (JSON or per-request SSE answers, the GET stream)
//! and stdio, plus Moat's own listing of a server's tools.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use moat_mcp::jsonrpc::{self, Id, Kind, Limits, Message, code};
use moat_mcp::protocol::Revision;
use serde_json::{Value, json};

use super::handler::{Ctx, McpError, guard_server_request, process_response};
use super::{Session, StdioServer};
use crate::config::Transport;
use crate::provider::sse::{Event, Parser};
use crate::request_log::AuditHandled;

const FORWARDED: [&str; 3] = ["mcp-protocol-version", "mcp-method", "mcp-name"];

fn upstream_failure(e: &reqwest::Error) -> McpError {
    if e.is_timeout() {
        McpError::new(
            StatusCode::GATEWAY_TIMEOUT,
            code::INTERNAL_ERROR,
            "upstream_timeout",
            "the MCP server did not answer in time",
        )
    } else {
        McpError::new(
            StatusCode::BAD_GATEWAY,
            code::INTERNAL_ERROR,
            "upstream_unavailable",
            "the MCP server could not be reached",
        )
    }
}

/// Read a body up to `max` bytes.
async fn read_bounded(resp: reqwest::Response, max: usize) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::new();
    let mut s = resp.bytes_stream();
    while let Some(c) = s.next().await {
        let c = c.map_err(|_| "upstream_broke_off")?;
        if out.len() + c.len() > max {
            return Err("upstream_message_too_large");
        }
        out.extend_from_slice(&c);
    }
    Ok(out)
}

/// A POST of one JSON-RPC message to an HTTP server, with the server's configured headers.
fn post_to(ctx: &Ctx, url: &str) -> reqwest::RequestBuilder {
    let mut rb = ctx
        .app
        .client
        .post(url)
        .timeout(ctx.srv.timeout)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json, text/event-stream");
    for (k, v) in &ctx.srv.headers {
        rb = rb.header(k, v);
    }
    rb
}

fn with_session(mut resp: Response, sid: Option<&str>) -> Response {
    if let Some(s) = sid
        && let Ok(v) = HeaderValue::from_str(s)
    {
        resp.headers_mut().insert("mcp-session-id", v);
    }
    resp
}

/// Forward one message to a Streamable HTTP server and relay (and guard) its answer.
pub(super) async fn forward_http(
    mut ctx: Ctx,
    url: &str,
    msg: Message,
    client_headers: &HeaderMap,
    _rev: Revision,
    session: Option<(String, Session)>,
) -> Response {
    let method = msg.method().map(str::to_owned);
    let id = msg.id().cloned();
    let mut value = msg.value;
    if let Some(a) = ctx.rewritten_args.take() {
        value["params"]["arguments"] = a;
    }
    let body = serde_json::to_vec(&value).unwrap_or_default();
    let mut rb = post_to(&ctx, url).body(body);
    for h in FORWARDED {
        if let Some(v) = client_headers.get(h) {
            rb = rb.header(h, v.clone());
        }
    }
    if let Some(up) = session.as_ref().and_then(|(_, s)| s.upstream.as_deref()) {
        rb = rb.header("mcp-session-id", up);
    }
    let t0 = Instant::now();
    let resp = match rb.send().await {
        Ok(r) => r,
        Err(e) => {
            let err = upstream_failure(&e);
            let r = err.response(id.as_ref());
            return ctx
                .finish(r, Some("upstream_error"), Some(err.reason))
                .await;
        }
    };
    ctx.ev.upstream_ms = Some(t0.elapsed().as_secs_f64() * 1000.0);
    let status = resp.status();
    let mut our_sid = None;
    if method.as_deref() == Some("initialize")
        && status.is_success()
        && let Some(up) = resp
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
    {
        our_sid = Some(ctx.app.mcp.new_session(Session::new(
            ctx.srv.name.clone(),
            ctx.identity.id.clone(),
            Some(up.to_owned()),
        )));
    }
    if status == StatusCode::NOT_FOUND
        && let Some((sid, _)) = &session
    {
        ctx.app.mcp.end_session(sid);
    }
    if status == StatusCode::ACCEPTED {
        return ctx
            .finish(StatusCode::ACCEPTED.into_response(), Some("ok"), None)
            .await;
    }
    let is_sse = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/event-stream"));
    if is_sse {
        // A subscription stream is long-lived by design; any other answer must keep coming.
        let idle = (method.as_deref() != Some("subscriptions/listen")).then_some(ctx.srv.timeout);
        let relay = Relay {
            request: id.clone().zip(method.clone()),
            our_sid,
            idle,
            session: session.map(|(_, s)| s),
            version: client_headers.get("mcp-protocol-version").cloned(),
        };
        return relay_sse(ctx, resp, relay);
    }
    let max = ctx.rt.config.mcp.max_message_bytes;
    let bytes = match read_bounded(resp, max).await {
        Ok(b) => b,
        Err(reason) => {
            let err = McpError::new(
                StatusCode::BAD_GATEWAY,
                code::INTERNAL_ERROR,
                reason,
                "the MCP server's answer was cut off or too large",
            );
            let r = err.response(id.as_ref());
            return ctx.finish(r, Some("upstream_error"), Some(reason)).await;
        }
    };
    let limits = Limits {
        max_bytes: max,
        ..Limits::default()
    };
    match jsonrpc::parse(&bytes, &limits) {
        Ok(m) => {
            let mut v = m.value;
            let reason = match &method {
                Some(meth) => process_response(&mut ctx, meth, &mut v).await,
                None => None,
            };
            let resp = with_session((status, axum::Json(v)).into_response(), our_sid.as_deref());
            let outcome = reason.map(|_| "blocked");
            ctx.finish(resp, outcome, reason).await
        }
        Err(e) if status.is_success() => {
            let err = McpError::new(
                StatusCode::BAD_GATEWAY,
                code::INTERNAL_ERROR,
                "upstream_invalid",
                format!("the MCP server sent an invalid message: {e}"),
            );
            let r = err.response(id.as_ref());
            ctx.finish(r, Some("upstream_error"), Some(err.reason))
                .await
        }
        Err(_) => {
            // An HTTP error without a JSON-RPC body: pass the status, not the body.
            let err = McpError::new(
                status,
                code::INTERNAL_ERROR,
                "upstream_error",
                format!("the MCP server answered HTTP {}", status.as_u16()),
            );
            let r = err.response(id.as_ref());
            ctx.finish(r, Some("upstream_error"), Some(err.reason))
                .await
        }
    }
}

/// How a relayed stream is read.
pub(super) struct Relay {
    /// The request the stream answers and its method (none for the GET stream).
    pub request: Option<(Id, String)>,
    /// Moat's session id to hand the client (an `initialize` answer).
    pub our_sid: Option<String>,
    /// Longest wait for the next chunk.
    pub idle: Option<Duration>,
    /// The client's session (session-based revisions).
    pub session: Option<Session>,
    /// The client's `MCP-Protocol-Version`, sent with Moat's own answers to the server.
    pub version: Option<HeaderValue>,
}

/// Relay an SSE answer, guarding each message on its way:
/// - the answer to the stream's request, and an answer the server moved to a resumed stream
///   (see [`Session::expect_resumed`]), are guarded as their method's results;
/// - any other answer, and any data that is not one JSON-RPC message, is withheld (a server must
///   not slip a result past the guards on another request's stream);
/// - a request the server makes of the client (sampling, elicitation) is guarded as content
///   from the server; one that is blocked is withheld and refused on the client's behalf;
/// - when the server closes a request's stream unanswered after an event with an id, the client
///   may resume it (session-based revisions): the answer is then expected on the GET stream.
fn relay_sse(mut ctx: Ctx, resp: reqwest::Response, relay: Relay) -> Response {
    let status = resp.status();
    ctx.ev.stream = true;
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(16);
    let max = ctx.rt.config.mcp.max_message_bytes;
    let Relay {
        request,
        our_sid,
        idle,
        session,
        version,
    } = relay;
    tokio::spawn(async move {
        let mut parser = Parser::new(max);
        let mut stream = resp.bytes_stream();
        let limits = Limits {
            max_bytes: max,
            ..Limits::default()
        };
        let id = request.as_ref().map(|(i, _)| i);
        let mut answered = id.is_none();
        let mut resumable = false;
        let mut withheld = 0usize;
        let mut reason: Option<&'static str> = None;
        let mut outcome: Option<&'static str> = None;
        'outer: loop {
            let next = match idle {
                Some(d) => match tokio::time::timeout(d, stream.next()).await {
                    Ok(n) => n,
                    Err(_) => {
                        reason = Some("upstream_timeout");
                        break;
                    }
                },
                None => stream.next().await,
            };
            let chunk = match next {
                Some(Ok(c)) => c,
                Some(Err(_)) => {
                    reason = Some("upstream_broke_off");
                    break;
                }
                None => break,
            };
            let events = match parser.push(&chunk) {
                Ok(e) => e,
                Err(_) => {
                    reason = Some("upstream_message_too_large");
                    break;
                }
            };
            for mut ev in events {
                resumable |= ev.id.is_some();
                if !ev.data.trim().is_empty() {
                    let Ok(m) = jsonrpc::parse(ev.data.as_bytes(), &limits) else {
                        withheld += 1;
                        reason = Some("upstream_invalid_message");
                        continue;
                    };
                    match &m.kind {
                        Kind::Response { id: rid, .. } => {
                            let method = if Some(rid) == id {
                                answered = true;
                                request.as_ref().map(|(_, meth)| meth.clone())
                            } else {
                                session.as_ref().and_then(|s| s.take_resumed(rid))
                            };
                            let Some(meth) = method else {
                                withheld += 1;
                                reason = Some("unsolicited_response");
                                continue;
                            };
                            let mut v = m.value;
                            if let Some(r) = process_response(&mut ctx, &meth, &mut v).await {
                                reason = Some(r);
                                outcome = Some("blocked");
                            }
                            ev.data = v.to_string();
                        }
                        Kind::Request {
                            id: rid,
                            method: meth,
                        } => {
                            let mut v = m.value;
                            if let Some(msg) = guard_server_request(&mut ctx, meth, &mut v) {
                                refuse_server_request(
                                    &ctx,
                                    session.as_ref(),
                                    version.as_ref(),
                                    rid,
                                    &msg,
                                )
                                .await;
                                withheld += 1;
                                reason = Some("guard_server_request");
                                outcome = Some("blocked");
                                continue;
                            }
                            ev.data = v.to_string();
                        }
                        Kind::Notification { method: n } => {
                            if n == "notifications/tools/list_changed" {
                                ctx.app.mcp.invalidate(&ctx.srv.name);
                            }
                        }
                    }
                }
                if tx.send(ev.to_bytes()).await.is_err() {
                    outcome = Some("client_disconnected");
                    break 'outer;
                }
            }
            if answered && id.is_some() {
                // The request is answered: its stream is done.
                break;
            }
        }
        if withheld > 0 {
            ctx.ev
                .extra
                .insert("messages_withheld".into(), withheld.to_string());
        }
        if !answered && outcome != Some("client_disconnected") {
            let resumed = resumable
                && reason.is_none()
                && match (&session, &request) {
                    (Some(s), Some((rid, meth))) => s.expect_resumed(rid.clone(), meth.clone()),
                    _ => false,
                };
            if resumed {
                // The server closed the stream for the client to resume it: the answer will
                // come on the GET stream, where it is guarded like this one would have been.
                reason = Some("stream_to_be_resumed");
            } else {
                let r = reason.unwrap_or("upstream_broke_off");
                let err = jsonrpc::error_response(
                    id,
                    code::INTERNAL_ERROR,
                    "the MCP server's stream ended before it answered",
                    None,
                );
                let _ = tx
                    .send(
                        Event {
                            event: Some("message".into()),
                            data: err.to_string(),
                            ..Event::default()
                        }
                        .to_bytes(),
                    )
                    .await;
                reason = Some(r);
                outcome = Some("upstream_error");
            }
        }
        ctx.finish_stream(status.as_u16(), outcome, reason);
    });
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|b| (Ok::<_, std::convert::Infallible>(b), rx))
    }));
    let mut out = Response::new(body);
    *out.status_mut() = status;
    out.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    out.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let mut out = with_session(out, our_sid.as_deref());
    out.extensions_mut().insert(AuditHandled);
    out
}

/// Answer, on the client's behalf, a request the server made of it that Moat withheld.
async fn refuse_server_request(
    ctx: &Ctx,
    session: Option<&Session>,
    version: Option<&HeaderValue>,
    id: &Id,
    message: &str,
) {
    let Transport::Http { url } = &ctx.srv.transport else {
        return;
    };
    let body = jsonrpc::error_response(Some(id), code::FORBIDDEN, message, None);
    let mut headers = Vec::new();
    if let Some(v) = version.and_then(|v| v.to_str().ok()) {
        headers.push(("mcp-protocol-version", v.to_owned()));
    }
    if let Some(up) = session.and_then(|s| s.upstream.as_deref()) {
        headers.push(("mcp-session-id", up.to_owned()));
    }
    if let Err(e) = rpc_http(ctx, url, &body, &headers).await {
        tracing::warn!(server = %ctx.srv.name, error = %e, "could not refuse a withheld server request");
    }
}

/// Open the session-based revisions' GET stream upstream and relay it.
pub(super) async fn stream_get(
    ctx: Ctx,
    url: &str,
    client_headers: &HeaderMap,
    session: Option<(String, Session)>,
) -> Response {
    let mut rb = ctx
        .app
        .client
        .get(url)
        .header(header::ACCEPT, "text/event-stream");
    for h in ["mcp-protocol-version", "last-event-id"] {
        if let Some(v) = client_headers.get(h) {
            rb = rb.header(h, v.clone());
        }
    }
    if let Some(up) = session.as_ref().and_then(|(_, s)| s.upstream.as_deref()) {
        rb = rb.header("mcp-session-id", up);
    }
    for (k, v) in &ctx.srv.headers {
        rb = rb.header(k, v);
    }
    let resp = match rb.send().await {
        Ok(r) => r,
        Err(e) => {
            let err = upstream_failure(&e);
            let r = err.response(None);
            return ctx
                .finish(r, Some("upstream_error"), Some(err.reason))
                .await;
        }
    };
    if !resp.status().is_success() {
        let st = resp.status();
        let err = McpError::new(
            st,
            code::INVALID_REQUEST,
            "upstream_refused_stream",
            format!("the MCP server answered HTTP {}", st.as_u16()),
        );
        let r = err.response(None);
        return ctx.finish(r, Some("error"), Some(err.reason)).await;
    }
    let relay = Relay {
        request: None,
        our_sid: None,
        idle: None,
        session: session.map(|(_, s)| s),
        version: client_headers.get("mcp-protocol-version").cloned(),
    };
    relay_sse(ctx, resp, relay)
}

/// The running stdio process of the context's server, started (or restarted) as needed.
async fn stdio_for(ctx: &Ctx) -> Result<Arc<StdioServer>, String> {
    let Transport::Stdio { command, .. } = &ctx.srv.transport else {
        return Err("not a stdio server".into());
    };
    let mut m = ctx.app.mcp.stdio.lock().await;
    if let Some(s) = m.get(&ctx.srv.name) {
        if s.alive() && s.command() == command.as_slice() {
            return Ok(s.clone());
        }
        if !s.restartable() {
            return Err("the MCP server is restarting; try again in a second".into());
        }
        s.stop().await;
    }
    let s = StdioServer::start(&ctx.srv, ctx.rt.config.mcp.max_message_bytes)
        .await
        .map_err(|e| e.to_string())?;
    m.insert(ctx.srv.name.clone(), s.clone());
    Ok(s)
}

/// Forward one message to a stdio server and guard its answer.
pub(super) async fn forward_stdio(mut ctx: Ctx, msg: Message, rev: Revision) -> Response {
    let s = match stdio_for(&ctx).await {
        Ok(s) => s,
        Err(e) => {
            let err = McpError::new(
                StatusCode::BAD_GATEWAY,
                code::INTERNAL_ERROR,
                "upstream_unavailable",
                e,
            );
            let r = err.response(msg.id());
            return ctx
                .finish(r, Some("upstream_error"), Some(err.reason))
                .await;
        }
    };
    match msg.kind.clone() {
        Kind::Request { id, method } => {
            if method == "initialize" && !rev.is_stateless() {
                let sid = ctx.app.mcp.new_session(Session::new(
                    ctx.srv.name.clone(),
                    ctx.identity.id.clone(),
                    None,
                ));
                let body = json!({"jsonrpc": "2.0", "id": id.to_value(), "result": s.init()});
                let r = with_session(axum::Json(body).into_response(), Some(&sid));
                return ctx.finish(r, Some("ok"), None).await;
            }
            let mut value = msg.value;
            if let Some(a) = ctx.rewritten_args.take() {
                value["params"]["arguments"] = a;
            }
            let t0 = Instant::now();
            match s.request(value, ctx.srv.timeout).await {
                Ok(mut v) => {
                    ctx.ev.upstream_ms = Some(t0.elapsed().as_secs_f64() * 1000.0);
                    v["id"] = id.to_value();
                    let reason = process_response(&mut ctx, &method, &mut v).await;
                    let outcome = reason.map(|_| "blocked");
                    ctx.finish(axum::Json(v).into_response(), outcome, reason)
                        .await
                }
                Err(e) => {
                    let (st, reason) = match e {
                        super::stdio::StdioError::Timeout(_) => {
                            (StatusCode::GATEWAY_TIMEOUT, "upstream_timeout")
                        }
                        _ => (StatusCode::BAD_GATEWAY, "upstream_unavailable"),
                    };
                    let err = McpError::new(st, code::INTERNAL_ERROR, reason, e.to_string());
                    let r = err.response(Some(&id));
                    ctx.finish(r, Some("upstream_error"), Some(reason)).await
                }
            }
        }
        Kind::Notification { method } => {
            if method != "notifications/initialized" && method != "notifications/cancelled" {
                let _ = s.notify(&msg.value).await;
            }
            ctx.finish(StatusCode::ACCEPTED.into_response(), Some("ok"), None)
                .await
        }
        Kind::Response { .. } => {
            ctx.finish(StatusCode::ACCEPTED.into_response(), Some("ok"), None)
                .await
        }
    }
}

/// POST one request to an HTTP server and read its answer (JSON, or the matching event of an
/// SSE stream). Returns the answer and the session id the server set, if any.
async fn rpc_http(
    ctx: &Ctx,
    url: &str,
    body: &Value,
    headers: &[(&str, String)],
) -> Result<(Option<Value>, Option<String>), String> {
    let mut rb = post_to(ctx, url).json(body);
    for (k, v) in headers {
        rb = rb.header(*k, v);
    }
    let resp = rb.send().await.map_err(|e| e.to_string())?;
    let sid = resp
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if resp.status() == StatusCode::ACCEPTED || !resp.status().is_success() {
        return Ok((None, sid));
    }
    let sse = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/event-stream"));
    let max = ctx.rt.config.mcp.max_message_bytes;
    let want = body.get("id").and_then(Id::from_value);
    if !sse {
        let b = read_bounded(resp, max).await?;
        return Ok((serde_json::from_slice(&b).ok(), sid));
    }
    let mut parser = Parser::new(max);
    let mut stream = resp.bytes_stream();
    while let Some(c) = stream.next().await {
        let c = c.map_err(|e| e.to_string())?;
        for ev in parser.push(&c).map_err(|e| e.to_string())? {
            if let Ok(v) = serde_json::from_str::<Value>(&ev.data)
                && v.get("id").and_then(Id::from_value) == want
                && (v.get("result").is_some() || v.get("error").is_some())
            {
                return Ok((Some(v), sid));
            }
        }
    }
    Ok((None, sid))
}

/// Most pages of `tools/list` Moat reads on its own.
const MAX_PAGES: usize = 20;

/// List the server's tools on Moat's own account (when a call names a tool not listed since
/// start-up) and review them, at most once every two seconds per server.
pub(super) async fn refresh_tools(ctx: &Ctx, store: &moat_store::Store) -> Result<(), String> {
    {
        let mut m = ctx.app.mcp.refreshed.lock().map_err(|_| "lock")?;
        if m.get(&ctx.srv.name)
            .is_some_and(|t: &Instant| t.elapsed() < Duration::from_secs(2))
        {
            return Ok(());
        }
        m.insert(ctx.srv.name.clone(), Instant::now());
    }
    let mut tools = Vec::new();
    match &ctx.srv.transport {
        Transport::Stdio { .. } => {
            let s = stdio_for(ctx).await?;
            let mut cursor: Option<String> = None;
            for _ in 0..MAX_PAGES {
                let params = cursor
                    .as_ref()
                    .map(|c| json!({"cursor": c}))
                    .unwrap_or(json!({}));
                let v = s
                    .request(json!({"jsonrpc": "2.0", "id": 0, "method": "tools/list", "params": params}), ctx.srv.timeout)
                    .await
                    .map_err(|e| e.to_string())?;
                cursor = page(&v, &mut tools)?;
                if cursor.is_none() {
                    break;
                }
            }
        }
        Transport::Http { url } => {
            // The stateless revision first; a server that refuses it gets a session.
            let stateless = [
                ("mcp-protocol-version", Revision::LATEST.as_str().to_owned()),
                ("mcp-method", "tools/list".to_owned()),
            ];
            let first = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}});
            let (v, _) = rpc_http(ctx, url, &first, &stateless).await?;
            match v.filter(|v| v.get("result").is_some()) {
                Some(v) => {
                    let mut cursor = page(&v, &mut tools)?;
                    let mut n = 2;
                    while let Some(c) = cursor.take() {
                        if n > MAX_PAGES {
                            break;
                        }
                        let req = json!({"jsonrpc": "2.0", "id": n, "method": "tools/list", "params": {"cursor": c}});
                        let (v, _) = rpc_http(ctx, url, &req, &stateless).await?;
                        cursor = page(&v.ok_or("no answer")?, &mut tools)?;
                        n += 1;
                    }
                }
                None => session_list(ctx, url, &mut tools).await?,
            }
        }
    }
    ctx.app
        .mcp
        .catalogue
        .review(store, ctx.engine.as_deref(), &ctx.srv, &tools)
        .await
        .map(|_| ())
}

async fn session_list(ctx: &Ctx, url: &str, tools: &mut Vec<Value>) -> Result<(), String> {
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": Revision::LATEST_SESSION.as_str(),
        "capabilities": {},
        "clientInfo": {"name": "moat", "version": env!("CARGO_PKG_VERSION")}
    }});
    let (v, sid) = rpc_http(ctx, url, &init, &[]).await?;
    let v = v.ok_or("the MCP server did not answer initialize")?;
    let version = v["result"]["protocolVersion"]
        .as_str()
        .unwrap_or(Revision::LATEST_SESSION.as_str())
        .to_owned();
    let mut h = vec![("mcp-protocol-version", version)];
    if let Some(s) = &sid {
        h.push(("mcp-session-id", s.clone()));
    }
    let _ = rpc_http(
        ctx,
        url,
        &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        &h,
    )
    .await;
    let mut cursor: Option<String> = None;
    for n in 0..MAX_PAGES {
        let params = cursor
            .as_ref()
            .map(|c| json!({"cursor": c}))
            .unwrap_or(json!({}));
        let req = json!({"jsonrpc": "2.0", "id": n + 2, "method": "tools/list", "params": params});
        let (v, _) = rpc_http(ctx, url, &req, &h).await?;
        cursor = page(&v.ok_or("no answer to tools/list")?, tools)?;
        if cursor.is_none() {
            break;
        }
    }
    if let Some(s) = sid {
        let mut rb = ctx
            .app
            .client
            .delete(url)
            .timeout(Duration::from_secs(5))
            .header("mcp-session-id", s);
        for (k, v) in &ctx.srv.headers {
            rb = rb.header(k, v);
        }
        let _ = rb.send().await;
    }
    Ok(())
}

fn page(v: &Value, tools: &mut Vec<Value>) -> Result<Option<String>, String> {
    let r = v.get("result").ok_or_else(|| {
        format!(
            "tools/list failed: {}",
            v.get("error").cloned().unwrap_or(Value::Null)
        )
    })?;
    if let Some(t) = r.get("tools").and_then(Value::as_array) {
        tools.extend(t.iter().take(super::catalogue::MAX_TOOLS).cloned());
    }
    Ok(r.get("nextCursor")
        .and_then(Value::as_str)
        .map(str::to_owned))
}
