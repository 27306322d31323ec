//! The tool catalogue: what each server offers, each tool's pin status, and the store records
//! behind `moat mcp tools` and `moat mcp approve`.
//!
//! Store namespaces: `mcp.pins` (`{server}/{tool}` -> [`Pin`]) and `mcp.seen` (`{server}/{tool}`
//! -> [`Seen`], the definition last listed, with its status and poisoning findings).

use std::collections::HashMap;
use std::sync::Mutex;

use moat_guard::Engine;
use moat_mcp::pin::{self, Facts, Pin, Status};
use moat_mcp::poison::{self, PoisonFinding};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::McpServer;

/// Pins.
pub const NS_PINS: &str = "mcp.pins";
/// Last-seen definitions.
pub const NS_SEEN: &str = "mcp.seen";
/// Most tools read from one listing.
pub const MAX_TOOLS: usize = 2000;

/// A tool as last listed by its server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// Server.
    pub server: String,
    /// Tool name.
    pub tool: String,
    /// [`pin::tool_hash`] of the definition.
    pub hash: String,
    /// The decision (`pinned`, `pinned_now`, `new`, `changed`, `shadowing`, `poisoned`).
    pub status: String,
    /// For `shadowing`: the other server.
    #[serde(default)]
    pub other_server: Option<String>,
    /// Poisoning findings.
    pub findings: Vec<PoisonFinding>,
    /// The definition (name, description, schemas), for review before approval.
    pub definition: Value,
    /// RFC 3339 time it was listed.
    pub at: String,
}

impl Seen {
    /// Offered and callable.
    pub fn allowed(&self) -> bool {
        matches!(self.status.as_str(), "pinned" | "pinned_now")
    }
}

/// In-memory view of the last listing per server.
#[derive(Debug, Default)]
pub struct Catalogue {
    seen: Mutex<HashMap<String, HashMap<String, Seen>>>,
}

/// A store problem, as a message.
pub type StoreResult<T> = Result<T, String>;

fn key(server: &str, tool: &str) -> String {
    format!("{server}/{tool}")
}

/// All pins of all servers: (server, tool) -> pin.
pub async fn all_pins(store: &moat_store::Store) -> StoreResult<HashMap<(String, String), Pin>> {
    let rows = store
        .kv_list(NS_PINS, "", 100_000)
        .await
        .map_err(|e| e.to_string())?;
    let mut out = HashMap::new();
    for r in rows {
        if let Some((s, t)) = r.key.split_once('/')
            && let Ok(p) = serde_json::from_value::<Pin>(r.value)
        {
            out.insert((s.to_owned(), t.to_owned()), p);
        }
    }
    Ok(out)
}

/// Write one audit event per pin not yet audited (operator approvals made with `moat mcp
/// approve` from anywhere, and pins on first use), exactly once: the pin is marked with a
/// compare-and-put, and only the instance whose mark lands emits the event.
pub async fn audit_pins(app: &crate::server::App, store: &moat_store::Store) -> StoreResult<()> {
    let rows = store
        .kv_list(NS_PINS, "", 100_000)
        .await
        .map_err(|e| e.to_string())?;
    for r in rows {
        let Ok(mut p) = serde_json::from_value::<Pin>(r.value) else {
            continue;
        };
        if p.audited {
            continue;
        }
        let Some((server, tool)) = r.key.split_once('/') else {
            continue;
        };
        p.audited = true;
        let marked = store
            .kv_compare_and_put(
                NS_PINS,
                &r.key,
                &serde_json::to_value(&p).unwrap_or_default(),
                Some(r.version),
                None,
            )
            .await
            .map_err(|e| e.to_string())?;
        if marked.is_some() {
            app.emit(pin_event(server, tool, &p));
        }
    }
    Ok(())
}

fn pin_event(server: &str, tool: &str, p: &Pin) -> crate::audit::AuditEvent {
    let mut extra = std::collections::BTreeMap::new();
    extra.insert("tool_hash".to_owned(), p.hash.clone());
    extra.insert("pinned_at".to_owned(), p.at.clone());
    let first_use = p.is_first_use();
    if !first_use {
        extra.insert("approver".to_owned(), p.approved_by.clone());
    }
    crate::audit::AuditEvent {
        time: crate::audit::now_rfc3339(),
        request_id: format!(
            "pin-{server}-{tool}-{}",
            p.hash.get(..16).unwrap_or(&p.hash)
        ),
        method: "MCP".into(),
        path: format!("/mcp/{server}"),
        status: 200,
        outcome: if first_use {
            "tool_pinned_first_use".into()
        } else {
            "tool_pinned".into()
        },
        principal: Some(p.approved_by.clone()),
        principal_kind: Some(if first_use { "system" } else { "user" }.into()),
        surface: Some("mcp.pin".into()),
        model: Some(tool.to_owned()),
        route: Some(format!("mcp/{server}")),
        upstream: Some(server.to_owned()),
        extra,
        ..crate::audit::AuditEvent::default()
    }
}

/// Pin `tool` of `server` at `hash` (an operator's approval).
pub async fn approve(
    store: &moat_store::Store,
    server: &str,
    tool: &str,
    by: &str,
) -> StoreResult<Seen> {
    let seen = store
        .kv_get(NS_SEEN, &key(server, tool))
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "tool `{tool}` of server `{server}` has not been listed yet; nothing to approve"
            )
        })?;
    let mut s: Seen = serde_json::from_value(seen.value).map_err(|e| e.to_string())?;
    let p = Pin {
        hash: s.hash.clone(),
        approved_by: by.to_owned(),
        at: crate::audit::now_rfc3339(),
        audited: false,
    };
    store
        .kv_put(
            NS_PINS,
            &key(server, tool),
            &serde_json::to_value(&p).unwrap_or_default(),
        )
        .await
        .map_err(|e| e.to_string())?;
    s.status = "pinned".into();
    store
        .kv_put(
            NS_SEEN,
            &key(server, tool),
            &serde_json::to_value(&s).unwrap_or_default(),
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(s)
}

/// Every tool last listed (optionally of one server), by server and name.
pub async fn list_seen(store: &moat_store::Store, server: Option<&str>) -> StoreResult<Vec<Seen>> {
    let prefix = server.map(|s| format!("{s}/")).unwrap_or_default();
    let rows = store
        .kv_list(NS_SEEN, &prefix, 100_000)
        .await
        .map_err(|e| e.to_string())?;
    Ok(rows
        .into_iter()
        .filter_map(|r| serde_json::from_value(r.value).ok())
        .collect())
}

impl Catalogue {
    /// The last listing's decision on one tool, if it was listed since start-up.
    pub fn get(&self, server: &str, tool: &str) -> Option<Seen> {
        self.seen
            .lock()
            .ok()
            .and_then(|m| m.get(server).and_then(|t| t.get(tool)).cloned())
    }

    /// Forget what was listed for `server` (a `tools/list_changed` notification).
    pub fn invalidate(&self, server: &str) {
        if let Ok(mut m) = self.seen.lock() {
            m.remove(server);
        }
    }

    /// Decide on every tool of one listing page, record pins made on first use and what was
    /// seen, and return the decisions in listing order. Tools without a string name are
    /// dropped (returned as `None`).
    pub async fn review(
        &self,
        store: &moat_store::Store,
        engine: Option<&Engine>,
        srv: &McpServer,
        tools: &[Value],
    ) -> StoreResult<Vec<Option<Seen>>> {
        let pins = all_pins(store).await?;
        let server = srv.name.as_str();
        let server_unpinned = !pins.keys().any(|(s, _)| s == server);
        // Names other servers offer: pinned, or seen since start-up.
        let mut others: HashMap<String, String> = HashMap::new();
        for (s, t) in pins.keys() {
            if s != server {
                others.insert(t.clone(), s.clone());
            }
        }
        if let Ok(m) = self.seen.lock() {
            for (s, tools) in m.iter() {
                if s != server {
                    for t in tools.keys() {
                        others.insert(t.clone(), s.clone());
                    }
                }
            }
        }
        let other_names: Vec<&str> = others.keys().map(String::as_str).collect();
        let now = crate::audit::now_rfc3339();
        let mut out = Vec::with_capacity(tools.len());
        for tool in tools.iter().take(MAX_TOOLS) {
            let Some(name) = tool
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty() && n.len() <= 256)
            else {
                out.push(None);
                continue;
            };
            let hash = pin::tool_hash(tool);
            let scan = if srv.scan_descriptions {
                poison::scan_tool(engine, tool, &other_names)
            } else {
                poison::ToolScan {
                    findings: Vec::new(),
                    injection_score: 0.0,
                }
            };
            let pin = pins.get(&(server.to_owned(), name.to_owned()));
            let shadows = others.get(name).map(String::as_str);
            let status = if srv.pinning {
                pin::decide(Facts {
                    hash: &hash,
                    pin,
                    server_unpinned,
                    shadows,
                    poisoned: scan.poisoned(),
                })
            } else if scan.poisoned() && !pin.is_some_and(|p| p.hash == hash && !p.is_first_use()) {
                Status::Poisoned
            } else {
                Status::Pinned
            };
            if status == Status::PinnedNow {
                let p = Pin {
                    hash: hash.clone(),
                    approved_by: pin::FIRST_USE.into(),
                    at: now.clone(),
                    audited: false,
                };
                store
                    .kv_compare_and_put(
                        NS_PINS,
                        &key(server, name),
                        &serde_json::to_value(&p).unwrap_or_default(),
                        None,
                        None,
                    )
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let other_server = match &status {
                Status::Shadowing { other_server } => Some(other_server.clone()),
                _ => None,
            };
            let seen = Seen {
                server: server.to_owned(),
                tool: name.to_owned(),
                hash,
                status: status.code().to_owned(),
                other_server,
                findings: scan.findings,
                definition: tool.clone(),
                at: now.clone(),
            };
            let changed = self
                .get(server, name)
                .is_none_or(|old| old.hash != seen.hash || old.status != seen.status);
            if changed {
                store
                    .kv_put(
                        NS_SEEN,
                        &key(server, name),
                        &serde_json::to_value(&seen).unwrap_or_default(),
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                if !seen.allowed() {
                    tracing::warn!(server, tool = name, status = %seen.status, "MCP tool held until approved (`moat mcp approve {server} {name}`)");
                }
            }
            if let Ok(mut m) = self.seen.lock() {
                m.entry(server.to_owned())
                    .or_default()
                    .insert(name.to_owned(), seen.clone());
            }
            out.push(Some(seen));
        }
        Ok(out)
    }
}
