//! Infrastructure-as-code parsers. Each produces [`crate::model::Resource`]s.

pub mod arm;
pub mod bicep;
pub mod k8s;
pub mod terraform;

use crate::model::{FileError, Resource};

/// What an IaC parser made of one file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Resources found (possibly some, even when `error` is set).
    pub resources: Vec<Resource>,
    /// Why parsing stopped, if it did.
    pub error: Option<FileError>,
}

/// Parse `text` as infrastructure as code, choosing the parser by file name and content.
/// `None` when the file is not IaC that Moat reads.
pub fn parse_iac(file: &str, text: &str) -> Option<Parsed> {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".bicep") {
        let (resources, error) = bicep::parse(text, file);
        return Some(Parsed { resources, error });
    }
    if lower.ends_with(".tf") {
        return Some(match terraform::parse(text, file) {
            Ok(resources) => Parsed {
                resources,
                error: None,
            },
            Err(e) => Parsed {
                resources: Vec::new(),
                error: Some(e),
            },
        });
    }
    if lower.ends_with(".json") {
        let looks_arm = text.contains("deploymentTemplate") || text.contains("\"contentVersion\"");
        let looks_k8s = text.contains("\"apiVersion\"") && text.contains("\"kind\"");
        if !looks_arm && !looks_k8s {
            return None;
        }
        return Some(match serde_json::from_str::<serde_json::Value>(text) {
            Ok(doc) if arm::is_template(&doc) => Parsed {
                resources: arm::parse(text, &doc, file),
                error: None,
            },
            Ok(doc) if looks_k8s => Parsed {
                resources: k8s::from_docs(text, vec![doc], file),
                error: None,
            },
            Ok(_) => return None,
            Err(e) => Parsed {
                resources: Vec::new(),
                error: Some(FileError {
                    file: file.to_owned(),
                    line: Some(e.line()),
                    reason: format!("invalid JSON: {e}"),
                }),
            },
        });
    }
    if (lower.ends_with(".yaml") || lower.ends_with(".yml")) && k8s::looks_like(text) {
        // Helm templates are not YAML until rendered.
        if text.contains("{{") {
            return None;
        }
        return Some(match k8s::parse_yaml(text, file) {
            Ok(resources) => Parsed {
                resources,
                error: None,
            },
            Err(e) => Parsed {
                resources: Vec::new(),
                error: Some(e),
            },
        });
    }
    None
}
