//! Dependency manifests and lock files, MCP client configurations, notebooks and prompt files on
//! hostile text. The first byte picks the parser. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moat_scan::discover::{content, manifests};

const KINDS: &[&str] = &[
    "requirements",
    "pyproject",
    "pipfile",
    "pipfile-lock",
    "toml-lock",
    "cargo-lock",
    "cargo-toml",
    "package-json",
    "package-lock",
    "pnpm-lock",
    "yarn-lock",
    "go-mod",
    "csproj",
    "nuget-lock",
    "nuget-config",
    "pom",
    "gradle",
    "gradle-catalog",
];

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let n = usize::from(*sel);
    if let Some(kind) = KINDS.get(n % (KINDS.len() + 2)) {
        let _ = manifests::parse(kind, &text);
    } else if let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) {
        let _ = content::mcp_servers(&doc);
        let _ = content::notebook_ai_imports(&doc);
    } else {
        let _ = content::endpoints(&text);
        let _ = content::prompt_model(&text);
    }
});
