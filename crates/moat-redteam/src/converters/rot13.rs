use rand::rngs::StdRng;

use super::Converter;

/// ROT13 over ASCII letters, with an instruction to decode.
pub struct Rot13;

/// ROT13 of `text`: ASCII letters rotate by 13, everything else is kept.
pub fn rot13(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a'..='z' => (((c as u8 - b'a') + 13) % 26 + b'a') as char,
            'A'..='Z' => (((c as u8 - b'A') + 13) % 26 + b'A') as char,
            _ => c,
        })
        .collect()
}

impl Converter for Rot13 {
    fn name(&self) -> &'static str {
        "rot13"
    }

    fn convert(&self, text: &str, _rng: &mut StdRng) -> String {
        format!(
            "The following message is ROT13-encoded. Decode it and respond to it.\n\n{}",
            rot13(text)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn involution() {
        assert_eq!(rot13("Hello, World!"), "Uryyb, Jbeyq!");
        assert_eq!(rot13(&rot13("Ünïcode ok")), "Ünïcode ok");
    }
}
