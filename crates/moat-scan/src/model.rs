//! The one resource model every IaC parser produces and every posture rule reads.

use serde::Serialize;
use serde_json::Value;

/// Which language a resource was declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IacKind {
    /// Azure Resource Manager JSON template.
    Arm,
    /// Bicep.
    Bicep,
    /// Terraform HCL.
    Terraform,
    /// Kubernetes manifest (YAML or JSON).
    Kubernetes,
}

impl IacKind {
    /// Lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            IacKind::Arm => "arm",
            IacKind::Bicep => "bicep",
            IacKind::Terraform => "terraform",
            IacKind::Kubernetes => "kubernetes",
        }
    }
}

/// One declared resource.
///
/// For ARM and Bicep, `body` is the resource object (`name`, `kind`, `sku`, `identity`,
/// `properties`, ...). For Terraform it is the block body (attributes and nested blocks; a nested
/// block that appears more than once becomes an array). For Kubernetes it is the whole manifest.
/// Values that could not be resolved statically are strings of the form `${expression}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    /// Source language.
    pub iac: IacKind,
    /// Resource type: `Microsoft.CognitiveServices/accounts`, `azurerm_cognitive_account`,
    /// `apps/v1/Deployment` (Kubernetes `apiVersion/kind`).
    #[serde(rename = "type")]
    pub rtype: String,
    /// The name rules and fixtures refer to: the Bicep symbol, the Terraform label, the ARM `name`
    /// value, or the Kubernetes `metadata.name`.
    pub name: String,
    /// Properties, JSON-like.
    pub body: Value,
    /// File, relative to the scan root, with `/` separators.
    pub file: String,
    /// 1-based line of the declaration.
    pub line: usize,
    /// `body` as JSON text, made once on first use by [`Resource::text`].
    #[serde(skip)]
    pub(crate) text: std::sync::OnceLock<String>,
}

/// True when a value is an expression the parser could not resolve.
pub fn is_unresolved(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.starts_with("${"))
}

/// Wrap an unresolved expression.
pub fn unresolved(expr: &str) -> Value {
    let mut s = String::with_capacity(expr.len() + 3);
    s.push_str("${");
    s.push_str(expr.chars().take(200).collect::<String>().as_str());
    s.push('}');
    Value::String(s)
}

impl Resource {
    /// The body as compact JSON text, for rules that look for a reference anywhere in it.
    /// Computed once: rules over every pair of resources would otherwise serialise bodies
    /// again and again.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| self.body.to_string())
    }

    /// Case-insensitive type comparison.
    pub fn is(&self, rtype: &str) -> bool {
        self.rtype.eq_ignore_ascii_case(rtype)
    }

    /// True for ARM or Bicep resources of this Azure type.
    pub fn is_azure(&self, rtype: &str) -> bool {
        matches!(self.iac, IacKind::Arm | IacKind::Bicep) && self.is(rtype)
    }

    /// True for Terraform resources of this type.
    pub fn is_tf(&self, rtype: &str) -> bool {
        self.iac == IacKind::Terraform && self.rtype == rtype
    }

    /// Look a dotted path up in the body; keys compare case-insensitively (ARM does). A numeric
    /// segment indexes an array; a non-numeric segment applied to an array looks in its first
    /// element (Terraform blocks).
    pub fn get(&self, path: &str) -> Option<&Value> {
        get_path(&self.body, path)
    }

    /// The value at `path` as a boolean, when it is one (or the string `true`/`false`).
    pub fn bool_at(&self, path: &str) -> Option<bool> {
        self.get(path).and_then(as_bool)
    }

    /// The value at `path` as a string, when it is a resolved string.
    pub fn str_at(&self, path: &str) -> Option<&str> {
        match self.get(path) {
            Some(v) if is_unresolved(v) => None,
            Some(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// True when `path` exists, whatever its value.
    pub fn has(&self, path: &str) -> bool {
        matches!(self.get(path), Some(v) if !v.is_null())
    }

    /// True when the value at `path` is unresolved (so a rule should not judge it).
    pub fn unknown(&self, path: &str) -> bool {
        self.get(path).is_some_and(is_unresolved)
    }
}

/// Dotted-path lookup; see [`Resource::get`].
pub fn get_path<'a>(mut v: &'a Value, path: &str) -> Option<&'a Value> {
    for seg in path.split('.') {
        v = step(v, seg)?;
    }
    Some(v)
}

fn step<'a>(v: &'a Value, seg: &str) -> Option<&'a Value> {
    match v {
        Value::Object(m) => m.get(seg).or_else(|| {
            m.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(seg))
                .map(|(_, v)| v)
        }),
        Value::Array(a) => match seg.parse::<usize>() {
            Ok(i) => a.get(i),
            Err(_) => a.first().and_then(|f| step(f, seg)),
        },
        _ => None,
    }
}

/// A boolean, or a `true`/`false` string.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A parse or read problem with one file; the scan goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// File, relative to the scan root.
    pub file: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What went wrong.
    pub reason: String,
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn path_lookup_is_case_insensitive_and_walks_block_arrays() {
        let v =
            json!({"Properties": {"networkAcls": {"defaultAction": "Deny"}}, "blk": [{"a": 1}]});
        assert_eq!(
            get_path(&v, "properties.networkacls.defaultAction").unwrap(),
            "Deny"
        );
        assert_eq!(get_path(&v, "blk.a").unwrap(), 1);
        assert_eq!(get_path(&v, "blk.0.a").unwrap(), 1);
        assert!(get_path(&v, "missing.x").is_none());
        assert_eq!(line_of("a\nb\nc", 3), 2);
    }
}
