//! Property tests: whatever the input, every span the normaliser gives lies inside the original
//! text, on character boundaries, with start <= end, and the byte map is monotone.
#![allow(clippy::unwrap_used)]

use moat_guard::normalize::{NormalizeLimits, Normalized, normalize};
use proptest::prelude::*;

/// Characters that stress the map: combining marks, tags, joiners, emoji, RTL, ligatures,
/// expanding NFKC and case mappings, look-alikes, whitespace, encodings' alphabets.
const POOL: &[char] = &[
    'a',
    'B',
    'i',
    'g',
    'n',
    'o',
    'r',
    'e',
    '1',
    '0',
    '3',
    '@',
    '$',
    '!',
    '|',
    '+',
    '%',
    '=',
    '/',
    '.',
    '-',
    '_',
    ' ',
    '\t',
    '\n',
    '\u{0}',
    '\u{7F}',
    '\u{85}',
    '\u{A0}',
    '\u{AD}',
    '\u{300}',
    '\u{301}',
    '\u{308}',
    '\u{334}',
    '\u{20E3}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{202E}',
    '\u{2066}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{FE0F}',
    '\u{E0001}',
    '\u{E0041}',
    '\u{E0067}',
    '\u{E007F}',
    '\u{E0100}',
    '\u{1F3F4}',
    '\u{1F468}',
    '\u{1F469}',
    '\u{1F44D}',
    '\u{1F3FD}',
    '\u{1F1EB}',
    '\u{1F1F7}',
    '\u{1F170}',
    'ع',
    'ل',
    'ש',
    'ם',
    '\u{64B}',
    'ﬁ',
    'ﬄ',
    '\u{FDFA}',
    'ŉ',
    'İ',
    'ß',
    'ẞ',
    'Σ',
    'ς',
    'ΐ',
    'ǅ',
    'а',
    'е',
    'о',
    'р',
    'с',
    'ɪ',
    'ᴀ',
    'Ꭺ',
    'ｉ',
    '𝐚',
    'ⓘ',
    '⒤',
    '㍱',
    '한',
    'ᄀ',
    'ᅡ',
    '中',
    '\u{3000}',
    '\u{2028}',
    '\u{FFFD}',
    '\u{10FFFF}',
    'é',
    'ø',
    'ı',
    'ǰ',
];

fn text() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        3 => prop::sample::select(POOL),
        1 => any::<char>(),
    ];
    prop_oneof![
        4 => prop::collection::vec(ch, 0..80).prop_map(|v| v.into_iter().collect()),
        1 => any::<String>(),
        1 => "[A-Za-z0-9+/ ]{0,60}=?=?",
        1 => "(%[0-9A-Fa-f]{2}){0,20}",
        1 => "([a-z] ){0,12}[a-z]",
    ]
}

fn check(original: &str, n: &Normalized) {
    let len = n.text.len();
    let mut prev = (0usize, 0usize);
    for i in 0..len {
        let s = n.original_span(i, i + 1);
        assert!(
            s.start < s.end && s.end <= original.len(),
            "byte {i}: {s:?}"
        );
        assert!(original.is_char_boundary(s.start) && original.is_char_boundary(s.end));
        assert!(
            s.start >= prev.0 && s.end >= prev.1,
            "map not monotone at {i}"
        );
        prev = (s.start, s.end);
    }
    let whole = n.original_span(0, len);
    assert!(whole.end <= original.len());
    assert_eq!(n.original_span(len, len + 10).start, original.len());
    for o in &n.obfuscations {
        assert!(
            o.span.start <= o.span.end && o.span.end <= original.len(),
            "{o:?}"
        );
        assert!(original.is_char_boundary(o.span.start) && original.is_char_boundary(o.span.end));
    }
    for d in &n.decoded {
        assert!(
            d.span.start <= d.span.end && d.span.end <= original.len(),
            "{d:?}"
        );
        assert!(original.is_char_boundary(d.span.start) && original.is_char_boundary(d.span.end));
        assert!(d.depth >= 1);
    }
    assert!(
        n.obfuscations
            .windows(2)
            .all(|p| p[0].span.start <= p[1].span.start)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn spans_point_into_the_original(s in text()) {
        let n = normalize(&s, &NormalizeLimits::default());
        check(&s, &n);
    }

    #[test]
    fn arbitrary_ranges_map_inside(s in text(), a in 0usize..400, b in 0usize..400) {
        let n = normalize(&s, &NormalizeLimits::default());
        let sp = n.original_span(a, b);
        prop_assert!(sp.start <= sp.end && sp.end <= s.len());
        prop_assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
    }

    #[test]
    fn decoded_bytes_respect_the_budget(s in text(), budget in 0usize..64, depth in 0u8..4) {
        let lim = NormalizeLimits { max_decode_depth: depth, max_decoded_bytes: budget };
        let n = normalize(&s, &lim);
        check(&s, &n);
        prop_assert!(n.decoded.iter().all(|d| d.depth <= depth.max(1)));
    }

    #[test]
    fn output_is_lowercase_without_invisibles_or_double_spaces(s in text()) {
        let n = normalize(&s, &NormalizeLimits::default());
        prop_assert!(!n.text.contains("  "));
        prop_assert!(!n.text.chars().any(|c| c.is_ascii_uppercase()));
        let tag = n.text.chars().any(|c| ('\u{E0000}'..='\u{E007F}').contains(&c));
        prop_assert!(!tag);
        let invisible = n.text.contains(['\u{200B}', '\u{200D}', '\u{202E}', '\u{FEFF}', '\t', '\n', '\0']);
        prop_assert!(!invisible);
    }
}
