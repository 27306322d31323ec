//! Request and token limits per identity and route: requests per minute, tokens per minute and
//! a daily token quota, counted in fixed windows (the UTC minute and the UTC day).
//!
//! The counters live in a [`CounterStore`]: in this process ([`memory::MemoryCounters`], the
//! default) or in Redis ([`redis::RedisCounters`]) so that several gateway instances share them.
//! Both answer the same questions the same way; [`Limiter`] turns their verdicts into refusals
//! (429 with `Retry-After`, 403 when the daily quota is spent) and applies the fail mode when the
//! shared store cannot be reached (503 `limits_unavailable`, or let through and recorded).

pub mod memory;
pub mod redis;

use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::{FailMode, LimitsBackend, LimitsSettings, RawLimits};
use crate::error::{ErrorKind, GatewayError};

/// What a counter store says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within every limit; the request was counted.
    Allowed,
    /// The daily token quota is spent.
    DailyQuota,
    /// The tokens-per-minute limit is reached.
    TokenRate,
    /// The requests-per-minute limit is reached.
    RequestRate,
}

/// A counter store could not answer (unreachable, timed out, or a bad reply).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("limit counters unavailable: {0}")]
pub struct StoreError(pub String);

/// Where the counters of one identity on one route are kept. Implementations count in fixed
/// windows of the UTC minute (`now / 60`) and day (`now / 86400`), checking the daily quota
/// first, then tokens per minute, then requests per minute, and count a request only when it is
/// allowed; the check and the count are one atomic step.
pub trait CounterStore: Send + Sync {
    /// Check `limits` for `who` on `route` at Unix time `now`; count the request if allowed.
    fn check_at(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
        now: u64,
    ) -> impl Future<Output = Result<Verdict, StoreError>> + Send;

    /// Add `tokens` used by `who` on `route` at Unix time `now` to the minute and day counters.
    fn add_tokens_at(
        &self,
        who: &str,
        route: &str,
        tokens: u64,
        now: u64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// How a request fared with the limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// Counted (or no limit applies).
    Counted,
    /// Not checked: the counter store is unavailable and `limits.fail_mode` is `open`. The
    /// request goes on; the audit event records `limits_unchecked`.
    Unchecked,
}

enum Backend {
    Memory(memory::MemoryCounters),
    Redis(Box<redis::RedisCounters>),
}

impl Backend {
    fn build(b: &LimitsBackend) -> Result<Backend, String> {
        Ok(match b {
            LimitsBackend::Memory => Backend::Memory(memory::MemoryCounters::new()),
            LimitsBackend::Redis { url, prefix } => {
                Backend::Redis(Box::new(redis::RedisCounters::new(url, prefix)?))
            }
        })
    }

    async fn check_at(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
        now: u64,
    ) -> Result<Verdict, StoreError> {
        match self {
            Backend::Memory(m) => m.check_at(who, route, limits, now).await,
            Backend::Redis(r) => r.check_at(who, route, limits, now).await,
        }
    }

    async fn add_tokens_at(
        &self,
        who: &str,
        route: &str,
        tokens: u64,
        now: u64,
    ) -> Result<(), StoreError> {
        match self {
            Backend::Memory(m) => m.add_tokens_at(who, route, tokens, now).await,
            Backend::Redis(r) => r.add_tokens_at(who, route, tokens, now).await,
        }
    }
}

struct Current {
    settings: LimitsSettings,
    backend: Arc<Backend>,
}

/// The limiter the gateway holds across reloads: a counter store and the fail mode.
pub struct Limiter {
    current: RwLock<Current>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter").finish_non_exhaustive()
    }
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter::new()
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// True when `limits` sets no limit at all.
fn unlimited(limits: &RawLimits) -> bool {
    limits.requests_per_minute.is_none()
        && limits.tokens_per_minute.is_none()
        && limits.daily_tokens.is_none()
}

impl Limiter {
    /// An in-process limiter.
    pub fn new() -> Self {
        Limiter {
            current: RwLock::new(Current {
                settings: LimitsSettings::default(),
                backend: Arc::new(Backend::Memory(memory::MemoryCounters::new())),
            }),
        }
    }

    /// A limiter on the configured backend. Redis is connected to on first use.
    pub fn from_settings(settings: &LimitsSettings) -> Result<Self, String> {
        Ok(Limiter {
            current: RwLock::new(Current {
                settings: settings.clone(),
                backend: Arc::new(Backend::build(&settings.backend)?),
            }),
        })
    }

    /// Apply the settings of a reloaded configuration. The counters are kept unless the backend
    /// (or its Redis URL or key prefix) changed.
    pub fn reconfigure(&self, settings: &LimitsSettings) -> Result<(), String> {
        let mut cur = match self.current.write() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if cur.settings.backend != settings.backend {
            cur.backend = Arc::new(Backend::build(&settings.backend)?);
        }
        cur.settings = settings.clone();
        Ok(())
    }

    fn current(&self) -> (Arc<Backend>, FailMode) {
        let cur = match self.current.read() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        (cur.backend.clone(), cur.settings.fail_mode)
    }

    /// Count one request by `who` on `route`, or refuse it (429 with Retry-After, or 403 when the
    /// daily quota is spent; 503 `limits_unavailable` when the counters cannot be reached and the
    /// fail mode is `closed`).
    pub async fn check(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
    ) -> Result<Checked, GatewayError> {
        self.check_at(who, route, limits, now_secs()).await
    }

    /// [`Limiter::check`] at a given Unix time (for tests).
    pub async fn check_at(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
        now: u64,
    ) -> Result<Checked, GatewayError> {
        if unlimited(limits) {
            return Ok(Checked::Counted);
        }
        let (backend, fail_mode) = self.current();
        let verdict = match backend.check_at(who, route, limits, now).await {
            Ok(v) => v,
            Err(e) => {
                metrics::counter!("moat_gateway_limits_unavailable_total",
                    "fail_mode" => match fail_mode { FailMode::Open => "open", FailMode::Closed => "closed" })
                .increment(1);
                return match fail_mode {
                    FailMode::Open => {
                        tracing::warn!(error = %e, principal = who, route,
                            "limit counters unavailable: request let through unchecked (fail_mode: open)");
                        Ok(Checked::Unchecked)
                    }
                    FailMode::Closed => {
                        tracing::error!(error = %e, principal = who, route,
                            "limit counters unavailable: request refused (fail_mode: closed)");
                        Err(GatewayError::new(
                            ErrorKind::Unavailable,
                            "limits_unavailable",
                            "the rate-limit counters cannot be reached; try again shortly",
                        ))
                    }
                };
            }
        };
        refusal(verdict, limits, now).map_or(Ok(Checked::Counted), Err)
    }

    /// Add the tokens a request used, when `limits` count tokens. A counter store failure is
    /// logged, never returned: the answer has already been produced.
    pub async fn add_tokens(&self, who: &str, route: &str, limits: &RawLimits, tokens: u64) {
        self.add_tokens_at(who, route, limits, tokens, now_secs())
            .await;
    }

    /// [`Limiter::add_tokens`] at a given Unix time.
    pub async fn add_tokens_at(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
        tokens: u64,
        now: u64,
    ) {
        if tokens == 0 || (limits.tokens_per_minute.is_none() && limits.daily_tokens.is_none()) {
            return;
        }
        let (backend, _) = self.current();
        if let Err(e) = backend.add_tokens_at(who, route, tokens, now).await {
            tracing::warn!(error = %e, principal = who, route, tokens,
                "limit counters unavailable: tokens not counted");
        }
    }
}

/// The refusal for a verdict, if any.
fn refusal(verdict: Verdict, limits: &RawLimits, now: u64) -> Option<GatewayError> {
    let retry = 60 - now % 60;
    let (kind, code, message, retry_after) = match verdict {
        Verdict::Allowed => return None,
        Verdict::DailyQuota => (
            ErrorKind::QuotaExceeded,
            "quota_exceeded",
            format!(
                "daily token quota of {} is spent",
                limits.daily_tokens.unwrap_or(0)
            ),
            86_400 - now % 86_400,
        ),
        Verdict::TokenRate => (
            ErrorKind::RateLimited,
            "token_rate_limited",
            format!(
                "token limit of {} per minute reached",
                limits.tokens_per_minute.unwrap_or(0)
            ),
            retry,
        ),
        Verdict::RequestRate => (
            ErrorKind::RateLimited,
            "rate_limited",
            format!(
                "limit of {} requests per minute reached",
                limits.requests_per_minute.unwrap_or(0)
            ),
            retry,
        ),
    };
    let mut e = GatewayError::new(kind, code, message);
    e.retry_after = Some(retry_after);
    Some(e)
}

/// The verdict for counters read at one instant (shared by the backends so they decide alike;
/// the Redis backend runs the same comparisons in its script).
pub(crate) fn decide(limits: &RawLimits, requests: u64, tokens: u64, day_tokens: u64) -> Verdict {
    if limits.daily_tokens.is_some_and(|q| day_tokens >= q) {
        Verdict::DailyQuota
    } else if limits.tokens_per_minute.is_some_and(|t| tokens >= t) {
        Verdict::TokenRate
    } else if limits.requests_per_minute.is_some_and(|r| requests >= r) {
        Verdict::RequestRate
    } else {
        Verdict::Allowed
    }
}

/// The limit cases every backend must pass, run by the unit tests (memory) and the Redis
/// integration tests against a real server.
#[doc(hidden)]
pub mod conformance {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn lim(rpm: Option<u64>, tpm: Option<u64>, daily: Option<u64>) -> RawLimits {
        RawLimits {
            requests_per_minute: rpm,
            tokens_per_minute: tpm,
            daily_tokens: daily,
        }
    }

    /// Requests, tokens, quota, windows and separation of identities and routes.
    pub async fn run<S: CounterStore>(s: &S) {
        let l = lim(Some(2), Some(100), Some(250));
        // A minute boundary that is not a day boundary.
        let t0 = 1_000_000 * 86_400 + 600;
        assert_eq!(
            s.check_at("a", "r", &l, t0).await.unwrap(),
            Verdict::Allowed
        );
        assert_eq!(
            s.check_at("a", "r", &l, t0 + 1).await.unwrap(),
            Verdict::Allowed
        );
        assert_eq!(
            s.check_at("a", "r", &l, t0 + 2).await.unwrap(),
            Verdict::RequestRate
        );
        // A refused request is not counted: still refused, not more so.
        assert_eq!(
            s.check_at("a", "r", &l, t0 + 3).await.unwrap(),
            Verdict::RequestRate
        );
        // Another identity, and another route, have their own counters.
        assert_eq!(
            s.check_at("b", "r", &l, t0 + 2).await.unwrap(),
            Verdict::Allowed
        );
        assert_eq!(
            s.check_at("a", "r2", &l, t0 + 2).await.unwrap(),
            Verdict::Allowed
        );
        // Names that could run together when joined are still distinct.
        assert_eq!(
            s.check_at("a:r", "x", &l, t0 + 2).await.unwrap(),
            Verdict::Allowed
        );
        // Next minute: allowed again; tokens count.
        assert_eq!(
            s.check_at("a", "r", &l, t0 + 60).await.unwrap(),
            Verdict::Allowed
        );
        s.add_tokens_at("a", "r", 150, t0 + 61).await.unwrap();
        assert_eq!(
            s.check_at("a", "r", &l, t0 + 62).await.unwrap(),
            Verdict::TokenRate
        );
        assert_eq!(
            s.check_at("a", "r", &l, t0 + 120).await.unwrap(),
            Verdict::Allowed
        );
        s.add_tokens_at("a", "r", 150, t0 + 121).await.unwrap();
        // 300 tokens today: the quota (250) is spent, whatever the minute.
        assert_eq!(
            s.check_at("a", "r", &l, t0 + 180).await.unwrap(),
            Verdict::DailyQuota
        );
        // Without a quota the same counters pass.
        assert_eq!(
            s.check_at("a", "r", &lim(Some(2), None, None), t0 + 180)
                .await
                .unwrap(),
            Verdict::Allowed
        );
        // The next UTC day starts afresh.
        let day2 = (t0 / 86_400 + 1) * 86_400;
        assert_eq!(
            s.check_at("a", "r", &l, day2).await.unwrap(),
            Verdict::Allowed
        );
        // A limit of zero refuses everything.
        assert_eq!(
            s.check_at("z", "r", &lim(Some(0), None, None), t0)
                .await
                .unwrap(),
            Verdict::RequestRate
        );
        // Huge limits and token counts saturate rather than wrap.
        let big = lim(Some(u64::MAX), Some(u64::MAX), Some(u64::MAX));
        assert_eq!(
            s.check_at("h", "r", &big, t0).await.unwrap(),
            Verdict::Allowed
        );
        s.add_tokens_at("h", "r", u64::MAX / 2, t0).await.unwrap();
        assert_eq!(
            s.check_at("h", "r", &big, t0).await.unwrap(),
            Verdict::Allowed
        );
    }

    /// Many concurrent requests against one limit: exactly the limit is allowed.
    pub async fn concurrent<S: CounterStore + 'static>(s: Arc<S>) {
        let l = lim(Some(25), None, None);
        let t = 2_000_000 * 60;
        let mut tasks = Vec::new();
        for _ in 0..60 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                s.check_at("c", "r", &l, t).await.unwrap()
            }));
        }
        let mut allowed = 0;
        for t in tasks {
            if t.await.unwrap() == Verdict::Allowed {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 25);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn memory_conformance() {
        conformance::run(&memory::MemoryCounters::new()).await;
        conformance::concurrent(Arc::new(memory::MemoryCounters::new())).await;
    }

    #[tokio::test]
    async fn refusals() {
        let l = Limiter::new();
        let lim = RawLimits {
            requests_per_minute: Some(2),
            tokens_per_minute: Some(100),
            daily_tokens: Some(250),
        };
        let t0 = 1_000_000 * 60;
        l.check_at("a", "r", &lim, t0).await.unwrap();
        l.check_at("a", "r", &lim, t0 + 1).await.unwrap();
        let e = l.check_at("a", "r", &lim, t0 + 2).await.unwrap_err();
        assert_eq!(e.code, "rate_limited");
        assert_eq!(e.retry_after, Some(58));
        l.check_at("a", "r", &lim, t0 + 60).await.unwrap();
        l.add_tokens_at("a", "r", &lim, 150, t0 + 61).await;
        let e = l.check_at("a", "r", &lim, t0 + 62).await.unwrap_err();
        assert_eq!(e.code, "token_rate_limited");
        assert_eq!(e.status(), axum::http::StatusCode::TOO_MANY_REQUESTS);
        l.check_at("a", "r", &lim, t0 + 120).await.unwrap();
        l.add_tokens_at("a", "r", &lim, 150, t0 + 121).await;
        let e = l.check_at("a", "r", &lim, t0 + 180).await.unwrap_err();
        assert_eq!(e.code, "quota_exceeded");
        assert_eq!(e.status(), axum::http::StatusCode::FORBIDDEN);
        assert_eq!(e.retry_after, Some(86_400 - (t0 + 180) % 86_400));
    }

    #[tokio::test]
    async fn unreachable_redis_fails_closed_or_open() {
        // Nothing listens on port 1 of loopback: every attempt is refused at once.
        let mut s = LimitsSettings {
            backend: LimitsBackend::Redis {
                url: "redis://127.0.0.1:1/".into(),
                prefix: "moat-test".into(),
            },
            fail_mode: FailMode::Closed,
        };
        let lim = RawLimits {
            requests_per_minute: Some(5),
            ..RawLimits::default()
        };
        let l = Limiter::from_settings(&s).unwrap();
        let e = l.check("a", "r", &lim).await.unwrap_err();
        assert_eq!(e.code, "limits_unavailable");
        assert_eq!(e.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        // No limit on the route: nothing to ask the store.
        assert_eq!(
            l.check("a", "r", &RawLimits::default()).await.unwrap(),
            Checked::Counted
        );
        s.fail_mode = FailMode::Open;
        l.reconfigure(&s).unwrap();
        assert_eq!(l.check("a", "r", &lim).await.unwrap(), Checked::Unchecked);
        l.add_tokens("a", "r", &lim, 10).await;
    }
}
