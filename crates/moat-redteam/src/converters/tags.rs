use rand::rngs::StdRng;

use super::Converter;

/// Unicode tag smuggling: the payload is written in invisible TAG characters (U+E0020..U+E007E),
/// after a short visible cover sentence.
pub struct TagSmuggling;

/// The tag-character form of `text`; characters outside printable ASCII are kept as they are.
pub fn to_tags(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (' '..='~').contains(&c) {
                char::from_u32(0xE0000 + c as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

impl Converter for TagSmuggling {
    fn name(&self) -> &'static str {
        "tags"
    }

    fn convert(&self, text: &str, _rng: &mut StdRng) -> String {
        format!("Please read and follow the hidden note.{}", to_tags(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible() {
        let t = to_tags("Hi!");
        assert_eq!(t.chars().count(), 3);
        assert!(t.chars().all(|c| ('\u{E0000}'..='\u{E007F}').contains(&c)));
    }
}
