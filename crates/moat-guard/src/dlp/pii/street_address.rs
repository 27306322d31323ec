//! STREET_ADDRESS: house number, capitalised street name and a street-type word (English), or a
//! continental street name ending in -strasse, -weg, -katu ... followed by a number.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};

const CONTEXT: &[&str] = &[
    "address",
    "live",
    "lives",
    "located",
    "ship",
    "deliver",
    "send",
    "mail to",
    "residence",
    "home",
    "office",
    "street",
];

pub(super) const SPECS: &[PiiSpec] = &[
    PiiSpec {
        entity: "STREET_ADDRESS",
        name: "Street address (number + street type)",
        pattern: r"\b[0-9]{1,6}[A-Za-z]?(?:\s+[0-9]{1,4})?\s+(?:[A-Z][\p{L}'.-]*\s+){0,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|Alley|Row|Plaza|Loop|Path|Pike|Ridge|Walk|Grove|Gardens|Mews|Estates?|Meadows?|Ranch|Vista|Junction|Crossing|Landing|Harbor|Heights|Springs?|Valley|Manor)\b\.?(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl|#)\.?\s*[A-Za-z0-9-]+)?(?:,?\s+[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+){0,2},?\s+[A-Z]{2}\s+[0-9]{5}(?:-[0-9]{4})?)?",
        trigger: Trigger::HouseNumber,
        prefilter: None,
        window: (0, 160),
        validator: None,
        context: CONTEXT,
        base: Some(Confidence::Medium),
        with_context: Confidence::High,
        label: "Confidential",
        positives: &[
            "Jacob lives on 90 Whitchurch Road",
            "ship it to 1600 Pennsylvania Ave, Washington, DC 20500",
            "The office is at 221B Baker Street, Apt 2",
        ],
        negatives: &[
            "we sold 90 Apples today",
            "3 Ways to win",
            "Chapter 12 Park",
        ],
    },
    PiiSpec {
        entity: "STREET_ADDRESS",
        name: "Street address (continental street name + number)",
        pattern: r"\b\p{Lu}[\p{L}-]*(?i:strasse|straße|str\.|gasse|weg|platz|allee|katu|tie|vej|gade|gatan|vägen|veien|laan|straat|plein|gracht|ulica|utca|ut)\s+[0-9]{1,4}[a-z]?\b(?:,?\s+(?:Apt|Suite|Unit)\.?\s*[0-9]+)?",
        trigger: Trigger::Suffixes(&[
            "strasse", "straße", "str.", "gasse", "weg ", "platz", "allee", "katu", "tie ", "vej ",
            "gade", "gatan", "vägen", "veien", "laan", "straat", "plein", "gracht", "ulica",
            "utca",
        ]),
        prefilter: None,
        window: (40, 40),
        validator: None,
        context: CONTEXT,
        base: Some(Confidence::Medium),
        with_context: Confidence::High,
        label: "Confidential",
        positives: &[
            "address: Friedhofstrasse 33",
            "Koskikatu 25",
            "Herengracht 12a",
        ],
        negatives: &["the strasse is long", "Wegweiser"],
    },
];
