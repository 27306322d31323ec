//! IP_ADDRESS: IPv4 dotted quads and IPv6 (parsed by the standard library).

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

const CONTEXT: &[&str] = &[
    "ip", "address", "host", "client", "server", "remote", "addr", "src", "dst",
];

pub(super) const SPECS: &[PiiSpec] = &[
    PiiSpec {
        entity: "IP_ADDRESS",
        name: "IPv4 address",
        pattern: r"\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\b",
        trigger: Trigger::Dotted,
        prefilter: None,
        window: (2, 2),
        validator: Some(validate::ipv4),
        context: CONTEXT,
        base: Some(Confidence::Low),
        with_context: Confidence::High,
        label: "General",
        positives: &[
            "client_ip = 36.106.174.11",
            "keep getting address 195.206.132.199",
            "10.0.0.12 - GET /",
        ],
        negatives: &["version 1.2.3.4", "999.1.1.1", "1.2.3.4.5 and 01.02.03.04"],
    },
    PiiSpec {
        entity: "IP_ADDRESS",
        name: "IPv6 address",
        pattern: r"(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|[0-9A-Fa-f]{1,4})(?::[0-9A-Fa-f]{1,4}){0,6}|::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}",
        trigger: Trigger::HexSeparator,
        prefilter: None,
        window: (48, 48),
        validator: Some(validate::ipv6),
        context: CONTEXT,
        base: Some(Confidence::Low),
        with_context: Confidence::High,
        label: "General",
        positives: &[
            "address 6e40:4041:c617:e898:c11:40d2:c669:2eb4",
            "host 2001:db8::8a2e:370:7334",
        ],
        negatives: &["time 12:30:45", "std::vec::Vec", "a:b:c"],
    },
];
