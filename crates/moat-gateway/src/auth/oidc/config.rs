//! `auth.oidc`: the providers whose tokens the gateway accepts, as written and as validated.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use jsonwebtoken::Algorithm;
use serde::Deserialize;

use crate::config::{ConfigError, parse_duration};

/// One string or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// One `auth.oidc` entry, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOidc {
    issuer: String,
    audience: OneOrMany,
    #[serde(default)]
    jwks_url: Option<String>,
    #[serde(default)]
    jwks_file: Option<PathBuf>,
    #[serde(default)]
    algorithms: Option<Vec<String>>,
    #[serde(default)]
    user_claim: Option<String>,
    #[serde(default)]
    groups_claim: Option<String>,
    #[serde(default)]
    scopes_claim: Option<String>,
    #[serde(default)]
    leeway: Option<String>,
    #[serde(default)]
    refresh: Option<String>,
}

/// Where a provider's signing keys come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksSource {
    /// Fetched over HTTPS (plain HTTP only to a loopback address).
    Url(String),
    /// Read from a file (and re-read on refresh).
    File(PathBuf),
}

/// A validated OpenID Connect provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// Expected `iss`, exactly; also how a token is matched to its provider.
    pub issuer: String,
    /// Accepted `aud` values (the token must name at least one).
    pub audience: Vec<String>,
    /// Signing keys.
    pub jwks: JwksSource,
    /// Accepted signature algorithms (never `none`, never HMAC).
    pub algorithms: Vec<Algorithm>,
    /// Claim holding the user id.
    pub user_claim: String,
    /// Claim holding the groups (array of strings, or one string).
    pub groups_claim: String,
    /// Claim holding the scopes (space-separated string, or array of strings).
    pub scopes_claim: String,
    /// Clock skew allowed on `exp` and `nbf`.
    pub leeway: Duration,
    /// How long fetched keys are used before they are fetched again.
    pub refresh: Duration,
}

/// Most providers in `auth.oidc`.
const MAX_PROVIDERS: usize = 32;

/// True for `http://` URLs whose host is a loopback address.
fn loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(h) = host.strip_prefix('[') {
        h.split(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn parse_algorithm(s: &str) -> Result<Algorithm, String> {
    let upper = s.trim();
    if upper.eq_ignore_ascii_case("none") {
        return Err("`none` (unsigned tokens) is never accepted".into());
    }
    if upper.to_ascii_uppercase().starts_with("HS") {
        return Err(format!(
            "`{upper}` is an HMAC algorithm: it needs a shared secret, and is never accepted with \
             a provider's public keys"
        ));
    }
    match Algorithm::from_str(upper) {
        Ok(a) => Ok(a),
        Err(_) => Err(format!(
            "unknown algorithm `{upper}` (use RS256, RS384, RS512, PS256, PS384, PS512, ES256, \
             ES384 or EdDSA)"
        )),
    }
}

fn claim_name(
    src: &str,
    field: &str,
    v: Option<String>,
    default: &str,
) -> Result<String, ConfigError> {
    let v = v.unwrap_or_else(|| default.to_owned());
    if v.is_empty() || v.len() > 128 {
        return Err(ConfigError::field(
            src,
            field,
            "must be a claim name of 1 to 128 characters",
        ));
    }
    Ok(v)
}

/// Validate `auth.oidc`. `moat_issuer` is the issuer of Moat's own tokens, if configured: an
/// external provider may not share it (a token's `iss` decides who checks it).
pub(crate) fn validate(
    src: &str,
    raw: Vec<RawOidc>,
    moat_issuer: Option<&str>,
) -> Result<Vec<OidcConfig>, ConfigError> {
    if raw.len() > MAX_PROVIDERS {
        return Err(ConfigError::field(
            src,
            "auth.oidc",
            format!("at most {MAX_PROVIDERS} providers"),
        ));
    }
    let mut out: Vec<OidcConfig> = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let f = format!("auth.oidc[{i}]");
        let issuer = r.issuer.trim().to_owned();
        if issuer.is_empty() || issuer.len() > 512 {
            return Err(ConfigError::field(
                src,
                &format!("{f}.issuer"),
                "must be the provider's issuer URL (1 to 512 characters)",
            ));
        }
        if out.iter().any(|o| o.issuer == issuer) {
            return Err(ConfigError::field(
                src,
                &format!("{f}.issuer"),
                format!("`{issuer}` is configured twice"),
            ));
        }
        if moat_issuer == Some(issuer.as_str()) {
            return Err(ConfigError::field(
                src,
                &format!("{f}.issuer"),
                format!("`{issuer}` is also the issuer of Moat's own tokens (auth.jwt.issuer)"),
            ));
        }
        let audience = match r.audience {
            OneOrMany::One(a) => vec![a],
            OneOrMany::Many(v) => v,
        };
        if audience.is_empty() || audience.iter().any(|a| a.is_empty()) {
            return Err(ConfigError::field(
                src,
                &format!("{f}.audience"),
                "needs at least one non-empty audience",
            ));
        }
        let jwks = match (r.jwks_url, r.jwks_file) {
            (Some(u), None) => {
                let u = u.trim().to_owned();
                if !(u.starts_with("https://") || loopback_http(&u)) {
                    return Err(ConfigError::field(
                        src,
                        &format!("{f}.jwks_url"),
                        format!(
                            "`{u}` must be an https:// URL (plain http only to a loopback \
                             address): keys fetched in the clear could be replaced"
                        ),
                    ));
                }
                JwksSource::Url(u)
            }
            (None, Some(p)) => JwksSource::File(p),
            _ => {
                return Err(ConfigError::field(
                    src,
                    &f,
                    "give exactly one of `jwks_url` and `jwks_file`",
                ));
            }
        };
        let algorithms = match r.algorithms {
            None => vec![Algorithm::RS256, Algorithm::ES256],
            Some(list) => {
                if list.is_empty() {
                    return Err(ConfigError::field(
                        src,
                        &format!("{f}.algorithms"),
                        "needs at least one algorithm",
                    ));
                }
                let mut algs = Vec::new();
                for (j, a) in list.iter().enumerate() {
                    let alg = parse_algorithm(a)
                        .map_err(|m| ConfigError::field(src, &format!("{f}.algorithms[{j}]"), m))?;
                    if !algs.contains(&alg) {
                        algs.push(alg);
                    }
                }
                algs
            }
        };
        let leeway = match &r.leeway {
            None => Duration::from_secs(60),
            Some(v) => {
                parse_duration(v).map_err(|m| ConfigError::field(src, &format!("{f}.leeway"), m))?
            }
        };
        if leeway > Duration::from_secs(600) {
            return Err(ConfigError::field(
                src,
                &format!("{f}.leeway"),
                "must be at most 10m",
            ));
        }
        let refresh = match &r.refresh {
            None => Duration::from_secs(600),
            Some(v) => parse_duration(v)
                .map_err(|m| ConfigError::field(src, &format!("{f}.refresh"), m))?,
        };
        if refresh < Duration::from_secs(10) || refresh > Duration::from_secs(86_400) {
            return Err(ConfigError::field(
                src,
                &format!("{f}.refresh"),
                "must be between 10s and 1d",
            ));
        }
        out.push(OidcConfig {
            issuer,
            audience,
            jwks,
            algorithms,
            user_claim: claim_name(src, &format!("{f}.user_claim"), r.user_claim, "sub")?,
            groups_claim: claim_name(src, &format!("{f}.groups_claim"), r.groups_claim, "groups")?,
            scopes_claim: claim_name(src, &format!("{f}.scopes_claim"), r.scopes_claim, "scope")?,
            leeway,
            refresh,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn loopback_only_for_http() {
        assert!(loopback_http("http://127.0.0.1:8080/jwks"));
        assert!(loopback_http("http://localhost/jwks"));
        assert!(loopback_http("http://[::1]:9/jwks"));
        assert!(!loopback_http("http://idp.example.com/jwks"));
        assert!(!loopback_http("http://127.0.0.1.example.com/jwks"));
        assert!(!loopback_http("http://evil@idp.example.com/jwks"));
        assert!(!loopback_http("https://127.0.0.1/jwks"));
    }

    #[test]
    fn algorithms() {
        assert_eq!(parse_algorithm("RS256").unwrap(), Algorithm::RS256);
        assert_eq!(parse_algorithm("EdDSA").unwrap(), Algorithm::EdDSA);
        assert!(parse_algorithm("none").unwrap_err().contains("never"));
        assert!(parse_algorithm("NONE").is_err());
        assert!(parse_algorithm("HS256").unwrap_err().contains("HMAC"));
        assert!(parse_algorithm("hs512").unwrap_err().contains("HMAC"));
        assert!(parse_algorithm("RS1").unwrap_err().contains("unknown"));
    }
}
