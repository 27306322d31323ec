//! UK_NINO: National Insurance number, two letters, six digits, a suffix A-D; HMRC prefix rules.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::prefilter;
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "UK_NINO",
    name: "UK National Insurance number",
    pattern: r"\b[A-CEGHJ-PR-TW-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b",
    trigger: Trigger::Digits(6),
    prefilter: Some(|b| prefilter::upper_run_then_digit(b, 2, true)),
    window: (8, 8),
    validator: Some(validate::uk_nino),
    context: &["national insurance", "nino", "ni number", "ni no", "nic"],
    base: Some(Confidence::Medium),
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &["NI number: AB 12 34 56 C", "nino=JG103759A"],
    negatives: &["GB123456A", "QQ123456C", "AB123456E"],
}];
