//! The keyword pass: every keyword of every recogniser and rule, found in one pass over the
//! text, leftmost-longest and without overlaps, ASCII letters in either case.
//!
//! The automaton is a lazy DFA of the keywords as literals, tried longest first: for a set of
//! literals, leftmost-first with the longer ones preferred is leftmost-longest. Its search loop
//! costs about half as many instructions per byte as an Aho-Corasick DFA's (about 20 a byte),
//! and this pass reads every byte of every text. Built lazily, its states cost nothing at start
//! (a dense DFA of the built-in keywords takes half a second to build) and only the states a
//! text visits take memory, at most a few megabytes per searching thread. Should the lazy DFA
//! give up, or not build (custom patterns allow ten thousand terms), an Aho-Corasick automaton
//! gives the same answers; a test checks the two agree.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

use super::context::byte_pattern;

/// Memory for the lazily built DFA states, per searching thread. A DFA of a literal set has
/// about as many states as the literals have prefixes (the built-in keywords: some two
/// thousand); after every test corpus the cache held 1.3 MB and had never been cleared. Were it
/// ever full, it is cleared and refilled: slower, never wrong.
const CACHE: usize = 8 << 20;

type CachePool = Pool<
    Cache,
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe>,
>;

/// Compiled keywords.
#[derive(Debug, Clone)]
pub(crate) struct Keywords {
    dfa: Option<Arc<Dfa>>,
    /// Always built (small): the fallback, and the reference the DFA is tested against.
    ac: AhoCorasick,
}

struct Dfa {
    dfa: Arc<DFA>,
    caches: CachePool,
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

impl Keywords {
    /// Compile `words` (non-empty). `dfa: false` builds only the Aho-Corasick automaton.
    pub(crate) fn new(words: &[String], dfa: bool) -> Result<Keywords, String> {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .map_err(|e| e.to_string())?;
        let dfa = if dfa && !words.iter().any(String::is_empty) {
            // Longest first; equal lengths keep their order, as Aho-Corasick prefers the
            // keyword given first.
            let mut order: Vec<usize> = (0..words.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(words[i].len()));
            let pats: Vec<String> = order.iter().map(|&i| byte_pattern(&words[i])).collect();
            DFA::builder()
                .configure(
                    DFA::config()
                        .cache_capacity(CACHE)
                        .minimum_cache_clear_count(None),
                )
                .syntax(syntax::Config::new().unicode(false).utf8(false))
                .thompson(thompson::Config::new().utf8(false))
                .build_many(&pats)
                .ok()
                .map(|dfa| {
                    let dfa = Arc::new(dfa);
                    let for_pool = Arc::clone(&dfa);
                    let create: Box<
                        dyn Fn() -> Cache
                            + Send
                            + Sync
                            + std::panic::RefUnwindSafe
                            + std::panic::UnwindSafe,
                    > = Box::new(move || for_pool.create_cache());
                    Arc::new(Dfa {
                        dfa,
                        caches: Pool::new(create),
                        pattern: order.iter().map(|&i| (i, words[i].len())).collect(),
                    })
                })
        } else {
            None
        };
        Ok(Keywords { dfa, ac })
    }

    /// Whether the lazy DFA was built (else every search is Aho-Corasick's).
    #[cfg(test)]
    pub(crate) fn uses_dfa(&self) -> bool {
        self.dfa.is_some()
    }

    /// Calls `hit(start, end, keyword index)` for each hit, in order.
    pub(crate) fn for_each(&self, text: &str, mut hit: impl FnMut(usize, usize, usize)) {
        let hay = text.as_bytes();
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
                    // The lazy DFA gave up (its cache kept filling up): the rest goes to the
                    // other automaton rather than unsearched.
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
        k.for_each(text, |s, e, w| v.push((s, e, w)));
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
}
