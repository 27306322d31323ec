//! Replacement values for sensitive data, and the reversible map for pseudonymisation.

use std::collections::HashMap;

use moat_core::Action;
use sha2::{Digest, Sha256};

/// Longest placeholder the restorer looks for.
pub const MAX_PLACEHOLDER: usize = 64;

/// Request-scoped replacement state: numbered placeholders (the same value always gets the same
/// one), keyed hashes, and the reverse map of pseudonyms to restore in the response.
#[derive(Debug, Default, Clone)]
pub struct Redactor {
    assigned: HashMap<(String, String), String>,
    counters: HashMap<String, usize>,
    restore: HashMap<String, String>,
    hash_key: [u8; 16],
}

impl Redactor {
    /// A new redactor with a random hashing key.
    pub fn new() -> Self {
        Redactor {
            hash_key: rand::random(),
            ..Redactor::default()
        }
    }

    /// True when some placeholder must be restored in responses.
    pub fn restores(&self) -> bool {
        !self.restore.is_empty()
    }

    /// The text to put in place of `value` (an `entity`) under `action`.
    pub fn replacement(&mut self, entity: &str, value: &str, action: Action) -> String {
        let entity: String = entity
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(40)
            .collect::<String>()
            .to_ascii_uppercase();
        match action {
            Action::Redact => "[REDACTED]".to_owned(),
            Action::Hash => {
                let mut h = Sha256::new();
                h.update(self.hash_key);
                h.update(value.as_bytes());
                format!("[{entity}:{}]", &hex::encode(h.finalize())[..12])
            }
            _ => {
                let key = (entity.clone(), value.to_owned());
                let placeholder = match self.assigned.get(&key) {
                    Some(p) => p.clone(),
                    None => {
                        let n = self.counters.entry(entity.clone()).or_default();
                        *n += 1;
                        let p = format!("[{entity}_{n}]");
                        self.assigned.insert(key, p.clone());
                        p
                    }
                };
                if action == Action::Pseudonymize {
                    self.restore.insert(placeholder.clone(), value.to_owned());
                }
                placeholder
            }
        }
    }

    /// Put the original values back in place of pseudonym placeholders.
    pub fn restore(&self, text: &str) -> String {
        if self.restore.is_empty() || !text.contains('[') {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let tail = &rest[open..];
            let close = tail
                .char_indices()
                .take(MAX_PLACEHOLDER)
                .find(|(_, c)| *c == ']')
                .map(|(i, _)| i);
            match close.and_then(|c| self.restore.get(&tail[..=c]).map(|v| (c, v))) {
                Some((c, v)) => {
                    out.push_str(v);
                    rest = &tail[c + 1..];
                }
                None => {
                    out.push('[');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consistent_and_restorable() {
        let mut r = Redactor::new();
        let a = r.replacement("EMAIL_ADDRESS", "a@x.io", Action::Pseudonymize);
        let b = r.replacement("EMAIL_ADDRESS", "b@x.io", Action::Pseudonymize);
        assert_eq!(a, "[EMAIL_ADDRESS_1]");
        assert_eq!(b, "[EMAIL_ADDRESS_2]");
        assert_eq!(
            r.replacement("EMAIL_ADDRESS", "a@x.io", Action::Pseudonymize),
            a
        );
        let masked = r.replacement("PHONE", "555", Action::Mask);
        assert_eq!(
            r.restore(&format!("to {a} and [{b} {masked} [x]")),
            format!("to a@x.io and [b@x.io {masked} [x]")
        );
        assert_eq!(r.replacement("X", "v", Action::Redact), "[REDACTED]");
        let h1 = r.replacement("X", "v", Action::Hash);
        assert!(h1.starts_with("[X:") && h1 != "[X:v]");
    }
}
