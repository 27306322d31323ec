//! Applying the findings' actions to a text: mask, hash, redact, pseudonymise, block.

use moat_core::{Action, Span};
use serde::{Deserialize, Serialize};

use super::DlpFinding;
use super::vault::Vault;

/// The fixed marker the `redact` action writes.
pub const REDACTED: &str = "[REDACTED]";

/// One replacement made by [`apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    /// Entity type of the replaced value.
    #[serde(rename = "type")]
    pub entity: String,
    /// The action that was applied.
    pub action: Action,
    /// Where the value was in the input text.
    pub original: Span,
    /// Where its replacement is in the output text.
    pub replaced: Span,
}

/// The outcome of [`apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The text with every masked, hashed, redacted or pseudonymised value replaced. When
    /// `blocked`, the blocking values are redacted too, so the text is still safe to log.
    pub text: String,
    /// True when at least one finding's action is `block`: the caller must refuse the text.
    pub blocked: bool,
    /// What was replaced, in text order.
    pub replacements: Vec<Replacement>,
}

/// Apply each finding's action to `text`. Findings must come from scanning this same `text`.
/// Overlapping findings: the first (by start, then longest) wins. Findings whose span is out of
/// bounds or not on character boundaries are ignored rather than trusted.
pub fn apply(text: &str, findings: &[DlpFinding], vault: &mut Vault) -> Applied {
    let mut order: Vec<&DlpFinding> = findings
        .iter()
        .filter(|f| {
            f.span.end <= text.len()
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end)
                && !f.span.is_empty()
        })
        .collect();
    order.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.len().cmp(&a.span.len()))
    });
    let blocked = findings.iter().any(|f| f.action == Action::Block);
    let mut out = String::with_capacity(text.len());
    let mut replacements = Vec::new();
    let mut pos = 0usize;
    for f in order {
        if f.span.start < pos {
            continue;
        }
        let value = &text[f.span.range()];
        let replacement = match f.action {
            Action::Allow | Action::Alert => continue,
            Action::Mask => vault.placeholder(&f.entity, value, false),
            Action::Pseudonymize => vault.placeholder(&f.entity, value, true),
            Action::Hash => vault.hash(&f.entity, value),
            Action::Redact | Action::Block => REDACTED.to_owned(),
        };
        out.push_str(&text[pos..f.span.start]);
        let start = out.len();
        out.push_str(&replacement);
        replacements.push(Replacement {
            entity: f.entity.clone(),
            action: f.action,
            original: f.span,
            replaced: Span::new(start, out.len()),
        });
        pos = f.span.end;
    }
    out.push_str(&text[pos..]);
    Applied {
        text: out,
        blocked,
        replacements,
    }
}
