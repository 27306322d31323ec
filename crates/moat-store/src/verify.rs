//! Chain verification and pruning.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use time::OffsetDateTime;

use crate::checkpoint::{Checkpoint, CheckpointKind, PublicKey};
use crate::event::{Digest32, chain_hash_parts, chain_prefix, encode_event_fields, to_micros};
use crate::{AuditKey, Store, StoreError};

/// What to verify against.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// The key checkpoints must be signed with. Without it, signatures are checked against
    /// the key each checkpoint names, which proves integrity but not origin.
    pub trusted: Option<PublicKey>,
    /// Checkpoints kept elsewhere (e.g. read from a `--checkpoint` file) that the chain must
    /// still contain: catches a cut tail or a rewritten chain.
    pub external: Vec<Checkpoint>,
    /// Verify only this instance.
    pub instance: Option<String>,
}

impl VerifyOptions {
    /// Verify everything, trusting `key`.
    pub fn trusting(key: PublicKey) -> Self {
        VerifyOptions {
            trusted: Some(key),
            ..VerifyOptions::default()
        }
    }
}

/// Kind of break in a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The event's content no longer matches its hash (or an indexed column was changed).
    Modified,
    /// One or more events are missing (a gap in sequence numbers).
    Deleted,
    /// The event does not link to its predecessor and links to no earlier event: inserted.
    Inserted,
    /// The event links to an earlier event than its predecessor: moved.
    Reordered,
    /// The chain ends before a checkpoint kept elsewhere says it should.
    TailCut,
    /// The chain disagrees with a signed checkpoint: it was rewritten (hashes recomputed).
    Rewritten,
    /// A checkpoint's signature is invalid or made with another key.
    BadCheckpoint,
    /// A row cannot be decoded.
    Corrupt,
}

/// The first problem found in one instance's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    /// First bad sequence number.
    pub seq: u64,
    /// What kind of break.
    pub kind: BreakKind,
    /// Human explanation.
    pub detail: String,
}

/// Result of verifying one instance.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceReport {
    /// Instance id.
    pub instance: String,
    /// Events checked.
    pub events: u64,
    /// Sequence number the chain starts after (0, or the last prune checkpoint's).
    pub start_after: u64,
    /// Last sequence number seen.
    pub last_seq: u64,
    /// Chain head at `last_seq` (as verified up to the first break).
    pub head: Digest32,
    /// Checkpoints whose signature and head were checked.
    pub checkpoints_checked: u64,
    /// Checkpoints older than the retained chain (pruned), signature-checked only.
    pub checkpoints_before_start: u64,
    /// Problems, first one first (verification of a chain stops at its first break; bad
    /// checkpoints are all listed).
    pub problems: Vec<ChainBreak>,
}

/// Result of verifying a store.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// One entry per instance.
    pub instances: Vec<InstanceReport>,
    /// Whether signatures were checked against a trusted key.
    pub trusted_key: bool,
}

impl VerifyReport {
    /// True when no instance has a problem.
    pub fn is_ok(&self) -> bool {
        self.instances.iter().all(|i| i.problems.is_empty())
    }

    /// Total events checked.
    pub fn events(&self) -> u64 {
        self.instances.iter().map(|i| i.events).sum()
    }
}

/// Result of pruning.
#[derive(Debug, Clone, Serialize)]
pub struct PruneReport {
    /// Per instance: its new start anchor and how many events were removed.
    pub pruned: Vec<(Checkpoint, u64)>,
}

pub(crate) async fn verify(
    store: &Store,
    opts: &VerifyOptions,
) -> Result<VerifyReport, StoreError> {
    let mut instances = store.inner.instances().await?;
    for cp in &opts.external {
        if !instances.contains(&cp.instance) {
            instances.push(cp.instance.clone());
        }
    }
    if let Some(only) = &opts.instance {
        instances.retain(|i| i == only);
        if instances.is_empty() {
            instances.push(only.clone());
        }
    }
    instances.sort();
    let mut reports = Vec::with_capacity(instances.len());
    for inst in instances {
        reports.push(verify_instance(store, &inst, opts).await?);
    }
    Ok(VerifyReport {
        instances: reports,
        trusted_key: opts.trusted.is_some(),
    })
}

struct Expect {
    head: Digest32,
    source: String,
}

async fn verify_instance(
    store: &Store,
    instance: &str,
    opts: &VerifyOptions,
) -> Result<InstanceReport, StoreError> {
    let mut problems = Vec::new();
    let mut all: Vec<(Checkpoint, String)> = store
        .inner
        .checkpoints(instance)
        .await?
        .into_iter()
        .map(|c| (c, "database".to_owned()))
        .collect();
    all.extend(
        opts.external
            .iter()
            .filter(|c| c.instance == instance)
            .map(|c| (c.clone(), "checkpoint file".to_owned())),
    );
    let mut valid = Vec::new();
    for (cp, src) in all {
        match cp.verify_signature(opts.trusted.as_ref()) {
            Ok(()) => valid.push((cp, src)),
            Err(e) => problems.push(ChainBreak {
                seq: cp.seq,
                kind: BreakKind::BadCheckpoint,
                detail: format!(
                    "{} checkpoint at seq {} ({src}): {e}",
                    cp.kind.as_str(),
                    cp.seq
                ),
            }),
        }
    }
    // The chain starts after the newest prune anchor.
    let anchor = valid
        .iter()
        .filter(|(c, _)| c.kind == CheckpointKind::Prune)
        .max_by_key(|(c, _)| c.seq)
        .map(|(c, _)| (c.seq, c.head));
    let (start, start_head) = anchor.unwrap_or((0, Digest32::ZERO));
    let mut expected: BTreeMap<u64, Vec<Expect>> = BTreeMap::new();
    let mut before_start = 0u64;
    let mut checked = 0u64;
    for (cp, src) in valid {
        if cp.seq < start {
            before_start += 1;
        } else if cp.seq == start {
            checked += 1;
            if cp.head != start_head {
                problems.push(ChainBreak {
                    seq: cp.seq,
                    kind: BreakKind::Rewritten,
                    detail: format!(
                        "checkpoint ({src}) at seq {} says head {}, but the prune anchor says {}",
                        cp.seq, cp.head, start_head
                    ),
                });
            }
        } else {
            expected.entry(cp.seq).or_default().push(Expect {
                head: cp.head,
                source: src,
            });
        }
    }

    let mut st = Walk {
        seq: start,
        head: start_head,
        events: 0,
        broken: None,
        link: None,
        expected: &expected,
        last_good_cp: start,
        checked: 0,
    };
    walk_chain(store, instance, start, &mut st).await?;
    if let Some(l) = st.link.take() {
        // Tell a reordered link (to an earlier good event) from an inserted one.
        let earlier = store
            .inner
            .seq_of_hash(
                instance,
                &l.prev,
                i64::try_from(start).unwrap_or(i64::MAX),
                i64::try_from(l.last).unwrap_or(i64::MAX),
            )
            .await?
            .and_then(|k| u64::try_from(k).ok());
        st.broken = Some(link_break(&l, earlier));
    }
    let (events, last_seq, head, broken, walked_cps) =
        (st.events, st.seq, st.head, st.broken, st.checked);
    checked += walked_cps;
    if let Some(b) = broken {
        problems.insert(0, b);
    } else if let Some((&seq, exp)) = expected.range(last_seq + 1..).next() {
        let src = exp.first().map(|e| e.source.as_str()).unwrap_or("?");
        problems.insert(
            0,
            ChainBreak {
                seq: last_seq + 1,
                kind: BreakKind::TailCut,
                detail: format!(
                    "the chain ends at seq {last_seq}, but a signed checkpoint ({src}) vouches for \
                     seq {seq}: events {}..={seq} are missing",
                    last_seq + 1
                ),
            },
        );
    }
    Ok(InstanceReport {
        instance: instance.to_owned(),
        events,
        start_after: start,
        last_seq,
        head,
        checkpoints_checked: checked,
        checkpoints_before_start: before_start,
        problems,
    })
}

/// Rows per verification page. Pages are read and checked in parallel, and walked in order.
const PAGE_ROWS: i64 = 8192;

/// What a row says about itself, computed in parallel: everything but its link to the row
/// before, which the in-order walk checks.
struct Checked {
    seq: i64,
    /// The row's links and whether its content matches, or why it cannot be read.
    links: Result<Links, String>,
}

struct Links {
    prev: Digest32,
    hash: Digest32,
    /// The recomputed hash equals the stored one.
    content_ok: bool,
    /// First indexed column that disagrees with the body.
    column: Option<&'static str>,
}

/// Decodes and hashes a page of rows (CPU work, run on a blocking thread).
fn check_rows(instance: &str, rows: Vec<crate::backend::EventRow>) -> Vec<Checked> {
    let prefix = chain_prefix(instance);
    let mut fields = Vec::with_capacity(512);
    rows.into_iter()
        .map(|row| {
            let links = (|| {
                let seq =
                    u64::try_from(row.seq).map_err(|_| format!("negative seq {}", row.seq))?;
                let prev = Digest32::from_slice(&row.prev_hash)
                    .ok_or_else(|| format!("prev_hash is {} bytes, not 32", row.prev_hash.len()))?;
                let hash = Digest32::from_slice(&row.hash)
                    .ok_or_else(|| format!("hash is {} bytes, not 32", row.hash.len()))?;
                let event: crate::AuditEvent = serde_json::from_str(&row.body)
                    .map_err(|e| format!("body is not a valid event: {e}"))?;
                fields.clear();
                encode_event_fields(&mut fields, &event);
                let content_ok = chain_hash_parts(&prefix, seq, &prev, &fields) == hash;
                Ok(Links {
                    prev,
                    hash,
                    content_ok,
                    column: row.column_mismatch(instance, &event),
                })
            })();
            Checked {
                seq: row.seq,
                links,
            }
        })
        .collect()
}

/// Reads `instance`'s rows after `start` page by page, checking pages in parallel (as many as
/// there are cores, plus one being read) and feeding them to `st` in seq order.
async fn walk_chain(
    store: &Store,
    instance: &str,
    start: u64,
    st: &mut Walk<'_>,
) -> Result<(), StoreError> {
    let ahead = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
        + 1;
    let mut after = i64::try_from(start).unwrap_or(i64::MAX);
    let mut more = true;
    let mut pages: VecDeque<tokio::task::JoinHandle<Result<Vec<Checked>, StoreError>>> =
        VecDeque::new();
    loop {
        while more && pages.len() < ahead {
            // A page is the seq range [first row after `after`, + PAGE_ROWS): full on an
            // intact chain, never empty, whatever gaps a tampered chain has.
            let Some(first) = store.inner.next_seq(instance, after).await? else {
                more = false;
                break;
            };
            let from = first.saturating_sub(1);
            let upto = first.saturating_add(PAGE_ROWS - 1);
            let backend = store.inner.clone();
            let inst = instance.to_owned();
            pages.push_back(tokio::spawn(async move {
                let rows = backend.chain_rows(&inst, from, upto).await?;
                tokio::task::spawn_blocking(move || check_rows(&inst, rows))
                    .await
                    .map_err(|e| StoreError::WriterClosed(format!("verification task: {e}")))
            }));
            if upto == i64::MAX {
                more = false;
            }
            after = upto;
        }
        let Some(page) = pages.pop_front() else {
            return Ok(());
        };
        let checked = match page.await {
            Ok(r) => r?,
            Err(e) => {
                return Err(StoreError::WriterClosed(format!("verification task: {e}")));
            }
        };
        for c in &checked {
            st.step(c);
        }
    }
}

/// A link break whose kind depends on whether the link points to an earlier good event.
struct LinkBreak {
    want: u64,
    /// Last good seq.
    last: u64,
    prev: Digest32,
    content_ok: bool,
}

fn link_break(l: &LinkBreak, earlier: Option<u64>) -> ChainBreak {
    let (want, last) = (l.want, l.last);
    let (kind, detail) = match (l.content_ok, earlier) {
        (_, Some(k)) => (
            BreakKind::Reordered,
            format!(
                "event {want} links to event {k}, not to event {last} (events were reordered \
                 or some deleted and renumbered)"
            ),
        ),
        (true, None) => (
            BreakKind::Inserted,
            format!(
                "event {want} does not link to event {last} and links to no earlier event \
                 (inserted)"
            ),
        ),
        (false, None) => (
            BreakKind::Modified,
            format!(
                "event {want} was modified or moved: neither its content nor its link to \
                 event {last} match"
            ),
        ),
    };
    ChainBreak {
        seq: want,
        kind,
        detail,
    }
}

struct Walk<'a> {
    /// Last good seq.
    seq: u64,
    head: Digest32,
    events: u64,
    broken: Option<ChainBreak>,
    /// A link break still to be classified (needs a database lookup).
    link: Option<LinkBreak>,
    expected: &'a BTreeMap<u64, Vec<Expect>>,
    last_good_cp: u64,
    checked: u64,
}

impl Walk<'_> {
    fn step(&mut self, c: &Checked) {
        self.events += 1;
        if self.broken.is_some() || self.link.is_some() {
            return;
        }
        let want = self.seq + 1;
        let row_seq = u64::try_from(c.seq).unwrap_or(0);
        let l = match &c.links {
            Ok(l) => l,
            Err(d) => {
                self.brk(
                    row_seq,
                    BreakKind::Corrupt,
                    format!("event {row_seq} cannot be read: {d}"),
                );
                return;
            }
        };
        if row_seq > want {
            let detail = if row_seq == want + 1 {
                format!("event {want} is missing (deleted)")
            } else {
                format!("events {want}..={} are missing (deleted)", row_seq - 1)
            };
            self.brk(want, BreakKind::Deleted, detail);
            return;
        }
        if row_seq < want {
            self.brk(
                row_seq,
                BreakKind::Inserted,
                format!("event {row_seq} appears after event {}", self.seq),
            );
            return;
        }
        if l.prev != self.head {
            self.link = Some(LinkBreak {
                want,
                last: self.seq,
                prev: l.prev,
                content_ok: l.content_ok,
            });
            return;
        }
        if !l.content_ok {
            self.brk(
                want,
                BreakKind::Modified,
                format!("event {want} was modified: its content does not match its hash"),
            );
            return;
        }
        if let Some(col) = l.column {
            self.brk(
                want,
                BreakKind::Modified,
                format!(
                    "event {want} was modified: column `{col}` disagrees with the hashed event"
                ),
            );
            return;
        }
        self.seq = want;
        self.head = l.hash;
        if let Some(exps) = self.expected.get(&want) {
            for e in exps {
                self.checked += 1;
                if e.head != l.hash {
                    let from = self.last_good_cp + 1;
                    self.brk(
                        from,
                        BreakKind::Rewritten,
                        format!(
                            "a signed checkpoint ({}) says the head at seq {want} is {}, but the \
                             chain's is {}: events {from}..={want} were rewritten",
                            e.source, e.head, l.hash
                        ),
                    );
                    return;
                }
            }
            self.last_good_cp = want;
        }
    }

    fn brk(&mut self, seq: u64, kind: BreakKind, detail: String) {
        self.broken = Some(ChainBreak { seq, kind, detail });
    }
}

pub(crate) async fn prune(
    store: &Store,
    before: OffsetDateTime,
    key: &AuditKey,
) -> Result<PruneReport, StoreError> {
    let before_us = to_micros(before);
    let mut pruned = Vec::new();
    for inst in store.inner.instances().await? {
        // Never sign over a broken chain: that would launder the tampering.
        let report = verify_instance(
            store,
            &inst,
            &VerifyOptions {
                trusted: Some(key.public()),
                external: Vec::new(),
                instance: Some(inst.clone()),
            },
        )
        .await?;
        if let Some(p) = report.problems.first() {
            return Err(StoreError::Config(format!(
                "refusing to prune instance `{inst}`: its chain does not verify (seq {}: {})",
                p.seq, p.detail
            )));
        }
        let Some((seq, head)) = store.inner.prune_point(&inst, before_us).await? else {
            continue;
        };
        if seq <= report.start_after {
            continue;
        }
        let anchor = Checkpoint::sign(key, &inst, seq, head, CheckpointKind::Prune);
        let n = store.inner.prune_chain(&anchor).await?;
        pruned.push((anchor, n));
    }
    Ok(PruneReport { pruned })
}
