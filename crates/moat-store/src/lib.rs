//! Moat's storage layer and tamper-evident audit trail.
//!
//! One async interface, [`Store`], over two engines: SQLite (embedded default, a WAL-mode file
//! under the data directory, created on first run) and PostgreSQL (a `postgres://` URL; several
//! Moat instances may share one database). Versioned migrations run at open; a database with a
//! newer schema than this binary knows is refused.
//!
//! The audit trail is an append-only hash chain per instance. An [`AuditSink`] appends with
//! group commit: in [`Durability::Acknowledged`] mode (default) `append` returns only once the
//! event is committed and synced; in [`Durability::Buffered`] mode it returns at once. Signed
//! [`Checkpoint`]s (Ed25519) are written periodically, and [`Store::verify`] proves the chain.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), moat_store::StoreError> {
//! use moat_store::{AuditEvent, Ack, AuditKey, SinkOptions, Store, VerifyOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! // `sqlite://path`, a plain path, or `postgres://user@host/db`.
//! let store = Store::open(&format!("sqlite://{}", dir.path().join("moat.db").display())).await?;
//!
//! // One sink per process (per instance id). It is cheap to clone.
//! let key = AuditKey::generate();
//! let sink = store.audit_sink(SinkOptions::new("gw-1", key.clone())).await?;
//! let mut ev = AuditEvent::new("req-42", "openai-chat", "allow");
//! ev.model = Some("gpt-4o".into());
//! match sink.append(ev).await? {
//!     Ack::Durable { seq } => assert_eq!(seq, 1), // committed and synced
//!     Ack::Queued => unreachable!("acknowledged is the default"),
//! }
//! sink.shutdown().await?; // flushes and writes a final signed checkpoint
//!
//! let report = store.verify(&VerifyOptions::trusting(key.public())).await?;
//! assert!(report.is_ok());
//!
//! // API keys, red-team runs and a small generic key-value table for other features.
//! store.kv_put("registry", "model:gpt-4o", &serde_json::json!({"approved": true})).await?;
//! assert!(store.kv_get("registry", "model:gpt-4o").await?.is_some());
//! # Ok(()) }
//! ```
//!
//! From `moat.yaml`'s `store:` section ([`StoreConfig`]), the gateway does:
//!
//! ```no_run
//! # async fn f(cfg: moat_store::StoreConfig) -> Result<(), moat_store::StoreError> {
//! let store = moat_store::Store::from_config(&cfg).await?;
//! let sink = store.audit_sink_from_config(&cfg).await?; // loads or creates the key
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod apikey;
mod backend;
mod checkpoint;
mod config;
mod error;
mod event;
mod kv;
mod ocsf;
mod query;
mod redteam;
mod sink;
mod verify;

use std::sync::Arc;

pub use apikey::ApiKeyRecord;
pub use checkpoint::{AuditKey, Checkpoint, CheckpointKind, PublicKey};
pub use checkpoint::{public_key_path, read_checkpoint_file};
pub use config::{
    CheckpointConfig, DATA_DIR_ENV, DEFAULT_DATA_DIR, Durability, StoreConfig, parse_time_arg,
};
pub use error::StoreError;
pub use event::{
    Actor, AuditEvent, Content, ContentMode, Digest32, FindingCount, StoredEvent, TokenUsage,
    chain_hash, encode_canonical, from_micros, to_micros,
};
pub use kv::KvEntry;
pub use ocsf::{OCSF_CLASS_UID, OCSF_VERSION, to_ocsf};
pub use query::EventFilter;
pub use redteam::{PutOutcome, RedteamResult, RedteamRun, RunClaim};
pub use sink::{Ack, AuditSink, SinkOptions};
/// The `time` crate, re-exported so callers build [`AuditEvent::time`] with the same version.
pub use time;
pub use verify::{BreakKind, ChainBreak, InstanceReport, PruneReport, VerifyOptions, VerifyReport};

use backend::Backend;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// A handle on the database. Cheap to clone; all clones share one connection pool.
#[derive(Clone)]
pub struct Store {
    inner: Arc<backend::Backend>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("target", &self.inner.target_display())
            .finish()
    }
}

impl Store {
    /// Opens (creating a SQLite file and its directory if needed) and migrates the database at
    /// `url`: `sqlite://PATH`, `sqlite::memory:`, a plain path, or `postgres://...`.
    ///
    /// A PostgreSQL URL may carry `schema=NAME` among its query parameters: tables then live
    /// in that schema (created if absent), which lets tests and tenants share a database.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let target = backend::Target::parse(url)?;
        let b = Backend::open(target).await?;
        Ok(Store { inner: Arc::new(b) })
    }

    /// Opens the database the config names (default `<data_dir>/moat.db`).
    pub async fn from_config(cfg: &StoreConfig) -> Result<Store, StoreError> {
        cfg.validate()?;
        Store::open(&cfg.url()).await
    }

    /// The engine behind this store.
    pub fn engine(&self) -> Engine {
        self.inner.engine()
    }

    /// Where the store is, password removed.
    pub fn target(&self) -> String {
        self.inner.target_display()
    }

    /// The schema version in the database (after migrations, this binary's newest).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        self.inner.schema_version().await
    }

    /// The newest schema version this binary knows.
    pub const SCHEMA_VERSION: i64 = backend::SCHEMA_VERSION;

    /// Starts the audit writer for one instance's chain and returns its sink.
    ///
    /// Only one sink per instance id may write at a time: on PostgreSQL a second one (in any
    /// process) is refused; on SQLite a second one in another process is refused too.
    pub async fn audit_sink(&self, opts: SinkOptions) -> Result<AuditSink, StoreError> {
        sink::start(self.clone(), opts).await
    }

    /// Starts the audit writer as `cfg` says: instance id, durability, checkpoint policy, and
    /// the signing key from `signing_key_file` (generated on first run, with the public key
    /// printed to stderr and written next to it as `<file>.pub`).
    pub async fn audit_sink_from_config(&self, cfg: &StoreConfig) -> Result<AuditSink, StoreError> {
        let instance = cfg.instance_id()?;
        let key_path = cfg.signing_key_file();
        let (key, created) = AuditKey::load_or_generate(&key_path)?;
        if created {
            eprintln!(
                "moat: generated audit signing key {} (public key {}, also in {}.pub)",
                key_path.display(),
                key.public().to_hex(),
                key_path.display()
            );
        }
        let mut opts = SinkOptions::new(instance, key);
        opts.durability = cfg.mode;
        opts.checkpoint = cfg.checkpoint.clone();
        self.audit_sink(opts).await
    }

    /// Events matching `filter`, oldest first, at most `filter.limit`.
    pub async fn audit_events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>, StoreError> {
        self.inner.query_events(filter).await
    }

    /// Calls `f` on every event matching `filter` (its `limit` applies), oldest first, without
    /// holding them all in memory. Stops early if `f` returns an error.
    pub async fn for_each_event<F>(&self, filter: &EventFilter, f: F) -> Result<u64, StoreError>
    where
        F: FnMut(StoredEvent) -> Result<(), StoreError> + Send,
    {
        self.inner.for_each_event(filter, f).await
    }

    /// Instance ids with events or checkpoints in this store.
    pub async fn instances(&self) -> Result<Vec<String>, StoreError> {
        self.inner.instances().await
    }

    /// Checkpoints of `instance`, by sequence number.
    pub async fn checkpoints(&self, instance: &str) -> Result<Vec<Checkpoint>, StoreError> {
        self.inner.checkpoints(instance).await
    }

    /// Verifies every instance's chain and checkpoints; see [`VerifyOptions`].
    pub async fn verify(&self, opts: &VerifyOptions) -> Result<VerifyReport, StoreError> {
        verify::verify(self, opts).await
    }

    /// Removes events older than `before` from every instance's chain, after writing (signed
    /// with `key`) a `prune` checkpoint that marks each chain's new start.
    pub async fn prune(
        &self,
        before: time::OffsetDateTime,
        key: &AuditKey,
    ) -> Result<PruneReport, StoreError> {
        verify::prune(self, before, key).await
    }

    /// Stores a new API key record. Fails if its id or prefix exists.
    pub async fn insert_api_key(&self, rec: &ApiKeyRecord) -> Result<(), StoreError> {
        self.inner.insert_api_key(rec).await
    }

    /// The API key with this prefix (the public, looked-up part of the key), if any.
    pub async fn api_key_by_prefix(
        &self,
        prefix: &str,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.inner.api_key_by(apikey::By::Prefix, prefix).await
    }

    /// The API key with this id, if any.
    pub async fn api_key(&self, id: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.inner.api_key_by(apikey::By::Id, id).await
    }

    /// All API keys, newest first.
    pub async fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        self.inner.list_api_keys().await
    }

    /// Marks the key revoked now. Returns false if no such key or it was already revoked.
    pub async fn revoke_api_key(&self, id: &str) -> Result<bool, StoreError> {
        self.inner.revoke_api_key(id).await
    }

    /// The value under (`namespace`, `key`), if any and not expired.
    pub async fn kv_get(&self, namespace: &str, key: &str) -> Result<Option<KvEntry>, StoreError> {
        self.inner.kv_get(namespace, key).await
    }

    /// Sets the value under (`namespace`, `key`); returns its new version (1 for a new key).
    pub async fn kv_put(
        &self,
        namespace: &str,
        key: &str,
        value: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        self.inner
            .kv_put(namespace, key, value, None, None)
            .await
            .map(|v| v.unwrap_or(0))
    }

    /// Sets the value only if the current version is `expected` (`None`: only if absent).
    /// Returns the new version, or `None` if someone else changed it first. `expires` drops
    /// the entry from reads after that time.
    pub async fn kv_compare_and_put(
        &self,
        namespace: &str,
        key: &str,
        value: &serde_json::Value,
        expected: Option<i64>,
        expires: Option<time::OffsetDateTime>,
    ) -> Result<Option<i64>, StoreError> {
        self.inner
            .kv_put(namespace, key, value, Some(expected), expires)
            .await
    }

    /// Deletes (`namespace`, `key`); returns whether it existed.
    pub async fn kv_delete(&self, namespace: &str, key: &str) -> Result<bool, StoreError> {
        self.inner.kv_delete(namespace, key).await
    }

    /// Unexpired entries of `namespace` whose key starts with `prefix`, by key, at most `limit`.
    pub async fn kv_list(
        &self,
        namespace: &str,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<KvEntry>, StoreError> {
        self.inner.kv_list(namespace, prefix, limit).await
    }

    /// Adds `delta` to the integer counter (`namespace`, `key`) atomically, creating it at 0
    /// (and setting `expires`) if absent or expired. Returns the new value. Suits fixed-window
    /// rate-limit quotas shared by several instances.
    pub async fn counter_add(
        &self,
        namespace: &str,
        key: &str,
        delta: i64,
        expires: Option<time::OffsetDateTime>,
    ) -> Result<i64, StoreError> {
        self.inner.counter_add(namespace, key, delta, expires).await
    }

    /// Creates red-team run `id` for the campaign `fingerprint` (described by `campaign`), or
    /// resumes it if it exists for the same campaign, and takes its lease for `lease` as
    /// `owner`. Refused (nothing changed) when the id belongs to another campaign or another
    /// owner holds an unexpired lease; see [`RunClaim`].
    pub async fn redteam_claim(
        &self,
        id: &str,
        fingerprint: &str,
        campaign: &serde_json::Value,
        owner: &str,
        lease: std::time::Duration,
    ) -> Result<RunClaim, StoreError> {
        self.inner
            .redteam_claim(id, fingerprint, campaign, owner, lease)
            .await
    }

    /// Extends `owner`'s lease on run `id` to `lease` from now; false if it no longer holds it.
    pub async fn redteam_renew(
        &self,
        id: &str,
        owner: &str,
        lease: std::time::Duration,
    ) -> Result<bool, StoreError> {
        self.inner.redteam_renew(id, owner, lease).await
    }

    /// Gives up `owner`'s lease on run `id` (at the end of a run); false if it did not hold it.
    pub async fn redteam_release(&self, id: &str, owner: &str) -> Result<bool, StoreError> {
        self.inner.redteam_release(id, owner).await
    }

    /// Stores one attack's result in run `id`, committed before it returns. Only the lease
    /// holder may write ([`StoreError::LeaseLost`] otherwise); a judged result already stored
    /// for the attack is kept and an unjudged one replaced, its attempts added up.
    #[expect(clippy::too_many_arguments, reason = "one argument per column")]
    pub async fn redteam_put_result(
        &self,
        id: &str,
        owner: &str,
        attack_id: &str,
        judged: bool,
        success: bool,
        attempts: u64,
        result: &serde_json::Value,
    ) -> Result<PutOutcome, StoreError> {
        self.inner
            .redteam_put_result(id, owner, attack_id, judged, success, attempts, result)
            .await
    }

    /// Run `id` with its result counts, if it exists.
    pub async fn redteam_run(&self, id: &str) -> Result<Option<RedteamRun>, StoreError> {
        self.inner.redteam_run(id).await
    }

    /// Every red-team run, newest first.
    pub async fn redteam_runs(&self) -> Result<Vec<RedteamRun>, StoreError> {
        self.inner.redteam_runs_where(None).await
    }

    /// Every result stored for run `id`, by attack id.
    pub async fn redteam_results(&self, id: &str) -> Result<Vec<RedteamResult>, StoreError> {
        self.inner.redteam_results(id).await
    }

    /// Deletes run `id` and its results; returns whether it existed.
    pub async fn redteam_delete(&self, id: &str) -> Result<bool, StoreError> {
        self.inner.redteam_delete(id).await
    }

    /// Drops the PostgreSQL schema named by the URL's `schema=` parameter, with everything in
    /// it. For tests that isolate themselves in a schema; does nothing on SQLite.
    #[doc(hidden)]
    pub async fn drop_schema(&self) -> Result<(), StoreError> {
        self.inner.drop_schema().await
    }

    /// Closes the pool, waiting for connections to return.
    pub async fn close(&self) {
        self.inner.close().await
    }
}
