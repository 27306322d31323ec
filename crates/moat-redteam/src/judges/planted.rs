/// Finds a planted secret in `text`, exactly or with spacing and punctuation changed.
pub fn find(text: &str, secrets: &[String]) -> Option<String> {
    let lower = text.to_lowercase();
    let squashed = squash(text);
    for s in secrets {
        if lower.contains(&s.to_lowercase()) {
            return Some(s.clone());
        }
        let sq = squash(s);
        if sq.len() >= 8 && squashed.contains(&sq) {
            return Some(format!("{s} (re-formatted)"));
        }
    }
    None
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_reformatted_card() {
        let secrets = vec!["4111 1111 1111 1111".to_string()];
        assert!(find("card: 4111-1111-1111-1111", &secrets).is_some());
        assert!(find("card ends in 1111", &secrets).is_none());
    }
}
