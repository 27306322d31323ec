//! Keras: the `.keras` zip's `config.json`, and the `model_config` JSON attribute of legacy HDF5
//! files. A `Lambda` layer carries marshalled Python bytecode; custom objects name modules that
//! are imported when the model loads.

use moat_core::Severity;
use serde_json::Value;

use crate::blob::Blob;
use crate::policy::{Judgement, judge_callable};
use crate::scanner::Ctx;

/// Checks a Keras model configuration (JSON).
pub(crate) fn check_config(ctx: &mut Ctx<'_>, m: Option<&str>, bytes: &[u8]) {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => walk(ctx, m, &v, 0),
        Err(e) => ctx.add(
            m,
            "keras.malformed",
            Severity::Medium,
            format!("config is not valid JSON: {e}"),
            None,
            None,
        ),
    }
}

fn walk(ctx: &mut Ctx<'_>, m: Option<&str>, v: &Value, depth: u32) {
    if depth > 100 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk(ctx, m, x, depth + 1)),
        Value::Object(o) => {
            let class = o.get("class_name").and_then(Value::as_str).unwrap_or("");
            let module = o.get("module").and_then(Value::as_str).unwrap_or("");
            if class == "Lambda" || class == "__lambda__" {
                let name = o
                    .get("config")
                    .and_then(|c| c.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or("?");
                ctx.add(m, "keras.lambda-layer", Severity::Critical, format!("Lambda layer `{name}` carries Python bytecode that runs when the model is loaded or called"), None, Some(format!("Lambda:{name}")));
            } else if !module.is_empty() && !class.is_empty() {
                let known = ["keras", "tensorflow", "tf_keras"]
                    .iter()
                    .any(|p| module == *p || module.starts_with(&format!("{p}.")));
                let attr = if class == "function" {
                    o.get("config").and_then(Value::as_str).unwrap_or(class)
                } else {
                    class
                };
                let judged = match keras_dangerous(module, attr) {
                    Some(why) => Judgement::Dangerous(why),
                    None => judge_callable(module, attr),
                };
                match judged {
                    Judgement::Dangerous(why) => ctx.add(
                        m,
                        "keras.dangerous-object",
                        Severity::Critical,
                        format!("config deserialises `{module}.{attr}`: {why}"),
                        None,
                        Some(format!("{module}.{attr}")),
                    ),
                    _ if !known => ctx.add(
                        m,
                        "keras.custom-object",
                        Severity::Medium,
                        format!(
                            "config needs custom object `{module}.{attr}`, imported at load time"
                        ),
                        None,
                        Some(format!("{module}.{attr}")),
                    ),
                    _ => {}
                }
            }
            if let Some(reg) = o.get("registered_name").and_then(Value::as_str)
                && reg.contains('>')
                && !reg.starts_with("keras")
            {
                ctx.add(
                    m,
                    "keras.custom-object",
                    Severity::Medium,
                    format!("config needs registered custom object `{reg}`"),
                    None,
                    Some(reg.to_owned()),
                );
            }
            o.values().for_each(|x| walk(ctx, m, x, depth + 1));
        }
        _ => {}
    }
}

/// Keras's own functions that a configuration can name and that reach outside the model, even
/// with `safe_mode` on: `get_file` downloads and writes files (CVE-2025-8747),
/// `enable_unsafe_deserialization` turns `safe_mode` off for what follows (CVE-2025-9906),
/// loaders pull in further files, TensorFlow's file and Python-callback ops.
fn keras_dangerous(module: &str, attr: &str) -> Option<&'static str> {
    let keras_like = ["keras", "tensorflow", "tf_keras", "tf"]
        .iter()
        .any(|p| module == *p || module.starts_with(&format!("{p}.")));
    if !keras_like {
        return None;
    }
    let last = attr.rsplit('.').next().unwrap_or(attr);
    match last {
        "get_file" | "download" => Some("downloads a file and writes it to disk"),
        "enable_unsafe_deserialization" => Some("turns safe_mode off for the rest of the load"),
        "load_model" | "load_weights" | "load" | "model_from_json" | "model_from_yaml" => {
            Some("loads further files, with their own code")
        }
        "py_function" | "py_func" | "numpy_function" => Some("runs Python code"),
        "read_file" | "write_file" | "ReadFile" | "WriteFile" => Some("reads or writes files"),
        _ if module.contains(".io.gfile") || module.ends_with(".gfile") => {
            Some("reads or writes files")
        }
        _ if module.contains("file_utils") || module.contains("script_ops") => {
            Some("reaches files or Python code")
        }
        _ => None,
    }
}

/// Finds `"class_name": "Lambda"` in raw bytes (HDF5 attributes, SavedModel metadata).
pub(crate) fn scan_lambda_bytes(ctx: &mut Ctx<'_>, m: Option<&str>, data: &[u8]) {
    for pat in [
        &b"\"class_name\": \"Lambda\""[..],
        b"\"class_name\":\"Lambda\"",
    ] {
        if let Some(p) = data.windows(pat.len()).position(|w| w == pat) {
            ctx.add(m, "keras.lambda-layer", Severity::Critical, "Lambda layer: carries Python bytecode that runs when the model is loaded or called", Some(p as u64), Some("Lambda".into()));
            return;
        }
    }
}

/// Legacy HDF5 Keras files: the model configuration is a JSON string attribute. Rather than
/// implement HDF5, every embedded `{"class_name": ...}` JSON document is parsed and checked.
pub(crate) fn scan_hdf5(ctx: &mut Ctx<'_>, blob: &dyn Blob, m: Option<&str>) {
    let n = blob.len().min(ctx.opts.max_member_bytes);
    let Ok(data) = blob.read_vec(0, n) else {
        ctx.add(
            m,
            "io.read",
            Severity::Medium,
            "cannot read HDF5 file",
            None,
            None,
        );
        return;
    };
    let before = ctx.findings.len();
    let pat = b"{\"class_name\"";
    let mut i = 0;
    let mut docs = 0;
    while let Some(p) = data[i..].windows(pat.len()).position(|w| w == pat) {
        let start = i + p;
        let mut it = serde_json::Deserializer::from_slice(&data[start..]).into_iter::<Value>();
        match it.next() {
            Some(Ok(v)) => {
                walk(ctx, m, &v, 0);
                docs += 1;
                i = start + it.byte_offset().max(1);
            }
            _ => i = start + 1,
        }
        if docs > 64 {
            break;
        }
    }
    if ctx.findings.len() == before {
        scan_lambda_bytes(ctx, m, &data);
    }
}
