//! Pass 1, over the original text: NFKC, invisible and tag characters removed, lowercase,
//! diacritics on Latin letters dropped, whitespace collapsed. Plain ASCII runs take a fast path
//! that copies and lowercases them in bulk.

use moat_core::Span;
use unicode_normalization::char::{
    canonical_combining_class, decompose_canonical, is_combining_mark,
};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::{Buf, Findings, ObfuscationKind};

/// A run of tag characters and the ASCII it hides.
#[derive(Debug)]
pub(crate) struct TagRun {
    pub(crate) span: Span,
    pub(crate) hidden: String,
}

/// Most combining marks gathered onto one base for NFKC; the rest are handled one by one.
const MAX_CLUSTER: usize = 32;

/// Zero-width, invisible format and control characters: removed from the detector view.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0000}'..='\u{0008}' | '\u{000E}'..='\u{001F}' | '\u{007F}'..='\u{0084}'
        | '\u{0086}'..='\u{009F}'
        | '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}'
        | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Bidi overrides and isolates ("Trojan Source"): reported wherever they are.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_tag(c: char) -> bool {
    ('\u{E0000}'..='\u{E007F}').contains(&c)
}

/// Blocks of *styled Latin letters*: folding one of these to ASCII is reported as
/// `Compatibility`. Ligatures, `™`, CJK compatibility forms ... are folded silently.
fn is_styled_letter_block(c: char) -> bool {
    matches!(c,
        '\u{FF01}'..='\u{FF5E}'          // fullwidth ASCII
        | '\u{1D400}'..='\u{1D7FF}'      // mathematical alphanumerics
        | '\u{2460}'..='\u{24FF}'        // enclosed alphanumerics
        | '\u{1F100}'..='\u{1F1FF}'      // enclosed alphanumeric supplement
        | '\u{1D2C}'..='\u{1D6A}'        // modifier letters
        | '\u{2070}'..='\u{209F}'        // superscripts and subscripts
        | '\u{02B0}'..='\u{02B8}'        // modifier small letters
        | '\u{2100}'..='\u{2115}' | '\u{2117}'..='\u{211F}' | '\u{2124}'..='\u{214F}')
}

/// Latin letters that do not decompose but read as a plain letter (folded silently, like
/// diacritics). Values are never longer in UTF-8 than their key.
fn latin_extra(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' | 'ǿ' => "o",
        'đ' | 'ɗ' => "d",
        'ħ' => "h",
        'ł' | 'ƚ' => "l",
        'ŧ' => "t",
        'ƀ' => "b",
        'ɇ' => "e",
        'ı' => "i",
        'ȷ' => "j",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ŋ' => "n",
        'ƶ' => "z",
        _ => return None,
    })
}

/// The plain Latin letter(s) a Latin letter with diacritics stands for.
fn latin_base(c: char) -> Option<&'static str> {
    let cp = c as u32;
    if !(0xC0..=0x24F).contains(&cp) && !(0x1E00..=0x1EFF).contains(&cp) {
        return None;
    }
    if let Some(s) = latin_extra(c) {
        return Some(s);
    }
    let mut first = None;
    decompose_canonical(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    match first {
        Some(d) if d.is_ascii_alphabetic() && d != c => ascii_letter_str(d.to_ascii_lowercase()),
        _ => None,
    }
}

fn ascii_letter_str(c: char) -> Option<&'static str> {
    const L: &str = "abcdefghijklmnopqrstuvwxyz";
    let i = (c as u32).checked_sub('a' as u32)? as usize;
    L.get(i..i + 1)
}

struct State<'a> {
    buf: &'a mut Buf,
    fx: &'a mut Findings,
    /// A whitespace run waiting to be written as one space before the next visible character.
    pending_space: Option<(u32, u32)>,
    /// Invisible characters waiting for the next visible one to decide whether to report them.
    pending_invisible: Option<(usize, usize, bool)>,
    /// The last character written was an ASCII letter or digit.
    last_ascii_alnum: bool,
    /// The last character written was an ASCII letter (combining marks after it are dropped).
    last_ascii_letter: bool,
    /// Where in `buf` non-ASCII output starts and ends (for the homoglyph pass).
    non_ascii: Option<(usize, usize)>,
}

impl State<'_> {
    #[inline]
    fn space(&mut self, s: usize, e: usize) {
        match &mut self.pending_space {
            Some((_, end)) => *end = e as u32,
            None => self.pending_space = Some((s as u32, e as u32)),
        }
        self.last_ascii_alnum = false;
        self.last_ascii_letter = false;
    }

    /// Called before writing a visible character.
    #[inline]
    fn before_visible(&mut self, next_ascii_alnum: bool) {
        if let Some((s, e)) = self.pending_space.take() {
            self.buf.push(b' ', s, e);
            self.last_ascii_alnum = false;
            self.last_ascii_letter = false;
        }
        if let Some((s, e, always)) = self.pending_invisible.take()
            && (always || next_ascii_alnum || self.last_ascii_alnum)
        {
            self.fx.add(ObfuscationKind::Invisible, Span::new(s, e));
        }
    }

    fn invisible(&mut self, s: usize, e: usize, always: bool) {
        if let Some((_, end, a)) = &mut self.pending_invisible {
            *end = e;
            *a |= always;
        } else {
            self.pending_invisible = Some((s, e, always || self.last_ascii_alnum));
        }
    }

    fn finish(&mut self) {
        if let Some((s, e, always)) = self.pending_invisible.take()
            && (always || self.last_ascii_alnum)
        {
            self.fx.add(ObfuscationKind::Invisible, Span::new(s, e));
        }
        if let Some((s, e)) = self.pending_space.take() {
            self.buf.push(b' ', s, e);
        }
    }

    fn push_str(&mut self, s: &str, from: u32, to: u32) {
        for &b in s.as_bytes() {
            self.buf.push(b, from, to);
        }
    }

    /// Write one character coming out of NFKC, lowercased and with Latin diacritics dropped.
    fn emit(&mut self, ch: char, from: usize, to: usize) {
        let (f, t) = (from as u32, to as u32);
        if ch.is_ascii() {
            let b = ch as u8;
            if b.is_ascii_whitespace() {
                self.space(from, to);
            } else if b < 0x20 || b == 0x7F {
                // NFKC never yields these; keep the view free of controls all the same.
            } else {
                self.before_visible(b.is_ascii_alphanumeric());
                self.buf.push(b.to_ascii_lowercase(), f, t);
                self.last_ascii_alnum = b.is_ascii_alphanumeric();
                self.last_ascii_letter = b.is_ascii_alphabetic();
            }
            return;
        }
        if ch.is_whitespace() {
            self.space(from, to);
            return;
        }
        if is_invisible(ch) || is_tag(ch) {
            return;
        }
        if self.last_ascii_letter && is_combining_mark(ch) {
            return;
        }
        let mut lower = ch.to_lowercase();
        let (one, rest) = (lower.next(), lower.next());
        match (one, rest) {
            (Some(l), None) => self.emit_lower(l, f, t),
            (Some(l), Some(r)) => {
                self.emit_lower(l, f, t);
                self.emit_lower(r, f, t);
                for l in lower {
                    self.emit_lower(l, f, t);
                }
            }
            (None, _) => {}
        }
    }

    /// Write a character known to be plain (see [`PlainCache`]), already lowercased.
    #[inline]
    fn emit_plain(&mut self, lower: char, from: usize, to: usize) {
        self.before_visible(false);
        let at = self.buf.bytes.len();
        let mut tmp = [0u8; 4];
        let enc = lower.encode_utf8(&mut tmp);
        self.buf.bytes.extend_from_slice(enc.as_bytes());
        let k = enc.len();
        self.buf.start.extend(std::iter::repeat_n(from as u32, k));
        self.buf.end.extend(std::iter::repeat_n(to as u32, k));
        self.last_ascii_alnum = false;
        self.last_ascii_letter = false;
        let end = self.buf.bytes.len();
        self.non_ascii = Some(self.non_ascii.map_or((at, end), |(s, _)| (s, end)));
    }

    fn emit_lower(&mut self, c: char, f: u32, t: u32) {
        if c.is_ascii() {
            self.before_visible(c.is_ascii_alphanumeric());
            self.buf.push(c as u8, f, t);
            self.last_ascii_alnum = c.is_ascii_alphanumeric();
            self.last_ascii_letter = c.is_ascii_alphabetic();
            return;
        }
        if self.last_ascii_letter && is_combining_mark(c) {
            return;
        }
        if let Some(base) = latin_base(c) {
            self.before_visible(true);
            self.push_str(base, f, t);
            self.last_ascii_alnum = true;
            self.last_ascii_letter = true;
            return;
        }
        self.before_visible(false);
        let at = self.buf.bytes.len();
        let mut tmp = [0u8; 4];
        self.push_str(c.encode_utf8(&mut tmp), f, t);
        self.last_ascii_alnum = false;
        self.last_ascii_letter = false;
        let end = self.buf.bytes.len();
        self.non_ascii = Some(self.non_ascii.map_or((at, end), |(s, _)| (s, end)));
    }
}

/// Run pass 1 over `text` into `buf`. Returns the byte range of `buf` holding its non-ASCII
/// characters, if any (only there does the homoglyph pass have work).
pub(crate) fn fold(
    text: &str,
    buf: &mut Buf,
    fx: &mut Findings,
    tags: &mut Vec<TagRun>,
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut st = State {
        buf,
        fx,
        pending_space: None,
        pending_invisible: None,
        last_ascii_alnum: false,
        last_ascii_letter: false,
        non_ascii: None,
    };
    let mut seg = String::new();
    let mut cache = PlainCache::new();
    let mut tag: Option<(usize, usize, String, Option<char>)> = None;
    let mut prev_char: Option<char> = None;
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            if let Some(t) = tag.take() {
                finish_tag(t, st.fx, tags);
            }
            if b.is_ascii_whitespace() {
                st.space(i, i + 1);
                i += 1;
                prev_char = Some(b as char);
                continue;
            }
            if b < 0x20 || b == 0x7F {
                st.invisible(i, i + 1, false);
                i += 1;
                prev_char = Some(b as char);
                continue;
            }
            // Fast path: a run of printable ASCII with single spaces between words is copied
            // in bulk (a space maps to itself, as the slow path would map it).
            st.before_visible(b.is_ascii_alphanumeric());
            let start = i;
            loop {
                while i < n && is_graphic(bytes[i]) {
                    i += 1;
                }
                if i + 1 < n && bytes[i] == b' ' && is_graphic(bytes[i + 1]) {
                    i += 2;
                } else {
                    break;
                }
            }
            let run = &bytes[start..i];
            st.buf.bytes.extend(run.iter().map(u8::to_ascii_lowercase));
            st.buf.start.extend(start as u32..i as u32);
            st.buf.end.extend(start as u32 + 1..i as u32 + 1);
            let last = bytes[i - 1];
            st.last_ascii_alnum = last.is_ascii_alphanumeric();
            st.last_ascii_letter = last.is_ascii_alphabetic();
            prev_char = Some(last as char);
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if is_tag(c) {
            let t = tag.get_or_insert_with(|| (i, i, String::new(), prev_char));
            t.1 = i + len;
            let cp = c as u32 - 0xE0000;
            if (0x20..=0x7E).contains(&cp) && t.2.len() < 1 << 20 {
                t.2.push(cp as u8 as char);
            }
            i += len;
            prev_char = Some(c);
            continue;
        }
        if let Some(t) = tag.take() {
            finish_tag(t, st.fx, tags);
        }
        prev_char = Some(c);
        // Fast path: a plain character seen before, with no mark after it.
        if let Some(lower) = cache.get(c)
            && !mark_at(text, i + len, &cache)
        {
            st.emit_plain(lower, i, i + len);
            i += len;
            continue;
        }
        if is_invisible(c) {
            let silent_bom = c == '\u{FEFF}' && i == 0;
            if !silent_bom {
                st.invisible(i, i + len, is_bidi_control(c));
            }
            i += len;
            continue;
        }
        if is_bidi_control(c) {
            st.invisible(i, i + len, true);
            i += len;
            continue;
        }
        if c.is_whitespace() {
            st.space(i, i + len);
            i += len;
            continue;
        }
        // Gather the combining marks that follow, so NFKC can compose the cluster.
        let mut j = i + len;
        let mut marks = 0;
        while j < n && marks < MAX_CLUSTER && mark_at(text, j, &cache) {
            j += text[j..].chars().next().map_or(1, char::len_utf8);
            marks += 1;
        }
        if marks == 0 && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            cache.learn(c);
            st.emit(c, i, j);
        } else {
            seg.clear();
            seg.extend(text[i..j].nfkc());
            if is_styled_letter_block(c) && seg.bytes().any(|b| b.is_ascii_alphabetic()) {
                st.fx.add(ObfuscationKind::Compatibility, Span::new(i, j));
            }
            for ch in seg.chars() {
                st.emit(ch, i, j);
            }
        }
        i = j;
    }
    if let Some(t) = tag.take() {
        finish_tag(t, st.fx, tags);
    }
    st.finish();
    st.non_ascii
}

/// True when a combining mark (that is not invisible) starts at byte `j` of `text`.
#[inline]
fn mark_at(text: &str, j: usize, cache: &PlainCache) -> bool {
    match text.as_bytes().get(j) {
        None => false,
        Some(&b) if b < 0x80 => false,
        Some(_) => match text.get(j..).and_then(|t| t.chars().next()) {
            Some(d) => cache.get(d).is_none() && !is_invisible(d) && is_mark(d),
            None => false,
        },
    }
}

#[inline]
fn is_graphic(b: u8) -> bool {
    b > 0x20 && b < 0x7F
}

fn is_mark(c: char) -> bool {
    (c as u32) >= 0x300 && (canonical_combining_class(c) != 0 || is_combining_mark(c))
}

const CACHE_SLOTS: usize = 256;

/// Direct-mapped memo of *plain* non-ASCII characters seen in this text: NFKC-stable, not a
/// mark, invisible or space, lowercasing to one non-Latin character. Text in Cyrillic, Greek,
/// CJK ... repeats a few hundred such characters, so most lookups (NFKC quick check, case
/// tables, mark test) are done once per character per text.
struct PlainCache {
    slots: [(u32, char); CACHE_SLOTS],
}

impl PlainCache {
    fn new() -> Self {
        // u32::MAX is never a char, so empty slots never match.
        PlainCache {
            slots: [(u32::MAX, '\0'); CACHE_SLOTS],
        }
    }

    #[inline]
    fn get(&self, c: char) -> Option<char> {
        let (k, v) = self.slots[c as usize % CACHE_SLOTS];
        (k == c as u32).then_some(v)
    }

    fn learn(&mut self, c: char) {
        if is_mark(c) || is_invisible(c) || c.is_whitespace() || is_tag(c) {
            return;
        }
        let mut lower = c.to_lowercase();
        let (Some(l), None) = (lower.next(), lower.next()) else {
            return;
        };
        if l.is_ascii() || is_mark(l) || latin_base(l).is_some() {
            return;
        }
        self.slots[c as usize % CACHE_SLOTS] = (c as u32, l);
    }
}

/// Close a run of tag characters: report and keep its hidden ASCII, unless it is an emoji
/// subdivision flag (U+1F3F4, 2–6 tag letters/digits, CANCEL TAG).
fn finish_tag(
    (s, e, hidden, before): (usize, usize, String, Option<char>),
    fx: &mut Findings,
    tags: &mut Vec<TagRun>,
) {
    let letters = (e - s) / 4;
    let flag = before == Some('\u{1F3F4}')
        && (3..=7).contains(&letters)
        && hidden.len() + 1 == letters
        && hidden
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if flag {
        return;
    }
    let span = Span::new(s, e);
    fx.add(ObfuscationKind::TagCharacters, span);
    if !hidden.is_empty() {
        tags.push(TagRun { span, hidden });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn run(s: &str) -> (String, Vec<(ObfuscationKind, Span)>, Vec<TagRun>) {
        let mut buf = Buf::default();
        let mut fx = Findings::default();
        let mut tags = Vec::new();
        fold(s, &mut buf, &mut fx, &mut tags);
        let list = fx
            .into_sorted()
            .into_iter()
            .map(|o| (o.kind, o.span))
            .collect();
        (String::from_utf8(buf.bytes).unwrap(), list, tags)
    }

    #[test]
    fn ascii_lowercased_and_spaces_collapsed() {
        let (t, f, _) = run("  Hello\t\n WORLD  ");
        assert_eq!(t, " hello world ");
        assert!(f.is_empty());
    }

    #[test]
    fn zero_width_inside_word_removed_and_reported() {
        let (t, f, _) = run("ig\u{200B}no\u{200D}re");
        assert_eq!(t, "ignore");
        assert_eq!(
            f,
            vec![
                (ObfuscationKind::Invisible, Span::new(2, 5)),
                (ObfuscationKind::Invisible, Span::new(7, 10))
            ]
        );
    }

    #[test]
    fn emoji_zwj_sequence_not_reported() {
        let (t, f, _) = run("family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} ok");
        assert_eq!(t, "family \u{1F468}\u{1F469}\u{1F467} ok");
        assert!(f.is_empty());
    }

    #[test]
    fn bidi_override_always_reported() {
        let (_, f, _) = run("abc \u{202E} def");
        assert_eq!(f, vec![(ObfuscationKind::Invisible, Span::new(4, 7))]);
    }

    #[test]
    fn leading_bom_is_silent() {
        let (t, f, _) = run("\u{FEFF}Hi");
        assert_eq!(t, "hi");
        assert!(f.is_empty());
    }

    #[test]
    fn fullwidth_and_math_letters_fold_and_report() {
        let (t, f, _) = run("ＩＧＮＯＲＥ 𝐚𝐥𝐥");
        assert_eq!(t, "ignore all");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|(k, _)| *k == ObfuscationKind::Compatibility));
        assert_eq!(f[0].1, Span::new(0, 18));
    }

    #[test]
    fn ligature_folds_silently() {
        let (t, f, _) = run("ﬁnal™");
        assert_eq!(t, "finaltm");
        assert!(f.is_empty());
    }

    #[test]
    fn diacritics_dropped_on_latin() {
        assert_eq!(
            run("Ïgnörë çafe\u{301} STRAẞE ø").0,
            "ignore cafe strasse o"
        );
    }

    #[test]
    fn non_latin_text_kept_in_nfkc() {
        // Decomposed Cyrillic ё composes; Hangul and Arabic stay as they are.
        assert_eq!(run("е\u{308}ж 한국어 سلام").0, "ёж 한국어 سلام");
    }

    #[test]
    fn turkish_dotted_capital_i() {
        assert_eq!(run("İGNORE").0, "ignore");
    }

    #[test]
    fn tags_removed_and_decoded() {
        let hidden: String = "Hi!"
            .chars()
            .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
            .collect();
        let s = format!("ok{hidden}go");
        let (t, f, tags) = run(&s);
        assert_eq!(t, "okgo");
        assert_eq!(f, vec![(ObfuscationKind::TagCharacters, Span::new(2, 14))]);
        assert_eq!(tags[0].hidden, "Hi!");
    }

    #[test]
    fn subdivision_flag_is_not_smuggling() {
        let s = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} England";
        let (_, f, tags) = run(s);
        assert!(f.is_empty());
        assert!(tags.is_empty());
    }

    #[test]
    fn zalgo_marks_dropped() {
        assert_eq!(run("i\u{334}\u{321}\u{31B}g\u{337}n\u{335}").0, "ign");
    }
}
