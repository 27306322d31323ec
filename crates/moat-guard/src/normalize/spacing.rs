//! Pass 3: spaced-out letters joined, in place.
//!
//! A *unit* is one ASCII letter or digit standing alone (no letter or digit on either side). A
//! run of at least [`MIN_UNITS`] units, at least [`MIN_LETTERS`] of them letters, each separated
//! from the next by the same separator of 1–3 ASCII non-alphanumeric bytes, is written as the
//! units alone: `i g n o r e`, `i.g.n.o.r.e`, `1 g n 0 r 3` -> `ignore`, `ignore`, `1gn0r3`
//! (the leetspeak pass then sees the joined token). Initials (`j. r. r. tolkien`), versions
//! and IP addresses (`1.2.3.4`) and dates are left alone.

use super::{Buf, Findings, ObfuscationKind, class};

const MIN_UNITS: usize = 4;
const MIN_LETTERS: usize = 3;
const MAX_SEP: usize = 3;

#[inline]
fn alnum(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_alphanumeric)
}

/// A byte that can sit between units: ASCII, not a letter or digit.
#[inline]
fn sep_byte(b: u8) -> bool {
    b < 0x80 && !b.is_ascii_alphanumeric()
}

/// True when `i` holds a unit: an ASCII letter/digit with no word byte on either side.
#[inline]
fn is_unit(b: &[u8], i: usize) -> bool {
    let word = |j: usize| {
        b.get(j)
            .is_some_and(|&x| x >= 0x80 || x.is_ascii_alphanumeric())
    };
    alnum(b, i) && (i == 0 || !word(i - 1)) && !word(i + 1)
}

/// The first unit at or after `from` (or the length): words are skipped whole.
fn next_unit(b: &[u8], from: usize) -> usize {
    let is_word = |x: u8| class::is(x, class::WORD);
    // INVARIANT: `from` is 0 or just after a unit, so never inside a word; bytes before it may
    // already have been overwritten by the compaction and are not read.
    let mut i = from;
    while i < b.len() {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        if i - s == 1 && b[s].is_ascii_alphanumeric() {
            return s;
        }
    }
    b.len()
}

/// The separator after the unit at `i`: the bytes up to the next unit, if 1..=MAX_SEP long.
fn separator(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let s = i + 1;
    let mut e = s;
    while e < b.len() && e - s < MAX_SEP && sep_byte(b[e]) {
        e += 1;
    }
    (e > s && is_unit(b, e)).then_some((s, e))
}

/// Join spaced-out letters in `buf`, in place.
pub(crate) fn join(buf: &mut Buf, fx: &mut Findings) {
    let n = buf.bytes.len();
    let mut r = 0;
    let mut w = 0;
    while r < n {
        // Copy everything up to the next unit in one move.
        let p = next_unit(&buf.bytes, r);
        buf.mov_range(w, r, p - r);
        w += p - r;
        r = p;
        if r >= n {
            break;
        }
        // Measure the run of units starting at r with one repeated separator.
        let first = r;
        let mut last = r;
        let mut units = 1;
        let mut letters = usize::from(buf.bytes[r].is_ascii_alphabetic());
        if let Some((s, e)) = separator(&buf.bytes, r) {
            let sep_len = e - s;
            let mut at = e;
            loop {
                units += 1;
                letters += usize::from(buf.bytes[at].is_ascii_alphabetic());
                last = at;
                let next = at + 1 + sep_len;
                let same = buf.bytes.get(at + 1..next) == buf.bytes.get(s..e);
                if same && is_unit(&buf.bytes, next) {
                    at = next;
                } else {
                    break;
                }
            }
        }
        if units >= MIN_UNITS && letters >= MIN_LETTERS {
            fx.add(ObfuscationKind::Spacing, buf.span(first, last + 1));
            let step = if units > 1 {
                (last - first) / (units - 1)
            } else {
                1
            };
            let mut at = first;
            while at <= last {
                buf.mov(w, at);
                w += 1;
                at += step;
            }
        } else {
            // Every shorter run inside this one fails too: copy it whole (keeps this linear).
            let len = last + 1 - first;
            buf.mov_range(w, first, len);
            w += len;
        }
        r = last + 1;
    }
    buf.truncate(w);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    type Pairs = Vec<(usize, usize)>;

    fn run(s: &str) -> (String, Pairs, Pairs) {
        let mut buf = Buf::default();
        for (i, b) in s.bytes().enumerate() {
            buf.push(b, i as u32, i as u32 + 1);
        }
        let mut fx = Findings::default();
        join(&mut buf, &mut fx);
        let spans = fx
            .into_sorted()
            .iter()
            .map(|o| (o.span.start, o.span.end))
            .collect();
        let map = buf
            .start
            .iter()
            .zip(&buf.end)
            .map(|(&a, &b)| (a as usize, b as usize))
            .collect();
        (String::from_utf8(buf.bytes).unwrap(), spans, map)
    }

    #[test]
    fn joins_spaced_letters() {
        let (t, f, map) = run("please i g n o r e all");
        assert_eq!(t, "please ignore all");
        assert_eq!(f, vec![(7, 18)]);
        assert_eq!(
            map[7..13],
            [(7, 8), (9, 10), (11, 12), (13, 14), (15, 16), (17, 18)]
        );
    }

    #[test]
    fn joins_dotted_and_multi_byte_separators() {
        assert_eq!(run("i.g.n.o.r.e").0, "ignore");
        assert_eq!(run("s - y - s - t - e - m now").0, "system now");
        assert_eq!(run("1 g n 0 r 3").0, "1gn0r3");
    }

    #[test]
    fn leaves_ordinary_text() {
        for s in [
            "j. r. r. tolkien",
            "1.2.3.4",
            "2024-01-02",
            "a b c",
            "i a m ok",
            "x = a + b",
            "u.s.a.",
        ] {
            let (t, f, _) = run(s);
            assert_eq!(t, s);
            assert!(f.is_empty(), "{s}");
        }
    }

    #[test]
    fn mixed_separators_do_not_join_across() {
        assert_eq!(run("a.b c d").0, "a.b c d");
    }

    #[test]
    fn long_digit_runs_stay_linear_and_untouched() {
        let s = "1 ".repeat(10_000);
        assert_eq!(run(&s).0, s);
    }
}
