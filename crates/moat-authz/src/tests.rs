use super::*;
use moat_core::Identity;
use proptest::prelude::*;
use serde_json::{Value, json};
use time::macros::datetime;

fn agent(id: &str, groups: &[&str]) -> Identity {
    let mut i = Identity::agent(id);
    i.groups = groups.iter().map(|g| g.to_string()).collect();
    i
}

fn user(id: &str, groups: &[&str]) -> Identity {
    let mut i = agent(id, groups);
    i.kind = PrincipalKind::User;
    i
}

fn open_route(route: &str) -> Grant {
    Grant {
        actions: ActionKind::LLM.to_vec(),
        resource: ResourcePattern::Route(route.into()),
        agents: vec![],
        users: vec![],
        groups: vec![],
    }
}

fn chat<'a>(who: &'a Identity, route: &'a str, model: &'a str, ctx: Value) -> Request<'a> {
    Request {
        principal: who,
        action: ActionKind::Chat,
        resource: Resource::Model { route, model },
        context: ctx,
    }
}

fn authz(grants: &[Grant], cedar: &str) -> Authorizer {
    Authorizer::from_sources(grants, &[("user.cedar".into(), cedar.into())]).unwrap()
}

#[test]
fn open_grant_permits_any_principal_on_its_route_only() {
    let a = authz(&[open_route("main")], "");
    let bot = agent("bot", &[]);
    let d = a.is_authorized(&chat(&bot, "main", "gpt-4o", json!({})));
    assert!(d.allowed, "{d:?}");
    assert_eq!(d.reason, "permitted");
    assert_eq!(d.policies, vec!["grant-0"]);
    let d = a.is_authorized(&chat(&bot, "other", "gpt-4o", json!({})));
    assert!(!d.allowed);
    assert_eq!(d.reason, "no_permit");
}

#[test]
fn grant_lists_name_agents_users_and_groups() {
    let g = Grant {
        actions: vec![ActionKind::Chat],
        resource: ResourcePattern::Route("r".into()),
        agents: vec!["a1".into()],
        users: vec!["u1".into()],
        groups: vec!["eng".into()],
    };
    let a = authz(&[g], "");
    let ok = |who: &Identity| a.is_authorized(&chat(who, "r", "m", json!({}))).allowed;
    assert!(ok(&agent("a1", &[])));
    assert!(ok(&user("u1", &[])));
    assert!(ok(&user("u2", &["eng"])));
    assert!(
        !ok(&agent("u1", &[])),
        "an agent named like an allowed user"
    );
    assert!(!ok(&user("a1", &[])), "a user named like an allowed agent");
    assert!(!ok(&agent("a2", &["ops"])));
    // Embeddings were not granted.
    let who = agent("a1", &[]);
    let mut r = chat(&who, "r", "m", json!({}));
    r.action = ActionKind::Embed;
    assert_eq!(a.is_authorized(&r).reason, "no_permit");
}

#[test]
fn forbid_wins_over_permit_and_names_the_policy() {
    let a = authz(
        &[open_route("main")],
        r#"@id("no-interns-on-gpt4")
forbid (principal in Moat::Group::"interns", action, resource == Moat::Model::"gpt-4o");"#,
    );
    let intern = user("ann", &["interns"]);
    let d = a.is_authorized(&chat(&intern, "main", "gpt-4o", json!({})));
    assert!(!d.allowed);
    assert_eq!(d.reason, "policy_denied");
    assert_eq!(d.policies, vec!["no-interns-on-gpt4"]);
    assert!(
        a.is_authorized(&chat(&intern, "main", "gpt-4o-mini", json!({})))
            .allowed
    );
}

#[test]
fn user_policies_without_id_are_named_by_file_and_position() {
    let a = authz(
        &[],
        "permit (principal, action, resource);\nforbid (principal == Moat::Agent::\"x\", action, resource);\n",
    );
    let d = a.is_authorized(&chat(&agent("x", &[]), "r", "m", json!({})));
    assert_eq!(d.policies, vec!["user.cedar#2"]);
    let d = a.is_authorized(&chat(&agent("y", &[]), "r", "m", json!({})));
    assert_eq!(d.policies, vec!["user.cedar#1"]);
}

#[test]
fn permit_by_group_in_user_file() {
    let a = authz(
        &[],
        r#"permit (principal in Moat::Group::"ml", action in Moat::Action::"llm", resource in Moat::Route::"r");"#,
    );
    assert!(
        a.is_authorized(&chat(&user("u", &["ml"]), "r", "m", json!({})))
            .allowed
    );
    assert!(
        !a.is_authorized(&chat(&user("u", &["hr"]), "r", "m", json!({})))
            .allowed
    );
}

#[test]
fn guard_score_policy_uses_per_mille_longs() {
    let a = authz(
        &[Grant {
            actions: vec![ActionKind::CallTool],
            resource: ResourcePattern::Server("fs".into()),
            agents: vec![],
            users: vec![],
            groups: vec![],
        }],
        r#"@id("injection")
forbid (principal, action == Moat::Action::"call_tool", resource)
when { context has guard && context.guard.injection_score > 700 };"#,
    );
    let bot = agent("bot", &[]);
    let call = |ctx: Value| Request {
        principal: &bot,
        action: ActionKind::CallTool,
        resource: Resource::Tool {
            server: "fs",
            tool: "read_file",
        },
        context: ctx,
    };
    assert!(
        a.is_authorized(&call(json!({"guard": {"injection_score": 120}})))
            .allowed
    );
    let d = a.is_authorized(&call(json!({"guard": {"injection_score": 910}})));
    assert_eq!((d.allowed, d.reason.as_str()), (false, "policy_denied"));
    assert!(a.is_authorized(&call(json!({}))).allowed);
    // The tool is addressed as server/tool.
    let r = call(json!({}));
    let Resource::Tool { .. } = r.resource else {
        unreachable!()
    };
    let other = Request {
        resource: Resource::Tool {
            server: "web",
            tool: "fetch",
        },
        ..r
    };
    assert_eq!(a.is_authorized(&other).reason, "no_permit");
}

#[test]
fn labels_policy() {
    let a = authz(
        &[open_route("r")],
        r#"@id("no-secrets-in-chat")
forbid (principal, action == Moat::Action::"chat", resource)
when { context.labels.contains("secret") };"#,
    );
    let who = agent("a", &[]);
    let d = a.is_authorized(&chat(&who, "r", "m", json!({"labels": ["pii", "secret"]})));
    assert_eq!(d.policies, vec!["no-secrets-in-chat"]);
    assert!(
        a.is_authorized(&chat(&who, "r", "m", json!({"labels": ["pii"]})))
            .allowed
    );
}

#[test]
fn a_forbid_that_cannot_be_evaluated_fails_closed() {
    // `context.labels` is missing: Cedar skips the erroring forbid; Moat refuses instead.
    let a = authz(
        &[open_route("r")],
        r#"forbid (principal, action, resource) when { context.labels.contains("secret") };"#,
    );
    let d = a.is_authorized(&chat(&agent("a", &[]), "r", "m", json!({})));
    assert!(!d.allowed);
    assert_eq!(d.reason, "policy_error");
    assert_eq!(d.policies, vec!["user.cedar#1"]);
}

#[test]
fn business_hours_policy_sees_utc_time() {
    let a = authz(
        &[open_route("r")],
        r#"@id("business-hours")
forbid (principal in Moat::Group::"contractors", action, resource)
unless { context.time.day_of_week <= 5 && context.time.hour >= 9 && context.time.hour < 18 };"#,
    );
    let c = user("c", &["contractors"]);
    let req = chat(&c, "r", "m", json!({"time": "spoofed"}));
    // 2026-11-23 is a Monday.
    assert!(
        a.is_authorized_at(&req, datetime!(2026-11-23 10:30 UTC))
            .allowed
    );
    assert!(
        !a.is_authorized_at(&req, datetime!(2026-11-23 20:00 UTC))
            .allowed
    );
    assert!(
        !a.is_authorized_at(&req, datetime!(2026-11-22 10:30 UTC))
            .allowed
    );
    // Offsets are normalised to UTC: 10:30 at +05:00 is 05:30 UTC.
    assert!(
        !a.is_authorized_at(&req, datetime!(2026-11-23 10:30 +05:00))
            .allowed
    );
    let weekday = authz(
        &[],
        r#"permit (principal, action, resource) when { context.time.weekday == "saturday" };"#,
    );
    assert!(
        weekday
            .is_authorized_at(&req, datetime!(2026-11-21 00:00 UTC))
            .allowed
    );
}

#[test]
fn hostile_names_cannot_inject_policy_text() {
    let g = Grant {
        actions: vec![],
        resource: ResourcePattern::Route("r\"); permit (principal, action, resource); //".into()),
        agents: vec!["a\\\"b\n\u{1}".into()],
        users: vec![],
        groups: vec![],
    };
    let a = authz(&[g], "");
    assert_eq!(a.policy_count(), 1);
    assert!(
        !a.is_authorized(&chat(&agent("x", &[]), "r", "m", json!({})))
            .allowed
    );
    let who = agent("a\\\"b\n\u{1}", &[]);
    let route = "r\"); permit (principal, action, resource); //";
    assert!(a.is_authorized(&chat(&who, route, "m", json!({}))).allowed);
}

#[test]
fn parse_errors_name_file_line_and_column() {
    let err = Authorizer::from_sources(
        &[],
        &[(
            "/etc/moat/p.cedar".into(),
            "permit (principal, action, resource);\n\nforbid (principal, action, resourse);\n"
                .into(),
        )],
    )
    .unwrap_err();
    let AuthzError::Parse {
        file, line, column, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((file.as_str(), *line), ("/etc/moat/p.cedar", 3));
    assert!(*column > 1, "{err}");
    assert!(err.to_string().starts_with("/etc/moat/p.cedar:3:"), "{err}");
}

#[test]
fn files_are_read_and_missing_files_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.cedar");
    std::fs::write(&p, "permit (principal, action, resource);").unwrap();
    let a = Authorizer::new(&[], std::slice::from_ref(&p)).unwrap();
    assert!(a.policy_text().contains("a.cedar"));
    let missing = dir.path().join("nope.cedar");
    let err = Authorizer::new(&[], &[missing]).unwrap_err();
    assert!(err.to_string().contains("nope.cedar: cannot read"), "{err}");
}

#[test]
fn duplicate_ids_and_templates_are_refused() {
    let err = Authorizer::from_sources(
        &[],
        &[
            (
                "a.cedar".into(),
                "@id(\"x\") permit (principal, action, resource);".into(),
            ),
            (
                "b.cedar".into(),
                "\n@id(\"x\") permit (principal, action, resource);".into(),
            ),
        ],
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("b.cedar:2:"), "{err}");
    let err = Authorizer::from_sources(
        &[],
        &[(
            "t.cedar".into(),
            "permit (principal == ?principal, action, resource);".into(),
        )],
    )
    .unwrap_err();
    assert!(err.to_string().contains("templates"), "{err}");
}

#[test]
fn version_tracks_policy_text() {
    let a = authz(&[open_route("r")], "");
    let b = authz(&[open_route("r")], "");
    let c = authz(&[open_route("s")], "");
    assert_eq!(a.version(), b.version());
    assert_ne!(a.version(), c.version());
    assert!(a.version().starts_with("sha256:"));
    assert_eq!(a.version().len(), "sha256:".len() + 16);
    assert!(a.policy_text().contains("@id(\"grant-0\")"));
    // A grant of every LLM action is written as the action group.
    assert!(
        a.policy_text().contains("action in Moat::Action::\"llm\""),
        "{}",
        a.policy_text()
    );
}

#[test]
fn context_values_convert_to_cedar_types() {
    let a = authz(
        &[],
        r#"permit (principal, action, resource) when {
  context.n == 3 && context.f == 4 && context.big == "18446744073709551615"
  && context.d.greaterThan(decimal("0.2500")) && context.s == "x"
  && context.list.contains(2) && !(context has gone) && context.nested.a.b == true
};"#,
    );
    let ctx = json!({
        "n": 3, "f": 4.0, "big": u64::MAX, "d": 0.5, "s": "x", "list": [1, 2, null],
        "gone": null, "nested": {"a": {"b": true}}
    });
    let d = a.is_authorized(&chat(&agent("a", &[]), "r", "m", ctx));
    assert!(d.allowed, "{d:?}");
}

#[test]
fn long_strings_and_deep_nesting_are_bounded() {
    let a = authz(
        &[],
        r#"permit (principal, action, resource) when { !(context.deep.a.a.a.a.a.a.a has a) };"#,
    );
    let mut deep = json!("bottom");
    for _ in 0..50 {
        deep = json!({ "a": deep });
    }
    let big = "é".repeat(100_000);
    let ctx = json!({ "deep": deep, "big": big, "many": (0..10_000).collect::<Vec<_>>() });
    let d = a.is_authorized(&chat(&agent("a", &[]), "r", "m", ctx));
    assert!(d.allowed, "{d:?}");
}

#[test]
fn non_object_context_is_kept_under_value() {
    let a = authz(
        &[],
        r#"permit (principal, action, resource) when { context.value == 7 };"#,
    );
    assert!(
        a.is_authorized(&chat(&agent("a", &[]), "r", "m", json!(7)))
            .allowed
    );
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(12, 256, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::hash_map(".{0,12}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_context(ctx in arb_json(), name in ".{0,20}", group in ".{0,20}") {
        let a = authz(
            &[open_route("r")],
            r#"forbid (principal, action, resource) when { context has guard && context.guard.injection_score > 500 };
forbid (principal, action, resource) when { context has labels && context.labels.contains("secret") };"#,
        );
        let who = user(&name, &[&group]);
        let d = a.is_authorized(&chat(&who, "r", &name, ctx));
        prop_assert!(!d.reason.is_empty());
    }
}

#[test]
fn example_policy_file_loads() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/policies.cedar");
    let a = Authorizer::new(&[open_route("default")], &[p]).unwrap();
    assert_eq!(a.policy_count(), 4);
    let who = user("c", &["contractors"]);
    let req = chat(&who, "default", "m", json!({"labels": ["secret"]}));
    let d = a.is_authorized_at(&req, datetime!(2026-11-23 10:30 UTC));
    assert_eq!(d.policies, vec!["no-secret-chat"]);
}

#[test]
fn model_and_any_grants_apply_on_every_route_and_route_grants_only_on_theirs() {
    let g = |resource, groups: &[&str]| Grant {
        actions: vec![],
        resource,
        agents: vec![],
        users: vec![],
        groups: groups.iter().map(|s| s.to_string()).collect(),
    };
    let a = authz(
        &[
            g(ResourcePattern::Route("a".into()), &["ra"]),
            g(ResourcePattern::Model("shared".into()), &["m"]),
            g(ResourcePattern::Any, &["admin"]),
            g(ResourcePattern::Server("fs".into()), &["tools"]),
        ],
        r#"forbid (principal in Moat::Group::"banned", action, resource);"#,
    );
    let ok = |who: &Identity, route: &str, model: &str| {
        a.is_authorized(&chat(who, route, model, json!({}))).allowed
    };
    assert!(ok(&agent("x", &["ra"]), "a", "any"));
    assert!(!ok(&agent("x", &["ra"]), "b", "any"));
    assert!(ok(&agent("x", &["m"]), "b", "shared"));
    assert!(ok(&agent("x", &["m"]), "zzz-unknown", "shared"));
    assert!(!ok(&agent("x", &["m"]), "a", "other"));
    assert!(ok(&agent("x", &["admin"]), "a", "m"));
    assert!(ok(&agent("x", &["admin"]), "nowhere", "m"));
    assert!(!ok(&agent("x", &["admin", "banned"]), "a", "m"));
    assert!(!ok(&agent("x", &["ra", "banned"]), "a", "m"));
    let who = agent("x", &["tools"]);
    let tool = |server| Request {
        principal: &who,
        action: ActionKind::CallTool,
        resource: Resource::Tool {
            server,
            tool: "read",
        },
        context: json!({}),
    };
    assert!(a.is_authorized(&tool("fs")).allowed);
    assert!(!a.is_authorized(&tool("web")).allowed);
    assert_eq!(a.policy_count(), 5);
}
