//! The guard pipeline: runs the guard engine on each text of a request or response according to
//! the route's policy, applies the actions (mask, redact, hash, pseudonymise, block, alert), and
//! keeps a summary for the audit event. Plain functions, no HTTP.

pub mod measure;
pub mod redact;
pub mod stream;

use std::collections::BTreeMap;

use moat_core::{Action, TextKind};
use moat_guard::{Engine, Report};
use serde::Serialize;

use crate::config::{GuardPolicy, SurfacePolicy};
use crate::error::{ErrorKind, GatewayError};
use crate::provider::TextRole;
pub use redact::Redactor;

/// The action recorded when token log-probabilities are removed from a checked response.
pub const DROP_LOGPROBS: &str = "drop_logprobs";

/// On a route whose responses are checked, remove token log-probabilities from a response body
/// or stream event (they spell the output out again, past the masks; decision 0303). True when
/// some were removed: the caller records [`DROP_LOGPROBS`].
pub fn drop_logprobs(
    policy: &GuardPolicy,
    surface: crate::provider::Surface,
    v: &mut serde_json::Value,
) -> bool {
    surface_policy(policy, TextRole::Response).check && crate::provider::strip_logprobs(surface, v)
}

/// One replacement to make in a text: byte range and new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Replacement.
    pub with: String,
}

/// What the guards did, for the audit event and metrics. Holds no text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GuardSummary {
    /// Texts checked.
    pub checked: u32,
    /// Highest injection score seen, by surface.
    pub injection_max: BTreeMap<String, f32>,
    /// Findings by entity type.
    pub findings: BTreeMap<String, u32>,
    /// Actions taken, by action name.
    pub actions: BTreeMap<String, u32>,
    /// Alerts raised (reason codes).
    pub alerts: Vec<String>,
    /// Reason code of a block, if any.
    pub blocked: Option<String>,
    /// The guard failed and the request was let through unchecked (fail-open policy).
    pub fail_open: bool,
    /// Sensitivity labels seen.
    pub labels: Vec<String>,
}

impl GuardSummary {
    pub(crate) fn bump(map: &mut BTreeMap<String, u32>, k: &str) {
        *map.entry(k.to_owned()).or_default() += 1;
    }

    /// The worst verdict, for metrics: `block`, `redact`, `alert` or `allow`.
    pub fn verdict(&self) -> &'static str {
        if self.blocked.is_some() {
            "block"
        } else if self
            .actions
            .keys()
            .any(|a| !matches!(a.as_str(), "alert" | "allow"))
        {
            "redact"
        } else if !self.alerts.is_empty() {
            "alert"
        } else {
            "allow"
        }
    }
}

/// The policy for a role.
pub fn surface_policy(policy: &GuardPolicy, role: TextRole) -> &SurfacePolicy {
    match role {
        TextRole::Prompt => &policy.prompts,
        TextRole::System => &policy.system,
        TextRole::ToolResult => &policy.tool_results,
        TextRole::ToolCall => &policy.tool_calls,
        TextRole::Response => &policy.responses,
    }
}

fn role_name(role: TextRole) -> &'static str {
    match role {
        TextRole::Prompt => "prompts",
        TextRole::System => "system",
        TextRole::ToolResult => "tool_results",
        TextRole::ToolCall => "tool_calls",
        TextRole::Response => "responses",
    }
}

fn kind_for(role: TextRole) -> TextKind {
    match role {
        // Retrieved content and tool output should carry data, never instructions.
        TextRole::ToolResult => TextKind::Document,
        _ => TextKind::Prompt,
    }
}

/// Whether the request side is replacing values with restorable placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Request texts going to the upstream.
    Request,
    /// Response texts going to the client.
    Response,
}

/// Decide what to do with one engine report: the replacements to make, or a block.
#[expect(
    clippy::too_many_arguments,
    reason = "the policy context of one decision, passed by reference"
)]
pub fn decide(
    report: &Report,
    text: &str,
    role: TextRole,
    sp: &SurfacePolicy,
    policy: &GuardPolicy,
    side: Side,
    redactor: &mut Redactor,
    summary: &mut GuardSummary,
) -> Result<Vec<Replace>, GatewayError> {
    let surface = role_name(role);
    let score = summary
        .injection_max
        .entry(surface.to_owned())
        .or_insert(0.0);
    if report.injection.score > *score {
        *score = report.injection.score;
    }
    if report.injection.detected {
        match sp.injection {
            Action::Block => {
                let code = if role == TextRole::ToolResult {
                    "guard_indirect_injection"
                } else {
                    "guard_injection"
                };
                summary.blocked = Some(code.to_owned());
                return Err(GatewayError::new(
                    ErrorKind::GuardBlocked,
                    code,
                    format!("blocked by Moat: prompt injection detected in {surface}"),
                ));
            }
            Action::Alert => summary.alerts.push(format!("injection:{surface}")),
            _ => {}
        }
    }
    let mut reps: Vec<Replace> = Vec::new();
    let mut findings: Vec<_> = report.findings.iter().collect();
    findings.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut last_end = 0usize;
    for f in findings {
        GuardSummary::bump(&mut summary.findings, &f.entity);
        if let Some(l) = &f.label
            && !summary.labels.contains(l)
        {
            summary.labels.push(l.clone());
        }
        let mut action = sp.dlp.unwrap_or(f.action);
        if policy.pseudonymize && side == Side::Request && action == Action::Mask {
            action = Action::Pseudonymize;
        }
        if side == Side::Response && action == Action::Pseudonymize {
            // Nothing to restore on the way out: values found in output are masked.
            action = Action::Mask;
        }
        GuardSummary::bump(&mut summary.actions, action.as_str());
        match action {
            Action::Allow => {}
            Action::Alert => summary.alerts.push(format!("dlp:{}", f.entity)),
            Action::Block => {
                summary.blocked = Some("guard_sensitive_data".into());
                return Err(GatewayError::new(
                    ErrorKind::GuardBlocked,
                    "guard_sensitive_data",
                    format!(
                        "blocked by Moat: sensitive data ({}) in {surface}",
                        f.entity
                    ),
                ));
            }
            Action::Mask | Action::Redact | Action::Hash | Action::Pseudonymize => {
                let (s, e) = (f.span.start, f.span.end);
                if s < last_end
                    || e > text.len()
                    || !text.is_char_boundary(s)
                    || !text.is_char_boundary(e)
                    || s >= e
                {
                    // Overlapping or out-of-range finding: the earlier one already covers it.
                    continue;
                }
                let with = redactor.replacement(&f.entity, &text[s..e], action);
                reps.push(Replace {
                    start: s,
                    end: e,
                    with,
                });
                last_end = e;
            }
        }
    }
    Ok(reps)
}

/// Apply sorted, non-overlapping replacements.
pub fn apply(text: &str, reps: &[Replace]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in reps {
        out.push_str(&text[at..r.start]);
        out.push_str(&r.with);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Run the engine, turning a panic inside it into an error (fail mode decides what follows).
pub fn run_engine(engine: &Engine, text: &str, kind: TextKind) -> Result<Report, GatewayError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.check(text, kind))).map_err(
        |_| {
            GatewayError::new(
                ErrorKind::GuardFailed,
                "guard_failed",
                "the guard engine failed",
            )
        },
    )
}

/// Guard one whole text in place.
pub fn guard_text(
    engine: &Engine,
    policy: &GuardPolicy,
    side: Side,
    role: TextRole,
    text: &mut String,
    redactor: &mut Redactor,
    summary: &mut GuardSummary,
) -> Result<(), GatewayError> {
    let sp = surface_policy(policy, role);
    if !sp.check || text.is_empty() {
        if side == Side::Response {
            *text = redactor.restore(text);
        }
        return Ok(());
    }
    summary.checked += 1;
    let report = match run_engine(engine, text, kind_for(role)) {
        Ok(r) => r,
        Err(e) => return fail(policy, summary, e),
    };
    let reps = decide(&report, text, role, sp, policy, side, redactor, summary)?;
    let mut out = if reps.is_empty() {
        std::mem::take(text)
    } else {
        apply(text, &reps)
    };
    // Placeholders are restored only after the upstream's text has been checked, so the
    // client's own values are not flagged on the way back.
    if side == Side::Response {
        out = redactor.restore(&out);
    }
    *text = out;
    Ok(())
}

/// Apply the fail mode to a guard failure.
pub fn fail(
    policy: &GuardPolicy,
    summary: &mut GuardSummary,
    e: GatewayError,
) -> Result<(), GatewayError> {
    match policy.fail_mode {
        crate::config::FailMode::Open => {
            tracing::warn!(error = %e, "guard failed; forwarding unchecked (fail-open)");
            summary.fail_open = true;
            Ok(())
        }
        crate::config::FailMode::Closed => {
            summary.blocked = Some("guard_failed".into());
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests;
