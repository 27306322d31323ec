//! Moat's text security engine.
//!
//! Pure and synchronous: no I/O, no async, no global state. Text goes in, a [`Report`] comes out.
//! The pipeline is: [`normalize`] (defeat evasion, keep a map back to the original bytes) ->
//! [`injection`] (prompt-injection and jailbreak signals plus a linear model) and [`dlp`]
//! (PII, secrets, custom patterns) -> a [`Verdict`].
//!
//! ```
//! use moat_guard::{Engine, GuardConfig};
//! use moat_core::TextKind;
//!
//! let engine = Engine::new(GuardConfig::default()).unwrap();
//! let report = engine.check("What is the capital of France?", TextKind::Prompt);
//! assert!(!report.injection.detected);
//! ```
#![deny(missing_docs)]

pub mod config;
pub mod dlp;
mod engine;
pub mod injection;
pub mod normalize;

pub use config::{ConfigError, GuardConfig};
pub use engine::{Engine, Report, Verdict};
