//! CRYPTO_WALLET: Bitcoin (base58check, bech32/bech32m) and Ethereum (EIP-55) addresses.

use moat_core::Confidence;

use super::{PiiSpec, Trigger};
use crate::dlp::validate;

const CONTEXT: &[&str] = &[
    "wallet", "btc", "bitcoin", "eth", "ethereum", "crypto", "send", "address",
];

pub(super) const SPECS: &[PiiSpec] = &[
    PiiSpec {
        entity: "CRYPTO_WALLET",
        name: "Bitcoin legacy/P2SH address (base58check)",
        pattern: r"\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b",
        trigger: Trigger::Keywords(&[
            "bitcoin", "btc", "wallet", "address", "send", "pay", "donat",
        ]),
        prefilter: None,
        window: (0, 160),
        validator: Some(validate::base58check),
        context: CONTEXT,
        base: Some(Confidence::Medium),
        with_context: Confidence::High,
        label: "Confidential",
        positives: &[
            "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            "BTC: 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        ],
        negatives: &[
            "btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 without words",
            "1111111111111111111111111",
        ],
    },
    PiiSpec {
        entity: "CRYPTO_WALLET",
        name: "Bitcoin segwit address (bech32)",
        pattern: r"\b(?:bc1|BC1|tb1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}\b",
        trigger: Trigger::Keywords(&["bc1", "tb1"]),
        prefilter: None,
        window: (0, 90),
        validator: Some(validate::bech32),
        context: CONTEXT,
        base: Some(Confidence::Medium),
        with_context: Confidence::High,
        label: "Confidential",
        positives: &["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"],
        negatives: &["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdz"],
    },
    PiiSpec {
        entity: "CRYPTO_WALLET",
        name: "Ethereum address (EIP-55 where mixed case)",
        pattern: r"\b0x[0-9a-fA-F]{40}\b",
        trigger: Trigger::Keywords(&["0x"]),
        prefilter: None,
        window: (0, 44),
        validator: Some(validate::eip55),
        context: CONTEXT,
        base: Some(Confidence::Low),
        with_context: Confidence::High,
        label: "Confidential",
        positives: &[
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "eth wallet 0x52908400098527886e0f7030069857d2e4169ee7",
        ],
        negatives: &[
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            "0x0000000000000000000000000000000000000000",
        ],
    },
];
