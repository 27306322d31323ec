//! One scan: walk, parse, run rules and attack paths, apply suppressions and a baseline.

use std::collections::BTreeSet;
use std::path::Path;

use moat_core::Severity;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::discover::{self, Asset, AssetKind, WalkOptions};
use crate::model::{FileError, IacKind, Resource};
use crate::rules;

/// Options of a scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Walk limits.
    pub walk: WalkOptions,
    /// Rule codes to skip.
    pub skip: Vec<String>,
    /// Fingerprints from a baseline file; matching findings are marked `baseline`.
    pub baseline: BTreeSet<String>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            walk: WalkOptions {
                max_file_size: 8 * 1024 * 1024,
                follow_links: true,
                progress: false,
            },
            skip: Vec::new(),
            baseline: BTreeSet::new(),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule or check code.
    pub code: String,
    /// Rule name.
    pub name: String,
    /// Severity.
    pub severity: Severity,
    /// Rule title.
    pub title: String,
    /// What is wrong here.
    pub message: String,
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
    /// Resource (`type name`), for posture rules and paths.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Stable identity for baselines: hash of code, file and resource or message.
    pub fingerprint: String,
    /// Why it is suppressed (`moat:ignore` reason, or `baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}

/// The result of a scan.
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    /// Moat version.
    pub tool_version: String,
    /// Root scanned.
    pub root: String,
    /// Files looked at.
    pub files_scanned: usize,
    /// AI assets.
    pub assets: Vec<Asset>,
    /// IaC resources parsed.
    pub resources: Vec<Resource>,
    /// Links between resources (parent, private endpoint, role assignment, diagnostics, data
    /// connection): the graph attack paths are found in.
    pub links: Vec<crate::paths::Link>,
    /// Findings (suppressed ones included, marked).
    pub findings: Vec<Finding>,
    /// Files that could not be read or parsed.
    pub errors: Vec<FileError>,
}

impl ScanReport {
    /// Findings not suppressed.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
    }
}

/// Metadata of any code (posture rule, discovery check, path).
pub fn meta(code: &str) -> Option<(&'static str, &'static str, Severity, &'static str, String)> {
    if let Some(r) = rules::find(code) {
        return Some((r.code, r.name, r.severity, r.title, r.doc_markdown()));
    }
    if let Some(c) = discover::CHECKS
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code) || c.name.eq_ignore_ascii_case(code))
    {
        return Some((c.code, c.name, c.severity, c.title, c.doc.to_owned()));
    }
    crate::paths::PATHS
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code) || c.name.eq_ignore_ascii_case(code))
        .map(|c| (c.code, c.name, c.severity, c.title, c.doc.to_owned()))
}

fn fingerprint(code: &str, file: &str, what: &str) -> String {
    let mut h = Sha256::new();
    for p in [code, file, what] {
        h.update(p.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..12])
}

/// The scope inside which `r` can be referred to by other resources: its directory for
/// Terraform (a module is a directory), its file otherwise.
fn reference_scope(r: &Resource) -> &str {
    match r.iac {
        IacKind::Terraform => r.file.rsplit_once('/').map_or("", |(d, _)| d),
        _ => &r.file,
    }
}

/// Contiguous ranges of resources sharing a [`reference_scope`] (the slice is sorted by it).
fn scope_ranges(all: &[Resource]) -> Vec<std::ops::Range<usize>> {
    let mut start = 0;
    all.chunk_by(|a, b| reference_scope(a) == reference_scope(b))
        .map(|c| {
            let r = start..start + c.len();
            start = r.end;
            r
        })
        .collect()
}

/// Scan a directory or file.
pub fn scan(root: &Path, opts: &ScanOptions) -> ScanReport {
    let (dlp, dlp_error) = match moat_guard::dlp::Scanner::new(
        &moat_guard::dlp::DlpConfig::default(),
    ) {
        Ok(d) => (Some(d), None),
        // Never silently skip the key search: the run reports it and exits 2.
        Err(e) => (
            None,
            Some(crate::model::FileError {
                file: ".".into(),
                line: None,
                reason: format!(
                    "the guard's secret rules could not be loaded ({e}): hard-coded keys were not looked for"
                ),
            }),
        ),
    };
    let mut w = discover::walk(root, &opts.walk, dlp.as_ref());
    w.errors.extend(dlp_error);
    let mut findings = Vec::new();
    let skip = |code: &str| opts.skip.iter().any(|s| s.eq_ignore_ascii_case(code));
    // Resources refer to each other only inside one scope (a Bicep or ARM file, a Terraform
    // module directory): rules and paths look across resources of one scope at a time, which
    // keeps large trees linear and never links two unrelated copies of a template.
    w.resources
        .sort_by(|a, b| reference_scope(a).cmp(reference_scope(b)));
    let scopes = scope_ranges(&w.resources);
    let hits: Vec<_> = scopes
        .iter()
        .flat_map(|range| {
            rules::run(&w.resources[range.clone()], |r| !skip(r.code))
                .into_iter()
                .map(move |(rule, i, hit)| (rule, range.start + i, hit))
        })
        .collect();
    for (rule, i, hit) in hits {
        let r = &w.resources[i];
        let res = format!("{} {}", r.rtype, r.name);
        findings.push(Finding {
            code: rule.code.into(),
            name: rule.name.into(),
            severity: rule.severity,
            title: rule.title.into(),
            message: hit.message,
            file: r.file.clone(),
            line: r.line,
            fingerprint: fingerprint(rule.code, &r.file, &res),
            resource: Some(res),
            suppressed: None,
        });
    }
    for f in &w.findings {
        if skip(f.code) {
            continue;
        }
        if let Some((code, name, severity, title, _)) = meta(f.code) {
            findings.push(Finding {
                code: code.into(),
                name: name.into(),
                severity,
                title: title.into(),
                message: f.message.clone(),
                file: f.file.clone(),
                line: f.line,
                resource: None,
                fingerprint: fingerprint(code, &f.file, &f.message),
                suppressed: None,
            });
        }
    }
    let mut links = Vec::new();
    let mut paths = Vec::new();
    for range in &scopes {
        let part = &w.resources[range.clone()];
        let mut l = crate::paths::links(part);
        paths.extend(crate::paths::find_paths_in(part, &l));
        for link in &mut l {
            link.from += range.start;
            link.to += range.start;
        }
        links.extend(l);
    }
    for p in paths {
        if skip(p.code) {
            continue;
        }
        findings.push(Finding {
            code: p.code.into(),
            name: p.name.into(),
            severity: p.severity,
            title: p.title.into(),
            fingerprint: fingerprint(p.code, &p.file, &p.message),
            message: p.message,
            file: p.file,
            line: p.line,
            resource: Some(p.resource),
            suppressed: None,
        });
    }
    for f in &mut findings {
        // `moat:ignore CODE reason` on the finding's line or the line above.
        if let Some((_, _, _, reason)) = w.suppressions.iter().find(|(file, line, code, _)| {
            *file == f.file
                && (*line == f.line || *line + 1 == f.line)
                && (code.eq_ignore_ascii_case(&f.code) || code.eq_ignore_ascii_case(&f.name))
        }) {
            f.suppressed = Some(if reason.is_empty() {
                "moat:ignore".into()
            } else {
                format!("moat:ignore: {reason}")
            });
        } else if opts.baseline.contains(&f.fingerprint) {
            f.suppressed = Some("baseline".into());
        }
    }
    findings.sort_by(|a, b| {
        (b.severity, &a.file, a.line, &a.code).cmp(&(a.severity, &b.file, b.line, &b.code))
    });
    let mut assets = w.assets;
    for r in &w.resources {
        if let Some(cat) = ai_resource_category(r) {
            assets.push(Asset {
                kind: AssetKind::CloudResource,
                name: r.name.clone(),
                version: model_version(r),
                category: cat.to_owned(),
                ecosystem: None,
                vendor: None,
                sha256: None,
                size: None,
                detail: Some(r.rtype.clone()),
                card: None,
                file: r.file.clone(),
                line: r.line,
            });
        }
    }
    assets.sort_by(|a, b| {
        (a.kind, &a.file, a.line, &a.name).cmp(&(b.kind, &b.file, b.line, &b.name))
    });
    // Parsers copy property values verbatim: a key written into an app setting would otherwise
    // reach the JSON report's resources.
    let mut resources = w.resources;
    let secrets = Redactor::new(w.secrets);
    for r in &mut resources {
        secrets.value(&mut r.body);
        r.text = std::sync::OnceLock::new();
    }
    for a in &mut assets {
        if let Some(d) = &mut a.detail {
            secrets.string(d);
        }
    }
    for f in &mut findings {
        secrets.string(&mut f.message);
    }
    ScanReport {
        tool_version: env!("CARGO_PKG_VERSION").into(),
        root: root.display().to_string(),
        files_scanned: w.files,
        assets,
        resources,
        links,
        findings,
        errors: w.errors,
    }
}

/// What a redacted secret is replaced with.
const REDACTED: &str = "[redacted]";

/// Replaces the secret values found during the walk wherever they were copied.
struct Redactor(Vec<String>);

impl Redactor {
    fn new(mut secrets: Vec<String>) -> Self {
        // Longest first, so a secret containing another is replaced whole. Very short matches
        // are not secrets worth hiding and would mangle unrelated text.
        secrets.retain(|s| s.len() >= 8);
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        Redactor(secrets)
    }

    fn string(&self, s: &mut String) {
        for secret in &self.0 {
            if s.contains(secret.as_str()) {
                *s = s.replace(secret.as_str(), REDACTED);
            }
        }
    }

    /// Redacts found secrets anywhere in `v`, and the literal value of any property whose name
    /// says it holds a credential (a key no recogniser knows is still a key).
    fn value(&self, v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => self.string(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| self.value(x)),
            serde_json::Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    if let serde_json::Value::String(s) = x
                        && credential_name(k)
                        && literal_credential(s)
                    {
                        *s = REDACTED.to_owned();
                    } else {
                        self.value(x);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `primary_access_key`, `apiKey`, `client_secret`, `AZURE_OPENAI_API_KEY`, `password`,
/// `connectionString`, ... but not `key_vault_id`, `keySource`, `customer_managed_key`.
fn credential_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let not_secret = [
        "managedkey",
        "publickey",
        "keyid",
        "keyname",
        "keyversion",
        "keyurl",
    ];
    (n.ends_with("key") && !not_secret.iter().any(|x| n.ends_with(x)))
        || ["secret", "password", "passwd", "token", "connectionstring"]
            .iter()
            .any(|x| n.contains(x))
}

/// A value written in the file, not an expression the parser left unresolved, a reference or a
/// placeholder too short to be a credential.
fn literal_credential(s: &str) -> bool {
    s.len() >= 8 && !s.starts_with("${") && !s.starts_with('[') && !s.starts_with(REDACTED)
}

/// The AI-BOM category of an IaC resource, when it is an AI resource.
pub fn ai_resource_category(r: &Resource) -> Option<&'static str> {
    let t = r.rtype.to_ascii_lowercase();
    if r.iac == IacKind::Kubernetes {
        return crate::rules::k8s_model_server(r).map(|_| "model-server");
    }
    Some(match t.as_str() {
        "microsoft.cognitiveservices/accounts"
        | "azurerm_cognitive_account"
        | "azurerm_ai_services" => "ai-service",
        "microsoft.cognitiveservices/accounts/deployments" | "azurerm_cognitive_deployment" => {
            "model-deployment"
        }
        "microsoft.machinelearningservices/workspaces"
        | "azurerm_machine_learning_workspace"
        | "azurerm_ai_foundry"
        | "azurerm_ai_foundry_project" => "ml-workspace",
        "microsoft.machinelearningservices/workspaces/onlineendpoints" => "model-endpoint",
        "microsoft.search/searchservices" | "azurerm_search_service" => "vector-store",
        "aws_bedrockagent_agent" => "agent",
        "aws_bedrock_custom_model" | "aws_sagemaker_model" => "model-deployment",
        "aws_sagemaker_endpoint_configuration" | "google_vertex_ai_endpoint" => "model-endpoint",
        "aws_bedrock_guardrail"
        | "microsoft.cognitiveservices/accounts/raipolicies"
        | "azurerm_cognitive_account_rai_policy" => "guardrail",
        _ => return None,
    })
}

fn model_version(r: &Resource) -> Option<String> {
    r.str_at("properties.model.version")
        .or_else(|| r.str_at("model.version"))
        .map(str::to_owned)
}

/// A baseline file: the fingerprints of accepted findings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Accepted fingerprints.
    pub fingerprints: BTreeSet<String>,
}

impl Baseline {
    /// The baseline of a report's active findings.
    pub fn of(report: &ScanReport) -> Baseline {
        Baseline {
            version: 1,
            fingerprints: report.active().map(|f| f.fingerprint.clone()).collect(),
        }
    }
}
