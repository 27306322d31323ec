//! IN_AADHAAR: Indian Aadhaar number, 12 digits with the Verhoeff check digit; needs context.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "IN_AADHAAR",
    name: "Indian Aadhaar number (Verhoeff)",
    pattern: r"\b[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}\b",
    trigger: Trigger::Digits(12),
    prefilter: None,
    window: (4, 4),
    validator: Some(validate::in_aadhaar),
    context: &["aadhaar", "aadhar", "uidai", "uid"],
    base: None,
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &["Aadhaar: 2341 2341 2346"],
    negatives: &["Aadhaar: 2341 2341 2347", "serial 2341 2341 2346"],
}];
