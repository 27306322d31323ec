//! UK_NHS: NHS number, 10 digits with a mod-11 check digit; needs context (10 digits are common).

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "UK_NHS",
    name: "UK NHS number",
    pattern: r"\b[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}\b",
    trigger: Trigger::Digits(10),
    prefilter: None,
    window: (4, 16),
    validator: Some(validate::uk_nhs),
    context: &["nhs", "health service", "patient number", "nhs no"],
    base: None,
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &["NHS number 943 476 5919"],
    negatives: &["NHS number 943 476 5918", "ticket 943 476 5919"],
}];
