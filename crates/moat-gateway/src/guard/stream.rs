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
    /// block. The released text is masked but not restored: the caller puts pseudonyms back.
    /// `hold_open_brackets` keeps a possibly-unfinished placeholder from being split, so that
    /// the caller can restore it whole.
    pub fn push(
        &mut self,
        chunk: &str,
        last: bool,
        scan: &mut dyn FnMut(&str) -> Result<Vec<Replace>, GatewayError>,
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

/// `v` as JSON text, written straight into bytes: `Value`'s `Display` goes through a formatter
/// and cost 2.4 times as many instructions per stream event (`examples/profile_stream`).
fn json_text(v: &Value, size_hint: usize) -> Result<String, GatewayError> {
    let mut out = Vec::with_capacity(size_hint + 16);
    serde_json::to_writer(&mut out, v)
        .ok()
        .and_then(|()| String::from_utf8(out).ok())
        .ok_or_else(|| {
            GatewayError::new(
                crate::error::ErrorKind::GuardFailed,
                "guard_unwritable_stream",
                "a checked stream event could not be written as JSON",
            )
        })
}

struct Slot {
    window: Window,
    role: TextRole,
    /// The JSON of the last event sent for this slot (the checked event, as it left), from
    /// which a flush builds the event that carries the held-back text. Kept as text: most
    /// events are never used as a template, and copying a string costs less than copying a
    /// parsed tree.
    template: String,
    /// The event being processed has a piece of this slot: its template is due.
    touched: bool,
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
    /// Token log-probabilities were removed from some event.
    dropped_logprobs: bool,
    /// Nothing in this stream is checked or restored: events pass as they came.
    passive: bool,
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
        let passive = !surface_policy(&policy, TextRole::Response).check
            && !surface_policy(&policy, TextRole::ToolCall).check
            && !redactor.restores();
        StreamGuard {
            passive,
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
            dropped_logprobs: false,
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
            let hold = self.redactor.restores();
            let released = {
                let mut scan = Self::scan_fn(
                    &self.engine,
                    &self.policy,
                    slot.role,
                    &mut self.redactor,
                    &mut self.summary,
                );
                slot.window.push("", true, &mut scan, hold)?
            };
            let released = self.redactor.restore(&released);
            if released.is_empty() {
                continue;
            }
            self.chars_out += released.len();
            // The template was written by us from a parsed event; failing now would lose text,
            // so it is an error rather than a skipped event.
            let mut ev: Value = serde_json::from_str(&slot.template).map_err(|_| {
                GatewayError::new(
                    crate::error::ErrorKind::GuardFailed,
                    "guard_unreadable_stream",
                    "a held-back stream event could not be read again",
                )
            })?;
            let mut released = Some(released);
            let _ = provider::visit_stream_event::<()>(self.surface, &mut ev, &mut |k, _, t| {
                if k == key {
                    *t = released.take().unwrap_or_default();
                } else {
                    t.clear();
                }
                Ok(())
            });
            out.push(Event {
                event: self.default_name(&ev),
                data: json_text(&ev, slot.template.len())?,
                ..Event::default()
            });
        }
        Ok(out)
    }

    /// The `event:` name this provider's streams carry for `v`, when they carry one.
    fn default_name(&self, v: &Value) -> Option<String> {
        let named = match self.format {
            ApiFormat::Anthropic => true,
            ApiFormat::OpenAi => self.surface == Surface::Responses,
        };
        if named {
            v.get("type").and_then(Value::as_str).map(str::to_owned)
        } else {
            None
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
    pub fn on_event(&mut self, mut ev: Event) -> Result<Vec<Event>, GatewayError> {
        if ev.data.trim() == "[DONE]" {
            let mut out = self.flush(None)?;
            out.push(ev);
            return Ok(out);
        }
        if ev.data.is_empty() {
            return Ok(vec![ev]);
        }
        if self.passive {
            // Unchecked streams are read only for what the gateway itself needs: reported usage
            // (limits, audit), the text's length when none is reported, and the Responses
            // API's sequence numbers (an error event's own). What is not JSON passes unread.
            if let Some(m) = super::measure::measure(&ev.data) {
                self.chars_out += m.text_bytes;
                self.sequence = m.sequence.unwrap_or(self.sequence);
                if ev.data.contains("usage")
                    && let Ok(v) = serde_json::from_str::<Value>(&ev.data)
                {
                    self.track_usage(&v);
                }
            }
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
        // Token log-probabilities spell out text that is still held back, past the masks.
        if super::drop_logprobs(&self.policy, self.surface, &mut v) && !self.dropped_logprobs {
            self.dropped_logprobs = true;
            GuardSummary::bump(&mut self.summary.actions, super::DROP_LOGPROBS);
        }
        let mut out = match provider::stream_finish(self.surface, &v) {
            Finish::None => Vec::new(),
            Finish::Slots(p) => self.flush(Some(&p))?,
            Finish::All => self.flush(None)?,
        };
        // Complete texts (Responses API `*.done`, Anthropic openings) are guarded whole.
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
        {
            let overlap = self.policy.stream_overlap;
            let (engine, policy, redactor, summary, slots, chars_out) = (
                &self.engine,
                &self.policy,
                &mut self.redactor,
                &mut self.summary,
                &mut self.slots,
                &mut self.chars_out,
            );
            provider::visit_stream_event(self.surface, &mut v, &mut |k, role, t| {
                if !slots.contains_key(k)
                    && (surface_policy(policy, role).check || redactor.restores())
                {
                    slots.insert(
                        k.to_owned(),
                        Slot {
                            window: Window::new(overlap),
                            role,
                            template: String::new(),
                            touched: false,
                        },
                    );
                }
                let Some(slot) = slots.get_mut(k) else {
                    *chars_out += t.len();
                    return Ok(());
                };
                slot.touched = true;
                let hold = redactor.restores();
                let released = {
                    let mut scan = Self::scan_fn(engine, policy, role, redactor, summary);
                    slot.window.push(t, false, &mut scan, hold)?
                };
                let released = redactor.restore(&released);
                *chars_out += released.len();
                *t = released;
                Ok(())
            })?;
        }
        // Always the checked tree, never the upstream's bytes: a client that reads JSON
        // differently (the first of two duplicate keys, say) must see only what was checked.
        ev.data = json_text(&v, ev.data.len())?;
        // What was sent is the template of each slot it carried: exactly what was checked, with
        // nothing of the upstream's bytes a flush could bring back.
        for slot in self.slots.values_mut().filter(|s| s.touched) {
            slot.touched = false;
            slot.template.clear();
            slot.template.push_str(&ev.data);
        }
        if ev.event.is_none() {
            ev.event = self.default_name(&v);
        }
        out.push(ev);
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
