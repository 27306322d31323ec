//! IBAN_CODE: country code, check digits and BBAN; per-country length and mod-97.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::prefilter;
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "IBAN_CODE",
    name: "International bank account number (mod-97, per-country length)",
    pattern: r"\b[A-Z]{2}[0-9]{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b",
    trigger: Trigger::Digits(8),
    prefilter: Some(|b| prefilter::upper_run_then_digit(b, 2, false)),
    window: (48, 48),
    validator: Some(validate::iban),
    context: &[
        "iban", "bank", "account", "transfer", "wire", "sepa", "payee",
    ],
    base: Some(Confidence::Low),
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &[
        "My IBAN is GB82 WEST 1234 5698 7654 32",
        "DE89370400440532013000",
        "pay to FR14 2004 1010 0505 0001 3M02 606",
    ],
    negatives: &[
        "GB82 WEST 1234 5698 7654 33",
        "DE8937040044053201300",
        "XX89370400440532013000",
    ],
}];
