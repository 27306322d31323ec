//! MCP authorization, resource-server side: Protected Resource Metadata (RFC 9728) for each
//! server, and the `WWW-Authenticate` challenges that point clients at it.
//!
//! Each server is its own protected resource, `{public_url}/mcp/{name}`. Moat-issued tokens
//! must name that resource as their audience (RFC 8707); API keys must carry an `mcp:` scope
//! for the server. Without `mcp.public_url`, the resource is derived from the request's `Host`
//! header (set `public_url` in production so audience checks do not depend on it).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::server::{App, Runtime};

/// Base URL of Moat as clients see it.
pub fn base_url(rt: &Runtime, headers: &HeaderMap) -> String {
    if let Some(u) = &rt.config.mcp.public_url {
        return u.clone();
    }
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                })
        })
        .map(str::to_owned)
        .unwrap_or_else(|| rt.config.listen.clone());
    format!("http://{host}")
}

/// The resource identifier of a server.
pub fn resource(rt: &Runtime, headers: &HeaderMap, server: &str) -> String {
    format!("{}/mcp/{server}", base_url(rt, headers))
}

/// Where a server's protected-resource metadata is.
pub fn metadata_url(rt: &Runtime, headers: &HeaderMap, server: &str) -> String {
    format!(
        "{}/.well-known/oauth-protected-resource/mcp/{server}",
        base_url(rt, headers)
    )
}

/// The scope that grants a whole server.
pub fn server_scope(server: &str) -> String {
    format!("mcp:{server}")
}

/// A `WWW-Authenticate` value: `error` is `invalid_token` or `insufficient_scope` (or none for a
/// missing credential).
pub fn challenge(metadata: &str, scope: &str, error: Option<&str>) -> String {
    let mut v = format!("Bearer resource_metadata=\"{metadata}\", scope=\"{scope}\"");
    if let Some(e) = error {
        v.push_str(&format!(", error=\"{e}\""));
    }
    v
}

/// `GET /.well-known/oauth-protected-resource/mcp/{server}`.
pub async fn metadata(
    State(app): State<App>,
    Path(server): Path<String>,
    headers: HeaderMap,
) -> Response {
    let rt = app.runtime();
    if !rt.config.mcp.servers.contains_key(&server) {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": "unknown MCP server"})),
        )
            .into_response();
    }
    let base = base_url(&rt, &headers);
    let auth_servers = if rt.config.mcp.authorization_servers.is_empty() {
        vec![base.clone()]
    } else {
        rt.config.mcp.authorization_servers.clone()
    };
    axum::Json(json!({
        "resource": format!("{base}/mcp/{server}"),
        "authorization_servers": auth_servers,
        "scopes_supported": [server_scope(&server), format!("mcp:{server}/*")],
        "bearer_methods_supported": ["header"],
        "resource_name": format!("MCP server `{server}` behind Moat"),
    }))
    .into_response()
}
