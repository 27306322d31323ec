//! US_ITIN: individual taxpayer identification number, 9XX-[50-65|70-88|90-92|94-99]-XXXX.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "US_ITIN",
    name: "US individual taxpayer identification number",
    pattern: r"\b9[0-9]{2}[- ]?[5-9][0-9][- ]?[0-9]{4}\b",
    trigger: Trigger::Digits(9),
    prefilter: None,
    window: (4, 16),
    validator: Some(validate::us_itin),
    context: &["itin", "taxpayer", "tax id", "tin"],
    base: Some(Confidence::Low),
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &[
        "my ITIN is 912-70-1234",
        "taxpayer id 9507 01234 is wrong: ITIN 950-70-1234",
    ],
    negatives: &[
        "ITIN 912-40-1234",
        "ITIN 812-70-1234",
        "912-70-1234 no words",
    ],
}];
