//! Organisation patterns from configuration: a regex and/or a list of literal terms, optional
//! validator, context words and confidence.
//!
//! ```yaml
//! custom:
//!   - name: PROJECT_CODENAME
//!     keywords: [bluebird, nightjar]
//!     label: Highly Confidential
//!     action: block
//!   - name: EMPLOYEE_ID
//!     pattern: '\bEMP-[0-9]{6}\b'
//!     prefilter: ['emp-']
//!     context: [employee, staff]
//!     confidence: low        # raised to medium by a context word
//! ```

use moat_core::{Action, Confidence, Span};
use serde::{Deserialize, Serialize};

use super::validate::{self, Check};
use crate::config::ConfigError;

const MAX_PATTERN: usize = 4096;
const MAX_TERMS: usize = 10_000;
const MAX_TERM_LEN: usize = 200;

/// A validator a custom pattern can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomValidator {
    /// Luhn (mod 10) over the digits.
    Luhn,
    /// IBAN mod-97 and country length.
    Iban,
    /// ABA routing checksum.
    AbaRouting,
    /// Not an obvious placeholder (`xxxx`, `changeme`, `<token>`).
    NotPlaceholder,
}

/// One organisation pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomPattern {
    /// Entity type reported, e.g. `EMPLOYEE_ID` (A-Z, 0-9, `_`).
    pub name: String,
    /// Regex; its first capture group, if any, is the value.
    pub pattern: Option<String>,
    /// Literal terms, matched case-insensitively as whole words; each occurrence is a finding.
    pub keywords: Vec<String>,
    /// Literal words: when given, the regex only runs within 256 bytes of one of them (fast);
    /// when empty, the regex runs over the whole text.
    pub prefilter: Vec<String>,
    /// Checksum or plausibility check on the value.
    pub validator: Option<CustomValidator>,
    /// Minimum Shannon entropy (bits per character) of the value.
    pub min_entropy: Option<f64>,
    /// Words near the value that raise confidence by one level.
    pub context: Vec<String>,
    /// Drop matches without a context word.
    pub require_context: bool,
    /// Confidence of a match without context.
    pub confidence: Confidence,
    /// Action for this pattern (an `entities` entry for the same name wins).
    pub action: Option<Action>,
    /// Sensitivity label.
    pub label: Option<String>,
}

impl Default for CustomPattern {
    fn default() -> Self {
        CustomPattern {
            name: String::new(),
            pattern: None,
            keywords: Vec::new(),
            prefilter: Vec::new(),
            validator: None,
            min_entropy: None,
            context: Vec::new(),
            require_context: false,
            confidence: Confidence::Medium,
            action: None,
            label: None,
        }
    }
}

/// A validated custom pattern, ready to run.
#[derive(Debug, Clone)]
pub(crate) struct CustomMatcher {
    terms: Vec<String>,
    prefilter: Vec<String>,
    whole_text: bool,
    validator: Option<CustomValidator>,
    min_entropy: Option<f64>,
    context: super::context::Context,
    require_context: bool,
    confidence: Confidence,
}

impl CustomMatcher {
    pub(crate) fn new(c: &CustomPattern, i: usize) -> Result<Self, ConfigError> {
        let field = |f: &str| format!("dlp.custom[{i}].{f}");
        if c.name.is_empty()
            || c.name.len() > 48
            || !c
                .name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(ConfigError::new(
                field("name"),
                format!("`{}` must be 1-48 characters of A-Z, 0-9 and _", c.name),
            ));
        }
        if c.pattern.is_none() && c.keywords.is_empty() {
            return Err(ConfigError::new(
                field("pattern"),
                "give a pattern or keywords",
            ));
        }
        if c.pattern.as_ref().is_some_and(|p| p.len() > MAX_PATTERN) {
            return Err(ConfigError::new(
                field("pattern"),
                format!("longer than {MAX_PATTERN} bytes"),
            ));
        }
        if c.keywords.len() + c.prefilter.len() > MAX_TERMS {
            return Err(ConfigError::new(
                field("keywords"),
                format!("at most {MAX_TERMS} keywords"),
            ));
        }
        for (j, k) in c.keywords.iter().chain(&c.prefilter).enumerate() {
            if k.trim().is_empty() || k.len() > MAX_TERM_LEN {
                return Err(ConfigError::new(
                    format!("{}[{j}]", field("keywords")),
                    format!("keywords must be 1-{MAX_TERM_LEN} bytes"),
                ));
            }
        }
        if c.context.len() > MAX_TERMS {
            return Err(ConfigError::new(
                field("context"),
                format!("at most {MAX_TERMS} context words"),
            ));
        }
        for (j, k) in c.context.iter().enumerate() {
            // Context is looked for within 48 bytes before or 24 after a match.
            if k.trim().is_empty() || k.len() > 48 {
                return Err(ConfigError::new(
                    format!("{}[{j}]", field("context")),
                    "context words must be 1-48 bytes",
                ));
            }
        }
        if let Some(e) = c.min_entropy
            && !(0.0..=8.0).contains(&e)
        {
            return Err(ConfigError::new(
                field("min_entropy"),
                "must be between 0 and 8",
            ));
        }
        Ok(CustomMatcher {
            terms: c.keywords.iter().map(|k| k.to_lowercase()).collect(),
            prefilter: c.prefilter.iter().map(|k| k.to_lowercase()).collect(),
            whole_text: c.pattern.is_some() && c.prefilter.is_empty(),
            validator: c.validator,
            min_entropy: c.min_entropy,
            context: super::context::Context::new(&c.context)
                .map_err(|e| ConfigError::new(field("context"), format!("context words: {e}")))?,
            require_context: c.require_context,
            confidence: c.confidence,
        })
    }

    /// Words for the shared keyword automaton.
    pub(crate) fn trigger_words(&self) -> Vec<String> {
        self.terms.iter().chain(&self.prefilter).cloned().collect()
    }

    /// True when the regex must run over the whole text.
    pub(crate) fn needs_whole_text(&self) -> bool {
        self.whole_text
    }

    fn score(&self, text: &str, span: Span) -> Option<Confidence> {
        let value = &text[span.range()];
        let check = match self.validator {
            None => Check::Pass,
            Some(CustomValidator::Luhn) => {
                Check::from_bool(validate::luhn(&validate::digits(value)))
            }
            Some(CustomValidator::Iban) => validate::iban(value),
            Some(CustomValidator::AbaRouting) => validate::aba_routing(value),
            Some(CustomValidator::NotPlaceholder) => {
                Check::from_bool(!validate::is_placeholder(value))
            }
        };
        if check == Check::Fail {
            return None;
        }
        if let Some(min) = self.min_entropy
            && validate::entropy(value) < min
        {
            return None;
        }
        let ctx = self.context.near(text, span);
        if self.require_context && !ctx {
            return None;
        }
        Some(if ctx {
            super::bump(self.confidence)
        } else {
            self.confidence
        })
    }

    /// Report matches: keyword terms from `hits` (keyword automaton matches for this pattern),
    /// regex matches near prefilter hits or over the whole text.
    pub(crate) fn find(
        &self,
        text: &str,
        hits: &[(usize, usize)],
        regex: Option<&regex::bytes::Regex>,
        mut emit: impl FnMut(Span, Confidence),
    ) {
        let b = text.as_bytes();
        let mut windows = Vec::new();
        for &(s, e) in hits {
            let word = text[s..e].to_lowercase();
            if self.terms.contains(&word) {
                let left_ok = s == 0 || !super::is_word(b[s - 1]);
                let right_ok = e >= b.len() || !super::is_word(b[e]);
                if left_ok && right_ok {
                    let span = Span::new(s, e);
                    if let Some(c) = self.score(text, span) {
                        emit(span, c);
                    }
                }
            }
            if self.prefilter.contains(&word) {
                windows.push((s.saturating_sub(256), e + 256));
            }
        }
        let Some(re) = regex else {
            return;
        };
        let windows = if self.whole_text {
            vec![(0, text.len())]
        } else {
            super::merge_windows(text, windows)
        };
        for (ws, we) in windows {
            // Patterns from the configuration are Unicode-aware: non-empty matches lie on
            // character boundaries.
            for caps in re.captures_iter(&text.as_bytes()[ws..we]) {
                let m = caps.iter().skip(1).flatten().next().or_else(|| caps.get(0));
                if let Some(m) = m
                    && !m.is_empty()
                    && text.is_char_boundary(ws + m.start())
                    && text.is_char_boundary(ws + m.end())
                {
                    let span = Span::new(ws + m.start(), ws + m.end());
                    if let Some(c) = self.score(text, span) {
                        emit(span, c);
                    }
                }
            }
        }
    }
}
