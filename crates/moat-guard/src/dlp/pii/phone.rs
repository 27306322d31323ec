//! PHONE_NUMBER: international (`+CC ...`) and national formats; context words raise
//! confidence, because plain digit groups are everywhere.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::prefilter;
use crate::dlp::validate::{self, Check};

fn valid(s: &str) -> Check {
    let d = validate::digits(s);
    if !(7..=15).contains(&d.len()) || validate::all_same(&d) || validate::sequential(&d) {
        return Check::Fail;
    }
    // Dates and times look like digit groups too.
    if s.contains(':') || s.matches('/').count() >= 2 || s.matches('.').count() == 3 {
        return Check::Fail;
    }
    if s.starts_with('+') || s.starts_with("00") {
        Check::Strong
    } else {
        Check::Pass
    }
}

const CONTEXT: &[&str] = &[
    "phone",
    "tel",
    "call",
    "mobile",
    "cell",
    "fax",
    "contact",
    "whatsapp",
    "sms",
    "text me",
    "reach",
    "desk",
    "dial",
    "number",
    "messages to",
    "answering",
    "ring",
    "hotline",
    "landline",
];

pub(super) const SPECS: &[PiiSpec] = &[
    PiiSpec {
        entity: "PHONE_NUMBER",
        name: "Phone number, international format",
        pattern: r"(?:\+|\b00)[1-9][0-9]{0,2}[ .-]?(?:\(0\)[ .-]?)?(?:\([0-9]{1,4}\)|[0-9]{1,4})(?:[ .-]?[0-9]{2,4}){1,4}\b",
        trigger: Trigger::Digits(7),
        prefilter: Some(prefilter::international_prefix),
        window: (8, 32),
        validator: Some(valid),
        context: CONTEXT,
        base: Some(Confidence::Low),
        with_context: Confidence::High,
        label: "Confidential",
        positives: &[
            "Desk: +41 (0)96 471 07 95",
            "call +1 415-555-0132 today",
            "+44 20 7946 0958",
        ],
        negatives: &["version +1.2.3", "+1 2", "total +100"],
    },
    PiiSpec {
        entity: "PHONE_NUMBER",
        name: "Phone number, national format",
        pattern: r"(?:\([0-9]{2,5}\)[ .-]?|\b[0-9]{2,5}[ .-])[0-9]{2,4}(?:[ .-][0-9]{2,4}){0,3}\b|\b0[0-9]{9,10}\b|\b[0-9]{10}\b",
        trigger: Trigger::Digits(7),
        prefilter: None,
        window: (8, 32),
        validator: Some(valid),
        context: CONTEXT,
        base: None,
        with_context: Confidence::Medium,
        label: "Confidential",
        positives: &[
            "Phone: 0496 46 46 70",
            "Mobile: (08) 8747 6301",
            "They're not answering at 078 8098 1119",
            "call me on (415) 555-0132",
        ],
        negatives: &[
            "order 0496 46 46 70 shipped",
            "the year 2021 had 365 days",
            "phone: 12:30:45",
        ],
    },
];
