//! Byte classes for the ASCII scanning loops: one table lookup instead of a chain of tests.

/// ASCII whitespace.
pub(crate) const WS: u16 = 1;
/// ASCII letter.
pub(crate) const ALPHA: u16 = 1 << 1;
/// ASCII digit.
pub(crate) const DIGIT: u16 = 1 << 2;
/// Hex digit.
pub(crate) const HEX: u16 = 1 << 3;
/// Base64 alphabet, standard and url-safe, with padding.
pub(crate) const B64: u16 = 1 << 4;
/// `%`.
pub(crate) const PCT: u16 = 1 << 5;
/// `\`.
pub(crate) const BSL: u16 = 1 << 6;
/// Ends a sentence for the ROT13 test.
pub(crate) const SENT: u16 = 1 << 7;
/// Part of a word: ASCII letter or digit, or any byte of a non-ASCII character.
pub(crate) const WORD: u16 = 1 << 8;
/// Can be part of a leetspeak token: lowercase letter, digit, `@$!|+`.
pub(crate) const LEET: u16 = 1 << 9;

const fn build() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut c = 0;
        if b.is_ascii_whitespace() {
            c |= WS;
        }
        if b.is_ascii_alphabetic() {
            c |= ALPHA | WORD | B64;
        }
        if b.is_ascii_digit() {
            c |= DIGIT | WORD | B64 | LEET;
        }
        if b.is_ascii_hexdigit() {
            c |= HEX;
        }
        if b.is_ascii_lowercase() {
            c |= LEET;
        }
        if b >= 0x80 {
            c |= WORD;
        }
        match b {
            b'+' | b'/' | b'=' | b'-' | b'_' => c |= B64,
            _ => {}
        }
        match b {
            b'@' | b'$' | b'!' | b'|' | b'+' => c |= LEET,
            _ => {}
        }
        match b {
            b'.' | b'!' | b'?' | b';' | b':' | b'\n' | b'"' | b'(' | b')' => c |= SENT,
            _ => {}
        }
        if b == b'%' {
            c |= PCT;
        }
        if b == b'\\' {
            c |= BSL;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static TABLE: [u16; 256] = build();

/// The classes of byte `b`.
#[inline(always)]
pub(crate) fn of(b: u8) -> u16 {
    TABLE[b as usize]
}

/// True when byte `b` has any of `classes`.
#[inline(always)]
pub(crate) fn is(b: u8, classes: u16) -> bool {
    TABLE[b as usize] & classes != 0
}
