//! Cheap necessary conditions for recogniser and rule patterns, tested on a window before its
//! regex runs.
//!
//! Each function answers "could the pattern match anywhere in these bytes?": `false` only where
//! it certainly cannot, `true` otherwise. A regex search has a fixed cost of some hundreds of
//! instructions; on logs most digit runs sit in windows where no PAN, NINO or IBAN can be (no
//! uppercase letters next to the digits), and one byte pass rules them out for far less. Each
//! condition starts with a branch-free pass over adjacent bytes (it vectorises) and looks closer
//! only when that pass finds something. The tests check every condition against its
//! recogniser's regex on the recogniser's examples and on generated matches, so a condition that
//! ever rejected a real match would fail them.

/// Some `i` with `f0(b[i]) && f1(b[i + 1])`. Zipped slices and no early exit, so it
/// vectorises: about a cycle per byte.
fn any2(b: &[u8], f0: impl Fn(u8) -> bool, f1: impl Fn(u8) -> bool) -> bool {
    let m = b.len().saturating_sub(1);
    b[..m]
        .iter()
        .zip(&b[1..])
        .fold(false, |acc, (&x, &y)| acc | (f0(x) & f1(y)))
}

/// Some `i` with `f0(b[i]) && f1(b[i + 1]) && f2(b[i + 2])`, as [`any2`].
fn any3(
    b: &[u8],
    f0: impl Fn(u8) -> bool,
    f1: impl Fn(u8) -> bool,
    f2: impl Fn(u8) -> bool,
) -> bool {
    let m = b.len().saturating_sub(2);
    b[..m]
        .iter()
        .zip(&b[1..])
        .zip(&b[2..])
        .fold(false, |acc, ((&x, &y), &z)| acc | (f0(x) & f1(y) & f2(z)))
}

/// Four bytes in `f`, then one in `g`, as [`any2`].
fn any4_then(b: &[u8], f: impl Fn(u8) -> bool, g: impl Fn(u8) -> bool) -> bool {
    let m = b.len().saturating_sub(4);
    b[..m]
        .iter()
        .zip(&b[1..])
        .zip(&b[2..])
        .zip(&b[3..])
        .zip(&b[4..])
        .fold(false, |acc, ((((&p, &q), &r), &s), &t)| {
            acc | (f(p) & f(q) & f(r) & f(s) & g(t))
        })
}

fn upper(c: u8) -> bool {
    c.is_ascii_uppercase()
}

fn digit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// `n` bytes in `run` in a row, then a byte in `end`, or the byte `sep` and then one in `end`.
fn run_then(
    b: &[u8],
    n: usize,
    run: impl Fn(u8) -> bool,
    end: impl Fn(u8) -> bool,
    sep: Option<u8>,
) -> bool {
    let mut len = 0usize;
    for (i, &c) in b.iter().enumerate() {
        if run(c) {
            len += 1;
            continue;
        }
        if len >= n && (end(c) || (Some(c) == sep && b.get(i + 1).is_some_and(|&d| end(d)))) {
            return true;
        }
        len = 0;
    }
    false
}

/// `n` (at least 2) ASCII uppercase letters in a row, then (optionally one space, when
/// `space`) a digit.
pub(crate) fn upper_run_then_digit(b: &[u8], n: usize, space: bool) -> bool {
    let next = |c: u8| digit(c) | (space & (c == b' '));
    any3(b, upper, upper, next) && run_then(b, n, upper, digit, space.then_some(b' '))
}

/// `n` (at least 4) ASCII digits in a row, then (optionally a `-`) an ASCII uppercase letter.
pub(crate) fn digits_then_upper(b: &[u8], n: usize) -> bool {
    any4_then(b, digit, |c| upper(c) | (c == b'-')) && run_then(b, n, digit, upper, Some(b'-'))
}

/// An international prefix: `+` or `00`, then a digit 1-9.
pub(crate) fn international_prefix(b: &[u8]) -> bool {
    let nonzero = |c: u8| digit(c) & (c != b'0');
    any2(b, |c| c == b'+', nonzero) || any3(b, |c| c == b'0', |c| c == b'0', nonzero)
}

/// A byte of the value class of the generic assignment rules, `[A-Za-z0-9_+/=.~-]`, or any
/// byte of a multi-byte character: under `(?i)` the class also takes `ſ` and the Kelvin sign.
fn value_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || c >= 0x80
        || matches!(c, b'_' | b'+' | b'/' | b'=' | b'.' | b'~' | b'-')
}

/// A quote (`"` or `'`), at least `n` value bytes, a quote.
pub(crate) fn quoted_run(b: &[u8], n: usize) -> bool {
    memchr::memchr2_iter(b'"', b'\'', b).any(|q| {
        let run = b[q + 1..].iter().take_while(|&&c| value_byte(c)).count();
        run >= n && b.get(q + 1 + run).is_some_and(|&c| c == b'"' || c == b'\'')
    })
}

/// `=`, spaces or tabs, then at least `n` value bytes.
pub(crate) fn assigned_run(b: &[u8], n: usize) -> bool {
    memchr::memchr_iter(b'=', b).any(|e| {
        let rest = &b[e + 1..];
        let pad = rest
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        rest[pad..].iter().take_while(|&&c| value_byte(c)).count() >= n
    })
}

/// An `@` (credentials in a URL come before one).
pub(crate) fn has_at(b: &[u8]) -> bool {
    memchr::memchr(b'@', b).is_some()
}

/// One of `titles` (exact case), then `.` or a space (ASCII ones and vertical tab; any byte of
/// a multi-byte character counts too, since `\s` also matches non-ASCII spaces).
pub(crate) fn title_then_space(b: &[u8], titles: &[&str]) -> bool {
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_uppercase() {
            for t in titles {
                let t = t.as_bytes();
                if b[i..].starts_with(t)
                    && b.get(i + t.len()).is_some_and(|&c| {
                        c == b'.' || c == 0x0b || c.is_ascii_whitespace() || c >= 0x80
                    })
                {
                    return true;
                }
            }
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    /// A pattern, its prefilter, its examples and its compiled regex, for every built-in
    /// recogniser and rule that has a prefilter.
    type Filtered = (
        String,
        &'static str,
        fn(&[u8]) -> bool,
        Vec<&'static str>,
        regex::bytes::Regex,
    );

    fn filtered() -> Vec<Filtered> {
        let built = crate::dlp::builtin_regexes().expect("built-in regexes");
        let mut out: Vec<Filtered> = Vec::new();
        for (s, r) in crate::dlp::pii::all().into_iter().zip(&built.0) {
            if let Some(p) = s.prefilter {
                let ex = s.positives.iter().chain(s.negatives).copied().collect();
                out.push((s.entity.to_owned(), s.pattern, p, ex, r.clone()));
            }
        }
        for (s, r) in crate::dlp::secrets::all().into_iter().zip(&built.1) {
            if let Some(p) = s.prefilter {
                let ex = s.positives.iter().chain(s.negatives).copied().collect();
                out.push((s.id.to_owned(), s.pattern, p, ex, r.clone()));
            }
        }
        out
    }

    /// Where the regex matches, the prefilter must say yes: on the examples, every piece of
    /// them, and strings generated from the pattern (word boundaries and anchors dropped) amid
    /// noise.
    #[test]
    fn prefilters_never_reject_a_match() {
        let specs = filtered();
        assert_eq!(specs.len(), 9, "patterns with a prefilter");
        for (name, pattern, pre, examples, re) in specs {
            let mut texts: Vec<String> = Vec::new();
            for t in examples {
                let cuts: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
                for &a in &cuts {
                    for &b in cuts.iter().filter(|&&b| b >= a) {
                        texts.push(t[a..b].to_owned());
                    }
                }
            }
            let core = pattern
                .replace(r"\b", "")
                .replace("(?im:^", "(?i:")
                .replace("$)", ")");
            let matches = proptest::string::string_regex(&core).expect("pattern generator");
            let noise = "[ -~\u{a0}é]{0,12}";
            let strat = (noise, matches, noise).prop_map(|(a, m, b)| format!("{a}{m}{b}"));
            let mut runner = proptest::test_runner::TestRunner::deterministic();
            for _ in 0..2000 {
                let v = strat.new_tree(&mut runner).expect("generate").current();
                texts.push(v);
            }
            let mut matched = 0;
            for t in &texts {
                if re.is_match(t.as_bytes()) {
                    matched += 1;
                    assert!(
                        pre(t.as_bytes()),
                        "{name}: prefilter rejects a match in {t:?}"
                    );
                }
            }
            assert!(matched > 100, "{name}: only {matched} texts matched");
        }
    }

    #[test]
    fn conditions() {
        assert!(upper_run_then_digit(b"x ABCPE1234F", 5, false));
        assert!(!upper_run_then_digit(b"x ABCP1234F", 5, false));
        assert!(upper_run_then_digit(b"AB 12 34 56 C", 2, true));
        assert!(!upper_run_then_digit(b"AB 12 34 56 C", 2, false));
        assert!(!upper_run_then_digit(b"A 12", 2, true));
        assert!(digits_then_upper(b"12345678Z", 7));
        assert!(digits_then_upper(b"1234567-L x", 7));
        assert!(!digits_then_upper(b"123456-L", 7));
        assert!(!digits_then_upper(b"1234567-", 7));
        assert!(international_prefix(b"call +44 20"));
        assert!(international_prefix(b"0049 30"));
        assert!(!international_prefix(b"+0 000 0"));
        assert!(title_then_space(b"ask Dr Jane", &["Dr"]));
        assert!(title_then_space(b"Mr.Smith", &["Mr"]));
        assert!(title_then_space("Ms\u{a0}Lee".as_bytes(), &["Ms"]));
        assert!(!title_then_space(b"the Drive", &["Dr"]));
        assert!(!title_then_space(b"dr who", &["Dr"]));
    }
}
