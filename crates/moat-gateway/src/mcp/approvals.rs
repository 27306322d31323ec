//! The approvals queue: calls held for a human's decision, kept in the store (namespace
//! `mcp.approvals`, one record per request, updated by compare-and-swap so that two approvers,
//! two gateway instances or a retry racing an approval cannot both win), so that it survives
//! restarts and is shared by every instance on one database.
//!
//! Approvers act through `moat approvals ...`, or the HTTP API here (a credential with the
//! `approvals` scope): `GET /v1/approvals[?state=pending]`, `GET /v1/approvals/{id}`,
//! `POST /v1/approvals/{id}/approve|deny` with an optional `{"note": "..."}`.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use moat_mcp::approval::{self, Binding, Request as Approval, State as AState};
use serde_json::{Value, json};

use crate::audit::{AuditEvent, now_rfc3339};
use crate::config::{Webhook, WebhookFormat};
use crate::server::App;

/// Approval records.
pub const NS: &str = "mcp.approvals";
/// Call binding key -> the latest approval id for that call.
pub const NS_BINDING: &str = "mcp.approval_binding";
/// Scope that lets a credential read and decide approvals over HTTP.
pub const SCOPE: &str = "approvals";

/// Unix seconds now.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Why a decision could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    /// No such request.
    #[error("no approval request `{0}`")]
    NotFound(String),
    /// Already decided, executed or expired.
    #[error("approval request `{id}` is {state}; only pending requests can be decided")]
    NotPending {
        /// The id.
        id: String,
        /// Its state.
        state: &'static str,
    },
    /// The store failed.
    #[error("store: {0}")]
    Store(String),
}

/// Store a new request and index it by its call.
pub async fn create(store: &moat_store::Store, req: &Approval) -> Result<(), String> {
    let v = serde_json::to_value(req).map_err(|e| e.to_string())?;
    store
        .kv_compare_and_put(NS, &req.id, &v, None, None)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("approval id collision")?;
    store
        .kv_put(NS_BINDING, &req.binding.key(), &json!(req.id))
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// A request and its record version.
pub async fn get(store: &moat_store::Store, id: &str) -> Result<Option<(Approval, i64)>, String> {
    if !approval::valid_id(id) {
        return Ok(None);
    }
    let Some(e) = store.kv_get(NS, id).await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let r: Approval = serde_json::from_value(e.value).map_err(|e| e.to_string())?;
    Ok(Some((r, e.version)))
}

/// The latest request for exactly this call.
pub async fn for_binding(
    store: &moat_store::Store,
    b: &Binding,
) -> Result<Option<(Approval, i64)>, String> {
    let Some(e) = store
        .kv_get(NS_BINDING, &b.key())
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let Some(id) = e.value.as_str() else {
        return Ok(None);
    };
    match get(store, id).await? {
        // The index is only a hint: the record itself must bind the same call.
        Some((r, v)) if r.covers(b) => Ok(Some((r, v))),
        _ => Ok(None),
    }
}

/// Requests, newest first, optionally in one effective state.
pub async fn list(
    store: &moat_store::Store,
    state: Option<AState>,
) -> Result<Vec<Approval>, String> {
    let rows = store
        .kv_list(NS, "apr_", 10_000)
        .await
        .map_err(|e| e.to_string())?;
    let t = now();
    let mut out: Vec<Approval> = rows
        .into_iter()
        .filter_map(|r| serde_json::from_value::<Approval>(r.value).ok())
        .filter(|r| state.is_none_or(|s| r.effective_state(t) == s))
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.created));
    Ok(out)
}

async fn update(store: &moat_store::Store, r: &Approval, version: i64) -> Result<bool, String> {
    let v = serde_json::to_value(r).map_err(|e| e.to_string())?;
    Ok(store
        .kv_compare_and_put(NS, &r.id, &v, Some(version), None)
        .await
        .map_err(|e| e.to_string())?
        .is_some())
}

/// Approve or deny a pending request.
pub async fn decide(
    store: &moat_store::Store,
    id: &str,
    approve: bool,
    by: &str,
    note: Option<String>,
) -> Result<Approval, DecideError> {
    for _ in 0..5 {
        let (mut r, ver) = get(store, id)
            .await
            .map_err(DecideError::Store)?
            .ok_or_else(|| DecideError::NotFound(id.to_owned()))?;
        let st = r.effective_state(now());
        if st != AState::Pending {
            return Err(DecideError::NotPending {
                id: id.to_owned(),
                state: st.as_str(),
            });
        }
        r.state = if approve {
            AState::Approved
        } else {
            AState::Denied
        };
        r.decided_by = Some(by.chars().take(128).collect());
        r.decided_at = Some(now());
        r.note = note.clone().map(|n| n.chars().take(1000).collect());
        if update(store, &r, ver).await.map_err(DecideError::Store)? {
            return Ok(r);
        }
    }
    Err(DecideError::Store(
        "the request kept changing; try again".into(),
    ))
}

/// Mark an approved request executed: true for exactly one caller.
pub async fn consume(store: &moat_store::Store, id: &str) -> Result<bool, String> {
    // The compare-and-put makes Approved -> Executed happen once. It can also lose to a write
    // that leaves the request approved (the watcher marking it audited): then read again.
    for _ in 0..16 {
        let Some((mut r, ver)) = get(store, id).await? else {
            return Ok(false);
        };
        if r.effective_state(now()) != AState::Approved {
            return Ok(false);
        }
        r.state = AState::Executed;
        if update(store, &r, ver).await? {
            return Ok(true);
        }
    }
    Err(format!("approval `{id}` kept changing while being used"))
}

/// An audit event for one step of an approval.
pub fn audit_event(r: &Approval, step: &str, actor: Option<&str>) -> AuditEvent {
    let mut extra = BTreeMap::new();
    extra.insert("approval_id".to_owned(), r.id.clone());
    extra.insert("approval_reason".to_owned(), r.reason.clone());
    extra.insert("args_sha256".to_owned(), r.binding.args_sha256.clone());
    extra.insert(
        "policy_version".to_owned(),
        r.binding.policy_version.clone(),
    );
    if let Some(a) = actor {
        extra.insert("approver".to_owned(), a.to_owned());
    }
    AuditEvent {
        time: now_rfc3339(),
        request_id: r.request_id.clone(),
        method: "MCP".into(),
        path: format!("/mcp/{}", r.binding.server),
        status: 200,
        outcome: format!("approval_{step}"),
        reason: Some(r.id.clone()),
        principal: Some(r.binding.principal.clone()),
        principal_kind: Some("agent".into()),
        surface: Some("mcp.approval".into()),
        model: Some(r.binding.tool.clone()),
        route: Some(format!("mcp/{}", r.binding.server)),
        upstream: Some(r.binding.server.clone()),
        extra,
        ..AuditEvent::default()
    }
}

/// Background task: audit decisions and expiries made anywhere (CLI, HTTP API, other
/// instances) and tool pins exactly once, notify waiting calls, and forget finished requests after a week.
pub async fn watch(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(store) = app.store().cloned() else {
            return;
        };
        if let Err(e) = super::catalogue::audit_pins(&app, &store).await {
            tracing::warn!(error = %e, "could not audit tool pins; will retry");
        }
        let Ok(rows) = store.kv_list(NS, "apr_", 10_000).await else {
            continue;
        };
        let t = now();
        let mut woke = false;
        for row in rows {
            let Ok(mut r) = serde_json::from_value::<Approval>(row.value) else {
                continue;
            };
            let st = r.effective_state(t);
            let steps: &[AState] = match st {
                AState::Pending => &[],
                AState::Approved => &[AState::Approved],
                AState::Executed => &[AState::Approved, AState::Executed],
                AState::Denied => &[AState::Denied],
                AState::Expired => &[AState::Expired],
            };
            let missing: Vec<AState> = steps
                .iter()
                .copied()
                .filter(|s| !r.audited.contains(s))
                .collect();
            if missing.is_empty() {
                if st != AState::Pending
                    && t - r.decided_at.unwrap_or(r.expires).max(r.expires) > 7 * 86_400
                {
                    let _ = store.kv_delete(NS, &r.id).await;
                    let _ = store.kv_delete(NS_BINDING, &r.binding.key()).await;
                }
                continue;
            }
            r.audited.extend(missing.iter().copied());
            if st == AState::Expired {
                r.state = AState::Expired;
            }
            if let Ok(true) = update(&store, &r, row.version).await {
                for s in missing {
                    let actor = match s {
                        AState::Approved | AState::Denied => r.decided_by.as_deref(),
                        _ => None,
                    };
                    app.emit(audit_event(&r, s.as_str(), actor));
                }
                woke = true;
            }
        }
        if woke {
            app.mcp.decided.notify_waiters();
        }
    }
}

/// Tell the configured webhooks about a new request (in the background, with retries; a
/// failing webhook never blocks or fails the call).
pub fn notify(app: &App, hooks: &[Webhook], r: &Approval, base: &str) {
    for h in hooks {
        let body = match h.format {
            WebhookFormat::Json => json!({
                "event": "approval.requested",
                "approval": r,
                "links": {
                    "show": format!("{base}/v1/approvals/{}", r.id),
                    "approve": format!("{base}/v1/approvals/{}/approve", r.id),
                    "deny": format!("{base}/v1/approvals/{}/deny", r.id),
                },
                "cli": format!("moat approvals approve {}", r.id),
            }),
            WebhookFormat::Slack => {
                let text = format!(
                    "Approval needed: `{}` wants to call `{}` on MCP server `{}` ({}). Approve with `moat approvals approve {}` or deny with `moat approvals deny {}`. Expires <!date^{}^{{date_short_pretty}} {{time}}|soon>.",
                    r.binding.principal,
                    r.binding.tool,
                    r.binding.server,
                    r.reason,
                    r.id,
                    r.id,
                    r.expires
                );
                json!({
                    "text": text,
                    "blocks": [
                        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
                        {"type": "context", "elements": [{"type": "mrkdwn", "text": format!("id `{}` · arguments sha256 `{}`", r.id, &r.binding.args_sha256[..16.min(r.binding.args_sha256.len())])}]}
                    ]
                })
            }
        };
        let client = app.client.clone();
        let hook = h.clone();
        tokio::spawn(async move {
            for attempt in 0..3u32 {
                let mut rb = client
                    .post(&hook.url)
                    .timeout(Duration::from_secs(10))
                    .json(&body);
                for (k, v) in &hook.headers {
                    rb = rb.header(k, v);
                }
                match rb.send().await {
                    Ok(resp) if resp.status().is_success() => return,
                    Ok(resp) => {
                        tracing::warn!(status = %resp.status(), attempt, "approval webhook refused")
                    }
                    Err(e) => tracing::warn!(error = %e, attempt, "approval webhook failed"),
                }
                tokio::time::sleep(Duration::from_millis(500 << attempt)).await;
            }
        });
    }
}

fn api_error(status: StatusCode, code: &str, msg: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": {"code": code, "message": msg}})),
    )
        .into_response()
}

/// Authenticate an approver: a credential carrying the `approvals` scope.
async fn approver(
    app: &App,
    headers: &axum::http::HeaderMap,
) -> Result<moat_core::Identity, Response> {
    let rt = app.runtime();
    let id = rt
        .authenticator()
        .authenticate_with_store(headers)
        .await
        .map_err(|e| e.to_response(crate::error::ApiFormat::OpenAi))?;
    if !id.scopes.iter().any(|s| s == SCOPE) {
        return Err(api_error(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "deciding approvals needs a credential with the `approvals` scope",
        ));
    }
    Ok(id)
}

fn store_or_503(app: &App) -> Result<moat_store::Store, Response> {
    app.store().cloned().ok_or_else(|| {
        api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "no_store",
            "approvals live in the store; configure `audit: { store: ... }`",
        )
    })
}

/// `GET /v1/approvals[?state=pending]`.
pub async fn api_list(
    State(app): State<App>,
    Query(q): Query<BTreeMap<String, String>>,
    req: Request,
) -> Response {
    if let Err(r) = approver(&app, req.headers()).await {
        return r;
    }
    let store = match store_or_503(&app) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let state = match q.get("state").map(String::as_str) {
        None | Some("all") => None,
        Some(s) => match serde_json::from_value::<AState>(json!(s)) {
            Ok(s) => Some(s),
            Err(_) => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_state",
                    "state is one of pending, approved, denied, expired, executed, all",
                );
            }
        },
    };
    match list(&store, state).await {
        Ok(v) => axum::Json(json!({"data": v})).into_response(),
        Err(e) => api_error(StatusCode::SERVICE_UNAVAILABLE, "store_error", &e),
    }
}

/// `GET /v1/approvals/{id}`.
pub async fn api_show(State(app): State<App>, Path(id): Path<String>, req: Request) -> Response {
    if let Err(r) = approver(&app, req.headers()).await {
        return r;
    }
    let store = match store_or_503(&app) {
        Ok(s) => s,
        Err(r) => return r,
    };
    match get(&store, &id).await {
        Ok(Some((r, _))) => {
            let st = r.effective_state(now());
            let mut v = serde_json::to_value(&r).unwrap_or_default();
            v["state"] = json!(st.as_str());
            axum::Json(v).into_response()
        }
        Ok(None) => api_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such approval request",
        ),
        Err(e) => api_error(StatusCode::SERVICE_UNAVAILABLE, "store_error", &e),
    }
}

async fn api_decide(app: App, id: String, req: Request, approve: bool) -> Response {
    let who = match approver(&app, req.headers()).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let store = match store_or_503(&app) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let body = axum::body::to_bytes(req.into_body(), 16 * 1024).await;
    let note = match body {
        Ok(b) if b.is_empty() => None,
        Ok(b) => match serde_json::from_slice::<Value>(&b) {
            Ok(v) => v.get("note").and_then(Value::as_str).map(str::to_owned),
            Err(e) => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_json",
                    &format!("body: {e}"),
                );
            }
        },
        Err(_) => {
            return api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "body over 16 KiB",
            );
        }
    };
    let by = format!(
        "{}:{}",
        if who.kind == moat_core::PrincipalKind::User {
            "user"
        } else {
            "agent"
        },
        who.id
    );
    if approve
        && who.id
            == get(&store, &id)
                .await
                .ok()
                .flatten()
                .map(|(r, _)| r.binding.principal)
                .unwrap_or_default()
    {
        return api_error(
            StatusCode::FORBIDDEN,
            "self_approval",
            "a principal cannot approve its own call",
        );
    }
    match decide(&store, &id, approve, &by, note).await {
        Ok(r) => {
            app.mcp.decided.notify_waiters();
            axum::Json(serde_json::to_value(&r).unwrap_or_default()).into_response()
        }
        Err(DecideError::NotFound(_)) => api_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such approval request",
        ),
        Err(e @ DecideError::NotPending { .. }) => {
            api_error(StatusCode::CONFLICT, "not_pending", &e.to_string())
        }
        Err(e) => api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "store_error",
            &e.to_string(),
        ),
    }
}

/// `POST /v1/approvals/{id}/approve`.
pub async fn api_approve(State(app): State<App>, Path(id): Path<String>, req: Request) -> Response {
    api_decide(app, id, req, true).await
}

/// `POST /v1/approvals/{id}/deny`.
pub async fn api_deny(State(app): State<App>, Path(id): Path<String>, req: Request) -> Response {
    api_decide(app, id, req, false).await
}
