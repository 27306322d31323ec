//! The per-request vault: numbered placeholders for masked and pseudonymised values, and the
//! restoration of pseudonyms in a response, whole or arriving in chunks (SSE streams).

use std::collections::HashMap;

/// Longest placeholder we ever emit or restore, in bytes; bounds the streaming hold-back.
const MAX_PLACEHOLDER: usize = 96;

/// One value the vault has replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    value: String,
    placeholder: String,
    restorable: bool,
}

/// Placeholders handed out during one request, and the values behind the reversible ones.
///
/// The same value of the same entity type always gets the same placeholder within one vault, so
/// `[EMAIL_ADDRESS_1]` means one address throughout a conversation turn. Only values replaced by
/// the `pseudonymize` action are restored; masked values stay masked.
#[derive(Debug, Clone, Default)]
pub struct Vault {
    entries: Vec<Entry>,
    by_value: HashMap<(String, String), usize>,
    by_placeholder: HashMap<String, usize>,
    counters: HashMap<String, u32>,
    hash_key: Vec<u8>,
}

impl Vault {
    /// An empty vault; the `hash` action uses an unkeyed SHA-256.
    pub fn new() -> Self {
        Vault::default()
    }

    /// An empty vault whose `hash` action is HMAC-SHA-256 under `key`, so hashes can be
    /// correlated across requests by whoever holds the key and by nobody else.
    pub fn with_hash_key(key: &[u8]) -> Self {
        Vault {
            hash_key: key.to_vec(),
            ..Vault::default()
        }
    }

    /// Number of distinct values replaced so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was replaced.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The placeholder for `value` of type `entity`, allocating `[ENTITY_n]` the first time.
    /// A value first masked and later pseudonymised becomes restorable.
    pub fn placeholder(&mut self, entity: &str, value: &str, restorable: bool) -> String {
        let tag = tag(entity);
        let key = (tag.clone(), value.to_owned());
        if let Some(&i) = self.by_value.get(&key) {
            let e = &mut self.entries[i];
            e.restorable |= restorable;
            return e.placeholder.clone();
        }
        let n = self.counters.entry(tag.clone()).or_insert(0);
        *n += 1;
        let placeholder = format!("[{tag}_{n}]");
        let i = self.entries.len();
        self.entries.push(Entry {
            value: value.to_owned(),
            placeholder: placeholder.clone(),
            restorable,
        });
        self.by_value.insert(key, i);
        self.by_placeholder.insert(placeholder.clone(), i);
        placeholder
    }

    /// `[ENTITY:<16 hex>]`: a keyed, truncated SHA-256 of the value.
    pub fn hash(&self, entity: &str, value: &str) -> String {
        let digest = hmac_sha256(&self.hash_key, value.as_bytes());
        format!("[{}:{}]", tag(entity), hex::encode(&digest[..8]))
    }

    /// The original value behind a restorable placeholder.
    pub fn lookup(&self, placeholder: &str) -> Option<&str> {
        self.by_placeholder
            .get(placeholder)
            .map(|&i| &self.entries[i])
            .filter(|e| e.restorable)
            .map(|e| e.value.as_str())
    }

    /// Put back every pseudonymised value in `text`. Unknown placeholders are left alone.
    pub fn restore(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let after = &rest[open..];
            let limit = after.len().min(MAX_PLACEHOLDER);
            match after.as_bytes()[..limit].iter().position(|&b| b == b']') {
                Some(close) => {
                    let candidate = &after[..=close];
                    match self.lookup(candidate) {
                        Some(v) => out.push_str(v),
                        None => out.push_str(candidate),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('[');
                    rest = &after[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A restorer for a response that arrives in chunks.
    pub fn stream_restorer(&self) -> StreamRestorer {
        StreamRestorer {
            map: self
                .entries
                .iter()
                .filter(|e| e.restorable)
                .map(|e| (e.placeholder.clone(), e.value.clone()))
                .collect(),
            pending: String::new(),
        }
    }
}

/// Restores pseudonyms in text that arrives in pieces: a placeholder split across two chunks
/// (`"[EMAIL_ADD"` + `"RESS_1] thanks"`) is held back until it is complete, never longer than
/// the longest placeholder. Owns a copy of the mapping, so it can move into a stream task.
#[derive(Debug, Clone)]
pub struct StreamRestorer {
    map: HashMap<String, String>,
    pending: String,
}

impl StreamRestorer {
    /// Feed the next chunk; returns the text that is safe to emit now.
    pub fn push(&mut self, chunk: &str) -> String {
        self.pending.push_str(chunk);
        // Hold back a possible unfinished placeholder: the last `[` with no `]` after it,
        // if what follows could still grow into a placeholder.
        let hold_from = match self.pending.rfind('[') {
            Some(i)
                if !self.pending[i..].contains(']')
                    && self.pending.len() - i < MAX_PLACEHOLDER
                    && self.pending[i + 1..]
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_') =>
            {
                i
            }
            _ => self.pending.len(),
        };
        let ready: String = self.pending[..hold_from].to_owned();
        self.pending.drain(..hold_from);
        self.restore(&ready)
    }

    /// End of stream: everything still held back, restored.
    pub fn finish(&mut self) -> String {
        let rest = std::mem::take(&mut self.pending);
        self.restore(&rest)
    }

    fn restore(&self, text: &str) -> String {
        if self.map.is_empty() || !text.contains('[') {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let after = &rest[open..];
            match after.find(']') {
                Some(close) if close < MAX_PLACEHOLDER => {
                    let candidate = &after[..=close];
                    out.push_str(self.map.get(candidate).map_or(candidate, String::as_str));
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('[');
                    rest = &after[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Entity type as a placeholder tag: uppercase ASCII letters, digits and `_`, at most 48 bytes.
fn tag(entity: &str) -> String {
    let t: String = entity
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .take(48)
        .collect();
    if t.is_empty() { "VALUE".to_owned() } else { t }
}

/// HMAC-SHA-256 (RFC 2104).
fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let ih = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(ih);
    outer.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_stable_and_restorable() {
        let mut v = Vault::new();
        let a = v.placeholder("EMAIL_ADDRESS", "a@x.io", true);
        let b = v.placeholder("EMAIL_ADDRESS", "b@x.io", false);
        assert_eq!(a, "[EMAIL_ADDRESS_1]");
        assert_eq!(b, "[EMAIL_ADDRESS_2]");
        assert_eq!(v.placeholder("EMAIL_ADDRESS", "a@x.io", true), a);
        assert_eq!(
            v.restore("write to [EMAIL_ADDRESS_1] not [EMAIL_ADDRESS_2] [x"),
            "write to a@x.io not [EMAIL_ADDRESS_2] [x"
        );
    }

    #[test]
    fn hmac_known_answer() {
        // RFC 4231 test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn streaming_split_placeholder() {
        let mut v = Vault::new();
        v.placeholder("PERSON", "Ada Lovelace", true);
        let mut r = v.stream_restorer();
        let mut out = String::new();
        for chunk in [
            "Hello [PER",
            "SON_",
            "1], and [not a tag",
            "] bye [PERSON_1",
        ] {
            out.push_str(&r.push(chunk));
        }
        out.push_str(&r.finish());
        assert_eq!(out, "Hello Ada Lovelace, and [not a tag] bye [PERSON_1");
    }
}
