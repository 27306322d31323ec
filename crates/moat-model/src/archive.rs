//! Zip and tar readers written for hostile input: every size is checked against the container
//! and the limits, the central directory is compared with the local headers, and members are
//! scanned recursively up to a depth limit.

use std::collections::HashSet;
use std::io::Read;

use moat_core::Severity;

use crate::blob::{Blob, Cursor, MemBlob, SubBlob};
use crate::detect::Format;
use crate::scanner::{BlobReader, Ctx};

const EOCD_SIG: u32 = 0x0605_4b50;
const CDH_SIG: u32 = 0x0201_4b50;
const LFH_SIG: u32 = 0x0403_4b50;

struct Entry {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    csize: u64,
    usize_: u64,
    lho: u64,
    symlink: bool,
}

struct Directory {
    entries: Vec<Entry>,
    /// Bytes before the archive proper (a zip appended to something else).
    prefix: u64,
    eocd: u64,
}

fn find_eocd(blob: &dyn Blob) -> Option<(u64, Vec<u8>)> {
    let len = blob.len();
    if len < 22 {
        return None;
    }
    let span = len.min(22 + 65_535);
    let tail = blob.read_vec(len - span, span).ok()?;
    let mut i = tail.len() - 22;
    loop {
        if tail[i..i + 4] == EOCD_SIG.to_le_bytes() {
            // The comment must run exactly to the end of the file.
            let clen = u16::from_le_bytes([tail[i + 20], tail[i + 21]]) as usize;
            if i + 22 + clen == tail.len() {
                return Some((len - span + i as u64, tail[i..i + 22].to_vec()));
            }
        }
        if i == 0 {
            return None;
        }
        i -= 1;
    }
}

/// True when the blob ends with a zip end-of-central-directory record.
pub(crate) fn has_zip_tail(blob: &dyn Blob) -> bool {
    find_eocd(blob).is_some()
}

fn le16(b: &[u8], o: usize) -> u16 {
    u16::from_le_bytes([b[o], b[o + 1]])
}
fn le32(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
}

fn read_directory(
    ctx: &mut Ctx<'_>,
    blob: &dyn Blob,
    member: Option<&str>,
) -> Result<Directory, String> {
    let (eocd_off, e) = find_eocd(blob).ok_or("no end-of-central-directory record")?;
    let mut total = u64::from(le16(&e, 10));
    let mut cd_size = u64::from(le32(&e, 12));
    let mut cd_off = u64::from(le32(&e, 16));
    let mut eocd_start = eocd_off;
    if (total == 0xffff || cd_size == 0xffff_ffff || cd_off == 0xffff_ffff) && eocd_off >= 20 {
        // Zip64: locator just before the EOCD points at the zip64 record.
        let mut c = Cursor::new(blob, eocd_off - 20);
        if c.u32().map_err(|e| e.to_string())? == 0x0706_4b50 {
            c.u32().map_err(|e| e.to_string())?;
            let z64 = c.u64().map_err(|e| e.to_string())?;
            let mut z = Cursor::new(blob, z64);
            if z.u32().map_err(|e| e.to_string())? != 0x0606_4b50 {
                return Err(format!("zip64 end record missing at offset {z64}"));
            }
            z.skip(8 + 2 + 2 + 4 + 4 + 8).map_err(|e| e.to_string())?;
            total = z.u64().map_err(|e| e.to_string())?;
            cd_size = z.u64().map_err(|e| e.to_string())?;
            cd_off = z.u64().map_err(|e| e.to_string())?;
            eocd_start = z64;
        }
    }
    let end = cd_off
        .checked_add(cd_size)
        .ok_or("central directory size overflows")?;
    if end > eocd_start {
        return Err(format!(
            "central directory at offset {cd_off} runs past its end record"
        ));
    }
    let prefix = eocd_start - end;
    if cd_size > 256 << 20 {
        return Err(format!("central directory of {cd_size} bytes is too large"));
    }
    let cd = blob
        .read_vec(cd_off + prefix, cd_size)
        .map_err(|e| e.to_string())?;
    let mut entries = Vec::new();
    let mut p = 0usize;
    while p + 46 <= cd.len() {
        if le32(&cd, p) != CDH_SIG {
            return Err(format!(
                "bad central directory entry at offset {}",
                cd_off + p as u64
            ));
        }
        if entries.len() >= ctx.opts.max_entries {
            ctx.add(
                member,
                "archive.too-many-entries",
                Severity::Medium,
                format!(
                    "more than {} entries: the rest are not checked",
                    ctx.opts.max_entries
                ),
                None,
                None,
            );
            break;
        }
        let made_by = le16(&cd, p + 4);
        let flags = le16(&cd, p + 8);
        let method = le16(&cd, p + 10);
        let crc = le32(&cd, p + 16);
        let mut csize = u64::from(le32(&cd, p + 20));
        let mut usize_ = u64::from(le32(&cd, p + 24));
        let nlen = le16(&cd, p + 28) as usize;
        let elen = le16(&cd, p + 30) as usize;
        let clen = le16(&cd, p + 32) as usize;
        let eattr = le32(&cd, p + 38);
        let mut lho = u64::from(le32(&cd, p + 42));
        let rec_end = p + 46 + nlen + elen + clen;
        if rec_end > cd.len() {
            return Err(format!(
                "central directory entry at offset {} is truncated",
                cd_off + p as u64
            ));
        }
        let name = String::from_utf8_lossy(&cd[p + 46..p + 46 + nlen]).into_owned();
        // Zip64 extra field.
        let extra = &cd[p + 46 + nlen..p + 46 + nlen + elen];
        let mut q = 0;
        while q + 4 <= extra.len() {
            let id = le16(extra, q);
            let sz = le16(extra, q + 2) as usize;
            let body = extra.get(q + 4..q + 4 + sz).unwrap_or(&[]);
            if id == 1 {
                let mut r = 0;
                let mut next = |v: &mut u64| {
                    if *v == 0xffff_ffff && r + 8 <= body.len() {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(&body[r..r + 8]);
                        *v = u64::from_le_bytes(b);
                        r += 8;
                    }
                };
                next(&mut usize_);
                next(&mut csize);
                next(&mut lho);
            }
            q += 4 + sz;
        }
        let symlink = (made_by >> 8) == 3 && (eattr >> 16) & 0o170000 == 0o120000;
        entries.push(Entry {
            name,
            flags,
            method,
            crc,
            csize,
            usize_,
            lho: lho + prefix,
            symlink,
        });
        p = rec_end;
    }
    if (entries.len() as u64) < total.min(ctx.opts.max_entries as u64) {
        ctx.add(
            member,
            "archive.entry-count-mismatch",
            Severity::High,
            format!(
                "end record declares {total} entries, central directory holds {}",
                entries.len()
            ),
            Some(eocd_off),
            None,
        );
    }
    Ok(Directory {
        entries,
        prefix,
        eocd: eocd_off,
    })
}

/// Why a member path is dangerous to extract, if it is.
pub(crate) fn traversal(name: &str) -> Option<&'static str> {
    let n = name.replace('\\', "/");
    if n.starts_with('/') {
        return Some("absolute path");
    }
    if n.len() >= 2 && n.as_bytes()[1] == b':' {
        return Some("drive-letter path");
    }
    if n.split('/').any(|c| c == "..") {
        return Some("`..` component");
    }
    None
}

fn join(member: Option<&str>, name: &str) -> String {
    match member {
        Some(m) => format!("{m}!{name}"),
        None => name.to_owned(),
    }
}

/// Checks a zip archive and scans its members. Returns the refined format.
pub(crate) fn scan_zip(
    ctx: &mut Ctx<'_>,
    blob: &dyn Blob,
    member: Option<&str>,
    depth: u32,
) -> Format {
    let dir = match read_directory(ctx, blob, member) {
        Ok(d) => d,
        Err(e) => {
            ctx.add(
                member,
                "archive.malformed",
                Severity::High,
                format!("zip structure is broken: {e}"),
                None,
                None,
            );
            return Format::Zip;
        }
    };
    if dir.prefix > 0 {
        ctx.add(
            member,
            "archive.prefixed-data",
            Severity::Medium,
            format!("{} bytes precede the zip archive", dir.prefix),
            Some(0),
            None,
        );
    }
    let names: Vec<&str> = dir.entries.iter().map(|e| e.name.as_str()).collect();
    let format = flavour(blob, &dir);
    let torch_data: Vec<String> = names
        .iter()
        .filter(|n| n.ends_with("/data.pkl") || **n == "data.pkl")
        .map(|n| format!("{}data/", n.trim_end_matches("data.pkl")))
        .collect();
    let mut seen = HashSet::new();
    let mut ranges: Vec<(u64, u64, usize)> = Vec::new();
    let mut declared_total: u64 = 0;
    for (i, e) in dir.entries.iter().enumerate() {
        let path = join(member, &e.name);
        let m = Some(path.as_str());
        if !seen.insert(e.name.as_str()) {
            ctx.add(
                m,
                "archive.duplicate-name",
                Severity::High,
                format!(
                    "`{}` appears more than once: loaders disagree on which copy they read",
                    e.name
                ),
                Some(e.lho),
                None,
            );
        }
        if let Some(why) = traversal(&e.name) {
            ctx.add(
                m,
                "archive.path-traversal",
                Severity::High,
                format!(
                    "member `{}` has an {why}: extraction writes outside the target directory",
                    e.name
                ),
                Some(e.lho),
                Some(e.name.clone()),
            );
        }
        if e.flags & 1 != 0 {
            // Loaders such as PyTorch's ignore the flag and read the bytes anyway (a known way
            // to make Python's zipfile give up): report it, then scan the bytes as they are.
            ctx.add(
                m,
                "archive.encrypted-flag",
                Severity::Medium,
                format!("`{}` is flagged encrypted; scanned as plain data", e.name),
                Some(e.lho),
                None,
            );
        }
        declared_total = declared_total.saturating_add(e.usize_);
        // Local header must agree with the central directory.
        let mut c = Cursor::new(blob, e.lho);
        let lfh = c.bytes::<30>();
        let Ok(lfh) = lfh else {
            ctx.add(
                m,
                "archive.malformed",
                Severity::High,
                format!(
                    "local header of `{}` at offset {} is outside the file",
                    e.name, e.lho
                ),
                Some(e.lho),
                None,
            );
            continue;
        };
        if le32(&lfh, 0) != LFH_SIG {
            ctx.add(
                m,
                "archive.header-mismatch",
                Severity::High,
                format!("no local header for `{}` at offset {}", e.name, e.lho),
                Some(e.lho),
                None,
            );
            continue;
        }
        let lflags = le16(&lfh, 6);
        let lmethod = le16(&lfh, 8);
        let lcrc = le32(&lfh, 14);
        let lcsize = u64::from(le32(&lfh, 18));
        let lusize = u64::from(le32(&lfh, 22));
        let lnlen = u64::from(le16(&lfh, 26));
        let lelen = u64::from(le16(&lfh, 28));
        let lname = c
            .vec(lnlen)
            .map(|v| String::from_utf8_lossy(&v).into_owned())
            .unwrap_or_default();
        let mut diffs = Vec::new();
        if lname != e.name {
            diffs.push(format!("name `{lname}`"));
        }
        if lmethod != e.method {
            diffs.push(format!("method {lmethod} vs {}", e.method));
        }
        if lflags & 8 == 0 && lcrc != e.crc {
            diffs.push(format!("crc {lcrc:08x} vs {:08x}", e.crc));
        }
        if lflags & 8 == 0 && lcsize != 0xffff_ffff && lcsize != e.csize {
            diffs.push(format!("compressed size {lcsize} vs {}", e.csize));
        }
        if lflags & 8 == 0 && lusize != 0xffff_ffff && lusize != e.usize_ {
            diffs.push(format!("size {lusize} vs {}", e.usize_));
        }
        if !diffs.is_empty() {
            ctx.add(
                m,
                "archive.header-mismatch",
                Severity::High,
                format!(
                    "local header of `{}` disagrees with the central directory: {}",
                    e.name,
                    diffs.join(", ")
                ),
                Some(e.lho),
                None,
            );
        }
        let data_off = e.lho + 30 + lnlen + lelen;
        if data_off.saturating_add(e.csize) > dir.eocd {
            ctx.add(
                m,
                "archive.malformed",
                Severity::High,
                format!("data of `{}` runs past the archive", e.name),
                Some(data_off),
                None,
            );
            continue;
        }
        ranges.push((e.lho, data_off + e.csize, i));
        if e.symlink {
            let target = SubBlob {
                inner: blob,
                start: data_off,
                len: e.csize.min(4096),
            }
            .head(4096)
            .map(|v| String::from_utf8_lossy(&v).into_owned())
            .unwrap_or_default();
            ctx.add(
                m,
                "archive.symlink",
                Severity::High,
                format!("member `{}` is a symbolic link to `{target}`", e.name),
                Some(e.lho),
                Some(target),
            );
            continue;
        }
        if e.name.ends_with('/') {
            continue;
        }
        if e.usize_ > (1 << 20) && e.csize > 0 && e.usize_ / e.csize > ctx.opts.bomb_ratio {
            ctx.add(
                m,
                "archive.bomb",
                Severity::High,
                format!(
                    "`{}` claims a compression ratio of {}:1 (decompression bomb?)",
                    e.name,
                    e.usize_ / e.csize
                ),
                Some(e.lho),
                None,
            );
            continue;
        }
        // Raw tensor storages of a PyTorch archive are data, not formats.
        if torch_data.iter().any(|d| e.name.starts_with(d.as_str())) && e.method == 0 {
            continue;
        }
        if depth + 1 > ctx.opts.max_depth {
            ctx.add(
                m,
                "archive.depth",
                Severity::Medium,
                format!(
                    "`{}` is nested deeper than {} archives: not opened",
                    e.name, ctx.opts.max_depth
                ),
                Some(e.lho),
                None,
            );
            continue;
        }
        match e.method {
            0 => {
                if e.csize != e.usize_ {
                    ctx.add(
                        m,
                        "archive.header-mismatch",
                        Severity::High,
                        format!(
                            "stored member `{}` has different sizes {} and {}",
                            e.name, e.csize, e.usize_
                        ),
                        Some(e.lho),
                        None,
                    );
                }
                let sub = SubBlob {
                    inner: blob,
                    start: data_off,
                    len: e.csize,
                };
                if e.csize <= 64 << 20
                    && let Ok(bytes) = sub.head(e.csize)
                {
                    check_crc(ctx, m, e, &bytes);
                }
                ctx.scan_blob(&sub, m, &e.name, depth + 1);
            }
            8 => {
                let limit = ctx
                    .opts
                    .max_member_bytes
                    .min(ctx.opts.max_total_bytes.saturating_sub(ctx.inflated));
                let reader = BlobReader {
                    blob: &SubBlob {
                        inner: blob,
                        start: data_off,
                        len: e.csize,
                    },
                    pos: 0,
                };
                let mut out = Vec::new();
                let r = flate2::read::DeflateDecoder::new(reader)
                    .take(limit + 1)
                    .read_to_end(&mut out);
                ctx.inflated += out.len() as u64;
                if let Err(err) = r {
                    ctx.add(
                        m,
                        "archive.corrupt-stream",
                        Severity::High,
                        format!("`{}` does not inflate: {err}", e.name),
                        Some(data_off),
                        None,
                    );
                    continue;
                }
                if out.len() as u64 > limit {
                    ctx.add(
                        m,
                        "archive.bomb",
                        Severity::High,
                        format!(
                            "`{}` inflates past the {limit}-byte limit (decompression bomb?)",
                            e.name
                        ),
                        Some(e.lho),
                        None,
                    );
                    continue;
                }
                if out.len() as u64 != e.usize_ {
                    ctx.add(
                        m,
                        "archive.header-mismatch",
                        Severity::High,
                        format!(
                            "`{}` inflates to {} bytes, the directory says {}",
                            e.name,
                            out.len(),
                            e.usize_
                        ),
                        Some(e.lho),
                        None,
                    );
                }
                check_crc(ctx, m, e, &out);
                ctx.scan_blob(&MemBlob(&out), m, &e.name, depth + 1);
            }
            other => {
                ctx.add(
                    m,
                    "archive.unsupported-compression",
                    Severity::Medium,
                    format!(
                        "`{}` uses compression method {other}, which Moat does not open",
                        e.name
                    ),
                    Some(e.lho),
                    None,
                );
            }
        }
        if format == Format::Keras && e.name == "config.json" && e.usize_ <= 64 << 20 {
            // Read again (small) for the Keras checks.
            if let Some(bytes) = member_bytes(blob, e, data_off) {
                crate::formats::keras::check_config(ctx, m, &bytes);
            }
        }
    }
    if declared_total > ctx.opts.max_total_bytes {
        ctx.add(
            member,
            "archive.bomb",
            Severity::High,
            format!(
                "members declare {declared_total} bytes in total, above the {}-byte limit",
                ctx.opts.max_total_bytes
            ),
            None,
            None,
        );
    }
    ranges.sort();
    for w in ranges.windows(2) {
        if w[1].0 < w[0].1 {
            let a = &dir.entries[w[0].2].name;
            let b = &dir.entries[w[1].2].name;
            ctx.add(member, "archive.overlapping-entries", Severity::High, format!("members `{a}` and `{b}` share bytes (overlapping zip entries, a bomb or smuggling trick)"), Some(w[1].0), None);
        }
    }
    format
}

/// What a zip archive holds, from its member names (and a Keras config's shape).
fn flavour(blob: &dyn Blob, dir: &Directory) -> Format {
    let names: Vec<&str> = dir.entries.iter().map(|e| e.name.as_str()).collect();
    if names
        .iter()
        .any(|n| *n == "data.pkl" || n.ends_with("/data.pkl"))
    {
        Format::PytorchZip
    } else if names.contains(&"config.json")
        && (names.contains(&"metadata.json")
            || names.iter().any(|n| n.ends_with(".weights.h5"))
            || keras_config_in(blob, dir))
    {
        // Keras reads `config.json` whatever else the archive holds: a `.keras` file stripped
        // of its metadata and weights still deserialises the objects its config names.
        Format::Keras
    } else if !names.is_empty() && names.iter().all(|n| n.ends_with(".npy")) {
        Format::Npz
    } else {
        Format::Zip
    }
}

/// The flavour of a zip archive (PyTorch, Keras, NumPy or plain), without checking it.
pub(crate) fn zip_flavour(ctx: &mut Ctx<'_>, blob: &dyn Blob) -> Format {
    match read_directory(ctx, blob, None) {
        Ok(dir) => flavour(blob, &dir),
        Err(_) => Format::Zip,
    }
}

/// True when the archive's top-level `config.json` is a Keras model configuration (an object
/// with `class_name` and `config`).
fn keras_config_in(blob: &dyn Blob, dir: &Directory) -> bool {
    let Some(e) = dir.entries.iter().find(|e| e.name == "config.json") else {
        return false;
    };
    if e.usize_ > 64 << 20 {
        return false;
    }
    let Ok(lfh) = blob.read_vec(e.lho, 30) else {
        return false;
    };
    if le32(&lfh, 0) != LFH_SIG {
        return false;
    }
    let data_off = e.lho + 30 + u64::from(le16(&lfh, 26)) + u64::from(le16(&lfh, 28));
    let Some(bytes) = member_bytes(blob, e, data_off) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .is_some_and(|o| o.contains_key("class_name") && o.contains_key("config"))
}

fn member_bytes(blob: &dyn Blob, e: &Entry, data_off: u64) -> Option<Vec<u8>> {
    match e.method {
        0 => blob.read_vec(data_off, e.csize).ok(),
        8 => {
            let r = BlobReader {
                blob: &SubBlob {
                    inner: blob,
                    start: data_off,
                    len: e.csize,
                },
                pos: 0,
            };
            let mut out = Vec::new();
            flate2::read::DeflateDecoder::new(r)
                .take(64 << 20)
                .read_to_end(&mut out)
                .ok()?;
            Some(out)
        }
        _ => None,
    }
}

fn check_crc(ctx: &mut Ctx<'_>, m: Option<&str>, e: &Entry, bytes: &[u8]) {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    if crc.sum() != e.crc {
        ctx.add(
            m,
            "archive.bad-crc",
            Severity::High,
            format!(
                "`{}` has CRC {:08x}, the directory says {:08x}: content altered after packing",
                e.name,
                crc.sum(),
                e.crc
            ),
            Some(e.lho),
            None,
        );
    }
}

fn octal(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        // GNU base-256.
        let mut v: u64 = u64::from(field[0] & 0x7f);
        for b in &field[1..] {
            v = v.checked_mul(256)?.checked_add(u64::from(*b))?;
        }
        return Some(v);
    }
    let s: String = field
        .iter()
        .take_while(|b| **b != 0)
        .map(|b| *b as char)
        .collect();
    let s = s.trim();
    if s.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(s, 8).ok()
}

fn cstr(field: &[u8]) -> String {
    let end = field.iter().position(|b| *b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// Checks a tar archive and scans its regular files.
pub(crate) fn scan_tar(ctx: &mut Ctx<'_>, blob: &dyn Blob, member: Option<&str>, depth: u32) {
    let mut off = 0u64;
    let mut count = 0usize;
    let mut long_name: Option<String> = None;
    let mut pax_path: Option<String> = None;
    while off + 512 <= blob.len() {
        let Ok(h) = blob.read_vec(off, 512) else {
            break;
        };
        if h.iter().all(|b| *b == 0) {
            break;
        }
        count += 1;
        if count > ctx.opts.max_entries {
            ctx.add(
                member,
                "archive.too-many-entries",
                Severity::Medium,
                "too many tar entries: the rest are not checked",
                Some(off),
                None,
            );
            break;
        }
        let stored_sum = octal(&h[148..156]);
        let sum: u64 = h
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u64::from(*b)
                }
            })
            .sum();
        if stored_sum != Some(sum) {
            ctx.add(
                member,
                "archive.malformed",
                Severity::High,
                format!("tar header at offset {off} has a bad checksum"),
                Some(off),
                None,
            );
            return;
        }
        let Some(size) = octal(&h[124..136]) else {
            ctx.add(
                member,
                "archive.malformed",
                Severity::High,
                format!("tar header at offset {off} has a bad size"),
                Some(off),
                None,
            );
            return;
        };
        let kind = h[156];
        let mut name = cstr(&h[0..100]);
        let prefix = cstr(&h[345..500]);
        if &h[257..262] == b"ustar" && !prefix.is_empty() {
            name = format!("{prefix}/{name}");
        }
        if let Some(n) = long_name.take() {
            name = n;
        }
        if let Some(n) = pax_path.take() {
            name = n;
        }
        let data = off + 512;
        if data.saturating_add(size) > blob.len() {
            ctx.add(
                member,
                "archive.malformed",
                Severity::High,
                format!("tar member `{name}` runs past the end of the archive"),
                Some(off),
                None,
            );
            return;
        }
        let path = join(member, &name);
        let m = Some(path.as_str());
        match kind {
            b'L' | b'x' if size <= 1 << 20 => {
                let body = blob.read_vec(data, size).unwrap_or_default();
                if kind == b'L' {
                    long_name = Some(cstr(&body));
                } else {
                    let text = String::from_utf8_lossy(&body);
                    for line in text.lines() {
                        if let Some((_, kv)) = line.split_once(' ')
                            && let Some(p) = kv.strip_prefix("path=")
                        {
                            pax_path = Some(p.to_owned());
                        }
                    }
                }
            }
            b'1' | b'2' => {
                let target = cstr(&h[157..257]);
                let what = if kind == b'2' { "symbolic" } else { "hard" };
                let escapes = traversal(&target).is_some();
                ctx.add(
                    m,
                    "archive.symlink",
                    if escapes {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    format!("member `{name}` is a {what} link to `{target}`"),
                    Some(off),
                    Some(target),
                );
            }
            b'0' | 0 | b'7' => {
                if let Some(why) = traversal(&name) {
                    ctx.add(m, "archive.path-traversal", Severity::High, format!("member `{name}` has an {why}: extraction writes outside the target directory"), Some(off), Some(name.clone()));
                }
                if depth + 1 > ctx.opts.max_depth {
                    ctx.add(
                        m,
                        "archive.depth",
                        Severity::Medium,
                        format!("`{name}` is nested too deeply: not opened"),
                        Some(off),
                        None,
                    );
                } else {
                    let sub = SubBlob {
                        inner: blob,
                        start: data,
                        len: size,
                    };
                    ctx.scan_blob(&sub, m, &name, depth + 1);
                }
            }
            _ => {
                if let Some(why) = traversal(&name) {
                    ctx.add(
                        m,
                        "archive.path-traversal",
                        Severity::High,
                        format!("member `{name}` has an {why}"),
                        Some(off),
                        Some(name.clone()),
                    );
                }
            }
        }
        off = data + size.div_ceil(512) * 512;
    }
}
