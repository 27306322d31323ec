//! The `mcp:` section: MCP servers Moat fronts at `/mcp/{name}`, and the approvals queue.
//!
//! ```yaml
//! mcp:
//!   public_url: https://moat.example.com      # what clients use; names each server's resource
//!   servers:
//!     demo:
//!       url: ${MCP_UPSTREAM_URL}                # remote Streamable HTTP server, or:
//!       # command: [node, /opt/server/index.js]  # a local stdio server Moat launches itself
//!       headers: { Authorization: "Bearer ${DEMO_TOKEN}" }   # upstream credential
//!       pinning: true
//!       scan_descriptions: true
//!       results: { injection: block, dlp: redact }
//!       approval: { tools: ["send_*", "delete_*"] }
//!   approvals: { ttl: 15m, hold: 30s, webhooks: [{ url: https://hooks.example/x, format: slack }] }
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use moat_core::Action;
use moat_mcp::approval::RulesConfig;
use serde::Deserialize;

use super::{Allow, ConfigError, SurfacePolicy, duration_field};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct RawMcp {
    public_url: Option<String>,
    authorization_servers: Vec<String>,
    max_message_bytes: Option<usize>,
    servers: BTreeMap<String, RawServer>,
    approvals: RawApprovals,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawServer {
    url: Option<String>,
    command: Option<Vec<String>>,
    env: BTreeMap<String, String>,
    cwd: Option<PathBuf>,
    headers: BTreeMap<String, String>,
    auth: Option<ClientAuth>,
    pinning: Option<bool>,
    scan_descriptions: Option<bool>,
    results: Option<SurfacePolicy>,
    arguments: Option<SurfacePolicy>,
    allow: Allow,
    tools: ToolFilter,
    approval: RulesConfig,
    timeout: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawApprovals {
    ttl: Option<String>,
    hold: Option<String>,
    webhooks: Vec<Webhook>,
}

/// Whether clients must authenticate to reach a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientAuth {
    /// A Moat API key or token with an `mcp:` scope for the server (the default).
    #[default]
    Required,
    /// Anyone may call (an explicit opt-out, logged at start-up; calls are still guarded,
    /// pinned and audited, as principal `anonymous`).
    None,
}

/// Which of a server's tools exist for clients at all (globs). Empty `allow`: every tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ToolFilter {
    /// Tools offered (globs).
    pub allow: Vec<String>,
    /// Tools never offered (globs; wins over `allow`).
    pub deny: Vec<String>,
}

impl ToolFilter {
    /// The tool is offered.
    pub fn permits(&self, tool: &str) -> bool {
        use moat_mcp::approval::glob_match;
        (self.allow.is_empty() || self.allow.iter().any(|p| glob_match(p, tool)))
            && !self.deny.iter().any(|p| glob_match(p, tool))
    }
}

/// A notification target for new approval requests.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// Where to POST.
    pub url: String,
    /// Body format.
    #[serde(default)]
    pub format: WebhookFormat,
    /// Extra headers (e.g. a shared secret).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// Body format of a webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookFormat {
    /// Moat's JSON: `{"event": "approval.requested", "approval": {...}, "links": {...}}`.
    #[default]
    Json,
    /// A Slack-compatible message (`text` and `blocks`).
    Slack,
}

/// How Moat reaches a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// Streamable HTTP at this URL.
    Http {
        /// The server's MCP endpoint.
        url: String,
    },
    /// A local process Moat launches, speaking newline-delimited JSON-RPC on stdio.
    Stdio {
        /// Program and arguments, fixed in configuration.
        command: Vec<String>,
        /// Extra environment (the rest is cleared but for `PATH` and `HOME`).
        env: BTreeMap<String, String>,
        /// Working directory.
        cwd: Option<PathBuf>,
    },
}

/// One validated MCP server.
#[derive(Debug, Clone)]
pub struct McpServer {
    /// Name (the path segment in `/mcp/{name}`).
    pub name: String,
    /// How to reach it.
    pub transport: Transport,
    /// Headers Moat adds upstream (credentials); clients' credentials are never forwarded.
    pub headers: BTreeMap<String, String>,
    /// Client authentication.
    pub auth: ClientAuth,
    /// Hold new and changed tools until approved.
    pub pinning: bool,
    /// Scan tool definitions for poisoning.
    pub scan_descriptions: bool,
    /// Guard on tool results.
    pub results: SurfacePolicy,
    /// Guard on tool-call arguments.
    pub arguments: SurfacePolicy,
    /// Who may use the server at all.
    pub allow: Allow,
    /// Which tools are offered.
    pub tools: ToolFilter,
    /// Calls that need a human's approval.
    pub approval: RulesConfig,
    /// Time allowed for the upstream to answer one request.
    pub timeout: Duration,
}

/// The validated `mcp:` section.
#[derive(Debug, Clone, Default)]
pub struct McpConfig {
    /// Base URL clients reach Moat at (no trailing slash), e.g. `https://moat.example.com`.
    pub public_url: Option<String>,
    /// Authorization servers advertised in the protected-resource metadata.
    pub authorization_servers: Vec<String>,
    /// Largest JSON-RPC message accepted from either side.
    pub max_message_bytes: usize,
    /// Servers by name.
    pub servers: BTreeMap<String, McpServer>,
    /// How long an approval request lives.
    pub approval_ttl: Duration,
    /// How long a held call waits for a decision before answering "pending".
    pub approval_hold: Duration,
    /// Notified of each new approval request.
    pub webhooks: Vec<Webhook>,
}

fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 64
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn http_url(src: &str, field: &str, u: &str) -> Result<String, ConfigError> {
    let t = u.trim().trim_end_matches('/');
    if !(t.starts_with("http://") || t.starts_with("https://")) || t.len() < 10 {
        return Err(ConfigError::field(
            src,
            field,
            format!("`{u}` is not an http(s) URL"),
        ));
    }
    reqwest::Url::parse(t).map_err(|e| ConfigError::field(src, field, format!("`{u}`: {e}")))?;
    Ok(t.to_owned())
}

pub(super) fn validate(raw: RawMcp, src: &str) -> Result<McpConfig, ConfigError> {
    let mut servers = BTreeMap::new();
    for (name, s) in raw.servers {
        let f = |k: &str| format!("mcp.servers.{name}.{k}");
        if !valid_name(&name) {
            return Err(ConfigError::field(
                src,
                &format!("mcp.servers.{name}"),
                "server names are 1-64 letters, digits, `-` or `_`",
            ));
        }
        let transport = match (&s.url, &s.command) {
            (Some(u), None) => Transport::Http {
                url: http_url(src, &f("url"), u)?,
            },
            (None, Some(c)) => {
                if c.is_empty() || c[0].trim().is_empty() {
                    return Err(ConfigError::field(src, &f("command"), "is empty"));
                }
                Transport::Stdio {
                    command: c.clone(),
                    env: s.env.clone(),
                    cwd: s.cwd.clone(),
                }
            }
            _ => {
                return Err(ConfigError::field(
                    src,
                    &format!("mcp.servers.{name}"),
                    "give exactly one of `url` (remote) and `command` (local stdio)",
                ));
            }
        };
        if !s.env.is_empty() && s.command.is_none() {
            return Err(ConfigError::field(
                src,
                &f("env"),
                "only for `command` servers",
            ));
        }
        for (k, v) in &s.headers {
            if axum::http::HeaderName::from_bytes(k.as_bytes()).is_err()
                || axum::http::HeaderValue::from_str(v).is_err()
            {
                return Err(ConfigError::field(
                    src,
                    &f("headers"),
                    format!("`{k}` is not a valid header"),
                ));
            }
        }
        moat_mcp::approval::Rules::new(&s.approval)
            .map_err(|e| ConfigError::field(src, &f("approval"), e))?;
        let results = s.results.unwrap_or(SurfacePolicy {
            check: true,
            injection: Action::Block,
            dlp: None,
        });
        // Arguments are what the model means to send: by default findings are recorded (and
        // visible to Cedar policies and approval rules), not rewritten, so a call is not broken
        // by masking the address it was meant for. Configure `dlp: mask|block` to change that.
        let arguments = s.arguments.unwrap_or(SurfacePolicy {
            check: true,
            injection: Action::Alert,
            dlp: Some(Action::Alert),
        });
        servers.insert(
            name.clone(),
            McpServer {
                name: name.clone(),
                transport,
                headers: s.headers,
                auth: s.auth.unwrap_or_default(),
                pinning: s.pinning.unwrap_or(true),
                scan_descriptions: s.scan_descriptions.unwrap_or(true),
                results,
                arguments,
                allow: s.allow,
                tools: s.tools,
                approval: s.approval,
                timeout: duration_field(src, &f("timeout"), &s.timeout, Duration::from_secs(60))?,
            },
        );
    }
    let public_url = raw
        .public_url
        .as_deref()
        .map(|u| http_url(src, "mcp.public_url", u))
        .transpose()?;
    for (i, a) in raw.authorization_servers.iter().enumerate() {
        http_url(src, &format!("mcp.authorization_servers[{i}]"), a)?;
    }
    for (i, w) in raw.approvals.webhooks.iter().enumerate() {
        http_url(src, &format!("mcp.approvals.webhooks[{i}].url"), &w.url)?;
    }
    let max = raw.max_message_bytes.unwrap_or(4 << 20);
    if !(1024..=(64 << 20)).contains(&max) {
        return Err(ConfigError::field(
            src,
            "mcp.max_message_bytes",
            "must be between 1 KiB and 64 MiB",
        ));
    }
    Ok(McpConfig {
        public_url,
        authorization_servers: raw.authorization_servers,
        max_message_bytes: max,
        servers,
        approval_ttl: duration_field(
            src,
            "mcp.approvals.ttl",
            &raw.approvals.ttl,
            Duration::from_secs(900),
        )?,
        approval_hold: duration_field(
            src,
            "mcp.approvals.hold",
            &raw.approvals.hold,
            Duration::from_secs(30),
        )?,
        webhooks: raw.approvals.webhooks,
    })
}
