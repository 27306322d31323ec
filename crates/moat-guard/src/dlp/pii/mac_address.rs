//! MAC_ADDRESS: six hexadecimal pairs separated by `:` or `-`, or Cisco's dotted triplets.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate::Check;

fn valid(s: &str) -> Check {
    let hex: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    if hex.len() != 12
        || hex.iter().all(|&b| b == b'0')
        || hex.iter().all(|&b| b == b'f' || b == b'F')
    {
        return Check::Fail;
    }
    // One separator kind throughout.
    let seps: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_hexdigit()).collect();
    if seps.windows(2).any(|w| w[0] != w[1]) {
        return Check::Fail;
    }
    Check::Pass
}

pub(super) const SPECS: &[PiiSpec] = &[PiiSpec {
    entity: "MAC_ADDRESS",
    name: "MAC address",
    pattern: r"\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b",
    trigger: Trigger::HexSeparator,
    prefilter: None,
    window: (20, 20),
    validator: Some(valid),
    context: &[
        "mac",
        "hardware address",
        "ether",
        "hwaddr",
        "bssid",
        "device",
    ],
    base: Some(Confidence::Medium),
    with_context: Confidence::High,
    label: "General",
    positives: &["ether 00:1a:2b:3c:4d:5e", "MAC 3C-52-82-1A-9F-07"],
    negatives: &["00:00:00:00:00:00", "00:1a-2b:3c:4d:5e", "12:30:45"],
}];
