//! One suite, run against both engines: a SQLite file in a temp dir, and a real PostgreSQL
//! (`MOAT_TEST_POSTGRES_URL`) in a schema of its own that is dropped afterwards.
#![allow(clippy::unwrap_used, clippy::panic)]

use moat_store::{
    Ack, Actor, AuditEvent, AuditKey, BreakKind, Content, ContentMode, EventFilter, FindingCount,
    SinkOptions, Store, VerifyOptions,
};
use sqlx::AssertSqlSafe;

/// A store for one test, and how to clean it up.
struct Db {
    store: Store,
    url: String,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    async fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("moat.db").display());
        Db {
            store: Store::open(&url).await.unwrap(),
            url,
            _dir: Some(dir),
        }
    }

    async fn postgres(name: &str) -> Option<Db> {
        let base = match std::env::var("MOAT_TEST_POSTGRES_URL") {
            Ok(u) if !u.is_empty() => u,
            _ => {
                if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                    panic!("MOAT_TEST_POSTGRES_URL is not set but MOAT_REQUIRE_SERVICES=1");
                }
                eprintln!("skipped: MOAT_TEST_POSTGRES_URL is not set (no PostgreSQL to test)");
                return None;
            }
        };
        let schema = format!("t_{name}_{}_{:08x}", std::process::id(), rand_u32());
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}schema={schema}");
        Some(Db {
            store: Store::open(&url).await.unwrap(),
            url,
            _dir: None,
        })
    }

    /// Raw SQL for tampering, as an attacker with database access would.
    async fn exec(&self, sql: &str) {
        match self.store.engine() {
            moat_store::Engine::Sqlite => {
                let path = self.url.trim_start_matches("sqlite://");
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{path}"))
                    .await
                    .unwrap();
                sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
            }
            moat_store::Engine::Postgres => {
                let (base, schema) = self.url.rsplit_once("schema=").unwrap();
                let base = base.trim_end_matches(['?', '&']);
                let pool = sqlx::PgPool::connect(base).await.unwrap();
                let full = format!("SET search_path TO {schema}; {sql}");
                sqlx::raw_sql(AssertSqlSafe(full))
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
            }
        }
    }

    async fn cleanup(self) {
        self.store.drop_schema().await.unwrap();
        self.store.close().await;
    }
}

fn rand_u32() -> u32 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    n ^ (std::process::id().rotate_left(16))
}

fn event(i: u32) -> AuditEvent {
    let mut e = AuditEvent::new(
        format!("req-{i}"),
        if i.is_multiple_of(2) {
            "chat"
        } else {
            "mcp:github"
        },
        if i.is_multiple_of(5) {
            "block"
        } else {
            "allow"
        },
    );
    e.actor = Some(Actor {
        kind: moat_core::PrincipalKind::Agent,
        id: format!("agent-{}", i % 3),
        credential_id: Some("mk_1".into()),
    });
    if i.is_multiple_of(5) {
        e.findings.push(FindingCount {
            kind: "pii.email".into(),
            count: 2,
        });
        e.scores.insert("injection".into(), 0.25);
    }
    e.model = Some("gpt-4o".into());
    e.upstream_status = Some(200);
    e.latency_us = 1000 + u64::from(i);
    e.prompt = Some(Content::record(
        ContentMode::Redacted,
        "mail bob@x.io",
        Some("mail [EMAIL_1]"),
    ));
    e
}

async fn fill(store: &Store, key: &AuditKey, instance: &str, n: u32) {
    let mut o = SinkOptions::new(instance, key.clone());
    o.checkpoint.every_events = 4;
    let sink = store.audit_sink(o).await.unwrap();
    for i in 1..=n {
        assert_eq!(
            sink.append(event(i)).await.unwrap(),
            Ack::Durable { seq: u64::from(i) }
        );
    }
    sink.shutdown().await.unwrap();
}

async fn first_break(store: &Store, opts: &VerifyOptions) -> (u64, BreakKind) {
    let r = store.verify(opts).await.unwrap();
    assert!(!r.is_ok(), "verify should fail: {r:?}");
    let b = r.instances.iter().find_map(|i| i.problems.first()).unwrap();
    (b.seq, b.kind)
}

async fn append_verify_query(db: &Db) {
    let key = AuditKey::generate();
    fill(&db.store, &key, "gw-a", 10).await;
    fill(&db.store, &key, "gw-b", 3).await;
    let r = db
        .store
        .verify(&VerifyOptions::trusting(key.public()))
        .await
        .unwrap();
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(r.events(), 13);
    assert_eq!(r.instances.len(), 2);
    assert!(r.instances[0].checkpoints_checked >= 2);

    let all = db
        .store
        .audit_events(&EventFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 13);
    let blocked = db
        .store
        .audit_events(&EventFilter {
            action: Some("block".into()),
            instance: Some("gw-a".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        blocked.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![5, 10]
    );
    let pii = db
        .store
        .audit_events(&EventFilter {
            finding: Some("pii.email".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(pii.len(), 2);
    let none = db
        .store
        .audit_events(&EventFilter {
            finding: Some("pii".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(none.is_empty(), "finding filter matches whole types only");
    let agent = db
        .store
        .audit_events(&EventFilter {
            actor: Some("agent-1".into()),
            route: Some("mcp:github".into()),
            limit: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(agent.len(), 2);
    assert!(agent.iter().all(|e| e.event.route == "mcp:github"));
    // stored prompt is the redacted text plus the hash of the original
    let p = all[0].event.prompt.as_ref().unwrap();
    assert_eq!(p.text.as_deref(), Some("mail [EMAIL_1]"));
    assert_eq!(p.sha256, moat_store::Digest32::of(b"mail bob@x.io"));

    // restart continues the chain
    fill_more(&db.store, &key, "gw-a", 11).await;
    assert!(
        db.store
            .verify(&VerifyOptions::trusting(key.public()))
            .await
            .unwrap()
            .is_ok()
    );

    // a sink with another key for the same instance is refused
    let other = AuditKey::generate();
    let e = db
        .store
        .audit_sink(SinkOptions::new("gw-a", other.clone()))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("signed by key"), "{e}");
    // and verify against the wrong key fails
    let (_, kind) = first_break(&db.store, &VerifyOptions::trusting(other.public())).await;
    assert_eq!(kind, BreakKind::BadCheckpoint);
}

async fn fill_more(store: &Store, key: &AuditKey, instance: &str, seq: u64) {
    let sink = store
        .audit_sink(SinkOptions::new(instance, key.clone()))
        .await
        .unwrap();
    assert_eq!(sink.append(event(99)).await.unwrap(), Ack::Durable { seq });
    sink.shutdown().await.unwrap();
}

async fn tamper(db: &Db) {
    let key = AuditKey::generate();
    let opts = VerifyOptions::trusting(key.public());
    fill(&db.store, &key, "t", 10).await;
    assert!(db.store.verify(&opts).await.unwrap().is_ok());

    // modified: change the action column and the body
    db.exec("UPDATE audit_events SET body = replace(body, '\"req-3\"', '\"req-X\"') WHERE seq = 3")
        .await;
    assert_eq!(
        first_break(&db.store, &opts).await,
        (3, BreakKind::Modified)
    );
    db.exec("UPDATE audit_events SET body = replace(body, '\"req-X\"', '\"req-3\"') WHERE seq = 3")
        .await;
    assert!(db.store.verify(&opts).await.unwrap().is_ok());
    db.exec("UPDATE audit_events SET action = 'allow' WHERE seq = 5")
        .await;
    assert_eq!(
        first_break(&db.store, &opts).await,
        (5, BreakKind::Modified)
    );
    db.exec("UPDATE audit_events SET action = 'block' WHERE seq = 5")
        .await;

    // reordered: swap events 6 and 7
    db.exec("UPDATE audit_events SET seq = 1000 WHERE seq = 6; UPDATE audit_events SET seq = 6 WHERE seq = 7; UPDATE audit_events SET seq = 7 WHERE seq = 1000").await;
    assert_eq!(first_break(&db.store, &opts).await.0, 6);
    db.exec("UPDATE audit_events SET seq = 1000 WHERE seq = 6; UPDATE audit_events SET seq = 6 WHERE seq = 7; UPDATE audit_events SET seq = 7 WHERE seq = 1000").await;
    assert!(db.store.verify(&opts).await.unwrap().is_ok());

    // inserted: a copy of event 8 renumbered to 9 and the rest shifted
    db.exec("UPDATE audit_events SET seq = seq + 100 WHERE seq >= 9")
        .await;
    db.exec("INSERT INTO audit_events SELECT instance, 9, time_us, request_id, actor_kind, actor_id, credential_id, route, model, tool, action, finding_types, upstream_status, latency_us, policy_version, body, prev_hash, hash FROM audit_events WHERE seq = 8").await;
    db.exec("UPDATE audit_events SET seq = seq - 99 WHERE seq >= 100")
        .await;
    let (seq, _) = first_break(&db.store, &opts).await;
    assert_eq!(seq, 9);

    // deleted: remove event 4
    let db2 = fresh_like(db).await;
    fill(&db2.store, &key, "t", 10).await;
    db2.exec("DELETE FROM audit_events WHERE seq = 4").await;
    assert_eq!(
        first_break(&db2.store, &opts).await,
        (4, BreakKind::Deleted)
    );

    // tail cut: delete the last events and the database's checkpoints; an external
    // checkpoint kept elsewhere still catches it
    let db3 = fresh_like(db).await;
    fill(&db3.store, &key, "t", 10).await;
    let external = db3.store.checkpoints("t").await.unwrap();
    db3.exec("DELETE FROM audit_events WHERE seq > 7; DELETE FROM audit_checkpoints")
        .await;
    assert!(
        db3.store.verify(&opts).await.unwrap().is_ok(),
        "undetectable without an external checkpoint"
    );
    let with_ext = VerifyOptions {
        trusted: Some(key.public()),
        external,
        instance: None,
    };
    assert_eq!(
        first_break(&db3.store, &with_ext).await,
        (8, BreakKind::TailCut)
    );
    db2.cleanup().await;
    db3.cleanup().await;
}

/// Chains longer than one verification page (8192 rows): breaks in later pages and at page
/// edges are still found at the right event.
async fn tamper_long_chain(db: &Db) {
    let key = AuditKey::generate();
    let opts = VerifyOptions::trusting(key.public());
    let mut o = SinkOptions::new("long", key.clone());
    o.durability = moat_store::Durability::Buffered;
    let sink = db.store.audit_sink(o).await.unwrap();
    for i in 1..=20_000 {
        sink.append(event(i)).await.unwrap();
    }
    assert_eq!(sink.flush().await.unwrap(), 20_000);
    sink.shutdown().await.unwrap();
    let r = db.store.verify(&opts).await.unwrap();
    assert!(r.is_ok() && r.events() == 20_000, "{r:?}");

    // modified in the third page
    db.exec("UPDATE audit_events SET latency_us = 7 WHERE seq = 17001")
        .await;
    assert_eq!(
        first_break(&db.store, &opts).await,
        (17001, BreakKind::Modified)
    );
    // an earlier break (first row of the second page) is the one reported
    db.exec("DELETE FROM audit_events WHERE seq = 8193").await;
    assert_eq!(
        first_break(&db.store, &opts).await,
        (8193, BreakKind::Deleted)
    );
    // a long gap after the first page: one break, no endless empty pages
    db.exec("UPDATE audit_events SET seq = seq + 1000000000 WHERE seq >= 9000")
        .await;
    let r = db.store.verify(&opts).await.unwrap();
    let b = &r.instances[0].problems[0];
    assert_eq!((b.seq, b.kind), (8193, BreakKind::Deleted), "{b:?}");
    assert_eq!(r.events(), 19_999);
    // near a page edge, an event links to an earlier event (a copy of 8190 put in after it)
    let db2 = fresh_like(db).await;
    let mut o = SinkOptions::new("long", key.clone());
    o.durability = moat_store::Durability::Buffered;
    let sink = db2.store.audit_sink(o).await.unwrap();
    for i in 1..=8200 {
        sink.append(event(i)).await.unwrap();
    }
    sink.shutdown().await.unwrap();
    db2.exec("UPDATE audit_events SET seq = seq + 100000 WHERE seq >= 8191")
        .await;
    db2.exec("UPDATE audit_events SET seq = seq - 99999 WHERE seq >= 100000")
        .await;
    db2.exec("INSERT INTO audit_events SELECT instance, 8191, time_us, request_id, actor_kind, actor_id, credential_id, route, model, tool, action, finding_types, upstream_status, latency_us, policy_version, body, prev_hash, hash FROM audit_events WHERE seq = 8190").await;
    let r = db2.store.verify(&opts).await.unwrap();
    let b = &r.instances[0].problems[0];
    assert_eq!((b.seq, b.kind), (8191, BreakKind::Reordered), "{b:?}");
    assert!(b.detail.contains("links to event 8189"), "{}", b.detail);
    db2.cleanup().await;
}

async fn fresh_like(db: &Db) -> Db {
    match db.store.engine() {
        moat_store::Engine::Sqlite => Db::sqlite().await,
        moat_store::Engine::Postgres => Db::postgres("x").await.unwrap(),
    }
}

async fn prune_keeps_chain(db: &Db) {
    let key = AuditKey::generate();
    let opts = VerifyOptions::trusting(key.public());
    fill(&db.store, &key, "p", 6).await;
    let cut = moat_store::time::OffsetDateTime::now_utc();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    fill_more(&db.store, &key, "p", 7).await;
    let r = db.store.prune(cut, &key).await.unwrap();
    assert_eq!(r.pruned.len(), 1);
    assert_eq!(r.pruned[0].0.seq, 6);
    assert_eq!(r.pruned[0].1, 6);
    let v = db.store.verify(&opts).await.unwrap();
    assert!(v.is_ok(), "{v:?}");
    assert_eq!(v.instances[0].start_after, 6);
    assert_eq!(v.events(), 1);
    // the chain continues after the prune
    fill_more(&db.store, &key, "p", 8).await;
    assert!(db.store.verify(&opts).await.unwrap().is_ok());
    // deleting the next event after the anchor is still caught
    db.exec("DELETE FROM audit_events WHERE seq = 7").await;
    assert_eq!(first_break(&db.store, &opts).await, (7, BreakKind::Deleted));
}

async fn schema_and_tables(db: &Db) {
    assert_eq!(
        db.store.schema_version().await.unwrap(),
        Store::SCHEMA_VERSION
    );
    // api keys
    let now = moat_store::time::OffsetDateTime::now_utc();
    let rec = moat_store::ApiKeyRecord {
        id: "k1".into(),
        prefix: "mk_abc".into(),
        hash: vec![1, 2, 3],
        agent: "bot".into(),
        scopes: vec!["models:gpt-4o".into()],
        label: None,
        created: moat_store::from_micros(moat_store::to_micros(now)).unwrap(),
        expires: None,
        revoked: None,
    };
    db.store.insert_api_key(&rec).await.unwrap();
    assert!(
        db.store.insert_api_key(&rec).await.is_err(),
        "duplicate refused"
    );
    assert_eq!(
        db.store.api_key_by_prefix("mk_abc").await.unwrap().unwrap(),
        rec
    );
    assert!(db.store.revoke_api_key("k1").await.unwrap());
    assert!(!db.store.revoke_api_key("k1").await.unwrap());
    assert!(
        !db.store
            .api_key("k1")
            .await
            .unwrap()
            .unwrap()
            .is_active(now)
    );
    assert_eq!(db.store.list_api_keys().await.unwrap().len(), 1);
    // kv
    let v = serde_json::json!({"a": 1});
    assert_eq!(db.store.kv_put("ns", "k_%", &v).await.unwrap(), 1);
    assert_eq!(db.store.kv_put("ns", "k_%", &v).await.unwrap(), 2);
    assert_eq!(
        db.store
            .kv_compare_and_put("ns", "k_%", &v, Some(1), None)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        db.store
            .kv_compare_and_put("ns", "k_%", &v, Some(2), None)
            .await
            .unwrap(),
        Some(3)
    );
    assert_eq!(
        db.store
            .kv_compare_and_put("ns", "new", &v, None, None)
            .await
            .unwrap(),
        Some(1)
    );
    assert_eq!(
        db.store
            .kv_compare_and_put("ns", "new", &v, None, None)
            .await
            .unwrap(),
        None
    );
    db.store.kv_put("ns", "kx", &v).await.unwrap();
    let l = db.store.kv_list("ns", "k_", 10).await.unwrap();
    assert_eq!(
        l.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
        vec!["k_%"]
    );
    assert!(db.store.kv_delete("ns", "kx").await.unwrap());
    assert!(db.store.kv_get("ns", "kx").await.unwrap().is_none());
    // counters
    assert_eq!(db.store.counter_add("rl", "w1", 1, None).await.unwrap(), 1);
    assert_eq!(db.store.counter_add("rl", "w1", 5, None).await.unwrap(), 6);
    let past = now - moat_store::time::Duration::seconds(1);
    db.store
        .counter_add("rl", "w2", 3, Some(past))
        .await
        .unwrap();
    assert_eq!(
        db.store
            .counter_add("rl", "w2", 2, Some(past))
            .await
            .unwrap(),
        2,
        "expired window restarts"
    );
    // a newer schema is refused
    db.exec("INSERT INTO moat_schema (version, name, applied_us) VALUES (999, 'future', 0)")
        .await;
    let e = Store::open(&db.url).await.unwrap_err().to_string();
    assert!(
        e.contains("schema version 999") && e.contains("upgrade moat"),
        "{e}"
    );
}

async fn redteam_runs(db: &Db) {
    use moat_store::{PutOutcome, RunClaim};
    use std::time::Duration;
    let s = &db.store;
    let camp = serde_json::json!({"target": "http://t", "model": "m", "attacks": 3});
    let lease = Duration::from_secs(60);
    assert_eq!(
        s.redteam_claim("nightly", "fp1", &camp, "a", lease)
            .await
            .unwrap(),
        RunClaim::Created
    );
    // Another owner is refused while the lease runs; another campaign under the id too.
    match s
        .redteam_claim("nightly", "fp1", &camp, "b", lease)
        .await
        .unwrap()
    {
        RunClaim::Busy { owner, .. } => assert_eq!(owner, "a"),
        other => panic!("{other:?}"),
    }
    match s
        .redteam_claim("nightly", "fp2", &camp, "a", lease)
        .await
        .unwrap()
    {
        RunClaim::Different(r) => assert_eq!(r.fingerprint, "fp1"),
        other => panic!("{other:?}"),
    }
    // Results: unjudged replaced by judged (attempts add up), judged never replaced.
    let r = |v: &str| serde_json::json!({"v": v});
    let put = |id: &'static str, judged: bool, v: &'static str| {
        let val = r(v);
        async move {
            s.redteam_put_result("nightly", "a", id, judged, judged, 2, &val)
                .await
        }
    };
    assert_eq!(
        put("x@none", false, "timeout").await.unwrap(),
        PutOutcome::Stored
    );
    assert_eq!(
        put("x@none", true, "leaked").await.unwrap(),
        PutOutcome::Stored
    );
    assert_eq!(
        put("x@none", false, "late error").await.unwrap(),
        PutOutcome::KeptJudged
    );
    assert_eq!(
        put("y@none", false, "429").await.unwrap(),
        PutOutcome::Stored
    );
    let got = s.redteam_results("nightly").await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].attack_id, "x@none");
    assert!(got[0].judged && got[0].success);
    assert_eq!(got[0].attempts, 4);
    assert_eq!(got[0].result, r("leaked"));
    assert!(!got[1].judged);
    let run = s.redteam_run("nightly").await.unwrap().unwrap();
    assert_eq!((run.judged, run.unjudged), (1, 1));
    assert_eq!(run.campaign, camp);
    // A writer without the lease is refused, and nothing of its write lands.
    let e = s
        .redteam_put_result("nightly", "b", "z@none", true, true, 1, &r("z"))
        .await
        .unwrap_err();
    assert!(matches!(e, moat_store::StoreError::LeaseLost(_)), "{e}");
    assert!(e.to_string().contains("held by `a`"), "{e}");
    assert_eq!(s.redteam_results("nightly").await.unwrap().len(), 2);
    // Release, then another owner resumes; the first one's later writes are refused.
    assert!(s.redteam_release("nightly", "a").await.unwrap());
    assert_eq!(
        s.redteam_claim("nightly", "fp1", &camp, "b", lease)
            .await
            .unwrap(),
        RunClaim::Resumed
    );
    assert!(
        s.redteam_put_result("nightly", "a", "y@none", true, false, 1, &r("y"))
            .await
            .is_err()
    );
    assert!(!s.redteam_renew("nightly", "a", lease).await.unwrap());
    assert!(s.redteam_renew("nightly", "b", lease).await.unwrap());
    // An expired lease (its holder crashed) may be taken over.
    assert_eq!(
        s.redteam_claim("short", "fp", &camp, "crashed", Duration::from_millis(1))
            .await
            .unwrap(),
        RunClaim::Created
    );
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(
        s.redteam_claim("short", "fp", &camp, "new", lease)
            .await
            .unwrap(),
        RunClaim::Resumed
    );
    // Claimants racing for a new run: exactly one wins.
    let mut tasks = Vec::new();
    for i in 0..6 {
        let st = s.clone();
        let c = camp.clone();
        tasks.push(tokio::spawn(async move {
            st.redteam_claim("race", "fp", &c, &format!("o{i}"), lease)
                .await
                .unwrap()
        }));
    }
    let mut winners = 0;
    for t in tasks {
        match t.await.unwrap() {
            RunClaim::Created | RunClaim::Resumed => winners += 1,
            RunClaim::Busy { .. } => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(winners, 1);
    assert!(s.redteam_delete("race").await.unwrap());
    // Bounds.
    assert!(s.redteam_claim("", "fp", &camp, "a", lease).await.is_err());
    assert!(
        s.redteam_claim("big", "fp", &camp, "a", Duration::ZERO)
            .await
            .is_err()
    );
    let huge = serde_json::json!({"v": "x".repeat(5 * 1024 * 1024)});
    let e = s
        .redteam_put_result("nightly", "b", "h@none", true, true, 1, &huge)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("more than"), "{e}");
    // Listing and deleting.
    let ids: Vec<String> = s
        .redteam_runs()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&"nightly".to_string()));
    assert!(s.redteam_delete("nightly").await.unwrap());
    assert!(s.redteam_results("nightly").await.unwrap().is_empty());
    assert!(s.redteam_run("nightly").await.unwrap().is_none());
}

/// A database left at schema 1 (before red-team runs) is upgraded in place at open, keeping
/// what it held.
async fn upgrade_from_v1(db: &Db) {
    db.store
        .kv_put("ns", "kept", &serde_json::json!(1))
        .await
        .unwrap();
    db.exec(
        "DROP TABLE redteam_results; DROP TABLE redteam_runs; DELETE FROM moat_schema WHERE version = 2",
    )
    .await;
    let s = Store::open(&db.url).await.unwrap();
    assert_eq!(s.schema_version().await.unwrap(), 2);
    assert!(s.kv_get("ns", "kept").await.unwrap().is_some());
    assert!(s.redteam_runs().await.unwrap().is_empty());
    s.close().await;
}

macro_rules! both {
    ($name:ident) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let db = Db::sqlite().await;
                super::$name(&db).await;
                db.cleanup().await;
            }
            #[tokio::test]
            async fn postgres() {
                let Some(db) = Db::postgres(stringify!($name)).await else {
                    return;
                };
                super::$name(&db).await;
                db.cleanup().await;
            }
        }
    };
}

both!(append_verify_query);
both!(tamper);
both!(tamper_long_chain);
both!(prune_keeps_chain);
both!(schema_and_tables);
both!(redteam_runs);
both!(upgrade_from_v1);

#[tokio::test]
async fn bad_inputs_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    // corrupt SQLite file
    let p = dir.path().join("corrupt.db");
    std::fs::write(&p, vec![0x42u8; 8192]).unwrap();
    let e = Store::open(&format!("sqlite://{}", p.display()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("corrupt.db") && e.contains("not a database"),
        "{e}"
    );
    // unreachable PostgreSQL
    let e = Store::open("postgres://postgres:hunter2@127.0.0.1:1/x")
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("127.0.0.1:1") && !e.contains("hunter2"), "{e}");
    // unknown scheme
    assert!(Store::open("mysql://x/y").await.is_err());
    // two writers for one instance
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let s = Store::open(&url).await.unwrap();
    let key = AuditKey::generate();
    let _a = s
        .audit_sink(SinkOptions::new("one", key.clone()))
        .await
        .unwrap();
    let e = s
        .audit_sink(SinkOptions::new("one", key.clone()))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("already being written"), "{e}");
}

#[tokio::test]
async fn checkpoints_go_to_file_and_url() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = s.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .unwrap()
                    .parse()
                    .unwrap();
                if body.len() >= len {
                    s.write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
                        .await
                        .unwrap();
                    return (head.to_owned(), body.to_owned());
                }
            }
            assert!(n > 0, "connection closed early");
        }
    });
    let db = Db::sqlite().await;
    let key = AuditKey::generate();
    let file = db._dir.as_ref().unwrap().path().join("offbox/cp.jsonl");
    let mut o = SinkOptions::new("cp", key.clone());
    o.checkpoint.every_events = 3;
    o.checkpoint.file = Some(file.clone());
    o.checkpoint.url = Some(format!("http://{addr}/checkpoints"));
    let sink = db.store.audit_sink(o).await.unwrap();
    for i in 1..=3 {
        sink.append(event(i)).await.unwrap();
    }
    let (head, body) = tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap();
    assert!(head.starts_with("POST /checkpoints HTTP/1.1"), "{head}");
    let posted: moat_store::Checkpoint = serde_json::from_str(&body).unwrap();
    assert_eq!(posted.seq, 3);
    posted.verify_signature(Some(&key.public())).unwrap();
    sink.append(event(4)).await.unwrap();
    sink.shutdown().await.unwrap();
    let from_file = moat_store::read_checkpoint_file(&file).unwrap();
    assert_eq!(
        from_file.iter().map(|c| c.seq).collect::<Vec<_>>(),
        vec![3, 4]
    );
    let opts = VerifyOptions {
        trusted: Some(key.public()),
        external: from_file,
        instance: None,
    };
    assert!(db.store.verify(&opts).await.unwrap().is_ok());
    db.cleanup().await;
}

#[tokio::test]
async fn buffered_mode_queues_then_writes() {
    let db = Db::sqlite().await;
    let key = AuditKey::generate();
    let mut o = SinkOptions::new("buf", key.clone());
    o.durability = moat_store::Durability::Buffered;
    let sink = db.store.audit_sink(o).await.unwrap();
    for i in 1..=50 {
        assert_eq!(sink.append(event(i)).await.unwrap(), Ack::Queued);
    }
    assert_eq!(sink.flush().await.unwrap(), 50);
    sink.shutdown().await.unwrap();
    assert!(sink.append(event(51)).await.is_err(), "closed sink refuses");
    let r = db
        .store
        .verify(&VerifyOptions::trusting(key.public()))
        .await
        .unwrap();
    assert!(r.is_ok() && r.events() == 50, "{r:?}");
    db.cleanup().await;
}

/// Many concurrent appenders, some events far larger than one PostgreSQL statement's budget:
/// every append is acknowledged at its own seq, the chain is contiguous and verifies.
async fn concurrent_appends(db: &Db) {
    let key = AuditKey::generate();
    let sink = db
        .store
        .audit_sink(SinkOptions::new("conc", key.clone()))
        .await
        .unwrap();
    let (tasks, per) = (64u32, 12u32);
    let mut handles = Vec::new();
    for t in 0..tasks {
        let sink = sink.clone();
        handles.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for i in 0..per {
                let n = t * per + i;
                let mut e = event(n);
                if n % 37 == 0 {
                    // ~40 KiB kept: more than a statement's budget on its own
                    let text = format!("big event {n} ").repeat(3000);
                    e.prompt = Some(Content::record(ContentMode::Full, &text, None));
                }
                match sink.append(e).await.unwrap() {
                    Ack::Durable { seq } => seqs.push(seq),
                    Ack::Queued => panic!("acknowledged mode queued"),
                }
            }
            seqs
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    all.sort_unstable();
    let n = u64::from(tasks * per);
    assert_eq!(
        all,
        (1..=n).collect::<Vec<_>>(),
        "one seq per acknowledged append"
    );
    sink.shutdown().await.unwrap();
    let r = db
        .store
        .verify(&VerifyOptions::trusting(key.public()))
        .await
        .unwrap();
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(r.events(), n);
    let big = db
        .store
        .audit_events(&EventFilter {
            request_id: Some("req-37".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(big.len(), 1);
    let text = big[0]
        .event
        .prompt
        .as_ref()
        .unwrap()
        .text
        .as_deref()
        .unwrap();
    assert!(text.starts_with("big event 37 ") && text.len() > 30_000);
}

both!(concurrent_appends);

/// The same on a PostgreSQL connection without TLS, where a batch is one statement.
#[tokio::test]
async fn concurrent_appends_postgres_without_tls() {
    let Some(db) = Db::postgres("plain").await else {
        return;
    };
    if db.url.contains("sslmode=") {
        eprintln!("skipped: MOAT_TEST_POSTGRES_URL already sets sslmode");
        db.cleanup().await;
        return;
    }
    let plain = Db {
        store: Store::open(&format!("{}&sslmode=disable", db.url))
            .await
            .unwrap(),
        url: db.url.clone(),
        _dir: None,
    };
    concurrent_appends(&plain).await;
    plain.store.close().await;
    db.cleanup().await;
}

/// A SQLite file locked by another process: opening waits for the busy timeout, then fails
/// naming the lock; an append in the meantime is refused (not recorded, not acknowledged);
/// once the lock is gone appends continue on the same chain.
#[tokio::test]
async fn locked_sqlite_file_refuses_then_recovers() {
    use sqlx::Connection;
    let db = Db::sqlite().await;
    let key = AuditKey::generate();
    let sink = db
        .store
        .audit_sink(SinkOptions::new("lk", key.clone()))
        .await
        .unwrap();
    assert_eq!(
        sink.append(event(1)).await.unwrap(),
        Ack::Durable { seq: 1 }
    );
    let mut locker = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql("BEGIN EXCLUSIVE")
        .execute(&mut locker)
        .await
        .unwrap();
    let e = Store::open(&db.url).await.unwrap_err().to_string();
    assert!(
        e.contains("moat.db") && e.contains("locked") && e.contains("another process"),
        "{e}"
    );
    let e = sink.append(event(2)).await.unwrap_err().to_string();
    assert!(e.contains("not recorded") && e.contains("locked"), "{e}");
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut locker)
        .await
        .unwrap();
    locker.close().await.unwrap();
    assert_eq!(
        sink.append(event(3)).await.unwrap(),
        Ack::Durable { seq: 2 }
    );
    sink.shutdown().await.unwrap();
    let r = db
        .store
        .verify(&VerifyOptions::trusting(key.public()))
        .await
        .unwrap();
    assert!(r.is_ok() && r.events() == 2, "{r:?}");
    db.cleanup().await;
}

/// A SQLite file whose pages were overwritten: a clear error (at open, append or verify),
/// never a panic and never a silent pass.
#[tokio::test]
async fn corrupt_sqlite_pages_are_a_clear_error() {
    let db = Db::sqlite().await;
    let key = AuditKey::generate();
    fill(&db.store, &key, "cx", 300).await;
    db.store.close().await;
    let path = db.url.trim_start_matches("sqlite://").to_owned();
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 16 * 4096, "{} bytes", bytes.len());
    let end = bytes.len() - 4096;
    for b in &mut bytes[8192..end] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let _ = std::fs::remove_file(format!("{path}-wal"));
    let _ = std::fs::remove_file(format!("{path}-shm"));
    let err = match Store::open(&db.url).await {
        Err(e) => e.to_string(),
        Ok(s) => match s.verify(&VerifyOptions::trusting(key.public())).await {
            Err(e) => e.to_string(),
            Ok(r) => {
                assert!(!r.is_ok(), "a corrupt file must not verify: {r:?}");
                format!("{r:?}")
            }
        },
    };
    assert!(
        err.contains("malformed") || err.contains("not a database") || err.contains("corrupt"),
        "{err}"
    );
}

/// The writer's PostgreSQL session dies mid-run (server restart, failover, idle kill): the
/// next append is refused, not acknowledged; the writer reconnects, re-reads the head and
/// the chain continues unbroken.
#[tokio::test]
async fn postgres_connection_lost_mid_run() {
    let Some(db) = Db::postgres("lost").await else {
        return;
    };
    let key = AuditKey::generate();
    let sink = db
        .store
        .audit_sink(SinkOptions::new("lost", key.clone()))
        .await
        .unwrap();
    for i in 1..=5 {
        assert_eq!(
            sink.append(event(i)).await.unwrap(),
            Ack::Durable { seq: u64::from(i) }
        );
    }
    // Find the writer's session by the advisory lock it holds, and end it.
    let schema = db.url.rsplit_once("schema=").unwrap().1.to_owned();
    let base = db
        .url
        .rsplit_once("schema=")
        .unwrap()
        .0
        .trim_end_matches(['?', '&']);
    let admin = sqlx::PgPool::connect(base).await.unwrap();
    let lock_sql = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 \
         AND classid::bigint = ((hashtextextended($1, 0) >> 32) & 4294967295) \
         AND objid::bigint = (hashtextextended($1, 0) & 4294967295)";
    let lock_key = format!("moat-audit/{schema}/lost");
    let pid: i32 = sqlx::query_scalar(lock_sql)
        .bind(&lock_key)
        .fetch_one(&admin)
        .await
        .unwrap();
    let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(&admin)
        .await
        .unwrap();
    assert!(ended);
    for _ in 0..100 {
        let alive: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)")
                .bind(pid)
                .fetch_one(&admin)
                .await
                .unwrap();
        if !alive {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let e = sink.append(event(6)).await.unwrap_err().to_string();
    assert!(e.contains("not recorded"), "{e}");
    assert_eq!(
        sink.append(event(7)).await.unwrap(),
        Ack::Durable { seq: 6 }
    );
    // the new session holds the writer lock again
    let again: i32 = sqlx::query_scalar(lock_sql)
        .bind(&lock_key)
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_ne!(again, pid);
    admin.close().await;
    sink.shutdown().await.unwrap();
    let r = db
        .store
        .verify(&VerifyOptions::trusting(key.public()))
        .await
        .unwrap();
    assert!(r.is_ok() && r.events() == 6, "{r:?}");
    let ids: Vec<String> = db
        .store
        .audit_events(&EventFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event.request_id)
        .collect();
    assert!(
        !ids.contains(&"req-6".to_owned()),
        "refused event not stored: {ids:?}"
    );
    db.cleanup().await;
}

/// The audit writer never checkpoints the SQLite write-ahead log in its own commits (a
/// checkpoint syncs the database file and stalls every event queued behind it); a task beside
/// it copies the log into the database file while the sink is open (decision 0213).
#[tokio::test]
async fn sqlite_log_is_checkpointed_beside_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moat.db");
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let key = AuditKey::generate();
    let sink = store
        .audit_sink(SinkOptions::new("wal", key.clone()))
        .await
        .unwrap();
    let before = std::fs::metadata(&path).unwrap().len();
    let wal = dir.path().join("moat.db-wal");
    for i in 1..=2_000 {
        sink.append(event(i)).await.unwrap();
    }
    // Give the checkpointer a few passes; the sink stays open, so nothing else checkpoints.
    let mut grown = false;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if std::fs::metadata(&path).unwrap().len() > before + 256 * 1024 {
            grown = true;
            break;
        }
    }
    assert!(
        grown,
        "events stayed in the log: db {} bytes (was {before}), wal {:?}",
        std::fs::metadata(&path).unwrap().len(),
        std::fs::metadata(&wal).map(|m| m.len())
    );
    sink.shutdown().await.unwrap();
    // Every event is still there.
    let n = store
        .audit_events(&EventFilter::default())
        .await
        .unwrap()
        .len();
    assert_eq!(n, 2_000);
}
