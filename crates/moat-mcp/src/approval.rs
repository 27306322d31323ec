//! Human approval of tool calls: which calls need it ([`Rules`]) and the binding that ties one
//! approval to one exact call ([`Binding`], [`Request`]).
//!
//! An approval is bound to the caller's identity, the server, the tool, the SHA-256 of the
//! canonical arguments and the policy version, plus a random nonce and an expiry. Approving it
//! lets exactly that call through, once: the same tool with other arguments, another caller, or
//! the same call after the policy changed needs its own approval.

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `*` matches any run of characters; everything else matches itself.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// One argument condition, as written in configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArgumentRule {
    /// Tools it applies to (glob); default every tool.
    #[serde(default = "any_tool")]
    pub tool: String,
    /// JSON pointer into the arguments, e.g. `/to` or `/payment/amount`. An array there is
    /// checked element by element (any element triggers).
    pub path: String,
    /// Triggers when the value matches this regex.
    #[serde(default)]
    pub matching: Option<String>,
    /// Triggers when the value does NOT match this regex (e.g. recipients outside a domain).
    #[serde(default)]
    pub not_matching: Option<String>,
    /// Triggers when the value is a number (or numeric string) above this.
    #[serde(default)]
    pub greater_than: Option<f64>,
    /// Triggers when the value is a number below this.
    #[serde(default)]
    pub less_than: Option<f64>,
}

fn any_tool() -> String {
    "*".into()
}

/// The approval policy of one server, as written in configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Tools that always need approval (globs), e.g. `send_*`, `delete_*`.
    pub tools: Vec<String>,
    /// Argument conditions.
    pub arguments: Vec<ArgumentRule>,
    /// Calls whose arguments the guard engine scores at or above this injection score.
    pub risk_above: Option<f32>,
}

struct CompiledArg {
    rule: ArgumentRule,
    matching: Option<Regex>,
    not_matching: Option<Regex>,
}

/// Compiled approval rules.
pub struct Rules {
    tools: Vec<String>,
    args: Vec<CompiledArg>,
    risk_above: Option<f32>,
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rules")
            .field("tools", &self.tools)
            .finish_non_exhaustive()
    }
}

impl Rules {
    /// Compile, naming the rule that is wrong (`arguments[1].not_matching: ...`).
    pub fn new(c: &RulesConfig) -> Result<Rules, String> {
        let mut args = Vec::new();
        for (i, r) in c.arguments.iter().enumerate() {
            if !r.path.is_empty() && !r.path.starts_with('/') {
                return Err(format!(
                    "arguments[{i}].path: a JSON pointer starts with `/`"
                ));
            }
            let compile = |p: &Option<String>, f: &str| -> Result<Option<Regex>, String> {
                p.as_deref()
                    .map(|p| {
                        regex::RegexBuilder::new(p)
                            .size_limit(1 << 20)
                            .build()
                            .map_err(|e| format!("arguments[{i}].{f}: {e}"))
                    })
                    .transpose()
            };
            let c = CompiledArg {
                matching: compile(&r.matching, "matching")?,
                not_matching: compile(&r.not_matching, "not_matching")?,
                rule: r.clone(),
            };
            if c.matching.is_none()
                && c.not_matching.is_none()
                && r.greater_than.is_none()
                && r.less_than.is_none()
            {
                return Err(format!(
                    "arguments[{i}]: give one of matching, not_matching, greater_than, less_than"
                ));
            }
            args.push(c);
        }
        if let Some(r) = c.risk_above
            && !(0.0..=1.0).contains(&r)
        {
            return Err("risk_above: must be between 0 and 1".into());
        }
        Ok(Rules {
            tools: c.tools.clone(),
            args,
            risk_above: c.risk_above,
        })
    }

    /// No rule at all.
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty() && self.args.is_empty() && self.risk_above.is_none()
    }

    /// Why a call of `tool` with `args`, scored `risk` by the guard, needs approval; `None`
    /// when it does not.
    pub fn needs_approval(&self, tool: &str, args: &Value, risk: f32) -> Option<String> {
        if let Some(p) = self.tools.iter().find(|p| glob_match(p, tool)) {
            return Some(format!("tool matches `{p}`"));
        }
        for a in &self.args {
            if !glob_match(&a.rule.tool, tool) {
                continue;
            }
            let Some(v) = args.pointer(&a.rule.path) else {
                continue;
            };
            let values: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            for v in values {
                if let Some(why) = a.triggers(v) {
                    return Some(format!("argument `{}` {why}", a.rule.path));
                }
            }
        }
        if let Some(t) = self.risk_above
            && risk >= t
        {
            return Some(format!("guard risk {risk:.2} is at or above {t:.2}"));
        }
        None
    }
}

impl CompiledArg {
    fn triggers(&self, v: &Value) -> Option<String> {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => serde_json::to_string(v).unwrap_or_default(),
        };
        if let Some(r) = &self.matching
            && r.is_match(&text)
        {
            return Some(format!("matches `{}`", r.as_str()));
        }
        if let Some(r) = &self.not_matching
            && !r.is_match(&text)
        {
            return Some(format!("does not match `{}`", r.as_str()));
        }
        let num = v.as_f64().or_else(|| text.trim().parse::<f64>().ok());
        if let (Some(n), Some(g)) = (num, self.rule.greater_than)
            && n > g
        {
            return Some(format!("is above {g}"));
        }
        if let (Some(n), Some(l)) = (num, self.rule.less_than)
            && n < l
        {
            return Some(format!("is below {l}"));
        }
        // A number rule on something that is not a number is suspicious in itself.
        if num.is_none() && (self.rule.greater_than.is_some() || self.rule.less_than.is_some()) {
            return Some("is not a number".into());
        }
        None
    }
}

/// What an approval is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// The caller's principal id.
    pub principal: String,
    /// The server.
    pub server: String,
    /// The tool.
    pub tool: String,
    /// SHA-256 of the canonical arguments.
    pub args_sha256: String,
    /// Version of the policy that asked for approval.
    pub policy_version: String,
}

impl Binding {
    /// The binding of a call.
    pub fn new(principal: &str, server: &str, tool: &str, args: &Value, policy: &str) -> Binding {
        Binding {
            principal: principal.to_owned(),
            server: server.to_owned(),
            tool: tool.to_owned(),
            args_sha256: crate::canonical_sha256(args),
            policy_version: policy.to_owned(),
        }
    }

    /// A key identifying the call (same call, same key).
    pub fn key(&self) -> String {
        crate::canonical_sha256(&serde_json::to_value(self).unwrap_or(Value::Null))
    }
}

/// Where an approval request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Waiting for a decision.
    Pending,
    /// Approved; the call may run once.
    Approved,
    /// Denied.
    Denied,
    /// Nobody decided in time.
    Expired,
    /// The approved call ran.
    Executed,
}

impl State {
    /// Lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Approved => "approved",
            State::Denied => "denied",
            State::Expired => "expired",
            State::Executed => "executed",
        }
    }
}

/// One approval request, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// `apr_` and 24 hex characters.
    pub id: String,
    /// Random, per request: an approval for a past request is no approval for a new one.
    pub nonce: String,
    /// The call.
    pub binding: Binding,
    /// Why approval is needed.
    pub reason: String,
    /// The request id of the call that asked.
    pub request_id: String,
    /// Created (Unix seconds).
    pub created: i64,
    /// Expires (Unix seconds); a pending request past it is expired.
    pub expires: i64,
    /// Where it stands.
    pub state: State,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When (Unix seconds).
    pub decided_at: Option<i64>,
    /// The approver's note.
    pub note: Option<String>,
    /// The tool call's arguments with sensitive values masked, for the approver to read.
    pub arguments_preview: Value,
    /// States already written to the audit trail (each step is audited exactly once).
    #[serde(default)]
    pub audited: Vec<State>,
}

impl Request {
    /// A new pending request.
    pub fn new(
        binding: Binding,
        reason: String,
        request_id: &str,
        now: i64,
        ttl_secs: i64,
        preview: Value,
    ) -> Request {
        let id: [u8; 12] = rand::random();
        let nonce: [u8; 16] = rand::random();
        Request {
            id: format!("apr_{}", hex::encode(id)),
            nonce: hex::encode(nonce),
            binding,
            reason,
            request_id: request_id.to_owned(),
            created: now,
            expires: now + ttl_secs,
            state: State::Pending,
            decided_by: None,
            decided_at: None,
            note: None,
            arguments_preview: preview,
            audited: vec![State::Pending],
        }
    }

    /// The state as of `now` (a pending request past its expiry is expired).
    pub fn effective_state(&self, now: i64) -> State {
        if matches!(self.state, State::Pending | State::Approved) && now >= self.expires {
            State::Expired
        } else {
            self.state
        }
    }

    /// This approval lets exactly `call` through.
    pub fn covers(&self, call: &Binding) -> bool {
        self.binding == *call
    }
}

/// A valid approval id (`apr_` + 24 lowercase hex).
pub fn valid_id(id: &str) -> bool {
    id.strip_prefix("apr_").is_some_and(|h| {
        h.len() == 24
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn globs() {
        assert!(glob_match("send_*", "send_email"));
        assert!(!glob_match("send_*", "resend_email"));
        assert!(glob_match("*", "x"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxcyyb"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("ab*ba", "aba"));
    }

    fn rules() -> Rules {
        Rules::new(&RulesConfig {
            tools: vec!["send_*".into(), "delete_*".into()],
            arguments: vec![
                ArgumentRule {
                    tool: "email*".into(),
                    path: "/to".into(),
                    matching: None,
                    not_matching: Some(r"(?i)@example\.com$".into()),
                    greater_than: None,
                    less_than: None,
                },
                ArgumentRule {
                    tool: "*".into(),
                    path: "/amount".into(),
                    matching: None,
                    not_matching: None,
                    greater_than: Some(1000.0),
                    less_than: None,
                },
            ],
            risk_above: Some(0.8),
        })
        .unwrap()
    }

    #[test]
    fn decides_which_calls_need_approval() {
        let r = rules();
        assert!(r.needs_approval("send_email", &json!({}), 0.0).is_some());
        assert!(r.needs_approval("delete_repo", &json!({}), 0.0).is_some());
        assert!(
            r.needs_approval("email", &json!({"to": "bob@example.com"}), 0.0)
                .is_none()
        );
        assert!(
            r.needs_approval("email", &json!({"to": "eve@evil.test"}), 0.0)
                .is_some()
        );
        assert!(
            r.needs_approval(
                "email",
                &json!({"to": ["bob@example.com", "eve@evil.test"]}),
                0.0
            )
            .is_some()
        );
        assert!(
            r.needs_approval("pay", &json!({"amount": 10}), 0.0)
                .is_none()
        );
        assert!(
            r.needs_approval("pay", &json!({"amount": 1000.5}), 0.0)
                .is_some()
        );
        assert!(
            r.needs_approval("pay", &json!({"amount": "5000"}), 0.0)
                .is_some()
        );
        assert!(
            r.needs_approval("pay", &json!({"amount": "lots"}), 0.0)
                .is_some()
        );
        assert!(r.needs_approval("read", &json!({}), 0.79).is_none());
        assert!(r.needs_approval("read", &json!({}), 0.8).is_some());
    }

    #[test]
    fn bad_rules_name_the_place() {
        let c = RulesConfig {
            arguments: vec![ArgumentRule {
                tool: "*".into(),
                path: "/to".into(),
                matching: Some("(".into()),
                not_matching: None,
                greater_than: None,
                less_than: None,
            }],
            ..RulesConfig::default()
        };
        assert!(
            Rules::new(&c)
                .unwrap_err()
                .starts_with("arguments[0].matching")
        );
    }

    #[test]
    fn binding_is_exact() {
        let a = Binding::new(
            "bot",
            "mail",
            "send_email",
            &json!({"to": "a@x", "body": "hi"}),
            "v1",
        );
        let same = Binding::new(
            "bot",
            "mail",
            "send_email",
            &json!({"body": "hi", "to": "a@x"}),
            "v1",
        );
        assert_eq!(a.key(), same.key());
        for other in [
            Binding::new(
                "bot",
                "mail",
                "send_email",
                &json!({"to": "b@x", "body": "hi"}),
                "v1",
            ),
            Binding::new(
                "eve",
                "mail",
                "send_email",
                &json!({"to": "a@x", "body": "hi"}),
                "v1",
            ),
            Binding::new(
                "bot",
                "mail",
                "send_email",
                &json!({"to": "a@x", "body": "hi"}),
                "v2",
            ),
            Binding::new(
                "bot",
                "mail2",
                "send_email",
                &json!({"to": "a@x", "body": "hi"}),
                "v1",
            ),
        ] {
            assert_ne!(a.key(), other.key());
        }
        let req = Request::new(a.clone(), "r".into(), "req", 100, 60, json!({}));
        assert!(valid_id(&req.id));
        assert!(req.covers(&same));
        assert_eq!(req.effective_state(159), State::Pending);
        assert_eq!(req.effective_state(160), State::Expired);
        let req2 = Request::new(a, "r".into(), "req", 100, 60, json!({}));
        assert_ne!(req.nonce, req2.nonce);
    }
}
