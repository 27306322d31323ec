//! ZIP_CODE: postal codes next to "zip" or "postal code" (US, CA, UK, NL, PL and plain digits).

use moat_core::Confidence;

use super::{PiiSpec, Trigger};

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "ZIP_CODE",
    name: "Postal code (with context)",
    pattern: r"(?i:zip(?:\s*code)?|postal\s*code|post\s*code|postcode|plz)\s*(?:is|:|#|=)?\s*([0-9]{5}(?:-[0-9]{3,4})?|[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|[0-9]{4} ?[A-Z]{2}|[0-9]{2}-[0-9]{3}|[0-9]{3,6})\b",
    trigger: Trigger::Keywords(&["zip", "postal", "post code", "postcode", "plz"]),
    prefilter: None,
    window: (0, 40),
    validator: None,
    context: &["zip", "postal", "post code", "postcode", "plz"],
    base: None,
    with_context: Confidence::Medium,
    label: "General",
    positives: &[
        "My zip code is 90010-170",
        "ZIP: 7412 SL",
        "postcode SW1A 1AA",
    ],
    negatives: &["zip the file", "postal service"],
}];
