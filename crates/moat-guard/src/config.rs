//! Guard configuration: the `guard:` section of `moat.yaml`, and the per-route guard settings of
//! the gateway. Every field has a sane default, so `GuardConfig::default()` is a working engine.

use serde::{Deserialize, Serialize};

use crate::dlp::DlpConfig;
use crate::injection::InjectionConfig;
use crate::normalize::NormalizeLimits;

/// The whole guard engine's configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GuardConfig {
    /// Normalisation bounds (decode depth and sizes).
    pub normalize: NormalizeLimits,
    /// Prompt-injection and jailbreak detection.
    pub injection: InjectionConfig,
    /// Sensitive-data detection and actions.
    pub dlp: DlpConfig,
}

/// A configuration that parsed but does not make sense (bad regex, unknown label, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
#[non_exhaustive]
pub struct ConfigError {
    /// Dotted path of the offending field, e.g. `dlp.custom[2].pattern`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl ConfigError {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The parts of `moat.yaml` the guard reads: the `guard:` section. Other sections belong to
/// other components and are ignored here.
#[derive(Debug, Default, Deserialize)]
struct MoatFile {
    #[serde(default)]
    guard: GuardConfig,
}

/// Largest configuration file accepted, in bytes.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

impl GuardConfig {
    /// Parse the `guard:` section of a `moat.yaml` document. Errors name the line, column and
    /// field (`guard.injection.threshold`), and unknown fields are rejected.
    pub fn from_yaml(text: &str) -> Result<GuardConfig, ConfigError> {
        if text.len() > MAX_CONFIG_BYTES {
            return Err(ConfigError::new(
                "guard",
                format!("configuration is larger than {MAX_CONFIG_BYTES} bytes"),
            ));
        }
        if text.trim().is_empty() {
            return Ok(GuardConfig::default());
        }
        let file: MoatFile = serde_saphyr::from_str(text).map_err(|e| {
            let place = e
                .location()
                .map(|l| format!("line {}, column {}: ", l.line(), l.column()))
                .unwrap_or_default();
            ConfigError::new("guard", format!("{place}{e}"))
        })?;
        file.guard.validate()?;
        Ok(file.guard)
    }

    /// Check values that parse but make no sense, by building the engine's detectors.
    pub fn validate(&self) -> Result<(), ConfigError> {
        crate::engine::Engine::new(self.clone())
            .map(|_| ())
            .map_err(|e| ConfigError {
                field: format!("guard.{}", e.field),
                message: e.message,
            })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn yaml_guard_section() {
        let c = GuardConfig::from_yaml(
            "server:\n  listen: x\nguard:\n  injection:\n    threshold: 0.7\n",
        )
        .unwrap();
        assert_eq!(c.injection.threshold, 0.7);
        assert_eq!(GuardConfig::from_yaml("").unwrap(), GuardConfig::default());
    }

    #[test]
    fn yaml_errors_name_place() {
        let e = GuardConfig::from_yaml("guard:\n  injection:\n    treshold: 0.7\n").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("line 3"), "{s}");
        assert!(s.contains("treshold"), "{s}");
        let e = GuardConfig::from_yaml("guard:\n  injection:\n    threshold: 1.7\n").unwrap_err();
        assert_eq!(e.field, "guard.injection.threshold", "{e}");
    }
}
