//! GGUF (llama.cpp): header, metadata key/values and tensor infos are checked; tensor data is
//! never read. `tokenizer.chat_template` is a Jinja template rendered at inference time, so it
//! is checked for sandbox-escape patterns.

use moat_core::Severity;

use crate::blob::Blob;
use crate::scanner::Ctx;

/// A buffered little-endian reader: metadata is many tiny fields.
struct Reader<'a> {
    blob: &'a dyn Blob,
    pos: u64,
    buf: Vec<u8>,
    buf_start: u64,
}

type R<T> = Result<T, (u64, String)>;

impl<'a> Reader<'a> {
    fn fill(&mut self, need: usize) -> R<()> {
        let in_buf = self.pos >= self.buf_start
            && self.pos + need as u64 <= self.buf_start + self.buf.len() as u64;
        if in_buf {
            return Ok(());
        }
        let len = (need.max(1 << 20) as u64).min(self.blob.len().saturating_sub(self.pos));
        if len < need as u64 {
            return Err((self.pos, format!("needs {need} bytes, the file ends first")));
        }
        self.buf = self
            .blob
            .read_vec(self.pos, len)
            .map_err(|e| (self.pos, e.to_string()))?;
        self.buf_start = self.pos;
        Ok(())
    }
    fn bytes(&mut self, n: usize) -> R<&[u8]> {
        self.fill(n)?;
        let s = (self.pos - self.buf_start) as usize;
        self.pos += n as u64;
        Ok(&self.buf[s..s + n])
    }
    fn u32(&mut self) -> R<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> R<u64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn len(&mut self, v1: bool) -> R<u64> {
        if v1 {
            self.u32().map(u64::from)
        } else {
            self.u64()
        }
    }
    fn skip(&mut self, n: u64) -> R<()> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|e| *e <= self.blob.len())
            .ok_or((self.pos, format!("skipping {n} bytes runs past the end")))?;
        self.pos = end;
        Ok(())
    }
    fn string(&mut self, v1: bool, keep: usize) -> R<String> {
        let at = self.pos;
        let n = self.len(v1)?;
        if n > self.blob.len() - self.pos {
            return Err((at, format!("string of {n} bytes runs past the end")));
        }
        if n as usize > keep {
            self.skip(n)?;
            return Ok(String::new());
        }
        let b = self.bytes(n as usize)?;
        Ok(String::from_utf8_lossy(b).into_owned())
    }
}

const MAX_TEMPLATE: usize = 1 << 20;

fn scalar_size(t: u32) -> Option<u64> {
    Some(match t {
        0 | 1 | 7 => 1,
        2 | 3 => 2,
        4..=6 => 4,
        10..=12 => 8,
        _ => return None,
    })
}

pub(crate) fn scan(ctx: &mut Ctx<'_>, blob: &dyn Blob, member: Option<&str>) {
    if let Err((off, msg)) = scan_inner(ctx, blob, member) {
        ctx.add(
            member,
            "gguf.malformed",
            Severity::High,
            format!("GGUF structure is broken at offset {off}: {msg}"),
            Some(off),
            None,
        );
    }
}

fn scan_inner(ctx: &mut Ctx<'_>, blob: &dyn Blob, m: Option<&str>) -> R<()> {
    let mut r = Reader {
        blob,
        pos: 4,
        buf: Vec::new(),
        buf_start: 0,
    };
    let version = r.u32()?;
    if !(1..=3).contains(&version) {
        return Err((4, format!("unsupported version {version}")));
    }
    let v1 = version == 1;
    let n_tensors = r.len(v1)?;
    let n_kv = r.len(v1)?;
    if n_tensors > 1 << 20 || n_kv > 1 << 20 {
        return Err((
            8,
            format!("{n_tensors} tensors and {n_kv} keys exceed the limits"),
        ));
    }
    let mut alignment: u64 = 32;
    for _ in 0..n_kv {
        let kat = r.pos;
        let key = r.string(v1, 4096)?;
        let t = r.u32()?;
        if key == "tokenizer.chat_template" || key.starts_with("tokenizer.chat_template.") {
            if t != 8 {
                return Err((kat, format!("`{key}` is not a string")));
            }
            let vat = r.pos;
            let len = r.len(v1)?;
            r.pos = vat;
            if len > MAX_TEMPLATE as u64 {
                // Too large to check is not clean: a template this size hides anything.
                ctx.add(
                    m,
                    "gguf.template-too-large",
                    Severity::High,
                    format!(
                        "`{key}` is {len} bytes, above the {MAX_TEMPLATE}-byte limit: not checked"
                    ),
                    Some(vat),
                    Some(key.clone()),
                );
            }
            let tpl = r.string(v1, MAX_TEMPLATE)?;
            check_template(ctx, m, &key, &tpl, vat);
            continue;
        }
        if key == "general.alignment" && t == 4 {
            alignment = u64::from(r.u32()?);
            if alignment == 0 || !alignment.is_power_of_two() {
                ctx.add(
                    m,
                    "gguf.bad-alignment",
                    Severity::High,
                    format!("general.alignment {alignment} is not a power of two"),
                    Some(kat),
                    None,
                );
                alignment = 32;
            }
            continue;
        }
        skip_value(&mut r, t, v1, 0)?;
    }
    let mut infos = Vec::new();
    for _ in 0..n_tensors {
        let at = r.pos;
        let name = r.string(v1, 4096)?;
        let nd = r.u32()?;
        if nd > 4 {
            return Err((
                at,
                format!("tensor `{name}` has {nd} dimensions (at most 4)"),
            ));
        }
        let mut elems: u64 = 1;
        for _ in 0..nd {
            let d = r.len(v1)?;
            elems = elems
                .checked_mul(d)
                .ok_or((at, format!("tensor `{name}` size overflows")))?;
        }
        let ty = r.u32()?;
        let off = r.u64()?;
        infos.push((name, elems, ty, off, at));
    }
    let data_start = r.pos.div_ceil(alignment) * alignment;
    let data_len = blob.len().saturating_sub(data_start);
    let mut spans = Vec::new();
    for (name, elems, ty, off, at) in infos {
        if ty > 41 {
            ctx.add(
                m,
                "gguf.bad-type",
                Severity::High,
                format!("tensor `{name}` has unknown type {ty}"),
                Some(at),
                Some(name.clone()),
            );
        }
        if off % alignment != 0 {
            ctx.add(
                m,
                "gguf.bad-offset",
                Severity::High,
                format!("tensor `{name}` offset {off} is not aligned to {alignment}"),
                Some(at),
                Some(name.clone()),
            );
        }
        if off > data_len {
            ctx.add(
                m,
                "gguf.bad-offset",
                Severity::High,
                format!("tensor `{name}` starts at {off}, past the {data_len}-byte data section"),
                Some(at),
                Some(name.clone()),
            );
        }
        let _ = elems;
        spans.push((off, name));
    }
    spans.sort();
    for w in spans.windows(2) {
        if w[0].0 == w[1].0 {
            ctx.add(
                m,
                "gguf.overlap",
                Severity::High,
                format!(
                    "tensors `{}` and `{}` share offset {}",
                    w[0].1, w[1].1, w[0].0
                ),
                None,
                Some(w[1].1.clone()),
            );
        }
    }
    Ok(())
}

fn skip_value(r: &mut Reader<'_>, t: u32, v1: bool, depth: u32) -> R<()> {
    let at = r.pos;
    if let Some(sz) = scalar_size(t) {
        return r.skip(sz);
    }
    match t {
        8 => {
            let n = r.len(v1)?;
            r.skip(n)
        }
        9 => {
            if depth > 2 {
                return Err((at, "arrays nested too deeply".into()));
            }
            let et = r.u32()?;
            let n = r.len(v1)?;
            if let Some(sz) = scalar_size(et) {
                let total = n
                    .checked_mul(sz)
                    .ok_or((at, "array size overflows".to_owned()))?;
                return r.skip(total);
            }
            if n > r.blob.len() {
                return Err((at, format!("array of {n} items cannot fit in the file")));
            }
            for _ in 0..n {
                skip_value(r, et, v1, depth + 1)?;
            }
            Ok(())
        }
        _ => Err((at, format!("unknown value type {t}"))),
    }
}

/// Jinja sandbox escapes reach Python objects through dunder attributes or `attr` filters.
fn check_template(ctx: &mut Ctx<'_>, m: Option<&str>, key: &str, tpl: &str, at: u64) {
    let lower = tpl.to_ascii_lowercase();
    const CRITICAL: &[&str] = &[
        "__class__",
        "__mro__",
        "__subclasses__",
        "__globals__",
        "__builtins__",
        "__import__",
        "__init__",
        "__base__",
        "__dict__",
        "__getattribute__",
        "os.popen",
        "os.system",
        "subprocess",
        "eval(",
        "exec(",
    ];
    // Escapes and tricks that build `__` without writing it: `\x5f`, `\u005f`,
    // `\U0000005f`, octal `\137`, `\N{LOW LINE}`, `'_'*2`, `'%c'|format(95)`, `|join` of
    // underscores, `~` concatenation of underscores.
    const HIGH: &[&str] = &[
        "|attr(",
        "| attr(",
        "\\x5f",
        "\\u005f",
        "\\u0000005f",
        "\\137",
        "\\n{low line}",
        "lipsum",
        "cycler",
        "joiner",
        "namespace.",
        "request.application",
        "|map(attribute='_",
        "'_'",
        "\"_\"",
        "'%c'",
        "\"%c\"",
        "|format(95",
        "__",
    ];
    for p in CRITICAL {
        if lower.contains(p) {
            ctx.add(m, "gguf.template-injection", Severity::Critical, format!("`{key}` contains `{p}`: Jinja sandbox escape, runs code when the template is rendered"), Some(at), Some((*p).to_owned()));
            return;
        }
    }
    for p in HIGH {
        if lower.contains(p) {
            ctx.add(
                m,
                "gguf.template-injection",
                Severity::High,
                format!("`{key}` contains `{p}`: reaches Python internals from the chat template"),
                Some(at),
                Some((*p).to_owned()),
            );
            return;
        }
    }
}
