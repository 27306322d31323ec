//! The IaC parsers on hostile text: ARM JSON (parameters, variables, nested templates, the
//! expression evaluator), Bicep, Terraform (one file, and a module of several files with
//! tfvars), Kubernetes YAML and JSON. The first byte picks the parser. Nothing may panic, and
//! every resource must point at a line of its file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moat_scan::parse::{parse_iac, terraform};

const NAMES: &[&str] = &["main.tf", "main.bicep", "azuredeploy.json", "k8s.yaml", "pod.json"];

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let n = usize::from(*sel);
    if n < NAMES.len() * 40 {
        let name = NAMES[n % NAMES.len()];
        // Every 5th case wraps the text as an ARM template so the evaluator sees it.
        let text = if n % NAMES.len() == 2 && n % 3 == 0 {
            format!(
                "{{\"$schema\": \"deploymentTemplate\", \"contentVersion\": \"1\", \"parameters\": {{\"p\": {{\"defaultValue\": \"x\"}}}}, \"resources\": [{{\"type\": \"A/b\", \"name\": {}}}]}}",
                serde_json::to_string(&*text).unwrap_or_default()
            )
        } else {
            text.into_owned()
        };
        if let Some(p) = parse_iac(name, &text) {
            let lines = text.lines().count().max(1);
            for r in &p.resources {
                assert!(r.line >= 1 && r.line <= lines + 1, "{name}: line {}", r.line);
            }
        }
    } else {
        // A Terraform module: the text split on NUL into files, the last one as tfvars.
        let parts: Vec<&str> = text.split('\0').collect();
        let (vars, tf) = parts.split_last().unwrap_or((&"", &[]));
        let files: Vec<(String, &str)> = tf
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("f{i}.tf"), *t))
            .collect();
        let f: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        let _ = terraform::parse_module(&f, &[("terraform.tfvars", vars)]);
    }
});
