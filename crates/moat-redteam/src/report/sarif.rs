use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Report;
use crate::taxonomy::{Owasp, atlas_name};

/// SARIF 2.1.0: one rule per probe that ran, one `error` result per successful attack, and a
/// notification per attack that could not be judged.
pub fn to_sarif(r: &Report) -> String {
    let mut rules: BTreeMap<&str, Value> = BTreeMap::new();
    for res in &r.results {
        rules.entry(res.probe.as_str()).or_insert_with(|| {
            let owasp_title = Owasp::parse(&res.owasp).map(|o| o.title()).unwrap_or("");
            json!({
                "id": res.probe,
                "name": res.family,
                "shortDescription": {"text": format!("{} probe `{}`", res.family, res.probe)},
                "fullDescription": {"text": format!(
                    "{} {} / ATLAS {} {}", res.owasp, owasp_title, res.atlas,
                    atlas_name(&res.atlas).unwrap_or(""))},
                "properties": {
                    "tags": ["security", res.owasp, res.atlas, res.family],
                    "owasp": res.owasp,
                    "atlas": res.atlas,
                    "atlasVersion": r.run.atlas_version,
                },
            })
        });
    }
    let rule_index: BTreeMap<&str, usize> =
        rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let results: Vec<Value> = r
        .results
        .iter()
        .filter(|x| x.success)
        .map(|x| {
            json!({
                "ruleId": x.probe,
                "ruleIndex": rule_index.get(x.probe.as_str()).copied().unwrap_or(0),
                "level": "error",
                "message": {"text": format!(
                    "attack `{}` succeeded against {} (judge: {}{})",
                    x.id, r.run.model, x.judge,
                    x.evidence.as_deref().map(|e| format!(", evidence: {e}")).unwrap_or_default())},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": r.run.target}},
                    "logicalLocations": [{"name": r.run.model, "kind": "module"}],
                }],
                "partialFingerprints": {"moatAttack/v1": x.id},
                "properties": {
                    "owasp": x.owasp,
                    "atlas": x.atlas,
                    "converter": x.converter,
                    "judge": x.judge,
                    "prompt": x.prompt,
                    "response": x.response,
                },
            })
        })
        .collect();
    let notifications: Vec<Value> = r
        .unjudged
        .iter()
        .map(|u| {
            json!({
                "level": "warning",
                "message": {"text": format!("attack `{}` could not be judged: {}", u.id, u.error)},
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "moat",
                "semanticVersion": r.run.moat_version,
                "informationUri": "https://example.invalid/moat",
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            "properties": {
                "summary": r.summary,
                "atlasVersion": r.run.atlas_version,
                "owaspVersion": r.run.owasp_version,
            },
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        let v: Value = serde_json::from_str(&to_sarif(&super::super::tests::sample())).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["results"].as_array().unwrap().len(), 1);
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 4);
        let idx = run["results"][0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][idx]["id"],
            run["results"][0]["ruleId"]
        );
        assert_eq!(
            run["invocations"][0]["toolExecutionNotifications"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}
