//! A full disk: the SQLite store on a 1 MiB tmpfs. Appends must fail with a clear error once
//! the disk is full, no acknowledged event may be lost, and appends must work again (with an
//! unbroken chain) once space is freed. Mounting needs root; without it the test says so and
//! passes (unless `MOAT_REQUIRE_SERVICES=1`).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use moat_store::{Ack, AuditEvent, AuditKey, Content, ContentMode, SinkOptions, Store};

struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Mount(dir.to_owned())),
            Ok(o) => {
                skip(&String::from_utf8_lossy(&o.stderr));
                None
            }
            Err(e) => {
                skip(&e.to_string());
                None
            }
        }
    }
}

fn skip(why: &str) {
    if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
        panic!("cannot mount a small tmpfs (needs root): {why}");
    }
    eprintln!(
        "skipped: cannot mount a small tmpfs (needs root): {}",
        why.trim()
    );
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn big_event(task: u32, i: u32) -> AuditEvent {
    let mut e = AuditEvent::new(format!("req-{task}-{i}"), "chat", "allow");
    // ~8 KiB kept per event: a 1 MiB disk fills after some dozens.
    let text = format!("{task}/{i} ").repeat(1024);
    e.prompt = Some(Content::record(ContentMode::Full, &text, None));
    e
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_disk_fails_clearly_and_loses_no_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(dir.path(), "1m") else {
        return;
    };
    // Room that can be given back later.
    let filler = dir.path().join("filler");
    std::fs::write(&filler, vec![0u8; 384 * 1024]).unwrap();
    let url = format!("sqlite://{}", dir.path().join("moat.db").display());
    let store = Store::open(&url).await.unwrap();
    let key = AuditKey::generate();
    let sink = store
        .audit_sink(SinkOptions::new("gw", key.clone()))
        .await
        .unwrap();

    // Eight concurrent appenders until each has been refused once.
    let mut tasks = Vec::new();
    for t in 0..8u32 {
        let sink = sink.clone();
        tasks.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0..10_000u32 {
                match sink.append(big_event(t, i)).await {
                    Ok(Ack::Durable { seq }) => acked.push((seq, format!("req-{t}-{i}"))),
                    Ok(Ack::Queued) => panic!("acknowledged mode queued"),
                    Err(e) => return (acked, e.to_string()),
                }
            }
            panic!("1 MiB never filled up");
        }));
    }
    let mut acked = Vec::new();
    for t in tasks {
        let (a, err) = t.await.unwrap();
        assert!(
            err.contains("not recorded") && err.contains("out of space"),
            "unclear error: {err}"
        );
        acked.extend(a);
    }
    assert!(!acked.is_empty(), "some events fit before the disk filled");
    eprintln!(
        "{} events acknowledged before the disk was full",
        acked.len()
    );

    // Still full: refused again, and the writer survives. A refused batch of several
    // concurrent events is rolled back whole, so one event alone may still fit; append singly
    // until one is refused (each one that fits is acknowledged and must be kept).
    let mut refused = None;
    for i in 0..1_000u32 {
        match sink.append(big_event(99, i)).await {
            Ok(Ack::Durable { seq }) => acked.push((seq, format!("req-99-{i}"))),
            Ok(Ack::Queued) => panic!("acknowledged mode queued"),
            Err(e) => {
                refused = Some(e.to_string());
                break;
            }
        }
    }
    let e = refused.expect("a full disk refuses a single append too");
    assert!(e.contains("out of space"), "{e}");

    // Space is freed: appends resume on the same chain.
    std::fs::remove_file(&filler).unwrap();
    let last = acked.iter().map(|(s, _)| *s).max().unwrap_or(0);
    let Ack::Durable { seq } = sink.append(big_event(100, 0)).await.unwrap() else {
        panic!("acknowledged mode queued");
    };
    assert_eq!(
        seq,
        last + 1,
        "the chain continues right after the last acknowledged event"
    );
    acked.push((seq, "req-100-0".into()));
    sink.shutdown().await.unwrap();

    // Every acknowledged event is there, at its seq, and the chain verifies.
    let stored = store
        .audit_events(&moat_store::EventFilter::default())
        .await
        .unwrap();
    let have: BTreeSet<(u64, String)> = stored
        .iter()
        .map(|e| (e.seq, e.event.request_id.clone()))
        .collect();
    for a in &acked {
        assert!(have.contains(a), "acknowledged event {a:?} is missing");
    }
    // (A refused batch is rolled back, so nothing else is expected; more would be allowed.)
    assert!(stored.len() >= acked.len());
    let report = store
        .verify(&moat_store::VerifyOptions::trusting(key.public()))
        .await
        .unwrap();
    assert!(report.is_ok(), "{:?}", report.instances);
    store.close().await;
    drop(mount);
}
