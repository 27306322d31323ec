//! The two engines behind [`crate::Store`]: one set of SQL (with `$N` parameters, which both
//! SQLite and PostgreSQL accept), run on whichever pool the URL picked. The engine-specific
//! parts are the DDL, connection setup, transaction start and the writer's instance lock.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use futures_util::TryStreamExt;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Connection, Row};

use crate::apikey::{ApiKeyRecord, By};
use crate::checkpoint::{Checkpoint, CheckpointKind};
use crate::event::{Digest32, StoredEvent, from_micros, to_micros};
use crate::kv::KvEntry;
use crate::query::EventFilter;
use crate::redteam::{PutOutcome, RedteamResult, RedteamRun, RunClaim};
use crate::{Engine, StoreError};

/// Newest schema version this binary knows.
pub(crate) const SCHEMA_VERSION: i64 = 2;

const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "audit events, checkpoints, api keys, kv",
        r#"
CREATE TABLE audit_events (
  instance TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time_us INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  actor_kind TEXT,
  actor_id TEXT,
  credential_id TEXT,
  route TEXT NOT NULL,
  model TEXT,
  tool TEXT,
  action TEXT NOT NULL,
  finding_types TEXT NOT NULL,
  upstream_status INTEGER,
  latency_us INTEGER NOT NULL,
  policy_version TEXT,
  body TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (instance, seq)
);
CREATE INDEX audit_events_time ON audit_events (time_us);
CREATE TABLE audit_checkpoints (
  instance TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  head BLOB NOT NULL,
  time_us INTEGER NOT NULL,
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  PRIMARY KEY (instance, seq, kind)
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  prefix TEXT NOT NULL UNIQUE,
  hash BLOB NOT NULL,
  agent TEXT NOT NULL,
  scopes TEXT NOT NULL,
  label TEXT,
  created_us INTEGER NOT NULL,
  expires_us INTEGER,
  revoked_us INTEGER
);
CREATE TABLE kv (
  ns TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_us INTEGER NOT NULL,
  expires_us INTEGER,
  PRIMARY KEY (ns, key)
);
"#,
    ),
    (
        2,
        "red-team runs and results",
        r#"
CREATE TABLE redteam_runs (
  id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  campaign TEXT NOT NULL,
  created_us INTEGER NOT NULL,
  updated_us INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until_us INTEGER
);
CREATE TABLE redteam_results (
  run_id TEXT NOT NULL REFERENCES redteam_runs (id) ON DELETE CASCADE,
  attack_id TEXT NOT NULL,
  judged INTEGER NOT NULL,
  success INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  result TEXT NOT NULL,
  updated_us INTEGER NOT NULL,
  PRIMARY KEY (run_id, attack_id)
);
"#,
    ),
];

const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "audit events, checkpoints, api keys, kv",
        r#"
CREATE TABLE audit_events (
  instance TEXT NOT NULL,
  seq BIGINT NOT NULL,
  time_us BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  actor_kind TEXT,
  actor_id TEXT,
  credential_id TEXT,
  route TEXT NOT NULL,
  model TEXT,
  tool TEXT,
  action TEXT NOT NULL,
  finding_types TEXT NOT NULL,
  upstream_status INTEGER,
  latency_us BIGINT NOT NULL,
  policy_version TEXT,
  body TEXT NOT NULL,
  prev_hash BYTEA NOT NULL,
  hash BYTEA NOT NULL,
  PRIMARY KEY (instance, seq)
);
CREATE INDEX audit_events_time ON audit_events (time_us);
CREATE TABLE audit_checkpoints (
  instance TEXT NOT NULL,
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  head BYTEA NOT NULL,
  time_us BIGINT NOT NULL,
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  PRIMARY KEY (instance, seq, kind)
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  prefix TEXT NOT NULL UNIQUE,
  hash BYTEA NOT NULL,
  agent TEXT NOT NULL,
  scopes TEXT NOT NULL,
  label TEXT,
  created_us BIGINT NOT NULL,
  expires_us BIGINT,
  revoked_us BIGINT
);
CREATE TABLE kv (
  ns TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  expires_us BIGINT,
  PRIMARY KEY (ns, key)
);
"#,
    ),
    (
        2,
        "red-team runs and results",
        r#"
CREATE TABLE redteam_runs (
  id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  campaign TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until_us BIGINT
);
CREATE TABLE redteam_results (
  run_id TEXT NOT NULL REFERENCES redteam_runs (id) ON DELETE CASCADE,
  attack_id TEXT NOT NULL,
  judged BOOLEAN NOT NULL,
  success BOOLEAN NOT NULL,
  attempts BIGINT NOT NULL,
  result TEXT NOT NULL,
  updated_us BIGINT NOT NULL,
  PRIMARY KEY (run_id, attack_id)
);
"#,
    ),
];

/// Where the database is.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Sqlite(PathBuf),
    Postgres {
        /// The URL with our own `schema=` parameter removed.
        url: String,
        schema: Option<String>,
    },
}

impl Target {
    pub(crate) fn parse(url: &str) -> Result<Target, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::Config("store.url is empty".into()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let (base, query) = match url.split_once('?') {
                Some((b, q)) => (b, q),
                None => (url, ""),
            };
            let mut schema = None;
            let mut rest = Vec::new();
            for p in query.split('&').filter(|p| !p.is_empty()) {
                match p.split_once('=') {
                    Some(("schema", v)) => {
                        let ok = !v.is_empty()
                            && v.len() <= 63
                            && v.bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                            && !v.as_bytes()[0].is_ascii_digit();
                        if !ok {
                            return Err(StoreError::Config(format!(
                                "store.url: schema `{}`: use 1 to 63 characters from [a-z0-9_], not starting with a digit",
                                v.escape_default()
                            )));
                        }
                        schema = Some(v.to_owned());
                    }
                    _ => rest.push(p),
                }
            }
            let url = if rest.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{}", rest.join("&"))
            };
            return Ok(Target::Postgres { url, schema });
        }
        if url == "sqlite::memory:" || url.contains(":memory:") || url.contains("mode=memory") {
            return Err(StoreError::Config(
                "store.url: an in-memory SQLite database cannot keep an audit trail; name a file"
                    .into(),
            ));
        }
        let path = if let Some(p) = url.strip_prefix("sqlite://") {
            p
        } else if let Some(p) = url.strip_prefix("sqlite:") {
            p
        } else if url.contains("://") {
            return Err(StoreError::Config(format!(
                "store.url `{}`: unsupported scheme; use sqlite://PATH, a plain path, or postgres://",
                redact_url(url)
            )));
        } else {
            url
        };
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return Err(StoreError::Config("store.url: empty SQLite path".into()));
        }
        Ok(Target::Sqlite(PathBuf::from(path)))
    }

    fn display(&self) -> String {
        match self {
            Target::Sqlite(p) => format!("sqlite://{}", p.display()),
            Target::Postgres { url, schema } => match schema {
                Some(s) => format!("{} (schema {s})", redact_url(url)),
                None => redact_url(url),
            },
        }
    }
}

/// `url` with any password replaced by `***`.
pub(crate) fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

pub(crate) struct Backend {
    pub(crate) pool: Pool,
    pub(crate) target: Target,
}

/// Runs `$body` with `$p` bound to whichever pool (or connection) this is; the body is compiled
/// once per engine.
macro_rules! on_pool {
    ($pool:expr, $p:ident => $body:expr) => {
        match $pool {
            Pool::Sqlite($p) => $body,
            Pool::Postgres($p) => $body,
        }
    };
}

/// A dedicated connection for the audit writer.
pub(crate) enum WriterConn {
    Sqlite(sqlx::SqliteConnection),
    Postgres {
        conn: sqlx::PgConnection,
        /// Most bytes of rows sent in one INSERT: [`PG_TLS_STATEMENT_BYTES`] when the
        /// connection is encrypted, else unlimited (see [`PG_TLS_STATEMENT_BYTES`]).
        statement_bytes: usize,
    },
}

type SeqHash = (i64, Vec<u8>);

/// One event row as written.
pub(crate) struct EventRow {
    pub instance: String,
    pub seq: i64,
    pub time_us: i64,
    pub request_id: String,
    pub actor_kind: Option<String>,
    pub actor_id: Option<String>,
    pub credential_id: Option<String>,
    pub route: String,
    pub model: Option<String>,
    pub tool: Option<String>,
    pub action: String,
    pub finding_types: String,
    pub upstream_status: Option<i32>,
    pub latency_us: i64,
    pub policy_version: Option<String>,
    pub body: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// A batch of rows as one array per column, for [`PG_INSERT_UNNEST`].
#[derive(Default)]
struct PgColumns {
    instance: Vec<String>,
    seq: Vec<i64>,
    time_us: Vec<i64>,
    request_id: Vec<String>,
    actor_kind: Vec<Option<String>>,
    actor_id: Vec<Option<String>>,
    credential_id: Vec<Option<String>>,
    route: Vec<String>,
    model: Vec<Option<String>>,
    tool: Vec<Option<String>>,
    action: Vec<String>,
    finding_types: Vec<String>,
    upstream_status: Vec<Option<i32>>,
    latency_us: Vec<i64>,
    policy_version: Vec<Option<String>>,
    body: Vec<String>,
    prev_hash: Vec<Vec<u8>>,
    hash: Vec<Vec<u8>>,
}

impl PgColumns {
    fn push(&mut self, r: EventRow) {
        self.instance.push(r.instance);
        self.seq.push(r.seq);
        self.time_us.push(r.time_us);
        self.request_id.push(r.request_id);
        self.actor_kind.push(r.actor_kind);
        self.actor_id.push(r.actor_id);
        self.credential_id.push(r.credential_id);
        self.route.push(r.route);
        self.model.push(r.model);
        self.tool.push(r.tool);
        self.action.push(r.action);
        self.finding_types.push(r.finding_types);
        self.upstream_status.push(r.upstream_status);
        self.latency_us.push(r.latency_us);
        self.policy_version.push(r.policy_version);
        self.body.push(r.body);
        self.prev_hash.push(r.prev_hash);
        self.hash.push(r.hash);
    }

    fn bind<'q>(
        self,
        q: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
        q.bind(self.instance)
            .bind(self.seq)
            .bind(self.time_us)
            .bind(self.request_id)
            .bind(self.actor_kind)
            .bind(self.actor_id)
            .bind(self.credential_id)
            .bind(self.route)
            .bind(self.model)
            .bind(self.tool)
            .bind(self.action)
            .bind(self.finding_types)
            .bind(self.upstream_status)
            .bind(self.latency_us)
            .bind(self.policy_version)
            .bind(self.body)
            .bind(self.prev_hash)
            .bind(self.hash)
    }
}

/// `rows` cut into statements of at most `budget` bytes of parameter data each, in order; a
/// row larger than the budget goes alone.
fn pg_chunks(rows: Vec<EventRow>, budget: usize) -> Vec<PgColumns> {
    let mut out = Vec::new();
    let mut cur = PgColumns::default();
    let (mut bytes, mut n) = (0usize, 0usize);
    for r in rows {
        let b = r.pg_param_bytes();
        if n > 0 && bytes.saturating_add(b) > budget {
            out.push(std::mem::take(&mut cur));
            (bytes, n) = (0, 0);
        }
        bytes = bytes.saturating_add(b);
        n += 1;
        cur.push(r);
    }
    if n > 0 {
        out.push(cur);
    }
    out
}

const EVENT_COLS: &str = "instance, seq, time_us, request_id, actor_kind, actor_id, credential_id, \
    route, model, tool, action, finding_types, upstream_status, latency_us, policy_version, body, \
    prev_hash, hash";
const EVENT_NCOLS: usize = 18;
/// Row counts of the SQLite multi-row INSERT statements. A batch is cut into chunks of these
/// sizes (largest first), so only these few statements are ever prepared and the connection's
/// statement cache always hits; 512 rows x 18 parameters stays well under SQLite's limit (32,766).
const SQLITE_CHUNKS: [usize; 10] = [512, 256, 128, 64, 32, 16, 8, 4, 2, 1];

/// PostgreSQL appends a whole batch with one statement: one array parameter per column,
/// unnested into rows (one prepared statement whatever the batch size).
const PG_INSERT_UNNEST: &str = "INSERT INTO audit_events (instance, seq, time_us, request_id, \
    actor_kind, actor_id, credential_id, route, model, tool, action, finding_types, \
    upstream_status, latency_us, policy_version, body, prev_hash, hash) \
    SELECT * FROM UNNEST($1::text[], $2::int8[], $3::int8[], $4::text[], $5::text[], \
    $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], \
    $13::int4[], $14::int8[], $15::text[], $16::text[], $17::bytea[], $18::bytea[])";

/// On a TLS connection, rows per PostgreSQL INSERT are cut so that each statement (Bind,
/// Execute and Sync messages) fits in one TLS record of 16 KiB. The driver (sqlx 0.9) leaves
/// Nagle's algorithm on and writes one record per `send`: a message of several records ends
/// in short TCP segments that wait for the server's delayed ACK, ~40 ms per statement, which
/// capped group commit at ~5k events/s. A statement of one record goes out at once, and its
/// answer acknowledges it. Plain TCP sends a message in one `send` (only its last segment is
/// short), so there a batch is one statement. The budget leaves 1 KiB for the messages'
/// framing; a single larger event still goes alone (and may wait for the delayed ACK).
const PG_TLS_STATEMENT_BYTES: usize = 15 * 1024;

/// The SQLite INSERT for `n` rows (`n` one of [`SQLITE_CHUNKS`]), built once.
fn sqlite_insert_sql(n: usize) -> std::sync::Arc<str> {
    static SQL: std::sync::OnceLock<Vec<(usize, std::sync::Arc<str>)>> = std::sync::OnceLock::new();
    let all = SQL.get_or_init(|| {
        SQLITE_CHUNKS
            .iter()
            .map(|&n| (n, std::sync::Arc::from(insert_sql(n))))
            .collect()
    });
    match all.iter().find(|(k, _)| *k == n) {
        Some((_, s)) => s.clone(),
        None => std::sync::Arc::from(insert_sql(n)),
    }
}

/// Reads a row selected as [`EVENT_COLS`] (by position: no name lookups per column).
macro_rules! read_event_row {
    ($row:expr) => {{
        let r = $row;
        (|| -> Result<EventRow, sqlx::Error> {
            Ok(EventRow {
                instance: r.try_get(0)?,
                seq: r.try_get(1)?,
                time_us: r.try_get(2)?,
                request_id: r.try_get(3)?,
                actor_kind: r.try_get(4)?,
                actor_id: r.try_get(5)?,
                credential_id: r.try_get(6)?,
                route: r.try_get(7)?,
                model: r.try_get(8)?,
                tool: r.try_get(9)?,
                action: r.try_get(10)?,
                finding_types: r.try_get(11)?,
                upstream_status: r.try_get(12)?,
                latency_us: r.try_get(13)?,
                policy_version: r.try_get(14)?,
                body: r.try_get(15)?,
                prev_hash: r.try_get(16)?,
                hash: r.try_get(17)?,
            })
        })()
    }};
}

/// SQLite multi-row INSERT for `n` rows with anonymous `?` parameters. Not `$N`: for numbered
/// parameters the driver looks each one's name up, and SQLite's lookup is linear in the number
/// of parameters, so binding a large statement would cost quadratic time.
fn insert_sql(n: usize) -> String {
    let mut row = String::from("(?");
    for _ in 1..EVENT_NCOLS {
        row.push_str(",?");
    }
    row.push(')');
    let mut s = format!("INSERT INTO audit_events ({EVENT_COLS}) VALUES ");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&row);
    }
    s
}

macro_rules! bind_event_rows {
    ($q:expr, $rows:expr) => {{
        let mut q = $q;
        for r in $rows {
            q = q
                .bind(r.instance)
                .bind(r.seq)
                .bind(r.time_us)
                .bind(r.request_id)
                .bind(r.actor_kind)
                .bind(r.actor_id)
                .bind(r.credential_id)
                .bind(r.route)
                .bind(r.model)
                .bind(r.tool)
                .bind(r.action)
                .bind(r.finding_types)
                .bind(r.upstream_status)
                .bind(r.latency_us)
                .bind(r.policy_version)
                .bind(r.body)
                .bind(r.prev_hash)
                .bind(r.hash);
        }
        q
    }};
}

fn open_err(target: &Target, e: impl std::fmt::Display) -> StoreError {
    StoreError::Open {
        target: target.display(),
        detail: e.to_string(),
    }
}

/// Explains the SQLite errors operators meet at start-up.
fn sqlite_open_detail(e: &sqlx::Error) -> String {
    let s = e.to_string();
    if s.contains("not a database") || s.contains("malformed") {
        format!("{s} (the file is corrupt or not a SQLite database; restore it from a backup)")
    } else if s.contains("locked") || s.contains("busy") {
        format!("{s} (another process holds a lock on the file)")
    } else if s.contains("full") {
        format!("{s} (no space left on the device)")
    } else {
        s
    }
}

impl Backend {
    pub(crate) async fn open(target: Target) -> Result<Backend, StoreError> {
        let pool = match &target {
            Target::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| open_err(&target, e))?;
                }
                let opts = sqlite_options(path);
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(|e| open_err(&target, sqlite_open_detail(&e)))?;
                Pool::Sqlite(pool)
            }
            Target::Postgres { url, schema } => {
                let mut opts = PgConnectOptions::from_str(url).map_err(|e| {
                    StoreError::Config(format!("store.url `{}`: {e}", redact_url(url)))
                })?;
                if let Some(s) = schema {
                    opts = opts.options([("search_path", s.as_str())]);
                }
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(|e| open_err(&target, e))?;
                Pool::Postgres(pool)
            }
        };
        let b = Backend { pool, target };
        b.migrate().await?;
        Ok(b)
    }

    pub(crate) fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    pub(crate) fn target_display(&self) -> String {
        self.target.display()
    }

    /// Identifies the database for the writer's instance lock.
    pub(crate) fn lock_scope(&self) -> String {
        match &self.target {
            Target::Sqlite(p) => p.display().to_string(),
            Target::Postgres { schema, .. } => schema.clone().unwrap_or_else(|| "public".into()),
        }
    }

    pub(crate) fn sqlite_path(&self) -> Option<&PathBuf> {
        match &self.target {
            Target::Sqlite(p) => Some(p),
            Target::Postgres { .. } => None,
        }
    }

    pub(crate) async fn close(&self) {
        on_pool!(&self.pool, p => p.close().await)
    }

    /// Copy committed WAL frames into the SQLite database file without blocking writers
    /// (`PRAGMA wal_checkpoint(PASSIVE)`); nothing on PostgreSQL. The audit writer's own
    /// connection never checkpoints (decision 0213): this runs beside it.
    pub(crate) async fn wal_checkpoint(&self) -> Result<(), StoreError> {
        if let Pool::Sqlite(p) = &self.pool {
            sqlx::raw_sql("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(p)
                .await
                .map_err(StoreError::db("checkpointing the write-ahead log"))?;
        }
        Ok(())
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let err = |e: sqlx::Error| match &self.pool {
            Pool::Sqlite(_) => open_err(&self.target, sqlite_open_detail(&e)),
            Pool::Postgres(_) => open_err(&self.target, e),
        };
        let (migrations, create) = match self.pool {
            Pool::Sqlite(_) => (
                SQLITE_MIGRATIONS,
                "CREATE TABLE IF NOT EXISTS moat_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_us INTEGER NOT NULL)",
            ),
            Pool::Postgres(_) => (
                POSTGRES_MIGRATIONS,
                "CREATE TABLE IF NOT EXISTS moat_schema (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_us BIGINT NOT NULL)",
            ),
        };
        let now = to_micros(time::OffsetDateTime::now_utc());
        on_pool!(&self.pool, p => {
            let mut conn = p.acquire().await.map_err(err)?;
            let mut tx = match &self.pool {
                Pool::Sqlite(_) => conn.begin_with("BEGIN IMMEDIATE").await.map_err(err)?,
                Pool::Postgres(_) => conn.begin().await.map_err(err)?,
            };
            if let Target::Postgres { schema, .. } = &self.target {
                // Serialise start-up migrations of instances sharing the database.
                sqlx::query("SELECT pg_advisory_xact_lock(7302861547)")
                    .execute(&mut *tx)
                    .await
                    .map_err(err)?;
                if let Some(s) = schema {
                    sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS \"{s}\"")))
                        .execute(&mut *tx)
                        .await
                        .map_err(err)?;
                }
            }
            sqlx::raw_sql(create).execute(&mut *tx).await.map_err(err)?;
            let found: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM moat_schema")
                .fetch_one(&mut *tx)
                .await
                .map_err(err)?;
            let found = found.unwrap_or(0);
            if found > SCHEMA_VERSION {
                return Err(StoreError::SchemaTooNew {
                    target: self.target.display(),
                    found,
                    known: SCHEMA_VERSION,
                });
            }
            for (v, name, sql) in migrations.iter().filter(|(v, _, _)| *v > found) {
                sqlx::raw_sql(*sql).execute(&mut *tx).await.map_err(err)?;
                sqlx::query("INSERT INTO moat_schema (version, name, applied_us) VALUES ($1, $2, $3)")
                    .bind(*v)
                    .bind(*name)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(err)?;
            }
            tx.commit().await.map_err(err)?;
        });
        Ok(())
    }

    pub(crate) async fn schema_version(&self) -> Result<i64, StoreError> {
        on_pool!(&self.pool, p => {
            let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM moat_schema")
                .fetch_one(p)
                .await
                .map_err(StoreError::db("reading schema version"))?;
            Ok(v.unwrap_or(0))
        })
    }

    /// Drops the PostgreSQL schema named in the URL (tests clean up with this).
    pub(crate) async fn drop_schema(&self) -> Result<(), StoreError> {
        if let (
            Pool::Postgres(p),
            Target::Postgres {
                schema: Some(s), ..
            },
        ) = (&self.pool, &self.target)
        {
            sqlx::raw_sql(AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS \"{s}\" CASCADE"
            )))
            .execute(p)
            .await
            .map_err(StoreError::db("dropping schema"))?;
        }
        Ok(())
    }

    // ---- audit writer ----

    /// A dedicated connection for the audit writer, holding the instance's writer lock on
    /// PostgreSQL. `buffered` relaxes commit durability on this connection only.
    pub(crate) async fn writer_conn(
        &self,
        instance: &str,
        buffered: bool,
    ) -> Result<WriterConn, StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let mut c = p
                    .acquire()
                    .await
                    .map_err(StoreError::db("opening the audit writer connection"))?
                    .detach();
                let sync = if buffered { "NORMAL" } else { "FULL" };
                // No automatic checkpoints in the writer's commits (a checkpoint syncs the
                // database file and stalled every event queued behind it); the sink runs them
                // beside the writer instead (decision 0213).
                sqlx::raw_sql(AssertSqlSafe(format!(
                    "PRAGMA synchronous = {sync}; PRAGMA wal_autocheckpoint = 0"
                )))
                .execute(&mut c)
                .await
                .map_err(StoreError::db("setting synchronous mode"))?;
                Ok(WriterConn::Sqlite(c))
            }
            Pool::Postgres(p) => {
                let mut c = p
                    .acquire()
                    .await
                    .map_err(StoreError::db("opening the audit writer connection"))?
                    .detach();
                let lock_key = format!("moat-audit/{}/{instance}", self.lock_scope());
                let got: bool =
                    sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
                        .bind(&lock_key)
                        .fetch_one(&mut c)
                        .await
                        .map_err(StoreError::db("taking the instance writer lock"))?;
                if !got {
                    return Err(StoreError::Config(format!(
                        "audit instance `{instance}` is already being written by another moat \
                         on this database; give each instance its own store.instance_id"
                    )));
                }
                let sc = if buffered { "off" } else { "on" };
                sqlx::raw_sql(AssertSqlSafe(format!("SET synchronous_commit = {sc}")))
                    .execute(&mut c)
                    .await
                    .map_err(StoreError::db("setting synchronous_commit"))?;
                // Whether this connection is encrypted decides how a batch is cut (see
                // PG_TLS_STATEMENT_BYTES). If the server cannot say, assume it is.
                let tls: bool = sqlx::query_scalar(
                    "SELECT COALESCE((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), true)",
                )
                .fetch_one(&mut c)
                .await
                .unwrap_or(true);
                let statement_bytes = if tls {
                    PG_TLS_STATEMENT_BYTES
                } else {
                    usize::MAX
                };
                Ok(WriterConn::Postgres {
                    conn: c,
                    statement_bytes,
                })
            }
        }
    }

    /// Inserts the rows in one transaction (one fsync).
    pub(crate) async fn insert_events(
        conn: &mut WriterConn,
        rows: Vec<EventRow>,
    ) -> Result<(), StoreError> {
        let ctx = "appending audit events";
        match conn {
            WriterConn::Sqlite(c) => {
                let mut tx = c
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(StoreError::db(ctx))?;
                let mut rows = rows.into_iter();
                let mut left = rows.len();
                while left > 0 {
                    let n = SQLITE_CHUNKS
                        .iter()
                        .copied()
                        .find(|&n| n <= left)
                        .unwrap_or(1);
                    let q = sqlx::query(AssertSqlSafe(sqlite_insert_sql(n)));
                    bind_event_rows!(q, rows.by_ref().take(n))
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::db(ctx))?;
                    left -= n;
                }
                tx.commit().await.map_err(StoreError::db(ctx))?;
            }
            WriterConn::Postgres {
                conn,
                statement_bytes,
            } => {
                let mut chunks = pg_chunks(rows, *statement_bytes);
                if chunks.len() <= 1 {
                    // One statement commits on its own: one round trip, one fsync.
                    if let Some(cols) = chunks.pop() {
                        cols.bind(sqlx::query(PG_INSERT_UNNEST))
                            .execute(&mut *conn)
                            .await
                            .map_err(StoreError::db(ctx))?;
                    }
                    return Ok(());
                }
                let mut tx = conn.begin().await.map_err(StoreError::db(ctx))?;
                for cols in chunks {
                    cols.bind(sqlx::query(PG_INSERT_UNNEST))
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::db(ctx))?;
                }
                tx.commit().await.map_err(StoreError::db(ctx))?;
            }
        }
        Ok(())
    }

    /// Last (seq, hash) of `instance`'s chain: its newest event, or the newest prune
    /// checkpoint if every event before it was pruned; `(0, ZERO)` for a new chain.
    pub(crate) async fn chain_head(&self, instance: &str) -> Result<(u64, Digest32), StoreError> {
        let ctx = "reading the chain head";
        let (ev, anchor): (Option<SeqHash>, Option<SeqHash>) = on_pool!(&self.pool, p => {
            let ev = sqlx::query(
                "SELECT seq, hash FROM audit_events WHERE instance = $1 ORDER BY seq DESC LIMIT 1",
            )
            .bind(instance)
            .fetch_optional(p)
            .await
            .map_err(StoreError::db(ctx))?
            .map(|r| Ok::<_, sqlx::Error>((r.try_get("seq")?, r.try_get("hash")?)))
            .transpose()
            .map_err(StoreError::db(ctx))?;
            let anchor = sqlx::query(
                "SELECT seq, head FROM audit_checkpoints WHERE instance = $1 AND kind = 'prune' \
                 ORDER BY seq DESC LIMIT 1",
            )
            .bind(instance)
            .fetch_optional(p)
            .await
            .map_err(StoreError::db(ctx))?
            .map(|r| Ok::<_, sqlx::Error>((r.try_get("seq")?, r.try_get("head")?)))
            .transpose()
            .map_err(StoreError::db(ctx))?;
            (ev, anchor)
        });
        let best = match (ev, anchor) {
            (Some(e), Some(a)) => Some(if a.0 > e.0 { a } else { e }),
            (e, a) => e.or(a),
        };
        match best {
            None => Ok((0, Digest32::ZERO)),
            Some((seq, h)) => {
                let hash = Digest32::from_slice(&h).ok_or_else(|| StoreError::Corrupt {
                    context: format!("audit chain of `{instance}` at seq {seq}"),
                    detail: format!("hash is {} bytes, not 32", h.len()),
                })?;
                Ok((u64::try_from(seq).unwrap_or(0), hash))
            }
        }
    }

    pub(crate) async fn insert_checkpoint(&self, cp: &Checkpoint) -> Result<(), StoreError> {
        on_pool!(&self.pool, p => {
            sqlx::query(
                "INSERT INTO audit_checkpoints (instance, seq, kind, head, time_us, public_key, signature) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (instance, seq, kind) DO UPDATE SET head = excluded.head, \
                 time_us = excluded.time_us, public_key = excluded.public_key, signature = excluded.signature",
            )
            .bind(&cp.instance)
            .bind(i64::try_from(cp.seq).unwrap_or(i64::MAX))
            .bind(cp.kind.as_str())
            .bind(cp.head.0.to_vec())
            .bind(cp.time_us())
            .bind(&cp.public_key)
            .bind(&cp.signature)
            .execute(p)
            .await
            .map_err(StoreError::db("writing a checkpoint"))?;
        });
        Ok(())
    }

    pub(crate) async fn checkpoints(&self, instance: &str) -> Result<Vec<Checkpoint>, StoreError> {
        let ctx = "reading checkpoints";
        on_pool!(&self.pool, p => {
            let rows = sqlx::query(
                "SELECT instance, seq, kind, head, time_us, public_key, signature FROM audit_checkpoints \
                 WHERE instance = $1 ORDER BY seq, kind",
            )
            .bind(instance)
            .fetch_all(p)
            .await
            .map_err(StoreError::db(ctx))?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let seq: i64 = r.try_get("seq").map_err(StoreError::db(ctx))?;
                let kind: String = r.try_get("kind").map_err(StoreError::db(ctx))?;
                let head: Vec<u8> = r.try_get("head").map_err(StoreError::db(ctx))?;
                let time_us: i64 = r.try_get("time_us").map_err(StoreError::db(ctx))?;
                let corrupt = |d: String| StoreError::Corrupt {
                    context: format!("checkpoint of `{instance}` at seq {seq}"),
                    detail: d,
                };
                out.push(Checkpoint {
                    instance: r.try_get("instance").map_err(StoreError::db(ctx))?,
                    seq: u64::try_from(seq).map_err(|_| corrupt("negative seq".into()))?,
                    kind: CheckpointKind::parse(&kind).ok_or_else(|| corrupt(format!("unknown kind `{kind}`")))?,
                    head: Digest32::from_slice(&head).ok_or_else(|| corrupt("head is not 32 bytes".into()))?,
                    time: from_micros(time_us).map_err(corrupt)?,
                    public_key: r.try_get("public_key").map_err(StoreError::db(ctx))?,
                    signature: r.try_get("signature").map_err(StoreError::db(ctx))?,
                });
            }
            Ok(out)
        })
    }

    pub(crate) async fn instances(&self) -> Result<Vec<String>, StoreError> {
        on_pool!(&self.pool, p => {
            sqlx::query_scalar(
                "SELECT instance FROM audit_events GROUP BY instance \
                 UNION SELECT instance FROM audit_checkpoints GROUP BY instance ORDER BY 1",
            )
            .fetch_all(p)
            .await
            .map_err(StoreError::db("listing audit instances"))
        })
    }

    /// The lowest seq of `instance` above `after`, if any: where the next verification page
    /// starts. (MIN uses the primary key on both engines whatever the table statistics; an
    /// `ORDER BY .. OFFSET` may not on a PostgreSQL table that was never analysed.)
    pub(crate) async fn next_seq(
        &self,
        instance: &str,
        after: i64,
    ) -> Result<Option<i64>, StoreError> {
        on_pool!(&self.pool, p => {
            sqlx::query_scalar(
                "SELECT MIN(seq) FROM audit_events WHERE instance = $1 AND seq > $2",
            )
            .bind(instance)
            .bind(after)
            .fetch_one(p)
            .await
            .map_err(StoreError::db("reading the audit chain"))
        })
    }

    /// `instance`'s rows with `after < seq <= upto`, by seq (raw, for verification).
    pub(crate) async fn chain_rows(
        &self,
        instance: &str,
        after: i64,
        upto: i64,
    ) -> Result<Vec<EventRow>, StoreError> {
        let ctx = "reading the audit chain";
        let sql = format!(
            "SELECT {EVENT_COLS} FROM audit_events WHERE instance = $1 AND seq > $2 AND seq <= $3 \
             ORDER BY seq"
        );
        let mut out = Vec::new();
        on_pool!(&self.pool, p => {
            let mut rows = sqlx::query(AssertSqlSafe(sql))
                .bind(instance)
                .bind(after)
                .bind(upto)
                .fetch(p);
            while let Some(r) = rows.try_next().await.map_err(StoreError::db(ctx))? {
                out.push(read_event_row!(&r).map_err(StoreError::db(ctx))?);
            }
        });
        Ok(out)
    }

    /// The lowest seq in `after < seq <= upto` of `instance` whose event hash is `hash`.
    pub(crate) async fn seq_of_hash(
        &self,
        instance: &str,
        hash: &Digest32,
        after: i64,
        upto: i64,
    ) -> Result<Option<i64>, StoreError> {
        on_pool!(&self.pool, p => {
            sqlx::query_scalar(
                "SELECT seq FROM audit_events WHERE instance = $1 AND hash = $2 AND seq > $3 \
                 AND seq <= $4 ORDER BY seq LIMIT 1",
            )
            .bind(instance)
            .bind(hash.0.to_vec())
            .bind(after)
            .bind(upto)
            .fetch_optional(p)
            .await
            .map_err(StoreError::db("reading the audit chain"))
        })
    }

    pub(crate) async fn query_events(
        &self,
        filter: &EventFilter,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let mut out = Vec::new();
        self.for_each_event(filter, |e| {
            out.push(e);
            Ok(())
        })
        .await?;
        Ok(out)
    }

    pub(crate) async fn for_each_event<F>(
        &self,
        filter: &EventFilter,
        mut f: F,
    ) -> Result<u64, StoreError>
    where
        F: FnMut(StoredEvent) -> Result<(), StoreError> + Send,
    {
        let ctx = "querying audit events";
        let (sql, args) = filter.to_sql(EVENT_COLS, self.engine());
        let mut n = 0u64;
        on_pool!(&self.pool, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for a in &args {
                q = match a {
                    crate::query::Arg::Int(i) => q.bind(*i),
                    crate::query::Arg::Text(s) => q.bind(s.as_str()),
                };
            }
            let mut rows = q.fetch(p);
            while let Some(r) = rows.try_next().await.map_err(StoreError::db(ctx))? {
                let row = read_event_row!(&r).map_err(StoreError::db(ctx))?;
                let ev = row.decode().map_err(|d| StoreError::Corrupt {
                    context: format!("audit event `{}` seq {}", row.instance, row.seq),
                    detail: d,
                })?;
                f(ev)?;
                n += 1;
            }
        });
        Ok(n)
    }

    /// Deletes `instance`'s events with `seq <= upto` and checkpoints with `seq < upto`
    /// (the prune anchor at `upto` stays), in one transaction after inserting the anchor.
    pub(crate) async fn prune_chain(&self, anchor: &Checkpoint) -> Result<u64, StoreError> {
        let ctx = "pruning audit events";
        let upto = i64::try_from(anchor.seq).unwrap_or(i64::MAX);
        on_pool!(&self.pool, p => {
            let mut tx = p.begin().await.map_err(StoreError::db(ctx))?;
            sqlx::query(
                "INSERT INTO audit_checkpoints (instance, seq, kind, head, time_us, public_key, signature) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (instance, seq, kind) DO UPDATE SET head = excluded.head, \
                 time_us = excluded.time_us, public_key = excluded.public_key, signature = excluded.signature",
            )
            .bind(&anchor.instance)
            .bind(upto)
            .bind(anchor.kind.as_str())
            .bind(anchor.head.0.to_vec())
            .bind(anchor.time_us())
            .bind(&anchor.public_key)
            .bind(&anchor.signature)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(ctx))?;
            let deleted = sqlx::query("DELETE FROM audit_events WHERE instance = $1 AND seq <= $2")
                .bind(&anchor.instance)
                .bind(upto)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db(ctx))?
                .rows_affected();
            sqlx::query("DELETE FROM audit_checkpoints WHERE instance = $1 AND seq < $2")
                .bind(&anchor.instance)
                .bind(upto)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db(ctx))?;
            tx.commit().await.map_err(StoreError::db(ctx))?;
            Ok(deleted)
        })
    }

    /// The last seq of `instance` whose event is older than `before_us`, such that every
    /// event up to it is older too; and its hash.
    pub(crate) async fn prune_point(
        &self,
        instance: &str,
        before_us: i64,
    ) -> Result<Option<(u64, Digest32)>, StoreError> {
        let ctx = "finding the prune point";
        let row: Option<(i64, Vec<u8>)> = on_pool!(&self.pool, p => {
            let first_new: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(seq) FROM audit_events WHERE instance = $1 AND time_us >= $2",
            )
            .bind(instance)
            .bind(before_us)
            .fetch_one(p)
            .await
            .map_err(StoreError::db(ctx))?;
            let r = match first_new {
                Some(s) => sqlx::query(
                    "SELECT seq, hash FROM audit_events WHERE instance = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1",
                )
                .bind(instance)
                .bind(s)
                .fetch_optional(p)
                .await,
                None => sqlx::query(
                    "SELECT seq, hash FROM audit_events WHERE instance = $1 ORDER BY seq DESC LIMIT 1",
                )
                .bind(instance)
                .fetch_optional(p)
                .await,
            }
            .map_err(StoreError::db(ctx))?;
            r.map(|r| Ok::<_, sqlx::Error>((r.try_get("seq")?, r.try_get("hash")?)))
                .transpose()
                .map_err(StoreError::db(ctx))?
        });
        match row {
            None => Ok(None),
            Some((seq, h)) => Ok(Some((
                u64::try_from(seq).unwrap_or(0),
                Digest32::from_slice(&h).ok_or_else(|| StoreError::Corrupt {
                    context: format!("audit event `{instance}` seq {seq}"),
                    detail: "hash is not 32 bytes".into(),
                })?,
            ))),
        }
    }

    // ---- API keys ----

    pub(crate) async fn insert_api_key(&self, k: &ApiKeyRecord) -> Result<(), StoreError> {
        let scopes = serde_json::to_string(&k.scopes)
            .map_err(|e| StoreError::InvalidEvent(format!("api key scopes: {e}")))?;
        on_pool!(&self.pool, p => {
            sqlx::query(
                "INSERT INTO api_keys (id, prefix, hash, agent, scopes, label, created_us, expires_us, revoked_us) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&k.id)
            .bind(&k.prefix)
            .bind(&k.hash)
            .bind(&k.agent)
            .bind(scopes)
            .bind(&k.label)
            .bind(to_micros(k.created))
            .bind(k.expires.map(to_micros))
            .bind(k.revoked.map(to_micros))
            .execute(p)
            .await
            .map_err(StoreError::db("storing an API key"))?;
        });
        Ok(())
    }

    pub(crate) async fn api_key_by(
        &self,
        by: By,
        value: &str,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        let sql = match by {
            By::Id => "SELECT * FROM api_keys WHERE id = $1",
            By::Prefix => "SELECT * FROM api_keys WHERE prefix = $1",
        };
        let ctx = "reading an API key";
        on_pool!(&self.pool, p => {
            let r = sqlx::query(sql).bind(value).fetch_optional(p).await.map_err(StoreError::db(ctx))?;
            match r {
                None => Ok(None),
                Some(r) => Ok(Some(crate::apikey::from_parts(
                    r.try_get("id").map_err(StoreError::db(ctx))?,
                    r.try_get("prefix").map_err(StoreError::db(ctx))?,
                    r.try_get("hash").map_err(StoreError::db(ctx))?,
                    r.try_get("agent").map_err(StoreError::db(ctx))?,
                    r.try_get("scopes").map_err(StoreError::db(ctx))?,
                    r.try_get("label").map_err(StoreError::db(ctx))?,
                    r.try_get("created_us").map_err(StoreError::db(ctx))?,
                    r.try_get("expires_us").map_err(StoreError::db(ctx))?,
                    r.try_get("revoked_us").map_err(StoreError::db(ctx))?,
                )?)),
            }
        })
    }

    pub(crate) async fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let ctx = "listing API keys";
        on_pool!(&self.pool, p => {
            let rows = sqlx::query("SELECT * FROM api_keys ORDER BY created_us DESC, id")
                .fetch_all(p)
                .await
                .map_err(StoreError::db(ctx))?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(crate::apikey::from_parts(
                    r.try_get("id").map_err(StoreError::db(ctx))?,
                    r.try_get("prefix").map_err(StoreError::db(ctx))?,
                    r.try_get("hash").map_err(StoreError::db(ctx))?,
                    r.try_get("agent").map_err(StoreError::db(ctx))?,
                    r.try_get("scopes").map_err(StoreError::db(ctx))?,
                    r.try_get("label").map_err(StoreError::db(ctx))?,
                    r.try_get("created_us").map_err(StoreError::db(ctx))?,
                    r.try_get("expires_us").map_err(StoreError::db(ctx))?,
                    r.try_get("revoked_us").map_err(StoreError::db(ctx))?,
                )?);
            }
            Ok(out)
        })
    }

    pub(crate) async fn revoke_api_key(&self, id: &str) -> Result<bool, StoreError> {
        let now = to_micros(time::OffsetDateTime::now_utc());
        on_pool!(&self.pool, p => {
            let n = sqlx::query("UPDATE api_keys SET revoked_us = $1 WHERE id = $2 AND revoked_us IS NULL")
                .bind(now)
                .bind(id)
                .execute(p)
                .await
                .map_err(StoreError::db("revoking an API key"))?
                .rows_affected();
            Ok(n > 0)
        })
    }

    // ---- kv ----

    pub(crate) async fn kv_get(&self, ns: &str, key: &str) -> Result<Option<KvEntry>, StoreError> {
        let ctx = "reading a kv entry";
        let now = to_micros(time::OffsetDateTime::now_utc());
        on_pool!(&self.pool, p => {
            let r = sqlx::query(
                "SELECT ns, key, value, version, updated_us, expires_us FROM kv \
                 WHERE ns = $1 AND key = $2 AND (expires_us IS NULL OR expires_us > $3)",
            )
            .bind(ns)
            .bind(key)
            .bind(now)
            .fetch_optional(p)
            .await
            .map_err(StoreError::db(ctx))?;
            match r {
                None => Ok(None),
                Some(r) => Ok(Some(crate::kv::from_parts(
                    r.try_get("ns").map_err(StoreError::db(ctx))?,
                    r.try_get("key").map_err(StoreError::db(ctx))?,
                    r.try_get("value").map_err(StoreError::db(ctx))?,
                    r.try_get("version").map_err(StoreError::db(ctx))?,
                    r.try_get("updated_us").map_err(StoreError::db(ctx))?,
                    r.try_get("expires_us").map_err(StoreError::db(ctx))?,
                )?)),
            }
        })
    }

    /// `expected`: `None` = unconditional; `Some(None)` = only if absent (or expired);
    /// `Some(Some(v))` = only if the current version is `v`.
    pub(crate) async fn kv_put(
        &self,
        ns: &str,
        key: &str,
        value: &serde_json::Value,
        expected: Option<Option<i64>>,
        expires: Option<time::OffsetDateTime>,
    ) -> Result<Option<i64>, StoreError> {
        crate::kv::check_key(ns, key)?;
        let text = serde_json::to_string(value)
            .map_err(|e| StoreError::InvalidEvent(format!("kv value: {e}")))?;
        if text.len() > crate::kv::MAX_VALUE_BYTES {
            return Err(StoreError::InvalidEvent(format!(
                "kv value is {} bytes, more than {}",
                text.len(),
                crate::kv::MAX_VALUE_BYTES
            )));
        }
        let now = to_micros(time::OffsetDateTime::now_utc());
        let exp = expires.map(to_micros);
        let ctx = "writing a kv entry";
        on_pool!(&self.pool, p => {
            let v: Option<i64> = match expected {
                None => sqlx::query_scalar(
                    "INSERT INTO kv (ns, key, value, version, updated_us, expires_us) VALUES ($1, $2, $3, 1, $4, $5) \
                     ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, version = kv.version + 1, \
                     updated_us = excluded.updated_us, expires_us = excluded.expires_us RETURNING version",
                )
                .bind(ns).bind(key).bind(&text).bind(now).bind(exp)
                .fetch_optional(p).await,
                Some(None) => sqlx::query_scalar(
                    "INSERT INTO kv (ns, key, value, version, updated_us, expires_us) VALUES ($1, $2, $3, 1, $4, $5) \
                     ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, version = kv.version + 1, \
                     updated_us = excluded.updated_us, expires_us = excluded.expires_us \
                     WHERE kv.expires_us IS NOT NULL AND kv.expires_us <= excluded.updated_us RETURNING version",
                )
                .bind(ns).bind(key).bind(&text).bind(now).bind(exp)
                .fetch_optional(p).await,
                Some(Some(ver)) => sqlx::query_scalar(
                    "UPDATE kv SET value = $3, version = version + 1, updated_us = $4, expires_us = $5 \
                     WHERE ns = $1 AND key = $2 AND version = $6 AND (expires_us IS NULL OR expires_us > $4) \
                     RETURNING version",
                )
                .bind(ns).bind(key).bind(&text).bind(now).bind(exp).bind(ver)
                .fetch_optional(p).await,
            }
            .map_err(StoreError::db(ctx))?;
            Ok(v)
        })
    }

    pub(crate) async fn kv_delete(&self, ns: &str, key: &str) -> Result<bool, StoreError> {
        on_pool!(&self.pool, p => {
            let n = sqlx::query("DELETE FROM kv WHERE ns = $1 AND key = $2")
                .bind(ns)
                .bind(key)
                .execute(p)
                .await
                .map_err(StoreError::db("deleting a kv entry"))?
                .rows_affected();
            Ok(n > 0)
        })
    }

    pub(crate) async fn kv_list(
        &self,
        ns: &str,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<KvEntry>, StoreError> {
        let ctx = "listing kv entries";
        let now = to_micros(time::OffsetDateTime::now_utc());
        // Prefix match without LIKE so `%` and `_` in keys mean themselves.
        on_pool!(&self.pool, p => {
            let rows = sqlx::query(
                "SELECT ns, key, value, version, updated_us, expires_us FROM kv \
                 WHERE ns = $1 AND substr(key, 1, length($2)) = $2 \
                 AND (expires_us IS NULL OR expires_us > $3) ORDER BY key LIMIT $4",
            )
            .bind(ns)
            .bind(prefix)
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(p)
            .await
            .map_err(StoreError::db(ctx))?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(crate::kv::from_parts(
                    r.try_get("ns").map_err(StoreError::db(ctx))?,
                    r.try_get("key").map_err(StoreError::db(ctx))?,
                    r.try_get("value").map_err(StoreError::db(ctx))?,
                    r.try_get("version").map_err(StoreError::db(ctx))?,
                    r.try_get("updated_us").map_err(StoreError::db(ctx))?,
                    r.try_get("expires_us").map_err(StoreError::db(ctx))?,
                )?);
            }
            Ok(out)
        })
    }

    pub(crate) async fn counter_add(
        &self,
        ns: &str,
        key: &str,
        delta: i64,
        expires: Option<time::OffsetDateTime>,
    ) -> Result<i64, StoreError> {
        crate::kv::check_key(ns, key)?;
        let now = to_micros(time::OffsetDateTime::now_utc());
        let exp = expires.map(to_micros);
        let ctx = "updating a counter";
        let text: String = on_pool!(&self.pool, p => {
            sqlx::query_scalar(
                "INSERT INTO kv (ns, key, value, version, updated_us, expires_us) \
                 VALUES ($1, $2, CAST($3 AS TEXT), 1, $4, $5) \
                 ON CONFLICT (ns, key) DO UPDATE SET \
                 value = CASE WHEN kv.expires_us IS NOT NULL AND kv.expires_us <= excluded.updated_us \
                   THEN excluded.value ELSE CAST(CAST(kv.value AS BIGINT) + $6 AS TEXT) END, \
                 expires_us = CASE WHEN kv.expires_us IS NOT NULL AND kv.expires_us <= excluded.updated_us \
                   THEN excluded.expires_us ELSE kv.expires_us END, \
                 version = kv.version + 1, updated_us = excluded.updated_us \
                 RETURNING value",
            )
            .bind(ns)
            .bind(key)
            .bind(delta.to_string())
            .bind(now)
            .bind(exp)
            .bind(delta)
            .fetch_one(p)
            .await
            .map_err(StoreError::db(ctx))?
        });
        text.trim().parse::<i64>().map_err(|e| StoreError::Corrupt {
            context: format!("counter `{ns}`/`{key}`"),
            detail: format!(
                "value `{}` is not an integer: {e}",
                crate::event::truncate(&text, 40)
            ),
        })
    }

    // ---- red-team runs ----

    pub(crate) async fn redteam_claim(
        &self,
        id: &str,
        fingerprint: &str,
        campaign: &serde_json::Value,
        owner: &str,
        lease: Duration,
    ) -> Result<RunClaim, StoreError> {
        crate::redteam::check_id("run id", id)?;
        crate::redteam::check_id("fingerprint", fingerprint)?;
        crate::redteam::check_id("lease owner", owner)?;
        let campaign =
            crate::redteam::to_text("campaign", campaign, crate::redteam::MAX_CAMPAIGN_BYTES)?;
        let lease = crate::redteam::lease_micros(lease)?;
        let now = to_micros(time::OffsetDateTime::now_utc());
        let ctx = "claiming a red-team run";
        let created = on_pool!(&self.pool, p => {
            sqlx::query(
                "INSERT INTO redteam_runs (id, fingerprint, campaign, created_us, updated_us, lease_owner, lease_until_us) \
                 VALUES ($1, $2, $3, $4, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
            )
            .bind(id).bind(fingerprint).bind(&campaign).bind(now).bind(owner).bind(now + lease)
            .execute(p).await.map_err(StoreError::db(ctx))?.rows_affected()
        });
        if created == 1 {
            return Ok(RunClaim::Created);
        }
        // INVARIANT: the lease moves only when it is free, ours, or expired, and only for the
        // same campaign; one statement, so two claimants cannot both win.
        let taken = on_pool!(&self.pool, p => {
            sqlx::query(
                "UPDATE redteam_runs SET lease_owner = $2, lease_until_us = $3, updated_us = $4 \
                 WHERE id = $1 AND fingerprint = $5 \
                 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until_us IS NULL OR lease_until_us <= $4)",
            )
            .bind(id).bind(owner).bind(now + lease).bind(now).bind(fingerprint)
            .execute(p).await.map_err(StoreError::db(ctx))?.rows_affected()
        });
        if taken == 1 {
            return Ok(RunClaim::Resumed);
        }
        let Some(run) = self.redteam_run(id).await? else {
            // Deleted between the two statements: claim again from scratch once.
            return Err(StoreError::InvalidInput(format!(
                "red-team run `{id}` was deleted while being claimed; try again"
            )));
        };
        if run.fingerprint != fingerprint {
            return Ok(RunClaim::Different(Box::new(run)));
        }
        Ok(RunClaim::Busy {
            owner: run.lease_owner.clone().unwrap_or_default(),
            until: run.lease_until.unwrap_or(run.updated),
        })
    }

    /// Extends `owner`'s lease; false if it no longer holds it.
    pub(crate) async fn redteam_renew(
        &self,
        id: &str,
        owner: &str,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        let lease = crate::redteam::lease_micros(lease)?;
        let now = to_micros(time::OffsetDateTime::now_utc());
        on_pool!(&self.pool, p => {
            let n = sqlx::query(
                "UPDATE redteam_runs SET lease_until_us = $3, updated_us = $4 WHERE id = $1 AND lease_owner = $2",
            )
            .bind(id).bind(owner).bind(now + lease).bind(now)
            .execute(p).await.map_err(StoreError::db("renewing a red-team lease"))?.rows_affected();
            Ok(n == 1)
        })
    }

    pub(crate) async fn redteam_release(&self, id: &str, owner: &str) -> Result<bool, StoreError> {
        on_pool!(&self.pool, p => {
            let n = sqlx::query(
                "UPDATE redteam_runs SET lease_owner = NULL, lease_until_us = NULL WHERE id = $1 AND lease_owner = $2",
            )
            .bind(id).bind(owner)
            .execute(p).await.map_err(StoreError::db("releasing a red-team lease"))?.rows_affected();
            Ok(n == 1)
        })
    }

    #[expect(clippy::too_many_arguments, reason = "one argument per column")]
    pub(crate) async fn redteam_put_result(
        &self,
        run_id: &str,
        owner: &str,
        attack_id: &str,
        judged: bool,
        success: bool,
        attempts: u64,
        result: &serde_json::Value,
    ) -> Result<PutOutcome, StoreError> {
        crate::redteam::check_id("attack id", attack_id)?;
        let text = crate::redteam::to_text("result", result, crate::redteam::MAX_RESULT_BYTES)?;
        let now = to_micros(time::OffsetDateTime::now_utc());
        let attempts = i64::try_from(attempts).unwrap_or(i64::MAX);
        let ctx = "storing a red-team result";
        // One statement: written only while `owner` holds the run, and never over a judged
        // result (SQLite needs the SELECT's WHERE to parse the upsert unambiguously).
        let n = on_pool!(&self.pool, p => {
            sqlx::query(
                "INSERT INTO redteam_results (run_id, attack_id, judged, success, attempts, result, updated_us) \
                 SELECT $1, $2, $3, $4, $5, $6, $7 FROM redteam_runs WHERE id = $1 AND lease_owner = $8 \
                 ON CONFLICT (run_id, attack_id) DO UPDATE SET judged = excluded.judged, \
                 success = excluded.success, attempts = redteam_results.attempts + excluded.attempts, \
                 result = excluded.result, updated_us = excluded.updated_us \
                 WHERE NOT redteam_results.judged",
            )
            .bind(run_id).bind(attack_id).bind(judged).bind(success).bind(attempts).bind(&text).bind(now).bind(owner)
            .execute(p).await.map_err(StoreError::db(ctx))?.rows_affected()
        });
        if n == 1 {
            return Ok(PutOutcome::Stored);
        }
        match self.redteam_run(run_id).await? {
            Some(r) if r.lease_owner.as_deref() == Some(owner) => Ok(PutOutcome::KeptJudged),
            Some(r) => Err(StoreError::LeaseLost(format!(
                "red-team run `{run_id}` is now held by `{}`; result `{attack_id}` not stored",
                r.lease_owner.unwrap_or_else(|| "nobody".into())
            ))),
            None => Err(StoreError::LeaseLost(format!(
                "red-team run `{run_id}` does not exist; result `{attack_id}` not stored"
            ))),
        }
    }

    pub(crate) async fn redteam_run(&self, id: &str) -> Result<Option<RedteamRun>, StoreError> {
        let mut v = self.redteam_runs_where(Some(id)).await?;
        Ok(v.pop())
    }

    pub(crate) async fn redteam_runs_where(
        &self,
        id: Option<&str>,
    ) -> Result<Vec<RedteamRun>, StoreError> {
        let ctx = "reading red-team runs";
        on_pool!(&self.pool, p => {
            let rows = sqlx::query(
                "SELECT r.id, r.fingerprint, r.campaign, r.created_us, r.updated_us, r.lease_owner, r.lease_until_us, \
                 (SELECT COUNT(*) FROM redteam_results x WHERE x.run_id = r.id AND x.judged) AS judged, \
                 (SELECT COUNT(*) FROM redteam_results x WHERE x.run_id = r.id AND NOT x.judged) AS unjudged \
                 FROM redteam_runs r WHERE ($1 IS NULL OR r.id = $1) ORDER BY r.created_us DESC, r.id",
            )
            .bind(id)
            .fetch_all(p)
            .await
            .map_err(StoreError::db(ctx))?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(crate::redteam::run_from_parts(
                    r.try_get("id").map_err(StoreError::db(ctx))?,
                    r.try_get("fingerprint").map_err(StoreError::db(ctx))?,
                    r.try_get("campaign").map_err(StoreError::db(ctx))?,
                    r.try_get("created_us").map_err(StoreError::db(ctx))?,
                    r.try_get("updated_us").map_err(StoreError::db(ctx))?,
                    r.try_get("lease_owner").map_err(StoreError::db(ctx))?,
                    r.try_get("lease_until_us").map_err(StoreError::db(ctx))?,
                    r.try_get("judged").map_err(StoreError::db(ctx))?,
                    r.try_get("unjudged").map_err(StoreError::db(ctx))?,
                )?);
            }
            Ok(out)
        })
    }

    pub(crate) async fn redteam_results(
        &self,
        run_id: &str,
    ) -> Result<Vec<RedteamResult>, StoreError> {
        let ctx = "reading red-team results";
        on_pool!(&self.pool, p => {
            let mut rows = sqlx::query(
                "SELECT attack_id, judged, success, attempts, result, updated_us FROM redteam_results \
                 WHERE run_id = $1 ORDER BY attack_id",
            )
            .bind(run_id)
            .fetch(p);
            let mut out = Vec::new();
            while let Some(r) = rows.try_next().await.map_err(StoreError::db(ctx))? {
                out.push(crate::redteam::result_from_parts(
                    run_id,
                    r.try_get("attack_id").map_err(StoreError::db(ctx))?,
                    r.try_get("judged").map_err(StoreError::db(ctx))?,
                    r.try_get("success").map_err(StoreError::db(ctx))?,
                    r.try_get("attempts").map_err(StoreError::db(ctx))?,
                    r.try_get("result").map_err(StoreError::db(ctx))?,
                    r.try_get("updated_us").map_err(StoreError::db(ctx))?,
                )?);
            }
            Ok(out)
        })
    }

    pub(crate) async fn redteam_delete(&self, id: &str) -> Result<bool, StoreError> {
        let ctx = "deleting a red-team run";
        on_pool!(&self.pool, p => {
            let mut tx = p.begin().await.map_err(StoreError::db(ctx))?;
            sqlx::query("DELETE FROM redteam_results WHERE run_id = $1")
                .bind(id).execute(&mut *tx).await.map_err(StoreError::db(ctx))?;
            let n = sqlx::query("DELETE FROM redteam_runs WHERE id = $1")
                .bind(id).execute(&mut *tx).await.map_err(StoreError::db(ctx))?.rows_affected();
            tx.commit().await.map_err(StoreError::db(ctx))?;
            Ok(n > 0)
        })
    }
}

fn sqlite_options(path: &std::path::Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
}

impl EventRow {
    /// Bytes this row adds to a PostgreSQL Bind message of [`PG_INSERT_UNNEST`]: one element
    /// in each of the 18 binary arrays, each a 4-byte length then its data (none for NULL).
    fn pg_param_bytes(&self) -> usize {
        let opt = |o: &Option<String>| o.as_ref().map_or(0, String::len);
        EVENT_NCOLS * 4
            + 3 * 8 // seq, time_us, latency_us
            + self.upstream_status.map_or(0, |_| 4)
            + self.instance.len()
            + self.request_id.len()
            + opt(&self.actor_kind)
            + opt(&self.actor_id)
            + opt(&self.credential_id)
            + self.route.len()
            + opt(&self.model)
            + opt(&self.tool)
            + self.action.len()
            + self.finding_types.len()
            + opt(&self.policy_version)
            + self.body.len()
            + self.prev_hash.len()
            + self.hash.len()
    }

    /// Builds the row for `event` at `seq` with its hashes.
    pub(crate) fn new(
        instance: &str,
        seq: u64,
        prev: &Digest32,
        hash: &Digest32,
        e: &crate::AuditEvent,
    ) -> Result<EventRow, StoreError> {
        let body = serde_json::to_string(e)
            .map_err(|err| StoreError::InvalidEvent(format!("cannot encode: {err}")))?;
        if body.len() > crate::event::MAX_EVENT_BYTES {
            return Err(StoreError::InvalidEvent(format!(
                "event is {} bytes as JSON, more than {}",
                body.len(),
                crate::event::MAX_EVENT_BYTES
            )));
        }
        Ok(EventRow {
            instance: instance.to_owned(),
            seq: i64::try_from(seq).map_err(|_| StoreError::InvalidEvent("seq overflow".into()))?,
            time_us: e.time_us(),
            request_id: e.request_id.clone(),
            actor_kind: e.actor.as_ref().map(|a| match a.kind {
                moat_core::PrincipalKind::Agent => "agent".to_owned(),
                moat_core::PrincipalKind::User => "user".to_owned(),
            }),
            actor_id: e.actor.as_ref().map(|a| a.id.clone()),
            credential_id: e.actor.as_ref().and_then(|a| a.credential_id.clone()),
            route: e.route.clone(),
            model: e.model.clone(),
            tool: e.tool.clone(),
            action: e.action.clone(),
            finding_types: e.finding_types(),
            upstream_status: e.upstream_status.map(i32::from),
            latency_us: i64::try_from(e.latency_us).unwrap_or(i64::MAX),
            policy_version: e.policy_version.clone(),
            body,
            prev_hash: prev.0.to_vec(),
            hash: hash.0.to_vec(),
        })
    }

    /// The row for `event` before its place in the chain is known (seq 0, no hashes), and
    /// the event's part of the canonical encoding: everything the writer needs but the hash.
    pub(crate) fn prepare(
        instance: &str,
        e: &crate::AuditEvent,
    ) -> Result<(EventRow, Vec<u8>), StoreError> {
        let row = EventRow::new(instance, 0, &Digest32::ZERO, &Digest32::ZERO, e)?;
        let mut fields = Vec::with_capacity(256);
        crate::event::encode_event_fields(&mut fields, e);
        Ok((row, fields))
    }

    /// Parses the stored event. Errors describe what is malformed.
    pub(crate) fn decode(&self) -> Result<StoredEvent, String> {
        let event: crate::AuditEvent = serde_json::from_str(&self.body)
            .map_err(|e| format!("body is not a valid event: {e}"))?;
        Ok(StoredEvent {
            instance: self.instance.clone(),
            seq: u64::try_from(self.seq).map_err(|_| format!("negative seq {}", self.seq))?,
            prev_hash: Digest32::from_slice(&self.prev_hash)
                .ok_or_else(|| format!("prev_hash is {} bytes, not 32", self.prev_hash.len()))?,
            hash: Digest32::from_slice(&self.hash)
                .ok_or_else(|| format!("hash is {} bytes, not 32", self.hash.len()))?,
            event,
        })
    }

    /// The first indexed column that disagrees with the event in `body`, if any. Compares in
    /// place (no allocation): verification calls this for every row.
    pub(crate) fn column_mismatch(
        &self,
        instance: &str,
        e: &crate::AuditEvent,
    ) -> Option<&'static str> {
        let actor_kind = e.actor.as_ref().map(|a| match a.kind {
            moat_core::PrincipalKind::Agent => "agent",
            moat_core::PrincipalKind::User => "user",
        });
        let finding_types_ok = {
            // `,kind1,kind2,`
            let mut rest = self.finding_types.as_str();
            let mut ok = match rest.strip_prefix(',') {
                Some(r) => {
                    rest = r;
                    true
                }
                None => false,
            };
            for f in &e.findings {
                if !ok {
                    break;
                }
                match rest
                    .strip_prefix(f.kind.as_str())
                    .and_then(|r| r.strip_prefix(','))
                {
                    Some(r) => rest = r,
                    None => ok = false,
                }
            }
            ok && rest.is_empty()
        };
        let checks: [(&'static str, bool); 14] = [
            ("time_us", e.time_us() == self.time_us),
            ("request_id", e.request_id == self.request_id),
            ("actor_kind", actor_kind == self.actor_kind.as_deref()),
            (
                "actor_id",
                e.actor.as_ref().map(|a| a.id.as_str()) == self.actor_id.as_deref(),
            ),
            (
                "credential_id",
                e.actor.as_ref().and_then(|a| a.credential_id.as_deref())
                    == self.credential_id.as_deref(),
            ),
            ("route", e.route == self.route),
            ("model", e.model.as_deref() == self.model.as_deref()),
            ("tool", e.tool.as_deref() == self.tool.as_deref()),
            ("action", e.action == self.action),
            ("finding_types", finding_types_ok),
            (
                "upstream_status",
                e.upstream_status.map(i32::from) == self.upstream_status,
            ),
            (
                "latency_us",
                i64::try_from(e.latency_us).unwrap_or(i64::MAX) == self.latency_us,
            ),
            (
                "policy_version",
                e.policy_version.as_deref() == self.policy_version.as_deref(),
            ),
            ("instance", instance == self.instance),
        ];
        checks.into_iter().find(|(_, ok)| !ok).map(|(n, _)| n)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parse_targets() {
        assert!(
            matches!(Target::parse("sqlite://a/b.db").unwrap(), Target::Sqlite(p) if p == std::path::Path::new("a/b.db"))
        );
        assert!(matches!(
            Target::parse("/x/y.db").unwrap(),
            Target::Sqlite(_)
        ));
        assert!(
            matches!(Target::parse("sqlite:rel.db").unwrap(), Target::Sqlite(p) if p == std::path::Path::new("rel.db"))
        );
        match Target::parse("postgres://u:pw@h:5432/db?sslmode=disable&schema=t_1").unwrap() {
            Target::Postgres { url, schema } => {
                assert_eq!(url, "postgres://u:pw@h:5432/db?sslmode=disable");
                assert_eq!(schema.as_deref(), Some("t_1"));
            }
            Target::Sqlite(_) => unreachable!(),
        }
        assert!(Target::parse("postgres://h/db?schema=Bad-Name").is_err());
        assert!(Target::parse("mysql://h/db").is_err());
        assert!(Target::parse("sqlite::memory:").is_err());
        assert!(Target::parse("").is_err());
    }

    #[test]
    fn postgres_batches_cut_by_bytes() {
        let row = |seq: u64, text_len: usize| {
            let mut e = crate::AuditEvent::new(format!("r{seq}"), "chat", "allow");
            e.prompt = Some(crate::Content::record(
                crate::ContentMode::Full,
                &"x".repeat(text_len),
                None,
            ));
            EventRow::new("gw", seq, &Digest32::ZERO, &Digest32::ZERO, &e).unwrap()
        };
        let rows = |sizes: &[usize]| -> Vec<EventRow> {
            sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| row(i as u64 + 1, n))
                .collect()
        };
        let sizes = [10, 500, 3000, 20_000, 40, 4000, 4000, 4000, 4000, 1];
        let budget = 9000;
        let chunks = pg_chunks(rows(&sizes), budget);
        let mut seqs = Vec::new();
        for c in &chunks {
            assert_eq!(c.seq.len(), c.body.len());
            let bytes: usize = rows(&sizes)
                .into_iter()
                .filter(|r| c.seq.contains(&r.seq))
                .map(|r| r.pg_param_bytes())
                .sum();
            assert!(
                bytes <= budget || c.seq.len() == 1,
                "{bytes} bytes in {:?}",
                c.seq
            );
            seqs.extend(c.seq.iter().copied());
        }
        assert_eq!(
            seqs,
            (1..=sizes.len() as i64).collect::<Vec<_>>(),
            "order kept"
        );
        let alone = chunks.iter().find(|c| c.seq.contains(&4)).unwrap();
        assert_eq!(alone.seq, vec![4], "an oversized row goes alone");
        assert_eq!(pg_chunks(rows(&sizes), usize::MAX).len(), 1);
        assert!(pg_chunks(Vec::new(), budget).is_empty());
        // the estimate covers what the row binds
        let r = row(1, 100);
        assert!(r.pg_param_bytes() > r.body.len() + 64 + EVENT_NCOLS * 4);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert!(
            !Target::parse("postgres://u:secret@h/db?schema=s")
                .unwrap()
                .display()
                .contains("secret")
        );
    }
}
