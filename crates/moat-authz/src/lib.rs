//! Moat's authoriser: who may do what to which model or tool, decided by Cedar policies.
//!
//! Policies come from two places: [`Grant`]s, generated from the simple YAML configuration (a
//! route's `allow` lists, an MCP server's allow lists), and Cedar files an operator writes. Both
//! are evaluated together with Cedar's semantics: a request is allowed when at least one `permit`
//! matches and no `forbid` does, so a `forbid` always wins.
//!
//! The entity model (see `docs/authz.md`):
//!
//! | Cedar | from |
//! | --- | --- |
//! | `Moat::Agent::"<id>"`, `Moat::User::"<id>"` | the [`Identity`]; parents `Moat::Group::"<g>"` |
//! | `Moat::Action::"chat"` ... `"call_tool"` | [`ActionKind`]; parents `Moat::Action::"llm"` or `"mcp"` |
//! | `Moat::Model::"<model>"` in `Moat::Route::"<route>"` | [`Resource::Model`] |
//! | `Moat::Tool::"<server>/<tool>"` in `Moat::Server::"<server>"` | [`Resource::Tool`] |
//!
//! The context is the caller's JSON (converted safely, see [`context`]) plus `time`.
//!
//! ```
//! use moat_authz::{ActionKind, Authorizer, Grant, Request, Resource, ResourcePattern};
//! let grants = [Grant {
//!     actions: vec![ActionKind::Chat],
//!     resource: ResourcePattern::Route("default".into()),
//!     agents: vec![],
//!     users: vec![],
//!     groups: vec!["eng".into()],
//! }];
//! let authz = Authorizer::new(&grants, &[]).unwrap();
//! let mut who = moat_core::Identity::agent("bot");
//! fn req(who: &moat_core::Identity) -> Request<'_> {
//!     Request {
//!         principal: who,
//!         action: ActionKind::Chat,
//!         resource: Resource::Model { route: "default", model: "gpt-4o" },
//!         context: serde_json::json!({}),
//!     }
//! }
//! assert!(!authz.is_authorized(&req(&who)).allowed);
//! who.groups.push("eng".into());
//! assert!(authz.is_authorized(&req(&who)).allowed);
//! ```
#![deny(missing_docs)]

pub mod context;
mod policy;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use cedar_policy::{
    Authorizer as CedarAuthorizer, Context, Decision as CedarDecision, Effect, Entities, Entity,
    EntityId, EntityTypeName, EntityUid, PolicySet, RestrictedExpression,
};
use moat_core::{Identity, PrincipalKind};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What the principal wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Chat completions (`/v1/chat/completions`).
    Chat,
    /// Legacy text completions (`/v1/completions`).
    Completion,
    /// Embeddings (`/v1/embeddings`).
    Embed,
    /// The Responses API (`/v1/responses`).
    Responses,
    /// Anthropic Messages (`/v1/messages`).
    Messages,
    /// Calling a tool on an MCP server.
    CallTool,
}

impl ActionKind {
    /// Every action.
    pub const ALL: [ActionKind; 6] = [
        ActionKind::Chat,
        ActionKind::Completion,
        ActionKind::Embed,
        ActionKind::Responses,
        ActionKind::Messages,
        ActionKind::CallTool,
    ];

    /// The LLM actions (members of `Moat::Action::"llm"`).
    pub const LLM: [ActionKind; 5] = [
        ActionKind::Chat,
        ActionKind::Completion,
        ActionKind::Embed,
        ActionKind::Responses,
        ActionKind::Messages,
    ];

    /// The Cedar action id: `chat`, `completion`, `embed`, `responses`, `messages`, `call_tool`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Chat => "chat",
            ActionKind::Completion => "completion",
            ActionKind::Embed => "embed",
            ActionKind::Responses => "responses",
            ActionKind::Messages => "messages",
            ActionKind::CallTool => "call_tool",
        }
    }

    /// The action group it belongs to: `llm` or `mcp`.
    pub fn group(self) -> &'static str {
        match self {
            ActionKind::CallTool => "mcp",
            _ => "llm",
        }
    }
}

impl std::fmt::Display for ActionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActionKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActionKind::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown action `{s}` (expected chat, completion, embed, responses, messages or call_tool)"
                )
            })
    }
}

/// What the action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource<'a> {
    /// A model served through a route: `Moat::Model::"<model>"` in `Moat::Route::"<route>"`.
    Model {
        /// The route's name.
        route: &'a str,
        /// The model the client asked for.
        model: &'a str,
    },
    /// A tool of an MCP server: `Moat::Tool::"<server>/<tool>"` in `Moat::Server::"<server>"`.
    Tool {
        /// The server's name.
        server: &'a str,
        /// The tool's name.
        tool: &'a str,
    },
}

/// One authorisation question.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Who asks.
    pub principal: &'a Identity,
    /// What they want to do.
    pub action: ActionKind,
    /// To what.
    pub resource: Resource<'a>,
    /// Facts about the request (guard results, data labels, tool arguments), a JSON object.
    /// Converted with the bounds of [`context`]; `time` is added (and overrides a caller's).
    pub context: serde_json::Value,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Whether the request may proceed.
    pub allowed: bool,
    /// Machine-readable reason: `permitted`, `policy_denied` (a `forbid` matched), `no_permit`
    /// (no `permit` matched), `policy_error` (a `forbid` could not be evaluated, so the request
    /// is refused rather than risk allowing it), `invalid_request` (the request could not be
    /// expressed in Cedar).
    pub reason: String,
    /// Ids of the policies that determined the decision (the matching `forbid`s on a denial, the
    /// matching `permit`s on an allow, the failing `forbid`s on a `policy_error`).
    pub policies: Vec<String>,
    /// Human-readable explanation; never holds context values.
    pub message: String,
}

/// A resource a [`Grant`] applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourcePattern {
    /// Every model of a route.
    Route(String),
    /// One model, through any route.
    Model(String),
    /// Every tool of an MCP server.
    Server(String),
    /// One tool of one server.
    Tool {
        /// Server name.
        server: String,
        /// Tool name.
        tool: String,
    },
    /// Everything.
    Any,
}

/// A permission from the simple configuration, turned into one Cedar `permit`.
///
/// Empty `agents`, `users` and `groups` together mean any authenticated principal; otherwise the
/// principal must be one of the agents or users, or be in one of the groups. Empty `actions`
/// means every action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// Actions granted.
    pub actions: Vec<ActionKind>,
    /// What they may be done to.
    pub resource: ResourcePattern,
    /// Agent ids.
    pub agents: Vec<String>,
    /// User ids.
    pub users: Vec<String>,
    /// Group names.
    pub groups: Vec<String>,
}

/// Building an [`Authorizer`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthzError {
    /// A policy file could not be read.
    #[error("{file}: cannot read: {message}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
    /// A policy file is not valid Cedar, or a policy in it is unusable.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Why.
        message: String,
    },
    /// The policies generated from the configuration are not valid (a bug or a hostile name).
    #[error("generated policy: {0}")]
    Generated(String),
}

struct Inner {
    /// Every policy (ids and effects).
    policies: PolicySet,
    /// User policies and the grants not tied to one route or server.
    base: PolicySet,
    /// `base` plus the grants of one route (`r:<name>`) or server (`s:<name>`): a route grant
    /// can only match models of that route, so other routes need not evaluate it.
    by_scope: HashMap<String, PolicySet>,
    forbids: HashSet<String>,
    text: String,
    version: String,
    authorizer: CedarAuthorizer,
    actions: HashMap<ActionKind, Entity>,
}

/// Decides requests against the generated and user policies. Cheap to clone.
#[derive(Clone)]
pub struct Authorizer {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Authorizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorizer")
            .field("version", &self.inner.version)
            .finish_non_exhaustive()
    }
}

const NS: &str = "Moat";

fn uid(ty: &str, id: &str) -> Result<EntityUid, String> {
    let t = EntityTypeName::from_str(&format!("{NS}::{ty}")).map_err(|e| e.to_string())?;
    Ok(EntityUid::from_type_name_and_id(t, EntityId::new(id)))
}

impl Authorizer {
    /// The policies generated from `grants` followed by those of each file in `policy_files`.
    /// An error names the file and, for Cedar syntax errors, the line and column.
    pub fn new(grants: &[Grant], policy_files: &[PathBuf]) -> Result<Authorizer, AuthzError> {
        let mut sources = Vec::new();
        for path in policy_files {
            let text = std::fs::read_to_string(path).map_err(|e| AuthzError::Read {
                file: path.display().to_string(),
                message: e.to_string(),
            })?;
            sources.push((path.display().to_string(), text));
        }
        Authorizer::from_sources(grants, &sources)
    }

    /// Like [`Authorizer::new`], with policy text given as `(name, text)` pairs.
    pub fn from_sources(
        grants: &[Grant],
        sources: &[(String, String)],
    ) -> Result<Authorizer, AuthzError> {
        let generated = policy::generate(grants);
        let mut set = PolicySet::new();
        let mut text = String::new();
        policy::add_source(&mut set, "generated", &generated, true).map_err(|e| match e {
            AuthzError::Parse { message, .. } => AuthzError::Generated(message),
            other => other,
        })?;
        text.push_str(&generated);
        for (name, src) in sources {
            policy::add_source(&mut set, name, src, false)?;
            text.push_str(&format!("\n// ---- {name}\n"));
            text.push_str(src);
            if !src.ends_with('\n') {
                text.push('\n');
            }
        }
        let mut base = PolicySet::new();
        let mut scoped: HashMap<String, Vec<cedar_policy::Policy>> = HashMap::new();
        for p in set.policies() {
            let key = p
                .id()
                .to_string()
                .strip_prefix("grant-")
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| grants.get(n))
                .and_then(|g| match &g.resource {
                    ResourcePattern::Route(r) => Some(format!("r:{r}")),
                    ResourcePattern::Server(s) => Some(format!("s:{s}")),
                    _ => None,
                });
            match key {
                Some(k) => scoped.entry(k).or_default().push(p.clone()),
                None => base
                    .add(p.clone())
                    .map_err(|e| AuthzError::Generated(e.to_string()))?,
            }
        }
        let mut by_scope = HashMap::new();
        for (k, ps) in scoped {
            let mut s = base.clone();
            for p in ps {
                s.add(p).map_err(|e| AuthzError::Generated(e.to_string()))?;
            }
            by_scope.insert(k, s);
        }
        let forbids = set
            .policies()
            .filter(|p| p.effect() == Effect::Forbid)
            .map(|p| p.id().to_string())
            .collect();
        let mut actions = HashMap::new();
        for a in ActionKind::ALL {
            let e = action_entity(a).map_err(AuthzError::Generated)?;
            actions.insert(a, e);
        }
        use sha2::Digest;
        let digest = sha2::Sha256::digest(text.as_bytes());
        let version = format!("sha256:{}", &hex::encode(digest)[..16]);
        Ok(Authorizer {
            inner: Arc::new(Inner {
                policies: set,
                base,
                by_scope,
                forbids,
                text,
                version,
                authorizer: CedarAuthorizer::new(),
                actions,
            }),
        })
    }

    /// Decide `req` now.
    pub fn is_authorized(&self, req: &Request) -> Decision {
        self.is_authorized_at(req, OffsetDateTime::now_utc())
    }

    /// Decide `req` as if it were `now` (sets `context.time`).
    pub fn is_authorized_at(&self, req: &Request, now: OffsetDateTime) -> Decision {
        match self.build(req, now) {
            Ok((r, entities)) => {
                let key = match req.resource {
                    Resource::Model { route, .. } => format!("r:{route}"),
                    Resource::Tool { server, .. } => format!("s:{server}"),
                };
                let set = self.inner.by_scope.get(&key).unwrap_or(&self.inner.base);
                self.decide(set, &r, &entities)
            }
            Err(e) => Decision {
                allowed: false,
                reason: "invalid_request".into(),
                policies: Vec::new(),
                message: format!("the request could not be authorised: {e}"),
            },
        }
    }

    /// A short fingerprint of the full policy text, `sha256:<16 hex>`, for the audit trail.
    pub fn version(&self) -> &str {
        &self.inner.version
    }

    /// The generated policies followed by the user files, as evaluated.
    pub fn policy_text(&self) -> String {
        self.inner.text.clone()
    }

    /// Number of policies (generated and user).
    pub fn policy_count(&self) -> usize {
        self.inner.policies.policies().count()
    }

    fn build(
        &self,
        req: &Request,
        now: OffsetDateTime,
    ) -> Result<(cedar_policy::Request, Entities), String> {
        let id = req.principal;
        let principal = uid(
            match id.kind {
                PrincipalKind::Agent => "Agent",
                PrincipalKind::User => "User",
            },
            &id.id,
        )?;
        let mut parents = HashSet::new();
        for g in &id.groups {
            parents.insert(uid("Group", g)?);
        }
        let attrs = HashMap::from([
            (
                "id".to_string(),
                RestrictedExpression::new_string(id.id.clone()),
            ),
            (
                "scopes".to_string(),
                RestrictedExpression::new_set(
                    id.scopes
                        .iter()
                        .take(context::MAX_ITEMS)
                        .map(|s| RestrictedExpression::new_string(s.clone())),
                ),
            ),
        ]);
        let p_entity = Entity::new(principal.clone(), attrs, parents).map_err(|e| e.to_string())?;

        let (resource, r_entity) = match req.resource {
            Resource::Model { route, model } => {
                let u = uid("Model", model)?;
                let attrs = HashMap::from([
                    (
                        "name".to_string(),
                        RestrictedExpression::new_string(model.into()),
                    ),
                    (
                        "route".to_string(),
                        RestrictedExpression::new_string(route.into()),
                    ),
                ]);
                let e = Entity::new(u.clone(), attrs, HashSet::from([uid("Route", route)?]))
                    .map_err(|e| e.to_string())?;
                (u, e)
            }
            Resource::Tool { server, tool } => {
                let u = uid("Tool", &format!("{server}/{tool}"))?;
                let attrs = HashMap::from([
                    (
                        "name".to_string(),
                        RestrictedExpression::new_string(tool.into()),
                    ),
                    (
                        "server".to_string(),
                        RestrictedExpression::new_string(server.into()),
                    ),
                ]);
                let e = Entity::new(u.clone(), attrs, HashSet::from([uid("Server", server)?]))
                    .map_err(|e| e.to_string())?;
                (u, e)
            }
        };
        let action_entity = self
            .inner
            .actions
            .get(&req.action)
            .cloned()
            .ok_or("unknown action")?;
        let action = action_entity.uid();

        let mut budget = context::Budget::new();
        let mut pairs: Vec<(String, RestrictedExpression)> =
            context::record_pairs(&req.context, &mut budget)
                .into_iter()
                .filter(|(k, _)| k != "time")
                .collect();
        pairs.push(("time".into(), time_record(now)?));
        let ctx = Context::from_pairs(pairs).map_err(|e| e.to_string())?;

        let entities = Entities::from_entities([p_entity, r_entity, action_entity], None)
            .map_err(|e| e.to_string())?;
        let r = cedar_policy::Request::new(principal, action, resource, ctx, None)
            .map_err(|e| e.to_string())?;
        Ok((r, entities))
    }

    fn decide(&self, set: &PolicySet, r: &cedar_policy::Request, entities: &Entities) -> Decision {
        let inner = &self.inner;
        let resp = inner.authorizer.is_authorized(r, set, entities);
        let mut reasons: Vec<String> = resp.diagnostics().reason().map(|p| p.to_string()).collect();
        reasons.sort();
        let mut failed_forbids: Vec<String> = resp
            .diagnostics()
            .errors()
            .map(|e| match e {
                cedar_policy::AuthorizationError::PolicyEvaluationError(p) => {
                    p.policy_id().to_string()
                }
            })
            .filter(|id| inner.forbids.contains(id))
            .collect();
        failed_forbids.sort();
        failed_forbids.dedup();
        match resp.decision() {
            CedarDecision::Allow if failed_forbids.is_empty() => Decision {
                allowed: true,
                reason: "permitted".into(),
                policies: reasons,
                message: "permitted".into(),
            },
            CedarDecision::Allow => Decision {
                allowed: false,
                reason: "policy_error".into(),
                message: format!(
                    "a forbid policy could not be evaluated: {}",
                    failed_forbids.join(", ")
                ),
                policies: failed_forbids,
            },
            CedarDecision::Deny if reasons.is_empty() => Decision {
                allowed: false,
                reason: "no_permit".into(),
                policies: Vec::new(),
                message: "no policy permits this request".into(),
            },
            CedarDecision::Deny => Decision {
                allowed: false,
                reason: "policy_denied".into(),
                message: format!("denied by policy {}", reasons.join(", ")),
                policies: reasons,
            },
        }
    }
}

fn action_entity(a: ActionKind) -> Result<Entity, String> {
    Ok(Entity::new_no_attrs(
        uid("Action", a.as_str())?,
        HashSet::from([uid("Action", a.group())?]),
    ))
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn time_record(now: OffsetDateTime) -> Result<RestrictedExpression, String> {
    let now = now.to_offset(time::UtcOffset::UTC);
    let wd = now.weekday().number_days_from_monday();
    let name = WEEKDAYS.get(usize::from(wd)).copied().unwrap_or("monday");
    RestrictedExpression::new_record([
        (
            "hour".to_string(),
            RestrictedExpression::new_long(i64::from(now.hour())),
        ),
        (
            "minute".to_string(),
            RestrictedExpression::new_long(i64::from(now.minute())),
        ),
        (
            "weekday".to_string(),
            RestrictedExpression::new_string(name.into()),
        ),
        (
            "day_of_week".to_string(),
            RestrictedExpression::new_long(i64::from(wd) + 1),
        ),
        (
            "unix".to_string(),
            RestrictedExpression::new_long(now.unix_timestamp()),
        ),
    ])
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests;
