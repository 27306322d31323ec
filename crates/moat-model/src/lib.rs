//! Model-file supply-chain checks for Moat.
//!
//! [`scan_path`] finds executable payloads and tampering in model artifacts (pickle in all its
//! disguises, PyTorch, joblib, NumPy, Keras, TensorFlow SavedModel, ONNX, GGUF, safetensors) and
//! in the archives that carry them, choosing each file's format by its content. [`sign`] writes
//! and checks OpenSSF `model-signing` signatures (a Sigstore bundle holding a DSSE envelope over
//! an in-toto statement), and [`registry`] decides whether a model may be served.
//!
//! ```
//! use moat_model::{scan_bytes, ScanOptions, Verdict};
//! // `cos\nsystem\n(S'id'\ntR.`: a protocol-0 pickle that runs `os.system("id")`.
//! let evil = b"cos\nsystem\n(S'id'\ntR.";
//! let report = scan_bytes("evil.bin", evil, &ScanOptions::default());
//! assert_eq!(report.verdict, Verdict::Malicious);
//! assert_eq!(report.findings[0].symbol.as_deref(), Some("os.system"));
//! ```
#![deny(missing_docs)]

mod archive;
mod blob;
mod detect;
mod formats;
mod pickle;
mod policy;
pub mod registry;
pub mod render;
mod scanner;
pub mod sign;

pub use detect::Format;
pub use policy::{Judgement, judge_callable};
pub use scanner::{detect_path, scan_bytes, scan_path, scan_paths};

use moat_core::Severity;
use serde::{Deserialize, Serialize};

/// What Moat concluded about one scanned file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing above `info` was found.
    Clean,
    /// Something unknown or unusual (`low` or `medium`): a person should look.
    Suspicious,
    /// Something that executes code or tampers (`high` or `critical`).
    Malicious,
    /// The file could not be read or scanned.
    Error,
}

impl Verdict {
    /// The lowercase name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Suspicious => "suspicious",
            Verdict::Malicious => "malicious",
            Verdict::Error => "error",
        }
    }
}

/// One thing found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule identifier, e.g. `pickle.dangerous-import`.
    pub rule: String,
    /// How bad it is.
    pub severity: Severity,
    /// What was found, for a person.
    pub message: String,
    /// Byte offset inside the file (or inside `member`, when set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// The imported callable, operator or key concerned, e.g. `os.system`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// Path of the archive member the finding is in (`outer.zip!inner/data.pkl` style,
    /// relative to the scanned file), when it is not the file itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

/// The result of scanning one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file, as given or found while recursing.
    pub path: String,
    /// The format recognised from its content.
    pub format: String,
    /// The overall conclusion.
    pub verdict: Verdict,
    /// Everything found, worst first.
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// The highest severity among the findings.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Bounds and switches for a scan. Every limit exists so that a hostile file costs bounded time
/// and memory.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Deepest archive nesting followed (a zip in a zip in a zip is depth 3).
    pub max_depth: u32,
    /// Largest single member or stream decompressed into memory, in bytes.
    pub max_member_bytes: u64,
    /// Total bytes decompressed for one top-level file, across all members.
    pub max_total_bytes: u64,
    /// Most entries read from one archive.
    pub max_entries: usize,
    /// Largest pickle stream read, in bytes.
    pub max_pickle_bytes: u64,
    /// Compression ratio above which a member is reported as a possible zip bomb.
    pub bomb_ratio: u64,
    /// Largest safetensors/GGUF/ONNX header or metadata section parsed, in bytes.
    pub max_header_bytes: u64,
    /// Most files visited when recursing into a directory.
    pub max_files: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            max_depth: 4,
            max_member_bytes: 512 << 20,
            max_total_bytes: 2 << 30,
            max_entries: 100_000,
            max_pickle_bytes: 512 << 20,
            bomb_ratio: 200,
            max_header_bytes: 128 << 20,
            max_files: 100_000,
        }
    }
}

/// The verdict that a set of findings implies.
pub fn verdict_of(findings: &[Finding]) -> Verdict {
    match findings.iter().map(|f| f.severity).max() {
        Some(Severity::Critical | Severity::High) => Verdict::Malicious,
        Some(Severity::Medium | Severity::Low) => Verdict::Suspicious,
        _ => Verdict::Clean,
    }
}
