//! Request and token limits per identity and route: requests per minute, tokens per minute and
//! a daily token quota, counted in fixed windows in this process.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::RawLimits;
use crate::error::{ErrorKind, GatewayError};

#[derive(Debug, Default, Clone)]
struct Counters {
    minute: u64,
    requests: u64,
    tokens: u64,
    day: u64,
    day_tokens: u64,
}

/// Most identities tracked at once; the oldest windows are dropped past this.
const MAX_KEYS: usize = 100_000;

/// In-process limiter.
#[derive(Debug, Default)]
pub struct Limiter {
    state: Mutex<HashMap<(String, String), Counters>>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Limiter {
    /// A new limiter.
    pub fn new() -> Self {
        Limiter::default()
    }

    /// Count one request by `who` on `route`, or refuse it (429 with Retry-After, or 403 when the
    /// daily quota is spent).
    pub fn check(&self, who: &str, route: &str, limits: &RawLimits) -> Result<(), GatewayError> {
        self.check_at(who, route, limits, now_secs())
    }

    /// [`Limiter::check`] at a given Unix time (for tests).
    pub fn check_at(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
        now: u64,
    ) -> Result<(), GatewayError> {
        if limits.requests_per_minute.is_none()
            && limits.tokens_per_minute.is_none()
            && limits.daily_tokens.is_none()
        {
            return Ok(());
        }
        let Ok(mut state) = self.state.lock() else {
            return Err(GatewayError::new(
                ErrorKind::Internal,
                "limiter_failed",
                "limiter failed",
            ));
        };
        if state.len() > MAX_KEYS {
            let minute = now / 60;
            state.retain(|_, c| c.minute == minute);
        }
        let c = state.entry((who.to_owned(), route.to_owned())).or_default();
        roll(c, now);
        let retry = 60 - now % 60;
        if let Some(q) = limits.daily_tokens
            && c.day_tokens >= q
        {
            let mut e = GatewayError::new(
                ErrorKind::QuotaExceeded,
                "quota_exceeded",
                format!("daily token quota of {q} is spent"),
            );
            e.retry_after = Some(86_400 - now % 86_400);
            return Err(e);
        }
        if let Some(t) = limits.tokens_per_minute
            && c.tokens >= t
        {
            let mut e = GatewayError::new(
                ErrorKind::RateLimited,
                "token_rate_limited",
                format!("token limit of {t} per minute reached"),
            );
            e.retry_after = Some(retry);
            return Err(e);
        }
        if let Some(r) = limits.requests_per_minute
            && c.requests >= r
        {
            let mut e = GatewayError::new(
                ErrorKind::RateLimited,
                "rate_limited",
                format!("limit of {r} requests per minute reached"),
            );
            e.retry_after = Some(retry);
            return Err(e);
        }
        c.requests += 1;
        Ok(())
    }

    /// Add the tokens a request used.
    pub fn add_tokens(&self, who: &str, route: &str, tokens: u64) {
        self.add_tokens_at(who, route, tokens, now_secs());
    }

    /// [`Limiter::add_tokens`] at a given Unix time.
    pub fn add_tokens_at(&self, who: &str, route: &str, tokens: u64, now: u64) {
        if let Ok(mut state) = self.state.lock()
            && let Some(c) = state.get_mut(&(who.to_owned(), route.to_owned()))
        {
            roll(c, now);
            c.tokens = c.tokens.saturating_add(tokens);
            c.day_tokens = c.day_tokens.saturating_add(tokens);
        }
    }
}

fn roll(c: &mut Counters, now: u64) {
    let minute = now / 60;
    if c.minute != minute {
        c.minute = minute;
        c.requests = 0;
        c.tokens = 0;
    }
    let day = now / 86_400;
    if c.day != day {
        c.day = day;
        c.day_tokens = 0;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn requests_tokens_and_quota() {
        let l = Limiter::new();
        let lim = RawLimits {
            requests_per_minute: Some(2),
            tokens_per_minute: Some(100),
            daily_tokens: Some(250),
        };
        let t0 = 1_000_000 * 60;
        l.check_at("a", "r", &lim, t0).unwrap();
        l.check_at("a", "r", &lim, t0 + 1).unwrap();
        let e = l.check_at("a", "r", &lim, t0 + 2).unwrap_err();
        assert_eq!(e.code, "rate_limited");
        assert_eq!(e.retry_after, Some(58));
        // Another identity has its own counters.
        l.check_at("b", "r", &lim, t0 + 2).unwrap();
        // Next minute: allowed again; tokens count.
        l.check_at("a", "r", &lim, t0 + 60).unwrap();
        l.add_tokens_at("a", "r", 150, t0 + 61);
        assert_eq!(
            l.check_at("a", "r", &lim, t0 + 62).unwrap_err().code,
            "token_rate_limited"
        );
        l.check_at("a", "r", &lim, t0 + 120).unwrap();
        l.add_tokens_at("a", "r", 150, t0 + 121);
        let e = l.check_at("a", "r", &lim, t0 + 180).unwrap_err();
        assert_eq!(e.code, "quota_exceeded");
        assert_eq!(e.status(), axum::http::StatusCode::FORBIDDEN);
    }
}
