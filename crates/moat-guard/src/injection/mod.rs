//! Prompt-injection and jailbreak detection: hand-written signals with spans, and a linear
//! model on hashed word and character n-grams that can add evidence when it is very sure.
//!
//! The score of a text is `sigmoid(offset + signals + model_weight * max(0, model -
//! model_margin))`. `signals` is the sum over signal kinds of the strongest match of that kind
//! (further matches of a kind add a little, capped): regular expressions (`signals.rs`) and
//! rules over multilingual concepts (`lexicon.rs`, `concepts.rs`, `rules.rs`), plus evasion
//! evidence from normalisation. `model` is the linear model's logit on the best window of the
//! normalised text (and of each decoded payload). Documents use heavier weights for
//! instructions addressed to an assistant, since data should carry none. A match that is
//! quoted inside a text which discusses injections, or an override that names where the
//! distrusted instructions come from ("ignore instructions found in documents"), counts less.
//!
//! With the `transformer` feature and `second_stage` configured, a small transformer classifier
//! (`second_stage.rs`) is asked when the score is unsure and may add evidence too.
//!
//! Why the model only adds: cross-validation that leaves whole sources out showed the model
//! transfers poorly to text of unseen styles (it over-blocks task instructions and persona
//! prompts), while the signals transfer well; see `docs/guard.md`.

use moat_core::{Span, TextKind};
use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::normalize::{Normalized, ObfuscationKind};

pub mod concepts;
pub mod features;
pub mod lexicon;
pub mod metrics;
pub mod model;
mod rules;
pub mod second_stage;
mod signals;
pub mod train;

use model::Model;
use second_stage::{SecondStage, SecondStageConfig};

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
    /// Multiplier of the model's evidence above `model_margin`.
    pub model_weight: f32,
    /// The model's logit must exceed this before it adds anything (it never subtracts).
    pub model_margin: f32,
    /// Optional transformer classifier consulted when the score is unsure (needs a build
    /// with the `transformer` feature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_stage: Option<SecondStageConfig>,
}

impl Default for InjectionConfig {
    fn default() -> Self {
        InjectionConfig {
            enabled: true,
            threshold: 0.5,
            document_threshold: 0.5,
            offset: -2.0,
            model: true,
            model_weight: 1.0,
            model_margin: 3.0,
            second_stage: None,
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
    /// The second-stage transformer classifier's vote.
    Classifier,
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
            SignalKind::Classifier => "classifier",
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
    second: Option<std::sync::Arc<SecondStage>>,
}

/// Further matches of one signal kind add this fraction of their weight...
const EXTRA_MATCH_FRACTION: f32 = 0.25;
/// ...up to this much per kind...
const EXTRA_MATCH_CAP: f32 = 1.0;
/// ...when they lie within this many bytes of the strongest match of the kind.
const EXTRA_MATCH_WINDOW: usize = 1024;
/// Signals of different kinds add up when they lie within a stretch this long.
const SIGNAL_WINDOW: usize = 2048;
/// Above this many signals the whole text is one window (bounded work on hostile input).
const MAX_WINDOWED_SIGNALS: usize = 256;
/// A quoted match in a text that discusses injections keeps this fraction of its weight.
const QUOTED_DISCUSSION_FACTOR: f32 = 0.3;
/// A text this short that ends with a question mark is a question about what it quotes.
const SHORT_QUESTION: usize = 400;
/// An override followed by where the distrusted instructions come from ("ignore instructions
/// found in documents") keeps this fraction of its weight.
const DEFENSIVE_FACTOR: f32 = 0.3;
/// Evasion evidence adds at most this much in total (below the default threshold, so that
/// emoji variation selectors or a spaced acronym never block on their own)...
const OBFUSCATION_CAP: f32 = 1.5;
/// ...unless text is hidden in Unicode tag characters.
const OBFUSCATION_CAP_TAGS: f32 = 2.5;
/// A further evasion of a kind already seen adds this.
const OBFUSCATION_REPEAT: f32 = 0.1;
/// Signals found inside a decoded payload add this on top (hiding an instruction is itself
/// suspicious).
const DECODED_BONUS: f32 = 1.0;

impl Detector {
    /// Build a detector from its configuration, with the committed model.
    pub fn new(config: &InjectionConfig) -> Result<Self, ConfigError> {
        let model = if config.model {
            let m = embedded_model()
                .as_ref()
                .map_err(|e| ConfigError::new("injection.model", e.to_string()))?;
            Some(m.clone())
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
        for (name, w) in [
            ("injection.model_weight", config.model_weight),
            ("injection.model_margin", config.model_margin),
        ] {
            if !w.is_finite() || !(0.0..=10.0).contains(&w) {
                return Err(ConfigError::new(
                    name,
                    format!("must be between 0 and 10, got {w}"),
                ));
            }
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
        if !concepts::ready() {
            return Err(ConfigError::new(
                "injection",
                "built-in concept lexicon failed to compile",
            ));
        }
        let second = match &config.second_stage {
            Some(c) => Some(std::sync::Arc::new(SecondStage::load(c)?)),
            None => None,
        };
        Ok(Detector {
            config: config.clone(),
            model,
            second,
        })
    }

    /// Replace the second stage with one around an already loaded classifier (training and
    /// evaluation).
    #[cfg(feature = "transformer")]
    pub fn with_second_stage(
        mut self,
        config: &SecondStageConfig,
        classifier: std::sync::Arc<moat_transformer::Classifier>,
    ) -> Result<Self, ConfigError> {
        let stage = SecondStage::with_classifier(config, classifier)?;
        self.config.second_stage = Some(config.clone());
        self.second = Some(std::sync::Arc::new(stage));
        Ok(self)
    }

    /// The configuration.
    pub fn config(&self) -> &InjectionConfig {
        &self.config
    }

    /// Score one text. `original` is the caller's text, `norm` its normalised form; spans in
    /// the result point into `original`.
    pub fn detect(&self, original: &str, norm: &Normalized, kind: TextKind) -> InjectionResult {
        let document = kind == TextKind::Document;
        let sc = Scratch::of_normalized(original, norm);
        let (mut signals, signal_logit) = self.signals(original, norm, document, &sc);
        let mut logit = self.config.offset + signal_logit;

        // The model adds evidence only when it is sure.
        if let Some((raw, span)) = self.model_logit(original, norm, &sc) {
            let w = self.config.model_weight * (raw - self.config.model_margin).max(0.0);
            logit += w;
            if w > 0.0 {
                signals.push(Signal {
                    kind: SignalKind::Model,
                    span,
                    weight: w,
                });
            }
        }

        // A second opinion when the first stage is unsure.
        if let Some(stage) = &self.second
            && stage.unsure(1.0 / (1.0 + (-logit).exp()))
        {
            let o = stage.opinion(&norm.text);
            logit += o.weight;
            if o.weight > 0.0 {
                signals.push(Signal {
                    kind: SignalKind::Classifier,
                    span: norm.original_span(o.start, o.end),
                    weight: o.weight,
                });
            }
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

    /// The two halves of a score before they are combined: the signals' logit (pattern
    /// signals and evasion evidence) and the model's raw logit (`None` without a model). Used
    /// to calibrate the combination; [`Detector::detect`] is what callers want.
    pub fn parts(&self, original: &str, norm: &Normalized, kind: TextKind) -> ScoreParts {
        let sc = Scratch::of_normalized(original, norm);
        let (_, signals) = self.signals(original, norm, kind == TextKind::Document, &sc);
        ScoreParts {
            signals,
            model: self.model_logit(original, norm, &sc).map(|m| m.0),
        }
    }

    /// Pattern, concept-rule, suffix and evasion signals, and their combined logit. `sc`
    /// holds the folded form and concepts of `norm.text`.
    fn signals(
        &self,
        original: &str,
        norm: &Normalized,
        document: bool,
        sc: &Scratch,
    ) -> (Vec<Signal>, f32) {
        let mut signals: Vec<Signal> = Vec::new();
        // A text that discusses injections, or asks about a phrase it quotes ("is 'ignore
        // all previous instructions' a real thing?"), quotes attacks without making them.
        let discussing = signals::discusses(&norm.text)
            || (norm.text.len() <= SHORT_QUESTION && norm.text.trim_end().ends_with('?'));
        let weigh = |k: SignalKind, w: f32, s: usize, e: usize| {
            let w = if discussing && signals::quoted(&norm.text, s, e) {
                w * QUOTED_DISCUSSION_FACTOR
            } else {
                w
            };
            if k == SignalKind::InstructionOverride
                && (signals::defensive_tail(&norm.text, e)
                    || signals::defensive_head(&norm.text, s))
            {
                w * DEFENSIVE_FACTOR
            } else {
                w
            }
        };

        // Pattern signals over the normalised text.
        if let Ok(set) = signals::PATTERN_SET.as_ref() {
            set.matches(&norm.text, document, |k, w, s, e| {
                signals.push(Signal {
                    kind: k,
                    span: norm.original_span(s, e),
                    weight: weigh(k, w, s, e),
                });
            });
        }
        // Concept rules: spans come back in the spaced text and are mapped only when a rule
        // fired (rare on benign text).
        let mut fired: Vec<(SignalKind, f32, usize, usize)> = Vec::new();
        rules::matches(&sc.hits, document, |k, w, s, e| fired.push((k, w, s, e)));
        if !fired.is_empty() {
            let map = concepts::spaced_map(&norm.text);
            for (k, w, s, e) in fired {
                let (ns, ne) = concepts::norm_range(&sc.spaced, &map, s, e);
                signals.push(Signal {
                    kind: k,
                    span: norm.original_span(ns, ne),
                    weight: weigh(k, w, ns, ne),
                });
            }
        }
        // And inside every decoded payload: the span is the encoded form as a whole.
        for d in &norm.decoded {
            let mut found = false;
            if let Ok(set) = signals::PATTERN_SET.as_ref() {
                set.matches(&d.text, document, |k, w, _, _| {
                    found = true;
                    signals.push(Signal {
                        kind: k,
                        span: d.span,
                        weight: w,
                    });
                });
            }
            let dsc = Scratch::of(&d.text);
            rules::matches(&dsc.hits, document, |k, w, _, _| {
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

        // Adversarial suffixes, on the original text (normalisation would blur them).
        for (s, e) in signals::adversarial_suffixes(original) {
            signals.push(Signal {
                kind: SignalKind::AdversarialSuffix,
                span: Span::new(s, e),
                weight: if document { 1.5 } else { 2.5 },
            });
        }

        let mut logit = combine_windowed(original, &signals);

        // Evasion evidence from normalisation: each kind counts once, repeats add a little.
        // Evasion alone stays below the threshold unless it hides text in tag characters.
        let mut obf = 0f32;
        let mut seen: Vec<ObfuscationKind> = Vec::new();
        for o in &norm.obfuscations {
            let base = match o.kind {
                ObfuscationKind::TagCharacters => 2.0,
                ObfuscationKind::Homoglyph => 0.7,
                ObfuscationKind::Invisible | ObfuscationKind::Spacing => 0.5,
                ObfuscationKind::Leetspeak => 0.3,
                _ => 0.2,
            };
            let w = if seen.contains(&o.kind) {
                OBFUSCATION_REPEAT
            } else {
                seen.push(o.kind);
                base
            };
            let cap = if seen.contains(&ObfuscationKind::TagCharacters) {
                OBFUSCATION_CAP_TAGS
            } else {
                OBFUSCATION_CAP
            };
            if obf + w > cap {
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
        (signals, logit)
    }

    /// The model's raw logit on the best window of the text or of a decoded payload, and
    /// where that is in the original text.
    fn model_logit(&self, original: &str, norm: &Normalized, sc: &Scratch) -> Option<(f32, Span)> {
        let model = self.model.as_ref()?;
        let best = model.score_folded(&sc.folded);
        let mut logit = best.logit;
        let mut span = approx_span(original, best.window, sc.folded.len());
        let mut folded = Vec::new();
        for d in &norm.decoded {
            features::fold(&d.text, &mut folded);
            let s = model.score_folded(&folded);
            if s.logit > logit {
                logit = s.logit;
                span = d.span;
            }
        }
        Some((logit, span))
    }
}

/// A text folded once, with its concepts: shared by the concept rules and both models.
#[derive(Default)]
struct Scratch {
    folded: Vec<u8>,
    spaced: Vec<u8>,
    breaks: Vec<usize>,
    hits: Vec<concepts::Hit>,
}

impl Scratch {
    /// A decoded payload (no map back to line breaks).
    fn of(text: &str) -> Scratch {
        Scratch::with_lines(text, |_| false)
    }

    /// The normalised text of `original`: its spaces that were line breaks end sentences.
    fn of_normalized(original: &str, norm: &Normalized) -> Scratch {
        if memchr::memchr(b'\n', original.as_bytes()).is_none() {
            return Scratch::of(&norm.text);
        }
        Scratch::with_lines(&norm.text, |i| {
            let sp = norm.original_span(i, i + 1);
            original
                .get(sp.start..sp.end)
                .is_some_and(|w| w.contains('\n'))
        })
    }

    fn with_lines(text: &str, newline_at: impl Fn(usize) -> bool) -> Scratch {
        let mut s = Scratch::default();
        concepts::spaced_text(
            text,
            &mut s.spaced,
            &mut s.folded,
            &mut s.breaks,
            newline_at,
        );
        concepts::hits(&s.spaced, &s.breaks, &mut s.hits);
        s
    }
}

/// The committed model, parsed once per process.
fn embedded_model() -> &'static Result<std::sync::Arc<Model>, model::ModelError> {
    static MODEL: std::sync::LazyLock<Result<std::sync::Arc<Model>, model::ModelError>> =
        std::sync::LazyLock::new(|| Model::embedded().map(std::sync::Arc::new));
    &MODEL
}

/// The halves of a score (see [`Detector::parts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreParts {
    /// Logit contributed by pattern signals, adversarial suffixes and evasion evidence.
    pub signals: f32,
    /// The model's raw logit (before `model_margin` and `model_weight`), if the detector has
    /// a model.
    pub model: Option<f32>,
}

/// [`combine`] over the best stretch of [`SIGNAL_WINDOW`] bytes: in a long document, weak
/// signals far apart are not one piece of evidence.
fn combine_windowed(original: &str, signals: &[Signal]) -> f32 {
    let (Some(lo), Some(hi)) = (
        signals.iter().map(|s| s.span.start).min(),
        signals.iter().map(|s| s.span.start).max(),
    ) else {
        return 0.0;
    };
    if hi - lo <= SIGNAL_WINDOW || signals.len() > MAX_WINDOWED_SIGNALS {
        return combine(original, signals);
    }
    let mut best = 0f32;
    let mut inside: Vec<Signal> = Vec::new();
    for anchor in signals {
        let from = anchor.span.start.saturating_sub(SIGNAL_WINDOW / 2);
        let to = anchor.span.start + SIGNAL_WINDOW / 2;
        inside.clear();
        inside.extend(
            signals
                .iter()
                .filter(|s| s.span.start >= from && s.span.start <= to)
                .cloned(),
        );
        best = best.max(combine(original, &inside));
    }
    best
}

/// Sum over kinds of the strongest weight, plus a capped bonus for further matches of the
/// kind. Only independent evidence counts as a further match: it must not overlap the
/// strongest match or another counted one, must not repeat a counted text, and must lie within
/// [`EXTRA_MATCH_WINDOW`] bytes of the strongest (a long document does not add up weak matches
/// scattered over its length; the same boilerplate paragraph repeated is one piece of evidence).
fn combine(original: &str, signals: &[Signal]) -> f32 {
    let mut kinds: Vec<SignalKind> = Vec::new();
    for s in signals {
        if !kinds.contains(&s.kind) {
            kinds.push(s.kind);
        }
    }
    let text = |s: &Signal| {
        original
            .get(s.span.start..s.span.end)
            .unwrap_or("")
            .to_lowercase()
    };
    let mut total = 0f32;
    let mut of_kind: Vec<&Signal> = Vec::new();
    for k in kinds {
        of_kind.clear();
        of_kind.extend(signals.iter().filter(|s| s.kind == k));
        of_kind.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        let Some(top) = of_kind.first().copied() else {
            continue;
        };
        let mut counted: Vec<&Signal> = vec![top];
        let mut texts: Vec<String> = vec![text(top)];
        let mut extra = 0f32;
        for s in of_kind.iter().skip(1) {
            let near = s.span.start + EXTRA_MATCH_WINDOW >= top.span.start
                && s.span.start <= top.span.end + EXTRA_MATCH_WINDOW;
            if !near
                || counted
                    .iter()
                    .any(|c| c.span.overlaps(&s.span) || c.span == s.span)
            {
                continue;
            }
            let t = text(s);
            if texts.contains(&t) {
                continue;
            }
            extra += s.weight * EXTRA_MATCH_FRACTION;
            counted.push(s);
            texts.push(t);
        }
        total += top.weight + extra.min(EXTRA_MATCH_CAP);
    }
    total
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
