//! Targets: the AI endpoints under attack. Each kind builds its request and parses its answer in
//! its own file; this module sends them with a timeout and a bounded response size, and sorts
//! failures into kinds the runner can retry or record.

mod anthropic;
mod azure;
mod http;
mod openai;

pub use http::{AnswerPath, RequestTemplate};

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::probe::Tool;

/// Which API the target speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// OpenAI-compatible `/chat/completions` (OpenAI, vLLM, llama.cpp, Ollama, Moat's gateway).
    OpenAi,
    /// Azure OpenAI deployments.
    Azure,
    /// Anthropic Messages API.
    Anthropic,
    /// Any HTTP API, described by a request template and a path to the answer.
    Http,
}

impl std::str::FromStr for TargetKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "openai" => Ok(TargetKind::OpenAi),
            "azure" => Ok(TargetKind::Azure),
            "anthropic" => Ok(TargetKind::Anthropic),
            "http" => Ok(TargetKind::Http),
            _ => Err(format!(
                "invalid target kind `{s}`: expected one of openai, azure, anthropic, http"
            )),
        }
    }
}

/// A chat role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Operator instructions.
    System,
    /// The (attacking) user.
    User,
    /// The model.
    Assistant,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who speaks.
    pub role: Role,
    /// What they say.
    pub content: String,
}

/// What is sent: messages and the tools on offer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conversation {
    /// Messages, system first.
    pub messages: Vec<Message>,
    /// Tools offered natively (function calling).
    pub tools: Vec<Tool>,
}

/// A tool call made by the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// Tool name.
    pub name: String,
    /// Arguments as JSON text.
    pub arguments: String,
}

/// What the target answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The text.
    pub text: String,
    /// Tool calls.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// Why generation stopped (`stop`, `length`, `max_tokens`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<String>,
}

/// Why a request produced no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Could not connect or the connection broke.
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// No complete answer within the timeout.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// HTTP 429.
    #[error("rate limited (HTTP 429)")]
    RateLimited {
        /// The server's `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// Another non-success status.
    #[error("HTTP {status}: {body}")]
    Status {
        /// The status code.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// The body exceeded the size limit.
    #[error("response larger than {0} bytes")]
    TooLarge(usize),
    /// The body was not the expected shape.
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// A guardrail in front of the model refused the request or its answer (Moat's gateway:
    /// HTTP 400 with a `guard_*` reason; Azure OpenAI: `content_filter`). Not a failure to
    /// judge: the attack was stopped.
    #[error("blocked by a guardrail: {0}")]
    Blocked(String),
}

impl TargetError {
    /// A short kind name for reports.
    pub fn kind(&self) -> &'static str {
        match self {
            TargetError::Unreachable(_) => "unreachable",
            TargetError::Timeout(_) => "timeout",
            TargetError::RateLimited { .. } => "rate_limited",
            TargetError::Status { .. } => "http_status",
            TargetError::TooLarge(_) => "too_large",
            TargetError::Malformed(_) => "malformed",
            TargetError::Blocked(_) => "blocked",
        }
    }

    /// Whether trying again may help.
    pub fn retryable(&self) -> bool {
        match self {
            TargetError::Unreachable(_)
            | TargetError::Timeout(_)
            | TargetError::RateLimited { .. } => true,
            TargetError::Status { status, .. } => *status >= 500,
            TargetError::TooLarge(_) | TargetError::Malformed(_) | TargetError::Blocked(_) => false,
        }
    }
}

/// How to reach a target.
#[derive(Debug, Clone)]
pub struct TargetConfig {
    /// API kind.
    pub kind: TargetKind,
    /// Base URL (`https://api.openai.com/v1`, `https://NAME.openai.azure.com`,
    /// `https://api.anthropic.com`) or, for `http`, the full endpoint URL.
    pub url: String,
    /// Model (Azure: deployment name).
    pub model: String,
    /// API key, read from the environment by the caller.
    pub api_key: Option<String>,
    /// Azure `api-version`.
    pub api_version: String,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Generic HTTP: the request template.
    pub template: Option<RequestTemplate>,
    /// Generic HTTP: where the answer is in the response JSON.
    pub answer_path: Option<AnswerPath>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Largest response body read.
    pub max_response_bytes: usize,
    /// Sampling temperature.
    pub temperature: f32,
    /// Output token limit per answer.
    pub max_tokens: u32,
    /// Seed passed to APIs that accept one.
    pub seed: Option<u64>,
    /// Whether to offer tools through native function calling (they are always also described
    /// in the system prompt).
    pub native_tools: bool,
}

impl TargetConfig {
    /// A configuration with defaults: 60 s timeout, 1 MiB bodies, temperature 0, 512 tokens.
    pub fn new(kind: TargetKind, url: impl Into<String>, model: impl Into<String>) -> Self {
        TargetConfig {
            kind,
            url: url.into(),
            model: model.into(),
            api_key: None,
            api_version: "2024-10-21".into(),
            headers: Vec::new(),
            template: None,
            answer_path: None,
            timeout: Duration::from_secs(60),
            max_response_bytes: 1024 * 1024,
            temperature: 0.0,
            max_tokens: 512,
            seed: None,
            native_tools: true,
        }
    }
}

/// A request ready to send.
struct Prepared {
    url: String,
    headers: Vec<(String, String)>,
    body: serde_json::Value,
}

/// A target: configuration plus an HTTP client.
#[derive(Debug, Clone)]
pub struct Target {
    cfg: TargetConfig,
    client: reqwest::Client,
}

impl Target {
    /// Build the target, checking its configuration.
    pub fn new(cfg: TargetConfig) -> Result<Target, String> {
        let url =
            reqwest::Url::parse(&cfg.url).map_err(|e| format!("--target `{}`: {e}", cfg.url))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("--target `{}`: only http and https URLs", cfg.url));
        }
        match cfg.kind {
            TargetKind::Http => {
                if cfg.template.is_none() {
                    return Err("an http target needs --request-template".into());
                }
                if cfg.answer_path.is_none() {
                    return Err("an http target needs --answer-path".into());
                }
            }
            TargetKind::Azure | TargetKind::Anthropic if cfg.api_key.is_none() => {
                return Err(format!(
                    "a {} target needs an API key in the environment",
                    if cfg.kind == TargetKind::Azure {
                        "azure (AZURE_OPENAI_API_KEY)"
                    } else {
                        "anthropic (ANTHROPIC_API_KEY)"
                    }
                ));
            }
            _ => {}
        }
        let client = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("moat-redteam/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(Target { cfg, client })
    }

    /// The configuration.
    pub fn config(&self) -> &TargetConfig {
        &self.cfg
    }

    /// Send one conversation and return the answer.
    pub async fn send(&self, conv: &Conversation) -> Result<Answer, TargetError> {
        let prepared = match self.cfg.kind {
            TargetKind::OpenAi => openai::prepare(&self.cfg, conv),
            TargetKind::Azure => azure::prepare(&self.cfg, conv),
            TargetKind::Anthropic => anthropic::prepare(&self.cfg, conv),
            TargetKind::Http => http::prepare(&self.cfg, conv)?,
        };
        let body = self.post(prepared).await?;
        match self.cfg.kind {
            TargetKind::OpenAi | TargetKind::Azure => openai::parse(&body),
            TargetKind::Anthropic => anthropic::parse(&body),
            TargetKind::Http => http::parse(&self.cfg, &body),
        }
    }

    async fn post(&self, p: Prepared) -> Result<Vec<u8>, TargetError> {
        let timeout = self.cfg.timeout;
        let body = serde_json::to_vec(&p.body)
            .map_err(|e| TargetError::Malformed(format!("request body: {e}")))?;
        let mut req = self
            .client
            .post(&p.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        for (k, v) in p.headers.iter().chain(self.cfg.headers.iter()) {
            req = req.header(k.as_str(), v.as_str());
        }
        let fut = async {
            let mut resp = req.send().await.map_err(|e| classify(e, timeout))?;
            let status = resp.status();
            if status.as_u16() == 429 {
                let retry_after = resp
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, time::OffsetDateTime::now_utc()));
                return Err(TargetError::RateLimited { retry_after });
            }
            let moat_reason = resp
                .headers()
                .get("x-moat-reason")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            if let Some(len) = resp.content_length() {
                if len as usize > self.cfg.max_response_bytes {
                    return Err(TargetError::TooLarge(self.cfg.max_response_bytes));
                }
            }
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(|e| classify(e, timeout))? {
                if body.len() + chunk.len() > self.cfg.max_response_bytes {
                    return Err(TargetError::TooLarge(self.cfg.max_response_bytes));
                }
                body.extend_from_slice(&chunk);
            }
            if !status.is_success() {
                if status.as_u16() == 400 {
                    if let Some(reason) = guard_block(moat_reason.as_deref(), &body) {
                        return Err(TargetError::Blocked(reason));
                    }
                }
                let text = String::from_utf8_lossy(&body);
                return Err(TargetError::Status {
                    status: status.as_u16(),
                    body: text.chars().take(300).collect(),
                });
            }
            Ok(body)
        };
        // The client timeout covers the whole exchange too; this guards slow-drip bodies.
        match tokio::time::timeout(timeout + Duration::from_millis(250), fut).await {
            Ok(r) => r,
            Err(_) => Err(TargetError::Timeout(timeout)),
        }
    }
}

fn classify(e: reqwest::Error, timeout: Duration) -> TargetError {
    if e.is_timeout() {
        TargetError::Timeout(timeout)
    } else {
        // The full error chain says why (refused, reset, DNS).
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        TargetError::Unreachable(msg)
    }
}

/// `Retry-After` as seconds or an HTTP date (RFC 9110), relative to `now`; a date in the past
/// means "now".
pub fn parse_retry_after(v: &str, now: time::OffsetDateTime) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when =
        time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()?;
    let secs = (when - now).whole_seconds().max(0);
    Some(Duration::from_secs(secs as u64))
}

/// The reason a 400 answer is a guardrail's block, if it is one: Moat's `x-moat-reason` or
/// `error.code` `guard_*`, or Azure OpenAI's `content_filter`.
fn guard_block(header: Option<&str>, body: &[u8]) -> Option<String> {
    if let Some(h) = header.filter(|h| h.starts_with("guard_")) {
        return Some(h.to_string());
    }
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let code = v.pointer("/error/code").and_then(|c| c.as_str())?;
    (code.starts_with("guard_") || code == "content_filter").then(|| code.to_string())
}

/// The text of `conv` as the plain system prompt, for APIs that take it apart.
fn system_text(conv: &Conversation) -> String {
    conv.messages
        .iter()
        .filter(|m| m.role == Role::System)
        .map(|m| m.content.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn parse_json(body: &[u8]) -> Result<serde_json::Value, TargetError> {
    serde_json::from_slice(body).map_err(|e| {
        let start: String = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        TargetError::Malformed(format!("not JSON ({e}); starts with {start:?}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = time::macros::datetime!(2026-03-01 12:00:00 UTC);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 01 Mar 2026 12:00:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn guard_blocks_are_recognised() {
        assert_eq!(
            guard_block(Some("guard_injection"), b"").as_deref(),
            Some("guard_injection")
        );
        assert_eq!(
            guard_block(None, br#"{"error":{"code":"content_filter"}}"#).as_deref(),
            Some("content_filter")
        );
        assert_eq!(
            guard_block(None, br#"{"error":{"code":"guard_sensitive_data"}}"#).as_deref(),
            Some("guard_sensitive_data")
        );
        assert_eq!(
            guard_block(None, br#"{"error":{"code":"bad_model"}}"#),
            None
        );
        assert_eq!(guard_block(Some("unknown_model"), b"<html>"), None);
    }
}
