//! Moat-issued agent tokens: EdDSA (Ed25519) JWTs, short-lived, naming an agent and its scopes.

use std::time::Duration;

use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey, spki::der::pem::LineEnding};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Longest lifetime `issue` accepts.
pub const MAX_TTL: Duration = Duration::from_secs(24 * 3600);

/// The claims of a Moat agent token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Agent name.
    pub sub: String,
    /// Issued at (Unix seconds).
    pub iat: u64,
    /// Expiry (Unix seconds).
    pub exp: u64,
    /// Token id, recorded in audit events.
    pub jti: String,
    /// Space-separated scopes, e.g. `models:gpt-4o`.
    pub scope: String,
}

/// A JWT problem.
#[derive(Debug, thiserror::Error)]
pub enum JwtError {
    /// A key could not be read or parsed.
    #[error("key: {0}")]
    Key(String),
    /// The token was refused.
    #[error("token refused: {0}")]
    Invalid(String),
}

/// A new Ed25519 key pair as (private PKCS#8 PEM, public SPKI PEM).
pub fn generate_keypair() -> Result<(String, String), JwtError> {
    let seed: [u8; 32] = rand::random();
    let sk = ed25519_dalek::SigningKey::from_bytes(&seed);
    let private = sk
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| JwtError::Key(e.to_string()))?;
    let public = sk
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| JwtError::Key(e.to_string()))?;
    Ok((private.to_string(), public))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Sign a token for `agent` with `scopes`, valid for `ttl`.
pub fn issue(
    private_pem: &[u8],
    issuer: &str,
    audience: &str,
    agent: &str,
    scopes: &[String],
    ttl: Duration,
) -> Result<(String, Claims), JwtError> {
    if ttl.is_zero() || ttl > MAX_TTL {
        return Err(JwtError::Invalid(format!(
            "ttl must be between 1s and {}h",
            MAX_TTL.as_secs() / 3600
        )));
    }
    if agent.is_empty() || agent.len() > 128 {
        return Err(JwtError::Invalid(
            "agent name must be 1 to 128 characters".into(),
        ));
    }
    let key = EncodingKey::from_ed_pem(private_pem).map_err(|e| JwtError::Key(e.to_string()))?;
    let iat = now();
    let jti: [u8; 12] = rand::random();
    let claims = Claims {
        iss: issuer.into(),
        aud: audience.into(),
        sub: agent.into(),
        iat,
        exp: iat + ttl.as_secs(),
        jti: hex::encode(jti),
        scope: scopes.join(" "),
    };
    let token = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &key)
        .map_err(|e| JwtError::Key(e.to_string()))?;
    Ok((token, claims))
}

/// A verifier for Moat-issued tokens.
#[derive(Clone)]
pub struct Verifier {
    key: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier").finish_non_exhaustive()
    }
}

impl Verifier {
    /// Build from a public key PEM and the expected issuer and audience.
    pub fn new(public_pem: &[u8], issuer: &str, audience: &str) -> Result<Self, JwtError> {
        let key = DecodingKey::from_ed_pem(public_pem).map_err(|e| JwtError::Key(e.to_string()))?;
        // Only EdDSA: a token naming another algorithm is refused before any signature check.
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        Ok(Verifier { key, validation })
    }

    /// Check signature, algorithm, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, JwtError> {
        if token.len() > 8192 {
            return Err(JwtError::Invalid("token too long".into()));
        }
        jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| JwtError::Invalid(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn issue_and_verify() {
        let (sk, pk) = generate_keypair().unwrap();
        let scopes = vec!["models:gpt-4o".to_string()];
        let (tok, claims) = issue(
            sk.as_bytes(),
            "moat",
            "moat-gateway",
            "bot",
            &scopes,
            Duration::from_secs(60),
        )
        .unwrap();
        let v = Verifier::new(pk.as_bytes(), "moat", "moat-gateway").unwrap();
        assert_eq!(v.verify(&tok).unwrap(), claims);
        // Wrong audience, wrong key, tampered token.
        let v2 = Verifier::new(pk.as_bytes(), "moat", "other").unwrap();
        assert!(v2.verify(&tok).is_err());
        let (_, pk2) = generate_keypair().unwrap();
        assert!(
            Verifier::new(pk2.as_bytes(), "moat", "moat-gateway")
                .unwrap()
                .verify(&tok)
                .is_err()
        );
        let mut bad = tok.clone();
        bad.pop();
        assert!(v.verify(&bad).is_err());
        assert!(
            issue(
                sk.as_bytes(),
                "moat",
                "a",
                "bot",
                &scopes,
                Duration::from_secs(90000)
            )
            .is_err()
        );
    }

    #[test]
    fn refuses_alg_none() {
        let (_, pk) = generate_keypair().unwrap();
        let v = Verifier::new(pk.as_bytes(), "moat", "moat-gateway").unwrap();
        // {"alg":"none"} header with valid-looking claims and no signature.
        let h = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
        let c = "eyJpc3MiOiJtb2F0IiwiYXVkIjoibW9hdC1nYXRld2F5Iiwic3ViIjoieCIsImV4cCI6OTk5OTk5OTk5OSwiaWF0IjoxLCJqdGkiOiJ4Iiwic2NvcGUiOiIifQ";
        assert!(v.verify(&format!("{h}.{c}.")).is_err());
    }
}
