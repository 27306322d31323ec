//! The two taxonomies every probe is tagged with: the OWASP Top 10 for LLM Applications 2025 and
//! MITRE ATLAS techniques.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The ATLAS data version the technique ids below were checked against
/// (`mitre-atlas/atlas-data`, `data/data.yaml`).
pub const ATLAS_VERSION: &str = "4.9.1";

/// The OWASP list the `owasp` tags refer to.
pub const OWASP_VERSION: &str = "OWASP Top 10 for LLM Applications 2025";

/// An entry of the OWASP Top 10 for LLM Applications 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Owasp {
    /// Prompt Injection.
    #[serde(rename = "LLM01")]
    Llm01,
    /// Sensitive Information Disclosure.
    #[serde(rename = "LLM02")]
    Llm02,
    /// Supply Chain.
    #[serde(rename = "LLM03")]
    Llm03,
    /// Data and Model Poisoning.
    #[serde(rename = "LLM04")]
    Llm04,
    /// Improper Output Handling.
    #[serde(rename = "LLM05")]
    Llm05,
    /// Excessive Agency.
    #[serde(rename = "LLM06")]
    Llm06,
    /// System Prompt Leakage.
    #[serde(rename = "LLM07")]
    Llm07,
    /// Vector and Embedding Weaknesses.
    #[serde(rename = "LLM08")]
    Llm08,
    /// Misinformation.
    #[serde(rename = "LLM09")]
    Llm09,
    /// Unbounded Consumption.
    #[serde(rename = "LLM10")]
    Llm10,
}

impl Owasp {
    /// Every entry, in order.
    pub const ALL: [Owasp; 10] = [
        Owasp::Llm01,
        Owasp::Llm02,
        Owasp::Llm03,
        Owasp::Llm04,
        Owasp::Llm05,
        Owasp::Llm06,
        Owasp::Llm07,
        Owasp::Llm08,
        Owasp::Llm09,
        Owasp::Llm10,
    ];

    /// The id, e.g. `LLM01`.
    pub fn id(&self) -> &'static str {
        match self {
            Owasp::Llm01 => "LLM01",
            Owasp::Llm02 => "LLM02",
            Owasp::Llm03 => "LLM03",
            Owasp::Llm04 => "LLM04",
            Owasp::Llm05 => "LLM05",
            Owasp::Llm06 => "LLM06",
            Owasp::Llm07 => "LLM07",
            Owasp::Llm08 => "LLM08",
            Owasp::Llm09 => "LLM09",
            Owasp::Llm10 => "LLM10",
        }
    }

    /// The entry's title.
    pub fn title(&self) -> &'static str {
        match self {
            Owasp::Llm01 => "Prompt Injection",
            Owasp::Llm02 => "Sensitive Information Disclosure",
            Owasp::Llm03 => "Supply Chain",
            Owasp::Llm04 => "Data and Model Poisoning",
            Owasp::Llm05 => "Improper Output Handling",
            Owasp::Llm06 => "Excessive Agency",
            Owasp::Llm07 => "System Prompt Leakage",
            Owasp::Llm08 => "Vector and Embedding Weaknesses",
            Owasp::Llm09 => "Misinformation",
            Owasp::Llm10 => "Unbounded Consumption",
        }
    }

    /// Parse `LLM01` (case-insensitive, `LLM01:2025` accepted).
    pub fn parse(s: &str) -> Option<Owasp> {
        let s = s.trim();
        let s = s.strip_suffix(":2025").unwrap_or(s);
        Owasp::ALL
            .into_iter()
            .find(|o| o.id().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Owasp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The ATLAS techniques probes may be tagged with: id and name as in ATLAS [`ATLAS_VERSION`].
pub const ATLAS_TECHNIQUES: &[(&str, &str)] = &[
    ("AML.T0024", "Exfiltration via AI Inference API"),
    ("AML.T0029", "Denial of AI Service"),
    ("AML.T0034", "Cost Harvesting"),
    ("AML.T0048", "External Harms"),
    ("AML.T0048.000", "External Harms: Financial Harm"),
    ("AML.T0048.003", "External Harms: User Harm"),
    ("AML.T0050", "Command and Scripting Interpreter"),
    ("AML.T0051", "LLM Prompt Injection"),
    ("AML.T0051.000", "LLM Prompt Injection: Direct"),
    ("AML.T0051.001", "LLM Prompt Injection: Indirect"),
    ("AML.T0053", "LLM Plugin Compromise"),
    ("AML.T0054", "LLM Jailbreak"),
    ("AML.T0055", "Unsecured Credentials"),
    ("AML.T0056", "Extract LLM System Prompt"),
    ("AML.T0057", "LLM Data Leakage"),
    ("AML.T0061", "LLM Prompt Self-Replication"),
    ("AML.T0062", "Discover LLM Hallucinations"),
    ("AML.T0065", "LLM Prompt Crafting"),
    ("AML.T0067", "LLM Trusted Output Components Manipulation"),
    ("AML.T0068", "LLM Prompt Obfuscation"),
    (
        "AML.T0069.002",
        "Discover LLM System Information: System Prompt",
    ),
    ("AML.T0070", "RAG Poisoning"),
    ("AML.T0071", "False RAG Entry Injection"),
];

/// The name of an ATLAS technique id, if it is one of [`ATLAS_TECHNIQUES`].
pub fn atlas_name(id: &str) -> Option<&'static str> {
    ATLAS_TECHNIQUES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owasp_parse_and_names() {
        assert_eq!(Owasp::parse("llm07"), Some(Owasp::Llm07));
        assert_eq!(Owasp::parse("LLM10:2025"), Some(Owasp::Llm10));
        assert_eq!(Owasp::parse("LLM11"), None);
        assert_eq!(Owasp::Llm05.title(), "Improper Output Handling");
    }

    #[test]
    fn atlas_ids_are_well_formed_and_unique() {
        let re = regex::Regex::new(r"^AML\.T\d{4}(\.\d{3})?$").unwrap();
        let mut seen = std::collections::HashSet::new();
        for (id, name) in ATLAS_TECHNIQUES {
            assert!(re.is_match(id), "{id}");
            assert!(!name.is_empty());
            assert!(seen.insert(*id), "duplicate {id}");
        }
        assert_eq!(atlas_name("AML.T0056"), Some("Extract LLM System Prompt"));
    }
}
