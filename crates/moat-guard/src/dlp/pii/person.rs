//! PERSON: names next to a title (Mr, Dr, ...) or a cue ("my name is", "Dear", "regards,"), and
//! capitalised first + last names where the first name is a common given name. Without a
//! language model this favours precision: bare names in free text are missed.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::prefilter;
use crate::dlp::validate::Check;

const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "There",
    "Here",
    "I",
    "We",
    "You",
    "He",
    "She",
    "They",
    "It",
    "My",
    "Your",
    "Our",
    "Sir",
    "Madam",
    "All",
    "Team",
    "Everyone",
    "Customer",
    "Support",
    "Thanks",
    "Thank",
    "Regards",
    "Best",
    "Kind",
    "Please",
    "Hello",
    "Hi",
    "Dear",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Sir/Madam",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Is",
    "Was",
    "Not",
    "World",
    "And",
    "Or",
    "To",
    "From",
    "In",
    "On",
    "At",
    "For",
    "With",
    "Name",
];

fn valid(s: &str) -> Check {
    let first = s.split_whitespace().next().unwrap_or("");
    if first.len() < 2 || NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(first)) {
        return Check::Fail;
    }
    Check::Pass
}

/// The titles of the first pattern, for its prefilter (keep the two in step).
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Rev", "Herr", "Frau", "Mme",
    "Mlle", "Sr", "Sra",
];

pub(super) const SPECS: &[PiiSpec] = &[
    PiiSpec {
        entity: "PERSON",
        name: "Person name after a title",
        pattern: r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev|Herr|Frau|Mme|Mlle|Sr|Sra)\.?\s+((?:\p{Lu}\.?\s+)?\p{Lu}[\p{Ll}'’-]+(?:[ -]\p{Lu}[\p{Ll}'’-]+){0,2})",
        trigger: Trigger::Keywords(&[
            "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "herr", "frau",
            "mme", "mlle", "sr", "sra",
        ]),
        prefilter: Some(|b| prefilter::title_then_space(b, TITLES)),
        window: (0, 60),
        validator: Some(valid),
        context: &[],
        base: Some(Confidence::Medium),
        with_context: Confidence::Medium,
        label: "Confidential",
        positives: &[
            "Mr. Pálffy is a 19 year old",
            "ask Dr Jane Goodall",
            "Mrs. Elizabeth Hanson called",
        ],
        negatives: &["mr. nobody", "Dr. Is this", "address Drive"],
    },
    PiiSpec {
        entity: "PERSON",
        name: "Person name after a cue phrase",
        pattern: r"(?:(?i:my name is|name is|name:|named|called|dear|hi|hello|hey|regards,|sincerely,|thanks,|cheers,|signed|signed by|from:|attn:?|contact|ask|meet|talked to|spoke with|follow up with|directed by|written by|this is)\s+)(\p{Lu}[\p{Ll}'’-]+(?:[ -](?:\p{Lu}\.\s+)?\p{Lu}[\p{Ll}'’-]+){0,2})",
        trigger: Trigger::Keywords(&[
            "name",
            "called",
            "dear",
            "hi ",
            "hello",
            "hey",
            "regards",
            "sincerely",
            "thanks,",
            "cheers",
            "signed",
            "from:",
            "attn",
            "contact",
            "ask ",
            "meet",
            "talked to",
            "spoke with",
            "follow up with",
            "directed by",
            "written by",
            "this is",
        ]),
        prefilter: None,
        window: (0, 70),
        validator: Some(valid),
        context: &[],
        base: Some(Confidence::Medium),
        with_context: Confidence::Medium,
        label: "Confidential",
        positives: &[
            "Hi, my name is Tomomi Nishiyama",
            "Dear Elizabeth,",
            "Name: Sieuwerd Heuver",
        ],
        negatives: &["Dear Sir,", "my name is not important", "Hello World"],
    },
];
