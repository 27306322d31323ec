//! Shared vocabulary of Moat.
//!
//! Every other crate speaks in these types: a [`Severity`] orders findings, an [`Action`] says what
//! a policy does with a match, a [`Span`] points into the caller's original text, an [`Identity`]
//! says who is asking, and [`ExitStatus`] is the contract every command keeps with CI pipelines.
//!
//! ```
//! use moat_core::{Severity, Span};
//! assert!(Severity::Critical > Severity::Low);
//! let s = Span::new(4, 8);
//! assert_eq!(&"the text"[s.range()], "text");
//! assert_eq!("high".parse::<Severity>().unwrap(), Severity::High);
//! ```
#![deny(missing_docs)]

mod identity;
mod severity;

pub use identity::{Identity, PrincipalKind};
pub use severity::{Action, Confidence, ParseEnumError, Severity};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a piece of text.
///
/// INVARIANT: spans reported by Moat always point into the caller's ORIGINAL text (before any
/// normalisation) and fall on UTF-8 character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the match.
    pub start: usize,
    /// One past the last byte of the match.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `end` is raised to `start` if it is smaller.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The span as a range, for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What a piece of text is, which changes how suspicious an instruction in it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextKind {
    /// A message a user typed: instructions are expected, overrides are not.
    #[default]
    Prompt,
    /// Retrieved or tool-returned content: it should carry data, never instructions.
    Document,
}

impl std::str::FromStr for TextKind {
    type Err = ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "prompt" => Ok(TextKind::Prompt),
            "document" => Ok(TextKind::Document),
            _ => Err(ParseEnumError::new("kind", s, &["prompt", "document"])),
        }
    }
}

/// Process exit codes shared by every Moat command.
///
/// 0: ran and found nothing at or above the threshold; 1: ran and found something;
/// 2: could not do the job (usage, input, configuration or I/O error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    /// Nothing found.
    Clean = 0,
    /// Something was found at or above the threshold.
    Findings = 1,
    /// Usage, input, configuration or I/O error.
    Error = 2,
}

impl ExitStatus {
    /// The worse of two outcomes: an error beats findings, findings beat clean.
    pub fn worst(self, other: ExitStatus) -> ExitStatus {
        if (other as u8) > (self as u8) {
            other
        } else {
            self
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(s as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_overlap() {
        assert!(Span::new(0, 5).overlaps(&Span::new(4, 6)));
        assert!(!Span::new(0, 5).overlaps(&Span::new(5, 6)));
        assert!(Span::new(3, 1).is_empty());
    }

    #[test]
    fn exit_worst() {
        assert_eq!(
            ExitStatus::Clean.worst(ExitStatus::Findings),
            ExitStatus::Findings
        );
        assert_eq!(
            ExitStatus::Error.worst(ExitStatus::Findings),
            ExitStatus::Error
        );
    }

    #[test]
    fn text_kind_parse() {
        assert_eq!("Document".parse::<TextKind>().unwrap(), TextKind::Document);
        assert!("doc".parse::<TextKind>().is_err());
    }
}
