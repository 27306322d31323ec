//! Context words near a candidate: "ssn" before `123-45-6789` raises its confidence.
//!
//! A recogniser's words are compiled once into a small Aho-Corasick automaton (ASCII
//! case-insensitive), searched in the 48 bytes before and the 24 bytes after the candidate. A
//! word must lie wholly inside one of the two stretches; the candidate itself is never its own
//! context. On log lines this runs for nearly every number, so it is one automaton pass per
//! stretch, not one search per word.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use moat_core::Span;

/// Bytes searched before a candidate.
pub(crate) const BEFORE: usize = 48;
/// Bytes searched after it.
pub(crate) const AFTER: usize = 24;

/// The context words of one recogniser, compiled.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    ac: Option<AhoCorasick>,
}

impl Context {
    /// Compile `words` (empty words are ignored). Fails only if the automaton cannot be built,
    /// which bounded word lists never hit.
    pub(crate) fn new<S: AsRef<str>>(words: &[S]) -> Result<Context, aho_corasick::BuildError> {
        let words: Vec<&str> = words
            .iter()
            .map(AsRef::as_ref)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Ok(Context::default());
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)?;
        Ok(Context { ac: Some(ac) })
    }

    /// Any of the words within [`BEFORE`] bytes before or [`AFTER`] bytes after `span` of
    /// `text` (offsets clamped to the text).
    pub(crate) fn near(&self, text: &str, span: Span) -> bool {
        let Some(ac) = &self.ac else {
            return false;
        };
        let b = text.as_bytes();
        let start = span.start.min(b.len());
        let end = span.end.clamp(start, b.len());
        let before = &b[start.saturating_sub(BEFORE)..start];
        let after = &b[end..(end + AFTER).min(b.len())];
        ac.is_match(before) || ac.is_match(after)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn near(text: &str, span: Span, words: &[&str]) -> bool {
        Context::new(words).unwrap().near(text, span)
    }

    #[test]
    fn words_near_the_span() {
        let text = "Social Security number: 123-45-6789 on file";
        let start = text.find("123").unwrap();
        let span = Span::new(start, start + 11);
        assert!(near(text, span, &["social security"]));
        assert!(near(text, span, &["nothing", "file"]));
        assert!(!near(text, span, &["ssn", ""]));
        assert!(Context::new::<&str>(&[""]).unwrap().ac.is_none());
        // The span itself is not context, and words beyond the stretches do not count.
        assert!(!near(text, span, &["45"]));
        let far = format!("ssn {} 123-45-6789", "x".repeat(60));
        let at = far.find("123").unwrap();
        assert!(!near(&far, Span::new(at, at + 11), &["ssn"]));
        // A word across the edge of a stretch does not count either.
        let edge = format!("ssn{} 123-45-6789", "x".repeat(BEFORE - 3));
        let at = edge.find("123").unwrap();
        assert!(!near(&edge, Span::new(at, at + 11), &["ssn"]));
        assert!(near(&edge, Span::new(at, at + 11), &["sn"]));
        // Multi-byte text at the edges of the stretches, and spans past the end.
        let t = "é".repeat(30) + "123-45-6789" + &"ü".repeat(20);
        let at = t.find('1').unwrap();
        assert!(!near(&t, Span::new(at, at + 11), &["ssn"]));
        assert!(near(&t, Span::new(at, at + 11), &["ü"]));
        assert!(!near("ssn", Span::new(10, 20), &["zzz"]));
        assert!(near("ssn", Span::new(10, 20), &["ssn"]));
    }
}
