//! US_DRIVER_LICENSE: state licence numbers vary (letters and 4-15 digits); only with context.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate::{self, Check};

fn valid(s: &str) -> Check {
    let d = validate::digits(s);
    if d.len() < 5 || validate::all_same(&d) || validate::sequential(&d) {
        Check::Fail
    } else {
        Check::Pass
    }
}

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "US_DRIVER_LICENSE",
    name: "US driver's licence number (with context)",
    pattern: r"(?i:driver'?s?\s+licen[cs]e|driving\s+licen[cs]e|\bDL)(?:\s+(?i:number|no\.?|num|#|id))?(?:\s+(?i:is))?\s*[:#=]?\s*([A-Z]{0,2}[0-9][0-9-]{4,15}[0-9A-Z]?)\b",
    trigger: Trigger::Keywords(&["driver", "driving", "dl"]),
    prefilter: None,
    window: (0, 60),
    validator: Some(valid),
    context: &["driver", "driving", "licence", "license", "dl"],
    base: None,
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &[
        "My driver's license number is F162823540116",
        "driver's license number is 2270-66-1551",
        "DL# 5130634",
    ],
    negatives: &[
        "driver version 5130634 installed? no: driver's license pending",
        "DL# 1111111",
    ],
}];
