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
