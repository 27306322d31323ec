//! Counters in this process (the default): one entry per identity and route, behind a mutex.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{CounterStore, StoreError, Verdict, decide};
use crate::config::RawLimits;

#[derive(Debug, Default, Clone)]
struct Counters {
    minute: u64,
    requests: u64,
    tokens: u64,
    day: u64,
    day_tokens: u64,
}

impl Counters {
    /// Start new windows when `now` is past the current ones.
    fn roll(&mut self, now: u64) {
        let minute = now / 60;
        if self.minute != minute {
            self.minute = minute;
            self.requests = 0;
            self.tokens = 0;
        }
        let day = now / 86_400;
        if self.day != day {
            self.day = day;
            self.day_tokens = 0;
        }
    }
}

/// Most identity-route pairs tracked at once; past this, entries from earlier days are dropped,
/// then (if still too many) entries outside the current minute that have no daily tokens, and
/// last all entries outside the current minute.
const MAX_KEYS: usize = 100_000;

/// In-process counters.
#[derive(Debug, Default)]
pub struct MemoryCounters {
    state: Mutex<HashMap<(String, String), Counters>>,
}

impl MemoryCounters {
    /// Empty counters.
    pub fn new() -> Self {
        MemoryCounters::default()
    }

    fn with<T>(
        &self,
        who: &str,
        route: &str,
        now: u64,
        f: impl FnOnce(&mut Counters) -> T,
    ) -> Result<T, StoreError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| StoreError("counter lock poisoned".into()))?;
        if state.len() >= MAX_KEYS {
            let (minute, day) = (now / 60, now / 86_400);
            state.retain(|_, c| c.day == day);
            if state.len() >= MAX_KEYS {
                state.retain(|_, c| c.minute == minute || c.day_tokens > 0);
            }
            if state.len() >= MAX_KEYS {
                tracing::warn!(
                    tracked = state.len(),
                    "too many identities to track: daily token counts outside this minute dropped"
                );
                state.retain(|_, c| c.minute == minute);
            }
        }
        let c = state.entry((who.to_owned(), route.to_owned())).or_default();
        c.roll(now);
        Ok(f(c))
    }
}

impl CounterStore for MemoryCounters {
    async fn check_at(
        &self,
        who: &str,
        route: &str,
        limits: &RawLimits,
        now: u64,
    ) -> Result<Verdict, StoreError> {
        self.with(who, route, now, |c| {
            let v = decide(limits, c.requests, c.tokens, c.day_tokens);
            if v == Verdict::Allowed {
                c.requests = c.requests.saturating_add(1);
            }
            v
        })
    }

    async fn add_tokens_at(
        &self,
        who: &str,
        route: &str,
        tokens: u64,
        now: u64,
    ) -> Result<(), StoreError> {
        self.with(who, route, now, |c| {
            c.tokens = c.tokens.saturating_add(tokens);
            c.day_tokens = c.day_tokens.saturating_add(tokens);
        })
    }
}
