//! Configuration, policy and actions: labels and the block threshold, per-entity actions,
//! custom patterns, allow-lists, config errors, apply() and the vault.
#![allow(clippy::unwrap_used)]

use moat_core::{Action, Confidence};
use moat_guard::dlp::{
    AllowList, Category, CustomPattern, CustomValidator, DlpConfig, EntityPolicy, Scanner, Vault,
    apply,
};

fn scanner(c: &DlpConfig) -> Scanner {
    Scanner::new(c).unwrap()
}

#[test]
fn default_actions_mask_pii_and_redact_secrets() {
    let s = scanner(&DlpConfig::default());
    let text = "Email ada@analytical.org, key AKIAQWERTYUIOPASDFGH";
    let f = s.scan(text);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].action, Action::Mask);
    assert_eq!(f[0].label.as_deref(), Some("Confidential"));
    assert_eq!(f[1].category, Category::Secret);
    assert_eq!(f[1].action, Action::Redact);
    let mut vault = Vault::new();
    let out = apply(text, &f, &mut vault);
    assert_eq!(out.text, "Email [EMAIL_ADDRESS_1], key [REDACTED]");
    assert!(!out.blocked);
    assert_eq!(out.replacements.len(), 2);
    assert_eq!(
        &out.text[out.replacements[0].replaced.range()],
        "[EMAIL_ADDRESS_1]"
    );
    // Masked values are not restorable.
    assert_eq!(vault.restore("[EMAIL_ADDRESS_1]"), "[EMAIL_ADDRESS_1]");
}

#[test]
fn block_at_or_above_label_unless_entity_says_otherwise() {
    let mut c = DlpConfig {
        block_at_or_above: Some("highly confidential".into()),
        ..DlpConfig::default()
    };
    let text = "card 4111 1111 1111 1111 and mail ada@analytical.org";
    let f = scanner(&c).scan(text);
    let card = f.iter().find(|f| f.entity == "CREDIT_CARD").unwrap();
    let mail = f.iter().find(|f| f.entity == "EMAIL_ADDRESS").unwrap();
    assert_eq!(card.action, Action::Block);
    assert_eq!(mail.action, Action::Mask);
    let out = apply(text, &f, &mut Vault::new());
    assert!(out.blocked);
    assert!(!out.text.contains("4111"), "{}", out.text);

    c.entities.insert(
        "CREDIT_CARD".into(),
        EntityPolicy {
            action: Some(Action::Hash),
            ..Default::default()
        },
    );
    c.entities.insert(
        "EMAIL_ADDRESS".into(),
        EntityPolicy {
            label: Some("Highly Confidential".into()),
            ..Default::default()
        },
    );
    let f = scanner(&c).scan(text);
    let card = f.iter().find(|f| f.entity == "CREDIT_CARD").unwrap();
    let mail = f.iter().find(|f| f.entity == "EMAIL_ADDRESS").unwrap();
    assert_eq!(card.action, Action::Hash);
    assert_eq!(mail.action, Action::Block);
    let out = apply(text, &f, &mut Vault::with_hash_key(b"k"));
    assert!(out.text.starts_with("card [CREDIT_CARD:"), "{}", out.text);
    // Same key and value: same hash; another key: another hash.
    let again = apply(text, &f, &mut Vault::with_hash_key(b"k"));
    let other = apply(text, &f, &mut Vault::with_hash_key(b"j"));
    assert_eq!(out.text, again.text);
    assert_ne!(out.text, other.text);
}

#[test]
fn custom_labels_and_errors() {
    let c = DlpConfig {
        labels: vec!["open".into(), "internal".into(), "secret".into()],
        block_at_or_above: Some("secret".into()),
        ..DlpConfig::default()
    };
    let f = scanner(&c).scan("key AKIAQWERTYUIOPASDFGH");
    assert_eq!(f[0].label.as_deref(), Some("secret"));
    assert_eq!(f[0].action, Action::Block);

    let bad = DlpConfig {
        block_at_or_above: Some("Top Secret".into()),
        ..DlpConfig::default()
    };
    let e = Scanner::new(&bad).unwrap_err();
    assert_eq!(e.field, "dlp.block_at_or_above");
    assert!(e.message.contains("`Top Secret`"), "{e}");

    let mut bad = DlpConfig::default();
    bad.entities.insert("EMAIL".into(), EntityPolicy::default());
    assert_eq!(Scanner::new(&bad).unwrap_err().field, "dlp.entities.EMAIL");

    let bad = DlpConfig {
        custom: vec![CustomPattern {
            name: "TICKET".into(),
            pattern: Some("([a-z".into()),
            ..Default::default()
        }],
        ..DlpConfig::default()
    };
    let e = Scanner::new(&bad).unwrap_err();
    assert_eq!(e.field, "dlp.custom[0].pattern");

    // Patterns are searched over bytes, but one that could match invalid UTF-8 is refused.
    let bad = DlpConfig {
        custom: vec![CustomPattern {
            name: "RAW".into(),
            pattern: Some(r"(?-u:\xFF)".into()),
            ..Default::default()
        }],
        ..DlpConfig::default()
    };
    let e = Scanner::new(&bad).unwrap_err();
    assert_eq!(e.field, "dlp.custom[0].pattern");
    assert!(e.message.contains("invalid regex"), "{e}");
    let bad = DlpConfig {
        allow: AllowList {
            values: vec![],
            patterns: vec![r"(?-u:\xFF)+".into()],
        },
        ..DlpConfig::default()
    };
    assert_eq!(
        Scanner::new(&bad).unwrap_err().field,
        "dlp.allow.patterns[0]"
    );

    // An empty context word would match everywhere: refused, naming the word.
    let bad = DlpConfig {
        custom: vec![CustomPattern {
            name: "TICKET".into(),
            pattern: Some("TK-[0-9]{6}".into()),
            context: vec!["ticket".into(), " ".into()],
            ..Default::default()
        }],
        ..DlpConfig::default()
    };
    let e = Scanner::new(&bad).unwrap_err();
    assert_eq!(e.field, "dlp.custom[0].context[1]");

    let bad = DlpConfig {
        disabled_rules: vec!["MOAT-S999".into()],
        ..DlpConfig::default()
    };
    assert!(Scanner::new(&bad).is_err());
}

#[test]
fn disabled_entities_and_rules_and_confidence_floor() {
    let text = "mail ada@analytical.org key AKIAQWERTYUIOPASDFGH";
    let mut c = DlpConfig::default();
    c.entities.insert(
        "EMAIL_ADDRESS".into(),
        EntityPolicy {
            enabled: Some(false),
            ..Default::default()
        },
    );
    c.disabled_rules.push("MOAT-S035".into());
    let f = scanner(&c).scan(text);
    assert!(f.is_empty(), "{f:?}");

    // Phone without context is low confidence: dropped by default, kept at `low`.
    let text = "0496 46 46 70";
    assert!(scanner(&DlpConfig::default()).scan(text).is_empty());
    let low = DlpConfig {
        min_confidence: Confidence::Low,
        ..DlpConfig::default()
    };
    let _ = scanner(&low).scan(text);
    let text = "Phone: 0496 46 46 70";
    let f = scanner(&DlpConfig::default()).scan(text);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].entity, "PHONE_NUMBER");
}

#[test]
fn custom_patterns_keywords_validators_context() {
    let c = DlpConfig {
        custom: vec![
            CustomPattern {
                name: "PROJECT_CODENAME".into(),
                keywords: vec!["Bluebird".into(), "night jar".into()],
                action: Some(Action::Block),
                label: Some("Highly Confidential".into()),
                ..Default::default()
            },
            CustomPattern {
                name: "EMPLOYEE_ID".into(),
                pattern: Some(r"\bEMP-([0-9]{6})\b".into()),
                prefilter: vec!["emp-".into()],
                context: vec!["employee".into()],
                confidence: Confidence::Low,
                ..Default::default()
            },
            CustomPattern {
                name: "LOYALTY_CARD".into(),
                pattern: Some(r"\bLC[0-9]{8}\b".into()),
                validator: Some(CustomValidator::Luhn),
                ..Default::default()
            },
        ],
        ..DlpConfig::default()
    };
    let s = scanner(&c);
    let f = s.scan("Project bluebird ships; bluebirds sing; the NIGHT JAR plan");
    let names: Vec<_> = f
        .iter()
        .map(|f| (f.entity.as_str(), f.span.start))
        .collect();
    assert_eq!(
        names,
        vec![("PROJECT_CODENAME", 8), ("PROJECT_CODENAME", 44)]
    );
    assert!(
        f.iter()
            .all(|f| f.action == Action::Block && f.category == Category::Custom)
    );

    // Without context the employee id stays low and is dropped; with context it is medium.
    assert!(s.scan("ref EMP-123456").is_empty());
    let text = "employee EMP-123456";
    let f = s.scan(text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&text[f[0].span.range()], "123456");

    // Luhn-valid passes, invalid does not.
    assert_eq!(s.scan("LC00000018").len(), 1);
    assert!(s.scan("LC00000017").is_empty());
}

#[test]
fn allow_lists() {
    let c = DlpConfig {
        allow: AllowList {
            values: vec!["Support@Corp-Mail.io".into()],
            patterns: vec![r"4111[ -]?1111[ -]?1111[ -]?1111".into()],
        },
        ..DlpConfig::default()
    };
    let f = scanner(&c)
        .scan("write support@corp-mail.io, card 4111 1111 1111 1111, ada@analytical.org");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].entity, "EMAIL_ADDRESS");
}

#[test]
fn pseudonymise_and_restore_whole_and_streamed() {
    let mut c = DlpConfig::default();
    for e in ["EMAIL_ADDRESS", "PERSON"] {
        c.entities.insert(
            e.into(),
            EntityPolicy {
                action: Some(Action::Pseudonymize),
                ..Default::default()
            },
        );
    }
    let text = "Hi, my name is Ada Lovelace. Mail ada@analytical.org or ada@analytical.org.";
    let f = scanner(&c).scan(text);
    let mut vault = Vault::new();
    let out = apply(text, &f, &mut vault);
    assert_eq!(
        out.text,
        "Hi, my name is [PERSON_1]. Mail [EMAIL_ADDRESS_1] or [EMAIL_ADDRESS_1]."
    );
    let reply = "Dear [PERSON_1], I wrote to [EMAIL_ADDRESS_1]; [EMAIL_ADDRESS_9] is unknown.";
    let expected =
        "Dear Ada Lovelace, I wrote to ada@analytical.org; [EMAIL_ADDRESS_9] is unknown.";
    assert_eq!(vault.restore(reply), expected);
    // Every way of cutting the reply into two chunks restores the same text.
    for cut in 0..=reply.len() {
        let mut r = vault.stream_restorer();
        let mut s = r.push(&reply[..cut]);
        s.push_str(&r.push(&reply[cut..]));
        s.push_str(&r.finish());
        assert_eq!(s, expected, "cut at {cut}");
    }
    // Byte-by-byte too.
    let mut r = vault.stream_restorer();
    let mut s = String::new();
    for ch in reply.chars() {
        s.push_str(&r.push(&ch.to_string()));
    }
    s.push_str(&r.finish());
    assert_eq!(s, expected);
}

#[test]
fn apply_ignores_bad_spans_and_overlaps() {
    use moat_core::Span;
    use moat_guard::dlp::DlpFinding;
    let f = |s, e, a| DlpFinding {
        entity: "X".into(),
        category: Category::Custom,
        span: Span::new(s, e),
        confidence: Confidence::High,
        label: None,
        action: a,
    };
    let text = "héllo world";
    let findings = vec![
        f(0, 2, Action::Redact),
        f(1, 3, Action::Redact),
        f(7, 13, Action::Mask),
        f(3, 5, Action::Mask),
    ];
    let out = apply(text, &findings, &mut Vault::new());
    // (0,2) splits `é`, (7,13) is out of bounds: ignored; (1,3) is the valid one.
    assert_eq!(out.text, "h[REDACTED][X_1]o world");
}

#[test]
fn disabled_scanner_finds_nothing() {
    let c = DlpConfig {
        enabled: false,
        ..DlpConfig::default()
    };
    assert!(scanner(&c).scan("ada@analytical.org").is_empty());
}

#[test]
fn config_deserialises_from_yaml_like_json() {
    let c: DlpConfig = serde_json::from_value(serde_json::json!({
        "min_confidence": "high",
        "block_at_or_above": "Confidential",
        "entities": {"EMAIL_ADDRESS": {"action": "pseudonymize", "label": "General"}},
        "custom": [{"name": "CODENAME", "keywords": ["falcon"], "action": "block", "confidence": "high"}],
        "allow": {"values": ["noreply@corp-mail.io"]}
    }))
    .unwrap();
    let s = scanner(&c);
    let f = s.scan("falcon to ada@analytical.org");
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(serde_json::from_value::<DlpConfig>(serde_json::json!({"bogus": 1})).is_err());
}

/// Built-in rules search bytes: a value cut at its rule's length limit inside a multi-byte
/// character is widened to the whole character, never reported mid-character.
#[test]
fn byte_matches_end_on_characters() {
    let s = scanner(&DlpConfig::default());
    // 1 + 12 * 12 bytes: the rule's 128-byte limit falls inside a two-byte letter.
    let password = format!("x{}", "ключ9Zр".repeat(12));
    for text in [
        format!("machine api.example.net login deploy password {password}"),
        format!("machine hôte.example login déploiement password {password} tail"),
    ] {
        let f = s.scan(&text);
        let netrc = f
            .iter()
            .find(|f| f.entity == "NETRC_PASSWORD")
            .unwrap_or_else(|| panic!("no netrc finding in {text}: {f:?}"));
        for f in &f {
            assert!(
                text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
                "{f:?} in {text}"
            );
        }
        assert!(text[netrc.span.range()].starts_with("xключ"));
    }
}
