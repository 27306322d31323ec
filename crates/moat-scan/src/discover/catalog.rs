//! The AI package catalogue (resources/catalog/ai-packages.tsv): which packages are AI SDKs,
//! agent frameworks, vector stores, model runtimes or MCP SDKs.

use std::sync::OnceLock;

const CATALOG: &str = include_str!("../../resources/catalog/ai-packages.tsv");

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `pypi`, `npm`, `cargo`, `golang`, `nuget` or `maven`.
    pub ecosystem: &'static str,
    /// Package name, or a prefix pattern ending in `*`.
    pub name: &'static str,
    /// What the package is.
    pub category: &'static str,
    /// Who makes it.
    pub vendor: &'static str,
}

/// Every entry.
pub fn entries() -> &'static [Entry] {
    static E: OnceLock<Vec<Entry>> = OnceLock::new();
    E.get_or_init(|| {
        CATALOG
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(Entry {
                    ecosystem: f.next()?,
                    name: f.next()?,
                    category: f.next()?,
                    vendor: f.next()?,
                })
            })
            .collect()
    })
}

fn norm(ecosystem: &str, name: &str) -> String {
    let n = name.trim().to_ascii_lowercase();
    if ecosystem == "pypi" {
        n.replace(['_', '.'], "-")
    } else {
        n
    }
}

/// Look a package up.
pub fn lookup(ecosystem: &str, name: &str) -> Option<&'static Entry> {
    let n = norm(ecosystem, name);
    entries()
        .iter()
        .filter(|e| e.ecosystem == ecosystem)
        .find(|e| {
            let pat = norm(ecosystem, e.name);
            match pat.strip_suffix('*') {
                Some(prefix) => n.starts_with(prefix) && n.len() > prefix.len(),
                None => n == pat,
            }
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lookups() {
        assert!(entries().len() > 150);
        assert_eq!(
            lookup("pypi", "OpenAI").unwrap().category,
            "model-provider-sdk"
        );
        assert_eq!(lookup("pypi", "llama_index").unwrap().vendor, "LlamaIndex");
        assert_eq!(
            lookup("pypi", "llama_index_core").unwrap().vendor,
            "LlamaIndex"
        );
        assert_eq!(
            lookup("npm", "@langchain/openai").unwrap().category,
            "agent-framework"
        );
        assert_eq!(
            lookup("nuget", "microsoft.semantickernel.core")
                .unwrap()
                .vendor,
            "Microsoft"
        );
        assert!(lookup("npm", "left-pad").is_none());
        for e in entries() {
            assert!(
                ["pypi", "npm", "cargo", "golang", "nuget", "maven"].contains(&e.ecosystem),
                "{e:?}"
            );
        }
    }
}
