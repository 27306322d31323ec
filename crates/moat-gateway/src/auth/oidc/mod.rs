//! Tokens from external OpenID Connect providers (`auth.oidc`): JWTs checked against the
//! provider's published keys (JWKS) for signature, algorithm, issuer, audience and expiry. A
//! token is matched to its provider by its `iss` claim; the caller becomes a
//! [`PrincipalKind::User`] with the groups and scopes its claims carry.

pub mod config;
pub mod jwks;

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind as JwtKind;
use jsonwebtoken::{Algorithm, Validation};
use moat_core::{Identity, PrincipalKind};
use serde_json::{Map, Value};

pub use config::{JwksSource, OidcConfig};
pub use jwks::Jwks;

/// Longest token accepted.
pub const MAX_TOKEN: usize = 8192;
/// Most groups, and most scopes, taken from a token.
pub const MAX_LIST: usize = 256;
/// Longest user id, group or scope taken from a token.
pub const MAX_ITEM: usize = 256;

/// Why a token was refused. [`OidcError::code`] is the reason code clients and audit see.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcError {
    /// Not a well-formed JWT (or too long, or with a critical header we do not know).
    #[error("malformed token: {0}")]
    Malformed(String),
    /// The header's algorithm is not accepted, or does not fit the key.
    #[error("algorithm not accepted: {0}")]
    Algorithm(String),
    /// No key with the token's `kid`.
    #[error("no signing key with this key id")]
    UnknownKey,
    /// The signature does not verify.
    #[error("bad signature")]
    Signature,
    /// `exp` has passed.
    #[error("token expired")]
    Expired,
    /// `nbf` is still ahead.
    #[error("token not yet valid")]
    NotYetValid,
    /// The issuer is not a configured provider.
    #[error("issuer not accepted")]
    Issuer,
    /// The audience does not name this gateway.
    #[error("audience not accepted")]
    Audience,
    /// A required claim is missing or has the wrong type.
    #[error("claims: {0}")]
    Claims(String),
    /// The provider's keys cannot be loaded and none are cached.
    #[error("the identity provider's signing keys are unavailable")]
    KeysUnavailable,
}

impl OidcError {
    /// Stable reason code.
    pub fn code(&self) -> &'static str {
        match self {
            OidcError::Malformed(_) => "token_malformed",
            OidcError::Algorithm(_) => "token_algorithm",
            OidcError::UnknownKey => "token_unknown_key",
            OidcError::Signature => "token_signature",
            OidcError::Expired => "token_expired",
            OidcError::NotYetValid => "token_not_yet_valid",
            OidcError::Issuer => "token_issuer",
            OidcError::Audience => "token_audience",
            OidcError::Claims(_) => "token_claims",
            OidcError::KeysUnavailable => "jwks_unavailable",
        }
    }
}

fn b64_json(part: &str, max: usize, what: &str) -> Result<Map<String, Value>, OidcError> {
    if part.len() > max {
        return Err(OidcError::Malformed(format!("{what} too long")));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| OidcError::Malformed(format!("{what} is not base64url")))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(OidcError::Malformed(format!("{what} is not a JSON object"))),
    }
}

/// The three parts of a compact JWT.
fn split(token: &str) -> Result<(&str, &str, &str), OidcError> {
    if token.len() > MAX_TOKEN {
        return Err(OidcError::Malformed(format!(
            "longer than {MAX_TOKEN} bytes"
        )));
    }
    let mut it = token.split('.');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(h), Some(p), Some(s), None) => Ok((h, p, s)),
        _ => Err(OidcError::Malformed(
            "expected three dot-separated parts".into(),
        )),
    }
}

/// The `iss` claim of a token, read without any check (to pick the provider that checks it).
pub fn unverified_issuer(token: &str) -> Result<Option<String>, OidcError> {
    let (_, payload, _) = split(token)?;
    let claims = b64_json(payload, MAX_TOKEN, "payload")?;
    Ok(claims.get("iss").and_then(Value::as_str).map(str::to_owned))
}

fn strings(v: Option<&Value>, split_spaces: bool, what: &str) -> Result<Vec<String>, OidcError> {
    let items: Vec<String> = match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) if split_spaces => s.split_whitespace().map(str::to_owned).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => {
            let mut out = Vec::with_capacity(a.len().min(MAX_LIST));
            for x in a {
                match x.as_str() {
                    Some(s) => out.push(s.to_owned()),
                    None => {
                        return Err(OidcError::Claims(format!("`{what}` must hold strings")));
                    }
                }
            }
            out
        }
        Some(_) => {
            return Err(OidcError::Claims(format!(
                "`{what}` must be a string or a list of strings"
            )));
        }
    };
    if items.len() > MAX_LIST || items.iter().any(|s| s.is_empty() || s.len() > MAX_ITEM) {
        return Err(OidcError::Claims(format!(
            "`{what}` must hold at most {MAX_LIST} values of 1 to {MAX_ITEM} bytes"
        )));
    }
    Ok(items)
}

/// One configured provider: its settings and its key cache.
#[derive(Debug, Clone)]
pub struct Provider {
    cfg: Arc<OidcConfig>,
    jwks: Arc<Jwks>,
}

impl Provider {
    /// A provider; a `jwks_file` is read now, so a bad file is reported at start-up or reload.
    /// A `jwks_url` is fetched on first use.
    pub fn new(cfg: OidcConfig) -> Result<Self, String> {
        let jwks = Jwks::new(cfg.jwks.clone(), cfg.refresh)?;
        jwks.preload_file()?;
        Ok(Provider {
            cfg: Arc::new(cfg),
            jwks: Arc::new(jwks),
        })
    }

    /// The expected issuer.
    pub fn issuer(&self) -> &str {
        &self.cfg.issuer
    }

    /// The key set (for its load count).
    pub fn jwks(&self) -> &Jwks {
        &self.jwks
    }

    /// Check `token` and build the caller's identity.
    pub async fn verify(&self, token: &str) -> Result<Identity, OidcError> {
        let (h, _, _) = split(token)?;
        let header = b64_json(h, 2048, "header")?;
        let alg_name = header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or_else(|| OidcError::Malformed("header has no `alg`".into()))?;
        let alg: Algorithm = alg_name
            .parse()
            .map_err(|_| OidcError::Algorithm(format!("`{alg_name}`")))?;
        if !self.cfg.algorithms.contains(&alg) {
            return Err(OidcError::Algorithm(format!(
                "`{alg_name}` is not among the provider's accepted algorithms"
            )));
        }
        if header.contains_key("crit") {
            return Err(OidcError::Malformed(
                "critical header extensions are not supported".into(),
            ));
        }
        let kid = match header.get("kid") {
            None => None,
            Some(Value::String(k)) => Some(k.as_str()),
            Some(_) => return Err(OidcError::Malformed("`kid` is not a string".into())),
        };
        let key = self.jwks.key(kid).await.map_err(|m| match m {
            jwks::Miss::UnknownKid => OidcError::UnknownKey,
            jwks::Miss::Unavailable => OidcError::KeysUnavailable,
        })?;
        if !key.fits(alg) {
            return Err(OidcError::Algorithm(format!(
                "`{alg_name}` does not fit the key `{}`",
                kid.unwrap_or("")
            )));
        }
        let mut v = Validation::new(alg);
        v.set_issuer(&[&self.cfg.issuer]);
        v.set_audience(&self.cfg.audience);
        v.set_required_spec_claims(&["exp", "iss", "aud"]);
        v.leeway = self.cfg.leeway.as_secs();
        v.validate_nbf = true;
        let data =
            jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &v).map_err(|e| match e
                .kind()
            {
                JwtKind::InvalidSignature => OidcError::Signature,
                JwtKind::ExpiredSignature => OidcError::Expired,
                JwtKind::ImmatureSignature => OidcError::NotYetValid,
                JwtKind::InvalidIssuer => OidcError::Issuer,
                JwtKind::InvalidAudience => OidcError::Audience,
                JwtKind::InvalidAlgorithm => OidcError::Algorithm(alg_name.to_owned()),
                JwtKind::MissingRequiredClaim(c) => OidcError::Claims(format!("`{c}` is missing")),
                JwtKind::InvalidClaimFormat(c) => {
                    OidcError::Claims(format!("`{c}` has the wrong type"))
                }
                other => OidcError::Malformed(format!("{other:?}")),
            })?;
        let claims = data.claims;
        // `iss` must be exactly this provider's (a list of issuers is not accepted).
        if claims.get("iss").and_then(Value::as_str) != Some(self.cfg.issuer.as_str()) {
            return Err(OidcError::Issuer);
        }
        let user = match claims.get(&self.cfg.user_claim) {
            Some(Value::String(s)) if !s.is_empty() && s.len() <= MAX_ITEM => s.clone(),
            _ => {
                return Err(OidcError::Claims(format!(
                    "`{}` (the user claim) must be a string of 1 to {MAX_ITEM} bytes",
                    self.cfg.user_claim
                )));
            }
        };
        let groups = strings(
            claims.get(&self.cfg.groups_claim),
            false,
            &self.cfg.groups_claim,
        )?;
        let scopes = strings(
            claims.get(&self.cfg.scopes_claim),
            true,
            &self.cfg.scopes_claim,
        )?;
        let credential_id = match claims.get("jti").and_then(Value::as_str) {
            Some(j) if !j.is_empty() && j.len() <= MAX_ITEM => format!("oidc:{j}"),
            _ => format!("oidc:{}", self.cfg.issuer),
        };
        Ok(Identity {
            kind: PrincipalKind::User,
            id: user,
            credential_id: Some(credential_id),
            groups,
            scopes,
        })
    }
}
