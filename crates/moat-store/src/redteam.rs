//! Red-team runs: what a campaign is, who is running it now (a lease), and one result per attack,
//! so an interrupted run resumes where it stopped. The store keeps results as JSON and knows
//! nothing of probes or judges; `judged` and `success` are kept as columns so a resume and a
//! listing need not parse them.
//!
//! Guarantees:
//! - each result is one committed statement: after a crash every result written before it is
//!   there whole, and nothing of an unfinished one;
//! - a judged result is never replaced (a later attempt that errored cannot undo it), an unjudged
//!   one is replaced by the next attempt;
//! - only the holder of a run's lease may write results to it, so two processes cannot run one
//!   campaign at once. A lease not renewed within its time (the holder crashed) may be taken.

use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use crate::StoreError;
use crate::event::from_micros;

/// Longest run id, attack id or lease owner, in bytes.
pub const MAX_ID_BYTES: usize = 512;
/// Largest campaign description, as JSON, in bytes.
pub const MAX_CAMPAIGN_BYTES: usize = 64 * 1024;
/// Largest result, as JSON, in bytes.
pub const MAX_RESULT_BYTES: usize = 4 * 1024 * 1024;
/// Longest lease.
pub const MAX_LEASE: Duration = Duration::from_secs(3600);

/// A stored red-team run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedteamRun {
    /// The run's name, chosen by the operator.
    pub id: String,
    /// What identifies the campaign (a hash of target, model, seed, prompts, attack ids); a
    /// resume must present the same.
    pub fingerprint: String,
    /// A description of the campaign (target, model, seed, attack count), shown when listing.
    pub campaign: serde_json::Value,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// Last claim or renewal.
    #[serde(with = "time::serde::rfc3339")]
    pub updated: OffsetDateTime,
    /// Who holds the lease, if anyone.
    pub lease_owner: Option<String>,
    /// Until when (the lease may be taken after this).
    #[serde(with = "time::serde::rfc3339::option")]
    pub lease_until: Option<OffsetDateTime>,
    /// Results stored as judged.
    pub judged: u64,
    /// Results stored as not judged (target errors, to be retried).
    pub unjudged: u64,
}

/// The outcome of [`crate::Store::redteam_claim`].
#[derive(Debug, Clone, PartialEq)]
pub enum RunClaim {
    /// A new run was created; the caller holds its lease.
    Created,
    /// The run existed with the same fingerprint; the caller now holds its lease.
    Resumed,
    /// A run of this id exists for another campaign. Nothing was changed.
    Different(Box<RedteamRun>),
    /// Another owner holds the run's lease. Nothing was changed.
    Busy {
        /// The holder.
        owner: String,
        /// When its lease runs out, unless renewed.
        until: OffsetDateTime,
    },
}

/// One attack's stored result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedteamResult {
    /// The attack id (unique within the run).
    pub attack_id: String,
    /// Whether the attack was judged (false: the target failed; a resume retries it).
    pub judged: bool,
    /// Whether it succeeded.
    pub success: bool,
    /// Requests made for it, over every attempt.
    pub attempts: u64,
    /// The full result, as the caller wrote it.
    pub result: serde_json::Value,
    /// When it was written.
    #[serde(with = "time::serde::rfc3339")]
    pub updated: OffsetDateTime,
}

/// What [`crate::Store::redteam_put_result`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// The result was stored (new, or replacing an unjudged one).
    Stored,
    /// A judged result was already stored for this attack; it was kept.
    KeptJudged,
}

pub(crate) fn check_id(what: &str, v: &str) -> Result<(), StoreError> {
    if v.is_empty() || v.len() > MAX_ID_BYTES {
        return Err(StoreError::InvalidInput(format!(
            "red-team {what} must be 1 to {MAX_ID_BYTES} bytes"
        )));
    }
    Ok(())
}

pub(crate) fn to_text(what: &str, v: &serde_json::Value, max: usize) -> Result<String, StoreError> {
    let text = serde_json::to_string(v)
        .map_err(|e| StoreError::InvalidInput(format!("red-team {what}: {e}")))?;
    if text.len() > max {
        return Err(StoreError::InvalidInput(format!(
            "red-team {what} is {} bytes, more than {max}",
            text.len()
        )));
    }
    Ok(text)
}

pub(crate) fn lease_micros(lease: Duration) -> Result<i64, StoreError> {
    if lease.is_zero() || lease > MAX_LEASE {
        return Err(StoreError::InvalidInput(format!(
            "red-team lease must be more than 0 and at most {} s",
            MAX_LEASE.as_secs()
        )));
    }
    Ok(lease.as_micros() as i64)
}

#[expect(clippy::too_many_arguments, reason = "one argument per column")]
pub(crate) fn run_from_parts(
    id: String,
    fingerprint: String,
    campaign: String,
    created_us: i64,
    updated_us: i64,
    lease_owner: Option<String>,
    lease_until_us: Option<i64>,
    judged: i64,
    unjudged: i64,
) -> Result<RedteamRun, StoreError> {
    let corrupt = |d: String| StoreError::Corrupt {
        context: format!("red-team run `{id}`"),
        detail: d,
    };
    Ok(RedteamRun {
        campaign: serde_json::from_str(&campaign).map_err(|e| corrupt(format!("campaign: {e}")))?,
        created: from_micros(created_us).map_err(corrupt)?,
        updated: from_micros(updated_us).map_err(corrupt)?,
        lease_until: lease_until_us
            .map(from_micros)
            .transpose()
            .map_err(corrupt)?,
        judged: judged.max(0) as u64,
        unjudged: unjudged.max(0) as u64,
        id,
        fingerprint,
        lease_owner,
    })
}

pub(crate) fn result_from_parts(
    run_id: &str,
    attack_id: String,
    judged: bool,
    success: bool,
    attempts: i64,
    result: String,
    updated_us: i64,
) -> Result<RedteamResult, StoreError> {
    let corrupt = |d: String| StoreError::Corrupt {
        context: format!("red-team result `{run_id}`/`{attack_id}`"),
        detail: d,
    };
    Ok(RedteamResult {
        result: serde_json::from_str(&result).map_err(|e| corrupt(format!("result: {e}")))?,
        updated: from_micros(updated_us).map_err(corrupt)?,
        attempts: attempts.max(0) as u64,
        attack_id,
        judged,
        success,
    })
}
