//! Normalisation that defeats evasion, with a map back to the original bytes.
//!
//! # What detectors get
//!
//! [`normalize`] returns a [`Normalized`]:
//!
//! * [`Normalized::text`] — the *detector view*. Built in one pass over the original plus three
//!   in-place passes over the (usually ASCII) result:
//!   1. **Unicode** (`unicode.rs`): NFKC per character cluster; invisible, zero-width, bidi
//!      control and C0/C1 control characters removed; Unicode tag characters (U+E0000–E007F)
//!      removed; lowercased; diacritics on Latin letters dropped (`é` -> `e`, `ø` -> `o`,
//!      `ß` -> `ss`); every run of whitespace becomes exactly one ASCII space.
//!   2. **Homoglyphs** (`confusables.rs`): look-alike letters from Cyrillic, Greek, Armenian,
//!      Cherokee, IPA/small capitals, regional indicators and enclosed letters folded to Latin
//!      inside words that mix them with Latin letters, or consist of nothing but small
//!      capitals/IPA/indicators, or of nothing but Cyrillic/Greek/... look-alikes *and* spell
//!      a known English word. Genuine Russian or Greek words are kept.
//!   3. **Spacing** (`spacing.rs`): a run of >= 4 single letters/digits (at least 3 letters)
//!      separated by the same 1–3 character separator is joined: `i g n o r e`,
//!      `i.g.n.o.r.e`, `i - g - n` ... -> `ignore`.
//!   4. **Leetspeak** (`leet.rs`): inside a token of `[a-z0-9@$!|+]`, digits and symbols are
//!      read as letters (`0`o `1`i `3`e `4`a `5`s `7`t `8`b `9`g `@`a `$`s `!`i `|`l `+`t)
//!      only when the folded token is a known word (`@ll` -> `all`), or when a digit sits
//!      between two letters and the token is not a number, unit, ordinal, version, hex string,
//!      numeronym (`k8s`, `i18n`) or `letters+digits` identifier (`sha256`, `gpt4`).
//!
//!   The text is therefore lowercase and mostly ASCII; detectors should match lowercase
//!   patterns with single spaces.
//! * [`Normalized::original_span`] maps any byte range of `text` back to the original text.
//! * [`Normalized::obfuscations`] — each evasion seen, with its span in the original, sorted by
//!   start. Adjacent findings of one kind are merged, and each kind is capped at
//!   [`MAX_FINDINGS_PER_KIND`] entries (the last one is widened instead), so the list stays
//!   small on hostile input. What is *reported* is deliberately narrower than what is folded,
//!   so ordinary text does not look evasive:
//!   - `Invisible`: only when next to an ASCII letter/digit (`ig\u{200B}nore`), or a bidi
//!     override/isolate anywhere. Zero-width joiners inside emoji or Persian text are removed
//!     silently; a leading byte-order mark is ignored.
//!   - `TagCharacters`: every run, except a well-formed emoji subdivision flag (🏴 + tags).
//!   - `Compatibility`: only styled Latin letters (fullwidth, mathematical, enclosed,
//!     superscript/modifier, letterlike); ligatures like `ﬁ` and `™` are folded silently.
//!   - `Homoglyph`: a word mixing Latin letters with look-alikes, or a word made only of
//!     look-alikes whose folded form is a known English word (`ассеss` in Cyrillic).
//!   - `Spacing`, `Leetspeak`: whenever the step changed the text.
//!   - `Base64`, `Hex`, `UrlEncoding`, `Rot13`: one per decoded payload (see below). A URL with
//!     two or more `%XX` escapes is reported too; on its own that is a weak signal.
//! * [`Normalized::decoded`] — payloads found encoded in the text, decoded, themselves
//!   normalised (their `text` is a detector view), with the span of the *encoded run* in the
//!   original. Nested payloads (base64 inside hex ...) are listed flat with `depth` > 1 and the
//!   outermost span. Kinds: `TagCharacters` (the hidden ASCII of a tag run), `Base64` (std or
//!   url-safe, >= 16 chars), `Hex` (>= 16 digits, plain, `0x`-prefixed, `\x`-escaped or as
//!   space-separated pairs; plain and pairs need a letter a–f, so long decimal numbers are not
//!   hex), `UrlEncoding` (a token with >= 2 `%XX`), `Rot13` (a sentence
//!   whose ROT13 has far more common English words than itself). A payload is kept only if it
//!   decodes to UTF-8 that is at least 90% printable and has at least 4 letters.
//!
//! # Bounds
//!
//! Linear time in the input; allocation per call, never per character. Encodings nest up to
//! [`NormalizeLimits::max_decode_depth`] layers and produce at most
//! [`NormalizeLimits::max_decoded_bytes`] bytes in total (a longer payload is decoded as far
//! as the budget allows). Tag-character payloads are always decoded (the characters are in the
//! text, not nested), within the byte budget. Input longer than 4 GiB − 1 is normalised up to
//! that length only.
//!
//! INVARIANT: every span this module reports, and every span obtained through
//! [`Normalized::original_span`], lies inside the original text on character boundaries, with
//! `start <= end`; the byte map is monotone.

mod class;
mod confusables;
mod decode;
mod leet;
mod spacing;
mod unicode;
mod words;

use moat_core::Span;
use serde::{Deserialize, Serialize};

/// Bounds on normalisation work, so hostile input cannot make it expensive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeLimits {
    /// How many layers of nested encodings are decoded (base64 inside hex inside ...).
    /// 0 turns decoding of base64/hex/URL/ROT13 off.
    pub max_decode_depth: u8,
    /// Total bytes of decoded payloads produced per input.
    pub max_decoded_bytes: usize,
}

impl Default for NormalizeLimits {
    fn default() -> Self {
        NormalizeLimits {
            max_decode_depth: 2,
            max_decoded_bytes: 64 * 1024,
        }
    }
}

/// What kind of evasion was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObfuscationKind {
    /// Zero-width or other invisible format characters.
    Invisible,
    /// Unicode tag characters (U+E0000–E007F), "ASCII smuggling".
    TagCharacters,
    /// Characters folded by compatibility normalisation (fullwidth, ligatures, ...).
    Compatibility,
    /// Look-alike letters from other scripts folded to Latin.
    Homoglyph,
    /// Letters separated by spaces or punctuation ("i g n o r e").
    Spacing,
    /// Digits and symbols standing for letters ("1gn0r3").
    Leetspeak,
    /// An embedded base64 payload.
    Base64,
    /// An embedded hex payload.
    Hex,
    /// An embedded URL-encoded payload.
    UrlEncoding,
    /// ROT13 text.
    Rot13,
}

impl ObfuscationKind {
    const COUNT: usize = 10;

    fn index(self) -> usize {
        match self {
            ObfuscationKind::Invisible => 0,
            ObfuscationKind::TagCharacters => 1,
            ObfuscationKind::Compatibility => 2,
            ObfuscationKind::Homoglyph => 3,
            ObfuscationKind::Spacing => 4,
            ObfuscationKind::Leetspeak => 5,
            ObfuscationKind::Base64 => 6,
            ObfuscationKind::Hex => 7,
            ObfuscationKind::UrlEncoding => 8,
            ObfuscationKind::Rot13 => 9,
        }
    }
}

/// One evasion found in the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Obfuscation {
    /// What it was.
    pub kind: ObfuscationKind,
    /// Where it is in the original text.
    pub span: Span,
}

/// A payload found encoded inside the text, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The encoding that was undone.
    pub kind: ObfuscationKind,
    /// Where the encoded form sits in the original text.
    pub span: Span,
    /// The decoded text, itself normalised. Spans found inside it map to `span` as a whole.
    pub text: String,
    /// 1 for a payload found in the original text, 2 for one found inside a depth-1 payload,
    /// and so on. `span` is always the outermost encoded run.
    pub depth: u8,
}

/// Most findings of one kind kept per input; further ones widen the last entry.
pub const MAX_FINDINGS_PER_KIND: usize = 64;

/// The normalised form of a text, with a byte map back to the original.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Normalized {
    /// The folded text that detectors read.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original where the character it came
    /// from starts. One extra entry at the end maps `text.len()` to the original's length.
    map: Vec<u32>,
    /// The end of the original character each byte came from (for span ends).
    map_end: Vec<u32>,
    /// Evasions seen.
    pub obfuscations: Vec<Obfuscation>,
    /// Decoded embedded payloads.
    pub decoded: Vec<Decoded>,
}

impl Normalized {
    /// Map a byte range of [`Normalized::text`] back to the original text.
    ///
    /// Out-of-range offsets are clamped; the result is always a span of the original on
    /// character boundaries with `start <= end`. An empty range maps to an empty span at the
    /// original position of `start`.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        if self.map.is_empty() {
            return Span::new(0, 0);
        }
        let last = self.map.len() - 1;
        let s = self.map[start.min(last)] as usize;
        let e = if end <= start || self.map_end.is_empty() {
            s
        } else {
            self.map_end[(end - 1).min(self.map_end.len() - 1)] as usize
        };
        Span::new(s, e)
    }

    /// The original offset where the character behind byte `i` of `text` starts (`i` clamped;
    /// `text.len()` maps to the original's length).
    pub fn original_offset(&self, i: usize) -> usize {
        match self.map.get(i.min(self.map.len().saturating_sub(1))) {
            Some(&o) => o as usize,
            None => 0,
        }
    }

    /// True when an evasion of `kind` was seen.
    pub fn has(&self, kind: ObfuscationKind) -> bool {
        self.obfuscations.iter().any(|o| o.kind == kind)
    }
}

/// Normalise `text` within `limits`.
pub fn normalize(text: &str, limits: &NormalizeLimits) -> Normalized {
    let mut budget = limits.max_decoded_bytes;
    normalize_at(text, limits, 0, &mut budget)
}

/// Byte buffer with a per-byte map to the original text, edited in place by the passes.
#[derive(Debug, Default)]
pub(crate) struct Buf {
    pub(crate) bytes: Vec<u8>,
    pub(crate) start: Vec<u32>,
    pub(crate) end: Vec<u32>,
}

impl Buf {
    fn with_capacity(n: usize) -> Self {
        Buf {
            bytes: Vec::with_capacity(n),
            start: Vec::with_capacity(n + 1),
            end: Vec::with_capacity(n),
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, b: u8, s: u32, e: u32) {
        self.bytes.push(b);
        self.start.push(s);
        self.end.push(e);
    }

    /// Move byte `r` (and its map) to `w`; `w <= r`.
    #[inline]
    pub(crate) fn mov(&mut self, w: usize, r: usize) {
        if w != r {
            self.bytes[w] = self.bytes[r];
            self.start[w] = self.start[r];
            self.end[w] = self.end[r];
        }
    }

    /// Move bytes `r..r+len` down to `w`; `w <= r`.
    #[inline]
    pub(crate) fn mov_range(&mut self, w: usize, r: usize, len: usize) {
        if w != r && len > 0 {
            self.bytes.copy_within(r..r + len, w);
            self.start.copy_within(r..r + len, w);
            self.end.copy_within(r..r + len, w);
        }
    }

    pub(crate) fn truncate(&mut self, n: usize) {
        self.bytes.truncate(n);
        self.start.truncate(n);
        self.end.truncate(n);
    }

    pub(crate) fn span(&self, from: usize, to: usize) -> Span {
        // INVARIANT: from < to <= len, maps monotone.
        Span::new(self.start[from] as usize, self.end[to - 1] as usize)
    }
}

/// Evasions collected while normalising: merged per kind and capped.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    list: Vec<Obfuscation>,
    last: [Option<usize>; ObfuscationKind::COUNT],
    count: [usize; ObfuscationKind::COUNT],
}

impl Findings {
    pub(crate) fn add(&mut self, kind: ObfuscationKind, span: Span) {
        let k = kind.index();
        if let Some(i) = self.last[k] {
            let prev = &mut self.list[i];
            if span.start <= prev.span.end && span.end >= prev.span.start
                || self.count[k] >= MAX_FINDINGS_PER_KIND
            {
                prev.span = Span::new(prev.span.start.min(span.start), prev.span.end.max(span.end));
                return;
            }
        }
        self.last[k] = Some(self.list.len());
        self.count[k] += 1;
        self.list.push(Obfuscation { kind, span });
    }

    fn into_sorted(mut self) -> Vec<Obfuscation> {
        self.list.sort_by_key(|o| (o.span.start, o.kind.index()));
        self.list
    }
}

/// Inputs longer than this are normalised up to here (offsets are `u32`).
const MAX_INPUT: usize = u32::MAX as usize - 1;

fn normalize_at(text: &str, limits: &NormalizeLimits, depth: u8, budget: &mut usize) -> Normalized {
    let text = if text.len() > MAX_INPUT {
        let mut cut = MAX_INPUT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        &text[..cut]
    } else {
        text
    };
    let mut buf = Buf::with_capacity(text.len() + 8);
    let mut fx = Findings::default();
    let mut tags = Vec::new();
    if let Some(region) = unicode::fold(text, &mut buf, &mut fx, &mut tags) {
        confusables::fold_words(&mut buf, &mut fx, region);
    }
    spacing::join(&mut buf, &mut fx);
    leet::fold(&mut buf, &mut fx);

    let mut decoded = Vec::new();
    for tag in tags {
        if *budget == 0 {
            break;
        }
        let take = truncate_to_char(&tag.hidden, *budget);
        *budget -= take.len();
        push_decoded(
            &mut decoded,
            &mut fx,
            ObfuscationKind::TagCharacters,
            tag.span,
            take,
            limits,
            depth,
            budget,
        );
    }
    if depth < limits.max_decode_depth {
        for p in decode::find(text, budget) {
            push_decoded(
                &mut decoded,
                &mut fx,
                p.kind,
                p.span,
                &p.text,
                limits,
                depth,
                budget,
            );
        }
    }

    let mut map = buf.start;
    map.push(text.len() as u32);
    let text_out = match String::from_utf8(buf.bytes) {
        Ok(s) => s,
        // Unreachable: every pass writes whole UTF-8 characters. Fail safe: an empty view
        // with a consistent map rather than a panic.
        Err(_) => {
            return Normalized {
                text: String::new(),
                map: vec![0],
                map_end: Vec::new(),
                obfuscations: fx.into_sorted(),
                decoded,
            };
        }
    };
    Normalized {
        text: text_out,
        map,
        map_end: buf.end,
        obfuscations: fx.into_sorted(),
        decoded,
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "internal helper threading recursion state"
)]
fn push_decoded(
    decoded: &mut Vec<Decoded>,
    fx: &mut Findings,
    kind: ObfuscationKind,
    span: Span,
    payload: &str,
    limits: &NormalizeLimits,
    depth: u8,
    budget: &mut usize,
) {
    fx.add(kind, span);
    let inner = normalize_at(payload, limits, depth + 1, budget);
    decoded.push(Decoded {
        kind,
        span,
        text: inner.text,
        depth: depth + 1,
    });
    // Evasions inside a payload are reported at the payload's place in the original.
    for o in inner.obfuscations {
        fx.add(o.kind, span);
    }
    for d in inner.decoded {
        decoded.push(Decoded { span, ..d });
    }
}

/// The longest prefix of `s` of at most `n` bytes ending on a character boundary.
pub(crate) fn truncate_to_char(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut cut = n;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

#[cfg(test)]
mod tests;
