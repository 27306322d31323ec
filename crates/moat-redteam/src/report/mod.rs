//! Reports: one [`Report`] model, written as JSON, SARIF 2.1.0, JUnit XML, self-contained HTML,
//! or a terminal summary. Each format is one file.

mod html;
mod json;
mod junit;
mod sarif;
mod text;

pub use html::to_html;
pub use json::to_json;
pub use junit::to_junit;
pub use sarif::to_sarif;
pub use text::to_text;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::judges::llm::Calibration;
use crate::runner::AttackResult;
use crate::taxonomy::{ATLAS_VERSION, OWASP_VERSION};

/// Headline numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Attacks run.
    pub attacks: usize,
    /// Attacks that succeeded.
    pub successes: usize,
    /// Attacks that could not be judged (target errors).
    pub errors: usize,
    /// Attack success rate: successes / (attacks - errors); 0 when nothing was judged.
    pub asr: f64,
}

impl Summary {
    fn of<'a>(results: impl IntoIterator<Item = &'a AttackResult>) -> Summary {
        let mut s = Summary {
            attacks: 0,
            successes: 0,
            errors: 0,
            asr: 0.0,
        };
        for r in results {
            s.attacks += 1;
            if r.error.is_some() {
                s.errors += 1;
            } else if r.success {
                s.successes += 1;
            }
        }
        let judged = s.attacks - s.errors;
        s.asr = if judged == 0 {
            0.0
        } else {
            s.successes as f64 / judged as f64
        };
        s
    }

    /// Attacks that were judged.
    pub fn judged(&self) -> usize {
        self.attacks - self.errors
    }
}

/// Breakdowns of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// By OWASP id.
    pub by_owasp: BTreeMap<String, Summary>,
    /// By ATLAS technique id.
    pub by_atlas: BTreeMap<String, Summary>,
    /// By converter chain.
    pub by_converter: BTreeMap<String, Summary>,
    /// By probe family.
    pub by_family: BTreeMap<String, Summary>,
}

/// An attack that could not be judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unjudged {
    /// Attack id.
    pub id: String,
    /// Error kind.
    pub kind: String,
    /// Error message.
    pub error: String,
}

/// Everything a report says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Headline numbers.
    pub summary: Summary,
    /// Every attack's result.
    pub results: Vec<AttackResult>,
    /// Run facts.
    pub run: RunInfo,
    /// Breakdowns.
    pub breakdown: Breakdown,
    /// Attacks that could not be judged, and why.
    pub unjudged: Vec<Unjudged>,
    /// LLM judge calibration, when an LLM judge was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
}

/// Facts about the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Moat version.
    pub moat_version: String,
    /// Target URL.
    pub target: String,
    /// Target kind.
    pub target_kind: String,
    /// Model.
    pub model: String,
    /// Seed.
    pub seed: u64,
    /// ATLAS data version the technique ids refer to.
    pub atlas_version: String,
    /// OWASP list.
    pub owasp_version: String,
    /// When the report was made (RFC 3339).
    pub generated_at: String,
}

impl RunInfo {
    /// Run facts, stamped now.
    pub fn new(target: &str, target_kind: &str, model: &str, seed: u64) -> RunInfo {
        RunInfo {
            moat_version: env!("CARGO_PKG_VERSION").into(),
            target: target.into(),
            target_kind: target_kind.into(),
            model: model.into(),
            seed,
            atlas_version: ATLAS_VERSION.into(),
            owasp_version: OWASP_VERSION.into(),
            generated_at: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        }
    }
}

impl Report {
    /// Build a report from results.
    pub fn new(
        results: Vec<AttackResult>,
        run: RunInfo,
        calibration: Option<Calibration>,
    ) -> Report {
        let group = |key: &dyn Fn(&AttackResult) -> String| {
            let mut m: BTreeMap<String, Vec<&AttackResult>> = BTreeMap::new();
            for r in &results {
                m.entry(key(r)).or_default().push(r);
            }
            m.into_iter()
                .map(|(k, v)| (k, Summary::of(v)))
                .collect::<BTreeMap<_, _>>()
        };
        let breakdown = Breakdown {
            by_owasp: group(&|r| r.owasp.clone()),
            by_atlas: group(&|r| r.atlas.clone()),
            by_converter: group(&|r| r.converter.clone()),
            by_family: group(&|r| r.family.clone()),
        };
        let unjudged = results
            .iter()
            .filter_map(|r| {
                Some(Unjudged {
                    id: r.id.clone(),
                    kind: r.error_kind.clone().unwrap_or_default(),
                    error: r.error.clone()?,
                })
            })
            .collect();
        Report {
            summary: Summary::of(&results),
            results,
            run,
            breakdown,
            unjudged,
            calibration,
        }
    }
}

/// Format a rate as a percentage with one decimal.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> Report {
        let mk = |id: &str, owasp: &str, conv: &str, success: bool, error: bool| AttackResult {
            id: format!("{id}@{conv}"),
            probe: id.into(),
            family: "fam".into(),
            owasp: owasp.into(),
            atlas: "AML.T0051.000".into(),
            converter: conv.into(),
            success,
            judge: if error {
                "error"
            } else if success {
                "canary"
            } else {
                "refused"
            }
            .into(),
            evidence: success.then(|| "NW-1".into()),
            prompt: "<script>alert('p')</script> & \"q\"".into(),
            response: if success {
                "leak NW-1 <img src=x onerror=alert(1)>"
            } else {
                "no"
            }
            .into(),
            transcript: vec![],
            llm_verdict: None,
            error: error.then(|| "timed out after 1s".into()),
            error_kind: error.then(|| "timeout".into()),
            attempts: 1,
        };
        Report::new(
            vec![
                mk("a", "LLM01", "none", true, false),
                mk("b", "LLM07", "none", false, false),
                mk("c", "LLM07", "base64", false, true),
                mk("d", "LLM01", "base64", false, false),
            ],
            RunInfo::new("http://127.0.0.1:1/v1", "openai", "m", 7),
            None,
        )
    }

    #[test]
    fn numbers() {
        let r = sample();
        assert_eq!(r.summary.attacks, 4);
        assert_eq!(r.summary.successes, 1);
        assert_eq!(r.summary.errors, 1);
        assert!((r.summary.asr - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.breakdown.by_owasp["LLM01"].successes, 1);
        assert_eq!(r.breakdown.by_converter["base64"].errors, 1);
        assert_eq!(r.breakdown.by_converter["base64"].asr, 0.0);
        assert_eq!(r.unjudged.len(), 1);
    }
}
