//! Report writers: table, JSON, SARIF 2.1.0, CycloneDX 1.6 and SPDX 3.0.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use moat_core::Severity;
use serde_json::{Value, json};

use crate::discover::AssetKind;
use crate::scan::{ScanReport, meta};

/// A readable table of findings, assets and file errors, with a summary.
pub fn table(r: &ScanReport) -> String {
    let mut s = String::new();
    let active: Vec<_> = r.active().collect();
    if !active.is_empty() {
        let _ = writeln!(
            s,
            "{:<9} {:<11} {:<40} message",
            "severity", "code", "location"
        );
        for f in &active {
            let loc = format!("{}:{}", f.file, f.line);
            let _ = writeln!(
                s,
                "{:<9} {:<11} {:<40} {}: {}",
                f.severity.as_str(),
                f.code,
                loc,
                f.title,
                f.message
            );
        }
        s.push('\n');
    }
    if !r.assets.is_empty() {
        let _ = writeln!(s, "AI assets:");
        for a in &r.assets {
            let v = a
                .version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {:<15} {:<20} {}{}  ({}:{})",
                kind_str(a.kind),
                a.category,
                a.name,
                v,
                a.file,
                a.line
            );
        }
        s.push('\n');
    }
    for e in &r.errors {
        let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = writeln!(s, "error: {}{}: {}", e.file, line, e.reason);
    }
    let mut by_sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in &active {
        *by_sev.entry(f.severity).or_default() += 1;
    }
    let sev: Vec<String> = by_sev
        .iter()
        .rev()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    let suppressed = r.findings.len() - active.len();
    let _ = writeln!(
        s,
        "summary: {} files, {} AI assets, {} IaC resources, {} findings ({}), {} suppressed, {} file errors",
        r.files_scanned,
        r.assets.len(),
        r.resources.len(),
        active.len(),
        if sev.is_empty() {
            "none".into()
        } else {
            sev.join(", ")
        },
        suppressed,
        r.errors.len()
    );
    s
}

fn kind_str(k: AssetKind) -> &'static str {
    match k {
        AssetKind::Library => "library",
        AssetKind::Model => "model",
        AssetKind::Notebook => "notebook",
        AssetKind::Prompt => "prompt",
        AssetKind::McpServer => "mcp-server",
        AssetKind::Endpoint => "endpoint",
        AssetKind::CloudResource => "cloud-resource",
    }
}

/// The report as JSON.
pub fn json(r: &ScanReport) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// The OASIS SARIF 2.1.0 schema (errata 01) that the SARIF output declares and is tested against.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF 2.1.0, as GitHub code scanning reads it.
pub fn sarif(r: &ScanReport) -> Value {
    let codes: BTreeSet<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
    let mut rules = Vec::new();
    let mut index = BTreeMap::new();
    for code in codes {
        let Some((code, name, severity, title, doc)) = meta(code) else {
            continue;
        };
        index.insert(code, rules.len());
        rules.push(json!({
            "id": code,
            "name": name,
            "shortDescription": {"text": title},
            "fullDescription": {"text": title},
            "help": {"text": doc, "markdown": doc},
            "defaultConfiguration": {"level": sarif_level(severity)},
            "properties": {"security-severity": security_severity(severity), "tags": ["security", "ai"]}
        }));
    }
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let mut res = json!({
                "ruleId": f.code,
                "ruleIndex": index.get(f.code.as_str()).copied().unwrap_or(0),
                "level": sarif_level(f.severity),
                "message": {"text": format!("{}: {}", f.title, f.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line.max(1)}
                }}],
                "partialFingerprints": {"moat/v1": f.fingerprint}
            });
            if let Some(why) = &f.suppressed {
                // A baseline lives outside the source; `moat:ignore` comments inside it.
                let kind = if why == "baseline" {
                    "external"
                } else {
                    "inSource"
                };
                res["suppressions"] = json!([{"kind": kind, "justification": why}]);
            }
            res
        })
        .collect();
    let notifications: Vec<Value> = r
        .errors
        .iter()
        .map(|e| {
            let mut loc = json!({"physicalLocation": {"artifactLocation": {"uri": e.file, "uriBaseId": "%SRCROOT%"}}});
            if let Some(l) = e.line {
                loc["physicalLocation"]["region"] = json!({"startLine": l.max(1)});
            }
            json!({"level": "warning", "message": {"text": e.reason}, "locations": [loc]})
        })
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "moat",
                "informationUri": "https://example.invalid/moat",
                "semanticVersion": r.tool_version,
                "rules": rules
            }},
            "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notifications}],
            "results": results
        }]
    })
}

fn purl(eco: &str, name: &str, version: Option<&str>) -> String {
    let ty = match eco {
        "golang" => "golang",
        "pypi" => "pypi",
        "npm" => "npm",
        "cargo" => "cargo",
        "nuget" => "nuget",
        _ => "maven",
    };
    let path = match eco {
        "npm" if name.starts_with('@') => name.replacen('@', "%40", 1),
        "maven" => name.replacen(':', "/", 1),
        "pypi" => name.to_ascii_lowercase().replace('_', "-"),
        _ => name.to_owned(),
    };
    match version.filter(|v| {
        v.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_+".contains(c))
    }) {
        Some(v) => format!("pkg:{ty}/{path}@{v}"),
        None => format!("pkg:{ty}/{path}"),
    }
}

/// An AI-BOM in CycloneDX 1.6 JSON: libraries for AI SDKs, `machine-learning-model` components
/// for model files and model deployments, services for endpoints and MCP servers.
pub fn cyclonedx(r: &ScanReport, serial: &str, timestamp: &str) -> Value {
    let mut components = Vec::new();
    let mut services = Vec::new();
    let mut refs = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, a) in r.assets.iter().enumerate() {
        let bom_ref = format!("asset-{i}");
        let loc = json!({"name": "moat:location", "value": format!("{}:{}", a.file, a.line)});
        let cat = json!({"name": "moat:category", "value": a.category});
        match a.kind {
            AssetKind::Library => {
                let eco = a.ecosystem.as_deref().unwrap_or("");
                let p = purl(eco, &a.name, a.version.as_deref());
                if !seen.insert(p.clone()) {
                    continue;
                }
                let mut c = json!({"type": "library", "bom-ref": bom_ref, "name": a.name, "purl": p, "properties": [cat, loc]});
                if let Some(v) = &a.version {
                    c["version"] = json!(v);
                }
                if let Some(v) = &a.vendor {
                    c["publisher"] = json!(v);
                }
                components.push(c);
            }
            AssetKind::Model => {
                let mut c = json!({"type": "machine-learning-model", "bom-ref": bom_ref, "name": a.name, "properties": [cat, loc]});
                if let Some(h) = &a.sha256 {
                    c["hashes"] = json!([{"alg": "SHA-256", "content": h}]);
                }
                if let Some(card) = &a.card {
                    let mut mp = serde_json::Map::new();
                    if let Some(t) = &card.task {
                        mp.insert("task".into(), json!(t));
                    }
                    if let Some(f) = &card.family {
                        mp.insert("architectureFamily".into(), json!(f));
                    }
                    if let Some(m) = &card.architecture {
                        mp.insert("modelArchitecture".into(), json!(m));
                    }
                    if !card.datasets.is_empty() {
                        let ds: Vec<Value> = card
                            .datasets
                            .iter()
                            .map(|d| json!({"type": "dataset", "name": d}))
                            .collect();
                        mp.insert("datasets".into(), json!(ds));
                    }
                    if !mp.is_empty() {
                        c["modelCard"] = json!({"modelParameters": mp});
                    }
                    if let Some(l) = &card.license {
                        c["licenses"] = json!([{"license": {"name": l}}]);
                    }
                }
                components.push(c);
            }
            AssetKind::CloudResource if a.category == "model-deployment" => {
                let mut c = json!({"type": "machine-learning-model", "bom-ref": bom_ref, "name": a.name, "properties": [cat, loc, {"name": "moat:resource-type", "value": a.detail.clone().unwrap_or_default()}]});
                if let Some(v) = &a.version {
                    c["version"] = json!(v);
                }
                components.push(c);
            }
            AssetKind::Endpoint => {
                if !seen.insert(a.name.clone()) {
                    continue;
                }
                let mut s = json!({"bom-ref": bom_ref, "name": a.name, "endpoints": [format!("https://{}", a.name)], "properties": [cat, loc]});
                if let Some(v) = &a.vendor {
                    s["provider"] = json!({"name": v});
                }
                services.push(s);
            }
            AssetKind::McpServer => {
                let mut s = json!({"bom-ref": bom_ref, "name": a.name, "properties": [{"name": "moat:mcp-transport", "value": a.category}, loc]});
                if let Some(d) = &a.detail {
                    if d.starts_with("http") {
                        s["endpoints"] = json!([d]);
                    } else {
                        s["description"] = json!(d);
                    }
                }
                services.push(s);
            }
            AssetKind::Notebook | AssetKind::Prompt | AssetKind::CloudResource => {
                let mut c = json!({"type": if a.kind == AssetKind::CloudResource { "platform" } else { "file" }, "bom-ref": bom_ref, "name": a.name, "properties": [cat, loc]});
                if let Some(h) = &a.sha256 {
                    c["hashes"] = json!([{"alg": "SHA-256", "content": h}]);
                }
                if let Some(d) = &a.detail {
                    c["description"] = json!(d);
                }
                components.push(c);
            }
        }
        refs.push(bom_ref);
    }
    let root_ref = "root";
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial,
        "version": 1,
        "metadata": {
            "timestamp": timestamp,
            "tools": {"components": [{"type": "application", "name": "moat", "version": r.tool_version}]},
            "component": {"type": "application", "bom-ref": root_ref, "name": root_name(&r.root)}
        },
        "components": components,
        "services": services,
        "dependencies": [{"ref": root_ref, "dependsOn": refs}]
    })
}

fn root_name(root: &str) -> String {
    std::path::Path::new(root)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.to_owned())
}

/// SPDX 3.0.1 JSON-LD with the AI profile: `ai_AIPackage` for models and deployments,
/// `software_Package` for libraries, and a `dependsOn` relationship from the scanned
/// application to each of them.
pub fn spdx(r: &ScanReport, ns: &str, timestamp: &str) -> Value {
    let agent = format!("{ns}#moat-agent");
    let tool = format!("{ns}#moat");
    let root = format!("{ns}#application");
    let mut graph = vec![
        json!({"type": "CreationInfo", "@id": "_:creation", "specVersion": "3.0.1", "created": timestamp, "createdBy": [agent], "createdUsing": [tool]}),
        json!({"type": "SoftwareAgent", "spdxId": agent, "creationInfo": "_:creation", "name": "moat"}),
        json!({"type": "Tool", "spdxId": tool, "creationInfo": "_:creation", "name": format!("moat {}", r.tool_version)}),
        json!({"type": "software_Package", "spdxId": root, "creationInfo": "_:creation", "name": root_name(&r.root), "software_primaryPurpose": "application"}),
    ];
    let mut elements = vec![agent.clone(), tool.clone(), root.clone()];
    let mut deps = Vec::new();
    let mut suppliers = BTreeSet::new();
    for (i, a) in r.assets.iter().enumerate() {
        let id = format!("{ns}#asset-{i}");
        let mut el = match a.kind {
            AssetKind::Model => {
                let mut e = json!({"type": "ai_AIPackage", "spdxId": id, "creationInfo": "_:creation", "name": a.name, "software_primaryPurpose": "model", "software_downloadLocation": "NOASSERTION", "releaseTime": timestamp});
                if let Some(h) = &a.sha256 {
                    e["verifiedUsing"] =
                        json!([{"type": "Hash", "algorithm": "sha256", "hashValue": h}]);
                }
                if let Some(card) = &a.card {
                    if let Some(m) = card.architecture.as_ref().or(card.family.as_ref()) {
                        e["ai_typeOfModel"] = json!([m]);
                    }
                    if let Some(t) = &card.task {
                        e["ai_domain"] = json!([t]);
                    }
                    if !card.datasets.is_empty() {
                        e["ai_informationAboutTraining"] =
                            json!(format!("datasets: {}", card.datasets.join(", ")));
                    }
                }
                e
            }
            AssetKind::CloudResource if a.category == "model-deployment" => {
                let mut e = json!({"type": "ai_AIPackage", "spdxId": id, "creationInfo": "_:creation", "name": a.name, "software_primaryPurpose": "model"});
                if let Some(d) = &a.detail {
                    e["comment"] = json!(d);
                }
                e
            }
            AssetKind::Library => {
                json!({"type": "software_Package", "spdxId": id, "creationInfo": "_:creation", "name": a.name, "software_primaryPurpose": "library", "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": purl(a.ecosystem.as_deref().unwrap_or(""), &a.name, a.version.as_deref())}]})
            }
            _ => continue,
        };
        if let Some(v) = &a.version {
            el["software_packageVersion"] = json!(v);
        }
        if let Some(v) = a.vendor.as_deref().filter(|v| !v.trim().is_empty()) {
            let org = format!("{ns}#supplier-{}", slug(v));
            if suppliers.insert(org.clone()) {
                graph.push(json!({"type": "Organization", "spdxId": org, "creationInfo": "_:creation", "name": v}));
                elements.push(org.clone());
            }
            el["suppliedBy"] = json!(org);
        }
        elements.push(id.clone());
        deps.push(id);
        graph.push(el);
    }
    if !deps.is_empty() {
        let rel = format!("{ns}#application-depends-on");
        graph.push(json!({"type": "Relationship", "spdxId": rel, "creationInfo": "_:creation", "from": root, "to": deps, "relationshipType": "dependsOn"}));
        elements.push(rel);
    }
    graph.push(json!({"type": "SpdxDocument", "spdxId": format!("{ns}#document"), "creationInfo": "_:creation", "name": format!("AI-BOM of {}", root_name(&r.root)), "profileConformance": ["core", "software", "ai"], "rootElement": [root], "element": elements}));
    json!({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": graph})
}

/// `OpenAI, Inc.` -> `openai-inc`: a fragment safe in an IRI.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "unknown".into()
    } else {
        out
    }
}

/// A CycloneDX serial number (`urn:uuid:...`, version-4 layout) derived from the report
/// contents and the clock, so two runs differ but need no random source.
pub fn serial_number(r: &ScanReport) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(r.root.as_bytes());
    h.update(format!("{:?}", std::time::SystemTime::now()).as_bytes());
    h.update(r.findings.len().to_le_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h.finalize()[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex::encode(b);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

/// The current UTC time as RFC 3339 (`2026-01-02T03:04:05Z`).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
