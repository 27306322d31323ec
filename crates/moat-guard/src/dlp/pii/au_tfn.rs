//! AU_TFN: Australian tax file number, 9 digits with a weighted mod-11 check; needs context.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "AU_TFN",
    name: "Australian tax file number",
    pattern: r"\b[0-9]{3} ?[0-9]{3} ?[0-9]{3}\b",
    trigger: Trigger::Digits(9),
    prefilter: None,
    window: (4, 4),
    validator: Some(validate::au_tfn),
    context: &["tfn", "tax file"],
    base: None,
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &["TFN: 123 456 782"],
    negatives: &["TFN: 123 456 789", "code 123 456 782"],
}];
