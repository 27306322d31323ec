//! Walking a tree and finding AI assets in it: dependency manifests, model files, notebooks,
//! prompt files, MCP client configurations, AI endpoints, hard-coded AI keys, and IaC.

pub mod catalog;
pub mod content;
pub mod manifests;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use moat_core::Severity;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::{FileError, Resource, line_of};

/// What kind of AI asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssetKind {
    /// An AI SDK, framework, vector store client, runtime or MCP SDK.
    Library,
    /// A model file.
    Model,
    /// A notebook that imports an AI SDK.
    Notebook,
    /// A prompt file.
    Prompt,
    /// An MCP server that a client configuration launches or connects to.
    McpServer,
    /// An AI endpoint host named in configuration or code.
    Endpoint,
    /// An AI cloud resource declared in infrastructure as code.
    CloudResource,
}

/// One AI asset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asset {
    /// Kind.
    pub kind: AssetKind,
    /// Name (package, file, server, host, resource).
    pub name: String,
    /// Version, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Catalogue category, model format, transport or resource type.
    pub category: String,
    /// Package ecosystem, for libraries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    /// Vendor or provider, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// SHA-256 of the file, for model files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Size in bytes, for model files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Extra detail (command line, URL, SDKs imported).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What the model's card says, for model files next to one (a Hugging Face `config.json`
    /// and `README.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<ModelCard>,
    /// File, relative to the root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// The parts of a model card Moat reads: `config.json` (`architectures`, `model_type`) and the
/// front matter of `README.md` (`pipeline_tag`, `license`, `datasets`) beside the model file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ModelCard {
    /// Model class, e.g. `LlamaForCausalLM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    /// Model family, e.g. `llama`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Task, e.g. `text-generation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Licence as the card names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Training data sets the card names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
}

/// The model card beside a model file, if there is one with anything in it. Reads at most
/// 1 MiB of each file.
fn model_card(model: &Path) -> Option<ModelCard> {
    let dir = model.parent()?;
    let read = |name: &str| -> Option<String> {
        let f = std::fs::File::open(dir.join(name)).ok()?;
        let mut s = String::new();
        f.take(1 << 20).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let mut card = ModelCard::default();
    if let Some(cfg) = read("config.json")
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&cfg)
    {
        card.architecture = v
            .pointer("/architectures/0")
            .and_then(serde_json::Value::as_str)
            .map(|s| s.chars().take(200).collect());
        card.family = v
            .get("model_type")
            .and_then(serde_json::Value::as_str)
            .map(|s| s.chars().take(200).collect());
    }
    if let Some(readme) = read("README.md")
        && let Some(front) = readme
            .strip_prefix("---\n")
            .and_then(|r| r.split_once("\n---").map(|(f, _)| f))
        && let Ok(v) = serde_saphyr::from_str::<serde_json::Value>(front)
    {
        let s = |k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_str)
                .map(|s| s.chars().take(200).collect::<String>())
        };
        card.task = s("pipeline_tag");
        card.license = s("license");
        card.datasets = match v.get("datasets") {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(serde_json::Value::as_str)
                .take(50)
                .map(str::to_owned)
                .collect(),
            Some(serde_json::Value::String(d)) => vec![d.clone()],
            _ => Vec::new(),
        };
    }
    (card != ModelCard::default()).then_some(card)
}

/// A finding from discovery (not a posture rule on a resource).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawFinding {
    /// Check code (see [`CHECKS`]).
    pub code: &'static str,
    /// Message.
    pub message: String,
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
}

/// A discovery check's metadata; documented like a posture rule.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Severity.
    pub severity: Severity,
    /// One line.
    pub title: &'static str,
    /// Markdown doc.
    pub doc: &'static str,
}

/// Discovery checks.
pub const CHECKS: &[Check] = &[
    Check {
        code: "MOAT-D001",
        name: "HardcodedAiKey",
        severity: Severity::Critical,
        title: "AI provider key written into a file",
        doc: "## What it does\nReports API keys and tokens of AI providers found in files by the guard engine's secret recognisers.\n\n## Why is this bad?\nKeys in source and configuration end up in Git history, images and logs; anyone holding one can use the model at your cost and read what it can reach.\n\n## Example\n```python\nclient = OpenAI(api_key=\"sk-proj-...\")\n```\n\nUse instead:\n```python\nclient = AzureOpenAI(azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), scope))\n```\n\n## References\n- MCSB v2 IM-8: Restrict the exposure of credentials and secrets\n- OWASP Top 10 for LLM Applications 2025: LLM02 Sensitive Information Disclosure\n- MITRE ATLAS AML.T0055: Unsecured Credentials\n",
    },
    Check {
        code: "MOAT-D002",
        name: "McpConfigLiteralSecret",
        severity: Severity::High,
        title: "MCP client configuration holds a literal secret",
        doc: "## What it does\nReports MCP server entries whose `env`, `headers` or `--flag=value` arguments put a token, key or password literally into the client configuration.\n\n## Why is this bad?\nMCP configurations are shared in repositories and dotfiles; a literal GitHub, cloud or provider token there gives every reader the agent's powers.\n\n## Example\n```json\n{\"mcpServers\": {\"github\": {\"command\": \"npx\", \"env\": {\"GITHUB_PERSONAL_ACCESS_TOKEN\": \"ghp_...\"}}}}\n```\n\nUse instead:\n```json\n{\"servers\": {\"github\": {\"command\": \"npx\", \"env\": {\"GITHUB_PERSONAL_ACCESS_TOKEN\": \"${input:github_token}\"}}}}\n```\n\n## References\n- MCSB v2 AI-4: Apply least privilege for agent functions\n- MCSB v2 IM-8: Restrict the exposure of credentials and secrets\n- MITRE ATLAS AML.T0055: Unsecured Credentials\n",
    },
    Check {
        code: "MOAT-D003",
        name: "McpServerUnpinnedPackage",
        severity: Severity::Medium,
        title: "MCP server launched from an unpinned package or image",
        doc: "## What it does\nReports MCP servers started with `npx`, `uvx`, `pipx run` or `docker run` without a pinned version or digest.\n\n## Why is this bad?\nEvery launch fetches whatever the registry serves now; a compromised or typosquatted release runs with the agent's tools and secrets (a rug pull).\n\n## Example\n```json\n{\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-github\"]}\n```\n\nUse instead:\n```json\n{\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-github@2025.4.8\"]}\n```\n\n## References\n- MCSB v2 AI-1: Ensure use of approved models\n- OWASP Top 10 for LLM Applications 2025: LLM03 Supply Chain\n- MITRE ATLAS AML.T0010: AI Supply Chain Compromise\n",
    },
    Check {
        code: "MOAT-D004",
        name: "PickleModelFile",
        severity: Severity::High,
        title: "Model file in a format that runs code when loaded",
        doc: "## What it does\nReports model files whose bytes are a pickle or a PyTorch zip archive (which holds a pickle).\n\n## Why is this bad?\nLoading a pickle executes whatever it says; a tampered model file is remote code execution on every machine that loads it.\n\n## Example\n```python\ntorch.save(model, \"model.pt\")\n```\n\nUse instead:\n```python\nsafetensors.torch.save_file(model.state_dict(), \"model.safetensors\")\n```\nand check files with `moat model scan`.\n\n## References\n- MCSB v2 AI-1: Ensure use of approved models\n- OWASP Top 10 for LLM Applications 2025: LLM03 Supply Chain\n- MITRE ATLAS AML.T0011.000: Unsafe AI Artifacts\n",
    },
];

/// Limits and switches of a walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Text files larger than this are reported and not parsed.
    pub max_file_size: u64,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

/// Everything the walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files looked at.
    pub files: usize,
    /// Assets.
    pub assets: Vec<Asset>,
    /// IaC resources.
    pub resources: Vec<Resource>,
    /// Discovery findings.
    pub findings: Vec<RawFinding>,
    /// Per-file problems.
    pub errors: Vec<FileError>,
    /// Inline suppressions: (file, line, code, reason).
    pub suppressions: Vec<(String, usize, String, String)>,
    /// Secret values the guard engine's secret rules found in the text (AI keys and any other
    /// secret), so that the report can redact them wherever the parsers copied them.
    pub secrets: Vec<String>,
    /// Terraform files (`.tf`, `terraform.tfvars`, `*.auto.tfvars`) with their text: parsed
    /// once the walk is done, one module (directory) at a time, since variables and locals are
    /// shared by all files of a module.
    pub terraform: Vec<(String, String)>,
}

const SKIP_DIRS: &[&str] = &[
    "node_modules",
    ".git",
    ".venv",
    "venv",
    "site-packages",
    "__pycache__",
    ".terraform",
    "target",
    ".tox",
];

const TEXT_EXTS: &[&str] = &[
    "py",
    "js",
    "mjs",
    "cjs",
    "ts",
    "tsx",
    "jsx",
    "cs",
    "go",
    "java",
    "kt",
    "rs",
    "rb",
    "php",
    "env",
    "json",
    "yaml",
    "yml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "config",
    "properties",
    "tf",
    "tfvars",
    "bicep",
    "bicepparam",
    "ipynb",
    "sh",
    "ps1",
    "md",
    "txt",
    "xml",
    "prompty",
    "prompt",
    "csproj",
    "gradle",
    "kts",
    "lock",
    "mod",
];

/// True for extensions of text files the walk reads.
pub(crate) fn is_text_ext(ext: &str) -> bool {
    TEXT_EXTS.contains(&ext)
}

fn rel_of(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    let s = r.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        s
    }
}

/// Walk `root` (a directory or a single file) in parallel and analyse every file.
pub fn walk(root: &Path, opts: &WalkOptions, dlp: Option<&moat_guard::dlp::Scanner>) -> Walked {
    let paths = Mutex::new(Vec::<PathBuf>::new());
    let errors = Mutex::new(Vec::<FileError>::new());
    let base = if root.is_file() {
        root.parent().unwrap_or(root).to_path_buf()
    } else {
        root.to_path_buf()
    };
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .follow_links(opts.follow_links)
        .git_ignore(true)
        .require_git(false)
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && SKIP_DIRS.contains(&e.file_name().to_string_lossy().as_ref()))
        })
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    if let Ok(mut v) = paths.lock() {
                        v.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let (path, reason) = describe_walk_error(&err);
                    if let Ok(mut v) = errors.lock() {
                        v.push(FileError {
                            file: path
                                .map(|p| rel_of(&base, &p))
                                .unwrap_or_else(|| "?".into()),
                            line: None,
                            reason,
                        });
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    let mut paths = paths.into_inner().unwrap_or_default();
    paths.sort();
    let bar = if opts.progress && paths.len() > 500 {
        let b = indicatif::ProgressBar::new(paths.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}")
        {
            b.set_style(style);
        }
        Some(b)
    } else {
        None
    };
    let results: Vec<Walked> = paths
        .par_iter()
        .map(|p| {
            let rel = rel_of(&base, p);
            let w = analyse_file(p, &rel, opts, dlp);
            if let Some(b) = &bar {
                b.inc(1);
            }
            w
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut out = Walked {
        errors: errors.into_inner().unwrap_or_default(),
        ..Walked::default()
    };
    for r in results {
        out.files += r.files;
        out.assets.extend(r.assets);
        out.resources.extend(r.resources);
        out.findings.extend(r.findings);
        out.errors.extend(r.errors);
        out.suppressions.extend(r.suppressions);
        out.secrets.extend(r.secrets);
        out.terraform.extend(r.terraform);
    }
    let modules = terraform_modules(std::mem::take(&mut out.terraform));
    for (files, tfvars) in &modules {
        let f: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let v: Vec<(&str, &str)> = tfvars
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (resources, errors) = crate::parse::terraform::parse_module(&f, &v);
        out.resources.extend(resources);
        out.errors.extend(errors);
    }
    out.errors
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out
}

/// Terraform files grouped by directory: (`.tf` files, variable files Terraform loads on its
/// own), each sorted by name as Terraform reads them.
type TfModule = (Vec<(String, String)>, Vec<(String, String)>);

fn terraform_modules(files: Vec<(String, String)>) -> Vec<TfModule> {
    let mut by_dir: std::collections::BTreeMap<String, TfModule> = Default::default();
    for (rel, text) in files {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let e = by_dir.entry(dir).or_default();
        if rel.ends_with(".tf") {
            e.0.push((rel, text));
        } else {
            e.1.push((rel, text));
        }
    }
    let mut out: Vec<TfModule> = by_dir.into_values().collect();
    for (tf, vars) in &mut out {
        tf.sort();
        // terraform.tfvars first, then *.auto.tfvars in name order: later ones win.
        vars.sort_by_key(|(rel, _)| (!rel.ends_with("terraform.tfvars"), rel.clone()));
    }
    out
}

fn describe_walk_error(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), describe_walk_error(err).1),
        ignore::Error::WithDepth { err, .. } => describe_walk_error(err),
        ignore::Error::Loop { child, ancestor } => (
            Some(child.clone()),
            format!("symbolic link loop back to `{}`", ancestor.display()),
        ),
        ignore::Error::Io(e) => (None, format!("cannot read: {e}")),
        other => (None, other.to_string()),
    }
}

fn analyse_file(
    path: &Path,
    rel: &str,
    opts: &WalkOptions,
    dlp: Option<&moat_guard::dlp::Scanner>,
) -> Walked {
    let mut w = Walked {
        files: 1,
        ..Walked::default()
    };
    let name = rel.rsplit('/').next().unwrap_or(rel).to_owned();
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("").to_owned();
    let err = |reason: String| FileError {
        file: rel.to_owned(),
        line: None,
        reason,
    };
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            w.errors.push(err(format!("cannot open: {e}")));
            return w;
        }
    };
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = [0u8; 64];
    let n = read_up_to(&mut f, &mut head);
    let head = &head[..n];
    if let Some(fmt) = content::detect_model(path, head, &name) {
        let sha = hash_file(path);
        w.assets.push(Asset {
            kind: AssetKind::Model,
            name: name.clone(),
            version: None,
            category: fmt.as_str().to_owned(),
            ecosystem: None,
            vendor: None,
            sha256: sha,
            size: Some(size),
            detail: None,
            card: model_card(path),
            file: rel.to_owned(),
            line: 1,
        });
        if fmt.executes_on_load() {
            w.findings.push(RawFinding {
                code: "MOAT-D004",
                message: format!("`{name}` is a {} file: loading it runs code", fmt.as_str()),
                file: rel.to_owned(),
                line: 1,
            });
        }
        return w;
    }
    let interesting_name = manifests::kind_of(&name).is_some()
        || content::is_mcp_config(rel)
        || content::is_prompt_file(rel)
        || lower == "dockerfile"
        || lower.starts_with(".env");
    if !(interesting_name || TEXT_EXTS.contains(&ext.as_str())) {
        return w;
    }
    if size > opts.max_file_size {
        w.errors.push(err(format!(
            "{size} bytes, over the {} byte limit (--max-file-size); not read",
            opts.max_file_size
        )));
        return w;
    }
    let mut bytes = Vec::with_capacity(size as usize);
    bytes.extend_from_slice(head);
    if let Err(e) = f
        .take(opts.max_file_size.saturating_sub(n as u64))
        .read_to_end(&mut bytes)
    {
        w.errors.push(err(format!("cannot read: {e}")));
        return w;
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        if interesting_name
            || ["tf", "bicep", "json", "yaml", "yml", "ipynb"].contains(&ext.as_str())
        {
            w.errors
                .push(err("binary content in a text file; not parsed".into()));
        }
        return w;
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    analyse_text(&text, rel, &name, &ext, dlp, &mut w);
    w
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

fn hash_file(path: &Path) -> Option<String> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => h.update(&buf[..k]),
            Err(_) => return None,
        }
    }
    Some(hex::encode(h.finalize()))
}

fn analyse_text(
    text: &str,
    rel: &str,
    name: &str,
    ext: &str,
    dlp: Option<&moat_guard::dlp::Scanner>,
    w: &mut Walked,
) {
    let push_err = |w: &mut Walked, line: Option<usize>, reason: String| {
        w.errors.push(FileError {
            file: rel.to_owned(),
            line,
            reason,
        })
    };
    // Inline suppressions: `moat:ignore CODE reason`.
    if text.contains("moat:ignore") {
        for (i, l) in text.lines().enumerate() {
            if let Some(p) = l.find("moat:ignore") {
                let rest = l[p + "moat:ignore".len()..].trim();
                let mut it = rest.splitn(2, char::is_whitespace);
                let code = it.next().unwrap_or("").to_owned();
                let reason = it
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_end_matches("*/")
                    .trim()
                    .to_owned();
                if !code.is_empty() {
                    w.suppressions.push((rel.to_owned(), i + 1, code, reason));
                }
            }
        }
    }
    if let Some(kind) = manifests::kind_of(name) {
        match manifests::parse(kind, text) {
            Ok(deps) => {
                let mut seen = std::collections::BTreeSet::new();
                for d in deps {
                    let Some(e) = catalog::lookup(d.ecosystem, &d.name) else {
                        continue;
                    };
                    if !seen.insert((d.name.to_ascii_lowercase(), d.version.clone())) {
                        continue;
                    }
                    let line = text.find(&d.name).map(|o| line_of(text, o)).unwrap_or(1);
                    w.assets.push(Asset {
                        kind: AssetKind::Library,
                        name: d.name,
                        version: d.version,
                        category: e.category.to_owned(),
                        ecosystem: Some(d.ecosystem.to_owned()),
                        vendor: Some(e.vendor.to_owned()),
                        sha256: None,
                        size: None,
                        detail: None,
                        card: None,
                        file: rel.to_owned(),
                        line,
                    });
                }
            }
            Err(reason) => push_err(w, None, reason),
        }
    }
    if content::is_mcp_config(rel) {
        match serde_json::from_str::<serde_json::Value>(&strip_jsonc(text)) {
            Ok(doc) => {
                for s in content::mcp_servers(&doc) {
                    let line = text
                        .find(&format!("\"{}\"", s.name))
                        .map(|o| line_of(text, o))
                        .unwrap_or(1);
                    for sec in &s.literal_secrets {
                        w.findings.push(RawFinding {
                            code: "MOAT-D002",
                            message: format!(
                                "MCP server `{}` has a literal secret in {sec}",
                                s.name
                            ),
                            file: rel.to_owned(),
                            line,
                        });
                    }
                    if let Some(p) = &s.unpinned_package {
                        w.findings.push(RawFinding {
                            code: "MOAT-D003",
                            message: format!("MCP server `{}` runs unpinned `{p}`", s.name),
                            file: rel.to_owned(),
                            line,
                        });
                    }
                    w.assets.push(Asset {
                        kind: AssetKind::McpServer,
                        name: s.name.clone(),
                        version: None,
                        category: s.transport.clone(),
                        ecosystem: None,
                        vendor: None,
                        sha256: None,
                        size: None,
                        detail: s.command.clone().or(s.url.clone()),
                        card: None,
                        file: rel.to_owned(),
                        line,
                    });
                }
            }
            Err(e) => push_err(w, Some(e.line()), format!("invalid JSON: {e}")),
        }
    }
    if ext == "ipynb" {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(doc) => {
                let sdks = content::notebook_ai_imports(&doc);
                if !sdks.is_empty() {
                    w.assets.push(Asset {
                        kind: AssetKind::Notebook,
                        name: name.to_owned(),
                        version: None,
                        category: "notebook".into(),
                        ecosystem: None,
                        vendor: None,
                        sha256: None,
                        size: None,
                        detail: Some(sdks.join(", ")),
                        card: None,
                        file: rel.to_owned(),
                        line: 1,
                    });
                }
            }
            Err(e) => push_err(w, Some(e.line()), format!("invalid notebook JSON: {e}")),
        }
    }
    if content::is_prompt_file(rel) {
        w.assets.push(Asset {
            kind: AssetKind::Prompt,
            name: name.to_owned(),
            version: None,
            category: "prompt".into(),
            ecosystem: None,
            vendor: None,
            sha256: Some(hex::encode(Sha256::digest(text.as_bytes()))),
            size: Some(text.len() as u64),
            detail: content::prompt_model(text),
            card: None,
            file: rel.to_owned(),
            line: 1,
        });
    }
    let mut hosts = std::collections::BTreeSet::new();
    for (off, host, provider) in content::endpoints(text) {
        if hosts.insert(host.clone()) {
            w.assets.push(Asset {
                kind: AssetKind::Endpoint,
                name: host,
                version: None,
                category: "ai-endpoint".into(),
                ecosystem: None,
                vendor: Some(provider.to_owned()),
                sha256: None,
                size: None,
                detail: None,
                card: None,
                file: rel.to_owned(),
                line: line_of(text, off),
            });
        }
    }
    if let Some(d) = dlp {
        for f in d.scan(text) {
            if f.category != moat_guard::dlp::Category::Secret {
                continue;
            }
            if let Some(v) = text.get(f.span.start..f.span.end) {
                w.secrets.push(v.to_owned());
            }
            if !is_ai_key(&f.entity) {
                continue;
            }
            w.findings.push(RawFinding {
                code: "MOAT-D001",
                message: format!("{} written into the file", f.entity),
                file: rel.to_owned(),
                line: line_of(text, f.span.start),
            });
        }
    }
    let lower = name.to_ascii_lowercase();
    if ext == "tf" || lower == "terraform.tfvars" || lower.ends_with(".auto.tfvars") {
        w.terraform.push((rel.to_owned(), text.to_owned()));
        return;
    }
    if let Some(p) = crate::parse::parse_iac(rel, text) {
        w.resources.extend(p.resources);
        if let Some(e) = p.error {
            w.errors.push(e);
        }
    }
}

/// Secret entity types that belong to AI providers.
fn is_ai_key(entity: &str) -> bool {
    let e = entity.to_ascii_uppercase();
    [
        "OPENAI",
        "ANTHROPIC",
        "AZURE",
        "HUGGING",
        "HF_",
        "GOOGLE",
        "GEMINI",
        "COHERE",
        "MISTRAL",
        "GROQ",
        "REPLICATE",
        "TOGETHER",
        "DEEPSEEK",
        "XAI",
        "PERPLEXITY",
        "AWS",
        "LANGSMITH",
        "LANGCHAIN",
        "PINECONE",
        "COGNITIVE",
        "AI_",
    ]
    .iter()
    .any(|p| e.contains(p))
}

/// Drop `//` line comments and trailing commas cheaply (VS Code's mcp.json is JSONC).
fn strip_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_str = false;
    let mut esc = false;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_str {
            out.push(c as char);
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
            out.push('"');
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            // Block comment; kept newlines keep JSON error line numbers right.
            i += 2;
            while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i = (i + 2).min(b.len());
            continue;
        } else if c == b',' {
            let next = b[i + 1..].iter().find(|x| !x.is_ascii_whitespace());
            if !matches!(next, Some(b'}' | b']')) {
                out.push(',');
            }
        } else {
            out.push(c as char);
        }
        i += 1;
    }
    // Non-ASCII was pushed byte-wise; re-decode.
    String::from_utf8(out.chars().map(|c| c as u8).collect()).unwrap_or_else(|_| text.to_owned())
}
