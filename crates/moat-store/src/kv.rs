//! A small generic key-value table, namespaced, for features that need a little durable state
//! (model registry, approvals, tool pins, red-team runs, rate-limit counters).

use serde::Serialize;
use time::OffsetDateTime;

use crate::StoreError;
use crate::event::from_micros;

/// Largest value, as JSON, in bytes.
pub const MAX_VALUE_BYTES: usize = 1024 * 1024;
/// Longest namespace or key, in bytes.
pub const MAX_KEY_BYTES: usize = 512;

/// One entry of the key-value table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KvEntry {
    /// Namespace, e.g. `registry`, `approvals`.
    pub namespace: String,
    /// Key within the namespace.
    pub key: String,
    /// The value.
    pub value: serde_json::Value,
    /// Incremented on every write; use it with [`crate::Store::kv_compare_and_put`].
    pub version: i64,
    /// Last write.
    #[serde(with = "time::serde::rfc3339")]
    pub updated: OffsetDateTime,
    /// When the entry stops being returned, if ever.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires: Option<OffsetDateTime>,
}

pub(crate) fn check_key(ns: &str, key: &str) -> Result<(), StoreError> {
    if ns.is_empty() || ns.len() > MAX_KEY_BYTES || key.len() > MAX_KEY_BYTES {
        return Err(StoreError::InvalidEvent(format!(
            "kv namespace must be 1 to {MAX_KEY_BYTES} bytes and key at most {MAX_KEY_BYTES}"
        )));
    }
    Ok(())
}

pub(crate) fn from_parts(
    namespace: String,
    key: String,
    value: String,
    version: i64,
    updated_us: i64,
    expires_us: Option<i64>,
) -> Result<KvEntry, StoreError> {
    let corrupt = |d: String| StoreError::Corrupt {
        context: format!("kv `{namespace}`/`{key}`"),
        detail: d,
    };
    Ok(KvEntry {
        value: serde_json::from_str(&value).map_err(|e| corrupt(format!("value: {e}")))?,
        updated: from_micros(updated_us).map_err(corrupt)?,
        expires: expires_us.map(from_micros).transpose().map_err(corrupt)?,
        version,
        namespace,
        key,
    })
}
