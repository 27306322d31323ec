//! Prompt-injection and jailbreak detection: hand-written signals with spans, combined with a
//! linear model on hashed word and character n-grams.
//!
//! The score of a text is `sigmoid(model + signals + offset)`, where `model` is the linear
//! model's logit on the best window of the normalised text (and of each decoded payload),
//! `signals` is the sum over signal kinds of the strongest match of that kind (further matches
//! of a kind add a little, capped), and `offset` is [`InjectionConfig::offset`]. Documents use
//! heavier weights for instructions addressed to an assistant, since data should carry none.
//! A pattern match that is quoted inside a text which discusses injections counts for less.

use moat_core::{Span, TextKind};
use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::normalize::{Normalized, ObfuscationKind};

pub mod features;
pub mod metrics;
pub mod model;
mod signals;
pub mod train;

use model::Model;

/// Injection detection settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InjectionConfig {
    /// Turn detection on or off.
    pub enabled: bool,
    /// Score at or above which a `prompt` is an attack.
    pub threshold: f32,
    /// Score at or above which a `document` is an attack.
    pub document_threshold: f32,
    /// Added to every logit before the sigmoid: negative values make the detector more
    /// lenient, positive ones stricter. Prefer moving the thresholds.
    pub offset: f32,
    /// Use the statistical model (signals alone otherwise).
    pub model: bool,
    /// Multiplier of the model's logit. Below 1 the model alone needs to be very sure;
    /// cross-validation across sources showed the model over-blocks text of unseen styles.
    pub model_weight: f32,
}

impl Default for InjectionConfig {
    fn default() -> Self {
        InjectionConfig {
            enabled: true,
            threshold: 0.5,
            document_threshold: 0.5,
            offset: -1.5,
            model: true,
            model_weight: 0.6,
        }
    }
}

/// The kind of evidence a signal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// "Ignore all previous instructions" and the like.
    InstructionOverride,
    /// Role-play and persona jailbreaks (DAN family).
    RolePlay,
    /// Attempts to reveal the system prompt.
    SystemPromptExtraction,
    /// Fake role markers or chat-template tokens.
    FakeRoleToken,
    /// "Never refuse", "do not apologise".
    RefusalSuppression,
    /// An encoded payload carrying instructions.
    PayloadEncoding,
    /// Markdown images or links that carry data out.
    ExfiltrationMarkup,
    /// Optimised adversarial suffixes (high-entropy gibberish).
    AdversarialSuffix,
    /// Evasion by invisible characters, homoglyphs, spacing or leetspeak.
    Obfuscation,
    /// An instruction addressed to the assistant inside data ("in your reply, add ...").
    EmbeddedInstruction,
    /// The statistical model's own vote.
    Model,
}

impl SignalKind {
    /// The snake_case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            SignalKind::InstructionOverride => "instruction_override",
            SignalKind::RolePlay => "role_play",
            SignalKind::SystemPromptExtraction => "system_prompt_extraction",
            SignalKind::FakeRoleToken => "fake_role_token",
            SignalKind::RefusalSuppression => "refusal_suppression",
            SignalKind::PayloadEncoding => "payload_encoding",
            SignalKind::ExfiltrationMarkup => "exfiltration_markup",
            SignalKind::AdversarialSuffix => "adversarial_suffix",
            SignalKind::Obfuscation => "obfuscation",
            SignalKind::EmbeddedInstruction => "embedded_instruction",
            SignalKind::Model => "model",
        }
    }
}

/// One reason for the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// What kind of evidence.
    pub kind: SignalKind,
    /// Where, in the original text.
    pub span: Span,
    /// How much it contributed.
    pub weight: f32,
}

/// The injection verdict on one text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InjectionResult {
    /// Probability-like score in [0, 1].
    pub score: f32,
    /// `score` is at or above the threshold for the text's kind.
    pub detected: bool,
    /// The evidence.
    pub signals: Vec<Signal>,
}

/// The injection detector, built once and shared (cloning is cheap).
#[derive(Debug, Clone)]
pub struct Detector {
    config: InjectionConfig,
    model: Option<std::sync::Arc<Model>>,
}

/// Further matches of one signal kind add this fraction of their weight...
const EXTRA_MATCH_FRACTION: f32 = 0.25;
/// ...up to this much per kind.
const EXTRA_MATCH_CAP: f32 = 1.0;
/// A quoted match in a text that discusses injections keeps this fraction of its weight.
const QUOTED_DISCUSSION_FACTOR: f32 = 0.3;
/// Evasion evidence adds at most this much in total.
const OBFUSCATION_CAP: f32 = 2.0;
/// Signals found inside a decoded payload add this on top (hiding an instruction is itself
/// suspicious).
const DECODED_BONUS: f32 = 1.0;
/// Without the model, a text with no signal starts here (about 5%).
const NO_MODEL_PRIOR: f32 = -3.0;

impl Detector {
    /// Build a detector from its configuration, with the committed model.
    pub fn new(config: &InjectionConfig) -> Result<Self, ConfigError> {
        let model = if config.model {
            let m = Model::embedded()
                .map_err(|e| ConfigError::new("injection.model", e.to_string()))?;
            Some(std::sync::Arc::new(m))
        } else {
            None
        };
        Detector::build(config, model)
    }

    /// Build a detector with a given model (used by training and evaluation).
    pub fn with_model(config: &InjectionConfig, model: Model) -> Result<Self, ConfigError> {
        Detector::build(config, Some(std::sync::Arc::new(model)))
    }

    fn build(
        config: &InjectionConfig,
        model: Option<std::sync::Arc<Model>>,
    ) -> Result<Self, ConfigError> {
        for (name, t) in [
            ("injection.threshold", config.threshold),
            ("injection.document_threshold", config.document_threshold),
        ] {
            if !(0.0..=1.0).contains(&t) || t.is_nan() {
                return Err(ConfigError::new(
                    name,
                    format!("must be between 0 and 1, got {t}"),
                ));
            }
        }
        if !config.model_weight.is_finite() || !(0.0..=10.0).contains(&config.model_weight) {
            return Err(ConfigError::new(
                "injection.model_weight",
                format!("must be between 0 and 10, got {}", config.model_weight),
            ));
        }
        if !config.offset.is_finite() || config.offset.abs() > 20.0 {
            return Err(ConfigError::new(
                "injection.offset",
                format!("must be between -20 and 20, got {}", config.offset),
            ));
        }
        if let Err(e) = signals::PATTERN_SET.as_ref() {
            return Err(ConfigError::new(
                "injection",
                format!("built-in pattern failed to compile: {e}"),
            ));
        }
        Ok(Detector {
            config: config.clone(),
            model,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &InjectionConfig {
        &self.config
    }

    /// Score one text. `original` is the caller's text, `norm` its normalised form; spans in
    /// the result point into `original`.
    pub fn detect(&self, original: &str, norm: &Normalized, kind: TextKind) -> InjectionResult {
        let document = kind == TextKind::Document;
        let mut signals: Vec<Signal> = Vec::new();

        // Pattern signals over the normalised text.
        if let Ok(set) = signals::PATTERN_SET.as_ref() {
            let discussing = signals::discusses(&norm.text);
            set.matches(&norm.text, document, |k, w, s, e| {
                let w = if discussing && signals::quoted(&norm.text, s, e) {
                    w * QUOTED_DISCUSSION_FACTOR
                } else {
                    w
                };
                signals.push(Signal {
                    kind: k,
                    span: norm.original_span(s, e),
                    weight: w,
                });
            });
            // And inside every decoded payload: the span is the encoded form as a whole.
            for d in &norm.decoded {
                let mut found = false;
                set.matches(&d.text, document, |k, w, _, _| {
                    found = true;
                    signals.push(Signal {
                        kind: k,
                        span: d.span,
                        weight: w,
                    });
                });
                if found {
                    signals.push(Signal {
                        kind: SignalKind::PayloadEncoding,
                        span: d.span,
                        weight: DECODED_BONUS,
                    });
                }
            }
        }

        // Adversarial suffixes, on the original text (normalisation would blur them).
        for (s, e) in signals::adversarial_suffixes(original) {
            signals.push(Signal {
                kind: SignalKind::AdversarialSuffix,
                span: Span::new(s, e),
                weight: if document { 1.5 } else { 2.5 },
            });
        }

        let mut logit = self.config.offset + combine(&signals);

        // Evasion evidence from normalisation.
        let mut obf = 0f32;
        for o in &norm.obfuscations {
            let w = match o.kind {
                ObfuscationKind::TagCharacters => 2.0,
                ObfuscationKind::Homoglyph => 0.7,
                ObfuscationKind::Invisible | ObfuscationKind::Spacing => 0.5,
                ObfuscationKind::Leetspeak => 0.3,
                _ => 0.2,
            };
            if obf + w > OBFUSCATION_CAP {
                continue;
            }
            obf += w;
            signals.push(Signal {
                kind: SignalKind::Obfuscation,
                span: o.span,
                weight: w,
            });
        }
        logit += obf;

        // The model, on the text and on each decoded payload.
        if let Some(model) = &self.model {
            let mut best = model.score(&norm.text);
            let mut span = approx_span(original, best.window, norm.text.len() + 2);
            for d in &norm.decoded {
                let s = model.score(&d.text);
                if s.logit > best.logit {
                    best = s;
                    span = d.span;
                }
            }
            let m = best.logit * self.config.model_weight;
            logit += m;
            if m > 0.0 {
                signals.push(Signal {
                    kind: SignalKind::Model,
                    span,
                    weight: m,
                });
            }
        } else {
            logit += NO_MODEL_PRIOR - self.config.offset;
        }

        let score = 1.0 / (1.0 + (-logit).exp());
        let threshold = if document {
            self.config.document_threshold
        } else {
            self.config.threshold
        };
        signals.sort_by(|a, b| {
            a.span
                .start
                .cmp(&b.span.start)
                .then(b.weight.total_cmp(&a.weight))
        });
        InjectionResult {
            score,
            detected: score >= threshold,
            signals,
        }
    }
}

/// Sum over kinds of the strongest weight, plus a capped bonus for further matches.
fn combine(signals: &[Signal]) -> f32 {
    let mut best: Vec<(SignalKind, f32, f32)> = Vec::new();
    for s in signals {
        match best.iter_mut().find(|b| b.0 == s.kind) {
            Some(b) => {
                let (hi, lo) = if s.weight > b.1 {
                    (s.weight, b.1)
                } else {
                    (b.1, s.weight)
                };
                b.1 = hi;
                b.2 = (b.2 + lo * EXTRA_MATCH_FRACTION).min(EXTRA_MATCH_CAP);
            }
            None => best.push((s.kind, s.weight, 0.0)),
        }
    }
    best.iter().map(|b| b.1 + b.2).sum()
}

/// Map a window of the folded text back to the original, proportionally (the folded text has
/// no byte map; this is only for pointing a reader at the right region).
fn approx_span(original: &str, window: (usize, usize), folded_len: usize) -> Span {
    if folded_len == 0 || original.is_empty() {
        return Span::new(0, 0);
    }
    let scale = original.len() as f64 / folded_len as f64;
    let mut s = ((window.0 as f64 * scale) as usize).min(original.len());
    let mut e = ((window.1 as f64 * scale).ceil() as usize).min(original.len());
    while s > 0 && !original.is_char_boundary(s) {
        s -= 1;
    }
    while e < original.len() && !original.is_char_boundary(e) {
        e += 1;
    }
    Span::new(s, e)
}
