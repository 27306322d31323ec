//! Normalisation that defeats evasion, with a map back to the original bytes.
//!
//! Steps: Unicode NFKC; invisible, zero-width and tag characters (U+E0000–E007F) removed and
//! reported; confusable/homoglyph folding; spaced-out letters collapsed; leetspeak folded; and
//! embedded encodings (base64, hex, URL-encoding, ROT13) decoded, bounded in depth and size.
//!
//! INVARIANT: every span this module reports, and every span obtained through
//! [`Normalized::original_span`], lies inside the original text on character boundaries.

use moat_core::Span;
use serde::{Deserialize, Serialize};

/// Bounds on normalisation work, so hostile input cannot make it expensive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeLimits {
    /// How many layers of nested encodings are decoded (base64 inside hex inside ...).
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
}

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
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        if self.map.is_empty() {
            return Span::new(0, 0);
        }
        let last = self.map.len() - 1;
        let s = self.map[start.min(last)] as usize;
        let e = if end == 0 {
            s
        } else {
            self.map_end[(end - 1).min(self.map_end.len().saturating_sub(1))] as usize
        };
        Span::new(s, e)
    }
}

/// Normalise `text` within `limits`.
pub fn normalize(text: &str, limits: &NormalizeLimits) -> Normalized {
    let _ = limits;
    // Identity mapping; the real pipeline replaces this.
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut map_end = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        for _ in 0..c.len_utf8() {
            map.push(i as u32);
            map_end.push((i + c.len_utf8()) as u32);
        }
    }
    map.push(text.len() as u32);
    Normalized {
        text: text.to_owned(),
        map,
        map_end,
        obfuscations: Vec::new(),
        decoded: Vec::new(),
    }
}
