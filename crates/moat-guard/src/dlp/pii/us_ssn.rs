//! US_SSN: 3-2-4 digits with consistent separators; impossible areas, groups and serials fail.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

const CONTEXT: &[&str] = &[
    "ssn",
    "social security",
    "ss#",
    "ss #",
    "soc sec",
    "social sec",
];

pub(super) const SPECS: &[PiiSpec] = &[
    PiiSpec {
        entity: "US_SSN",
        name: "US social security number, separated",
        pattern: r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b|\b[0-9]{3} [0-9]{2} [0-9]{4}\b",
        trigger: Trigger::Digits(9),
        prefilter: None,
        window: (4, 16),
        validator: Some(validate::us_ssn),
        context: CONTEXT,
        base: Some(Confidence::Medium),
        with_context: Confidence::High,
        label: "Highly Confidential",
        positives: &["Here's my SSN: 791-10-5487", "ssn 123 45 6780 on file"],
        negatives: &[
            "000-12-3456",
            "666-12-3456",
            "123-00-4567",
            "123-45-0000",
            "912-34-5678",
        ],
    },
    PiiSpec {
        entity: "US_SSN",
        name: "US social security number, unseparated (needs context)",
        pattern: r"\b[0-9]{9}\b",
        trigger: Trigger::Digits(9),
        prefilter: None,
        window: (4, 16),
        validator: Some(validate::us_ssn),
        context: CONTEXT,
        base: None,
        with_context: Confidence::Medium,
        label: "Highly Confidential",
        positives: &["SSN: 791105487"],
        negatives: &["invoice 791105487", "SSN: 000105487", "SSN 123456789"],
    },
];
