//! Format recognition by content (magic bytes and structure), never by file name.

use serde::Serialize;

/// A model or container format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A bare pickle stream (any protocol), including sklearn/joblib-free `.pkl` files.
    Pickle,
    /// The legacy (pre-1.6, non-zip) PyTorch format: several pickles and raw storages.
    PytorchLegacy,
    /// A PyTorch zip archive (`archive/data.pkl`).
    PytorchZip,
    /// A joblib pickle with inline NumPy arrays (possibly compressed).
    Joblib,
    /// A NumPy `.npy` array.
    Npy,
    /// A NumPy `.npz` (zip of `.npy`).
    Npz,
    /// A Keras 3 `.keras` zip archive.
    Keras,
    /// A legacy Keras HDF5 file.
    Hdf5,
    /// A TensorFlow SavedModel protobuf (`saved_model.pb`).
    SavedModel,
    /// An ONNX model.
    Onnx,
    /// A GGUF file (llama.cpp).
    Gguf,
    /// A safetensors file.
    Safetensors,
    /// Any other zip archive.
    Zip,
    /// A tar archive.
    Tar,
    /// A gzip stream.
    Gzip,
    /// A zlib stream (joblib's default compression).
    Zlib,
    /// A bzip2, xz, lzma, lz4, 7z or zstd stream: not decompressed by Moat.
    OtherCompressed,
    /// Nothing recognised.
    Unknown,
}

impl Format {
    /// The kebab-case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Pickle => "pickle",
            Format::PytorchLegacy => "pytorch-legacy",
            Format::PytorchZip => "pytorch-zip",
            Format::Joblib => "joblib",
            Format::Npy => "npy",
            Format::Npz => "npz",
            Format::Keras => "keras",
            Format::Hdf5 => "hdf5",
            Format::SavedModel => "tf-savedmodel",
            Format::Onnx => "onnx",
            Format::Gguf => "gguf",
            Format::Safetensors => "safetensors",
            Format::Zip => "zip",
            Format::Tar => "tar",
            Format::Gzip => "gzip",
            Format::Zlib => "zlib",
            Format::OtherCompressed => "compressed",
            Format::Unknown => "unknown",
        }
    }
}

/// The legacy PyTorch magic number pickled as a LONG1 right after PROTO 2.
const TORCH_LEGACY_MAGIC: &[u8] = b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";

/// Recognises a format from the first bytes of a stream (at least 512 when the stream is that
/// long) and its total length. Zip flavours are refined later from the member names.
pub(crate) fn sniff(head: &[u8], total_len: u64, name_hint: &str) -> Format {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    if head.starts_with(b"\x93NUMPY") {
        return Format::Npy;
    }
    if head.starts_with(b"GGUF") {
        return Format::Gguf;
    }
    if head.starts_with(b"\x89HDF\r\n\x1a\n") {
        return Format::Hdf5;
    }
    if head.starts_with(TORCH_LEGACY_MAGIC) {
        return Format::PytorchLegacy;
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    // bzip2, xz, lz4 frame, lzma-alone (joblib's other compressions), 7z (models packed with
    // 7-Zip so that zip-reading scanners skip them) and zstd.
    if head.starts_with(b"BZh")
        || head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0])
        || head.starts_with(&[0x04, 0x22, 0x4d, 0x18])
        || head.starts_with(&[0x5d, 0, 0])
        || head.starts_with(&[b'7', b'z', 0xbc, 0xaf, 0x27, 0x1c])
        || head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
    {
        return Format::OtherCompressed;
    }
    if head.len() >= 2
        && head[0] == 0x78
        && matches!(head[1], 0x01 | 0x5e | 0x9c | 0xda)
        && (u16::from(head[0]) << 8 | u16::from(head[1])) % 31 == 0
    {
        return Format::Zlib;
    }
    if head.starts_with(b"ZF0x") {
        return Format::Zlib;
    }
    if head.len() >= 262 && &head[257..262] == b"ustar" {
        return Format::Tar;
    }
    if is_safetensors(head, total_len) {
        return Format::Safetensors;
    }
    if crate::pickle::looks_like_pickle(head) || head_pickle_complete(head) {
        if head.windows(19).any(|w| w == b"NumpyArrayWrapper\n")
            || memmem(head, b"joblib.numpy_pickle")
            || memmem(head, b"NumpyArrayWrapper")
        {
            return Format::Joblib;
        }
        return Format::Pickle;
    }
    if let Some(f) = crate::formats::protobuf::sniff(head, name_hint) {
        return f;
    }
    Format::Unknown
}

fn head_pickle_complete(head: &[u8]) -> bool {
    head.first() == Some(&0x80) && head.get(1).is_some_and(|p| *p <= 5)
}

fn is_safetensors(head: &[u8], total_len: u64) -> bool {
    if head.len() < 10 {
        return false;
    }
    let mut n = [0u8; 8];
    n.copy_from_slice(&head[..8]);
    let n = u64::from_le_bytes(n);
    // The declared size is checked by the safetensors checker, which reports a header that
    // runs past the end; here only the shape of the start matters.
    let _ = total_len;
    n >= 2 && head[8] == b'{' && matches!(head[9], b'"' | b'}' | b' ' | b'\n' | b'\t' | b'\r')
}

pub(crate) fn memmem(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
