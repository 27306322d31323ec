//! Authentication: who is calling. Credentials are read from `Authorization: Bearer`, `api-key`
//! (Azure SDKs) or `x-api-key` (Anthropic SDKs); a Moat API key, a Moat-issued JWT, or a token
//! from a configured OpenID Connect provider ([`oidc`]) is accepted.
//!
//! The logic is [`Authenticator::authenticate`], a plain function of the headers; [`AuthLayer`]
//! is the thin tower adapter that runs it per request and puts the [`Identity`] in the request
//! extensions.
//!
//! ```
//! use moat_gateway::auth::{Authenticator, api_key};
//! use moat_gateway::config::StaticKey;
//! let key = "moat_abcdefgh_0123456789abcdefghij";
//! let authn = Authenticator::new(vec![StaticKey {
//!     name: "bot".into(), sha256: api_key::hash_key(key),
//!     scopes: vec!["models:*".into()], groups: vec![] }], None);
//! let mut h = axum::http::HeaderMap::new();
//! h.insert("authorization", format!("Bearer {key}").parse().unwrap());
//! assert_eq!(authn.authenticate(&h).unwrap().id, "bot");
//! ```

pub mod api_key;
pub mod jwt;
mod layer;
pub mod oidc;
mod service;

pub use layer::{AuthLayer, AuthSource};
pub use service::Auth;

use axum::http::HeaderMap;
use moat_core::{Identity, PrincipalKind};

use crate::config::StaticKey;
use crate::error::{ErrorKind, GatewayError};

/// Checks credentials against the configured keys and token verifier.
#[derive(Debug, Clone)]
pub struct Authenticator {
    keys: Vec<StaticKey>,
    jwt: Option<jwt::Verifier>,
    store: Option<moat_store::Store>,
    oidc: Vec<oidc::Provider>,
}

/// Longest credential accepted in a header.
const MAX_CREDENTIAL: usize = 8192;

fn unauthenticated(code: &'static str, msg: &str) -> GatewayError {
    GatewayError::new(ErrorKind::Unauthenticated, code, msg)
}

/// The credential a request presents, from the first header that carries one.
pub fn presented_credential(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
        let v = v.trim();
        if let Some(rest) = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
        {
            return Some(rest.trim());
        }
    }
    for name in ["api-key", "x-api-key"] {
        if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
            return Some(v.trim());
        }
    }
    None
}

impl Authenticator {
    /// Keys from the file and an optional JWT verifier.
    pub fn new(keys: Vec<StaticKey>, jwt: Option<jwt::Verifier>) -> Self {
        Authenticator {
            keys,
            jwt,
            store: None,
            oidc: Vec::new(),
        }
    }

    /// Also accept tokens from these OpenID Connect providers (picked by the token's `iss`).
    pub fn with_oidc(mut self, providers: Vec<oidc::Provider>) -> Self {
        self.oidc = providers;
        self
    }

    /// The configured OpenID Connect providers.
    pub fn oidc_providers(&self) -> &[oidc::Provider] {
        &self.oidc
    }

    /// A token from a configured OpenID Connect provider: `Some` with the outcome when the
    /// credential is a JWT whose `iss` names one, `None` otherwise.
    async fn authenticate_oidc(
        &self,
        headers: &HeaderMap,
    ) -> Option<Result<Identity, GatewayError>> {
        if self.oidc.is_empty() {
            return None;
        }
        let cred = presented_credential(headers)?;
        if !looks_like_jwt(cred) || cred.len() > MAX_CREDENTIAL {
            return None;
        }
        let refuse = |e: oidc::OidcError| {
            tracing::debug!(error = %e, "token refused");
            match e {
                oidc::OidcError::KeysUnavailable => GatewayError::new(
                    ErrorKind::Unavailable,
                    e.code(),
                    "the identity provider's signing keys cannot be loaded; try again shortly",
                ),
                _ => unauthenticated(e.code(), &format!("invalid token: {e}")),
            }
        };
        let iss = match oidc::unverified_issuer(cred) {
            Ok(i) => i,
            Err(e) => return Some(Err(refuse(e))),
        };
        match self
            .oidc
            .iter()
            .find(|p| Some(p.issuer()) == iss.as_deref())
        {
            Some(p) => Some(p.verify(cred).await.map_err(refuse)),
            // Not an external provider's: Moat's own tokens are checked next, if configured.
            None if self.jwt.is_some() => None,
            None => Some(Err(refuse(oidc::OidcError::Issuer))),
        }
    }

    /// Also accept keys kept in `store` (looked up by their `moat_<id>` prefix; the record's
    /// hash is the SHA-256 of the whole key). Revoked and expired keys are refused.
    pub fn with_store(mut self, store: moat_store::Store) -> Self {
        self.store = Some(store);
        self
    }

    /// A token from a configured OpenID Connect provider (picked by its `iss`); else
    /// [`Authenticator::authenticate`], then, for a key not in the file, the store's keys.
    pub async fn authenticate_with_store(
        &self,
        headers: &HeaderMap,
    ) -> Result<Identity, GatewayError> {
        if let Some(r) = self.authenticate_oidc(headers).await {
            return r;
        }
        let err = match self.authenticate(headers) {
            Ok(id) => return Ok(id),
            Err(e) => e,
        };
        let (Some(store), "invalid_credentials") = (&self.store, err.code) else {
            return Err(err);
        };
        let Some(cred) = presented_credential(headers) else {
            return Err(err);
        };
        let Some(prefix) = api_key::key_id(cred) else {
            return Err(err);
        };
        let rec = match store.api_key_by_prefix(prefix).await {
            Ok(Some(r)) => r,
            Ok(None) => return Err(err),
            Err(e) => {
                tracing::error!(error = %e, "API key store lookup failed");
                return Err(GatewayError::new(
                    ErrorKind::Internal,
                    "key_store_unavailable",
                    "the key store could not be read",
                ));
            }
        };
        let Ok(stored) = <[u8; 32]>::try_from(rec.hash.as_slice()) else {
            return Err(err);
        };
        if !api_key::matches(&api_key::hash_key(cred), &stored) {
            return Err(err);
        }
        if rec.revoked.is_some() {
            return Err(unauthenticated(
                "key_revoked",
                "this API key has been revoked",
            ));
        }
        if !rec.is_active(moat_store::time::OffsetDateTime::now_utc()) {
            return Err(unauthenticated("key_expired", "this API key has expired"));
        }
        Ok(Identity {
            kind: PrincipalKind::Agent,
            id: rec.agent,
            credential_id: Some(rec.id),
            groups: Vec::new(),
            scopes: rec.scopes,
        })
    }

    /// Identify the caller from the configured keys and Moat's own tokens, or say why not
    /// (401). Keys kept in the store and external OpenID Connect tokens need network access:
    /// they are checked by [`Authenticator::authenticate_with_store`], which the server uses.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Identity, GatewayError> {
        let Some(cred) = presented_credential(headers) else {
            return Err(unauthenticated(
                "missing_credentials",
                "no credentials: send a Moat API key or token as `Authorization: Bearer ...`",
            ));
        };
        if cred.is_empty() || cred.len() > MAX_CREDENTIAL {
            return Err(unauthenticated(
                "invalid_credentials",
                "invalid credentials",
            ));
        }
        if looks_like_jwt(cred) {
            let Some(v) = &self.jwt else {
                return Err(unauthenticated(
                    "invalid_credentials",
                    "tokens are not accepted by this gateway",
                ));
            };
            let claims = v.verify(cred).map_err(|e| {
                tracing::debug!(error = %e, "token refused");
                unauthenticated("invalid_token", "invalid or expired token")
            })?;
            return Ok(Identity {
                kind: PrincipalKind::Agent,
                id: claims.sub,
                credential_id: Some(format!("jwt:{}", claims.jti)),
                groups: Vec::new(),
                scopes: claims.scope.split_whitespace().map(str::to_owned).collect(),
            });
        }
        let hash = api_key::hash_key(cred);
        // Compare against every key so timing does not reveal which ones exist.
        let mut found = None;
        for k in &self.keys {
            if api_key::matches(&hash, &k.sha256) {
                found = Some(k);
            }
        }
        match found {
            Some(k) => Ok(Identity {
                kind: PrincipalKind::Agent,
                id: k.name.clone(),
                credential_id: Some(
                    api_key::key_id(cred)
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("config:{}", k.name)),
                ),
                groups: k.groups.clone(),
                scopes: k.scopes.clone(),
            }),
            None => Err(unauthenticated("invalid_credentials", "invalid API key")),
        }
    }
}

/// A JWT has exactly two dots and starts with a base64url JSON header.
fn looks_like_jwt(cred: &str) -> bool {
    cred.starts_with("eyJ") && cred.matches('.').count() == 2
}

/// True when `scopes` allow `model` (`models:*`, `models:NAME`, or `models:PREFIX*`).
pub fn scope_allows(scopes: &[String], model: &str) -> bool {
    scopes.iter().any(|s| {
        let Some(pat) = s.strip_prefix("models:") else {
            return false;
        };
        match pat.strip_suffix('*') {
            Some(prefix) => model.starts_with(prefix),
            None => pat == model,
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn authn() -> Authenticator {
        Authenticator::new(
            vec![StaticKey {
                name: "bot".into(),
                sha256: api_key::hash_key("secret-key-0123456789"),
                scopes: vec!["models:gpt-4o".into()],
                groups: vec!["team".into()],
            }],
            None,
        )
    }

    fn headers(name: &str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
        h
    }

    #[test]
    fn header_forms() {
        let a = authn();
        for (n, v) in [
            ("authorization", "Bearer secret-key-0123456789"),
            ("api-key", "secret-key-0123456789"),
            ("x-api-key", "secret-key-0123456789"),
        ] {
            let id = a.authenticate(&headers(n, v)).unwrap();
            assert_eq!(id.id, "bot");
            assert_eq!(id.credential_id.as_deref(), Some("config:bot"));
        }
        let e = a.authenticate(&HeaderMap::new()).unwrap_err();
        assert_eq!(e.code, "missing_credentials");
        let e = a
            .authenticate(&headers("authorization", "Bearer wrong"))
            .unwrap_err();
        assert_eq!(e.code, "invalid_credentials");
        let e = a
            .authenticate(&headers("authorization", "Bearer eyJx.y.z"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unauthenticated);
    }

    #[test]
    fn scopes() {
        let s = vec!["models:gpt-4o".to_string(), "models:claude-*".to_string()];
        assert!(scope_allows(&s, "gpt-4o"));
        assert!(!scope_allows(&s, "gpt-4o-mini"));
        assert!(scope_allows(&s, "claude-3"));
        assert!(scope_allows(&["models:*".into()], "anything"));
        assert!(!scope_allows(&["embed:*".into()], "x"));
    }
}
