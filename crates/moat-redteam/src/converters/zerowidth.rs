use rand::Rng;
use rand::rngs::StdRng;

use super::Converter;

const ZW: [char; 3] = ['\u{200B}', '\u{200C}', '\u{200D}'];

/// Inserts zero-width characters inside words, breaking keyword filters while staying readable.
pub struct ZeroWidth;

impl Converter for ZeroWidth {
    fn name(&self) -> &'static str {
        "zerowidth"
    }

    fn convert(&self, text: &str, rng: &mut StdRng) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        let mut prev_alpha = false;
        for c in text.chars() {
            if prev_alpha && c.is_alphanumeric() {
                out.push(ZW[rng.random_range(0..ZW.len())]);
            }
            out.push(c);
            prev_alpha = c.is_alphanumeric();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn stripping_restores() {
        let out = ZeroWidth.convert("ignore all", &mut StdRng::seed_from_u64(1));
        let stripped: String = out.chars().filter(|c| !ZW.contains(c)).collect();
        assert_eq!(stripped, "ignore all");
        assert!(out.chars().count() > 10);
    }
}
