//! The engine: normalise once, run the injection detector and the DLP scanner, decide.

use moat_core::TextKind;
use serde::{Deserialize, Serialize};

use crate::config::{ConfigError, GuardConfig};
use crate::dlp::{DlpFinding, Scanner};
use crate::injection::{Detector, InjectionResult};
use crate::normalize::{Obfuscation, normalize};

/// The overall decision on a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing to act on.
    Allow,
    /// Sensitive data must be transformed (masked, hashed, redacted, pseudonymised) first.
    Redact,
    /// Refuse it.
    Block,
}

/// Everything the engine found in one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The decision.
    pub verdict: Verdict,
    /// Injection score and evidence.
    pub injection: InjectionResult,
    /// Sensitive data found.
    pub findings: Vec<DlpFinding>,
    /// Evasions seen while normalising.
    pub obfuscations: Vec<Obfuscation>,
}

/// The guard engine: build once from configuration, share across threads, call [`Engine::check`].
#[derive(Debug, Clone)]
pub struct Engine {
    config: GuardConfig,
    injection: Detector,
    dlp: Scanner,
}

impl Engine {
    /// Build the engine, validating the configuration.
    pub fn new(config: GuardConfig) -> Result<Self, ConfigError> {
        let injection = Detector::new(&config.injection)?;
        let dlp = Scanner::new(&config.dlp)?;
        Ok(Engine {
            config,
            injection,
            dlp,
        })
    }

    /// The configuration the engine was built from.
    pub fn config(&self) -> &GuardConfig {
        &self.config
    }

    /// The text with every finding's action applied (mask, hash, redact, pseudonymise; blocking
    /// values are redacted too). `report` must come from checking this same `text`.
    pub fn redact(&self, text: &str, report: &Report) -> String {
        let mut vault = crate::dlp::vault::Vault::new();
        crate::dlp::actions::apply(text, &report.findings, &mut vault).text
    }

    /// Check one text for injection and sensitive data.
    pub fn check(&self, text: &str, kind: TextKind) -> Report {
        let norm = normalize(text, &self.config.normalize);
        let injection = if self.config.injection.enabled {
            self.injection.detect(text, &norm, kind)
        } else {
            InjectionResult::default()
        };
        let findings = if self.config.dlp.enabled {
            self.dlp.scan(text)
        } else {
            Vec::new()
        };
        let verdict = if injection.detected
            || findings
                .iter()
                .any(|f| f.action == moat_core::Action::Block)
        {
            Verdict::Block
        } else if findings.iter().any(|f| {
            !matches!(
                f.action,
                moat_core::Action::Allow | moat_core::Action::Alert
            )
        }) {
            Verdict::Redact
        } else {
            Verdict::Allow
        };
        Report {
            verdict,
            injection,
            findings,
            obfuscations: norm.obfuscations,
        }
    }
}
