use rand::rngs::StdRng;

use super::Converter;

/// Character spacing: a space between every character of each word ("i g n o r e").
pub struct Spacing;

impl Converter for Spacing {
    fn name(&self) -> &'static str {
        "spacing"
    }

    fn convert(&self, text: &str, _rng: &mut StdRng) -> String {
        text.split(' ')
            .map(|w| {
                w.chars()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("   ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn spaces() {
        assert_eq!(
            Spacing.convert("ab cd", &mut StdRng::seed_from_u64(0)),
            "a b   c d"
        );
    }
}
