//! EMAIL_ADDRESS: RFC 5322-ish local part, a dotted domain and an alphabetic TLD.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate::Check;

fn valid(s: &str) -> Check {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return Check::Fail;
    };
    if local.is_empty() || local.len() > 64 || domain.len() > 253 || local.starts_with('.') {
        return Check::Fail;
    }
    if local.contains("..") || domain.contains("..") {
        return Check::Fail;
    }
    let tld = domain.rsplit('.').next().unwrap_or("");
    if (2..=24).contains(&tld.len()) && tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        // Documentation domains are examples, not people.
        let d = domain.to_ascii_lowercase();
        if d == "example.com"
            || d == "example.org"
            || d.ends_with(".example")
            || d.ends_with(".invalid")
        {
            return Check::Pass;
        }
        Check::Strong
    } else {
        Check::Fail
    }
}

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "EMAIL_ADDRESS",
    name: "Email address",
    pattern: r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b",
    trigger: Trigger::At,
    prefilter: None,
    window: (80, 260),
    validator: Some(valid),
    context: &["email", "e-mail", "mail", "contact", "write to", "reach"],
    base: Some(Confidence::Medium),
    with_context: Confidence::High,
    label: "Confidential",
    positives: &[
        "Contact me at jane.doe@corp-mail.co.uk please",
        "TomLeonard@superrito.com",
        "e-mail: first+tag@sub.domain.io",
    ],
    negatives: &[
        "user@localhost is not routable",
        "twitter handle @someone",
        "x@y and @@ and name@host",
    ],
}];
