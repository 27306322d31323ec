//! Counters in Redis, shared by every gateway instance pointing at the same server and key
//! prefix.
//!
//! Per identity and route there are two keys, both in fixed windows with expiries:
//! `PREFIX:{ID}:m:MINUTE` (a hash: `r` requests, `t` tokens; expires after 2 minutes) and
//! `PREFIX:{ID}:d:DAY` (the day's tokens; expires after 2 days), where `ID` is a hash of the
//! identity and route (so any name is a safe key, and the braces keep both keys in one cluster
//! slot). The check runs as one Lua script, so concurrent requests from several instances cannot
//! both take the last unit; tokens are added with one `MULTI` transaction. Windows follow the
//! gateway's clock: keep instances' clocks in sync (NTP).

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use super::{CounterStore, StoreError, Verdict};
use crate::config::RawLimits;

const CHECK: &str = r"
-- KEYS[1]: the minute's counters (hash: r = requests, t = tokens); KEYS[2]: the day's tokens.
-- ARGV: requests/min, tokens/min, daily tokens (-1: no limit), minute key ttl.
local function over(limit, n) return limit >= 0 and n >= limit end
local day = tonumber(redis.call('GET', KEYS[2]) or '0')
if over(tonumber(ARGV[3]), day) then return 1 end
local t = tonumber(redis.call('HGET', KEYS[1], 't') or '0')
if over(tonumber(ARGV[2]), t) then return 2 end
local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
if over(tonumber(ARGV[1]), r) then return 3 end
redis.call('HINCRBY', KEYS[1], 'r', 1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 0
";

/// Minute counters outlive their minute a little, so a late add still lands.
const MINUTE_TTL: u64 = 120;
/// Day counters are kept for two days.
const DAY_TTL: u64 = 2 * 86_400;
/// Limits above this are treated as this (Lua compares in doubles, exact to 2^53; no real
/// limit comes near).
const LIMIT_CAP: u64 = 1 << 52;
/// One addition of tokens above this is treated as this (so counters stay below 2^63).
const TOKENS_CAP: u64 = 1 << 40;
/// Longest a counter operation may take, connecting included, before it counts as a failure.
const OP_TIMEOUT: Duration = Duration::from_secs(2);

/// Redis-backed counters.
pub struct RedisCounters {
    client: redis::Client,
    prefix: String,
    conn: OnceCell<ConnectionManager>,
    script: redis::Script,
}

impl std::fmt::Debug for RedisCounters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisCounters")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// Check that `url` is a Redis URL this backend can use (no connection is made).
pub fn check_url(url: &str) -> Result<(), String> {
    if !(url.starts_with("redis://")
        || url.starts_with("unix://")
        || url.starts_with("redis+unix://"))
    {
        return Err("expected `redis://[:PASSWORD@]HOST[:PORT][/DB]` or `unix://PATH`".into());
    }
    redis::Client::open(url)
        .map(|_| ())
        .map_err(|e| format!("not a usable Redis URL: {e}"))
}

impl RedisCounters {
    /// Counters at `url` under `prefix`. Connects on first use, and reconnects after failures.
    pub fn new(url: &str, prefix: &str) -> Result<Self, String> {
        check_url(url)?;
        let client = redis::Client::open(url).map_err(|e| format!("limits.redis_url: {e}"))?;
        Ok(RedisCounters {
            client,
            prefix: prefix.to_owned(),
            conn: OnceCell::new(),
            script: redis::Script::new(CHECK),
        })
    }

    async fn conn(&self) -> Result<ConnectionManager, StoreError> {
        self.conn
            .get_or_try_init(|| async {
                let cfg = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(Duration::from_secs(1)))
                    .set_response_timeout(Some(Duration::from_secs(1)))
                    .set_number_of_retries(2)
                    .set_min_delay(Duration::from_millis(50))
                    .set_max_delay(Duration::from_millis(500));
                ConnectionManager::new_lazy_with_config(self.client.clone(), cfg)
            })
            .await
            .cloned()
            .map_err(|e| StoreError(e.to_string()))
    }

    /// The two keys of `who` on `route` at `now`.
    fn keys(&self, who: &str, route: &str, now: u64) -> (String, String) {
        let mut h = Sha256::new();
        h.update((who.len() as u64).to_be_bytes());
        h.update(who.as_bytes());
        h.update(route.as_bytes());
        let id = hex::encode(&h.finalize()[..16]);
        (
            format!("{}:{{{id}}}:m:{}", self.prefix, now / 60),
            format!("{}:{{{id}}}:d:{}", self.prefix, now / 86_400),
        )
    }
}

fn limit_arg(l: Option<u64>) -> i64 {
    match l {
        None => -1,
        Some(v) => v.min(LIMIT_CAP) as i64,
    }
}

async fn timed<T>(
    f: impl std::future::Future<Output = redis::RedisResult<T>>,
) -> Result<T, StoreError> {
    match tokio::time::timeout(OP_TIMEOUT, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(StoreError(e.to_string())),
        Err(_) => Err(StoreError("timed out".into())),
    }
}

impl CounterStore for RedisCounters {
    async fn check_at(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
        now: u64,
    ) -> Result<Verdict, StoreError> {
        let (minute, day) = self.keys(who, route, now);
        let mut conn = self.conn().await?;
        let mut inv = self.script.prepare_invoke();
        inv.key(&minute)
            .key(&day)
            .arg(limit_arg(limits.requests_per_minute))
            .arg(limit_arg(limits.tokens_per_minute))
            .arg(limit_arg(limits.daily_tokens))
            .arg(MINUTE_TTL);
        let code: i64 = timed(inv.invoke_async(&mut conn)).await?;
        match code {
            0 => Ok(Verdict::Allowed),
            1 => Ok(Verdict::DailyQuota),
            2 => Ok(Verdict::TokenRate),
            3 => Ok(Verdict::RequestRate),
            other => Err(StoreError(format!("unexpected script result {other}"))),
        }
    }

    async fn add_tokens_at(
        &self,
        who: &str,
        route: &str,
        tokens: u64,
        now: u64,
    ) -> Result<(), StoreError> {
        let (minute, day) = self.keys(who, route, now);
        let n = tokens.min(TOKENS_CAP) as i64;
        let mut conn = self.conn().await?;
        let mut p = redis::pipe();
        p.atomic()
            .hincr(&minute, "t", n)
            .ignore()
            .expire(&minute, MINUTE_TTL as i64)
            .ignore()
            .incr(&day, n)
            .ignore()
            .expire(&day, DAY_TTL as i64)
            .ignore();
        timed(p.query_async::<()>(&mut conn)).await
    }
}
