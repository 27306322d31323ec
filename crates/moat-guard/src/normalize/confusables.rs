//! Pass 2: look-alike letters from other scripts folded to Latin, per word.
//!
//! The table lists *lowercase* characters (pass 1 has already lowercased the text), so the
//! lowercase forms of capitals that look Latin are listed too (Cyrillic `н` from `Н` -> `h`).
//! Sources: the Unicode confusables data (UTS #39, `confusables.txt`) for Cyrillic, Greek,
//! Armenian and Cherokee letters whose prototype is a single Latin letter, plus small capitals
//! and IPA letters, regional indicators and negative squared/circled letters, which have no
//! NFKC decomposition. Enclosed, fullwidth and mathematical letters are left to NFKC.
//!
//! A word is folded when it has at least one look-alike and either some ASCII letter (mixed
//! script: `pаypal` with Cyrillic `а`), or nothing but look-alikes and neutral characters: small
//! capitals, IPA letters, regional indicators (`ɪɢɴᴏʀᴇ`) always; Cyrillic, Greek, Armenian or
//! Cherokee look-alikes only when the folded word is a known English word (`ассеss`), because a
//! short real word of those scripts can consist of look-alikes alone (`как`, `τι`). A word with a
//! letter that has no Latin twin is a real word of its script and is left as it is.

use super::{Buf, Findings, ObfuscationKind, class, words};

/// Look-alike (lowercase) -> Latin. Sorted by code point. Every value is no longer in UTF-8
/// than its key, so the pass can rewrite the buffer in place.
static TABLE: &[(char, &str)] = &[
    ('\u{0251}', "a"), // ɑ latin alpha
    ('\u{0261}', "g"), // ɡ script g
    ('\u{0262}', "g"), // ɢ small capital g
    ('\u{0269}', "i"), // ɩ latin iota
    ('\u{026A}', "i"), // ɪ small capital i
    ('\u{0274}', "n"), // ɴ small capital n
    ('\u{0280}', "r"), // ʀ small capital r
    ('\u{028F}', "y"), // ʏ small capital y
    ('\u{0299}', "b"), // ʙ small capital b
    ('\u{029C}', "h"), // ʜ small capital h
    ('\u{029F}', "l"), // ʟ small capital l
    ('\u{03B1}', "a"), // α alpha
    ('\u{03B2}', "b"), // β beta (from Β)
    ('\u{03B3}', "y"), // γ gamma
    ('\u{03B5}', "e"), // ε epsilon (from Ε)
    ('\u{03B6}', "z"), // ζ zeta (from Ζ)
    ('\u{03B7}', "n"), // η eta
    ('\u{03B9}', "i"), // ι iota
    ('\u{03BA}', "k"), // κ kappa
    ('\u{03BD}', "v"), // ν nu
    ('\u{03BF}', "o"), // ο omicron
    ('\u{03C1}', "p"), // ρ rho
    ('\u{03C4}', "t"), // τ tau (from Τ)
    ('\u{03C5}', "u"), // υ upsilon
    ('\u{03C7}', "x"), // χ chi
    ('\u{03C9}', "w"), // ω omega
    ('\u{03F2}', "c"), // ϲ lunate sigma
    ('\u{03F3}', "j"), // ϳ yot
    ('\u{0430}', "a"), // а
    ('\u{0432}', "b"), // в (from В)
    ('\u{0433}', "r"), // г
    ('\u{0435}', "e"), // е
    ('\u{043A}', "k"), // к (from К)
    ('\u{043C}', "m"), // м (from М)
    ('\u{043D}', "h"), // н (from Н)
    ('\u{043E}', "o"), // о
    ('\u{043F}', "n"), // п
    ('\u{0440}', "p"), // р
    ('\u{0441}', "c"), // с
    ('\u{0442}', "t"), // т (from Т)
    ('\u{0443}', "y"), // у
    ('\u{0445}', "x"), // х
    ('\u{0451}', "e"), // ё
    ('\u{0455}', "s"), // ѕ dze
    ('\u{0456}', "i"), // і
    ('\u{0457}', "i"), // ї
    ('\u{0458}', "j"), // ј
    ('\u{04AF}', "y"), // ү straight u
    ('\u{04B3}', "x"), // ҳ
    ('\u{04BB}', "h"), // һ shha
    ('\u{04CF}', "l"), // ӏ palochka
    ('\u{0501}', "d"), // ԁ komi de
    ('\u{051B}', "q"), // ԛ qa
    ('\u{051D}', "w"), // ԝ we
    ('\u{0561}', "w"), // ա ayb
    ('\u{0566}', "q"), // զ za
    ('\u{0570}', "h"), // հ ho
    ('\u{0578}', "n"), // ո vo
    ('\u{057D}', "u"), // ս seh
    ('\u{0581}', "g"), // ց co
    ('\u{0585}', "o"), // օ oh
    ('\u{1D00}', "a"), // ᴀ small capital a
    ('\u{1D04}', "c"), // ᴄ
    ('\u{1D05}', "d"), // ᴅ
    ('\u{1D07}', "e"), // ᴇ
    ('\u{1D0A}', "j"), // ᴊ
    ('\u{1D0B}', "k"), // ᴋ
    ('\u{1D0D}', "m"), // ᴍ
    ('\u{1D0F}', "o"), // ᴏ
    ('\u{1D18}', "p"), // ᴘ
    ('\u{1D1B}', "t"), // ᴛ
    ('\u{1D1C}', "u"), // ᴜ
    ('\u{1D20}', "v"), // ᴠ
    ('\u{1D21}', "w"), // ᴡ
    ('\u{1D22}', "z"), // ᴢ
    ('\u{A731}', "s"), // ꜱ small capital s
];

/// Cherokee capitals that look like Latin capitals, by the Latin letter. Lowercasing maps
/// U+13A0–13EF to U+AB70–ABBF, so both forms are recognised.
static CHEROKEE: &[(char, &str)] = &[
    ('\u{13A0}', "d"),
    ('\u{13A1}', "r"),
    ('\u{13A2}', "t"),
    ('\u{13A9}', "y"),
    ('\u{13AA}', "a"),
    ('\u{13AB}', "j"),
    ('\u{13AC}', "e"),
    ('\u{13B3}', "w"),
    ('\u{13B7}', "m"),
    ('\u{13BB}', "h"),
    ('\u{13C0}', "g"),
    ('\u{13C3}', "z"),
    ('\u{13CF}', "b"),
    ('\u{13D2}', "r"),
    ('\u{13D9}', "v"),
    ('\u{13DA}', "s"),
    ('\u{13DE}', "l"),
    ('\u{13DF}', "c"),
    ('\u{13E2}', "p"),
    ('\u{13E6}', "k"),
];

/// TABLE's Greek, Cyrillic and Armenian entries by code point - 0x370, for a direct lookup in
/// the blocks where whole texts are written (0 = not a look-alike).
static DENSE: [u8; 0x220] = dense();

const fn dense() -> [u8; 0x220] {
    let mut t = [0u8; 0x220];
    let mut i = 0;
    while i < TABLE.len() {
        let (c, l) = TABLE[i];
        let cp = c as u32;
        if cp >= 0x370 && cp < 0x590 {
            t[(cp - 0x370) as usize] = l.as_bytes()[0];
        }
        i += 1;
    }
    t
}

const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";

fn letter(i: u32) -> Option<&'static str> {
    let i = i as usize;
    LETTERS.get(i..i + 1)
}

/// The Latin letter a look-alike stands for.
pub(crate) fn latin_for(c: char) -> Option<&'static str> {
    let cp = c as u32;
    match cp {
        // Regional indicator symbols, negative circled and negative squared capitals.
        0x1F1E6..=0x1F1FF => letter(cp - 0x1F1E6),
        0x1F150..=0x1F169 => letter(cp - 0x1F150),
        0x1F170..=0x1F189 => letter(cp - 0x1F170),
        0x13A0..=0x13EF => lookup(CHEROKEE, c),
        0xAB70..=0xABBF => char::from_u32(cp - 0xAB70 + 0x13A0).and_then(|u| lookup(CHEROKEE, u)),
        0x0370..0x0590 => {
            let l = DENSE[(cp - 0x0370) as usize];
            (l != 0).then(|| letter(u32::from(l - b'a'))).flatten()
        }
        0x0250..=0xA7FF => lookup(TABLE, c),
        _ => None,
    }
}

/// Letters of scripts people write in (as opposed to small capitals, IPA, symbols).
fn is_living_script(c: char) -> bool {
    matches!(c as u32, 0x0370..=0x058F | 0x13A0..=0x13FF | 0xAB70..=0xABBF)
}

fn lookup(table: &[(char, &'static str)], c: char) -> Option<&'static str> {
    table
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

/// Fold look-alikes in the words of `buf` that qualify (see the module doc), in place.
/// `region` is the byte range holding non-ASCII characters; words outside it are pure ASCII.
pub(crate) fn fold_words(buf: &mut Buf, fx: &mut Findings, region: (usize, usize)) {
    let n = buf.bytes.len();
    // Start at the beginning of the word holding the first non-ASCII byte.
    let mut r = region.0.min(n);
    while r > 0 && class::is(buf.bytes[r - 1], class::WORD) {
        r -= 1;
    }
    let mut w = r;
    let mut folded = String::new();
    let mut chars = Vec::new();
    while r < n {
        if r >= region.1 {
            // Past the last non-ASCII byte: the rest moves as one block.
            buf.mov_range(w, r, n - r);
            w += n - r;
            break;
        }
        // Copy non-word bytes and pure-ASCII words as they are.
        let ws = r;
        let mut non_ascii = false;
        while r < n && class::is(buf.bytes[r], class::WORD) {
            non_ascii |= buf.bytes[r] >= 0x80;
            r += 1;
        }
        if ws == r {
            buf.mov(w, r);
            w += 1;
            r += 1;
            continue;
        }
        if !non_ascii || !fold_word(buf, ws, r, &mut w, fx, (&mut folded, &mut chars)) {
            buf.mov_range(w, ws, r - ws);
            w += r - ws;
        }
    }
    buf.truncate(w);
}

/// Fold the word at `ws..we` to `*w` if it qualifies; false leaves it to the caller.
fn fold_word(
    buf: &mut Buf,
    ws: usize,
    we: usize,
    w: &mut usize,
    fx: &mut Findings,
    (folded, chars): (&mut String, &mut Vec<char>),
) -> bool {
    let Ok(word) = std::str::from_utf8(&buf.bytes[ws..we]) else {
        return false;
    };
    let has_ascii_letter = word.bytes().any(|b| b.is_ascii_alphabetic());
    chars.clear();
    for c in word.chars() {
        // Without Latin letters, one letter with no Latin twin settles it: a real word.
        if !has_ascii_letter && !c.is_ascii() && latin_for(c).is_none() && c.is_alphabetic() {
            return false;
        }
        chars.push(c);
    }
    let (mut ascii_letters, mut lookalikes, mut other_letters) = (0usize, 0usize, 0usize);
    let mut script_lookalikes = 0usize;
    folded.clear();
    for &c in chars.iter() {
        if c.is_ascii_alphabetic() {
            ascii_letters += 1;
            folded.push(c);
        } else if let Some(l) = latin_for(c) {
            lookalikes += 1;
            script_lookalikes += usize::from(is_living_script(c));
            folded.push_str(l);
        } else if !c.is_ascii() && c.is_alphabetic() {
            other_letters += 1;
        }
    }
    if lookalikes == 0 || (ascii_letters == 0 && other_letters > 0) {
        return false;
    }
    let known = || lookalikes >= 3 && words::is_common(folded);
    // A word written wholly in Cyrillic/Greek/Armenian look-alikes is usually a real word of
    // that language (`как`, `τι`): fold it only when it spells a known English word.
    if ascii_letters == 0 && script_lookalikes > 0 && !known() {
        return false;
    }
    let report = ascii_letters > 0 || known();
    let span = buf.span(ws, we);
    // Rewrite char by char; each replacement is no longer than what it replaces.
    let mut r = ws;
    for &c in chars.iter() {
        let len = c.len_utf8();
        match latin_for(c) {
            Some(l) => {
                let (s, e) = (buf.start[r], buf.end[r + len - 1]);
                for &b in l.as_bytes() {
                    buf.bytes[*w] = b;
                    buf.start[*w] = s;
                    buf.end[*w] = e;
                    *w += 1;
                }
            }
            None => {
                buf.mov_range(*w, r, len);
                *w += len;
            }
        }
        r += len;
    }
    if report {
        fx.add(ObfuscationKind::Homoglyph, span);
    }
    true
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tables_sorted_and_never_grow() {
        for t in [TABLE, CHEROKEE] {
            assert!(t.windows(2).all(|p| p[0].0 < p[1].0), "table not sorted");
            for &(k, v) in t {
                assert!(v.len() <= k.len_utf8(), "{k:?}");
                assert!(v.bytes().all(|b| b.is_ascii_lowercase()));
            }
        }
    }

    #[test]
    fn table_keys_are_lowercase_forms() {
        // Pass 1 lowercases before this pass runs, so every key must survive lowercasing.
        for &(k, _) in TABLE {
            assert_eq!(k.to_lowercase().collect::<String>(), k.to_string(), "{k:?}");
        }
    }

    #[test]
    fn cherokee_lowercase_recognised() {
        let lower: String = '\u{13AA}'.to_lowercase().collect();
        assert_eq!(latin_for(lower.chars().next().unwrap()), Some("a"));
        assert_eq!(latin_for('\u{13AA}'), Some("a"));
    }

    #[test]
    fn regional_indicators_and_squared() {
        assert_eq!(latin_for('\u{1F1EE}'), Some("i"));
        assert_eq!(latin_for('\u{1F170}'), Some("a"));
        assert_eq!(latin_for('\u{1F189}'), Some("z"));
        assert_eq!(latin_for('z'), None);
    }
}
