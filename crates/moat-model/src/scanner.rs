//! Walks paths, recognises each file by content and hands it to the right checker.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use moat_core::Severity;

use crate::blob::{Blob, FileBlob, MemBlob};
use crate::detect::{Format, sniff};
use crate::pickle;
use crate::policy::{Judgement, judge_callable};
use crate::{FileReport, Finding, ScanOptions, Verdict, verdict_of};

/// Bytes read to recognise a format.
pub(crate) const SNIFF_BYTES: u64 = 64 << 10;

/// State of one top-level file's scan.
pub(crate) struct Ctx<'o> {
    pub(crate) opts: &'o ScanOptions,
    pub(crate) findings: Vec<Finding>,
    /// Bytes decompressed so far for this file.
    pub(crate) inflated: u64,
    /// Directory of the scanned file (ONNX external data must stay inside it).
    pub(crate) base_dir: Option<PathBuf>,
}

impl Ctx<'_> {
    pub(crate) fn add(
        &mut self,
        member: Option<&str>,
        rule: &str,
        severity: Severity,
        message: impl Into<String>,
        offset: Option<u64>,
        symbol: Option<String>,
    ) {
        self.findings.push(Finding {
            rule: rule.to_owned(),
            severity,
            message: message.into(),
            offset,
            symbol,
            member: member.map(str::to_owned),
        });
    }

    /// Recognises and checks one stream. Returns the format it was recognised as.
    pub(crate) fn scan_blob(
        &mut self,
        blob: &dyn Blob,
        member: Option<&str>,
        hint: &str,
        depth: u32,
    ) -> Format {
        let head = match blob.head(SNIFF_BYTES) {
            Ok(h) => h,
            Err(e) => {
                self.add(
                    member,
                    "io.read",
                    Severity::Medium,
                    format!("cannot read: {e}"),
                    Some(0),
                    None,
                );
                return Format::Unknown;
            }
        };
        let format = sniff(&head, blob.len(), hint);
        let refined = match format {
            Format::Zip => crate::archive::scan_zip(self, blob, member, depth),
            Format::Tar => {
                crate::archive::scan_tar(self, blob, member, depth);
                Format::Tar
            }
            Format::Gzip | Format::Zlib => self.scan_compressed(blob, &head, format, member, depth),
            Format::OtherCompressed if codec_of(&head).is_some() => {
                self.scan_compressed(blob, &head, format, member, depth)
            }
            Format::OtherCompressed => {
                self.add(
                    member,
                    "archive.uncheckable-compression",
                    Severity::Medium,
                    "7z/zstd data: Moat does not decompress it, so its content is unchecked",
                    Some(0),
                    None,
                );
                format
            }
            Format::Pickle | Format::Joblib | Format::PytorchLegacy => {
                self.scan_pickle_blob(blob, member, format == Format::Joblib, depth);
                format
            }
            Format::Npy => {
                crate::formats::numpy::scan_npy(self, blob, member, depth);
                format
            }
            Format::Gguf => {
                crate::formats::gguf::scan(self, blob, member);
                format
            }
            Format::Safetensors => {
                crate::formats::safetensors::scan(self, blob, member);
                format
            }
            Format::Hdf5 => {
                crate::formats::keras::scan_hdf5(self, blob, member);
                format
            }
            Format::Onnx => {
                crate::formats::protobuf::scan_onnx(self, blob, member);
                format
            }
            Format::SavedModel => {
                crate::formats::protobuf::scan_saved_model(self, blob, member);
                format
            }
            Format::Npz | Format::Keras | Format::PytorchZip | Format::Unknown => format,
        };
        // A file that is something else at its start and a zip at its end is a polyglot:
        // `torch.load` and `zipfile` read the zip, scanners that sniff the start read the rest.
        if format != Format::Zip && crate::archive::has_zip_tail(blob) {
            self.add(
                member,
                "archive.polyglot",
                Severity::High,
                format!(
                    "file starts as {} but also ends with a zip directory; loaders that open zips \
                     will read a different content",
                    format.as_str()
                ),
                Some(0),
                None,
            );
            crate::archive::scan_zip(self, blob, member, depth);
        }
        refined
    }

    fn scan_compressed(
        &mut self,
        blob: &dyn Blob,
        head: &[u8],
        format: Format,
        member: Option<&str>,
        depth: u32,
    ) -> Format {
        let label = member.map_or_else(
            || "(decompressed)".to_owned(),
            |m| format!("{m}!(decompressed)"),
        );
        if depth >= self.opts.max_depth {
            self.add(
                member,
                "archive.depth",
                Severity::Medium,
                "compressed stream nested too deeply: not opened",
                Some(0),
                None,
            );
            return format;
        }
        let mut raw = Vec::new();
        let limit = self
            .opts
            .max_member_bytes
            .min(self.opts.max_total_bytes.saturating_sub(self.inflated));
        let reader = BlobReader { blob, pos: 0 };
        let old_joblib = head.starts_with(b"ZF0x");
        let codec = codec_of(head);
        let result = if let Some(c) = codec {
            decompress(c, reader, limit, &mut raw)
        } else if format == Format::Gzip {
            flate2::read::MultiGzDecoder::new(reader)
                .take(limit + 1)
                .read_to_end(&mut raw)
        } else if old_joblib {
            // joblib < 0.10: `ZF0x` + hex length + padding, then a zlib stream.
            let start = head
                .iter()
                .skip(4)
                .position(|b| *b == 0x78)
                .map_or(4, |p| p + 4);
            let r = BlobReader {
                blob,
                pos: start as u64,
            };
            flate2::read::ZlibDecoder::new(r)
                .take(limit + 1)
                .read_to_end(&mut raw)
        } else {
            flate2::read::ZlibDecoder::new(reader)
                .take(limit + 1)
                .read_to_end(&mut raw)
        };
        if let Err(e) = result {
            self.add(
                member,
                "archive.corrupt-stream",
                Severity::Medium,
                format!(
                    "{} stream cannot be decompressed after {} bytes: {e}",
                    codec.map_or(format.as_str(), Codec::as_str),
                    raw.len()
                ),
                None,
                None,
            );
        }
        if raw.len() as u64 > limit {
            self.add(
                member,
                "archive.bomb",
                Severity::High,
                format!(
                    "{} stream inflates past the {limit}-byte limit (decompression bomb?)",
                    format.as_str()
                ),
                Some(0),
                None,
            );
            raw.truncate(limit as usize);
        }
        self.inflated += raw.len() as u64;
        if blob.len() > 0
            && raw.len() as u64 / blob.len().max(1) > self.opts.bomb_ratio
            && raw.len() > (64 << 20)
        {
            self.add(
                member,
                "archive.bomb",
                Severity::High,
                format!(
                    "compression ratio above {} (decompression bomb?)",
                    self.opts.bomb_ratio
                ),
                Some(0),
                None,
            );
        }
        let inner = self.scan_blob(&MemBlob(&raw), Some(&label), "", depth + 1);
        match inner {
            Format::Pickle | Format::Joblib => Format::Joblib,
            _ => format,
        }
    }

    pub(crate) fn scan_pickle_blob(
        &mut self,
        blob: &dyn Blob,
        member: Option<&str>,
        joblib: bool,
        depth: u32,
    ) {
        let n = blob.len().min(self.opts.max_pickle_bytes);
        let data = match blob.read_vec(0, n) {
            Ok(d) => d,
            Err(e) => {
                self.add(
                    member,
                    "io.read",
                    Severity::Medium,
                    format!("cannot read pickle: {e}"),
                    Some(0),
                    None,
                );
                return;
            }
        };
        self.scan_pickle_bytes(&data, member, joblib, depth);
    }

    /// Walks pickles in `data` and turns what they import into findings.
    pub(crate) fn scan_pickle_bytes(
        &mut self,
        data: &[u8],
        member: Option<&str>,
        joblib: bool,
        depth: u32,
    ) {
        let mut walk = pickle::walk(
            data,
            0,
            joblib || crate::detect::memmem(data, b"NumpyArrayWrapper"),
        );
        // Distinct symbols, first offset and count.
        let mut seen: BTreeMap<(String, String), (u64, usize, &'static str)> = BTreeMap::new();
        for imp in &walk.imports {
            let e = seen
                .entry((imp.module.clone(), imp.name.clone()))
                .or_insert((imp.offset, 0, imp.opcode));
            e.1 += 1;
        }
        let mut findings = Vec::new();
        for ((module, name), (offset, count, opcode)) in seen {
            let symbol = format!("{module}.{name}");
            let times = if count > 1 {
                format!(" ({count} times)")
            } else {
                String::new()
            };
            match judge_callable(&module, &name) {
                Judgement::Safe => {}
                Judgement::Dangerous(why) => findings.push((
                    "pickle.dangerous-import",
                    Severity::Critical,
                    format!("pickle imports `{symbol}` via {opcode}{times}: {why}"),
                    offset,
                    symbol,
                )),
                Judgement::Unknown => findings.push((
                    "pickle.unknown-import",
                    Severity::Medium,
                    format!("pickle imports `{symbol}` via {opcode}{times}: not on the allowlist of known-safe ML constructors"),
                    offset,
                    symbol,
                )),
            }
        }
        for (rule, sev, msg, off, sym) in findings {
            self.add(member, rule, sev, msg, Some(off), Some(sym));
        }
        for mut f in walk.findings.drain(..) {
            f.member = member.map(str::to_owned);
            self.findings.push(f);
        }
        if walk.pickles > 0 && walk.end < data.len() && !joblib {
            let rest = &data[walk.end..];
            // Legacy torch files carry raw storages after the pickles; other pickle files
            // should end at STOP. A second stream hidden there is reported above or here.
            if pickle::looks_like_pickle(rest) {
                self.add(
                    member,
                    "pickle.trailing-pickle",
                    Severity::High,
                    "a further pickle stream follows the first",
                    Some(walk.end as u64),
                    None,
                );
            }
        }
        for (off, bytes) in walk.embedded {
            let label = match member {
                Some(m) => format!("{m}@{off}"),
                None => format!("@{off}"),
            };
            if depth + 1 > self.opts.max_depth {
                continue;
            }
            self.scan_blob(&MemBlob(&bytes), Some(&label), "", depth + 1);
        }
    }
}

/// joblib's compressions besides zlib and gzip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    Bzip2,
    Xz,
    LzmaAlone,
    Lz4Frame,
}

impl Codec {
    fn as_str(self) -> &'static str {
        match self {
            Codec::Bzip2 => "bzip2",
            Codec::Xz => "xz",
            Codec::LzmaAlone => "lzma",
            Codec::Lz4Frame => "lz4",
        }
    }
}

fn codec_of(head: &[u8]) -> Option<Codec> {
    if head.starts_with(b"BZh") {
        Some(Codec::Bzip2)
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Some(Codec::Xz)
    } else if head.starts_with(&[0x04, 0x22, 0x4d, 0x18]) {
        Some(Codec::Lz4Frame)
    } else if head.starts_with(&[0x5d, 0, 0]) {
        Some(Codec::LzmaAlone)
    } else {
        None
    }
}

/// A writer that keeps at most `limit + 1` bytes and then refuses more, so a decompressor that
/// writes (rather than being read from) stops at the limit too.
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    limit: u64,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = (self.limit + 1).saturating_sub(self.out.len() as u64) as usize;
        if room == 0 {
            return Err(std::io::Error::other("output limit reached"));
        }
        let n = buf.len().min(room);
        self.out.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Decompresses into `out`, keeping at most `limit + 1` bytes (one more than allowed shows the
/// stream goes on). Reaching the limit is not an error: the caller reports the bomb.
fn decompress(
    codec: Codec,
    reader: BlobReader<'_>,
    limit: u64,
    out: &mut Vec<u8>,
) -> std::io::Result<usize> {
    match codec {
        Codec::Bzip2 => bzip2::read::MultiBzDecoder::new(reader)
            .take(limit + 1)
            .read_to_end(out),
        Codec::Lz4Frame => lz4_flex::frame::FrameDecoder::new(reader)
            .take(limit + 1)
            .read_to_end(out),
        Codec::Xz | Codec::LzmaAlone => {
            let mut input = std::io::BufReader::new(reader);
            let mut w = Capped { out, limit };
            let r = if codec == Codec::Xz {
                lzma_rs::xz_decompress(&mut input, &mut w)
            } else {
                let opts = lzma_rs::decompress::Options {
                    // The dictionary never needs to be larger than what may be inflated.
                    memlimit: Some(usize::try_from(limit + 1).unwrap_or(usize::MAX)),
                    ..Default::default()
                };
                lzma_rs::lzma_decompress_with_options(&mut input, &mut w, &opts)
            };
            let n = w.out.len();
            match r {
                Ok(()) => Ok(n),
                Err(_) if n as u64 > limit => Ok(n),
                Err(e) => Err(std::io::Error::other(e.to_string())),
            }
        }
    }
}

/// `std::io::Read` over a blob, for decompressors.
pub(crate) struct BlobReader<'a> {
    pub(crate) blob: &'a dyn Blob,
    pub(crate) pos: u64,
}

impl Read for BlobReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.blob.len().saturating_sub(self.pos);
        let n = (buf.len() as u64).min(left) as usize;
        if n == 0 {
            return Ok(0);
        }
        self.blob.read_exact_at(self.pos, &mut buf[..n])?;
        self.pos += n as u64;
        Ok(n)
    }
}

fn finish(path: String, format: Format, mut findings: Vec<Finding>) -> FileReport {
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.offset.cmp(&b.offset)));
    FileReport {
        path,
        format: format.as_str().to_owned(),
        verdict: verdict_of(&findings),
        findings,
    }
}

/// Scans bytes already in memory, as if they were the file `name`.
pub fn scan_bytes(name: &str, data: &[u8], opts: &ScanOptions) -> FileReport {
    let mut ctx = Ctx {
        opts,
        findings: Vec::new(),
        inflated: 0,
        base_dir: None,
    };
    let format = ctx.scan_blob(&MemBlob(data), None, name, 0);
    finish(name.to_owned(), format, ctx.findings)
}

/// Scans one file (not a directory).
pub fn scan_path(path: &Path, opts: &ScanOptions) -> FileReport {
    let shown = path.display().to_string();
    let blob = match FileBlob::open(path) {
        Ok(b) => b,
        Err(e) => return error_report(shown, format!("cannot open: {e}")),
    };
    let mut ctx = Ctx {
        opts,
        findings: Vec::new(),
        inflated: 0,
        base_dir: path.parent().map(Path::to_path_buf),
    };
    let hint = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // SavedModel directories are recognised by their `saved_model.pb`; other protobufs by shape.
    let format = ctx.scan_blob(&blob, None, &hint, 0);
    finish(shown, format, ctx.findings)
}

/// Recognises a file's format from its content alone, without checking it: what
/// [`scan_path`] would report as `format`, at the cost of reading the first 64 KiB (and a zip's
/// central directory, or the start of a compressed stream).
pub fn detect_path(path: &Path) -> std::io::Result<Format> {
    let blob = FileBlob::open(path)?;
    let head = blob.head(SNIFF_BYTES)?;
    let hint = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let opts = ScanOptions::default();
    let mut ctx = Ctx {
        opts: &opts,
        findings: Vec::new(),
        inflated: 0,
        base_dir: None,
    };
    Ok(match sniff(&head, blob.len(), &hint) {
        Format::Zip => crate::archive::zip_flavour(&mut ctx, &blob),
        f @ (Format::Gzip | Format::Zlib) => {
            // joblib's compressed dumps: a pickle inside.
            let mut raw = Vec::new();
            let reader = BlobReader {
                blob: &blob,
                pos: 0,
            };
            let _ = if f == Format::Gzip {
                flate2::read::MultiGzDecoder::new(reader)
                    .take(SNIFF_BYTES)
                    .read_to_end(&mut raw)
            } else {
                let start = if head.starts_with(b"ZF0x") {
                    head.iter()
                        .skip(4)
                        .position(|b| *b == 0x78)
                        .map_or(4, |p| p + 4)
                } else {
                    0
                };
                flate2::read::ZlibDecoder::new(BlobReader {
                    blob: &blob,
                    pos: start as u64,
                })
                .take(SNIFF_BYTES)
                .read_to_end(&mut raw)
            };
            match sniff(&raw, raw.len() as u64, "") {
                Format::Pickle | Format::Joblib => Format::Joblib,
                _ => f,
            }
        }
        Format::OtherCompressed if codec_of(&head).is_some() => {
            let mut raw = Vec::new();
            if let Some(c) = codec_of(&head) {
                let _ = decompress(
                    c,
                    BlobReader {
                        blob: &blob,
                        pos: 0,
                    },
                    SNIFF_BYTES,
                    &mut raw,
                );
            }
            match sniff(&raw, raw.len() as u64, "") {
                Format::Pickle | Format::Joblib => Format::Joblib,
                _ => Format::OtherCompressed,
            }
        }
        other => other,
    })
}

fn error_report(path: String, message: String) -> FileReport {
    FileReport {
        path,
        format: Format::Unknown.as_str().to_owned(),
        verdict: Verdict::Error,
        findings: vec![Finding {
            rule: "io.error".to_owned(),
            severity: Severity::High,
            message,
            offset: None,
            symbol: None,
            member: None,
        }],
    }
}

/// Scans files and directories (recursively, not following symbolic links), one report per
/// file, in a stable order.
pub fn scan_paths(paths: &[PathBuf], opts: &ScanOptions) -> Vec<FileReport> {
    let mut out = Vec::new();
    let mut budget = opts.max_files;
    for p in paths {
        walk_path(p, opts, &mut out, &mut budget, 0);
    }
    out
}

fn walk_path(
    p: &Path,
    opts: &ScanOptions,
    out: &mut Vec<FileReport>,
    budget: &mut usize,
    level: u32,
) {
    if *budget == 0 {
        return;
    }
    let meta = match std::fs::symlink_metadata(p) {
        Ok(m) => m,
        Err(e) => {
            out.push(error_report(
                p.display().to_string(),
                format!("cannot read: {e}"),
            ));
            return;
        }
    };
    if meta.file_type().is_symlink() {
        if level == 0 {
            // Named on the command line: follow it.
            match std::fs::metadata(p) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    *budget -= 1;
                    out.push(scan_path(p, opts));
                    return;
                }
                Err(e) => {
                    out.push(error_report(
                        p.display().to_string(),
                        format!("broken link: {e}"),
                    ));
                    return;
                }
            }
        } else {
            let target = std::fs::read_link(p)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            *budget -= 1;
            out.push(FileReport {
                path: p.display().to_string(),
                format: "symlink".to_owned(),
                verdict: Verdict::Suspicious,
                findings: vec![Finding {
                    rule: "fs.symlink".to_owned(),
                    severity: Severity::Low,
                    message: format!("symbolic link to `{target}` not followed"),
                    offset: None,
                    symbol: Some(target),
                    member: None,
                }],
            });
            return;
        }
    }
    if p.is_dir() {
        if level > 64 {
            return;
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                out.push(error_report(
                    p.display().to_string(),
                    format!("cannot list: {e}"),
                ));
                return;
            }
        };
        entries.sort();
        for e in entries {
            walk_path(&e, opts, out, budget, level + 1);
        }
        return;
    }
    *budget -= 1;
    out.push(scan_path(p, opts));
}

/// One-line description of a rule, for SARIF and docs.
pub(crate) fn rule_summary(rule: &str) -> &'static str {
    match rule {
        "pickle.dangerous-import" => {
            "Pickle imports a callable that runs code or touches the system"
        }
        "pickle.unknown-import" => "Pickle imports a callable that is not on the allowlist",
        "pickle.dynamic-global" => "Pickle computes the name it imports at load time",
        "pickle.indirect-call" => "Pickle calls a callable obtained from another call",
        "pickle.extension-code" => "Pickle imports through the copyreg extension registry",
        "pickle.malformed" => "Pickle stream is truncated or malformed",
        "pickle.trailing-pickle" => "A second pickle stream is hidden after the first",
        "pickle.global-mutation" => "Pickle rewrites attributes of an imported class or module",
        "archive.path-traversal" => "Archive member escapes the extraction directory",
        "archive.symlink" => "Archive member is a link",
        "archive.bomb" => "Archive member inflates beyond the limits",
        "archive.header-mismatch" => "Zip local header disagrees with the central directory",
        "archive.bad-crc" => "Zip member CRC does not match its content",
        "archive.overlapping-entries" => "Zip members share bytes",
        "archive.duplicate-name" => "Archive holds two members with the same name",
        "archive.polyglot" => "File is both another format and a zip archive",
        "archive.depth" => "Archives nested beyond the depth limit",
        "keras.lambda-layer" => "Keras Lambda layer carries Python bytecode",
        "keras.custom-object" => "Keras configuration needs a custom object",
        "keras.dangerous-object" => "Keras configuration deserialises a dangerous callable",
        "tf.dangerous-op" => "TensorFlow graph uses a file or Python-callback operation",
        "onnx.custom-operator" => "ONNX model uses an operator from a custom domain",
        "onnx.external-data-escape" => "ONNX external data path leaves the model directory",
        "gguf.template-injection" => "GGUF chat template reaches Python internals",
        "gguf.template-too-large" => "GGUF chat template is too large to check",
        "archive.uncheckable-compression" => "Compressed stream Moat cannot open",
        "safetensors.trailing-data" => "Bytes follow the last safetensors tensor",
        _ => "Model file check",
    }
}
