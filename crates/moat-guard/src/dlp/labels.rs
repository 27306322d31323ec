//! Sensitivity labels: an ordered list of names (lowest first), so a policy can say "block
//! `Confidential` and above".

use crate::config::ConfigError;

/// The labels Moat uses when configuration names none, lowest first.
pub const DEFAULT_LABELS: &[&str] = &["Public", "General", "Confidential", "Highly Confidential"];

/// An ordered set of sensitivity labels. Names compare case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelOrder {
    names: Vec<String>,
}

impl Default for LabelOrder {
    fn default() -> Self {
        LabelOrder {
            names: DEFAULT_LABELS.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

impl LabelOrder {
    /// Build an order from names, lowest first. Empty means [`DEFAULT_LABELS`]; duplicates and
    /// blank names are errors.
    pub fn new(names: &[String]) -> Result<Self, ConfigError> {
        if names.is_empty() {
            return Ok(LabelOrder::default());
        }
        if names.len() > 64 {
            return Err(ConfigError::new("dlp.labels", "at most 64 labels"));
        }
        let mut out: Vec<String> = Vec::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            let t = n.trim();
            if t.is_empty() {
                return Err(ConfigError::new(format!("dlp.labels[{i}]"), "empty label"));
            }
            if out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
                return Err(ConfigError::new(
                    format!("dlp.labels[{i}]"),
                    format!("duplicate label `{t}`"),
                ));
            }
            out.push(t.to_owned());
        }
        Ok(LabelOrder { names: out })
    }

    /// Rank of `label` (0 = lowest), or `None` if it is not one of the labels.
    pub fn rank(&self, label: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(label.trim()))
    }

    /// The canonical spelling of `label`, if known.
    pub fn canonical(&self, label: &str) -> Option<&str> {
        self.rank(label).map(|i| self.names[i].as_str())
    }

    /// The labels, lowest first.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// True when `label` is at or above `threshold`; unknown labels are never at or above.
    pub fn at_or_above(&self, label: &str, threshold: &str) -> bool {
        match (self.rank(label), self.rank(threshold)) {
            (Some(a), Some(b)) => a >= b,
            _ => false,
        }
    }

    /// Map one of the built-in default label names onto this order: the same name if it exists,
    /// else the label at the same relative height.
    pub(crate) fn map_default(&self, default: &str) -> String {
        if let Some(c) = self.canonical(default) {
            return c.to_owned();
        }
        let pos = DEFAULT_LABELS
            .iter()
            .position(|d| d.eq_ignore_ascii_case(default))
            .unwrap_or(DEFAULT_LABELS.len() - 1);
        let idx = (pos * self.names.len()) / DEFAULT_LABELS.len();
        self.names
            .get(idx.min(self.names.len().saturating_sub(1)))
            .cloned()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ordering() {
        let o = LabelOrder::default();
        assert!(o.at_or_above("highly confidential", "Confidential"));
        assert!(!o.at_or_above("General", "Confidential"));
        assert!(!o.at_or_above("Secret", "Public"));
        assert_eq!(o.canonical("public"), Some("Public"));
    }

    #[test]
    fn custom_order_and_errors() {
        let o = LabelOrder::new(&["low".into(), "high".into()]).unwrap_or_default();
        assert_eq!(o.map_default("Highly Confidential"), "high");
        assert_eq!(o.map_default("Public"), "low");
        let e = LabelOrder::new(&["a".into(), "A".into()]).unwrap_err();
        assert_eq!(e.field, "dlp.labels[1]");
    }
}
