//! Context words near a candidate: "ssn" before `123-45-6789` raises its confidence.
//!
//! A recogniser's words are compiled once into a small automaton (ASCII case-insensitive),
//! searched in the 48 bytes before and the 24 bytes after the candidate. A word must lie wholly
//! inside one of the two stretches; the candidate itself is never its own context. On log lines
//! this runs for nearly every long number, so it is one automaton pass per stretch, not one
//! search per word. The automaton is a dense DFA, whose search loop costs about a quarter less
//! per byte than an Aho-Corasick automaton's on these short stretches; a word list too large for
//! a small DFA (custom patterns allow thousands) gets an Aho-Corasick automaton instead.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use moat_core::Span;
use regex_automata::dfa::{Automaton, dense};
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Hir;

use super::keywords::{literal_hir, literal_nfa};

/// Bytes searched before a candidate.
pub(crate) const BEFORE: usize = 48;
/// Bytes searched after it.
pub(crate) const AFTER: usize = 24;

/// Largest dense DFA built for a word list; larger lists use Aho-Corasick.
const DFA_LIMIT: usize = 1 << 20;

/// The context words of one recogniser, compiled.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    matcher: Option<Matcher>,
}

#[derive(Debug, Clone)]
enum Matcher {
    Dfa(std::sync::Arc<dense::DFA<Vec<u32>>>),
    Ac(AhoCorasick),
}

/// Build error of a context automaton.
#[derive(Debug)]
pub(crate) struct BuildError(String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Context {
    /// Compile `words` (empty words are ignored). Fails only if the automaton cannot be built,
    /// which bounded word lists never hit.
    pub(crate) fn new<S: AsRef<str>>(words: &[S]) -> Result<Context, BuildError> {
        Context::build(words, true)
    }

    fn build<S: AsRef<str>>(words: &[S], dfa: bool) -> Result<Context, BuildError> {
        let words: Vec<&str> = words
            .iter()
            .map(AsRef::as_ref)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Ok(Context::default());
        }
        let total: usize = words.iter().map(|w| w.len()).sum();
        if dfa && total <= 4096 {
            let any = Hir::alternation(words.iter().map(|w| literal_hir(w.as_bytes())).collect());
            let built = literal_nfa(&[any], DFA_LIMIT).and_then(|nfa| {
                dense::Builder::new()
                    .configure(
                        dense::Config::new()
                            .dfa_size_limit(Some(DFA_LIMIT))
                            .determinize_size_limit(Some(DFA_LIMIT)),
                    )
                    .build_from_nfa(&nfa)
                    .ok()
            });
            if let Some(dfa) = built {
                return Ok(Context {
                    matcher: Some(Matcher::Dfa(std::sync::Arc::new(dfa))),
                });
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .map_err(|e| BuildError(e.to_string()))?;
        Ok(Context {
            matcher: Some(Matcher::Ac(ac)),
        })
    }

    /// Any of the words within [`BEFORE`] bytes before or [`AFTER`] bytes after `span` of
    /// `text` (offsets clamped to the text).
    pub(crate) fn near(&self, text: &str, span: Span) -> bool {
        let Some(matcher) = &self.matcher else {
            return false;
        };
        let b = text.as_bytes();
        let start = span.start.min(b.len());
        let end = span.end.clamp(start, b.len());
        let before = &b[start.saturating_sub(BEFORE)..start];
        let after = &b[end..(end + AFTER).min(b.len())];
        let hit = |hay: &[u8]| match matcher {
            Matcher::Dfa(dfa) => {
                let input = Input::new(hay).anchored(Anchored::No).earliest(true);
                matches!(dfa.try_search_fwd(&input), Ok(Some(_)))
            }
            Matcher::Ac(ac) => ac.is_match(hay),
        };
        hit(before) || hit(after)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn near(text: &str, span: Span, words: &[&str]) -> bool {
        Context::new(words).unwrap().near(text, span)
    }

    /// The dense DFA and the Aho-Corasick automaton answer alike, on every span of texts made
    /// from the words, their case variants, digits and non-ASCII bytes.
    #[test]
    fn both_automata_agree() {
        let words = ["ssn", "social security", "tel", "é", "n°", "x1"];
        let dfa = Context::build(&words, true).unwrap();
        let ac = Context::build(&words, false).unwrap();
        assert!(matches!(dfa.matcher, Some(Matcher::Dfa(_))));
        assert!(matches!(ac.matcher, Some(Matcher::Ac(_))));
        let parts = [
            "SSN",
            "ssn",
            "Social Security",
            "tEl",
            "é",
            "É",
            "n°",
            "X1",
            " ",
            "123",
            "-",
            "ß",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = (seed >> 33) as usize % (text.len() + 1);
            let b = a + (seed >> 45) as usize % 8;
            let span = Span::new(a, b);
            assert_eq!(
                dfa.near(&text, span),
                ac.near(&text, span),
                "{text:?} {span:?}"
            );
        }
        // A word list too large for a small DFA falls back to Aho-Corasick.
        let many: Vec<String> = (0..2000).map(|i| format!("word{i}")).collect();
        let big = Context::new(&many).unwrap();
        assert!(matches!(big.matcher, Some(Matcher::Ac(_))));
        let text = "see word1999 123-45-6789";
        assert!(big.near(text, Span::new(13, 24)));
    }

    #[test]
    fn words_near_the_span() {
        let text = "Social Security number: 123-45-6789 on file";
        let start = text.find("123").unwrap();
        let span = Span::new(start, start + 11);
        assert!(near(text, span, &["social security"]));
        assert!(near(text, span, &["nothing", "file"]));
        assert!(!near(text, span, &["ssn", ""]));
        assert!(Context::new::<&str>(&[""]).unwrap().matcher.is_none());
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
