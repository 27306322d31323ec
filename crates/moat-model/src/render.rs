//! Output formats for scan reports: a human table, JSON and SARIF 2.1.0.

use moat_core::Severity;
use serde_json::{Value, json};

use crate::FileReport;

/// The JSON form: one object per scanned file.
pub fn json(reports: &[FileReport]) -> String {
    serde_json::to_string_pretty(reports).unwrap_or_else(|_| "[]".to_owned())
}

/// A plain-text table, one line per finding (files without findings get one line each).
pub fn table(reports: &[FileReport]) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "VERDICT".into(),
        "FORMAT".into(),
        "SEVERITY".into(),
        "RULE".into(),
        "PATH / MESSAGE".into(),
    ]];
    for r in reports {
        if r.findings.is_empty() {
            rows.push([
                r.verdict.as_str().into(),
                r.format.clone(),
                "-".into(),
                "-".into(),
                r.path.clone(),
            ]);
        }
        for f in &r.findings {
            let mut place = r.path.clone();
            if let Some(m) = &f.member {
                place.push('!');
                place.push_str(m);
            }
            if let Some(o) = f.offset {
                place.push_str(&format!("@{o}"));
            }
            rows.push([
                r.verdict.as_str().into(),
                r.format.clone(),
                f.severity.as_str().into(),
                f.rule.clone(),
                format!("{place}: {}", f.message),
            ]);
        }
    }
    let mut widths = [0usize; 4];
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        for (i, w) in widths.iter().enumerate() {
            out.push_str(&format!("{:<w$}  ", row[i], w = *w));
        }
        out.push_str(&row[4]);
        out.push('\n');
    }
    let bad = reports
        .iter()
        .filter(|r| r.verdict == crate::Verdict::Malicious)
        .count();
    let sus = reports
        .iter()
        .filter(|r| r.verdict == crate::Verdict::Suspicious)
        .count();
    let err = reports
        .iter()
        .filter(|r| r.verdict == crate::Verdict::Error)
        .count();
    out.push_str(&format!(
        "{} files: {bad} malicious, {sus} suspicious, {err} errors\n",
        reports.len()
    ));
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// SARIF 2.1.0 with one result per finding; offsets become `region.byteOffset`.
pub fn sarif(reports: &[FileReport]) -> String {
    let mut rules: Vec<String> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.rule.clone()))
        .collect();
    rules.sort();
    rules.dedup();
    let rule_objs: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r,
                "name": r,
                "shortDescription": {"text": crate::scanner::rule_summary(r)},
                "helpUri": "https://example.invalid/moat/docs/model.md"
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for f in &r.findings {
            let mut region = serde_json::Map::new();
            if let (Some(o), None) = (f.offset, &f.member) {
                region.insert("byteOffset".into(), json!(o));
            }
            let mut loc = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": r.path.replace('\\', "/")},
                }
            });
            if !region.is_empty() {
                loc["physicalLocation"]["region"] = Value::Object(region);
            }
            let mut text = f.message.clone();
            if let Some(m) = &f.member {
                text = format!("{m}: {text}");
            }
            let mut res = json!({
                "ruleId": f.rule,
                "ruleIndex": rules.iter().position(|x| *x == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [loc],
                "properties": {"severity": f.severity.as_str(), "verdict": r.verdict.as_str(), "format": r.format},
            });
            if let Some(s) = &f.symbol {
                res["properties"]["symbol"] = json!(s);
            }
            results.push(res);
        }
    }
    let doc = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "moat-model",
                "informationUri": "https://example.invalid/moat",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_objs,
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_owned())
}
