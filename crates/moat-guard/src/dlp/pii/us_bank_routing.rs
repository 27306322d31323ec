//! US_BANK_ROUTING: ABA routing transit number, 9 digits with the 3-7-1 checksum; needs context.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "US_BANK_ROUTING",
    name: "US bank routing number (ABA checksum)",
    pattern: r"\b[0-9]{9}\b",
    trigger: Trigger::Digits(9),
    prefilter: None,
    window: (4, 4),
    validator: Some(validate::aba_routing),
    context: &["routing", "aba", "rtn", "transit", "ach", "wire"],
    base: None,
    with_context: Confidence::High,
    label: "Confidential",
    positives: &["routing number 011000015", "ABA: 021000021"],
    negatives: &["routing number 011000016", "order 011000015"],
}];
