//! A minimal protobuf wire-format reader, and the ONNX and TensorFlow SavedModel checks built on
//! it. Only the fields that matter are decoded; everything is bounds-checked.

use std::path::{Component, Path};

use moat_core::Severity;

use crate::blob::Blob;
use crate::detect::Format;
use crate::scanner::Ctx;

enum Val<'a> {
    Varint,
    Bytes(&'a [u8]),
    Fixed,
}

type R<T> = Result<T, (usize, String)>;

fn varint(b: &[u8], pos: &mut usize) -> R<u64> {
    let mut v: u64 = 0;
    for i in 0..10 {
        let Some(&c) = b.get(*pos) else {
            return Err((*pos, "truncated varint".into()));
        };
        *pos += 1;
        v |= u64::from(c & 0x7f) << (7 * i);
        if c & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err((*pos, "varint too long".into()))
}

/// The fields of one message, in order. `base` is the message's offset in the file.
fn fields(b: &[u8], base: usize) -> R<Vec<(u64, Val<'_>)>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        let at = pos;
        let tag = varint(b, &mut pos).map_err(|(p, m)| (base + p, m))?;
        let (field, wt) = (tag >> 3, tag & 7);
        if field == 0 {
            return Err((base + at, "field number 0".into()));
        }
        let v = match wt {
            0 => {
                varint(b, &mut pos).map_err(|(p, m)| (base + p, m))?;
                Val::Varint
            }
            1 | 5 => {
                let n = if wt == 1 { 8 } else { 4 };
                if pos + n > b.len() {
                    return Err((base + pos, "truncated fixed field".into()));
                }
                pos += n;
                Val::Fixed
            }
            2 => {
                let n = varint(b, &mut pos).map_err(|(p, m)| (base + p, m))?;
                let end = pos
                    .checked_add(n as usize)
                    .filter(|e| *e <= b.len() && n <= b.len() as u64)
                    .ok_or((
                        base + pos,
                        format!("field {field} length {n} runs past its message"),
                    ))?;
                let s = &b[pos..end];
                pos = end;
                Val::Bytes(s)
            }
            _ => return Err((base + at, format!("unsupported wire type {wt}"))),
        };
        out.push((field, v));
    }
    Ok(out)
}

fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// Recognises ONNX and SavedModel protobufs from their top-level fields.
pub(crate) fn sniff(head: &[u8], hint: &str) -> Option<Format> {
    if hint == "keras_metadata.pb" {
        return Some(Format::SavedModel);
    }
    // Protobuf fields may come in any order, and `onnx.load` or TensorFlow accept a file that
    // starts with its graph: the shape of the fields decides, not the first byte. Text parses as
    // protobuf surprisingly often, so the wire type of every field is checked and the graph (or
    // meta graph) must itself be made of the fields its message has.
    let top = top_fields(head)?;
    let nums: Vec<u64> = top.iter().map(|f| f.0).collect();
    let onnx_ok = top.iter().all(|(f, wt, _)| match f {
        1 | 5 => *wt == 0,
        2..=4 | 6..=8 | 14 | 20 | 25 => *wt == 2,
        _ => false,
    });
    if onnx_ok && nums.iter().any(|f| *f == 7 || *f == 8) {
        let graph_ok = top.iter().all(|(f, _, body)| match (f, body) {
            // GraphProto: node, name, initializer, doc, input, output, value_info, ...
            (7, Some(b)) => sub_fields_are(b, &[1, 2, 5, 10, 11, 12, 13, 14, 15, 16]),
            // OperatorSetIdProto: domain, version.
            (8, Some(b)) => fields(b, 0).is_ok_and(|v| v.iter().all(|(n, _)| matches!(n, 1 | 2))),
            _ => true,
        });
        if graph_ok && (head.first() == Some(&0x08) || nums.len() >= 2) {
            return Some(Format::Onnx);
        }
    }
    let saved_ok = top.iter().all(|(f, wt, _)| match f {
        1 => *wt == 0,
        2 => *wt == 2,
        _ => false,
    });
    if saved_ok && nums.contains(&2) && (hint.ends_with(".pb") || nums.len() >= 2) {
        // MetaGraphDef: meta_info_def, graph_def, saver_def, collection_def, signature_def,
        // asset_file_def, object_graph_def.
        let meta_ok = top.iter().all(|(f, _, body)| match (f, body) {
            (2, Some(b)) => sub_fields_are(b, &[1, 2, 3, 4, 5, 6, 7]),
            _ => true,
        });
        if meta_ok {
            return Some(Format::SavedModel);
        }
    }
    None
}

/// The top-level fields of a protobuf sample: number, wire type and, for complete
/// length-delimited fields, the body. A last field cut by the end of the sample is tolerated.
/// A top-level field: number, wire type, body when length-delimited and complete.
type TopField<'a> = (u64, u64, Option<&'a [u8]>);

fn top_fields(head: &[u8]) -> Option<Vec<TopField<'_>>> {
    let mut pos = 0;
    let mut out = Vec::new();
    while pos < head.len() {
        let tag = varint(head, &mut pos).ok()?;
        let (field, wt) = (tag >> 3, tag & 7);
        if field == 0 {
            return None;
        }
        match wt {
            0 => {
                if varint(head, &mut pos).is_err() {
                    // Cut in the middle of the value: fine only at the very end.
                    if pos < head.len() {
                        return None;
                    }
                }
                out.push((field, wt, None));
            }
            2 => {
                let n = usize::try_from(varint(head, &mut pos).ok()?).ok()?;
                let end = pos.saturating_add(n);
                let body = head.get(pos..end);
                out.push((field, wt, body));
                pos = end;
            }
            _ => return None,
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

/// True when `b` parses as a message whose fields are all length-delimited and numbered from
/// `allowed`.
fn sub_fields_are(b: &[u8], allowed: &[u64]) -> bool {
    let mut pos = 0;
    while pos < b.len() {
        let Ok(tag) = varint(b, &mut pos) else {
            return false;
        };
        if tag & 7 != 2 || !allowed.contains(&(tag >> 3)) {
            return false;
        }
        let Ok(n) = varint(b, &mut pos) else {
            return false;
        };
        let Some(end) = usize::try_from(n).ok().and_then(|n| pos.checked_add(n)) else {
            return false;
        };
        if end > b.len() {
            return false;
        }
        pos = end;
    }
    true
}

fn read_all(
    ctx: &mut Ctx<'_>,
    blob: &dyn Blob,
    member: Option<&str>,
    what: &str,
) -> Option<Vec<u8>> {
    if blob.len() > ctx.opts.max_member_bytes {
        ctx.add(
            member,
            "model.too-large",
            Severity::Medium,
            format!(
                "{what} of {} bytes exceeds the {}-byte limit: not checked",
                blob.len(),
                ctx.opts.max_member_bytes
            ),
            None,
            None,
        );
        return None;
    }
    match blob.read_vec(0, blob.len()) {
        Ok(v) => Some(v),
        Err(e) => {
            ctx.add(
                member,
                "io.read",
                Severity::Medium,
                format!("cannot read {what}: {e}"),
                None,
                None,
            );
            None
        }
    }
}

const STANDARD_DOMAINS: &[&str] = &[
    "",
    "ai.onnx",
    "ai.onnx.ml",
    "ai.onnx.training",
    "ai.onnx.preview.training",
    "com.microsoft",
    "com.microsoft.nchwc",
    "com.microsoft.experimental",
    "ai.onnx.contrib",
];

struct Onnx<'c, 'o> {
    ctx: &'c mut Ctx<'o>,
    member: Option<String>,
    file: &'c [u8],
    local_domains: Vec<String>,
    custom: Vec<(String, String, usize)>,
}

pub(crate) fn scan_onnx(ctx: &mut Ctx<'_>, blob: &dyn Blob, member: Option<&str>) {
    let Some(data) = read_all(ctx, blob, member, "ONNX model") else {
        return;
    };
    let mut o = Onnx {
        ctx,
        member: member.map(str::to_owned),
        file: &data,
        local_domains: Vec::new(),
        custom: Vec::new(),
    };
    if let Err((off, msg)) = o.model(&data) {
        let m = o.member.clone();
        o.ctx.add(
            m.as_deref(),
            "onnx.malformed",
            Severity::High,
            format!("ONNX protobuf is broken at offset {off}: {msg}"),
            Some(off as u64),
            None,
        );
    }
    let custom = std::mem::take(&mut o.custom);
    let local = std::mem::take(&mut o.local_domains);
    let m = o.member.clone();
    let mut reported = std::collections::BTreeSet::new();
    for (domain, op, off) in custom {
        if local.contains(&domain) || !reported.insert((domain.clone(), op.clone())) {
            continue;
        }
        o.ctx.add(m.as_deref(), "onnx.custom-operator", Severity::Medium, format!("operator `{op}` from custom domain `{domain}`: needs a native library registered at load time"), Some(off as u64), Some(format!("{domain}::{op}")));
    }
}

impl Onnx<'_, '_> {
    fn model(&mut self, b: &[u8]) -> R<()> {
        for (f, v) in fields(b, 0)? {
            if let Val::Bytes(s) = v {
                match f {
                    7 => self.graph(s, 0)?,
                    25 => self.function(s)?,
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn function(&mut self, b: &[u8]) -> R<()> {
        let base = offset_in(self.file, b);
        for (f, v) in fields(b, base)? {
            match (f, v) {
                (7, Val::Bytes(s)) => self.node(s, 1)?,
                (10, Val::Bytes(s)) => self
                    .local_domains
                    .push(String::from_utf8_lossy(s).into_owned()),
                _ => {}
            }
        }
        Ok(())
    }

    fn graph(&mut self, b: &[u8], depth: u32) -> R<()> {
        if depth > 32 {
            return Err((
                offset_in(self.file, b),
                "subgraphs nested too deeply".into(),
            ));
        }
        let base = offset_in(self.file, b);
        for (f, v) in fields(b, base)? {
            if let Val::Bytes(s) = v {
                match f {
                    1 => self.node(s, depth)?,
                    5 => self.tensor(s)?,
                    15 => {
                        for (sf, sv) in fields(s, offset_in(self.file, s))? {
                            if let (1 | 2, Val::Bytes(t)) = (sf, sv) {
                                self.tensor(t)?;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn node(&mut self, b: &[u8], depth: u32) -> R<()> {
        let base = offset_in(self.file, b);
        let mut op = String::new();
        let mut domain = String::new();
        for (f, v) in fields(b, base)? {
            match (f, v) {
                (4, Val::Bytes(s)) => op = String::from_utf8_lossy(s).into_owned(),
                (7, Val::Bytes(s)) => domain = String::from_utf8_lossy(s).into_owned(),
                (5, Val::Bytes(attr)) => {
                    for (af, av) in fields(attr, offset_in(self.file, attr))? {
                        match (af, av) {
                            (6 | 11, Val::Bytes(g)) => self.graph(g, depth + 1)?,
                            (5 | 10, Val::Bytes(t)) => self.tensor(t)?,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        if !STANDARD_DOMAINS.contains(&domain.as_str()) {
            self.custom.push((domain, op, base));
        }
        Ok(())
    }

    fn tensor(&mut self, b: &[u8]) -> R<()> {
        let base = offset_in(self.file, b);
        let mut name = String::new();
        for (f, v) in fields(b, base)? {
            match (f, v) {
                (8, Val::Bytes(s)) => name = String::from_utf8_lossy(s).into_owned(),
                (13, Val::Bytes(entry)) => {
                    let mut key = String::new();
                    let mut value = String::new();
                    for (ef, ev) in fields(entry, offset_in(self.file, entry))? {
                        match (ef, ev) {
                            (1, Val::Bytes(s)) => key = String::from_utf8_lossy(s).into_owned(),
                            (2, Val::Bytes(s)) => value = String::from_utf8_lossy(s).into_owned(),
                            _ => {}
                        }
                    }
                    if key == "location" {
                        self.location(&name, &value, base);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn location(&mut self, tensor: &str, loc: &str, off: usize) {
        let m = self.member.clone();
        let p = Path::new(loc);
        // Windows forms too (`C:\x`, `C:/x`, `\\server\share`, `\x`, `..\x`): the model may be
        // loaded on Windows, whatever machine scans it.
        let escapes = p.is_absolute()
            || crate::archive::traversal(loc).is_some()
            || loc.starts_with('\\')
            || p.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if escapes {
            self.ctx.add(m.as_deref(), "onnx.external-data-escape", Severity::High, format!("initializer `{tensor}` reads external data from `{loc}`, outside the model directory"), Some(off as u64), Some(loc.to_owned()));
            return;
        }
        // Inside the directory by name; a symbolic link can still lead out.
        if m.is_none()
            && let Some(dir) = self.ctx.base_dir.clone()
        {
            let full = dir.join(p);
            if let (Ok(real), Ok(root)) = (full.canonicalize(), dir.canonicalize())
                && !real.starts_with(&root)
            {
                self.ctx.add(None, "onnx.external-data-escape", Severity::High, format!("initializer `{tensor}` external data `{loc}` resolves to `{}`, outside the model directory", real.display()), Some(off as u64), Some(loc.to_owned()));
            }
        }
    }
}

const FILE_OPS: &[&str] = &[
    "ReadFile",
    "WriteFile",
    "MatchingFiles",
    "Save",
    "SaveSlices",
    "ShardedFilespec",
];
const CODE_OPS: &[&str] = &["PyFunc", "PyFuncStateless", "EagerPyFunc"];

pub(crate) fn scan_saved_model(ctx: &mut Ctx<'_>, blob: &dyn Blob, member: Option<&str>) {
    let Some(data) = read_all(ctx, blob, member, "SavedModel") else {
        return;
    };
    let mut ops: Vec<(String, usize)> = Vec::new();
    let r = (|| -> R<()> {
        for (f, v) in fields(&data, 0)? {
            if let (2, Val::Bytes(mg)) = (f, v) {
                for (mf, mv) in fields(mg, offset_in(&data, mg))? {
                    if let (2, Val::Bytes(gd)) = (mf, mv) {
                        for (gf, gv) in fields(gd, offset_in(&data, gd))? {
                            match (gf, gv) {
                                (1, Val::Bytes(node)) => node_op(&data, node, &mut ops)?,
                                (2, Val::Bytes(lib)) => {
                                    for (lf, lv) in fields(lib, offset_in(&data, lib))? {
                                        if let (1, Val::Bytes(func)) = (lf, lv) {
                                            for (ff, fv) in fields(func, offset_in(&data, func))? {
                                                if let (3, Val::Bytes(node)) = (ff, fv) {
                                                    node_op(&data, node, &mut ops)?;
                                                }
                                            }
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    })();
    let is_metadata = data.first() != Some(&0x08);
    if let Err((off, msg)) = r
        && !is_metadata
    {
        ctx.add(
            member,
            "tf.malformed",
            Severity::High,
            format!("SavedModel protobuf is broken at offset {off}: {msg}"),
            Some(off as u64),
            None,
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for (op, off) in ops {
        if !seen.insert(op.clone()) {
            continue;
        }
        if CODE_OPS.contains(&op.as_str()) {
            ctx.add(
                member,
                "tf.dangerous-op",
                Severity::Critical,
                format!("graph uses `{op}`, which calls back into Python code"),
                Some(off as u64),
                Some(op),
            );
        } else if FILE_OPS.contains(&op.as_str())
            && op != "Save"
            && op != "SaveSlices"
            && op != "ShardedFilespec"
        {
            ctx.add(
                member,
                "tf.dangerous-op",
                Severity::High,
                format!("graph uses `{op}`, which reads or writes files at inference time"),
                Some(off as u64),
                Some(op),
            );
        }
    }
    crate::formats::keras::scan_lambda_bytes(ctx, member, &data);
}

fn node_op(file: &[u8], node: &[u8], ops: &mut Vec<(String, usize)>) -> R<()> {
    let base = offset_in(file, node);
    for (f, v) in fields(node, base)? {
        if let (2, Val::Bytes(s)) = (f, v) {
            ops.push((String::from_utf8_lossy(s).into_owned(), base));
        }
    }
    Ok(())
}
