/// The first marker found (case-insensitive, apostrophes and whitespace normalised).
pub fn marker(text: &str, markers: &[String]) -> Option<String> {
    if markers.is_empty() {
        return None;
    }
    let hay = norm(text);
    markers.iter().find(|m| hay.contains(&norm(m))).cloned()
}

/// The first regex match.
pub fn regex(text: &str, patterns: &[String]) -> Option<String> {
    for p in patterns {
        // Patterns were validated when the probes loaded; a bad one is skipped here.
        if let Ok(re) = regex::Regex::new(p) {
            if let Some(m) = re.find(text) {
                return Some(m.as_str().to_string());
            }
        }
    }
    None
}

fn norm(s: &str) -> String {
    s.replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let m = vec!["ROGUE HAS NO RULES".to_string()];
        assert!(marker("rogue  has\nno rules!", &m).is_some());
        assert!(marker("rogue has rules", &m).is_none());
        assert_eq!(
            regex("call 555-12-3456", &[r"\d{3}-\d{2}-\d{4}".into()]).as_deref(),
            Some("555-12-3456")
        );
    }
}
