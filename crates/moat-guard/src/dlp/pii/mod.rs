//! PII recognisers: one file per entity type, each a table of [`PiiSpec`]s (regex, validator,
//! context words, confidence), plus positive and negative examples that the tests run.

use moat_core::Confidence;

use super::validate::Check;

mod age;
mod au_tfn;
mod ca_sin;
mod credit_card;
mod crypto_wallet;
mod date_of_birth;
mod email;
mod es_nif;
mod iban;
mod in_aadhaar;
mod in_pan;
mod ip_address;
mod mac_address;
mod passport;
mod person;
mod phone;

mod street_address;
mod swift_bic;
mod uk_nhs;
mod uk_nino;
mod us_bank_routing;
mod us_driver_license;
mod us_itin;
mod us_ssn;
mod zip_code;

/// What makes a recogniser look at a part of the text at all.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Trigger {
    /// An `@`.
    At,
    /// A run of digits and separators with at least this many digits.
    Digits(u8),
    /// A digit run with exactly three dots in it (IPv4).
    Dotted,
    /// A short number followed by a space and a capital letter or digit (house numbers).
    HouseNumber,
    /// `:` or `-` between hexadecimal digits (MAC and IPv6 addresses).
    HexSeparator,
    /// One of these lowercase keywords (matched case-insensitively) at the start of a word.
    Keywords(&'static [&'static str]),
    /// One of these lowercase word endings (matched case-insensitively) anywhere.
    Suffixes(&'static [&'static str]),
}

/// One PII recogniser.
#[derive(Debug)]
pub(crate) struct PiiSpec {
    /// Entity type reported.
    pub entity: &'static str,
    /// Short description for docs.
    pub name: &'static str,
    /// Regex; the first capture group that participates is the value, else the whole match.
    pub pattern: &'static str,
    /// Where to look.
    pub trigger: Trigger,
    /// A cheap necessary condition on a window (see `prefilter.rs`): when it says no, the
    /// regex is not run there. Only for recognisers whose windows are many and mostly empty.
    pub prefilter: Option<fn(&[u8]) -> bool>,
    /// Bytes of text searched before and after each trigger.
    pub window: (usize, usize),
    /// Validator: fail drops the match; strong raises the no-context confidence by one level.
    pub validator: Option<fn(&str) -> Check>,
    /// Lowercase words that, near the match, raise confidence.
    pub context: &'static [&'static str],
    /// Confidence without context words; `None` means context is required.
    pub base: Option<Confidence>,
    /// Confidence with context words.
    pub with_context: Confidence,
    /// Default sensitivity label (one of the default label names).
    pub label: &'static str,
    /// Texts in which the recogniser must find this entity (at default settings).
    pub positives: &'static [&'static str],
    /// Texts in which it must not.
    pub negatives: &'static [&'static str],
}

/// Every built-in PII recogniser.
pub(crate) fn all() -> Vec<&'static PiiSpec> {
    let tables: &[&'static [PiiSpec]] = &[
        email::SPECS,
        phone::SPECS,
        credit_card::SPECS,
        iban::SPECS,
        us_ssn::SPECS,
        us_itin::SPECS,
        uk_nino::SPECS,
        uk_nhs::SPECS,
        passport::SPECS,
        ip_address::SPECS,
        mac_address::SPECS,
        date_of_birth::SPECS,
        us_bank_routing::SPECS,
        crypto_wallet::SPECS,
        street_address::SPECS,
        person::SPECS,
        us_driver_license::SPECS,
        ca_sin::SPECS,
        in_aadhaar::SPECS,
        in_pan::SPECS,
        es_nif::SPECS,
        au_tfn::SPECS,
        swift_bic::SPECS,
        age::SPECS,
        zip_code::SPECS,
    ];
    tables.iter().flat_map(|t| t.iter()).collect()
}
