//! Table-driven test of every built-in PII recogniser and secret rule: each positive example
//! must produce a finding of the rule's entity type, each negative must not trigger the rule.
#![allow(clippy::unwrap_used)]

use moat_guard::dlp::{Category, DlpConfig, Scanner, builtin_rules};

#[test]
fn every_rule_has_examples_and_unique_ids() {
    let rules = builtin_rules();
    let secrets: Vec<_> = rules
        .iter()
        .filter(|r| r.category == Category::Secret)
        .collect();
    assert!(secrets.len() >= 120, "only {} secret rules", secrets.len());
    let mut entities: Vec<&str> = rules
        .iter()
        .filter(|r| r.category == Category::Pii)
        .map(|r| r.entity.as_str())
        .collect();
    entities.sort_unstable();
    entities.dedup();
    assert!(
        entities.len() >= 20,
        "only {} PII entity types",
        entities.len()
    );
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate rule ids");
    for r in &rules {
        assert!(!r.negatives.is_empty(), "{} has no negative example", r.id);
        if r.category == Category::Secret {
            assert!(
                r.id.starts_with("MOAT-S") && r.id.len() == 9,
                "bad id {}",
                r.id
            );
        }
    }
}

#[test]
fn positives_are_found() {
    let scanner = Scanner::new(&DlpConfig::default()).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in builtin_rules() {
        for p in r.positives {
            checked += 1;
            let found = scanner.scan_explained(p);
            if !found
                .iter()
                .any(|(f, id)| *id == r.id || f.entity == r.entity)
            {
                failures.push(format!("{} ({}) missed: {p:?} -> {found:?}", r.id, r.name));
            }
        }
    }
    assert!(checked > 250, "only {checked} positive examples");
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn negatives_do_not_trigger_the_rule() {
    let scanner = Scanner::new(&DlpConfig::default()).unwrap();
    let mut failures = Vec::new();
    for r in builtin_rules() {
        for n in r.negatives {
            let found = scanner.scan_explained(n);
            if found.iter().any(|(_, id)| *id == r.id) {
                failures.push(format!("{} ({}) fired on {n:?}: {found:?}", r.id, r.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} false hits:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn spans_point_at_the_value() {
    let scanner = Scanner::new(&DlpConfig::default()).unwrap();
    let text = "mail bob.smith@corp-mail.io, key AKIAQWERTYUIOPASDFGHJ and ok";
    let f = scanner.scan(text);
    let values: Vec<&str> = f.iter().map(|f| &text[f.span.range()]).collect();
    assert!(values.contains(&"bob.smith@corp-mail.io"), "{values:?}");
    assert!(
        !values.iter().any(|v| v.contains("AKIAQWERTYUIOPASDFGHJ")),
        "21 chars is not a key id: {values:?}"
    );
    let text = "key AKIAQWERTYUIOPASDFGH.";
    let f = scanner.scan(text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&text[f[0].span.range()], "AKIAQWERTYUIOPASDFGH");
    assert_eq!(f[0].entity, "AWS_ACCESS_KEY_ID");
}
