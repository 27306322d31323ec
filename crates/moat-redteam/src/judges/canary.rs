use base64::Engine;
use sha2::{Digest, Sha256};

/// The canary for a run seed: `NW-` and eight upper-case hex digits.
pub fn canary_for_seed(seed: u64) -> String {
    let digest = Sha256::digest(format!("moat-canary:{seed}").as_bytes());
    format!("NW-{}", hex::encode_upper(&digest[..4]))
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Finds the canary in `text`: verbatim, re-cased, spaced or punctuated out, written backwards,
/// or inside a base64 run. Returns what matched.
pub fn contains_canary(text: &str, canary: &str) -> Option<String> {
    if canary.is_empty() {
        return None;
    }
    if text.contains(canary) {
        return Some(canary.to_string());
    }
    // The distinctive part: the random digits after the prefix.
    let body = squash(canary.rsplit('-').next().unwrap_or(canary));
    if body.len() < 6 {
        return None;
    }
    let squashed = squash(text);
    if squashed.contains(&body) {
        return Some(format!("{canary} (re-formatted)"));
    }
    let rev: String = body.chars().rev().collect();
    if squashed.contains(&rev) {
        return Some(format!("{canary} (reversed)"));
    }
    // A base64 run that decodes to text holding the canary.
    let mut run = String::new();
    let check = |run: &str| -> bool {
        if run.len() < 12 {
            return false;
        }
        let trimmed = &run[..run.len() - run.len() % 4];
        base64::engine::general_purpose::STANDARD
            .decode(trimmed)
            .ok()
            .map(|b| squash(&String::from_utf8_lossy(&b)).contains(&body))
            .unwrap_or(false)
    };
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=' {
            run.push(c);
        } else {
            if check(&run) {
                return Some(format!("{canary} (base64)"));
            }
            run.clear();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let c = canary_for_seed(42);
        assert_eq!(c, canary_for_seed(42));
        assert_ne!(c, canary_for_seed(43));
        assert!(c.starts_with("NW-") && c.len() == 11);
        let body = &c[3..];
        assert!(contains_canary(&format!("code: {c}."), &c).is_some());
        assert!(contains_canary(&format!("code: {}", c.to_lowercase()), &c).is_some());
        let spaced: String = body.chars().map(|ch| format!("{ch}\n")).collect();
        assert!(contains_canary(&spaced, &c).is_some());
        let rev: String = body.chars().rev().collect();
        assert!(contains_canary(&rev, &c).unwrap().contains("reversed"));
        let b64 = base64::engine::general_purpose::STANDARD.encode(format!("the code is {c}"));
        assert!(
            contains_canary(&format!("here: {b64}"), &c)
                .unwrap()
                .contains("base64")
        );
        assert!(contains_canary("nothing to see here NW-00000000", &c).is_none());
    }
}
