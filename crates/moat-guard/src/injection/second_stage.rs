//! The optional second stage: a small transformer classifier (crate `moat-transformer`, built
//! with the cargo feature `transformer`) asked for its opinion only when the first stage's
//! score falls in an "unsure" band. Its logit, capped, is added to the first stage's; it can
//! raise or lower the score, and a raise is reported as a `classifier` signal.
//!
//! The weights come from a local directory (`config.json` + `model.safetensors`); nothing is
//! downloaded. A configuration that names a second stage in a build without the feature is an
//! error, not a silent downgrade. If the classifier fails on a text, the second stage fails
//! closed: it adds its cap.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::ConfigError;

/// Second-stage settings (`injection.second_stage`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecondStageConfig {
    /// Directory holding `config.json` and `model.safetensors`.
    pub path: PathBuf,
    /// First-stage scores at or above this...
    pub low: f32,
    /// ...and below this are unsure, and get a second opinion.
    pub high: f32,
    /// Multiplier of the classifier's logit.
    pub weight: f32,
    /// The classifier's logit is clamped to `[-cap, cap]` before weighting.
    pub cap: f32,
    /// Subtracted from the clamped logit before weighting.
    pub margin: f32,
    /// Let a negative opinion lower the score (off: the classifier only adds evidence).
    pub lower: bool,
}

impl Default for SecondStageConfig {
    fn default() -> Self {
        SecondStageConfig {
            path: PathBuf::new(),
            low: 0.1,
            high: 0.9,
            weight: 1.0,
            cap: 4.0,
            margin: 2.0,
            lower: false,
        }
    }
}

impl SecondStageConfig {
    /// Check the path and the numbers; errors name the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.path.as_os_str().is_empty() {
            return Err(ConfigError::new(
                "injection.second_stage.path",
                "is required: the directory of a trained classifier",
            ));
        }
        self.validate_numbers()
    }

    /// Check the band, weight, cap and margin; errors name the field.
    pub fn validate_numbers(&self) -> Result<(), ConfigError> {
        let f = |n: &str| format!("injection.second_stage.{n}");
        for (n, v) in [("low", self.low), ("high", self.high)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(ConfigError::new(
                    f(n),
                    format!("must be between 0 and 1, got {v}"),
                ));
            }
        }
        if self.high < self.low {
            return Err(ConfigError::new(
                f("high"),
                format!("must not be below low ({}), got {}", self.low, self.high),
            ));
        }
        if !(0.0..=10.0).contains(&self.weight) {
            return Err(ConfigError::new(
                f("weight"),
                format!("must be between 0 and 10, got {}", self.weight),
            ));
        }
        if !(self.cap > 0.0 && self.cap <= 20.0) {
            return Err(ConfigError::new(
                f("cap"),
                format!("must be above 0 and at most 20, got {}", self.cap),
            ));
        }
        if !(-20.0..=20.0).contains(&self.margin) {
            return Err(ConfigError::new(
                f("margin"),
                format!("must be between -20 and 20, got {}", self.margin),
            ));
        }
        Ok(())
    }

    /// The contribution of a classifier logit to the score's logit.
    pub fn contribution(&self, logit: f32) -> f32 {
        let raw = self.weight * (logit.clamp(-self.cap, self.cap) - self.margin);
        if self.lower { raw } else { raw.max(0.0) }
    }
}

/// A loaded second stage.
#[derive(Debug)]
pub struct SecondStage {
    config: SecondStageConfig,
    #[cfg(feature = "transformer")]
    model: std::sync::Arc<moat_transformer::Classifier>,
}

/// What the second stage said about a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opinion {
    /// Weighted, capped contribution to the logit.
    pub weight: f32,
    /// The window it judged, in bytes of the text it was given.
    pub start: usize,
    /// One past the window's last byte.
    pub end: usize,
}

impl SecondStage {
    /// Load the classifier named by `config`.
    #[cfg(feature = "transformer")]
    pub fn load(config: &SecondStageConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let model = moat_transformer::Classifier::load(&config.path)
            .map_err(|e| ConfigError::new("injection.second_stage.path", e.to_string()))?;
        Ok(SecondStage {
            config: config.clone(),
            model: std::sync::Arc::new(model),
        })
    }

    /// Without the `transformer` feature there is nothing to load: say so.
    #[cfg(not(feature = "transformer"))]
    pub fn load(config: &SecondStageConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        Err(ConfigError::new(
            "injection.second_stage",
            "this build has no transformer support; rebuild Moat with `--features transformer` \
             or remove the second stage",
        ))
    }

    /// A second stage around an already loaded classifier (training and evaluation).
    #[cfg(feature = "transformer")]
    pub fn with_classifier(
        config: &SecondStageConfig,
        model: std::sync::Arc<moat_transformer::Classifier>,
    ) -> Result<Self, ConfigError> {
        config.validate_numbers()?;
        Ok(SecondStage {
            config: config.clone(),
            model,
        })
    }

    /// The settings.
    pub fn config(&self) -> &SecondStageConfig {
        &self.config
    }

    /// The first stage's score is in the unsure band.
    pub fn unsure(&self, score: f32) -> bool {
        score >= self.config.low && score < self.config.high
    }

    /// The classifier's opinion of `text` (the normalised text).
    pub fn opinion(&self, text: &str) -> Opinion {
        let fail = Opinion {
            weight: self.config.contribution(self.config.cap),
            start: 0,
            end: text.len(),
        };
        #[cfg(feature = "transformer")]
        {
            match self.model.score(text) {
                Ok(s) => Opinion {
                    weight: self.config.contribution(s.logit),
                    start: s.start,
                    end: s.end,
                },
                // Fail closed.
                Err(_) => fail,
            }
        }
        #[cfg(not(feature = "transformer"))]
        {
            fail
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_field() {
        let ok = SecondStageConfig {
            path: "m".into(),
            ..SecondStageConfig::default()
        };
        assert!(ok.validate().is_ok());
        for (bad, field) in [
            (SecondStageConfig::default(), "path"),
            (
                SecondStageConfig {
                    low: 1.5,
                    ..ok.clone()
                },
                "low",
            ),
            (
                SecondStageConfig {
                    low: 0.6,
                    high: 0.5,
                    ..ok.clone()
                },
                "high",
            ),
            (
                SecondStageConfig {
                    weight: f32::NAN,
                    ..ok.clone()
                },
                "weight",
            ),
            (
                SecondStageConfig {
                    cap: 0.0,
                    ..ok.clone()
                },
                "cap",
            ),
            (
                SecondStageConfig {
                    margin: 99.0,
                    ..ok.clone()
                },
                "margin",
            ),
        ] {
            let e = bad
                .validate()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(field), "{field}: {e}");
        }
    }

    #[test]
    fn by_default_the_classifier_only_adds() {
        let c = SecondStageConfig::default();
        assert_eq!(c.contribution(-3.0), 0.0);
        assert_eq!(c.contribution(1.5), 0.0);
        assert_eq!(c.contribution(2.5), 0.5);
        assert_eq!(c.contribution(100.0), 2.0);
        let both = SecondStageConfig {
            lower: true,
            margin: 1.0,
            ..c
        };
        assert_eq!(both.contribution(-3.0), -4.0);
        assert_eq!(both.contribution(-100.0), -5.0);
    }

    #[cfg(not(feature = "transformer"))]
    #[test]
    fn a_build_without_the_feature_refuses_a_second_stage() {
        let cfg = SecondStageConfig {
            path: "m".into(),
            ..SecondStageConfig::default()
        };
        let e = SecondStage::load(&cfg)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("--features transformer"), "{e}");
    }

    #[cfg(feature = "transformer")]
    #[test]
    fn a_missing_model_directory_is_a_config_error() {
        let cfg = SecondStageConfig {
            path: "/nonexistent/moat-model".into(),
            ..SecondStageConfig::default()
        };
        let e = SecondStage::load(&cfg)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("second_stage.path") && e.contains("config.json"),
            "{e}"
        );
    }
}
