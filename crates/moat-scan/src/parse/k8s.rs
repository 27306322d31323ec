//! Kubernetes manifests (multi-document YAML, or JSON): every object with `apiVersion` and `kind`.

use serde_json::Value;

use crate::model::{FileError, IacKind, Resource};

const MAX_OBJECTS: usize = 10_000;

/// True when the text plausibly holds Kubernetes objects (cheap pre-check before parsing).
pub fn looks_like(text: &str) -> bool {
    text.contains("apiVersion") && text.contains("kind")
}

/// Parse YAML text holding one or more Kubernetes objects.
pub fn parse_yaml(text: &str, file: &str) -> Result<Vec<Resource>, FileError> {
    // serde-saphyr's default budget bounds depth, nodes and alias expansion.
    let docs: Vec<Value> = serde_saphyr::from_multiple(text).map_err(|e| {
        let msg = e.to_string();
        FileError {
            file: file.to_owned(),
            line: yaml_error_line(&msg),
            reason: format!("invalid YAML: {}", msg.lines().next().unwrap_or("").trim()),
        }
    })?;
    Ok(from_docs(text, docs, file))
}

fn yaml_error_line(msg: &str) -> Option<usize> {
    let i = msg.find("line ")?;
    msg[i + 5..]
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Objects from already-parsed documents.
pub fn from_docs(text: &str, docs: Vec<Value>, file: &str) -> Vec<Resource> {
    let mut out = Vec::new();
    let mut cursor = 0;
    for d in docs {
        let items = if d.get("kind").and_then(Value::as_str) == Some("List") {
            d.get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        } else {
            vec![d]
        };
        for obj in items {
            if out.len() >= MAX_OBJECTS {
                return out;
            }
            let (Some(kind), Some(_)) = (
                obj.get("kind").and_then(Value::as_str),
                obj.get("apiVersion").and_then(Value::as_str),
            ) else {
                continue;
            };
            let name = obj
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let line = find_kind_line(text, kind, &mut cursor);
            out.push(Resource {
                iac: IacKind::Kubernetes,
                rtype: kind.to_owned(),
                name,
                body: obj,
                file: file.to_owned(),
                line,
                text: Default::default(),
            });
        }
    }
    out
}

fn find_kind_line(text: &str, kind: &str, cursor: &mut usize) -> usize {
    let from = (*cursor).min(text.len());
    let rest = text.get(from..).unwrap_or("");
    for pat in [
        format!("kind: {kind}"),
        format!("\"kind\": \"{kind}\""),
        format!("kind: \"{kind}\""),
    ] {
        if let Some(p) = rest.find(&pat) {
            *cursor = from + p + pat.len();
            return crate::model::line_of(text, from + p);
        }
    }
    1
}

/// Containers (and init containers) of a workload's pod template, or of a bare Pod.
pub fn containers(r: &Resource) -> Vec<&Value> {
    let spec = pod_spec(r);
    let mut out = Vec::new();
    if let Some(s) = spec {
        for key in ["containers", "initContainers"] {
            if let Some(a) = s.get(key).and_then(Value::as_array) {
                out.extend(a.iter());
            }
        }
    }
    out
}

/// The pod spec of a workload, a bare Pod, or a KServe predictor.
pub fn pod_spec(r: &Resource) -> Option<&Value> {
    let b = &r.body;
    match r.rtype.as_str() {
        "Pod" => b.get("spec"),
        "CronJob" => b.pointer("/spec/jobTemplate/spec/template/spec"),
        "InferenceService" => b.pointer("/spec/predictor"),
        _ => b.pointer("/spec/template/spec"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn multi_document_with_lines() {
        let src = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: vllm/vllm-openai:v0.6\n";
        let rs = parse_yaml(src, "k.yaml").unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[1].name, "vllm");
        assert_eq!(rs[1].line, 7);
        assert_eq!(containers(&rs[1]).len(), 1);
        assert!(parse_yaml("a: [\n", "x.yaml").is_err());
    }
}
