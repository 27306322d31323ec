//! The audit event, its canonical byte encoding and the chain hash.
//!
//! The canonical encoding (documented in `docs/audit.md`) is what is hashed, so verification does
//! not depend on how a database formats JSON. Every value is written in a fixed order:
//! strings as a 4-byte big-endian length and the UTF-8 bytes, integers as fixed-width big-endian,
//! optional values as a `0x00` byte (absent) or `0x01` followed by the value, lists as a 4-byte
//! count followed by the items, maps as a list of (key, value) pairs sorted by key.

use std::collections::BTreeMap;
use std::fmt;

use moat_core::PrincipalKind;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::StoreError;

/// Domain tag that starts every event's canonical encoding.
pub const EVENT_TAG: &[u8] = b"MOAT-AUDIT-EVENT-1\n";

/// Largest accepted event, as JSON, in bytes (stored prompts and responses included).
pub const MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;

/// Longest accepted string field other than stored text.
pub const MAX_FIELD_BYTES: usize = 4096;

/// Most list or map entries (findings, scores, attributes) in one event.
pub const MAX_ENTRIES: usize = 256;

/// A SHA-256 digest: a chain link, or the hash of an original prompt or response.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Digest32(pub [u8; 32]);

impl Digest32 {
    /// The all-zero digest: the `prev_hash` of the first event of a chain.
    pub const ZERO: Digest32 = Digest32([0; 32]);

    /// SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest32 {
        Digest32(Sha256::digest(bytes).into())
    }

    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex digits.
    pub fn from_hex(s: &str) -> Result<Digest32, String> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out)
            .map_err(|e| format!("`{}` is not 64 hex digits: {e}", truncate(s, 80)))?;
        Ok(Digest32(out))
    }

    /// From raw bytes (exactly 32).
    pub fn from_slice(b: &[u8]) -> Option<Digest32> {
        <[u8; 32]>::try_from(b).ok().map(Digest32)
    }
}

impl fmt::Debug for Digest32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest32({})", self.to_hex())
    }
}

impl fmt::Display for Digest32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Digest32 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Digest32 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Digest32::from_hex(&s).map_err(serde::de::Error::custom)
    }
}

/// Who made the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Agent or user.
    pub kind: PrincipalKind,
    /// Agent name or OIDC subject.
    pub id: String,
    /// Credential used (API key id / prefix or token `jti`), never the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
}

impl From<&moat_core::Identity> for Actor {
    fn from(i: &moat_core::Identity) -> Self {
        Actor {
            kind: i.kind,
            id: i.id.clone(),
            credential_id: i.credential_id.clone(),
        }
    }
}

/// How many findings of one type a decision saw. Never the matched values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingCount {
    /// Finding type, e.g. `pii.email`, `secret.aws_access_key`, `injection`.
    pub kind: String,
    /// How many.
    pub count: u32,
}

/// Tokens used by the upstream call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenUsage {
    /// Prompt (input) tokens.
    pub input_tokens: u64,
    /// Completion (output) tokens.
    pub output_tokens: u64,
}

/// How a prompt or response is kept: a per-route choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentMode {
    /// Only the SHA-256 of the original (default).
    #[default]
    None,
    /// The redacted text (sensitive values replaced) and the SHA-256 of the original.
    Redacted,
    /// The full original text and its SHA-256.
    Full,
}

impl ContentMode {
    fn code(self) -> u8 {
        match self {
            ContentMode::None => 0,
            ContentMode::Redacted => 1,
            ContentMode::Full => 2,
        }
    }
}

/// A prompt or response as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// How it is kept.
    pub mode: ContentMode,
    /// SHA-256 of the original text, always present.
    pub sha256: Digest32,
    /// The kept text: absent for `none`, redacted for `redacted`, original for `full`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Content {
    /// Records `original` under `mode`; `redacted` is the text to keep in `redacted` mode (when
    /// absent in that mode, nothing but the hash is kept).
    pub fn record(mode: ContentMode, original: &str, redacted: Option<&str>) -> Content {
        let text = match mode {
            ContentMode::None => None,
            ContentMode::Redacted => redacted.map(str::to_owned),
            ContentMode::Full => Some(original.to_owned()),
        };
        Content {
            mode,
            sha256: Digest32::of(original.as_bytes()),
            text,
        }
    }
}

/// One gateway decision. Build it with [`AuditEvent::new`] and set the fields that apply.
///
/// `time` is truncated to whole microseconds when appended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEvent {
    /// When the decision was made (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub time: OffsetDateTime,
    /// The request id (also returned to the client).
    pub request_id: String,
    /// Who asked; absent when authentication failed before an identity was known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// Route name from the gateway config, e.g. `openai-chat` or `mcp:github`.
    pub route: String,
    /// Model asked for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Tool called, if any (MCP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// Action taken: `allow`, `alert`, `mask`, `redact`, `hash`, `pseudonymize`, `block`, or a
    /// gateway outcome such as `deny` (authorisation), `rate_limited`, `error`.
    pub action: String,
    /// Finding types and counts (never values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingCount>,
    /// Guard scores by detector name, e.g. `injection: 0.93`. Finite numbers only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<String, f64>,
    /// HTTP status from the upstream, if it was called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_status: Option<u16>,
    /// Token usage, when the upstream reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<TokenUsage>,
    /// Time the gateway spent on the request, in microseconds.
    pub latency_us: u64,
    /// Version (hash or label) of the policy that decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<String>,
    /// The prompt, as the route's storage mode says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Content>,
    /// The response, as the route's storage mode says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Content>,
    /// Client address, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// Free-form extra attributes (short strings only; never secrets).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

impl AuditEvent {
    /// An event at the current time with the required fields set and everything else empty.
    pub fn new(
        request_id: impl Into<String>,
        route: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        AuditEvent {
            time: OffsetDateTime::now_utc(),
            request_id: request_id.into(),
            actor: None,
            route: route.into(),
            model: None,
            tool: None,
            action: action.into(),
            findings: Vec::new(),
            scores: BTreeMap::new(),
            upstream_status: None,
            usage: None,
            latency_us: 0,
            policy_version: None,
            prompt: None,
            response: None,
            client_ip: None,
            attributes: BTreeMap::new(),
        }
    }

    /// Time as microseconds since the Unix epoch.
    pub fn time_us(&self) -> i64 {
        to_micros(self.time)
    }

    /// Checks bounds and normalises: time in UTC truncated to microseconds, scores finite.
    pub(crate) fn normalise(&mut self) -> Result<(), StoreError> {
        self.time = from_micros(self.time_us())
            .map_err(|e| StoreError::InvalidEvent(format!("time: {e}")))?;
        let field = |name: &str, v: &str| -> Result<(), StoreError> {
            if v.len() > MAX_FIELD_BYTES {
                return Err(StoreError::InvalidEvent(format!(
                    "{name} is {} bytes, more than {MAX_FIELD_BYTES}",
                    v.len()
                )));
            }
            Ok(())
        };
        field("request_id", &self.request_id)?;
        field("route", &self.route)?;
        field("action", &self.action)?;
        if self.action.is_empty() {
            return Err(StoreError::InvalidEvent("action is empty".into()));
        }
        if let Some(a) = &self.actor {
            field("actor.id", &a.id)?;
            if let Some(c) = &a.credential_id {
                field("actor.credential_id", c)?;
            }
        }
        for (n, v) in [
            ("model", &self.model),
            ("tool", &self.tool),
            ("policy_version", &self.policy_version),
            ("client_ip", &self.client_ip),
        ] {
            if let Some(v) = v {
                field(n, v)?;
            }
        }
        if self.findings.len() > MAX_ENTRIES
            || self.scores.len() > MAX_ENTRIES
            || self.attributes.len() > MAX_ENTRIES
        {
            return Err(StoreError::InvalidEvent(format!(
                "more than {MAX_ENTRIES} findings, scores or attributes"
            )));
        }
        for f in &self.findings {
            field("findings.kind", &f.kind)?;
            if f.kind.contains(',') {
                return Err(StoreError::InvalidEvent(format!(
                    "finding kind `{}` contains a comma",
                    truncate(&f.kind, 80)
                )));
            }
        }
        for (k, v) in &mut self.scores {
            field("scores key", k)?;
            if !v.is_finite() {
                return Err(StoreError::InvalidEvent(format!(
                    "score `{k}` is not finite"
                )));
            }
            if *v == 0.0 {
                *v = 0.0; // -0.0 and 0.0 must hash alike
            }
        }
        for (k, v) in &self.attributes {
            field("attributes key", k)?;
            field("attributes value", v)?;
        }
        Ok(())
    }

    /// The `,kind1,kind2,` column used to filter by finding type.
    pub(crate) fn finding_types(&self) -> String {
        let mut s = String::from(",");
        for f in &self.findings {
            s.push_str(&f.kind);
            s.push(',');
        }
        s
    }
}

/// An event as stored: its place in its instance's chain and its hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// Instance whose chain holds the event.
    pub instance: String,
    /// Position in that chain, from 1.
    pub seq: u64,
    /// Hash of the event before (all zeros for the first).
    pub prev_hash: Digest32,
    /// This event's chain hash: SHA-256 of its canonical encoding.
    pub hash: Digest32,
    /// The event.
    #[serde(flatten)]
    pub event: AuditEvent,
}

/// Chain hash of `event` at `seq` in `instance`'s chain after `prev`.
pub fn chain_hash(instance: &str, seq: u64, prev: &Digest32, event: &AuditEvent) -> Digest32 {
    let mut buf = Vec::with_capacity(512);
    encode_canonical(&mut buf, instance, seq, prev, event);
    Digest32::of(&buf)
}

/// Writes the canonical encoding of an event (see the module docs and `docs/audit.md`).
pub fn encode_canonical(
    out: &mut Vec<u8>,
    instance: &str,
    seq: u64,
    prev: &Digest32,
    e: &AuditEvent,
) {
    let mut w = Canon(out);
    w.raw(EVENT_TAG);
    w.str(instance);
    w.u64(seq);
    w.raw(&prev.0);
    encode_event_fields(w.0, e);
}

/// The part of the canonical encoding that depends on the event alone (everything after
/// `prev`). The writer computes it before the event's place in the chain is known, so that
/// only the SHA-256 over `prefix || seq || prev || fields` is left for the serial writer.
pub(crate) fn encode_event_fields(out: &mut Vec<u8>, e: &AuditEvent) {
    let mut w = Canon(out);
    w.i64(e.time_us());
    w.str(&e.request_id);
    w.opt(e.actor.as_ref(), |w, a| {
        w.u8(match a.kind {
            PrincipalKind::Agent => 0,
            PrincipalKind::User => 1,
        });
        w.str(&a.id);
        w.opt(a.credential_id.as_ref(), |w, c| w.str(c));
    });
    w.str(&e.route);
    w.opt(e.model.as_ref(), |w, v| w.str(v));
    w.opt(e.tool.as_ref(), |w, v| w.str(v));
    w.str(&e.action);
    w.u32(len32(e.findings.len()));
    for f in &e.findings {
        w.str(&f.kind);
        w.u32(f.count);
    }
    w.u32(len32(e.scores.len()));
    for (k, v) in &e.scores {
        w.str(k);
        w.u64(v.to_bits());
    }
    w.opt(e.upstream_status.as_ref(), |w, s| w.u16(*s));
    w.opt(e.usage.as_ref(), |w, u| {
        w.u64(u.input_tokens);
        w.u64(u.output_tokens);
    });
    w.u64(e.latency_us);
    w.opt(e.policy_version.as_ref(), |w, v| w.str(v));
    for c in [&e.prompt, &e.response] {
        w.opt(c.as_ref(), |w, c| {
            w.u8(c.mode.code());
            w.raw(&c.sha256.0);
            w.opt(c.text.as_ref(), |w, t| w.str(t));
        });
    }
    w.opt(e.client_ip.as_ref(), |w, v| w.str(v));
    w.u32(len32(e.attributes.len()));
    for (k, v) in &e.attributes {
        w.str(k);
        w.str(v);
    }
}

/// The canonical encoding's start for `instance`'s chain: tag and instance (the same for every
/// event of the chain).
pub(crate) fn chain_prefix(instance: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(EVENT_TAG.len() + 4 + instance.len());
    let mut w = Canon(&mut out);
    w.raw(EVENT_TAG);
    w.str(instance);
    out
}

/// [`chain_hash`] from the parts: `prefix` from [`chain_prefix`], `fields` from
/// [`encode_event_fields`]. Hashes exactly the bytes `encode_canonical` writes.
pub(crate) fn chain_hash_parts(
    prefix: &[u8],
    seq: u64,
    prev: &Digest32,
    fields: &[u8],
) -> Digest32 {
    let mut h = Sha256::new();
    h.update(prefix);
    h.update(seq.to_be_bytes());
    h.update(prev.0);
    h.update(fields);
    Digest32(h.finalize().into())
}

fn len32(n: usize) -> u32 {
    // Bounded by MAX_EVENT_BYTES / MAX_ENTRIES long before u32::MAX.
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Canon<'a>(&'a mut Vec<u8>);

impl Canon<'_> {
    fn raw(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.raw(&v.to_be_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.raw(&v.to_be_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.raw(&v.to_be_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.raw(&v.to_be_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(len32(s.len()));
        self.raw(s.as_bytes());
    }
    fn opt<T>(&mut self, v: Option<&T>, f: impl FnOnce(&mut Self, &T)) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                f(self, v);
            }
        }
    }
}

/// Microseconds since the Unix epoch.
pub fn to_micros(t: OffsetDateTime) -> i64 {
    let n = t.unix_timestamp_nanos() / 1000;
    i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX })
}

/// The UTC time `us` microseconds after the Unix epoch.
pub fn from_micros(us: i64) -> Result<OffsetDateTime, String> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1000)
        .map_err(|e| format!("{us} µs is out of range: {e}"))
}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.escape_default().to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s[..end].escape_default())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sample() -> AuditEvent {
        let mut e = AuditEvent::new("req-1", "openai-chat", "block");
        e.time = from_micros(1_700_000_000_123_456).unwrap();
        e.actor = Some(Actor {
            kind: PrincipalKind::Agent,
            id: "billing-bot".into(),
            credential_id: Some("mk_abc".into()),
        });
        e.findings.push(FindingCount {
            kind: "pii.email".into(),
            count: 2,
        });
        e.scores.insert("injection".into(), 0.93);
        e.prompt = Some(Content::record(ContentMode::None, "hello", None));
        e
    }

    #[test]
    fn hash_changes_with_every_field() {
        let base = sample();
        let h = chain_hash("i", 1, &Digest32::ZERO, &base);
        assert_eq!(h, chain_hash("i", 1, &Digest32::ZERO, &base.clone()));
        assert_ne!(h, chain_hash("j", 1, &Digest32::ZERO, &base));
        assert_ne!(h, chain_hash("i", 2, &Digest32::ZERO, &base));
        assert_ne!(h, chain_hash("i", 1, &Digest32([1; 32]), &base));
        let mut e = base.clone();
        e.action = "allow".into();
        assert_ne!(h, chain_hash("i", 1, &Digest32::ZERO, &e));
        let mut e = base.clone();
        e.findings[0].count = 3;
        assert_ne!(h, chain_hash("i", 1, &Digest32::ZERO, &e));
        let mut e = base.clone();
        e.scores.insert("injection".into(), 0.94);
        assert_ne!(h, chain_hash("i", 1, &Digest32::ZERO, &e));
        // moving bytes between adjacent strings must change the hash (length prefixes)
        let mut a = base.clone();
        a.route = "ab".into();
        a.action = "c".into();
        let mut b = base.clone();
        b.route = "a".into();
        b.action = "bc".into();
        assert_ne!(
            chain_hash("i", 1, &Digest32::ZERO, &a),
            chain_hash("i", 1, &Digest32::ZERO, &b)
        );
    }

    #[test]
    fn hash_from_parts_is_the_chain_hash() {
        let mut e = sample();
        e.normalise().unwrap();
        let prev = Digest32([7; 32]);
        let mut fields = Vec::new();
        encode_event_fields(&mut fields, &e);
        assert_eq!(
            chain_hash_parts(&chain_prefix("gw-1"), 42, &prev, &fields),
            chain_hash("gw-1", 42, &prev, &e)
        );
    }

    #[test]
    fn json_roundtrip_keeps_hash() {
        let mut e = sample();
        e.normalise().unwrap();
        let h = chain_hash("i", 7, &Digest32::ZERO, &e);
        let json = serde_json::to_string(&e).unwrap();
        let back: AuditEvent = serde_json::from_str(&json).unwrap();
        assert_eq!(chain_hash("i", 7, &Digest32::ZERO, &back), h);
        // re-formatted JSON (whitespace, key order) gives the same event
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let back2: AuditEvent = serde_json::from_str(&pretty).unwrap();
        assert_eq!(chain_hash("i", 7, &Digest32::ZERO, &back2), h);
    }

    #[test]
    fn normalise_rejects_bad_values() {
        let mut e = sample();
        e.scores.insert("x".into(), f64::NAN);
        assert!(e.normalise().is_err());
        let mut e = sample();
        e.route = "r".repeat(MAX_FIELD_BYTES + 1);
        assert!(e.normalise().is_err());
        let mut e = sample();
        e.findings[0].kind = "a,b".into();
        assert!(e.normalise().is_err());
    }

    #[test]
    fn content_modes() {
        let c = Content::record(ContentMode::None, "secret text", Some("[REDACTED]"));
        assert_eq!(c.text, None);
        assert_eq!(c.sha256, Digest32::of(b"secret text"));
        let c = Content::record(ContentMode::Redacted, "secret text", Some("[REDACTED]"));
        assert_eq!(c.text.as_deref(), Some("[REDACTED]"));
        let c = Content::record(ContentMode::Full, "secret text", None);
        assert_eq!(c.text.as_deref(), Some("secret text"));
    }
}
