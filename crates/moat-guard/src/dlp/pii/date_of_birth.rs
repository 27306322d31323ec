//! DATE_OF_BIRTH: a calendar date next to "born", "birth", "DOB".

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate::{self, Check};

/// Plausible day, month and a year from 1900 to 2039 (any of D/M/Y, M/D/Y, Y-M-D, or words).
fn valid(s: &str) -> Check {
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let d = validate::digits(s);
    if d.is_empty() {
        return Check::Fail;
    }
    let year_ok = nums.iter().any(|&n| (1900..=2039).contains(&n));
    let small_ok = nums
        .iter()
        .filter(|&&n| n < 100)
        .all(|&n| (1..=31).contains(&n));
    if year_ok && small_ok {
        Check::Pass
    } else {
        Check::Fail
    }
}

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "DATE_OF_BIRTH",
    name: "Date of birth (with context)",
    pattern: r"(?i:born|birth|dob|d\.o\.b\.?|birthday|geboren|né|née)\b[^0-9\n]{0,30}?([0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:19|20)[0-9]{2}|(?:19|20)[0-9]{2}[/.-][0-9]{1,2}[/.-][0-9]{1,2}|[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?:19|20)[0-9]{2}|(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)[0-9]{2})",
    trigger: Trigger::Keywords(&["born", "birth", "dob", "d.o.b", "geboren", "né"]),
    prefilter: None,
    window: (0, 80),
    validator: Some(valid),
    context: &["born", "birth", "dob", "d.o.b", "geboren", "né"],
    base: None,
    with_context: Confidence::High,
    label: "Confidential",
    positives: &[
        "She was born on 10/23/1951",
        "tell me your date of birth. It's 8/12/1991",
        "DOB: 1980-07-28",
        "born 3rd March 1975 in Leeds",
    ],
    negatives: &[
        "meeting on 10/23/1951",
        "born 45/23/1951",
        "date of birth: unknown",
    ],
}];
