//! AGE: a person's age next to "years old", "aged", "turned".

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate::Check;

fn valid(s: &str) -> Check {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=120).contains(&n) => Check::Pass,
        _ => Check::Fail,
    }
}

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "AGE",
    name: "Age (with context)",
    pattern: r"\b([0-9]{1,3})(?:\s+|-)(?i:years?|yrs?)(?:\s+|-)(?i:old|of age)\b|\b([0-9]{1,3})\s*(?i:y/?o)\b|(?i:\baged|\bage of|\bage:?|just turned|\bturned|\bturns|\bi am|\bi'm|\bis a)\s+([0-9]{1,3})\b",
    trigger: Trigger::Keywords(&[
        "year", "yrs", "yo ", "y/o", "aged", "age", "turned", "turns", "i am", "i'm", "is a ",
    ]),
    prefilter: None,
    window: (16, 24),
    validator: Some(valid),
    context: &["old", "age", "turned", "turns", "born"],
    base: None,
    with_context: Confidence::Medium,
    label: "General",
    positives: &[
        "I just turned 42",
        "He is 34 years old",
        "retired at the age of 66",
    ],
    negatives: &["It took 5 years", "age of empires", "I am 500 years old"],
}];
