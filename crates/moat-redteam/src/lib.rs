//! Moat's red-team engine: attack an AI endpoint with OWASP- and ATLAS-mapped probes, rewrite
//! them with composable converters, judge the answers, and report the attack success rate.
//!
//! ```
//! use moat_redteam::probe::Registry;
//! use moat_redteam::converters::parse_set;
//! use moat_redteam::attack::{build, DEFAULT_SYSTEM_PROMPT};
//!
//! let registry = Registry::builtin().unwrap();
//! assert!(registry.probes().len() >= 150);
//! let probes = registry.select("prompt-extraction").unwrap();
//! let chains = parse_set("none,base64+codeblock").unwrap();
//! let attacks = build(&probes, &chains, DEFAULT_SYSTEM_PROMPT, 42);
//! assert_eq!(attacks.len(), probes.len() * 2);
//! ```
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::panic))]
// Nested `if`s read as "when this judge is asked for, and it fires"; kept on purpose.
#![allow(clippy::collapsible_if)]

pub mod attack;
pub mod converters;
pub mod journal;
pub mod judges;
pub mod probe;
pub mod report;
pub mod runfile;
pub mod runner;
pub mod targets;
pub mod taxonomy;

pub use attack::{Attack, DEFAULT_SYSTEM_PROMPT};
pub use probe::{Probe, Registry};
pub use report::{Report, RunInfo, Summary};
pub use runner::{AttackResult, RunOptions, Runner};
pub use targets::{Target, TargetConfig, TargetKind};
