//! CA_SIN: Canadian social insurance number, 9 digits with Luhn; needs context.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "CA_SIN",
    name: "Canadian social insurance number",
    pattern: r"\b[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}\b",
    trigger: Trigger::Digits(9),
    prefilter: None,
    window: (4, 4),
    validator: Some(validate::ca_sin),
    context: &["sin", "social insurance", "nas", "assurance sociale"],
    base: None,
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &["my SIN is 130 692 544"],
    negatives: &[
        "my SIN is 130 692 545",
        "ticket 130 692 544",
        "SIN 046 454 286",
    ],
}];
