//! OCSF export: each event as an OCSF 1.3.0 "API Activity" event (class_uid 6003, category
//! 6 Application Activity), with the `security_control` profile for the decision.

use serde_json::{Value, json};

use crate::StoredEvent;

/// OCSF schema version the export follows.
pub const OCSF_VERSION: &str = "1.3.0";
/// OCSF class: API Activity.
pub const OCSF_CLASS_UID: u32 = 6003;

/// The event as an OCSF API Activity object (absent values are left out, not null).
pub fn to_ocsf(s: &StoredEvent) -> Value {
    let mut v = build(s);
    strip_nulls(&mut v);
    v
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(strip_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

fn build(s: &StoredEvent) -> Value {
    let e = &s.event;
    // Moat decides on requests; the CRUD nature of the upstream call is unknown: Other.
    let activity_id = 99;
    let denied = matches!(
        e.action.as_str(),
        "block" | "deny" | "rate_limited" | "error"
    );
    let (severity_id, severity) = match e.action.as_str() {
        "allow" => (1, "Informational"),
        "block" | "deny" => (3, "Medium"),
        "error" => (4, "High"),
        _ => (2, "Low"),
    };
    let disposition_id = match e.action.as_str() {
        "allow" => 1,
        "block" | "deny" | "rate_limited" => 2,
        "alert" => 1,
        "mask" | "redact" | "hash" | "pseudonymize" => 11, // Corrected
        "error" => 99,
        _ => 99,
    };
    let time_ms = e.time.unix_timestamp_nanos() / 1_000_000;
    let mut resources = Vec::new();
    if let Some(m) = &e.model {
        resources.push(json!({"name": m, "type": "model"}));
    }
    if let Some(t) = &e.tool {
        resources.push(json!({"name": t, "type": "tool"}));
    }
    let actor = match &e.actor {
        Some(a) => json!({"user": {
            "uid": a.id,
            "name": a.id,
            "type": match a.kind { moat_core::PrincipalKind::User => "User", moat_core::PrincipalKind::Agent => "Other" },
            "type_id": match a.kind { moat_core::PrincipalKind::User => 1, moat_core::PrincipalKind::Agent => 99 },
            "credential_uid": a.credential_id,
        }}),
        None => json!({"user": {"type": "Unknown", "type_id": 0}}),
    };
    let mut src = serde_json::Map::new();
    if let Some(ip) = &e.client_ip {
        src.insert("ip".into(), json!(ip));
    }
    let findings: Vec<Value> = e
        .findings
        .iter()
        .map(|f| json!({"type": f.kind, "count": f.count}))
        .collect();
    json!({
        "class_uid": OCSF_CLASS_UID,
        "class_name": "API Activity",
        "category_uid": 6,
        "category_name": "Application Activity",
        "activity_id": activity_id,
        "activity_name": "Other",
        "type_uid": OCSF_CLASS_UID * 100 + activity_id,
        "type_name": "API Activity: Other",
        "time": time_ms,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": if denied { 2 } else { 1 },
        "status": if denied { "Failure" } else { "Success" },
        "action_id": if denied { 2 } else { 1 },
        "action": if denied { "Denied" } else { "Allowed" },
        "disposition_id": disposition_id,
        "message": format!("{} {} on route {}", e.action, e.model.as_deref().or(e.tool.as_deref()).unwrap_or("request"), e.route),
        "metadata": {
            "version": OCSF_VERSION,
            "profiles": ["security_control"],
            "product": {"name": "Moat", "vendor_name": "Moat", "version": env!("CARGO_PKG_VERSION")},
            "uid": format!("{}:{}", s.instance, s.seq),
            "correlation_uid": e.request_id,
            "log_name": "moat-audit",
            "original_time": e.time.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        },
        "actor": actor,
        "api": {
            "operation": e.route,
            "request": {"uid": e.request_id},
            "response": e.upstream_status.map(|c| json!({"code": c})),
            "version": e.policy_version,
        },
        "src_endpoint": Value::Object(src),
        "http_response": e.upstream_status.map(|c| json!({"code": c})),
        "resources": resources,
        "duration": e.latency_us / 1000,
        "unmapped": {
            "moat_action": e.action,
            "findings": findings,
            "scores": e.scores,
            "usage": e.usage,
            "latency_us": e.latency_us,
            "policy_version": e.policy_version,
            "prompt_sha256": e.prompt.as_ref().map(|c| c.sha256),
            "response_sha256": e.response.as_ref().map(|c| c.sha256),
            "instance": s.instance,
            "seq": s.seq,
            "hash": s.hash,
            "prev_hash": s.prev_hash,
        },
    })
}
