//! The audit writer: one task per instance that owns the chain head and appends with group
//! commit. Callers send events over a bounded channel; the task takes everything queued (up
//! to `max_batch`), hashes it onto the chain, inserts it in one transaction (one fsync) and then
//! answers every caller in the batch. While one batch commits the next one queues, so the
//! number of fsyncs per second stays flat as load grows.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::backend::{Backend, EventRow, WriterConn};
use crate::checkpoint::{Checkpoint, CheckpointKind};
use crate::config::{CheckpointConfig, Durability, check_instance_id};
use crate::event::{AuditEvent, Digest32, chain_hash_parts, chain_prefix};
use crate::{AuditKey, Store, StoreError};

/// What `append` promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ack {
    /// Committed and synced at this sequence number of the instance's chain.
    Durable {
        /// Sequence number given to the event.
        seq: u64,
    },
    /// Queued (buffered mode): it will be written shortly, but a crash before then loses it.
    Queued,
}

/// How to run an audit sink.
#[derive(Debug, Clone)]
pub struct SinkOptions {
    /// Instance id: this process's chain. Each running instance needs its own.
    pub instance: String,
    /// Key that signs checkpoints.
    pub key: AuditKey,
    /// Acknowledged (default) or buffered.
    pub durability: Durability,
    /// Checkpoint policy.
    pub checkpoint: CheckpointConfig,
    /// Most events in one commit. Default 2000.
    pub max_batch: usize,
    /// Events that may wait in the queue before `append` waits too. Default 20000.
    pub queue: usize,
}

impl SinkOptions {
    /// Acknowledged mode, default checkpoint policy.
    pub fn new(instance: impl Into<String>, key: AuditKey) -> Self {
        SinkOptions {
            instance: instance.into(),
            key,
            durability: Durability::Acknowledged,
            checkpoint: CheckpointConfig::default(),
            max_batch: 2000,
            queue: 20_000,
        }
    }
}

type Reply<T> = oneshot::Sender<Result<T, String>>;

/// An event made ready by its caller: its row (without seq and hashes) and its part of the
/// canonical encoding. The serial writer only hashes it onto the chain and inserts it, so the
/// per-event work (JSON, encoding) runs on the callers' tasks, in parallel.
struct Prepared {
    row: EventRow,
    fields: Vec<u8>,
}

enum Msg {
    Append(Box<Prepared>, Option<Reply<u64>>),
    Flush(Reply<u64>),
    Checkpoint(Reply<Checkpoint>),
    Shutdown(Reply<()>),
}

struct Shared {
    instance: String,
    durability: Durability,
    /// Buffered mode: the last write error, so later appends fail closed until a write works.
    failed: Mutex<Option<String>>,
}

/// Appends events to one instance's chain. Cheap to clone; all clones feed one writer task.
/// When the last clone is dropped the writer drains its queue, writes a checkpoint and stops;
/// call [`AuditSink::shutdown`] to wait for that.
#[derive(Clone)]
pub struct AuditSink {
    tx: mpsc::Sender<Msg>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for AuditSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditSink")
            .field("instance", &self.shared.instance)
            .field("durability", &self.shared.durability)
            .finish()
    }
}

const CLOSED: &str = "the audit writer has stopped";

impl AuditSink {
    /// This sink's instance id.
    pub fn instance(&self) -> &str {
        &self.shared.instance
    }

    /// Its durability mode.
    pub fn durability(&self) -> Durability {
        self.shared.durability
    }

    /// Appends an event. In acknowledged mode, returns once it is committed and synced; an
    /// error means it is NOT recorded (refuse the request). In buffered mode, returns once
    /// it is queued; after a failed write, appends fail until a write succeeds again.
    pub async fn append(&self, mut event: AuditEvent) -> Result<Ack, StoreError> {
        event.normalise()?;
        let (row, fields) = EventRow::prepare(&self.shared.instance, &event)?;
        drop(event);
        let prepared = Box::new(Prepared { row, fields });
        match self.shared.durability {
            Durability::Acknowledged => {
                let (tx, rx) = oneshot::channel();
                self.tx
                    .send(Msg::Append(prepared, Some(tx)))
                    .await
                    .map_err(|_| StoreError::WriterClosed(CLOSED.into()))?;
                match rx.await {
                    Ok(Ok(seq)) => Ok(Ack::Durable { seq }),
                    Ok(Err(e)) => Err(StoreError::AuditWrite(e)),
                    Err(_) => Err(StoreError::WriterClosed(CLOSED.into())),
                }
            }
            Durability::Buffered => {
                if let Some(e) = self.failed() {
                    return Err(StoreError::AuditWrite(format!(
                        "last buffered write failed: {e}"
                    )));
                }
                self.tx
                    .send(Msg::Append(prepared, None))
                    .await
                    .map_err(|_| StoreError::WriterClosed(CLOSED.into()))?;
                Ok(Ack::Queued)
            }
        }
    }

    fn failed(&self) -> Option<String> {
        self.shared
            .failed
            .lock()
            .map(|g| g.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// Waits until every event queued before this call is durable; returns the chain's head
    /// sequence number.
    pub async fn flush(&self) -> Result<u64, StoreError> {
        self.request(Msg::Flush).await
    }

    /// Writes a signed checkpoint of the current head now.
    pub async fn checkpoint_now(&self) -> Result<Checkpoint, StoreError> {
        self.request(Msg::Checkpoint).await
    }

    /// Flushes, writes a final checkpoint and stops the writer (for every clone).
    pub async fn shutdown(&self) -> Result<(), StoreError> {
        self.request(Msg::Shutdown).await
    }

    async fn request<T>(&self, make: impl FnOnce(Reply<T>) -> Msg) -> Result<T, StoreError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(make(tx))
            .await
            .map_err(|_| StoreError::WriterClosed(CLOSED.into()))?;
        match rx.await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(StoreError::AuditWrite(e)),
            Err(_) => Err(StoreError::WriterClosed(CLOSED.into())),
        }
    }
}

pub(crate) async fn start(store: Store, opts: SinkOptions) -> Result<AuditSink, StoreError> {
    check_instance_id(&opts.instance)?;
    if let Some(u) = &opts.checkpoint.url {
        crate::checkpoint::parse_http_url(u)?;
    }
    let backend = store.inner.clone();
    let lock = match backend.sqlite_path() {
        Some(db) => Some(lock_instance(db, &opts.instance)?),
        None => None,
    };
    let buffered = opts.durability == Durability::Buffered;
    let conn = backend.writer_conn(&opts.instance, buffered).await?;
    let head = backend.chain_head(&opts.instance).await?;
    let cps = backend.checkpoints(&opts.instance).await?;
    let public = opts.key.public().to_hex();
    if let Some(last) = cps.iter().max_by_key(|c| c.seq)
        && last.public_key != public
    {
        return Err(StoreError::Key(format!(
            "checkpoints of instance `{}` are signed by key {}, but the configured key is {}: \
             wrong signing_key_file? (to rotate keys, start a new instance id)",
            opts.instance, last.public_key, public
        )));
    }
    let last_cp = cps.iter().map(|c| c.seq).max().unwrap_or(0);
    let shared = Arc::new(Shared {
        instance: opts.instance.clone(),
        durability: opts.durability,
        failed: Mutex::new(None),
    });
    let (tx, rx) = mpsc::channel(opts.queue.max(1));
    let writer = Writer {
        prefix: chain_prefix(&opts.instance),
        backend,
        conn: Some(conn),
        head,
        last_cp,
        shared: shared.clone(),
        buffered,
        max_batch: opts.max_batch.max(1),
        key: opts.key,
        cp: opts.checkpoint,
        _lock: lock,
    };
    if store.inner.sqlite_path().is_some() {
        tokio::spawn(checkpoint_wal(store.inner.clone(), Arc::downgrade(&shared)));
    }
    tokio::spawn(writer.run(rx));
    Ok(AuditSink { tx, shared })
}

/// How often committed WAL frames are copied into the SQLite database file.
const WAL_CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Keeps the SQLite write-ahead log short while the sink lives, off the writer's path: the
/// writer's connection has automatic checkpoints turned off (decision 0213).
async fn checkpoint_wal(backend: Arc<Backend>, alive: std::sync::Weak<Shared>) {
    let mut tick = tokio::time::interval(WAL_CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if alive.strong_count() == 0 {
            // One last pass so that a closed store leaves a short log.
            let _ = backend.wal_checkpoint().await;
            return;
        }
        if let Err(e) = backend.wal_checkpoint().await {
            tracing::warn!(error = %e, "write-ahead log checkpoint failed; will retry");
        }
    }
}

/// Only one writer per instance per SQLite file, across processes: an exclusive lock on a
/// file next to the database, released when the process dies.
fn lock_instance(db: &std::path::Path, instance: &str) -> Result<std::fs::File, StoreError> {
    let mut name = db.as_os_str().to_owned();
    name.push(format!(".{instance}.lock"));
    let path = PathBuf::from(name);
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StoreError::io(&path, e))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Config(format!(
            "audit instance `{instance}` is already being written by another moat ({} is locked); \
             give each instance its own store.instance_id",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
    }
}

struct Writer {
    /// Start of every event's canonical encoding in this chain.
    prefix: Vec<u8>,
    backend: Arc<Backend>,
    conn: Option<WriterConn>,
    head: (u64, Digest32),
    last_cp: u64,
    shared: Arc<Shared>,
    buffered: bool,
    max_batch: usize,
    key: AuditKey,
    cp: CheckpointConfig,
    _lock: Option<std::fs::File>,
}

impl Writer {
    async fn run(mut self, mut rx: mpsc::Receiver<Msg>) {
        let period = (self.cp.every_secs > 0).then(|| Duration::from_secs(self.cp.every_secs));
        let mut next_tick = period.map(|p| Instant::now() + p);
        let mut batch = Vec::with_capacity(self.max_batch);
        loop {
            let first = match next_tick {
                Some(t) => tokio::select! {
                    m = rx.recv() => m,
                    _ = tokio::time::sleep_until(t) => {
                        if self.head.0 > self.last_cp {
                            let _ = self.checkpoint(CheckpointKind::Periodic).await;
                        }
                        next_tick = period.map(|p| Instant::now() + p);
                        continue;
                    }
                },
                None => rx.recv().await,
            };
            let Some(first) = first else {
                // Every sink was dropped: record the final head.
                if self.head.0 > self.last_cp {
                    let _ = self.checkpoint(CheckpointKind::Shutdown).await;
                }
                return;
            };
            batch.push(first);
            while batch.len() < self.max_batch {
                match rx.try_recv() {
                    Ok(m) => batch.push(m),
                    Err(_) => break,
                }
            }
            let stop = self.process(&mut batch).await;
            if stop {
                rx.close();
                while let Ok(m) = rx.try_recv() {
                    reject(m, CLOSED);
                }
                return;
            }
        }
    }

    /// Commits the batch's events, then answers its control messages. Returns true on shutdown.
    async fn process(&mut self, batch: &mut Vec<Msg>) -> bool {
        let mut events = Vec::new();
        let mut controls = Vec::new();
        for m in batch.drain(..) {
            match m {
                Msg::Append(e, r) => events.push((e, r)),
                other => controls.push(other),
            }
        }
        let write_result = if events.is_empty() {
            Ok(())
        } else {
            self.commit(events).await
        };
        let mut stop = false;
        for c in controls {
            match c {
                Msg::Flush(r) => {
                    let _ = r.send(write_result.clone().map(|_| self.head.0));
                }
                Msg::Checkpoint(r) => {
                    let res = match &write_result {
                        Ok(()) => self
                            .checkpoint(CheckpointKind::Periodic)
                            .await
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e.clone()),
                    };
                    let _ = r.send(res);
                }
                Msg::Shutdown(r) => {
                    let res = match &write_result {
                        Ok(()) => self
                            .checkpoint(CheckpointKind::Shutdown)
                            .await
                            .map(|_| ())
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e.clone()),
                    };
                    let _ = r.send(res);
                    stop = true;
                }
                Msg::Append(..) => {}
            }
        }
        if !stop
            && write_result.is_ok()
            && self.cp.every_events > 0
            && self.head.0.saturating_sub(self.last_cp) >= self.cp.every_events
        {
            let _ = self.checkpoint(CheckpointKind::Periodic).await;
        }
        stop
    }

    async fn ensure_conn(&mut self) -> Result<(), StoreError> {
        if self.conn.is_none() {
            let c = self
                .backend
                .writer_conn(&self.shared.instance, self.buffered)
                .await?;
            // The last commit may or may not have landed: take the head from the database.
            self.head = self.backend.chain_head(&self.shared.instance).await?;
            self.conn = Some(c);
        }
        Ok(())
    }

    async fn commit(
        &mut self,
        events: Vec<(Box<Prepared>, Option<Reply<u64>>)>,
    ) -> Result<(), String> {
        if let Err(e) = self.ensure_conn().await {
            let msg = e.to_string();
            self.fail(&msg);
            for (_, r) in events {
                if let Some(r) = r {
                    let _ = r.send(Err(msg.clone()));
                }
            }
            return Err(msg);
        }
        let (mut seq, mut prev) = self.head;
        let mut rows = Vec::with_capacity(events.len());
        let mut replies = Vec::with_capacity(events.len());
        for (p, r) in events {
            let next = seq + 1;
            let Ok(next_i64) = i64::try_from(next) else {
                if let Some(r) = r {
                    let _ = r.send(Err("invalid audit event: seq overflow".into()));
                }
                continue;
            };
            let h = chain_hash_parts(&self.prefix, next, &prev, &p.fields);
            let Prepared { mut row, .. } = *p;
            row.seq = next_i64;
            row.prev_hash = prev.0.to_vec();
            row.hash = h.0.to_vec();
            rows.push(row);
            replies.push((r, next));
            seq = next;
            prev = h;
        }
        if rows.is_empty() {
            return Ok(());
        }
        let n = rows.len();
        let res = match self.conn.as_mut() {
            Some(c) => Backend::insert_events(c, rows).await,
            None => Err(StoreError::WriterClosed("no connection".into())),
        };
        match res {
            Ok(()) => {
                self.head = (seq, prev);
                if let Ok(mut g) = self.shared.failed.lock() {
                    *g = None;
                }
                for (r, s) in replies {
                    if let Some(r) = r {
                        let _ = r.send(Ok(s));
                    }
                }
                Ok(())
            }
            Err(e) => {
                let msg = e.to_string();
                tracing::error!(instance = %self.shared.instance, events = n, error = %msg, "audit events not recorded");
                self.fail(&msg);
                // Reconnect and re-read the head before the next batch.
                self.conn = None;
                for (r, _) in replies {
                    if let Some(r) = r {
                        let _ = r.send(Err(msg.clone()));
                    }
                }
                Err(msg)
            }
        }
    }

    fn fail(&self, msg: &str) {
        match self.shared.failed.lock() {
            Ok(mut g) => *g = Some(msg.to_owned()),
            Err(p) => *p.into_inner() = Some(msg.to_owned()),
        }
    }

    async fn checkpoint(&mut self, kind: CheckpointKind) -> Result<Checkpoint, StoreError> {
        let cp = Checkpoint::sign(
            &self.key,
            &self.shared.instance,
            self.head.0,
            self.head.1,
            kind,
        );
        if let Err(e) = self.backend.insert_checkpoint(&cp).await {
            tracing::error!(instance = %cp.instance, seq = cp.seq, error = %e, "audit checkpoint not written");
            return Err(e);
        }
        self.last_cp = cp.seq;
        if let Some(path) = self.cp.file.clone() {
            let c = cp.clone();
            let res =
                tokio::task::spawn_blocking(move || crate::checkpoint::append_to_file(&path, &c))
                    .await;
            match res {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "audit checkpoint not appended to file");
                    return Err(e);
                }
                Err(e) => {
                    return Err(StoreError::WriterClosed(format!(
                        "checkpoint file task: {e}"
                    )));
                }
            }
        }
        if let Some(url) = self.cp.url.clone() {
            let c = cp.clone();
            tokio::spawn(async move {
                if let Err(e) = crate::checkpoint::post(&url, &c).await {
                    tracing::error!(error = %e, seq = c.seq, "audit checkpoint not sent");
                }
            });
        }
        Ok(cp)
    }
}

fn reject(m: Msg, why: &str) {
    match m {
        Msg::Append(_, Some(r)) => {
            let _ = r.send(Err(why.into()));
        }
        Msg::Append(_, None) => {}
        Msg::Flush(r) => {
            let _ = r.send(Err(why.into()));
        }
        Msg::Checkpoint(r) => {
            let _ = r.send(Err(why.into()));
        }
        Msg::Shutdown(r) => {
            let _ = r.send(Err(why.into()));
        }
    }
}
