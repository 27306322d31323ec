//! The gateway's YAML configuration: parsed with `deny_unknown_fields`, environment references
//! substituted first, then validated into the form the server runs on.
//!
//! ```
//! let yaml = "
//! upstreams:
//!   openai: { provider: openai, base_url: 'http://127.0.0.1:9', api_key: sk-test }
//! routes:
//!   - { models: ['*'], upstream: openai }
//! auth:
//!   api_keys: [{ name: dev, key: moat-dev-key-0123456789 }]
//! ";
//! let cfg = moat_gateway::config::Config::from_yaml(yaml, "inline", &|_| None).unwrap();
//! assert_eq!(cfg.routes.len(), 1);
//! ```

pub mod env;
mod mcp;

pub use mcp::{ClientAuth, McpConfig, McpServer, ToolFilter, Transport, Webhook, WebhookFormat};

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use moat_core::Action;
use moat_guard::GuardConfig;
use serde::{Deserialize, Serialize};

/// The configuration used when `moat serve` is given no `--config`.
///
/// Every model is forwarded to `${OPENAI_BASE_URL:-https://api.openai.com/v1}` with the key in
/// `OPENAI_API_KEY`; clients present the key in `MOAT_API_KEY`; prompt injection is blocked and
/// PII and secrets are masked both ways; audit events go to the embedded SQLite store
/// (`${MOAT_DATA_DIR:-./moat-data}/moat.db`).
pub const EMBEDDED_DEFAULT: &str = include_str!("default.yaml");

/// A configuration error, naming the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct ConfigError {
    /// File name (or `embedded defaults`).
    pub source_name: String,
    /// `line N: ...`, or a dotted field path and what is wrong with it.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn field(source_name: &str, field: &str, message: impl std::fmt::Display) -> Self {
        ConfigError {
            source_name: source_name.to_owned(),
            message: format!("{field}: {message}"),
        }
    }
}

/// Which wire protocol an upstream speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// OpenAI and OpenAI-compatible servers (`{base_url}/chat/completions`).
    OpenAi,
    /// Azure OpenAI (`{base_url}/openai/deployments/{deployment}/...?api-version=`).
    Azure,
    /// Anthropic (`{base_url}/v1/messages`).
    Anthropic,
}

impl ProviderKind {
    /// Lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "openai",
            ProviderKind::Azure => "azure",
            ProviderKind::Anthropic => "anthropic",
        }
    }
}

/// Fail closed (refuse) or open (let through, recorded) when a guard fails or times out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailMode {
    /// Refuse the request (the default).
    #[default]
    Closed,
    /// Forward it unchecked and record that it was.
    Open,
}

/// The raw file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawConfig {
    listen: Option<String>,
    server: RawServer,
    upstreams: BTreeMap<String, RawUpstream>,
    routes: Vec<RawRoute>,
    guard: RawGuard,
    auth: RawAuth,
    limits: RawTopLimits,
    audit: RawAudit,
    authz: RawAuthz,
    mcp: mcp::RawMcp,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawServer {
    max_body_bytes: Option<usize>,
    max_response_bytes: Option<usize>,
    upstream_timeout: Option<String>,
    connect_timeout: Option<String>,
    guard_timeout: Option<String>,
    slow_client_timeout: Option<String>,
    shutdown_grace: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUpstream {
    provider: ProviderKind,
    base_url: String,
    #[serde(default)]
    api_key: Option<String>,
    #[serde(default)]
    api_key_env: Option<String>,
    #[serde(default)]
    api_key_file: Option<PathBuf>,
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default)]
    entra: Option<RawEntra>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntra {
    token_url: String,
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    client_secret_env: Option<String>,
    #[serde(default)]
    client_secret_file: Option<PathBuf>,
    #[serde(default = "default_entra_scope")]
    scope: String,
}

fn default_entra_scope() -> String {
    "https://cognitiveservices.azure.com/.default".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    models: Vec<String>,
    upstream: String,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    guard: Option<String>,
    #[serde(default)]
    limits: Option<RawLimits>,
    #[serde(default)]
    allow: Option<Allow>,
    // Authorisation (docs/authz.md).
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    require_approved_model: Option<bool>,
    #[serde(default)]
    registry_model: Option<String>,
    #[serde(default)]
    model_dir: Option<PathBuf>,
    #[serde(default)]
    verify_model_files: Option<bool>,
}

/// `authz:` section: Cedar policy files and the model-registry gate.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawAuthz {
    policy_files: Vec<PathBuf>,
    require_approved_model: bool,
}

/// Authorisation settings (`authz:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthzConfig {
    /// Cedar files evaluated with the policies generated from the routes' allow lists.
    pub policy_files: Vec<PathBuf>,
}

/// Who may use a route (in addition to credential scopes). Empty lists mean "anyone
/// authenticated whose scopes cover the model".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Allow {
    /// Agent names.
    pub agents: Vec<String>,
    /// User ids (OIDC `sub`).
    pub users: Vec<String>,
    /// Groups.
    pub groups: Vec<String>,
}

impl Allow {
    /// True when no restriction is set.
    pub fn is_open(&self) -> bool {
        self.agents.is_empty() && self.users.is_empty() && self.groups.is_empty()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawGuard {
    engine: GuardConfig,
    policies: BTreeMap<String, GuardPolicy>,
}

/// What to do on one surface (user prompts, tool results, responses, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SurfacePolicy {
    /// Check this surface at all.
    pub check: bool,
    /// What a detected injection does: `block`, `alert` or `allow`.
    pub injection: Action,
    /// What sensitive data does. Unset: the guard engine's own per-entity action.
    pub dlp: Option<Action>,
}

impl Default for SurfacePolicy {
    fn default() -> Self {
        SurfacePolicy {
            check: true,
            injection: Action::Block,
            dlp: None,
        }
    }
}

impl SurfacePolicy {
    pub(crate) fn off() -> Self {
        SurfacePolicy {
            check: false,
            ..SurfacePolicy::default()
        }
    }
    fn output() -> Self {
        SurfacePolicy {
            check: true,
            injection: Action::Alert,
            dlp: None,
        }
    }
}

/// A named guard policy, applied by routes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GuardPolicy {
    /// Refuse (closed) or forward unchecked (open) when a guard fails or times out.
    pub fail_mode: FailMode,
    /// User messages (prompts).
    pub prompts: SurfacePolicy,
    /// System and developer messages.
    pub system: SurfacePolicy,
    /// Tool/function results and retrieved content, checked as documents (indirect injection).
    pub tool_results: SurfacePolicy,
    /// Tool-call arguments the model emits.
    pub tool_calls: SurfacePolicy,
    /// Model output text.
    pub responses: SurfacePolicy,
    /// Replace PII with placeholders before the upstream and restore it in the response.
    pub pseudonymize: bool,
    /// Bytes of already-released stream text kept as context, and held back from the newest
    /// text, so a value split across chunks is still caught.
    pub stream_overlap: usize,
    /// Override of the engine's prompt injection threshold for this policy.
    pub injection_threshold: Option<f32>,
}

impl Default for GuardPolicy {
    fn default() -> Self {
        GuardPolicy {
            fail_mode: FailMode::Closed,
            prompts: SurfacePolicy::default(),
            system: SurfacePolicy::off(),
            tool_results: SurfacePolicy::default(),
            tool_calls: SurfacePolicy::output(),
            responses: SurfacePolicy::output(),
            pseudonymize: false,
            stream_overlap: 256,
            injection_threshold: None,
        }
    }
}

impl GuardPolicy {
    /// A policy that checks nothing.
    pub fn disabled() -> Self {
        GuardPolicy {
            prompts: SurfacePolicy::off(),
            system: SurfacePolicy::off(),
            tool_results: SurfacePolicy::off(),
            tool_calls: SurfacePolicy::off(),
            responses: SurfacePolicy::off(),
            ..GuardPolicy::default()
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawAuth {
    api_keys: Vec<RawApiKey>,
    jwt: Option<RawJwt>,
    store_keys: bool,
    oidc: Vec<crate::auth::oidc::config::RawOidc>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApiKey {
    name: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    key_sha256: Option<String>,
    #[serde(default = "all_models")]
    scopes: Vec<String>,
    #[serde(default)]
    groups: Vec<String>,
}

fn all_models() -> Vec<String> {
    vec!["models:*".into()]
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJwt {
    public_key_file: PathBuf,
    #[serde(default = "default_issuer")]
    issuer: String,
    #[serde(default = "default_audience")]
    audience: String,
}

/// Issuer Moat writes into the tokens it issues.
pub const DEFAULT_ISSUER: &str = "moat";
/// Audience Moat writes into the tokens it issues.
pub const DEFAULT_AUDIENCE: &str = "moat-gateway";

fn default_issuer() -> String {
    DEFAULT_ISSUER.into()
}
fn default_audience() -> String {
    DEFAULT_AUDIENCE.into()
}

/// Per-identity, per-route limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawLimits {
    /// Requests per minute.
    pub requests_per_minute: Option<u64>,
    /// Tokens (prompt + completion) per minute.
    pub tokens_per_minute: Option<u64>,
    /// Tokens per UTC day.
    pub daily_tokens: Option<u64>,
}

/// The top-level `limits:` block: default limits for routes, and where counters are kept.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawTopLimits {
    requests_per_minute: Option<u64>,
    tokens_per_minute: Option<u64>,
    daily_tokens: Option<u64>,
    backend: LimitsBackendKind,
    redis_url: Option<String>,
    redis_prefix: Option<String>,
    fail_mode: FailMode,
}

impl RawTopLimits {
    fn defaults(&self) -> RawLimits {
        RawLimits {
            requests_per_minute: self.requests_per_minute,
            tokens_per_minute: self.tokens_per_minute,
            daily_tokens: self.daily_tokens,
        }
    }

    fn settings(&self, src: &str) -> Result<LimitsSettings, ConfigError> {
        let backend = match (self.backend, &self.redis_url) {
            (LimitsBackendKind::Memory, None) => LimitsBackend::Memory,
            (LimitsBackendKind::Memory, Some(_)) => {
                return Err(ConfigError::field(
                    src,
                    "limits.redis_url",
                    "only used with `backend: redis`",
                ));
            }
            (LimitsBackendKind::Redis, None) => {
                return Err(ConfigError::field(
                    src,
                    "limits.redis_url",
                    "required with `backend: redis`",
                ));
            }
            (LimitsBackendKind::Redis, Some(url)) => {
                crate::limits::redis::check_url(url)
                    .map_err(|m| ConfigError::field(src, "limits.redis_url", m))?;
                let prefix = self
                    .redis_prefix
                    .clone()
                    .unwrap_or_else(|| "moat:limits".into());
                if prefix.is_empty() || prefix.len() > 128 || prefix.contains(['{', '}']) {
                    return Err(ConfigError::field(
                        src,
                        "limits.redis_prefix",
                        "must be 1 to 128 characters without braces",
                    ));
                }
                LimitsBackend::Redis {
                    url: url.clone(),
                    prefix,
                }
            }
        };
        Ok(LimitsSettings {
            backend,
            fail_mode: self.fail_mode,
        })
    }
}

/// `limits.backend` as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum LimitsBackendKind {
    #[default]
    Memory,
    Redis,
}

/// Where limit counters are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum LimitsBackend {
    /// In this process (the default): each instance counts alone.
    #[default]
    Memory,
    /// In Redis, shared by every instance using the same URL and key prefix.
    Redis {
        /// `redis://[:PASSWORD@]HOST[:PORT][/DB]` (or `unix://PATH`).
        url: String,
        /// Prefix of every key (`moat:limits` by default).
        prefix: String,
    },
}

/// How limits are counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LimitsSettings {
    /// Where counters are kept.
    pub backend: LimitsBackend,
    /// When the counters cannot be reached: refuse (503 `limits_unavailable`, the default) or
    /// let through unchecked and record it.
    pub fail_mode: FailMode,
}

/// Where audit events go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawAudit {
    jsonl: Option<PathBuf>,
    sqlite: Option<PathBuf>,
    store: Option<moat_store::StoreConfig>,
}

/// Audit destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditTarget {
    /// Nowhere (only when configured so explicitly; logs still carry the event).
    None,
    /// One JSON object per line, appended.
    Jsonl(PathBuf),
    /// The moat-store audit trail (`audit: { store: {...} }`: embedded SQLite under the data
    /// directory by default, or a `postgres://` URL; `audit: { sqlite: PATH }` is shorthand for
    /// a SQLite file at PATH).
    Store(moat_store::StoreConfig),
}

/// An upstream's credential source. Resolved at start-up and on reload, never sent to clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// No credential (a local model server).
    None,
    /// A static API key.
    ApiKey(String),
    /// Entra ID client-credentials flow.
    Entra {
        /// OAuth2 token endpoint.
        token_url: String,
        /// Application (client) id.
        client_id: String,
        /// Client secret.
        client_secret: String,
        /// Scope requested.
        scope: String,
    },
}

/// A validated upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// Name in the configuration.
    pub name: String,
    /// Wire protocol.
    pub provider: ProviderKind,
    /// Base URL without trailing slash.
    pub base_url: String,
    /// Credential.
    pub credential: Credential,
    /// Azure `api-version`.
    pub api_version: String,
}

/// A validated route.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Position in the file, for messages and metrics (`routes[3]`).
    pub id: String,
    /// Model-name patterns: exact, or a prefix ending in `*`.
    pub models: Vec<String>,
    /// Upstream name.
    pub upstream: String,
    /// Model (or Azure deployment) name sent upstream instead of the client's.
    pub model: Option<String>,
    /// Guard policy.
    pub guard: GuardPolicy,
    /// Name of the guard policy.
    pub guard_name: String,
    /// Limits.
    pub limits: RawLimits,
    /// Extra restriction on who may use the route.
    pub allow: Allow,
    /// Name of the route in Cedar policies (`Moat::Route::"<name>"`); `route-<index>` by default.
    pub name: String,
    /// Serve only models the registry approved (`model_not_approved` otherwise).
    pub require_approved_model: bool,
    /// Registry entry (`NAME@VERSION`, or `NAME` for any approved version) backing the route;
    /// default: the model sent upstream.
    pub registry_model: Option<String>,
    /// Directory holding the served files; default: the path the entry was registered from.
    pub model_dir: Option<PathBuf>,
    /// Whether the served files must still match the approved manifest (default true). False
    /// for a model served from another host (a remote provider or inference server), where only
    /// the registry state can be checked.
    pub verify_model_files: bool,
}

impl Route {
    /// True when `model` matches one of the route's patterns.
    pub fn matches(&self, model: &str) -> bool {
        self.models.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => model.starts_with(prefix),
            None => p == model,
        })
    }
}

/// A key given in the configuration file (stored hashed in memory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticKey {
    /// Name (becomes the agent id).
    pub name: String,
    /// SHA-256 of the key.
    pub sha256: [u8; 32],
    /// Scopes.
    pub scopes: Vec<String>,
    /// Groups.
    pub groups: Vec<String>,
}

/// Moat-issued JWT verification settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtConfig {
    /// Ed25519 public key (PEM) file.
    pub public_key_file: PathBuf,
    /// Expected `iss`.
    pub issuer: String,
    /// Expected `aud`.
    pub audience: String,
}

/// Server limits and timeouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    /// Largest request body accepted (413 above).
    pub max_body_bytes: usize,
    /// Largest non-streamed upstream body read.
    pub max_response_bytes: usize,
    /// Time allowed for the upstream to answer (504 after).
    pub upstream_timeout: Duration,
    /// Time allowed to connect to the upstream.
    pub connect_timeout: Duration,
    /// Time allowed for the request-side guard checks.
    pub guard_timeout: Duration,
    /// How long a stream may wait on a client that does not read.
    pub slow_client_timeout: Duration,
    /// How long shutdown waits for open streams.
    pub shutdown_grace: Duration,
}

/// The validated configuration the gateway runs on.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: String,
    /// Limits and timeouts.
    pub server: ServerSettings,
    /// Upstreams by name.
    pub upstreams: BTreeMap<String, Upstream>,
    /// Routes, first match wins.
    pub routes: Vec<Route>,
    /// Guard engine configuration.
    pub engine: GuardConfig,
    /// Keys from the file.
    pub api_keys: Vec<StaticKey>,
    /// Also accept keys kept in the store.
    pub store_keys: bool,
    /// Moat-issued tokens.
    pub jwt: Option<JwtConfig>,
    /// Default limits for routes without their own.
    pub limits: RawLimits,
    /// Where limit counters are kept, and what happens when they cannot be reached.
    pub limits_store: LimitsSettings,
    /// External OpenID Connect providers whose tokens are accepted.
    pub oidc: Vec<crate::auth::oidc::OidcConfig>,
    /// Audit destination.
    pub audit: AuditTarget,
    /// Authorisation policies.
    pub authz: AuthzConfig,
    /// MCP servers and the approvals queue.
    pub mcp: McpConfig,
}

/// Largest configuration file read.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

impl Config {
    /// Read, substitute, parse and validate a file.
    pub fn load(path: &std::path::Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| ConfigError {
            source_name: name.clone(),
            message: format!("cannot read: {e}"),
        })?;
        if meta.len() > MAX_CONFIG_BYTES as u64 {
            return Err(ConfigError {
                source_name: name,
                message: format!("larger than {MAX_CONFIG_BYTES} bytes"),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            source_name: name.clone(),
            message: format!("cannot read: {e}"),
        })?;
        Config::from_yaml(&text, &name, &|k| std::env::var(k).ok())
    }

    /// Parse and validate YAML text; `lookup` resolves environment references.
    pub fn from_yaml(
        text: &str,
        source_name: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        if text.len() > MAX_CONFIG_BYTES {
            return Err(ConfigError {
                source_name: source_name.into(),
                message: format!("larger than {MAX_CONFIG_BYTES} bytes"),
            });
        }
        let text = env::substitute(text, lookup).map_err(|e| ConfigError {
            source_name: source_name.into(),
            message: e.to_string(),
        })?;
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            serde_saphyr::from_str(&text).map_err(|e| {
                let msg = e.to_string();
                let msg = msg.lines().next().unwrap_or("invalid YAML").to_owned();
                let message = match e.location() {
                    Some(loc) if !msg.contains("line") => {
                        format!("line {} column {}: {msg}", loc.line(), loc.column())
                    }
                    _ => msg,
                };
                ConfigError {
                    source_name: source_name.into(),
                    message,
                }
            })?
        };
        validate(raw, source_name, lookup)
    }
}

/// Parse `250ms`, `30s`, `15m`, `2h`, `1d`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("`{s}` has no unit (use ms, s, m, h or d)"))?;
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration"))?;
    let ms = match unit {
        "ms" => Some(n),
        "s" => n.checked_mul(1000),
        "m" => n.checked_mul(60_000),
        "h" => n.checked_mul(3_600_000),
        "d" => n.checked_mul(86_400_000),
        _ => {
            return Err(format!(
                "`{s}` has unknown unit `{unit}` (use ms, s, m, h or d)"
            ));
        }
    }
    .ok_or_else(|| format!("`{s}` is too long"))?;
    Ok(Duration::from_millis(ms))
}

fn duration_field(
    src: &str,
    field: &str,
    value: &Option<String>,
    default: Duration,
) -> Result<Duration, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => parse_duration(v).map_err(|m| ConfigError::field(src, field, m)),
    }
}

fn read_secret_file(src: &str, field: &str, path: &std::path::Path) -> Result<String, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::field(src, field, format!("cannot read `{}`: {e}", path.display()))
    })?;
    let t = text.trim();
    if t.is_empty() {
        return Err(ConfigError::field(
            src,
            field,
            format!("`{}` is empty", path.display()),
        ));
    }
    Ok(t.to_owned())
}

fn one_secret(
    src: &str,
    field: &str,
    value: &Option<String>,
    env_name: &Option<String>,
    file: &Option<PathBuf>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>, ConfigError> {
    let given = [value.is_some(), env_name.is_some(), file.is_some()]
        .iter()
        .filter(|b| **b)
        .count();
    if given > 1 {
        return Err(ConfigError::field(
            src,
            field,
            "give only one of the value, `_env` and `_file` forms",
        ));
    }
    if let Some(v) = value {
        // An empty value (`${KEY:-}` with KEY unset) means "no credential".
        return Ok((!v.is_empty()).then(|| v.clone()));
    }
    if let Some(name) = env_name {
        return match lookup(name) {
            Some(v) if !v.is_empty() => Ok(Some(v)),
            _ => Err(ConfigError::field(
                src,
                &format!("{field}_env"),
                format!("environment variable `{name}` is not set"),
            )),
        };
    }
    if let Some(path) = file {
        return read_secret_file(src, &format!("{field}_file"), path).map(Some);
    }
    Ok(None)
}

fn validate(
    raw: RawConfig,
    src: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let mcp = mcp::validate(raw.mcp.clone(), src)?;
    let s = &raw.server;
    let server = ServerSettings {
        max_body_bytes: s.max_body_bytes.unwrap_or(4 << 20),
        max_response_bytes: s.max_response_bytes.unwrap_or(32 << 20),
        upstream_timeout: duration_field(
            src,
            "server.upstream_timeout",
            &s.upstream_timeout,
            Duration::from_secs(120),
        )?,
        connect_timeout: duration_field(
            src,
            "server.connect_timeout",
            &s.connect_timeout,
            Duration::from_secs(10),
        )?,
        guard_timeout: duration_field(
            src,
            "server.guard_timeout",
            &s.guard_timeout,
            Duration::from_secs(2),
        )?,
        slow_client_timeout: duration_field(
            src,
            "server.slow_client_timeout",
            &s.slow_client_timeout,
            Duration::from_secs(30),
        )?,
        shutdown_grace: duration_field(
            src,
            "server.shutdown_grace",
            &s.shutdown_grace,
            Duration::from_secs(30),
        )?,
    };
    if server.max_body_bytes == 0 || server.max_body_bytes > (256 << 20) {
        return Err(ConfigError::field(
            src,
            "server.max_body_bytes",
            "must be between 1 and 268435456",
        ));
    }

    let mut upstreams = BTreeMap::new();
    for (name, u) in raw.upstreams {
        let f = format!("upstreams.{name}");
        let base = u.base_url.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ConfigError::field(
                src,
                &format!("{f}.base_url"),
                format!("`{base}` is not an http(s) URL"),
            ));
        }
        let key = one_secret(
            src,
            &format!("{f}.api_key"),
            &u.api_key,
            &u.api_key_env,
            &u.api_key_file,
            lookup,
        )?;
        let credential = match (key, u.entra) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::field(
                    src,
                    &f,
                    "give either an api key or `entra`, not both",
                ));
            }
            (Some(k), None) => Credential::ApiKey(k),
            (None, Some(e)) => {
                if u.provider != ProviderKind::Azure {
                    return Err(ConfigError::field(
                        src,
                        &format!("{f}.entra"),
                        "Entra ID tokens are only for `provider: azure`",
                    ));
                }
                let secret = one_secret(
                    src,
                    &format!("{f}.entra.client_secret"),
                    &e.client_secret,
                    &e.client_secret_env,
                    &e.client_secret_file,
                    lookup,
                )?
                .ok_or_else(|| {
                    ConfigError::field(src, &format!("{f}.entra.client_secret"), "missing")
                })?;
                Credential::Entra {
                    token_url: e.token_url,
                    client_id: e.client_id,
                    client_secret: secret,
                    scope: e.scope,
                }
            }
            (None, None) => Credential::None,
        };
        upstreams.insert(
            name.clone(),
            Upstream {
                name,
                provider: u.provider,
                base_url: base,
                credential,
                api_version: u.api_version.unwrap_or_else(|| "2024-10-21".into()),
            },
        );
    }

    let mut policies = raw.guard.policies;
    policies.entry("default".into()).or_default();
    policies
        .entry("off".into())
        .or_insert_with(GuardPolicy::disabled);
    for (name, p) in &policies {
        for (surface, sp) in [
            ("prompts", &p.prompts),
            ("system", &p.system),
            ("tool_results", &p.tool_results),
            ("tool_calls", &p.tool_calls),
            ("responses", &p.responses),
        ] {
            if !matches!(sp.injection, Action::Block | Action::Alert | Action::Allow) {
                return Err(ConfigError::field(
                    src,
                    &format!("guard.policies.{name}.{surface}.injection"),
                    "must be `block`, `alert` or `allow`",
                ));
            }
        }
        if p.stream_overlap > 64 * 1024 {
            return Err(ConfigError::field(
                src,
                &format!("guard.policies.{name}.stream_overlap"),
                "must be at most 65536",
            ));
        }
    }

    let mut routes = Vec::new();
    for (i, r) in raw.routes.into_iter().enumerate() {
        let f = format!("routes[{i}]");
        if r.models.is_empty() {
            return Err(ConfigError::field(
                src,
                &format!("{f}.models"),
                "needs at least one model name or pattern",
            ));
        }
        if !upstreams.contains_key(&r.upstream) {
            let known: Vec<_> = upstreams.keys().map(|k| format!("`{k}`")).collect();
            return Err(ConfigError::field(
                src,
                &format!("{f}.upstream"),
                format!(
                    "unknown upstream `{}` (known: {})",
                    r.upstream,
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        }
        let guard_name = r.guard.unwrap_or_else(|| "default".into());
        let Some(guard) = policies.get(&guard_name).cloned() else {
            return Err(ConfigError::field(
                src,
                &format!("{f}.guard"),
                format!("unknown guard policy `{guard_name}`"),
            ));
        };
        let name = route_name(src, &f, i, r.name, &routes)?;
        let require_approved_model = r
            .require_approved_model
            .unwrap_or(raw.authz.require_approved_model);
        routes.push(Route {
            name,
            require_approved_model,
            registry_model: r.registry_model,
            model_dir: r.model_dir,
            verify_model_files: r.verify_model_files.unwrap_or(true),
            id: f,
            models: r.models,
            upstream: r.upstream,
            model: r.model,
            guard,
            guard_name,
            limits: r.limits.unwrap_or(raw.limits.defaults()),
            allow: r.allow.unwrap_or_default(),
        });
    }

    let mut api_keys = Vec::new();
    for (i, k) in raw.auth.api_keys.into_iter().enumerate() {
        let f = format!("auth.api_keys[{i}]");
        let sha256 = match (k.key, k.key_sha256) {
            (Some(key), None) => {
                if key.len() < 16 {
                    return Err(ConfigError::field(
                        src,
                        &format!("{f}.key"),
                        "too short: use at least 16 characters",
                    ));
                }
                crate::auth::api_key::hash_key(&key)
            }
            (None, Some(h)) => {
                let bytes = hex::decode(h.trim()).ok().filter(|b| b.len() == 32);
                let Some(bytes) = bytes else {
                    return Err(ConfigError::field(
                        src,
                        &format!("{f}.key_sha256"),
                        "must be 64 hex digits",
                    ));
                };
                let mut out = [0u8; 32];
                out.copy_from_slice(&bytes);
                out
            }
            _ => {
                return Err(ConfigError::field(
                    src,
                    &f,
                    "give exactly one of `key` and `key_sha256`",
                ));
            }
        };
        api_keys.push(StaticKey {
            name: k.name,
            sha256,
            scopes: k.scopes,
            groups: k.groups,
        });
    }

    let limits_store = raw.limits.settings(src)?;
    let oidc = crate::auth::oidc::config::validate(
        src,
        raw.auth.oidc,
        raw.auth.jwt.as_ref().map(|j| j.issuer.as_str()),
    )?;

    let audit = match (raw.audit.jsonl, raw.audit.sqlite, raw.audit.store) {
        (Some(p), None, None) => AuditTarget::Jsonl(p),
        (None, Some(p), None) => AuditTarget::Store(moat_store::StoreConfig {
            url: Some(format!("sqlite://{}", p.display())),
            ..Default::default()
        }),
        (None, None, Some(c)) => {
            if let Some(u) = &c.url
                && !(u.starts_with("sqlite:")
                    || u.starts_with("postgres://")
                    || u.starts_with("postgresql://")
                    || !u.contains("://"))
            {
                return Err(ConfigError::field(
                    src,
                    "audit.store.url",
                    "expected `sqlite://PATH`, a plain path, or `postgres://...`",
                ));
            }
            AuditTarget::Store(c)
        }
        (None, None, None) => AuditTarget::None,
        _ => {
            return Err(ConfigError::field(
                src,
                "audit",
                "give one of `store`, `sqlite` and `jsonl`",
            ));
        }
    };

    if let Some(r) = routes
        .iter()
        .find(|r| !r.verify_model_files && r.model_dir.is_some())
    {
        return Err(ConfigError::field(
            src,
            &format!("{}.verify_model_files", r.id),
            "`model_dir` names files to verify: remove it, or drop `verify_model_files: false`",
        ));
    }
    if let Some(r) = routes.iter().find(|r| r.require_approved_model)
        && !matches!(audit, AuditTarget::Store(_))
    {
        return Err(ConfigError::field(
            src,
            &format!("{}.require_approved_model", r.id),
            "the model registry is read from the store: configure `audit: { store: ... }`",
        ));
    }

    Ok(Config {
        listen: raw.listen.unwrap_or_else(|| "127.0.0.1:8080".into()),
        server,
        upstreams,
        routes,
        engine: raw.guard.engine,
        api_keys,
        store_keys: raw.auth.store_keys,
        jwt: raw.auth.jwt.map(|j| JwtConfig {
            public_key_file: j.public_key_file,
            issuer: j.issuer,
            audience: j.audience,
        }),
        limits: raw.limits.defaults(),
        limits_store,
        oidc,
        audit,
        authz: AuthzConfig {
            policy_files: raw.authz.policy_files,
        },
        mcp,
    })
}

/// A route's Cedar name: given (1 to 128 characters, unique) or `route-<index>`.
fn route_name(
    src: &str,
    field: &str,
    index: usize,
    given: Option<String>,
    earlier: &[Route],
) -> Result<String, ConfigError> {
    let name = given.unwrap_or_else(|| format!("route-{index}"));
    if name.is_empty() || name.len() > 128 || name.chars().any(char::is_control) {
        return Err(ConfigError::field(
            src,
            &format!("{field}.name"),
            "must be 1 to 128 characters without control characters",
        ));
    }
    if earlier.iter().any(|r| r.name == name) {
        return Err(ConfigError::field(
            src,
            &format!("{field}.name"),
            format!("route name `{name}` is used twice"),
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(y: &str) -> Result<Config, ConfigError> {
        Config::from_yaml(y, "t.yaml", &|k| (k == "KEY").then(|| "sk-upstream".into()))
    }

    const BASE: &str = "upstreams:\n  u: { provider: openai, base_url: 'http://127.0.0.1:1/v1/', api_key_env: KEY }\nroutes:\n  - { models: ['gpt-*'], upstream: u, model: m2 }\n";

    #[test]
    fn minimal() {
        let c = parse(BASE).unwrap();
        assert_eq!(c.upstreams["u"].base_url, "http://127.0.0.1:1/v1");
        assert_eq!(
            c.upstreams["u"].credential,
            Credential::ApiKey("sk-upstream".into())
        );
        assert!(c.routes[0].matches("gpt-4o"));
        assert!(!c.routes[0].matches("claude"));
        assert_eq!(c.routes[0].guard_name, "default");
    }

    #[test]
    fn unknown_field_names_line() {
        let e = parse("listen: 1\nbogus: 2\n").unwrap_err();
        assert!(e.message.contains("bogus"), "{e}");
        assert!(e.message.contains('2'), "{e}");
    }

    #[test]
    fn semantic_errors_name_field() {
        let e = parse("routes:\n  - { models: [a], upstream: nope }\n").unwrap_err();
        assert!(e.message.starts_with("routes[0].upstream"), "{e}");
        let e = parse(&format!("{BASE}server: {{ upstream_timeout: 5x }}\n")).unwrap_err();
        assert!(e.message.starts_with("server.upstream_timeout"), "{e}");
        let e = parse(&format!(
            "{BASE}auth: {{ api_keys: [{{ name: a, key: short }}] }}\n"
        ))
        .unwrap_err();
        assert!(e.message.contains("auth.api_keys[0].key"), "{e}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert!(parse_duration("15").is_err());
        assert!(parse_duration("99999999999999999999d").is_err());
    }

    #[test]
    fn embedded_default_parses() {
        let c = Config::from_yaml(EMBEDDED_DEFAULT, "embedded", &|k| match k {
            "MOAT_API_KEY" => Some("moat-0123456789abcdef".into()),
            "OPENAI_API_KEY" => Some("sk-x".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert_eq!(c.upstreams["openai"].base_url, "https://api.openai.com/v1");
        assert_eq!(
            c.audit,
            AuditTarget::Store(moat_store::StoreConfig::default())
        );
    }

    #[test]
    fn example_audits_to_the_store() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/gateway.yaml"),
        )
        .unwrap();
        let c = Config::from_yaml(&text, "gateway.yaml", &|k| match k {
            "OPENAI_BASE_URL" => Some("http://127.0.0.1:9/v1".into()),
            "MOAT_LISTEN" | "MOAT_DATA_DIR" => None,
            _ => Some("x0123456789abcdef".into()),
        })
        .unwrap();
        let AuditTarget::Store(s) = &c.audit else {
            unreachable!("example audit is {:?}", c.audit)
        };
        assert_eq!(s.url, None);
        assert!(s.url().starts_with("sqlite://"));
    }

    #[test]
    fn audit_targets() {
        let base = "upstreams: { u: { provider: openai, base_url: http://127.0.0.1:1/v1 } }\nroutes: [{ models: ['*'], upstream: u }]\n";
        let parse = |a: &str| Config::from_yaml(&format!("{base}{a}"), "t.yaml", &|_| None);
        assert_eq!(parse("").unwrap().audit, AuditTarget::None);
        let AuditTarget::Store(s) = parse("audit: { sqlite: /tmp/a.db }").unwrap().audit else {
            unreachable!()
        };
        assert_eq!(s.url.as_deref(), Some("sqlite:///tmp/a.db"));
        let AuditTarget::Store(s) =
            parse("audit: { store: { url: \"postgres://u@h/db\", instance_id: gw-2 } }")
                .unwrap()
                .audit
        else {
            unreachable!()
        };
        assert_eq!(s.instance_id.as_deref(), Some("gw-2"));
        let e = parse("audit: { store: { url: \"mysql://x\" } }").unwrap_err();
        assert!(e.to_string().contains("audit.store.url"), "{e}");
        let e = parse("audit: { store: {}, jsonl: a.jsonl }").unwrap_err();
        assert!(e.to_string().contains("audit"), "{e}");
        assert!(parse("audit: { store: { bogus: 1 } }").is_err());
    }
}
