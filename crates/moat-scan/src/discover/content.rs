//! Content-based discovery: model files by magic bytes, notebooks that call AI SDKs, prompt
//! files, MCP client configurations, AI endpoints in text, and hard-coded AI keys.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

/// A model file format recognised by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelFormat {
    /// GGUF (llama.cpp).
    Gguf,
    /// safetensors.
    Safetensors,
    /// PyTorch zip archive (holds a pickle).
    PytorchZip,
    /// Raw pickle.
    Pickle,
    /// HDF5 (Keras .h5).
    Hdf5,
    /// ONNX protobuf (recognised by extension plus a protobuf field tag).
    Onnx,
    /// TensorFlow Lite flatbuffer.
    Tflite,
    /// NumPy array file.
    Npy,
    /// The legacy (pre-zip) PyTorch format: a sequence of pickles.
    PytorchLegacy,
    /// A joblib dump (pickle with arrays), plain or compressed.
    Joblib,
    /// A NumPy `.npz` archive.
    Npz,
    /// A Keras 3 `.keras` archive.
    Keras,
    /// A TensorFlow SavedModel protobuf.
    SavedModel,
}

impl ModelFormat {
    /// Short lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ModelFormat::Gguf => "gguf",
            ModelFormat::Safetensors => "safetensors",
            ModelFormat::PytorchZip => "pytorch",
            ModelFormat::Pickle => "pickle",
            ModelFormat::Hdf5 => "hdf5",
            ModelFormat::Onnx => "onnx",
            ModelFormat::Tflite => "tflite",
            ModelFormat::Npy => "npy",
            ModelFormat::PytorchLegacy => "pytorch-legacy",
            ModelFormat::Joblib => "joblib",
            ModelFormat::Npz => "npz",
            ModelFormat::Keras => "keras",
            ModelFormat::SavedModel => "tf-savedmodel",
        }
    }

    /// True for formats that run code when loaded (pickle inside).
    pub fn executes_on_load(&self) -> bool {
        matches!(
            self,
            ModelFormat::PytorchZip
                | ModelFormat::Pickle
                | ModelFormat::PytorchLegacy
                | ModelFormat::Joblib
        )
    }
}

/// The model format of a file, judged by its content with `moat model`'s recogniser (magic
/// bytes, protobuf shape, zip member names, the start of a compressed stream), never by its
/// extension alone. `head` is the file's first bytes, used to skip the full recogniser for
/// plain text files (a protocol-0 pickle saved under a text extension is not looked for).
pub fn detect_model(path: &std::path::Path, head: &[u8], name: &str) -> Option<ModelFormat> {
    use moat_model::Format as F;
    if let Some(f) = model_format(head, None, name) {
        // Cheap magic that moat-model does not know (TFLite), or that needs no second look.
        if matches!(
            f,
            ModelFormat::Tflite | ModelFormat::Gguf | ModelFormat::Npy
        ) {
            return Some(f);
        }
    }
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let texty = !head.is_empty()
        && std::str::from_utf8(&head[..head.len().min(48)]).is_ok_and(|t| {
            t.chars()
                .all(|c| !c.is_control() || c.is_ascii_whitespace())
        });
    if texty && crate::discover::is_text_ext(&ext) {
        return None;
    }
    let f = moat_model::detect_path(path).ok()?;
    Some(match f {
        F::Pickle => ModelFormat::Pickle,
        F::PytorchLegacy => ModelFormat::PytorchLegacy,
        F::PytorchZip => ModelFormat::PytorchZip,
        F::Joblib => ModelFormat::Joblib,
        F::Npy => ModelFormat::Npy,
        F::Npz => ModelFormat::Npz,
        F::Keras => ModelFormat::Keras,
        // HDF5 is also a general data format: a model only under a model file name.
        F::Hdf5 if ["h5", "hdf5", "keras"].contains(&ext.as_str()) => ModelFormat::Hdf5,
        F::SavedModel => ModelFormat::SavedModel,
        F::Onnx => ModelFormat::Onnx,
        F::Gguf => ModelFormat::Gguf,
        F::Safetensors => ModelFormat::Safetensors,
        _ => return None,
    })
}

/// Recognise a model file from its first bytes (`head`), its last byte and its name.
pub fn model_format(head: &[u8], last: Option<u8>, name: &str) -> Option<ModelFormat> {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    if head.starts_with(b"GGUF") {
        return Some(ModelFormat::Gguf);
    }
    if head.len() >= 9 {
        let mut n = [0u8; 8];
        n.copy_from_slice(&head[..8]);
        let len = u64::from_le_bytes(n);
        if len > 1
            && len < 100_000_000
            && head[8] == b'{'
            && head
                .get(9)
                .is_some_and(|c| *c == b'"' || c.is_ascii_whitespace())
        {
            return Some(ModelFormat::Safetensors);
        }
    }
    if head.starts_with(b"PK\x03\x04")
        && ["pt", "pth", "bin", "ckpt", "pkl"].contains(&ext.as_str())
    {
        return Some(ModelFormat::PytorchZip);
    }
    if head.len() >= 2 && head[0] == 0x80 && (2..=5).contains(&head[1]) && last == Some(b'.') {
        return Some(ModelFormat::Pickle);
    }
    if head.starts_with(b"\x89HDF\r\n\x1a\n") && ["h5", "hdf5", "keras"].contains(&ext.as_str()) {
        return Some(ModelFormat::Hdf5);
    }
    if head.len() >= 8 && &head[4..8] == b"TFL3" {
        return Some(ModelFormat::Tflite);
    }
    if head.starts_with(b"\x93NUMPY") {
        return Some(ModelFormat::Npy);
    }
    if ext == "onnx" && head.first() == Some(&0x08) {
        return Some(ModelFormat::Onnx);
    }
    None
}

/// True when a file name is an MCP client configuration.
pub fn is_mcp_config(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    matches!(
        name.as_str(),
        "mcp.json"
            | ".mcp.json"
            | "claude_desktop_config.json"
            | "mcp_config.json"
            | "mcp_settings.json"
            | "cline_mcp_settings.json"
    )
}

/// One MCP server an MCP client configuration launches or connects to.
#[derive(Debug, Clone, PartialEq)]
pub struct McpServer {
    /// Key in the configuration.
    pub name: String,
    /// `stdio` (a command) or `http`/`sse` (a URL).
    pub transport: String,
    /// Command line, for stdio servers.
    pub command: Option<String>,
    /// URL, for remote servers.
    pub url: Option<String>,
    /// Environment variables or headers with literal secret-looking values (names only).
    pub literal_secrets: Vec<String>,
    /// Package launched through `npx`/`uvx`/`pipx`/`docker` without a pinned version.
    pub unpinned_package: Option<String>,
}

/// Parse an MCP client configuration (`mcpServers` or VS Code's `servers`).
pub fn mcp_servers(doc: &Value) -> Vec<McpServer> {
    let table = doc
        .get("mcpServers")
        .or_else(|| doc.get("servers"))
        .or_else(|| doc.pointer("/mcp/servers"))
        .and_then(Value::as_object);
    let Some(table) = table else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, s) in table.iter().take(1000) {
        let command = s.get("command").and_then(Value::as_str);
        let args: Vec<&str> = s
            .get("args")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let url = s
            .get("url")
            .or_else(|| s.get("serverUrl"))
            .and_then(Value::as_str);
        let transport = match (command, url) {
            (Some(_), _) => "stdio".to_owned(),
            (None, Some(_)) => s
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("http")
                .to_owned(),
            _ => "unknown".to_owned(),
        };
        let mut literal_secrets = Vec::new();
        for key in ["env", "headers"] {
            if let Some(m) = s.get(key).and_then(Value::as_object) {
                for (k, v) in m {
                    if let Some(v) = v.as_str()
                        && looks_like_literal_secret(k, v)
                    {
                        literal_secrets.push(format!("{key}.{k}"));
                    }
                }
            }
        }
        // `--api-key=VALUE`, `--token VALUE`, docker's `-e NAME=VALUE`: found, and never
        // copied into the report (the command line is shown with `[redacted]` in their place).
        let mut shown: Vec<String> = Vec::with_capacity(args.len());
        for (i, a) in args.iter().enumerate() {
            let prev = if i > 0 { args[i - 1] } else { "" };
            if let Some((k, v)) = a.split_once('=')
                && (a.starts_with('-') || prev == "-e" || prev == "--env")
                && looks_like_literal_secret(k, v)
            {
                literal_secrets.push(format!("args {}", k.trim_start_matches('-')));
                shown.push(format!("{k}=[redacted]"));
            } else if prev.starts_with("--")
                && !prev.contains('=')
                && !a.starts_with('-')
                && looks_like_literal_secret(prev, a)
            {
                literal_secrets.push(format!("args {}", prev.trim_start_matches('-')));
                shown.push("[redacted]".to_owned());
            } else {
                shown.push((*a).to_owned());
            }
        }
        let url_shown = url.map(|u| redact_url(u, &mut literal_secrets));
        let unpinned_package = command.and_then(|c| unpinned(c, &args));
        out.push(McpServer {
            name: name.clone(),
            transport,
            command: command.map(|c| {
                let mut s = c.to_owned();
                for a in &shown {
                    s.push(' ');
                    s.push_str(a);
                }
                s.chars().take(500).collect()
            }),
            url: url_shown,
            literal_secrets,
            unpinned_package,
        });
    }
    out
}

/// A URL with the values of secret-looking query parameters (`?api_key=...`) and any
/// `user:password@` replaced by `[redacted]`; each one found is recorded.
fn redact_url(url: &str, found: &mut Vec<String>) -> String {
    let mut u = url.to_owned();
    if let Some(scheme_end) = u.find("://") {
        let rest = &u[scheme_end + 3..];
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..host_end].rfind('@') {
            found.push("url credentials".to_owned());
            u = format!("{}[redacted]@{}", &u[..scheme_end + 3], &rest[at + 1..]);
        }
    }
    let Some(q) = u.find('?') else { return u };
    let (base, query) = u.split_at(q + 1);
    let parts: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) if looks_like_literal_secret(k, v) => {
                found.push(format!("url parameter {k}"));
                format!("{k}=[redacted]")
            }
            _ => kv.to_owned(),
        })
        .collect();
    format!("{base}{}", parts.join("&"))
}

fn looks_like_literal_secret(name: &str, value: &str) -> bool {
    let n = name.to_ascii_uppercase();
    let secretish = ["KEY", "TOKEN", "SECRET", "PASSWORD", "AUTHORIZATION", "PAT"]
        .iter()
        .any(|w| n.contains(w));
    let v = value.trim().trim_start_matches("Bearer ").trim();
    // `${input:x}`, `${env:X}`, `$X` and `<placeholder>` are references, not secrets.
    // File paths (`--api-key-file /run/secrets/k`) and URLs are where a secret is, not one.
    secretish
        && v.len() >= 12
        && !v.starts_with(['/', '.', '~'])
        && !v.contains("://")
        && !v.starts_with('$')
        && !v.starts_with('<')
        && !v.contains("${")
        && !v.contains(' ')
}

fn unpinned(command: &str, args: &[&str]) -> Option<String> {
    let base = command
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(command)
        .trim_end_matches(".cmd")
        .trim_end_matches(".exe");
    let pkg = match base {
        "npx" | "bunx" | "pnpx" => args.iter().find(|a| !a.starts_with('-')).copied()?,
        "uvx" | "pipx" => {
            let rest: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let first = **rest.first()?;
            if base == "pipx" && first == "run" {
                **rest.get(1)?
            } else {
                first
            }
        }
        "docker" | "podman" => {
            let run = args.iter().position(|a| *a == "run")?;
            let mut i = run + 1;
            while i < args.len() {
                let a = args[i];
                if a.starts_with('-') {
                    // Flags that take a value.
                    if [
                        "-e",
                        "--env",
                        "-v",
                        "--volume",
                        "--name",
                        "-p",
                        "--network",
                        "--env-file",
                    ]
                    .contains(&a)
                    {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            let image = *args.get(i)?;
            let tail = image.rsplit('/').next().unwrap_or(image);
            return if image.contains('@') || tail.contains(':') && !tail.ends_with(":latest") {
                None
            } else {
                Some(image.to_owned())
            };
        }
        _ => return None,
    };
    let pinned = match base {
        "npx" | "bunx" | "pnpx" => pkg.trim_start_matches('@').contains('@'),
        _ => pkg.contains("==") || pkg.contains('@'),
    };
    if pkg.ends_with("@latest") || !pinned {
        Some(pkg.to_owned())
    } else {
        None
    }
}

/// Hosts of AI endpoints found in text, with their byte offsets.
pub fn endpoints(text: &str) -> Vec<(usize, String, &'static str)> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(r) = R
        .get_or_init(|| {
            Regex::new(concat!(
                r"(?i)\b(",
                r"[a-z0-9][a-z0-9-]{0,62}\.openai\.azure\.com",
                r"|[a-z0-9][a-z0-9-]{0,62}\.cognitiveservices\.azure\.com",
                r"|[a-z0-9][a-z0-9-]{0,62}\.services\.ai\.azure\.com",
                r"|[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9-]+\.inference\.ml\.azure\.com",
                r"|[a-z0-9][a-z0-9-]{0,62}\.search\.windows\.net",
                r"|models\.inference\.ai\.azure\.com|models\.github\.ai",
                r"|api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis\.com",
                r"|[a-z0-9-]+-aiplatform\.googleapis\.com|aiplatform\.googleapis\.com",
                r"|bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com|bedrock-agent-runtime\.[a-z0-9-]+\.amazonaws\.com",
                r"|api\.mistral\.ai|api\.cohere\.(?:ai|com)|api\.groq\.com|api\.together\.xyz",
                r"|api-inference\.huggingface\.co|router\.huggingface\.co|api\.deepseek\.com",
                r"|openrouter\.ai|api\.x\.ai|api\.perplexity\.ai|api\.fireworks\.ai",
                r")\b"
            ))
            .ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    r.find_iter(text)
        .take(1000)
        .map(|m| {
            let host = m.as_str().to_ascii_lowercase();
            let provider = provider_of(&host);
            (m.start(), host, provider)
        })
        .collect()
}

fn provider_of(host: &str) -> &'static str {
    if host.ends_with(".openai.azure.com") {
        "Azure OpenAI"
    } else if host.ends_with(".search.windows.net") {
        "Azure AI Search"
    } else if host.ends_with(".azure.com") || host.ends_with("github.ai") {
        "Azure AI"
    } else if host.contains("openai.com") {
        "OpenAI"
    } else if host.contains("anthropic") {
        "Anthropic"
    } else if host.contains("googleapis") {
        "Google"
    } else if host.contains("amazonaws") {
        "AWS Bedrock"
    } else if host.contains("huggingface") {
        "Hugging Face"
    } else {
        "AI provider"
    }
}

/// SDK imports a notebook code cell may make.
pub fn notebook_ai_imports(doc: &Value) -> Vec<String> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(r) = R
        .get_or_init(|| {
            Regex::new(r"(?m)^\s*(?:from|import)\s+(openai|anthropic|langchain\w*|llama_index|semantic_kernel|autogen\w*|crewai|transformers|google\.generativeai|google\.genai|vertexai|mistralai|cohere|ollama|litellm|azure\.ai\.\w+|haystack|dspy|chromadb|pinecone|qdrant_client|vllm|mcp)\b").ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let cells = doc
        .get("cells")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for c in cells.iter().take(10_000) {
        if c.get("cell_type").and_then(Value::as_str) != Some("code") {
            continue;
        }
        let src = match c.get("source") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<String>(),
            Some(Value::String(s)) => s.clone(),
            _ => continue,
        };
        for m in r.captures_iter(&src) {
            let top = m[1].to_owned();
            if !found.contains(&top) {
                found.push(top);
            }
        }
    }
    found
}

/// True when a file is a prompt file: `.prompty`, `*.prompt.yaml|yml|md|json`, `.prompt`.
pub fn is_prompt_file(rel: &str) -> bool {
    let n = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    n.ends_with(".prompty")
        || n.ends_with(".prompt.yaml")
        || n.ends_with(".prompt.yml")
        || n.ends_with(".prompt.md")
        || n.ends_with(".prompt.json")
        || n.ends_with(".prompt")
}

/// The model a prompt file names (`model:` / `model.configuration.azure_deployment`), if any.
pub fn prompt_model(text: &str) -> Option<String> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    let r = R
        .get_or_init(|| Regex::new(r#"(?m)^[ \t]*(?:azure_deployment|model|deployment_name):[ \t]*['"]?([A-Za-z0-9._:/\-]+)"#).ok())
        .as_ref()?;
    // Only inside the front matter / header (first 60 lines).
    let head: String = text.lines().take(60).collect::<Vec<_>>().join("\n");
    let m = r.captures_iter(&head).next()?;
    Some(m[1].to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn model_magic() {
        assert_eq!(
            model_format(b"GGUF\x03\0\0\0", None, "x"),
            Some(ModelFormat::Gguf)
        );
        let mut st = 20u64.to_le_bytes().to_vec();
        st.extend_from_slice(b"{\"__metadata__\":{}}");
        assert_eq!(
            model_format(&st, None, "m.safetensors"),
            Some(ModelFormat::Safetensors)
        );
        assert_eq!(
            model_format(b"\x80\x04\x95abc", Some(b'.'), "m.pkl"),
            Some(ModelFormat::Pickle)
        );
        assert_eq!(model_format(b"\x80\x04\x95abc", Some(b'x'), "m.pkl"), None);
        assert_eq!(
            model_format(b"PK\x03\x04", None, "m.pt"),
            Some(ModelFormat::PytorchZip)
        );
        assert_eq!(model_format(b"PK\x03\x04", None, "a.zip"), None);
        assert_eq!(model_format(b"hello", None, "a.txt"), None);
    }

    #[test]
    fn mcp_config() {
        let doc = json!({"mcpServers": {
            "gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"], "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_0123456789abcdefghijklmnopqrstuvwxyz"}},
            "pinned": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything@2025.9.25"], "env": {"API_KEY": "${input:key}"}},
            "remote": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer abcdefghijklmnop1234"}},
            "py": {"command": "uvx", "args": ["mcp-server-fetch"]},
            "dock": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "X", "ghcr.io/github/github-mcp-server"]}
        }});
        let s = mcp_servers(&doc);
        assert_eq!(s.len(), 5);
        let by = |n: &str| s.iter().find(|x| x.name == n).unwrap();
        assert_eq!(
            by("gh").literal_secrets,
            vec!["env.GITHUB_PERSONAL_ACCESS_TOKEN"]
        );
        assert_eq!(
            by("gh").unpinned_package.as_deref(),
            Some("@modelcontextprotocol/server-github")
        );
        assert!(by("pinned").literal_secrets.is_empty() && by("pinned").unpinned_package.is_none());
        assert_eq!(by("remote").literal_secrets, vec!["headers.Authorization"]);
        assert_eq!(by("remote").transport, "http");
        assert_eq!(
            by("py").unpinned_package.as_deref(),
            Some("mcp-server-fetch")
        );
        assert_eq!(
            by("dock").unpinned_package.as_deref(),
            Some("ghcr.io/github/github-mcp-server")
        );
        let args = json!({"mcpServers": {
            "k": {"command": "npx", "args": ["-y", "srv@1.0.0", "--api-key=sk-live-0123456789abcdef", "--token", "tok_0123456789abcdef"]},
            "d": {"command": "docker", "args": ["run", "-e", "OPENAI_API_KEY=sk-proj-0123456789abcdef", "img@sha256:00"]},
            "u": {"url": "https://user:hunter2hunter2@mcp.example.com/mcp?api_key=abcdef0123456789&x=1"}
        }});
        let s2 = mcp_servers(&args);
        let by2 = |n: &str| s2.iter().find(|x| x.name == n).unwrap();
        assert_eq!(by2("k").literal_secrets, vec!["args api-key", "args token"]);
        let shown = by2("k").command.clone().unwrap();
        assert!(!shown.contains("0123456789abcdef"), "{shown}");
        assert!(shown.contains("--api-key=[redacted]") && shown.contains("--token [redacted]"));
        assert_eq!(by2("d").literal_secrets, vec!["args OPENAI_API_KEY"]);
        assert!(!by2("d").command.clone().unwrap().contains("sk-proj"));
        let u = by2("u").url.clone().unwrap();
        assert_eq!(
            u,
            "https://[redacted]@mcp.example.com/mcp?api_key=[redacted]&x=1"
        );
        assert_eq!(by2("u").literal_secrets.len(), 2);
        let vs = json!({"servers": {"a": {"command": "node", "args": ["x.js"]}}});
        assert_eq!(mcp_servers(&vs).len(), 1);
    }

    #[test]
    fn endpoints_and_prompts() {
        let e = endpoints(
            "AZURE_OPENAI_ENDPOINT=https://contoso-eu.openai.azure.com/\nx = 'https://api.anthropic.com/v1'",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].1, "contoso-eu.openai.azure.com");
        assert_eq!(e[0].2, "Azure OpenAI");
        assert!(is_prompt_file("p/chat.prompty") && !is_prompt_file("prompty.txt"));
        assert_eq!(prompt_model("---\nname: x\nmodel:\n  api: chat\n  configuration:\n    azure_deployment: gpt-4o\n---\n").as_deref(), Some("gpt-4o"));
        let nb = json!({"cells": [{"cell_type": "code", "source": ["import os\n", "from openai import AzureOpenAI\n"]}, {"cell_type": "markdown", "source": "import anthropic"}]});
        assert_eq!(notebook_ai_imports(&nb), vec!["openai"]);
    }
}
