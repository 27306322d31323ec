use rand::rngs::StdRng;

use super::Converter;

/// Replaces letters with look-alike digits and symbols (a→4, e→3, i→1, o→0, s→5, t→7).
pub struct Leetspeak;

impl Converter for Leetspeak {
    fn name(&self) -> &'static str {
        "leetspeak"
    }

    fn convert(&self, text: &str, _rng: &mut StdRng) -> String {
        text.chars()
            .map(|c| match c.to_ascii_lowercase() {
                'a' => '4',
                'e' => '3',
                'i' => '1',
                'o' => '0',
                's' => '5',
                't' => '7',
                'g' => '9',
                _ => c,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn maps() {
        assert_eq!(
            Leetspeak.convert("Show secrets", &mut StdRng::seed_from_u64(0)),
            "5h0w 53cr375"
        );
    }
}
