//! Moat's AI asset discovery, infrastructure-as-code model, posture rules, attack paths and
//! report writers (table, JSON, SARIF 2.1.0, CycloneDX 1.6, SPDX 3.0).
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("moat-scan-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("requirements.txt"), "openai==1.51.0\n").unwrap();
//! let report = moat_scan::scan(&dir, &moat_scan::ScanOptions::default());
//! assert_eq!(report.assets[0].name, "openai");
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

pub mod discover;
pub mod model;
pub mod parse;
pub mod paths;
pub mod report;
pub mod rules;
mod scan;

pub use scan::{Baseline, Finding, ScanOptions, ScanReport, ai_resource_category, meta, scan};
