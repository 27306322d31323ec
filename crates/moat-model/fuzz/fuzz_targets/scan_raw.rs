//! `scan_bytes` on raw bytes, with no help finding a format: recognition itself must never
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moat_model::{ScanOptions, scan_bytes};

fuzz_target!(|data: &[u8]| {
    let opts = ScanOptions {
        max_member_bytes: 4 << 20,
        max_total_bytes: 16 << 20,
        ..ScanOptions::default()
    };
    let r = scan_bytes("input", data, &opts);
    assert!(!r.format.is_empty());
});
