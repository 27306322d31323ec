//! Secret rules: one table per family (AI providers, cloud, source hosting, SaaS, package
//! registries, private keys, structured tokens, generic assignments). Every rule carries an id
//! (`MOAT-Snnn`, never reused), keywords for the Aho-Corasick prefilter, a regex whose first
//! capture group is the secret, an optional validator, a confidence, and synthetic positive and
//! negative examples that `tests/dlp_rules.rs` runs.

use moat_core::Confidence;

use super::validate::{self, Check};

mod ai;
mod cloud;
mod generic;
mod keys;
mod packages;
mod saas;
mod tokens;
mod vcs;

/// A check on the captured secret.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Validator {
    /// None: the pattern is specific enough.
    None,
    /// Shannon entropy at least this many bits per character.
    Entropy(f64),
    /// Entropy at least this, and not a placeholder (`changeme`, `${VAR}`, `<token>`).
    Generic(f64),
    /// GitHub/npm CRC32 token checksum: valid raises confidence, invalid keeps it.
    GithubChecksum,
    /// A JWT whose header decodes to JSON with `alg` or `typ`.
    Jwt,
    /// Base64 that decodes to `user:password`.
    Base64Credentials,
}

impl Validator {
    pub(crate) fn check(&self, value: &str) -> Check {
        match *self {
            Validator::None => Check::Pass,
            Validator::Entropy(min) => {
                if validate::entropy(value) >= min {
                    Check::Pass
                } else {
                    Check::Fail
                }
            }
            Validator::Generic(min) => {
                if validate::entropy(value) >= min && !validate::is_placeholder(value) {
                    Check::Pass
                } else {
                    Check::Fail
                }
            }
            Validator::GithubChecksum => validate::github_checksum(value),
            Validator::Jwt => validate::jwt(value),
            Validator::Base64Credentials => {
                use base64::Engine as _;
                match base64::engine::general_purpose::STANDARD.decode(value) {
                    Ok(raw) => match std::str::from_utf8(&raw) {
                        Ok(s) => match s.split_once(':') {
                            Some((u, p))
                                if !u.is_empty()
                                    && p.len() >= 3
                                    && !s.contains(char::is_whitespace) =>
                            {
                                Check::Pass
                            }
                            _ => Check::Fail,
                        },
                        Err(_) => Check::Fail,
                    },
                    Err(_) => Check::Fail,
                }
            }
        }
    }
}

/// One secret-detection rule.
#[derive(Debug)]
pub(crate) struct SecretRule {
    /// Stable id, `MOAT-Snnn`.
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// Entity type reported.
    pub entity: &'static str,
    /// Lowercase keywords; the regex runs only in a window around one of them.
    pub keywords: &'static [&'static str],
    /// Regex; first participating capture group is the secret.
    pub pattern: &'static str,
    /// Check on the captured value.
    pub validator: Validator,
    /// Confidence of a match (a strong validator raises it one level).
    pub confidence: Confidence,
    /// Default sensitivity label.
    pub label: &'static str,
    /// Bytes searched before and after a keyword hit.
    pub window: (usize, usize),
    /// Generic rules lose overlaps against specific ones of equal confidence.
    pub generic: bool,
    /// A cheap necessary condition on a window (see `dlp/prefilter.rs`): when it says no, the
    /// regex is not run there. Only for rules whose windows are many and mostly empty.
    pub prefilter: Option<fn(&[u8]) -> bool>,
    /// Texts in which the rule must fire.
    pub positives: &'static [&'static str],
    /// Texts in which it must not.
    pub negatives: &'static [&'static str],
}

/// Every built-in secret rule, in id order.
pub(crate) fn all() -> Vec<&'static SecretRule> {
    let tables: &[&'static [SecretRule]] = &[
        ai::RULES,
        cloud::RULES,
        vcs::RULES,
        saas::RULES,
        packages::RULES,
        keys::RULES,
        tokens::RULES,
        generic::RULES,
    ];
    tables.iter().flat_map(|t| t.iter()).collect()
}
