//! Every model-file reader on hostile bytes: the first byte picks a format's magic (pickle,
//! joblib, legacy PyTorch, GGUF, safetensors, zip, tar, gzip, zlib, NumPy, HDF5, ONNX,
//! SavedModel), the rest follows it, so each parser is reached at once instead of after the
//! fuzzer rediscovers its magic. Nothing may panic, and the report must be well formed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moat_model::{ScanOptions, Verdict, scan_bytes};

const PREFIXES: &[(&[u8], &str)] = &[
    (b"\x80\x04", "model.pkl"),
    (b"\x80\x02", "model.joblib"),
    (b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", "model.bin"),
    (b"GGUF\x03\x00\x00\x00", "model.gguf"),
    (b"GGUF\x01\x00\x00\x00", "model.gguf"),
    (b"PK\x03\x04", "model.pt"),
    (b"PK\x05\x06", "model.zip"),
    (b"\x1f\x8b", "model.joblib.gz"),
    (b"\x78\x9c", "model.joblib.z"),
    (b"\x93NUMPY\x01\x00", "a.npy"),
    (b"\x93NUMPY\x02\x00", "a.npy"),
    (b"\x89HDF\r\n\x1a\n", "model.h5"),
    (b"\x08\x07", "model.onnx"),
    (b"\x3a", "model.onnx"),
    (b"\x08\x01\x12", "saved_model.pb"),
    (b"", "keras_metadata.pb"),
    (b"", "x"),
];

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = data.split_first() else {
        return;
    };
    let opts = ScanOptions {
        max_member_bytes: 4 << 20,
        max_total_bytes: 16 << 20,
        max_pickle_bytes: 4 << 20,
        max_header_bytes: 1 << 20,
        ..ScanOptions::default()
    };
    let mut input = Vec::with_capacity(rest.len() + 512);
    let n = usize::from(*sel);
    if n < PREFIXES.len() {
        input.extend_from_slice(PREFIXES[n].0);
        input.extend_from_slice(rest);
    } else if n < PREFIXES.len() + 8 {
        // safetensors: a header length that fits what follows, then `{`.
        let len = rest.len().min(usize::from(*sel) * 37) as u64 + 1;
        input.extend_from_slice(&len.to_le_bytes());
        input.push(b'{');
        input.extend_from_slice(rest);
    } else {
        // tar: the rest is the name field, then the ustar magic at 257.
        input.extend_from_slice(rest);
        if input.len() < 257 {
            input.resize(257, 0);
        }
        input.splice(257..257, *b"ustar\x0000");
    }
    let name = PREFIXES.get(n).map_or("model.bin", |p| p.1);
    let r = scan_bytes(name, &input, &opts);
    assert!(!r.format.is_empty());
    assert!(r.verdict != Verdict::Error || !r.findings.is_empty());
    for f in &r.findings {
        assert!(!f.rule.is_empty() && !f.message.is_empty(), "{f:?}");
    }
});
