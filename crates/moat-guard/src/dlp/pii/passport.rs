//! PASSPORT: passport-like document numbers, only next to the word passport.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate::{self, Check};

fn valid(s: &str) -> Check {
    let d = validate::digits(s);
    if d.len() < 6 || validate::all_same(&d) || validate::sequential(&d) {
        Check::Fail
    } else {
        Check::Pass
    }
}

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "PASSPORT",
    name: "Passport number (with context)",
    pattern: r"(?i:passport)(?:\s+(?i:number|no\.?|num|#|id|nr))?(?:\s+(?i:is))?\s*[:#=]?\s*([A-Z]{0,2}[0-9]{6,9}[A-Z]?)\b",
    trigger: Trigger::Keywords(&["passport"]),
    prefilter: None,
    window: (0, 60),
    validator: Some(valid),
    context: &["passport"],
    base: None,
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &[
        "Passport number: X73810592",
        "my passport is 533380006",
        "passport no. AB7305518",
    ],
    negatives: &[
        "passport photo 2x2",
        "passport number 11111111",
        "order 533380006",
    ],
}];
