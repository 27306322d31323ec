//! ES_NIF: Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter), mod-23 letter.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::prefilter;
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "ES_NIF",
    name: "Spanish DNI/NIE",
    pattern: r"\b[0-9XYZ][0-9]{7}-?[TRWAGMYFPDXBNJZSQVHLCKE]\b",
    trigger: Trigger::Digits(7),
    prefilter: Some(|b| prefilter::digits_then_upper(b, 7)),
    window: (2, 3),
    validator: Some(validate::es_nif),
    context: &["dni", "nie", "nif", "documento", "identidad"],
    base: Some(Confidence::Low),
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &["DNI 12345678Z", "NIE: X1234567L"],
    negatives: &["DNI 12345678A", "12345678Z"],
}];
