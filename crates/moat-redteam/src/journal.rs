//! Where a run records each result as it lands, so that a rerun resumes: the store
//! (`--run-id`, SQLite or PostgreSQL, see decision 0603) or a JSONL run directory (`--run-dir`,
//! decision 0600).

use std::time::Duration;

use moat_store::{PutOutcome, RunClaim, Store};

use crate::runfile::{Campaign, RunFile};
use crate::runner::AttackResult;

/// Default lease on a stored run: renewed every third of it while the run goes on, so a run
/// whose process died can be resumed by another after at most this long.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);

/// A run's journal.
#[derive(Debug)]
pub enum Journal {
    /// A JSONL run directory.
    File(RunFile),
    /// A run kept in the store.
    Store(StoreRun),
}

/// A run kept in the store, with its lease held.
#[derive(Debug)]
pub struct StoreRun {
    store: Store,
    id: String,
    owner: String,
    lease: Duration,
    resumed: bool,
}

impl StoreRun {
    /// Create run `id` for `campaign`, or resume it, taking its lease. Refused when the id
    /// holds another campaign or another process is running it.
    pub async fn open(
        store: Store,
        id: &str,
        campaign: &Campaign,
        lease: Duration,
    ) -> Result<StoreRun, String> {
        let owner = owner_id();
        let desc = serde_json::to_value(campaign).map_err(|e| e.to_string())?;
        let claim = store
            .redteam_claim(id, &campaign.fingerprint, &desc, &owner, lease)
            .await
            .map_err(|e| format!("--run-id `{id}`: {e}"))?;
        let resumed = match claim {
            RunClaim::Created => false,
            RunClaim::Resumed => true,
            RunClaim::Different(old) => {
                let c = &old.campaign;
                return Err(format!(
                    "--run-id `{id}` in {} holds a different campaign (target {}, model {}, seed {}, {} attacks); \
                     use another run id or the same options",
                    store.target(),
                    c["target"],
                    c["model"],
                    c["seed"],
                    c["attacks"]
                ));
            }
            RunClaim::Busy { owner, until } => {
                return Err(format!(
                    "--run-id `{id}` is being run by `{owner}` (lease until {until}); if that \
                     process has stopped, rerun after its lease ends"
                ));
            }
        };
        Ok(StoreRun {
            store,
            id: id.to_string(),
            owner,
            lease,
            resumed,
        })
    }

    /// The store, password removed.
    pub fn store_target(&self) -> String {
        self.store.target()
    }

    /// Whether the run existed before (a resume).
    pub fn resumed(&self) -> bool {
        self.resumed
    }
}

/// Who is running: host, process and a random part, so two runs on one host differ.
fn owner_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    format!(
        "{host}:{}:{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

impl Journal {
    /// Every result recorded so far (judged or not).
    pub async fn load(&self) -> Result<Vec<AttackResult>, String> {
        match self {
            Journal::File(f) => f.load(),
            Journal::Store(s) => {
                let rows = s
                    .store
                    .redteam_results(&s.id)
                    .await
                    .map_err(|e| format!("--run-id `{}`: {e}", s.id))?;
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    // A row this version cannot read is treated as not yet run.
                    if let Ok(r) = serde_json::from_value::<AttackResult>(row.result) {
                        if r.id == row.attack_id {
                            out.push(r);
                        }
                    }
                }
                Ok(out)
            }
        }
    }

    /// Record one result durably before returning.
    pub async fn append(&self, r: &AttackResult) -> Result<(), String> {
        match self {
            Journal::File(f) => f.append(r),
            Journal::Store(s) => {
                let v = serde_json::to_value(r).map_err(|e| e.to_string())?;
                match s
                    .store
                    .redteam_put_result(
                        &s.id,
                        &s.owner,
                        &r.id,
                        r.error.is_none(),
                        r.success,
                        u64::from(r.attempts),
                        &v,
                    )
                    .await
                {
                    Ok(PutOutcome::Stored | PutOutcome::KeptJudged) => Ok(()),
                    Err(e) => Err(format!("--run-id `{}`: {e}", s.id)),
                }
            }
        }
    }

    /// How often [`Journal::keep_alive`] must be called, if at all.
    pub fn keep_alive_every(&self) -> Option<Duration> {
        match self {
            Journal::File(_) => None,
            Journal::Store(s) => Some(s.lease / 3),
        }
    }

    /// Renew the lease; an error when it was lost.
    pub async fn keep_alive(&self) -> Result<(), String> {
        match self {
            Journal::File(_) => Ok(()),
            Journal::Store(s) => match s.store.redteam_renew(&s.id, &s.owner, s.lease).await {
                Ok(true) => Ok(()),
                Ok(false) => Err(format!(
                    "--run-id `{}`: lost the run's lease to another process",
                    s.id
                )),
                Err(e) => Err(format!("--run-id `{}`: {e}", s.id)),
            },
        }
    }

    /// Give up the lease (the run can be resumed at once). Errors are ignored: the lease then
    /// simply expires.
    pub async fn close(&self) {
        if let Journal::Store(s) = self {
            let _ = s.store.redteam_release(&s.id, &s.owner).await;
        }
    }
}
