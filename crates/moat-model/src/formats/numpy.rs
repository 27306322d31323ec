//! NumPy `.npy`: the header is a Python dict literal; object arrays are pickles.

use moat_core::Severity;

use crate::blob::{Blob, Cursor, MemBlob};
use crate::scanner::Ctx;

pub(crate) fn scan_npy(ctx: &mut Ctx<'_>, blob: &dyn Blob, member: Option<&str>, depth: u32) {
    let mut c = Cursor::new(blob, 6);
    let parsed = (|| -> std::io::Result<(u8, u64)> {
        let major = c.u8()?;
        let _minor = c.u8()?;
        let hlen = if major == 1 {
            u64::from(c.u16()?)
        } else {
            u64::from(c.u32()?)
        };
        Ok((major, hlen))
    })();
    let (major, hlen) = match parsed {
        Ok(v) => v,
        Err(e) => {
            ctx.add(
                member,
                "numpy.malformed",
                Severity::Medium,
                format!("npy header truncated: {e}"),
                Some(6),
                None,
            );
            return;
        }
    };
    if !(1..=3).contains(&major) || hlen > 1 << 20 {
        ctx.add(
            member,
            "numpy.malformed",
            Severity::Medium,
            format!("npy version {major} with a {hlen}-byte header is not valid"),
            Some(6),
            None,
        );
        return;
    }
    let header = match c.vec(hlen) {
        Ok(h) => String::from_utf8_lossy(&h).into_owned(),
        Err(e) => {
            ctx.add(
                member,
                "numpy.malformed",
                Severity::Medium,
                format!("npy header truncated: {e}"),
                Some(c.pos),
                None,
            );
            return;
        }
    };
    let data_off = c.pos;
    let descr = field(&header, "descr").unwrap_or_default();
    let object = descr.contains("'O") || descr.contains("'|O") || descr.contains("\"O");
    if object {
        ctx.add(
            member,
            "numpy.object-array",
            Severity::Info,
            "object array: `numpy.load` needs allow_pickle=True and unpickles it",
            Some(data_off),
            None,
        );
        let n = (blob.len() - data_off).min(ctx.opts.max_pickle_bytes);
        match blob.read_vec(data_off, n) {
            Ok(d) => ctx.scan_pickle_bytes(&d, member, false, depth),
            Err(e) => ctx.add(
                member,
                "io.read",
                Severity::Medium,
                format!("cannot read object array: {e}"),
                Some(data_off),
                None,
            ),
        }
        return;
    }
    // Plain arrays: the data must be exactly shape x itemsize.
    let shape = field(&header, "shape").unwrap_or_default();
    let dims: Option<Vec<u64>> = shape
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('L').parse().ok())
        .collect();
    let item = crate::pickle::itemsize(descr.trim_matches(|c| c == '\'' || c == '"'));
    if let (Some(dims), Some(item)) = (dims, item) {
        let want = dims.iter().try_fold(item, |a, d| a.checked_mul(*d));
        let have = blob.len() - data_off;
        match want {
            Some(w) if w == have => {}
            Some(w) if w < have => {
                ctx.add(
                    member,
                    "numpy.trailing-data",
                    Severity::Medium,
                    format!("{} bytes follow the array data", have - w),
                    Some(data_off + w),
                    None,
                );
                let rest = blob
                    .read_vec(data_off + w, (have - w).min(crate::scanner::SNIFF_BYTES))
                    .unwrap_or_default();
                if crate::pickle::looks_like_pickle(&rest) {
                    let all = blob
                        .read_vec(data_off + w, (have - w).min(ctx.opts.max_pickle_bytes))
                        .unwrap_or_default();
                    ctx.scan_blob(&MemBlob(&all), member, "", depth + 1);
                }
            }
            _ => ctx.add(
                member,
                "numpy.truncated",
                Severity::Medium,
                format!("array needs {want:?} bytes, file has {have}"),
                Some(data_off),
                None,
            ),
        }
    }
}

/// The text of `'key': value` in a Python dict literal (value up to the matching close).
fn field(header: &str, key: &str) -> Option<String> {
    let k = header
        .find(&format!("'{key}'"))
        .or_else(|| header.find(&format!("\"{key}\"")))?;
    let rest = &header[k + key.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (i, ch) in rest.char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(ch),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => {
                if depth == 0 {
                    return Some(rest[..i].trim().to_owned());
                }
                depth -= 1;
            }
            (None, ',') if depth == 0 => return Some(rest[..i].trim().to_owned()),
            _ => {}
        }
    }
    None
}
