//! Guarding streamed responses as they flow.
//!
//! Each text slot (a choice's content, a tool call's arguments, a content block) has a
//! [`Window`]: new text is appended to a pending buffer, the pending text plus the last
//! `overlap` bytes already released (context) is scanned, and only the part more than `overlap`
//! bytes behind the newest byte is released, masked. A value split across chunks is therefore
//! whole in the buffer before any of it leaves, as long as it is shorter than `overlap`. A
//! finding that straddles the release point holds the release back to its start. On a block the
//! stream ends with an error event in the provider's format.

use std::collections::BTreeMap;
use std::sync::Arc;

use moat_guard::Engine;
use serde_json::{Value, json};

use super::{
    GuardSummary, Redactor, Replace, Side, apply, decide, fail, guard_text, kind_for, run_engine,
    surface_policy,
};
use crate::config::GuardPolicy;
use crate::error::{ApiFormat, GatewayError};
use crate::provider::sse::Event;
use crate::provider::{self, Finish, Surface, TextRole};

/// The held-back text of one slot.
#[derive(Debug, Default, Clone)]
pub struct Window {
    tail: String,
    pending: String,
    overlap: usize,
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Window {
    /// A window holding back `overlap` bytes.
    pub fn new(overlap: usize) -> Self {
        Window {
            overlap,
            ..Window::default()
        }
    }

    /// Bytes held back.
    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Add `chunk`; return the text that may be released now. With `last`, release everything.
    ///
    /// `scan` gets context + pending text and returns replacements (spans into that text) or a
    /// block. `restore` turns placeholders back into values; `hold_open_brackets` keeps a
    /// possibly-unfinished placeholder from being split.
    pub fn push(
        &mut self,
        chunk: &str,
        last: bool,
        scan: &mut dyn FnMut(&str) -> Result<Vec<Replace>, GatewayError>,
        restore: &dyn Fn(&str) -> String,
        hold_open_brackets: bool,
    ) -> Result<String, GatewayError> {
        self.pending.push_str(chunk);
        if self.pending.is_empty() || (!last && self.pending.len() <= self.overlap) {
            return Ok(String::new());
        }
        let ctx = self.tail.len();
        let text = format!("{}{}", self.tail, self.pending);
        let reps = scan(&text)?;
        let mut cut = if last {
            self.pending.len()
        } else {
            floor_boundary(&self.pending, self.pending.len() - self.overlap)
        };
        // Findings that start in the released context cannot be changed any more; findings that
        // straddle the cut hold it back to their start.
        let mut local: Vec<Replace> = reps
            .into_iter()
            .filter(|r| r.start >= ctx)
            .map(|r| Replace {
                start: r.start - ctx,
                end: r.end - ctx,
                with: r.with,
            })
            .collect();
        local.sort_by_key(|r| r.start);
        if !last {
            for r in &local {
                if r.start < cut && r.end > cut {
                    cut = r.start;
                }
            }
            if hold_open_brackets
                && let Some(open) = self.pending[..cut].rfind('[')
                && !self.pending[open..cut].contains(']')
                && cut - open < super::redact::MAX_PLACEHOLDER
            {
                cut = open;
            }
        }
        local.retain(|r| r.end <= cut);
        let released = apply(&self.pending[..cut], &local);
        let released = restore(&released);
        // Keep the last `overlap` bytes of released ORIGINAL text as context.
        let mut tail = std::mem::take(&mut self.tail);
        tail.push_str(&self.pending[..cut]);
        let start = tail.len().saturating_sub(self.overlap);
        let mut start_b = start;
        while start_b < tail.len() && !tail.is_char_boundary(start_b) {
            start_b += 1;
        }
        self.tail = tail[start_b..].to_owned();
        self.pending = self.pending[cut..].to_owned();
        Ok(released)
    }
}

struct Slot {
    window: Window,
    role: TextRole,
    template: Value,
}

/// Guards one streamed response.
pub struct StreamGuard {
    surface: Surface,
    format: ApiFormat,
    engine: Arc<Engine>,
    policy: GuardPolicy,
    redactor: Redactor,
    /// What the guards did.
    pub summary: GuardSummary,
    slots: BTreeMap<String, Slot>,
    /// Tokens reported by the upstream, if any.
    pub usage: Option<u64>,
    anthropic_in: u64,
    anthropic_out: u64,
    /// Characters of text released, for estimating tokens when none are reported.
    pub chars_out: usize,
    sequence: u64,
}

impl std::fmt::Debug for StreamGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamGuard")
            .field("surface", &self.surface)
            .finish_non_exhaustive()
    }
}

impl StreamGuard {
    /// A guard for one stream.
    pub fn new(
        surface: Surface,
        engine: Arc<Engine>,
        policy: GuardPolicy,
        redactor: Redactor,
        summary: GuardSummary,
    ) -> Self {
        StreamGuard {
            surface,
            format: if surface == Surface::Messages {
                ApiFormat::Anthropic
            } else {
                ApiFormat::OpenAi
            },
            engine,
            policy,
            redactor,
            summary,
            slots: BTreeMap::new(),
            usage: None,
            anthropic_in: 0,
            anthropic_out: 0,
            chars_out: 0,
            sequence: 0,
        }
    }

    fn scan_fn<'a>(
        engine: &'a Engine,
        policy: &'a GuardPolicy,
        role: TextRole,
        redactor: &'a mut Redactor,
        summary: &'a mut GuardSummary,
    ) -> impl FnMut(&str) -> Result<Vec<Replace>, GatewayError> + 'a {
        move |text: &str| {
            let sp = surface_policy(policy, role);
            if !sp.check {
                return Ok(Vec::new());
            }
            summary.checked += 1;
            match run_engine(engine, text, kind_for(role)) {
                Ok(report) => decide(
                    &report,
                    text,
                    role,
                    sp,
                    policy,
                    Side::Response,
                    redactor,
                    summary,
                ),
                Err(e) => fail(policy, summary, e).map(|()| Vec::new()),
            }
        }
    }

    fn needs_window(&self, role: TextRole) -> bool {
        surface_policy(&self.policy, role).check || self.redactor.restores()
    }

    /// Flush slots whose key starts with one of `prefixes` (all when `None`), as synthetic
    /// delta events built from each slot's last event.
    fn flush(&mut self, prefixes: Option<&[String]>) -> Result<Vec<Event>, GatewayError> {
        let keys: Vec<String> = self
            .slots
            .keys()
            .filter(|k| prefixes.is_none_or(|ps| ps.iter().any(|p| k.starts_with(p.as_str()))))
            .cloned()
            .collect();
        let mut out = Vec::new();
        for key in keys {
            let Some(mut slot) = self.slots.remove(&key) else {
                continue;
            };
            if slot.window.pending_len() == 0 {
                continue;
            }
            let restore_map = self.redactor.clone();
            let hold = self.redactor.restores();
            let released = {
                let mut scan = Self::scan_fn(
                    &self.engine,
                    &self.policy,
                    slot.role,
                    &mut self.redactor,
                    &mut self.summary,
                );
                slot.window
                    .push("", true, &mut scan, &|t| restore_map.restore(t), hold)?
            };
            if released.is_empty() {
                continue;
            }
            self.chars_out += released.len();
            let mut ev = slot.template;
            let mut released = Some(released);
            let _ = provider::visit_stream_event::<()>(self.surface, &mut ev, &mut |k, _, t| {
                if k == key {
                    *t = released.take().unwrap_or_default();
                } else {
                    t.clear();
                }
                Ok(())
            });
            out.push(self.event_from(&ev, None));
        }
        Ok(out)
    }

    fn event_from(&self, v: &Value, name: Option<&str>) -> Event {
        let name = name.map(str::to_owned).or_else(|| match self.format {
            ApiFormat::Anthropic => v.get("type").and_then(Value::as_str).map(str::to_owned),
            ApiFormat::OpenAi if self.surface == Surface::Responses => {
                v.get("type").and_then(Value::as_str).map(str::to_owned)
            }
            ApiFormat::OpenAi => None,
        });
        Event {
            event: name,
            data: v.to_string(),
            ..Event::default()
        }
    }

    fn track_usage(&mut self, v: &Value) {
        match self.surface {
            Surface::Messages => match v.get("type").and_then(Value::as_str) {
                Some("message_start") => {
                    self.anthropic_in = v
                        .pointer("/message/usage/input_tokens")
                        .and_then(Value::as_u64)
                        .unwrap_or(0);
                    self.usage = Some(self.anthropic_in + self.anthropic_out);
                }
                Some("message_delta") => {
                    if let Some(o) = v.pointer("/usage/output_tokens").and_then(Value::as_u64) {
                        self.anthropic_out = o;
                    }
                    self.usage = Some(self.anthropic_in + self.anthropic_out);
                }
                _ => {}
            },
            _ => {
                if let Some(t) = provider::usage_tokens(self.surface, v)
                    && t > 0
                {
                    self.usage = Some(t);
                }
            }
        }
    }

    /// Process one upstream event; return the events to send. An error means the stream must
    /// end with [`StreamGuard::error_event`].
    pub fn on_event(&mut self, ev: Event) -> Result<Vec<Event>, GatewayError> {
        if ev.data.trim() == "[DONE]" {
            let mut out = self.flush(None)?;
            out.push(ev);
            return Ok(out);
        }
        if ev.data.is_empty() {
            return Ok(vec![ev]);
        }
        let mut v: Value = match serde_json::from_str(&ev.data) {
            Ok(v) => v,
            Err(_) => {
                // Text we cannot read cannot be checked.
                let e = GatewayError::new(
                    crate::error::ErrorKind::GuardFailed,
                    "guard_unreadable_stream",
                    "the upstream sent a stream event that is not JSON",
                );
                fail(&self.policy, &mut self.summary, e)?;
                return Ok(vec![ev]);
            }
        };
        self.sequence = v
            .get("sequence_number")
            .and_then(Value::as_u64)
            .unwrap_or(self.sequence);
        self.track_usage(&v);
        let mut out = match provider::stream_finish(self.surface, &v) {
            Finish::None => Vec::new(),
            Finish::Slots(p) => self.flush(Some(&p))?,
            Finish::All => self.flush(None)?,
        };
        // Complete texts repeated at the end (Responses API) are guarded whole.
        {
            let (engine, policy, redactor, summary) = (
                &self.engine,
                &self.policy,
                &mut self.redactor,
                &mut self.summary,
            );
            provider::visit_stream_full_texts(self.surface, &mut v, &mut |role, t| {
                guard_text(engine, policy, Side::Response, role, t, redactor, summary)
            })?;
        }
        let template = v.clone();
        let overlap = self.policy.stream_overlap;
        let mut pieces: Vec<(String, TextRole)> = Vec::new();
        let _ = provider::visit_stream_event::<()>(self.surface, &mut v.clone(), &mut |k, r, _| {
            pieces.push((k.to_owned(), r));
            Ok(())
        });
        for (k, r) in &pieces {
            if self.needs_window(*r) {
                let slot = self.slots.entry(k.clone()).or_insert_with(|| Slot {
                    window: Window::new(overlap),
                    role: *r,
                    template: Value::Null,
                });
                slot.template = template.clone();
            }
        }
        {
            let restore_map = self.redactor.clone();
            let hold = self.redactor.restores();
            let (engine, policy, redactor, summary, slots, chars_out) = (
                &self.engine,
                &self.policy,
                &mut self.redactor,
                &mut self.summary,
                &mut self.slots,
                &mut self.chars_out,
            );
            provider::visit_stream_event(self.surface, &mut v, &mut |k, role, t| {
                let Some(slot) = slots.get_mut(k) else {
                    *chars_out += t.len();
                    return Ok(());
                };
                let mut scan = Self::scan_fn(engine, policy, role, redactor, summary);
                let released =
                    slot.window
                        .push(t, false, &mut scan, &|x| restore_map.restore(x), hold)?;
                *chars_out += released.len();
                *t = released;
                Ok(())
            })?;
        }
        out.push(self.event_from(&v, ev.event.as_deref()));
        Ok(out)
    }

    /// The upstream stream ended: release what is held.
    pub fn on_end(&mut self) -> Result<Vec<Event>, GatewayError> {
        self.flush(None)
    }

    /// The error event that ends a stream, in the provider's format.
    pub fn error_event(&self, e: &GatewayError) -> Event {
        match (self.format, self.surface) {
            (ApiFormat::Anthropic, _) => Event {
                event: Some("error".into()),
                data: e.body(ApiFormat::Anthropic).to_string(),
                ..Event::default()
            },
            (_, Surface::Responses) => Event {
                event: Some("error".into()),
                data: json!({
                    "type": "error",
                    "code": e.code,
                    "message": e.message,
                    "param": null,
                    "sequence_number": self.sequence + 1,
                })
                .to_string(),
                ..Event::default()
            },
            _ => Event {
                event: None,
                data: e.body(ApiFormat::OpenAi).to_string(),
                ..Event::default()
            },
        }
    }
}
