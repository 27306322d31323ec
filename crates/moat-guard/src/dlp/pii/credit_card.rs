//! CREDIT_CARD: 13-19 digits in groups, Luhn checksum and brand prefix/length ranges.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "CREDIT_CARD",
    name: "Payment card number (Luhn + brand ranges)",
    pattern: r"\b[2-6][0-9]{3}(?:[ -]?[0-9]{4}){2}[ -]?[0-9]{1,4}(?:[ -]?[0-9]{1,3})?\b|\b3[0-9]{3}[ -]?[0-9]{6}[ -]?[0-9]{4,5}\b",
    trigger: Trigger::Digits(12),
    prefilter: None,
    window: (4, 40),
    validator: Some(validate::credit_card),
    context: &[
        "card",
        "credit",
        "debit",
        "visa",
        "mastercard",
        "amex",
        "cc",
        "payment",
        "pan",
        "cvv",
        "expir",
        "billing",
    ],
    base: Some(Confidence::Low),
    with_context: Confidence::High,
    label: "Highly Confidential",
    positives: &[
        "My card 4111 1111 1111 1111 expires soon",
        "charge 5500-0000-0000-0004",
        "amex 378282246310005",
        "4030874397740603788",
    ],
    negatives: &[
        "card 4111 1111 1111 1112",
        "order id 1234567890123456",
        "card 0000 0000 0000 0000",
    ],
}];
