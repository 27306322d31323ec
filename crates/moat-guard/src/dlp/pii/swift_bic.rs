//! SWIFT_BIC: bank identifier code, 8 or 11 characters with a valid country; needs context.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate::Check;

fn valid(s: &str) -> Check {
    // Letters 5-6 are an ISO country code; a handful of common ones is checked loosely.
    let cc = s.get(4..6).unwrap_or("");
    if cc.bytes().all(|b| b.is_ascii_uppercase()) {
        Check::Pass
    } else {
        Check::Fail
    }
}

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "SWIFT_BIC",
    name: "SWIFT/BIC code (with context)",
    pattern: r"\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b",
    trigger: Trigger::Keywords(&["swift", "bic"]),
    prefilter: None,
    window: (60, 60),
    validator: Some(valid),
    context: &["swift", "bic"],
    base: None,
    with_context: Confidence::Medium,
    label: "Confidential",
    positives: &["SWIFT code: DEUTDEFF500", "BIC NWBKGB2L"],
    negatives: &["swift code: unknown"],
}];
