//! API key records. The gateway mints keys and hashes their secrets; the store keeps the
//! record and never sees a secret.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::StoreError;
use crate::event::from_micros;

/// A stored API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyRecord {
    /// Stable id of the key (shown in audit events as the credential id).
    pub id: String,
    /// The public, looked-up part of the key (unique), e.g. `mk_3f9a1c`.
    pub prefix: String,
    /// Hash of the secret part, as the gateway computes it (the store only compares bytes).
    pub hash: Vec<u8>,
    /// Agent the key belongs to.
    pub agent: String,
    /// Scopes granted, e.g. `models:gpt-4o`.
    pub scopes: Vec<String>,
    /// Free-form label.
    pub label: Option<String>,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// When it stops working, if ever.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires: Option<OffsetDateTime>,
    /// When it was revoked, if it was.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked: Option<OffsetDateTime>,
}

impl ApiKeyRecord {
    /// True when the key is neither revoked nor expired at `now`.
    pub fn is_active(&self, now: OffsetDateTime) -> bool {
        self.revoked.is_none() && self.expires.is_none_or(|e| e > now)
    }
}

pub(crate) enum By {
    Id,
    Prefix,
}

#[expect(clippy::too_many_arguments, reason = "one argument per column")]
pub(crate) fn from_parts(
    id: String,
    prefix: String,
    hash: Vec<u8>,
    agent: String,
    scopes: String,
    label: Option<String>,
    created_us: i64,
    expires_us: Option<i64>,
    revoked_us: Option<i64>,
) -> Result<ApiKeyRecord, StoreError> {
    let corrupt = |d: String| StoreError::Corrupt {
        context: format!("api key `{id}`"),
        detail: d,
    };
    let scopes: Vec<String> =
        serde_json::from_str(&scopes).map_err(|e| corrupt(format!("scopes: {e}")))?;
    Ok(ApiKeyRecord {
        created: from_micros(created_us).map_err(corrupt)?,
        expires: expires_us.map(from_micros).transpose().map_err(corrupt)?,
        revoked: revoked_us.map(from_micros).transpose().map_err(corrupt)?,
        id,
        prefix,
        hash,
        agent,
        scopes,
        label,
    })
}
