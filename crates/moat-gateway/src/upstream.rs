//! Reaching upstreams: URLs per provider, the headers that may cross (client credentials never
//! do), and upstream credentials, including Entra ID tokens fetched and refreshed here.

use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use tokio::sync::Mutex;

use crate::config::{Credential, ProviderKind, Upstream};
use crate::error::{ErrorKind, GatewayError};
use crate::provider::Surface;

/// Request headers copied from the client to the upstream. Everything else, and in particular
/// `authorization`, `api-key` and `x-api-key`, is dropped.
pub const FORWARDED_REQUEST_HEADERS: &[&str] = &[
    "anthropic-version",
    "anthropic-beta",
    "openai-beta",
    "user-agent",
];

/// Default `anthropic-version` when the client sends none.
const ANTHROPIC_VERSION: &str = "2023-06-01";

/// The upstream URL for a request.
pub fn upstream_url(up: &Upstream, surface: Surface, model: &str) -> Result<String, GatewayError> {
    let base = &up.base_url;
    match (up.provider, surface) {
        (ProviderKind::Anthropic, Surface::Messages) => Ok(format!("{base}/v1/messages")),
        (ProviderKind::OpenAi, s) if s != Surface::Messages => {
            Ok(format!("{base}/{}", s.openai_path()))
        }
        (ProviderKind::Azure, Surface::Responses) => Ok(format!("{base}/openai/v1/responses")),
        (ProviderKind::Azure, s) if s != Surface::Messages => {
            if model.is_empty()
                || !model
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            {
                return Err(GatewayError::bad_request(
                    "invalid_deployment",
                    "the deployment name may only hold letters, digits, `-`, `_` and `.`",
                ));
            }
            Ok(format!(
                "{base}/openai/deployments/{model}/{}?api-version={}",
                s.openai_path(),
                up.api_version
            ))
        }
        _ => Err(GatewayError::bad_request(
            "route_provider_mismatch",
            format!(
                "this model is served by a `{}` upstream, which does not speak the `{}` API",
                up.provider.as_str(),
                surface.action()
            ),
        )),
    }
}

#[derive(Debug, Clone)]
struct CachedToken {
    token: String,
    refresh_at: Instant,
}

/// Credentials for one upstream, with the Entra token cache.
#[derive(Debug)]
pub struct Credentials {
    credential: Credential,
    provider: ProviderKind,
    cache: Mutex<Option<CachedToken>>,
}

/// Percent-encode a form value.
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Credentials {
    /// Credentials for `up`.
    pub fn new(up: &Upstream) -> Self {
        Credentials {
            credential: up.credential.clone(),
            provider: up.provider,
            cache: Mutex::new(None),
        }
    }

    async fn entra_token(
        &self,
        client: &reqwest::Client,
        token_url: &str,
        client_id: &str,
        secret: &str,
        scope: &str,
    ) -> Result<String, GatewayError> {
        let mut guard = self.cache.lock().await;
        if let Some(c) = guard.as_ref()
            && Instant::now() < c.refresh_at
        {
            return Ok(c.token.clone());
        }
        let body = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}&scope={}",
            form_encode(client_id),
            form_encode(secret),
            form_encode(scope)
        );
        let failed = |m: String| {
            tracing::warn!(error = %m, "entra token request failed");
            GatewayError::new(
                ErrorKind::UpstreamUnavailable,
                "upstream_credentials",
                "could not obtain a token for the upstream",
            )
        };
        let resp = client
            .post(token_url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .timeout(Duration::from_secs(15))
            .send()
            .await
            .map_err(|e| failed(e.to_string()))?;
        if !resp.status().is_success() {
            return Err(failed(format!("status {}", resp.status())));
        }
        let bytes = resp.bytes().await.map_err(|e| failed(e.to_string()))?;
        if bytes.len() > 64 * 1024 {
            return Err(failed("token response too large".into()));
        }
        let v: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| failed(e.to_string()))?;
        let token = v
            .get("access_token")
            .and_then(|t| t.as_str())
            .ok_or_else(|| failed("no access_token".into()))?
            .to_owned();
        let expires = v
            .get("expires_in")
            .and_then(|e| {
                e.as_u64()
                    .or_else(|| e.as_str().and_then(|s| s.parse().ok()))
            })
            .unwrap_or(300);
        // Refresh a minute early (or at half-life for short tokens).
        let lead = 60.min(expires / 2);
        *guard = Some(CachedToken {
            token: token.clone(),
            refresh_at: Instant::now() + Duration::from_secs(expires.saturating_sub(lead)),
        });
        Ok(token)
    }

    /// Add the upstream's credential headers.
    pub async fn apply(
        &self,
        client: &reqwest::Client,
        mut rb: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, GatewayError> {
        match &self.credential {
            Credential::None => {}
            Credential::ApiKey(k) => {
                rb = match self.provider {
                    ProviderKind::OpenAi => rb.bearer_auth(k),
                    ProviderKind::Azure => rb.header("api-key", k),
                    ProviderKind::Anthropic => rb.header("x-api-key", k),
                };
            }
            Credential::Entra {
                token_url,
                client_id,
                client_secret,
                scope,
            } => {
                let t = self
                    .entra_token(client, token_url, client_id, client_secret, scope)
                    .await?;
                rb = rb.bearer_auth(t);
            }
        }
        Ok(rb)
    }
}

/// Copy the allowed client headers, and set the ones the gateway owns.
pub fn forward_headers(
    client_headers: &HeaderMap,
    provider: ProviderKind,
    mut rb: reqwest::RequestBuilder,
) -> reqwest::RequestBuilder {
    for name in FORWARDED_REQUEST_HEADERS {
        if let Some(v) = client_headers.get(*name)
            && let Ok(s) = v.to_str()
        {
            rb = rb.header(*name, s);
        }
    }
    if provider == ProviderKind::Anthropic && !client_headers.contains_key("anthropic-version") {
        rb = rb.header("anthropic-version", ANTHROPIC_VERSION);
    }
    // The gateway reads bodies to guard them, so ask for them uncompressed.
    rb.header("content-type", "application/json")
        .header("accept-encoding", "identity")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn up(provider: ProviderKind) -> Upstream {
        Upstream {
            name: "u".into(),
            provider,
            base_url: "http://h".into(),
            credential: Credential::None,
            api_version: "2024-10-21".into(),
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            upstream_url(&up(ProviderKind::OpenAi), Surface::ChatCompletions, "m").unwrap(),
            "http://h/chat/completions"
        );
        assert_eq!(
            upstream_url(&up(ProviderKind::Azure), Surface::Embeddings, "dep-1").unwrap(),
            "http://h/openai/deployments/dep-1/embeddings?api-version=2024-10-21"
        );
        assert!(upstream_url(&up(ProviderKind::Azure), Surface::Embeddings, "../x").is_err());
        assert_eq!(
            upstream_url(&up(ProviderKind::Anthropic), Surface::Messages, "c").unwrap(),
            "http://h/v1/messages"
        );
        let e =
            upstream_url(&up(ProviderKind::Anthropic), Surface::ChatCompletions, "c").unwrap_err();
        assert_eq!(e.code, "route_provider_mismatch");
        assert_eq!(form_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
