//! Checksums and plausibility checks shared by the recognisers and rules.
//!
//! Every function takes the matched text and never panics on odd input: a value that cannot be
//! checked is simply invalid.

use sha2::{Digest, Sha256};

/// Result of a validator: fail drops the candidate, pass keeps it, strong raises confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// Not a real value (bad checksum, impossible range).
    Fail,
    /// Plausible.
    Pass,
    /// Confirmed by a checksum or a very specific structure.
    Strong,
}

impl Check {
    pub(crate) fn from_bool(ok: bool) -> Check {
        if ok { Check::Strong } else { Check::Fail }
    }
}

/// ASCII digits of `s`, in order.
pub(crate) fn digits(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// True when every digit is the same (000000000, 1111111111): test data, not a real number.
pub(crate) fn all_same(d: &[u8]) -> bool {
    d.windows(2).all(|w| w[0] == w[1])
}

/// True when the digits count up or down by one throughout (123456789).
pub(crate) fn sequential(d: &[u8]) -> bool {
    d.len() > 3
        && (d.windows(2).all(|w| w[1] == (w[0] + 1) % 10)
            || d.windows(2).all(|w| w[0] == (w[1] + 1) % 10))
}

/// The Luhn (mod 10) checksum used by payment cards and Canadian SINs.
pub(crate) fn luhn(d: &[u8]) -> bool {
    if d.len() < 2 {
        return false;
    }
    let mut sum = 0u32;
    for (i, &x) in d.iter().rev().enumerate() {
        let mut v = u32::from(x);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Payment card: 13-19 digits, a known brand's prefix and length, and Luhn.
pub(crate) fn credit_card(s: &str) -> Check {
    let d = digits(s);
    if !(12..=19).contains(&d.len()) || all_same(&d) || !luhn(&d) {
        return Check::Fail;
    }
    let prefix = |n: usize| -> u32 { d.iter().take(n).fold(0u32, |a, &x| a * 10 + u32::from(x)) };
    let len = d.len();
    let brand = match d[0] {
        // Visa
        4 => matches!(len, 13 | 16 | 19),
        // Mastercard 51-55 and 2221-2720
        5 => (51..=55).contains(&prefix(2)) && len == 16 || prefix(2) == 50 || prefix(2) > 55,
        2 => (2221..=2720).contains(&prefix(4)) && len == 16,
        // Amex 34/37, Diners 36/38/300-305, JCB 3528-3589
        3 => {
            let p2 = prefix(2);
            (p2 == 34 || p2 == 37) && len == 15
                || (p2 == 36 || p2 == 38 || (300..=305).contains(&prefix(3)))
                    && (14..=19).contains(&len)
                || (3528..=3589).contains(&prefix(4)) && (16..=19).contains(&len)
        }
        // Discover 6011, 644-649, 65; UnionPay 62; Maestro 6304/67
        6 => {
            prefix(4) == 6011
                || (644..=649).contains(&prefix(3))
                || prefix(2) == 65
                || prefix(2) == 62
                || prefix(2) == 67
                || prefix(4) == 6304
        }
        _ => false,
    };
    if brand { Check::Strong } else { Check::Pass }
}

/// IBAN length per country (ISO 13616 registry), for the countries most often seen.
fn iban_length(cc: &str) -> Option<usize> {
    Some(match cc {
        "AD" => 24,
        "AE" => 23,
        "AL" => 28,
        "AT" => 20,
        "AZ" => 28,
        "BA" => 20,
        "BE" => 16,
        "BG" => 22,
        "BH" => 22,
        "BR" => 29,
        "BY" => 28,
        "CH" => 21,
        "CR" => 22,
        "CY" => 28,
        "CZ" => 24,
        "DE" => 22,
        "DK" => 18,
        "DO" => 28,
        "EE" => 20,
        "EG" => 29,
        "ES" => 24,
        "FI" => 18,
        "FO" => 18,
        "FR" => 27,
        "GB" => 22,
        "GE" => 22,
        "GI" => 23,
        "GL" => 18,
        "GR" => 27,
        "GT" => 28,
        "HR" => 21,
        "HU" => 28,
        "IE" => 22,
        "IL" => 23,
        "IQ" => 23,
        "IS" => 26,
        "IT" => 27,
        "JO" => 30,
        "KW" => 30,
        "KZ" => 20,
        "LB" => 28,
        "LC" => 32,
        "LI" => 21,
        "LT" => 20,
        "LU" => 20,
        "LV" => 21,
        "MC" => 27,
        "MD" => 24,
        "ME" => 22,
        "MK" => 19,
        "MR" => 27,
        "MT" => 31,
        "MU" => 30,
        "NL" => 18,
        "NO" => 15,
        "PK" => 24,
        "PL" => 28,
        "PS" => 29,
        "PT" => 25,
        "QA" => 29,
        "RO" => 24,
        "RS" => 22,
        "SA" => 24,
        "SC" => 31,
        "SE" => 24,
        "SI" => 19,
        "SK" => 24,
        "SM" => 27,
        "ST" => 25,
        "SV" => 28,
        "TL" => 23,
        "TN" => 24,
        "TR" => 26,
        "UA" => 29,
        "VA" => 22,
        "VG" => 24,
        "XK" => 20,
        _ => return None,
    })
}

/// IBAN: known country, that country's length, and the ISO 7064 mod-97 check.
pub(crate) fn iban(s: &str) -> Check {
    let compact: Vec<u8> = s
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if compact.len() < 15 || compact.len() > 34 {
        return Check::Fail;
    }
    let cc = std::str::from_utf8(&compact[..2]).unwrap_or("");
    match iban_length(cc) {
        Some(n) if n == compact.len() => {}
        _ => return Check::Fail,
    }
    let mut rem: u32 = 0;
    for &b in compact[4..].iter().chain(&compact[..4]) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return Check::Fail,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    Check::from_bool(rem == 1)
}

/// US SSN: area not 000, 666 or 900-999; group not 00; serial not 0000; not a known test number.
pub(crate) fn us_ssn(s: &str) -> Check {
    let d = digits(s);
    if d.len() != 9 || all_same(&d) || sequential(&d) {
        return Check::Fail;
    }
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = d[3] * 10 + d[4];
    let serial = d[5..].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
        return Check::Fail;
    }
    // The all-time most abused "example" SSNs.
    if matches!(
        d.as_slice(),
        [0, 7, 8, 0, 5, 1, 1, 2, 0] | [2, 1, 9, 0, 9, 9, 9, 9, 9]
    ) {
        return Check::Fail;
    }
    // Separators must be consistent: 123-45-6789 or 123 45 6789 or 123456789.
    let seps: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_digit()).collect();
    if seps.len() == 2 && seps[0] != seps[1] {
        return Check::Fail;
    }
    Check::Pass
}

/// US ITIN: 9XX-[50-65|70-88|90-92|94-99]-XXXX.
pub(crate) fn us_itin(s: &str) -> Check {
    let d = digits(s);
    if d.len() != 9 || d[0] != 9 {
        return Check::Fail;
    }
    let g = d[3] * 10 + d[4];
    if matches!(g, 50..=65 | 70..=88 | 90..=92 | 94..=99) {
        Check::Pass
    } else {
        Check::Fail
    }
}

/// UK National Insurance number prefix rules (HMRC): first letter not D F I Q U V, second not
/// D F I O Q U V, and not the prefixes BG GB NK KN TN NT ZZ.
pub(crate) fn uk_nino(s: &str) -> Check {
    let c: Vec<u8> = s.bytes().filter(u8::is_ascii_alphanumeric).collect();
    if c.len() < 8 {
        return Check::Fail;
    }
    let (a, b) = (c[0].to_ascii_uppercase(), c[1].to_ascii_uppercase());
    if b"DFIQUV".contains(&a) || b"DFIOQUV".contains(&b) {
        return Check::Fail;
    }
    if matches!(
        &[a, b],
        b"BG" | b"GB" | b"NK" | b"KN" | b"TN" | b"NT" | b"ZZ"
    ) {
        return Check::Fail;
    }
    Check::Pass
}

/// UK NHS number: 10 digits, mod 11 with weights 10..2.
pub(crate) fn uk_nhs(s: &str) -> Check {
    let d = digits(s);
    if d.len() != 10 || all_same(&d) {
        return Check::Fail;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, &x)| u32::from(x) * (10 - i as u32))
        .sum();
    let check = (11 - sum % 11) % 11;
    Check::from_bool(check != 10 && check == u32::from(d[9]))
}

/// ABA routing number: 9 digits, weights 3 7 1, first two digits a valid Federal Reserve range.
pub(crate) fn aba_routing(s: &str) -> Check {
    let d = digits(s);
    if d.len() != 9 || all_same(&d) {
        return Check::Fail;
    }
    let p = d[0] * 10 + d[1];
    if !matches!(p, 0..=12 | 21..=32 | 61..=72 | 80) {
        return Check::Fail;
    }
    let w = [3u32, 7, 1];
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &x)| u32::from(x) * w[i % 3])
        .sum();
    Check::from_bool(sum.is_multiple_of(10))
}

/// Canadian SIN: 9 digits, Luhn, first digit not 0 or 8.
pub(crate) fn ca_sin(s: &str) -> Check {
    let d = digits(s);
    Check::from_bool(d.len() == 9 && d[0] != 0 && d[0] != 8 && !all_same(&d) && luhn(&d))
}

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Verhoeff checksum (Aadhaar).
pub(crate) fn verhoeff(d: &[u8]) -> bool {
    let mut c = 0u8;
    for (i, &x) in d.iter().rev().enumerate() {
        c = VERHOEFF_D[usize::from(c)][usize::from(VERHOEFF_P[i % 8][usize::from(x)])];
    }
    c == 0
}

/// Indian Aadhaar: 12 digits, first not 0 or 1, Verhoeff.
pub(crate) fn in_aadhaar(s: &str) -> Check {
    let d = digits(s);
    Check::from_bool(d.len() == 12 && d[0] >= 2 && !all_same(&d) && verhoeff(&d))
}

/// Australian TFN: 9 digits, weighted sum divisible by 11.
pub(crate) fn au_tfn(s: &str) -> Check {
    let d = digits(s);
    let w = [1u32, 4, 3, 7, 5, 8, 6, 9, 10];
    if d.len() != 9 || all_same(&d) {
        return Check::Fail;
    }
    let sum: u32 = d.iter().zip(w).map(|(&x, w)| u32::from(x) * w).sum();
    Check::from_bool(sum.is_multiple_of(11))
}

/// Spanish DNI/NIE: 8 digits (or X/Y/Z + 7) and the mod-23 control letter.
pub(crate) fn es_nif(s: &str) -> Check {
    let c: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 9 {
        return Check::Fail;
    }
    let lead = match c[0] {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        b'0'..=b'9' => u32::from(c[0] - b'0'),
        _ => return Check::Fail,
    };
    let mut n = lead;
    for &b in &c[1..8] {
        if !b.is_ascii_digit() {
            return Check::Fail;
        }
        n = n * 10 + u32::from(b - b'0');
    }
    let letters = b"TRWAGMYFPDXBNJZSQVHLCKE";
    if letters[(n % 23) as usize] == c[8] {
        Check::Pass
    } else {
        Check::Fail
    }
}

/// IPv4: four octets each 0-255, no leading zeros beyond one digit, not a version-like 1.2.3.4.
pub(crate) fn ipv4(s: &str) -> Check {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return Check::Fail;
    }
    for p in &parts {
        if p.is_empty() || p.len() > 3 || (p.len() > 1 && p.starts_with('0')) {
            return Check::Fail;
        }
        match p.parse::<u16>() {
            Ok(v) if v <= 255 => {}
            _ => return Check::Fail,
        }
    }
    if parts.iter().all(|p| p.len() == 1) {
        // 1.2.3.4 is far more often a version number than an address.
        return Check::Pass;
    }
    Check::Strong
}

/// IPv6: parses as an address and has at least three groups or a `::`.
pub(crate) fn ipv6(s: &str) -> Check {
    if s.matches(':').count() < 2 {
        return Check::Fail;
    }
    match s.parse::<std::net::Ipv6Addr>() {
        Ok(a) if !a.is_unspecified() => {
            if s.matches(':').count() >= 5 {
                Check::Strong
            } else {
                Check::Pass
            }
        }
        _ => Check::Fail,
    }
}

/// Shannon entropy in bits per character.
pub(crate) fn entropy(s: &str) -> f64 {
    let b = s.as_bytes();
    if b.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &x in b {
        counts[usize::from(x)] += 1;
    }
    let n = b.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// True for values people put in examples and templates instead of a secret.
pub(crate) fn is_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    let trimmed = l.trim_matches(|c: char| c == '"' || c == '\'' || c == '`');
    if trimmed.len() < 4 {
        return true;
    }
    const WORDS: &[&str] = &[
        "xxxx",
        "****",
        "....",
        "<",
        ">",
        "${",
        "{{",
        "%(",
        "example",
        "placeholder",
        "changeme",
        "change_me",
        "your_",
        "your-",
        "yourpass",
        "insert",
        "redacted",
        "dummy",
        "sample",
        "replace",
        "todo",
        "fixme",
        "secret_here",
        "password_here",
        "process.env",
        "os.environ",
        "getenv",
        "env[",
        "none",
        "null",
        "undefined",
        "true",
        "false",
        "fake",
        "mypassword",
        "password123",
        "abc123",
        "123456",
        "qwerty",
        "letmein",
        "lorem",
        "foobar",
        "test1234",
        "notreal",
        "not_a_real",
        "#{",
        "$(",
        "%s",
        "{0}",
    ];
    if WORDS.iter().any(|w| trimmed.contains(w)) {
        return true;
    }
    let bytes = trimmed.as_bytes();
    bytes.windows(2).all(|w| w[0] == w[1])
}

/// Base62 alphabet in GitHub's checksum order.
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// CRC-32 (IEEE, reflected), bitwise: the inputs are tens of bytes.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Base62 of `n`, left-padded with `0` to `width`.
pub(crate) fn base62(mut n: u32, width: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// GitHub (and npm) token checksum: `<prefix>_<30 random base62><6 base62 CRC32 of the random
/// part>`, as documented in GitHub's 2021 token-format announcement.
pub(crate) fn github_checksum(token: &str) -> Check {
    let Some(body) = token.rsplit('_').next() else {
        return Check::Fail;
    };
    if body.len() != 36 || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Check::Fail;
    }
    let (random, sum) = body.split_at(30);
    if base62(crc32(random.as_bytes()), 6) == sum {
        Check::Strong
    } else {
        // Well-formed but unchecked: test tokens, truncated pastes. Still worth reporting.
        Check::Pass
    }
}

/// JWT: three base64url parts, the first decoding to a JSON object with an `alg` field.
pub(crate) fn jwt(s: &str) -> Check {
    use base64::Engine as _;
    let mut parts = s.split('.');
    let Some(header) = parts.next() else {
        return Check::Fail;
    };
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Ok(raw) = engine.decode(header.trim_end_matches('=')) else {
        return Check::Fail;
    };
    match serde_json::from_slice::<serde_json::Value>(&raw) {
        Ok(serde_json::Value::Object(m)) if m.contains_key("alg") || m.contains_key("typ") => {
            Check::Strong
        }
        _ => Check::Fail,
    }
}

const B58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Bitcoin base58check address (P2PKH `1...`, P2SH `3...`): double-SHA-256 checksum.
pub(crate) fn base58check(s: &str) -> Check {
    let mut bytes: Vec<u8> = Vec::with_capacity(25);
    for c in s.bytes() {
        let Some(mut carry) = B58.iter().position(|&x| x == c).map(|v| v as u32) else {
            return Check::Fail;
        };
        for b in bytes.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&b| b == b'1').count();
    let mut full = vec![0u8; zeros];
    full.extend(bytes);
    if full.len() != 25 {
        return Check::Fail;
    }
    let (payload, sum) = full.split_at(21);
    let h = Sha256::digest(Sha256::digest(payload));
    Check::from_bool(&h[..4] == sum)
}

/// Bech32 / bech32m checksum for `bc1...` segwit addresses (BIP-173, BIP-350).
pub(crate) fn bech32(s: &str) -> Check {
    let lower = s.to_ascii_lowercase();
    if lower != s && s.to_ascii_uppercase() != s {
        return Check::Fail;
    }
    let Some(pos) = lower.rfind('1') else {
        return Check::Fail;
    };
    let (hrp, data) = (&lower[..pos], &lower[pos + 1..]);
    const CHARSET: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let mut values = Vec::with_capacity(data.len());
    for c in data.bytes() {
        match CHARSET.iter().position(|&x| x == c) {
            Some(v) => values.push(v as u32),
            None => return Check::Fail,
        }
    }
    if values.len() < 6 {
        return Check::Fail;
    }
    let mut v: Vec<u32> = hrp.bytes().map(|b| u32::from(b) >> 5).collect();
    v.push(0);
    v.extend(hrp.bytes().map(|b| u32::from(b) & 31));
    v.extend(values);
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk = 1u32;
    for x in v {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ x;
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    Check::from_bool(chk == 1 || chk == 0x2bc8_30a3)
}

/// Ethereum address: EIP-55 mixed-case checksum when mixed case, else plausible.
pub(crate) fn eip55(s: &str) -> Check {
    use sha3::{Digest as _, Keccak256};
    let Some(hex) = s.strip_prefix("0x") else {
        return Check::Fail;
    };
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Check::Fail;
    }
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    if !(has_upper && has_lower) {
        let d: Vec<u8> = hex.bytes().collect();
        return if all_same(&d) {
            Check::Fail
        } else {
            Check::Pass
        };
    }
    let lower = hex.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    for (i, c) in hex.bytes().enumerate() {
        if c.is_ascii_alphabetic() {
            let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
            if (nibble >= 8) != c.is_ascii_uppercase() {
                return Check::Fail;
            }
        }
    }
    Check::Strong
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_cards() {
        assert!(luhn(&digits("4111 1111 1111 1111")));
        assert_eq!(credit_card("4111111111111112"), Check::Fail);
        assert_eq!(credit_card("5500 0000 0000 0004"), Check::Strong);
        assert_eq!(credit_card("378282246310005"), Check::Strong);
    }

    #[test]
    fn iban_mod97() {
        assert_eq!(iban("GB82 WEST 1234 5698 7654 32"), Check::Strong);
        assert_eq!(iban("DE89370400440532013000"), Check::Strong);
        assert_eq!(iban("GB82 WEST 1234 5698 7654 33"), Check::Fail);
        assert_eq!(iban("DE8937040044053201300"), Check::Fail);
    }

    #[test]
    fn checksums() {
        assert_eq!(aba_routing("011000015"), Check::Strong);
        assert_eq!(aba_routing("011000016"), Check::Fail);
        assert_eq!(uk_nhs("943 476 5919"), Check::Strong);
        assert_eq!(uk_nhs("943 476 5918"), Check::Fail);
        assert_eq!(ca_sin("130 692 544"), Check::Strong);
        assert_eq!(ca_sin("046 454 286"), Check::Fail);
        assert_eq!(in_aadhaar("2341 2341 2346"), Check::Strong);
        assert_eq!(au_tfn("123 456 782"), Check::Strong);
        assert_eq!(es_nif("12345678Z"), Check::Pass);
        assert_eq!(es_nif("12345678A"), Check::Fail);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn wallets() {
        assert_eq!(
            base58check("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
            Check::Strong
        );
        assert_eq!(
            base58check("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"),
            Check::Fail
        );
        assert_eq!(
            bech32("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            Check::Strong
        );
        assert_eq!(
            bech32("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdz"),
            Check::Fail
        );
        assert_eq!(
            eip55("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            Check::Strong
        );
        assert_eq!(
            eip55("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"),
            Check::Fail
        );
    }

    #[test]
    fn github() {
        assert_eq!(
            github_checksum("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"),
            Check::Strong
        );
        assert_eq!(
            github_checksum("ghp_FAKEe71lHFE8l6hlvY5bR215DEWc1Z3tTfBt"),
            Check::Pass
        );
    }
}
