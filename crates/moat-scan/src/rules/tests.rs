#![allow(clippy::unwrap_used, clippy::panic)]
//! Registry tests: every rule has a unique code, a name, docs with the required headings, and
//! fixtures whose expected hits match what the rule reports.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::*;
use crate::parse::parse_iac;

fn fixture_dir(rule: &Rule) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("resources/test/fixtures")
        .join(rule.family.as_str())
}

/// Expected hits: `// expect: a, b` / `# expect: a, b` on the first line, or an ARM template's
/// `metadata.expect` array.
fn expected(path: &std::path::Path, text: &str) -> BTreeSet<String> {
    if path.extension().is_some_and(|e| e == "json") {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        return v["metadata"]["expect"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no metadata.expect", path.display()))
            .iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect();
    }
    let first = text.lines().next().unwrap_or("");
    let rest = first
        .trim_start_matches("//")
        .trim_start_matches('#')
        .trim()
        .strip_prefix("expect:")
        .unwrap_or_else(|| {
            panic!(
                "{}: first line must be an `expect:` comment",
                path.display()
            )
        });
    rest.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    assert!(ALL.len() >= 50, "only {} rules", ALL.len());
    for r in ALL {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            r.code.starts_with("MOAT-") && r.code.len() <= 12,
            "{}",
            r.code
        );
        assert!(
            r.name.chars().next().unwrap().is_ascii_uppercase()
                && r.name.chars().all(|c| c.is_ascii_alphanumeric())
        );
        assert_eq!(find(r.code).unwrap().code, r.code);
        assert_eq!(find(&r.code.to_lowercase()).unwrap().code, r.code);
        assert_eq!(find(r.name).unwrap().code, r.code);
    }
}

#[test]
fn every_rule_has_documentation() {
    for r in ALL {
        let d = r.doc_markdown();
        for h in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
            "## References",
        ] {
            assert!(d.contains(h), "{} doc lacks `{h}`", r.code);
        }
        let refs = d.split("## References").nth(1).unwrap();
        assert!(
            refs.contains("MCSB") || refs.contains("CIS"),
            "{} cites no benchmark control",
            r.code
        );
        assert!(!r.title.ends_with('.'), "{}", r.code);
    }
}

#[test]
fn every_rule_has_fixtures_and_they_hold() {
    for rule in ALL {
        let dir = fixture_dir(rule);
        let mut found = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap();
            if stem != rule.code {
                continue;
            }
            found += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.file_name().unwrap().to_str().unwrap();
            let parsed = parse_iac(file, &text).unwrap_or_else(|| panic!("{file}: not IaC"));
            assert!(parsed.error.is_none(), "{file}: {:?}", parsed.error);
            let want = expected(&path, &text);
            assert!(
                !want.is_empty(),
                "{file}: a fixture needs at least one positive case"
            );
            let got: BTreeSet<String> = parsed
                .resources
                .iter()
                .filter(|r| (rule.check)(r, &parsed.resources).is_some())
                .map(|r| r.name.clone())
                .collect();
            assert_eq!(got, want, "{file}: hits differ from the expect line");
            // Negative cases: every fixture declares at least one resource of the rule's kind that
            // does not hit (or the positive cases are all it has, which we refuse).
            assert!(
                parsed.resources.len() > want.len(),
                "{file}: no negative case"
            );
        }
        assert!(found > 0, "{}: no fixture in {}", rule.code, dir.display());
    }
}

/// The code blocks of a rule doc's `Use instead:` part, with their language.
fn fixes(doc: &str) -> Vec<(String, String)> {
    let Some(after) = doc.split("Use instead:").nth(1) else {
        return Vec::new();
    };
    let after = after.split("\n## ").next().unwrap_or("");
    let mut out = Vec::new();
    let mut lines = after.lines();
    while let Some(l) = lines.next() {
        if let Some(lang) = l.trim().strip_prefix("```")
            && !lang.is_empty()
        {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            out.push((lang.to_owned(), body.join("\n")));
        }
    }
    out
}

#[test]
fn every_azure_rule_shows_the_fix_in_arm_bicep_and_terraform_and_the_fixes_hold() {
    for rule in ALL {
        let doc = rule.doc_markdown();
        let blocks = fixes(&doc);
        let langs: BTreeSet<&str> = blocks.iter().map(|(l, _)| l.as_str()).collect();
        if rule.family.as_str().starts_with("azure") {
            for want in ["json", "bicep"] {
                assert!(langs.contains(want), "{}: no `{want}` fix", rule.code);
            }
            // Azure ML online endpoints have no azurerm resource (azapi only).
            if !rule.code.starts_with("MOAT-ML01") {
                assert!(langs.contains("hcl"), "{}: no `hcl` fix", rule.code);
            }
        }
        assert!(!blocks.is_empty(), "{}: no fix example", rule.code);
        for (lang, body) in &blocks {
            let (file, text) = match lang.as_str() {
                "json" => (
                    "fix.json",
                    format!(
                        "{{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"contentVersion\": \"1.0.0.0\", \"resources\": [{body}]}}"
                    ),
                ),
                "bicep" => ("fix.bicep", body.clone()),
                "hcl" => ("fix.tf", body.clone()),
                "yaml" => ("fix.yaml", body.clone()),
                other => panic!("{}: unknown fence `{other}`", rule.code),
            };
            let parsed = parse_iac(file, &text)
                .unwrap_or_else(|| panic!("{} {lang} fix is not IaC:\n{text}", rule.code));
            assert!(
                parsed.error.is_none(),
                "{} {lang} fix does not parse: {:?}\n{text}",
                rule.code,
                parsed.error
            );
            assert!(
                !parsed.resources.is_empty(),
                "{} {lang} fix declares nothing",
                rule.code
            );
            for r in &parsed.resources {
                let h = (rule.check)(r, &parsed.resources);
                assert!(
                    h.is_none(),
                    "{} {lang} fix still hits `{}`: {:?}\n{text}",
                    rule.code,
                    r.name,
                    h
                );
            }
        }
    }
}
