//! safetensors: an 8-byte header length, a JSON header, then tensor data. The data is never
//! read: only the header and the file length are checked.

use moat_core::Severity;

use crate::blob::Blob;
use crate::scanner::Ctx;

fn dtype_size(d: &str) -> Option<u64> {
    Some(match d {
        "BOOL" | "U8" | "I8" | "F8_E4M3" | "F8_E5M2" | "F8_E8M0" => 1,
        "U16" | "I16" | "F16" | "BF16" => 2,
        "U32" | "I32" | "F32" => 4,
        "U64" | "I64" | "F64" | "C64" => 8,
        _ => return None,
    })
}

pub(crate) fn scan(ctx: &mut Ctx<'_>, blob: &dyn Blob, member: Option<&str>) {
    let m = member;
    let Ok(n) = blob.read_vec(0, 8) else { return };
    let mut b = [0u8; 8];
    b.copy_from_slice(&n);
    let n = u64::from_le_bytes(b);
    if n > ctx.opts.max_header_bytes {
        ctx.add(
            m,
            "safetensors.header-size",
            Severity::High,
            format!(
                "header claims {n} bytes, above the {}-byte limit",
                ctx.opts.max_header_bytes
            ),
            Some(0),
            None,
        );
        return;
    }
    let header = match blob.read_vec(8, n) {
        Ok(h) => h,
        Err(_) => {
            ctx.add(
                m,
                "safetensors.header-size",
                Severity::High,
                format!("header of {n} bytes runs past the end of the file"),
                Some(0),
                None,
            );
            return;
        }
    };
    let json: serde_json::Value = match serde_json::from_slice(&header) {
        Ok(v) => v,
        Err(e) => {
            ctx.add(
                m,
                "safetensors.malformed",
                Severity::High,
                format!("header is not valid JSON: {e}"),
                Some(8 + e.column() as u64),
                None,
            );
            return;
        }
    };
    let Some(obj) = json.as_object() else {
        ctx.add(
            m,
            "safetensors.malformed",
            Severity::High,
            "header is not a JSON object",
            Some(8),
            None,
        );
        return;
    };
    let data_start = 8 + n;
    let data_len = blob.len() - data_start;
    let mut spans: Vec<(u64, u64, String)> = Vec::new();
    for (name, t) in obj {
        if name == "__metadata__" {
            let ok = t
                .as_object()
                .is_some_and(|o| o.values().all(|v| v.is_string()));
            if !ok {
                ctx.add(
                    m,
                    "safetensors.malformed",
                    Severity::Medium,
                    "`__metadata__` must map strings to strings",
                    Some(8),
                    None,
                );
            }
            continue;
        }
        let dtype = t.get("dtype").and_then(|v| v.as_str()).unwrap_or("");
        let shape: Option<Vec<u64>> = t
            .get("shape")
            .and_then(|v| v.as_array())
            .and_then(|a| a.iter().map(|d| d.as_u64()).collect());
        let offs: Option<Vec<u64>> = t
            .get("data_offsets")
            .and_then(|v| v.as_array())
            .and_then(|a| a.iter().map(|d| d.as_u64()).collect());
        let (Some(shape), Some(offs)) = (shape, offs) else {
            ctx.add(
                m,
                "safetensors.malformed",
                Severity::High,
                format!("tensor `{name}` lacks a valid shape or data_offsets"),
                Some(8),
                Some(name.clone()),
            );
            continue;
        };
        if offs.len() != 2 || offs[0] > offs[1] {
            ctx.add(
                m,
                "safetensors.bad-offsets",
                Severity::High,
                format!("tensor `{name}` has offsets {offs:?}"),
                Some(8),
                Some(name.clone()),
            );
            continue;
        }
        if offs[1] > data_len {
            ctx.add(
                m,
                "safetensors.bad-offsets",
                Severity::High,
                format!(
                    "tensor `{name}` ends at {} but the data section has {data_len} bytes",
                    offs[1]
                ),
                Some(data_start + offs[0]),
                Some(name.clone()),
            );
        }
        match dtype_size(dtype) {
            None => ctx.add(
                m,
                "safetensors.bad-dtype",
                Severity::High,
                format!("tensor `{name}` has unknown dtype `{dtype}`"),
                Some(8),
                Some(name.clone()),
            ),
            Some(sz) => {
                let want = shape.iter().try_fold(sz, |a, d| a.checked_mul(*d));
                if want != Some(offs[1] - offs[0]) {
                    ctx.add(m, "safetensors.size-mismatch", Severity::High, format!("tensor `{name}` of shape {shape:?} {dtype} needs {want:?} bytes, offsets give {}", offs[1] - offs[0]), Some(data_start + offs[0]), Some(name.clone()));
                }
            }
        }
        spans.push((offs[0], offs[1], name.clone()));
    }
    spans.sort();
    let mut end = 0u64;
    for (s, e, name) in &spans {
        if *s < end {
            ctx.add(
                m,
                "safetensors.overlap",
                Severity::High,
                format!("tensor `{name}` overlaps the previous tensor"),
                Some(data_start + s),
                Some(name.clone()),
            );
        } else if *s > end {
            ctx.add(
                m,
                "safetensors.gap",
                Severity::Medium,
                format!(
                    "{} unused bytes before tensor `{name}` (hidden data?)",
                    s - end
                ),
                Some(data_start + end),
                Some(name.clone()),
            );
        }
        end = end.max(*e);
    }
    if end < data_len {
        ctx.add(
            m,
            "safetensors.trailing-data",
            Severity::Medium,
            format!(
                "{} bytes after the last tensor (hidden data?)",
                data_len - end
            ),
            Some(data_start + end),
            None,
        );
    }
}
