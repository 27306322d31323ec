//! Moat API keys: `moat_<8-char id>_<32-char secret>`. The id prefix names the key in logs and
//! audit events; only the SHA-256 of the whole key is kept.

use rand::Rng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// SHA-256 of a key.
pub fn hash_key(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

/// A new random key (190 bits of secret) and its public id.
pub fn generate() -> (String, String) {
    let mut rng = rand::rng();
    let mut pick = |n: usize| -> String {
        (0..n)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect()
    };
    let id = pick(8);
    let secret = pick(37);
    (format!("moat_{id}_{secret}"), format!("moat_{id}"))
}

/// The public id of a Moat-format key (`moat_<id>`), if the key has that shape.
pub fn key_id(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("moat_")?;
    let (id, secret) = rest.split_once('_')?;
    (id.len() == 8 && !secret.is_empty()).then(|| &key[..5 + 8])
}

/// Constant-time comparison of a presented key's hash against a stored hash.
pub fn matches(presented_hash: &[u8; 32], stored: &[u8; 32]) -> bool {
    presented_hash.ct_eq(stored).into()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn generated_keys_have_ids() {
        let (k, id) = generate();
        assert_eq!(key_id(&k), Some(id.as_str()));
        let (k2, _) = generate();
        assert_ne!(k, k2);
        assert!(matches(&hash_key(&k), &hash_key(&k)));
        assert!(!matches(&hash_key(&k), &hash_key(&k2)));
        assert_eq!(key_id("sk-something"), None);
    }
}
