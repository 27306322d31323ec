//! IN_PAN: Indian permanent account number, AAAPA9999A with a holder-type fourth letter.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::prefilter;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "IN_PAN",
    name: "Indian PAN",
    pattern: r"\b[A-Z]{3}[ABCFGHLJPT][A-Z][0-9]{4}[A-Z]\b",
    trigger: Trigger::Digits(4),
    prefilter: Some(|b| prefilter::upper_run_then_digit(b, 5, false)),
    window: (5, 1),
    validator: None,
    context: &["pan", "income tax", "permanent account"],
    base: Some(Confidence::Low),
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &["PAN: ABCPE1234F"],
    negatives: &["PAN: ABCXE1234F", "ABCPE1234F without words"],
}];
