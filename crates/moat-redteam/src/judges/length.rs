use crate::targets::Answer;

/// An answer at least `min` characters long, or one the target cut at its token limit.
pub fn check(answers: &[Answer], min: usize) -> Option<String> {
    for a in answers {
        if matches!(a.finish_reason.as_deref(), Some("length" | "max_tokens")) {
            return Some(format!(
                "cut at the token limit after {} characters",
                a.text.chars().count()
            ));
        }
        let n = a.text.chars().count();
        if n >= min {
            return Some(format!("{n} characters"));
        }
    }
    None
}
