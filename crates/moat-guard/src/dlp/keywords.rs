//! The keyword pass: every keyword of every recogniser and rule, found in one pass over the
//! text, leftmost-longest and without overlaps, ASCII letters in either case.
//!
//! The automaton is a lazy DFA of the keywords as literals, tried longest first: for a set of
//! literals, leftmost-first with the longer ones preferred is leftmost-longest. Its search loop
//! costs about half as many instructions per byte as an Aho-Corasick DFA's (about 20 a byte),
//! and this pass reads every byte of every text. Built lazily, its states cost nothing at start
//! (a dense DFA of the built-in keywords takes half a second to build) and only the states a
//! text visits take memory: 0.9 MB per searching thread after the whole guard development set
//! and the Presidio set (12.7 MB of text), never cleared. Building those states is the price of
//! the first texts a thread sees (0.25 s in all on that data); afterwards the pass is twice as
//! fast as Aho-Corasick's on the same texts. Should the lazy DFA not build (a custom keyword list
//! too big for [`NFA_LIMIT`]), an Aho-Corasick automaton gives the same answers; a test checks
//! the two agree.
//!
//! Not for every literal set: the injection lexicon (thousands of entries that begin and end
//! with a space, in many scripts) was tried on it and its lazy DFA cleared its 8 MiB cache 206
//! times on the development set, 145 times slower than Aho-Corasick. Its entries overlap in
//! ways that make many more DFA states than a trie has nodes.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir};

/// Memory for the lazily built DFA states, per searching thread. A DFA of a literal set has
/// about as many states as the literals have prefixes (the built-in keywords: some two
/// thousand); after every test corpus the cache held 1.3 MB and had never been cleared. Were it
/// ever full, it is cleared and refilled: slower, never wrong.
const CACHE: usize = 8 << 20;

/// Largest NFA the lazy DFA is built from. The built-in keywords are far below it; a custom
/// list past it goes to Aho-Corasick alone rather than hold a big NFA in memory.
const NFA_LIMIT: usize = 32 << 20;

type MakeCache =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe>;

/// Compiled keywords.
#[derive(Debug, Clone)]
pub(crate) struct Keywords {
    dfa: Option<Arc<Dfa>>,
    /// Always built: every search's automaton when there is no DFA,
    /// the DFA's fallback, and the reference tests compare it with.
    ac: AhoCorasick,
    #[cfg(test)]
    words: Vec<Box<str>>,
}

struct Dfa {
    dfa: Arc<DFA>,
    caches: Pool<Cache, MakeCache>,
    /// Per DFA pattern: the keyword's index and its length in bytes.
    pattern: Vec<(usize, usize)>,
}

impl std::fmt::Debug for Dfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dfa")
            .field("patterns", &self.pattern.len())
            .finish()
    }
}

/// The bytes of `word` as a regex syntax tree, ASCII letters in either case. Built directly,
/// not parsed from `[aA]` and `\\xNN` pieces, which cost more to parse than to compile.
pub(crate) fn literal_hir(word: &[u8]) -> Hir {
    if !word.iter().any(u8::is_ascii_alphabetic) {
        return Hir::literal(word);
    }
    let mut parts = Vec::with_capacity(word.len());
    let mut run = Vec::new();
    for &b in word {
        if b.is_ascii_alphabetic() {
            if !run.is_empty() {
                parts.push(Hir::literal(std::mem::take(&mut run)));
            }
            let (lo, up) = (b.to_ascii_lowercase(), b.to_ascii_uppercase());
            parts.push(Hir::class(Class::Bytes(ClassBytes::new([
                ClassBytesRange::new(lo, lo),
                ClassBytesRange::new(up, up),
            ]))));
        } else {
            run.push(b);
        }
    }
    if !run.is_empty() {
        parts.push(Hir::literal(run));
    }
    Hir::concat(parts)
}

/// A Thompson NFA of `hirs` (one pattern each), byte-oriented; `None` past `limit` bytes.
pub(crate) fn literal_nfa(hirs: &[Hir], limit: usize) -> Option<NFA> {
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(false)
                .nfa_size_limit(Some(limit)),
        )
        .build_many_from_hir(hirs)
        .ok()
}

impl Keywords {
    /// Compile `words` (non-empty). `dfa: false` builds only the Aho-Corasick automaton.
    pub(crate) fn new<S: AsRef<str>>(words: &[S], dfa: bool) -> Result<Keywords, String> {
        Keywords::build(words, dfa, NFA_LIMIT)
    }

    fn build<S: AsRef<str>>(words: &[S], dfa: bool, nfa_limit: usize) -> Result<Keywords, String> {
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)
            .map_err(|e| e.to_string())?;
        let dfa = if dfa && !words.iter().any(|w| w.is_empty()) {
            // Longest first; equal lengths keep their order, as Aho-Corasick prefers the
            // keyword given first.
            let mut order: Vec<usize> = (0..words.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(words[i].len()));
            let hirs: Vec<Hir> = order
                .iter()
                .map(|&i| literal_hir(words[i].as_bytes()))
                .collect();
            literal_nfa(&hirs, nfa_limit)
                .and_then(|nfa| {
                    DFA::builder()
                        .configure(
                            DFA::config()
                                .cache_capacity(CACHE)
                                .minimum_cache_clear_count(None),
                        )
                        .build_from_nfa(nfa)
                        .ok()
                })
                .map(|dfa| {
                    let dfa = Arc::new(dfa);
                    let for_pool = Arc::clone(&dfa);
                    let create: MakeCache = Box::new(move || for_pool.create_cache());
                    Arc::new(Dfa {
                        dfa,
                        caches: Pool::new(create),
                        pattern: order.iter().map(|&i| (i, words[i].len())).collect(),
                    })
                })
        } else {
            None
        };
        Ok(Keywords {
            dfa,
            ac,
            #[cfg(test)]
            words: words.iter().map(|&w| Box::from(w)).collect(),
        })
    }

    /// Whether the lazy DFA was built (else every search is Aho-Corasick's).
    #[cfg(test)]
    pub(crate) fn uses_dfa(&self) -> bool {
        self.dfa.is_some()
    }

    /// The keywords, in the order given.
    #[cfg(test)]
    pub(crate) fn words(&self) -> &[Box<str>] {
        &self.words
    }

    /// This thread's lazy DFA cache: bytes in use and times cleared.
    #[cfg(test)]
    pub(crate) fn cache_stats(&self) -> Option<(usize, usize)> {
        let d = self.dfa.as_ref()?;
        let c = d.caches.get();
        Some((c.memory_usage(), c.clear_count()))
    }

    /// Calls `hit(start, end, keyword index)` for each hit, in order.
    pub(crate) fn for_each(&self, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
        let mut at = 0;
        if let Some(d) = &self.dfa {
            let mut cache = d.caches.get();
            while at < hay.len() {
                let input = Input::new(hay).range(at..).anchored(Anchored::No);
                match d.dfa.try_search_fwd(&mut cache, &input) {
                    Ok(Some(m)) => {
                        let (word, len) = d.pattern[m.pattern().as_usize()];
                        let end = m.offset();
                        hit(end - len, end, word);
                        at = end;
                    }
                    Ok(None) => return,
                    // The lazy DFA never gives up (no minimum clear count) and has no quit
                    // bytes, so this does not happen; were it to, the rest goes to the other
                    // automaton rather than unsearched.
                    Err(_) => break,
                }
            }
            if at >= hay.len() {
                return;
            }
        }
        let input = aho_corasick::Input::new(hay).range(at..);
        for m in self.ac.find_iter(input) {
            hit(m.start(), m.end(), m.pattern().as_usize());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn hits(k: &Keywords, text: &str) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        k.for_each(text.as_bytes(), |s, e, w| v.push((s, e, w)));
        v
    }

    /// The DFA and Aho-Corasick give the same hits: keywords inside keywords, shared prefixes
    /// and suffixes, case variants given as separate keywords, non-ASCII bytes.
    #[test]
    fn dfa_and_aho_corasick_agree() {
        let words: Vec<String> = [
            "pass", "password", "passwd", "word", "sk-", "sk-proj-", "api", "API", "api_key",
            "key", "é", "straße", "ms", "items", "://", "a",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let dfa = Keywords::new(&words, true).unwrap();
        let ac = Keywords::new(&words, false).unwrap();
        assert!(dfa.dfa.is_some() && ac.dfa.is_none());
        let parts = [
            "PassWord", "pass", "wd", "word", "sk-proj-", "SK-", "Api_Key", "key", "é", "É",
            "STRASSE", "straße", "items", "ms", ":/", "/", " ", "x", "A",
        ];
        let mut seed = 11u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..10 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            assert_eq!(hits(&dfa, &text), hits(&ac, &text), "{text:?}");
        }
        assert_eq!(hits(&dfa, "PASSWORD=1"), vec![(0, 8, 1)]);
        assert_eq!(hits(&dfa, "an API"), hits(&ac, "an API"));
        assert_eq!(hits(&dfa, "an API").len(), 2);
    }

    /// A list whose NFA is over the limit is searched by Aho-Corasick alone, with the same
    /// answers.
    #[test]
    fn over_the_nfa_limit_falls_back() {
        let words: Vec<String> = (0..300).map(|i| format!("term{i}x")).collect();
        let small = Keywords::build(&words, true, 1 << 10).unwrap();
        let full = Keywords::new(&words, true).unwrap();
        assert!(!small.uses_dfa() && full.uses_dfa());
        let text = "TERM12X term299x term3 term30x-term300x";
        assert_eq!(hits(&small, text), hits(&full, text));
        assert_eq!(hits(&small, text).len(), 3);
    }
}
