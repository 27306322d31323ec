use rand::Rng;
use rand::rngs::StdRng;

use super::Converter;

/// Swaps about half of the Latin letters that have a Cyrillic or Greek twin for that twin.
pub struct Homoglyph;

fn twin(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'i' => 'і',
        'o' => 'о',
        'p' => 'р',
        's' => 'ѕ',
        'x' => 'х',
        'y' => 'у',
        'A' => 'Α',
        'B' => 'В',
        'E' => 'Е',
        'H' => 'Н',
        'I' => 'Ι',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        _ => return None,
    })
}

impl Converter for Homoglyph {
    fn name(&self) -> &'static str {
        "homoglyph"
    }

    fn convert(&self, text: &str, rng: &mut StdRng) -> String {
        let mut out: String = text
            .chars()
            .map(|c| match twin(c) {
                Some(t) if rng.random_bool(0.5) => t,
                _ => c,
            })
            .collect();
        if out == text {
            // Guarantee at least one swap so the converter always converts.
            if let Some((i, c)) = text.char_indices().find(|(_, c)| twin(*c).is_some()) {
                let t = twin(c).unwrap_or(c);
                out = format!("{}{}{}", &text[..i], t, &text[i + c.len_utf8()..]);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn swaps_some() {
        let out = Homoglyph.convert("peace", &mut StdRng::seed_from_u64(3));
        assert_ne!(out, "peace");
        assert_eq!(out.chars().count(), 5);
        assert!(!out.is_ascii());
    }
}
