//! A provider's signing keys (JWKS), cached by key id.
//!
//! Keys are loaded on first use and again once older than `refresh` (in the background while the
//! cached ones still serve). A token naming an unknown `kid` causes one immediate reload, so a
//! key rotation is picked up at once, but at most one such reload per [`UNKNOWN_KID_INTERVAL`],
//! so a flood of made-up key ids cannot hammer the provider. A failed load keeps the keys already
//! cached; with none cached, tokens are refused (fail closed).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use serde::Deserialize;

use super::config::JwksSource;

/// Largest JWKS document read.
pub const MAX_JWKS_BYTES: usize = 256 * 1024;
/// Most keys in one JWKS (a larger set is refused as a whole).
pub const MAX_KEYS: usize = 100;
/// Longest `kid` kept.
const MAX_KID: usize = 256;
/// Least time between two reloads caused by unknown key ids.
pub const UNKNOWN_KID_INTERVAL: Duration = Duration::from_secs(60);
/// Least time between two attempts after a failed load.
pub const RETRY_INTERVAL: Duration = Duration::from_secs(10);
/// Time allowed for fetching the JWKS.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// The curve of an elliptic-curve or octet key pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
    Ed25519,
}

/// One usable verification key.
pub(crate) struct Key {
    pub(crate) key: DecodingKey,
    pub(crate) family: AlgorithmFamily,
    pub(crate) curve: Option<Curve>,
    /// The `alg` the JWK is restricted to, if it names one.
    pub(crate) alg: Option<Algorithm>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("family", &self.family)
            .field("curve", &self.curve)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl Key {
    /// True when this key may verify a signature made with `alg`.
    pub(crate) fn fits(&self, alg: Algorithm) -> bool {
        if self.alg.is_some_and(|a| a != alg) || self.family != alg.family() {
            return false;
        }
        match alg {
            Algorithm::ES256 => self.curve == Some(Curve::P256),
            Algorithm::ES384 => self.curve == Some(Curve::P384),
            Algorithm::EdDSA => self.curve == Some(Curve::Ed25519),
            _ => true,
        }
    }
}

/// The JWK members read; others (`x5c`, ...) are ignored.
#[derive(Deserialize)]
struct RawJwk {
    kty: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default, rename = "use")]
    use_: Option<String>,
    #[serde(default)]
    key_ops: Option<Vec<String>>,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
    #[serde(default)]
    crv: Option<String>,
    #[serde(default)]
    x: Option<String>,
    #[serde(default)]
    y: Option<String>,
}

#[derive(Deserialize)]
struct RawSet {
    keys: Vec<serde_json::Value>,
}

fn b64_len(s: &str) -> Option<usize> {
    URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
        .map(|v| {
            // Leading zero octets do not count towards an RSA modulus's size.
            v.iter().skip_while(|b| **b == 0).count()
        })
}

/// One JWK as a key, or why it is skipped.
fn key_of(raw: RawJwk) -> Result<(String, Key), String> {
    if raw.use_.as_deref().is_some_and(|u| u != "sig") {
        return Err("not a signing key (`use`)".into());
    }
    if raw
        .key_ops
        .as_ref()
        .is_some_and(|ops| !ops.iter().any(|o| o == "verify"))
    {
        return Err("not a verification key (`key_ops`)".into());
    }
    let alg = match &raw.alg {
        None => None,
        Some(a) => match a.parse::<Algorithm>() {
            Ok(alg) if alg.family() != AlgorithmFamily::Hmac => Some(alg),
            _ => {
                return Err(format!(
                    "algorithm `{a}` is not a signature algorithm accepted here"
                ));
            }
        },
    };
    let kid = raw.kid.unwrap_or_default();
    if kid.len() > MAX_KID {
        return Err("`kid` too long".into());
    }
    let missing = |m: &str| format!("`{}` key without `{m}`", raw.kty);
    let bad = |e: jsonwebtoken::errors::Error| format!("unusable `{}` key: {e}", raw.kty);
    let (key, family, curve) = match raw.kty.as_str() {
        "RSA" => {
            let n = raw.n.as_deref().ok_or_else(|| missing("n"))?;
            let e = raw.e.as_deref().ok_or_else(|| missing("e"))?;
            // The verifiers accept moduli of 2048 to 8192 bits.
            match b64_len(n) {
                Some(len) if (256..=1024).contains(&len) => {}
                _ => return Err("RSA modulus must be 2048 to 8192 bits".into()),
            }
            (
                DecodingKey::from_rsa_components(n, e).map_err(bad)?,
                AlgorithmFamily::Rsa,
                None,
            )
        }
        "EC" => {
            let curve = match raw.crv.as_deref() {
                Some("P-256") => Curve::P256,
                Some("P-384") => Curve::P384,
                other => return Err(format!("unsupported curve {other:?}")),
            };
            let x = raw.x.as_deref().ok_or_else(|| missing("x"))?;
            let y = raw.y.as_deref().ok_or_else(|| missing("y"))?;
            (
                DecodingKey::from_ec_components(x, y).map_err(bad)?,
                AlgorithmFamily::Ec,
                Some(curve),
            )
        }
        "OKP" => {
            if raw.crv.as_deref() != Some("Ed25519") {
                return Err(format!("unsupported curve {:?}", raw.crv));
            }
            let x = raw.x.as_deref().ok_or_else(|| missing("x"))?;
            if b64_len(x).is_none() {
                return Err("bad `x`".into());
            }
            (
                DecodingKey::from_ed_components(x).map_err(bad)?,
                AlgorithmFamily::Ed,
                Some(Curve::Ed25519),
            )
        }
        // Symmetric (`oct`) keys are never used: a public key set cannot hold a shared secret.
        other => return Err(format!("key type `{other}` is not accepted")),
    };
    let k = Key {
        key,
        family,
        curve,
        alg,
    };
    if let Some(a) = alg
        && !k.fits(a)
    {
        return Err(format!("`alg` {a:?} does not fit the key"));
    }
    Ok((kid, k))
}

/// Parse a JWKS document into keys by `kid` (keys without one under the empty id). Keys that
/// cannot be used for signature checks are skipped; a document that is not a JWKS, or holds too
/// many keys, is an error.
pub(crate) fn parse(body: &[u8]) -> Result<HashMap<String, Arc<Key>>, String> {
    if body.len() > MAX_JWKS_BYTES {
        return Err(format!("larger than {MAX_JWKS_BYTES} bytes"));
    }
    let set: RawSet =
        serde_json::from_slice(body).map_err(|e| format!("not a JWKS document: {e}"))?;
    if set.keys.len() > MAX_KEYS {
        return Err(format!(
            "{} keys; at most {MAX_KEYS} are accepted",
            set.keys.len()
        ));
    }
    let mut keys = HashMap::new();
    for (i, v) in set.keys.into_iter().enumerate() {
        let raw: RawJwk = match serde_json::from_value(v) {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(index = i, error = %e, "JWKS key skipped");
                continue;
            }
        };
        match key_of(raw) {
            Ok((kid, key)) => {
                keys.entry(kid).or_insert_with(|| Arc::new(key));
            }
            Err(e) => tracing::debug!(index = i, reason = %e, "JWKS key skipped"),
        }
    }
    Ok(keys)
}

#[derive(Default)]
struct Cache {
    keys: Arc<HashMap<String, Arc<Key>>>,
    /// Last successful load.
    loaded: Option<Instant>,
    /// Last load attempt, successful or not.
    attempted: Option<Instant>,
    /// Last reload caused by an unknown key id.
    unknown_reload: Option<Instant>,
    /// Loads so far (successful or not), for metrics and tests.
    loads: u64,
}

/// Why no key was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Miss {
    /// The keys are known, and none has this id.
    UnknownKid,
    /// No keys could be loaded.
    Unavailable,
}

/// One provider's key set.
pub struct Jwks {
    source: JwksSource,
    client: reqwest::Client,
    refresh: Duration,
    cache: Mutex<Cache>,
    load_lock: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Jwks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jwks")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

fn lookup(keys: &HashMap<String, Arc<Key>>, kid: Option<&str>) -> Option<Arc<Key>> {
    match kid {
        Some(k) => keys.get(k).cloned(),
        // A token without `kid` is checked only against a set holding a single key.
        None if keys.len() == 1 => keys.values().next().cloned(),
        None => None,
    }
}

fn since(t: Option<Instant>, now: Instant) -> Option<Duration> {
    t.map(|t| now.saturating_duration_since(t))
}

impl Jwks {
    /// Keys from `source`, reloaded after `refresh`.
    pub fn new(source: JwksSource, refresh: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .connect_timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(Jwks {
            source,
            client,
            refresh,
            cache: Mutex::new(Cache::default()),
            load_lock: tokio::sync::Mutex::new(()),
        })
    }

    /// Load a file source now (at start-up and reload, so a bad file is a configuration error).
    pub fn preload_file(&self) -> Result<(), String> {
        let JwksSource::File(path) = &self.source else {
            return Ok(());
        };
        let keys = read_file(path)?;
        if keys.is_empty() {
            return Err(format!("`{}` holds no usable signing key", path.display()));
        }
        let now = Instant::now();
        let mut c = self.lock();
        c.keys = Arc::new(keys);
        c.loaded = Some(now);
        c.attempted = Some(now);
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        match self.cache.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Loads attempted so far.
    pub fn loads(&self) -> u64 {
        self.lock().loads
    }

    /// The key for `kid`, loading the set if needed and allowed.
    pub(crate) async fn key(self: &Arc<Self>, kid: Option<&str>) -> Result<Arc<Key>, Miss> {
        let now = Instant::now();
        let (found, empty, stale, retry_ok, unknown_ok, seen) = {
            let c = self.lock();
            (
                lookup(&c.keys, kid),
                c.keys.is_empty(),
                since(c.loaded, now).is_none_or(|d| d >= self.refresh),
                since(c.attempted, now).is_none_or(|d| d >= RETRY_INTERVAL),
                since(c.unknown_reload, now).is_none_or(|d| d >= UNKNOWN_KID_INTERVAL),
                c.loads,
            )
        };
        if let Some(k) = found {
            if stale && retry_ok {
                // Serve the cached key; refresh in the background.
                let me = self.clone();
                tokio::spawn(async move { me.load(seen).await });
            }
            return Ok(k);
        }
        if empty {
            if !retry_ok {
                return Err(Miss::Unavailable);
            }
        } else {
            if !unknown_ok {
                return Err(Miss::UnknownKid);
            }
            self.lock().unknown_reload = Some(now);
        }
        self.load(seen).await;
        let c = self.lock();
        match lookup(&c.keys, kid) {
            Some(k) => Ok(k),
            None if c.keys.is_empty() => Err(Miss::Unavailable),
            None => Err(Miss::UnknownKid),
        }
    }

    /// Load the set unless another load finished since `seen` loads. One load at a time.
    async fn load(&self, seen: u64) {
        let _guard = self.load_lock.lock().await;
        if self.lock().loads != seen {
            return;
        }
        let result = match &self.source {
            JwksSource::Url(url) => self.fetch(url).await,
            JwksSource::File(path) => read_file(path),
        };
        let now = Instant::now();
        let mut c = self.lock();
        c.loads += 1;
        c.attempted = Some(now);
        match result {
            Ok(keys) if !keys.is_empty() => {
                tracing::debug!(source = ?self.source, keys = keys.len(), "JWKS loaded");
                c.keys = Arc::new(keys);
                c.loaded = Some(now);
            }
            Ok(_) => {
                tracing::warn!(source = ?self.source,
                    "JWKS holds no usable signing key; keeping the keys already cached");
            }
            Err(e) => {
                metrics::counter!("moat_gateway_jwks_failures_total").increment(1);
                tracing::warn!(source = ?self.source, error = %e,
                    cached = c.keys.len(), "JWKS load failed; keeping the keys already cached");
            }
        }
    }

    async fn fetch(&self, url: &str) -> Result<HashMap<String, Arc<Key>>, String> {
        let mut resp = self
            .client
            .get(url)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| format!("fetch failed: {e}"))?;
        if !resp.status().is_success() {
            return Err(format!("provider answered {}", resp.status()));
        }
        if resp
            .content_length()
            .is_some_and(|n| n > MAX_JWKS_BYTES as u64)
        {
            return Err(format!("larger than {MAX_JWKS_BYTES} bytes"));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| format!("read failed: {e}"))?
        {
            if body.len() + chunk.len() > MAX_JWKS_BYTES {
                return Err(format!("larger than {MAX_JWKS_BYTES} bytes"));
            }
            body.extend_from_slice(&chunk);
        }
        parse(&body)
    }
}

fn read_file(path: &std::path::Path) -> Result<HashMap<String, Arc<Key>>, String> {
    use std::io::Read;
    let f =
        std::fs::File::open(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut body = Vec::new();
    f.take(MAX_JWKS_BYTES as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    parse(&body).map_err(|e| format!("`{}`: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn skips_what_cannot_verify() {
        let set = serde_json::json!({"keys": [
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            {"kty": "RSA", "kid": "enc", "use": "enc", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "small", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "p521", "crv": "P-521", "x": "AA", "y": "AA"},
            {"kty": "RSA", "kid": "weird-alg", "alg": "RSA-OAEP", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "hs", "alg": "HS256", "crv": "P-256", "x": "AA", "y": "AA"},
            "not an object",
            {"kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
        ]});
        let keys = parse(set.to_string().as_bytes()).unwrap();
        assert_eq!(keys.keys().collect::<Vec<_>>(), vec!["ed"]);
        assert!(keys["ed"].fits(Algorithm::EdDSA));
        assert!(!keys["ed"].fits(Algorithm::ES256));
        assert!(parse(b"[]").is_err());
        assert!(parse(b"{\"keys\": 1}").is_err());
        let many = serde_json::json!({"keys": vec![serde_json::json!({"kty": "x"}); MAX_KEYS + 1]});
        assert!(
            parse(many.to_string().as_bytes())
                .unwrap_err()
                .contains("at most")
        );
        assert!(parse(&vec![b' '; MAX_JWKS_BYTES + 1]).is_err());
    }
}
