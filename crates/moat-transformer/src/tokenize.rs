//! The tokeniser: words (runs of letters and digits) and symbols, each hashed into a fixed
//! number of buckets. There is no vocabulary to ship, every language and script gets tokens,
//! and the same text always gives the same ids.
//!
//! Words are lowercased; digits inside a word all hash as `0` (numbers are shapes, not
//! values); a word longer than [`MAX_WORD_CHARS`] hashes its first characters plus a marker.
//! Each symbol (a character that is neither alphanumeric nor white space) is a token of its
//! own, and a run of the same symbol is one token (`=====`), so chat-template markers such as
//! `<|im_start|>` keep their shape.

/// Padding.
pub const PAD: u32 = 0;
/// The classification token, first in every window.
pub const CLS: u32 = 1;
/// Ids below this are reserved.
pub const SPECIALS: u32 = 2;
/// Characters of a word that are hashed.
pub const MAX_WORD_CHARS: usize = 24;

/// One token: its id and where it lies in the text (bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Bucket id, in `SPECIALS..vocab`.
    pub id: u32,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn mix(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

fn bucket(h: u64, vocab: u32) -> u32 {
    // A final avalanche so that nearby hashes spread over the buckets.
    let mut x = h;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    let span = u64::from(vocab.saturating_sub(SPECIALS).max(1));
    // `x % span` is below `span`, which fits in u32.
    SPECIALS + u32::try_from(x % span).unwrap_or(0)
}

/// Tokenise `text` into `out` (cleared first) for a vocabulary of `vocab` ids.
pub fn tokenize(text: &str, vocab: u32, out: &mut Vec<Token>) {
    out.clear();
    let mut chars = text.char_indices().peekable();
    let mut buf = [0u8; 4];
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut h = mix(FNV_OFFSET, b"w");
            let mut n = 0usize;
            let mut end = start + c.len_utf8();
            let mut push = |h: &mut u64, n: &mut usize, c: char| {
                if *n < MAX_WORD_CHARS {
                    for l in c.to_lowercase() {
                        let l = if l.is_numeric() { '0' } else { l };
                        *h = mix(*h, l.encode_utf8(&mut buf).as_bytes());
                    }
                }
                *n += 1;
            };
            push(&mut h, &mut n, c);
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                push(&mut h, &mut n, d);
                end = i + d.len_utf8();
                chars.next();
            }
            if n > MAX_WORD_CHARS {
                h = mix(h, b"\x00long");
            }
            out.push(Token {
                id: bucket(h, vocab),
                start,
                end,
            });
        } else {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if d != c {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            let h = mix(mix(FNV_OFFSET, b"s"), c.encode_utf8(&mut buf).as_bytes());
            out.push(Token {
                id: bucket(h, vocab),
                start,
                end,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ids(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        tokenize(text, 4096, &mut out);
        out.iter().map(|t| t.id).collect()
    }

    fn spans(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, 4096, &mut out);
        out.iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn words_symbols_and_runs() {
        assert_eq!(
            spans("Ignore ALL rules!!! <|im_start|>"),
            [
                "Ignore", "ALL", "rules", "!!!", "<", "|", "im", "_", "start", "|", ">"
            ]
        );
        assert_eq!(spans("  \n\t "), Vec::<&str>::new());
        assert_eq!(spans("Привет, 世界"), ["Привет", ",", "世界"]);
    }

    #[test]
    fn case_and_digits_fold() {
        assert_eq!(ids("Ignore"), ids("iGNORE"));
        assert_eq!(ids("order 1234"), ids("order 9876"));
        assert_ne!(ids("order 1234"), ids("order 12345"));
        assert_ne!(ids("ignore"), ids("ignored"));
        assert_eq!(ids("="), ids("======"));
        assert_ne!(ids("="), ids("-"));
    }

    #[test]
    fn long_words_are_bounded_and_marked() {
        let a = "a".repeat(24);
        let b = "a".repeat(40);
        let c = "a".repeat(41);
        assert_ne!(ids(&a), ids(&b));
        assert_eq!(ids(&b), ids(&c));
    }

    proptest! {
        #[test]
        fn tokens_lie_in_the_text_in_order(text in any::<String>(), vocab in 3u32..100_000) {
            let mut out = Vec::new();
            tokenize(&text, vocab, &mut out);
            let mut last = 0;
            for t in &out {
                prop_assert!(t.start >= last && t.start < t.end && t.end <= text.len());
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                prop_assert!(t.id >= SPECIALS && t.id < vocab);
                last = t.end;
            }
        }
    }
}
