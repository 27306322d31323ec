//! Cedar authorisation and the approved-model gate, over real HTTP on loopback, with a real
//! SQLite store for the model registry.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::net::SocketAddr;

use common::{start_double, start_gateway_yaml};
use serde_json::{Value, json};

const INTERN: &str = "moat_intern01_abcdefghijklmnopqrstuvwxyz0123456789";
const ML: &str = "moat_mlbot001_abcdefghijklmnopqrstuvwxyz0123456789";
const PLAIN: &str = "moat_plain001_abcdefghijklmnopqrstuvwxyz0123456789";
const CLOCK: &str = "moat_clock001_abcdefghijklmnopqrstuvwxyz0123456789";

const POLICIES: &str = r#"
// Interns may not use the large model, whatever the routes allow.
@id("no-interns-on-gpt-4o")
forbid (principal in Moat::Group::"interns", action, resource == Moat::Model::"gpt-4o");

// The clock group is refused at every hour of every day: proves `context.time` is there.
@id("clock")
forbid (principal in Moat::Group::"clock", action, resource)
when { context.time.hour >= 0 && context.time.hour <= 23 && context.time.weekday != "" };

// Nothing with an e-mail address goes to the main route.
@id("no-email-on-main")
forbid (principal, action == Moat::Action::"chat", resource in Moat::Route::"main")
when { context.guard.findings.contains("EMAIL_ADDRESS") };

// Group ml may also embed through the main route's models? No: only chat there. Embeddings
// are permitted to ml by this file for any model of route `ml`.
@id("ml-embeds")
permit (principal in Moat::Group::"ml", action == Moat::Action::"embed", resource in Moat::Route::"ml");
"#;

fn yaml(up: SocketAddr, dir: &std::path::Path, audit: &str, extra: &str) -> String {
    let policy = dir.join("policies.cedar");
    std::fs::write(&policy, POLICIES).unwrap();
    format!(
        r#"
listen: 127.0.0.1:0
upstreams:
  oai:
    provider: openai
    base_url: http://{up}/v1
    api_key: sk-upstream
routes:
  - {{ name: ml, models: [ml-*], upstream: oai, guard: strict, allow: {{ groups: [ml] }} }}
  - {{ name: main, models: [gpt-*, text-embedding-*], upstream: oai, guard: strict }}
{extra}
guard:
  engine:
    injection: {{ threshold: 0.99, document_threshold: 0.99 }}
  policies:
    strict:
      prompts: {{ injection: block, dlp: mask }}
auth:
  api_keys:
    - {{ name: intern, key: {INTERN}, groups: [interns] }}
    - {{ name: ml-bot, key: {ML}, groups: [ml] }}
    - {{ name: plain, key: {PLAIN} }}
    - {{ name: clock, key: {CLOCK}, groups: [clock] }}
authz:
  policy_files: [{policy}]
{audit}
"#,
        policy = policy.display()
    )
}

fn chat(model: &str, text: &str) -> Value {
    json!({"model": model, "messages": [{"role": "user", "content": text}]})
}

async fn post(url: &str, key: &str, body: &Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(url)
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn cedar_policies_decide_with_reason_codes_and_are_audited() {
    let (up, _double) = start_double().await;
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let y = yaml(
        up,
        dir.path(),
        &format!("audit:\n  jsonl: {}\n", audit.display()),
        "",
    );
    let gw = start_gateway_yaml(&y, dir, audit).await;
    let chat_url = format!("{}/v1/chat/completions", gw.url());
    let embed_url = format!("{}/v1/embeddings", gw.url());

    // A user policy forbids a group from one model: 403 policy_denied naming the policy.
    let (s, v) = post(&chat_url, INTERN, &chat("gpt-4o", "hello")).await;
    assert_eq!(s, 403, "{v}");
    assert_eq!(v["error"]["code"], "policy_denied");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(msg.contains("no-interns-on-gpt-4o"), "{msg}");
    // Other models of the same open route stay usable.
    let (s, _) = post(&chat_url, INTERN, &chat("gpt-4o-mini", "hello")).await;
    assert_eq!(s, 200);

    // The route's allow list (generated permit) admits group ml and nobody else.
    let (s, v) = post(&chat_url, ML, &chat("ml-large", "hello")).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = post(&chat_url, PLAIN, &chat("ml-large", "hello")).await;
    assert_eq!(s, 403);
    assert_eq!(v["error"]["code"], "route_denied");

    // Permit by group from the user file: ml may embed... and the generated grant covers it too.
    let (s, _) = post(&embed_url, ML, &json!({"model": "ml-embed", "input": "hi"})).await;
    assert_eq!(s, 200);

    // Time context.
    let (s, v) = post(&chat_url, CLOCK, &chat("gpt-4o-mini", "hello")).await;
    assert_eq!(s, 403);
    assert_eq!(v["error"]["code"], "policy_denied");
    assert!(v["error"]["message"].as_str().unwrap().contains("clock"));

    // Guard results: an e-mail address in a chat to route main is refused after the guards ran.
    let (s, v) = post(
        &chat_url,
        PLAIN,
        &chat("gpt-4o-mini", "write to alice@example.com"),
    )
    .await;
    assert_eq!(s, 403, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no-email-on-main")
    );
    // ... but embeddings are another action.
    let (s, _) = post(
        &embed_url,
        PLAIN,
        &json!({"model": "text-embedding-3-small", "input": "alice@example.com"}),
    )
    .await;
    assert_eq!(s, 200);

    let version = gw.app.runtime().authorizer().version().to_owned();
    assert!(version.starts_with("sha256:"));
    let evs = gw.audit_events(8).await;
    let denied = evs.iter().find(|e| e["reason"] == "policy_denied").unwrap();
    assert_eq!(denied["policy_version"], version.as_str());
    assert_eq!(denied["policies"], json!(["no-interns-on-gpt-4o"]));
    assert_eq!(denied["outcome"], "denied");
    let ok = evs.iter().find(|e| e["outcome"] == "ok").unwrap();
    assert_eq!(ok["policy_version"], version.as_str());
    assert_eq!(ok["policies"], json!(["grant-1"]));
    // The store's event carries the version and the deciding policies.
    let ev = moat_gateway::audit::AuditEvent {
        policy_version: Some(version.clone()),
        policies: vec!["no-interns-on-gpt-4o".into()],
        outcome: "denied".into(),
        ..Default::default()
    };
    let stored = moat_gateway::audit::to_store_event(&ev);
    assert_eq!(stored.policy_version.as_deref(), Some(version.as_str()));
    assert_eq!(stored.attributes["policies"], "no-interns-on-gpt-4o");
}

#[test]
fn malformed_policy_file_fails_the_check_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("bad.cedar");
    std::fs::write(
        &policy,
        "permit (principal, action, resource);\n\nforbid (principal, action, resourcee);\n",
    )
    .unwrap();
    let y = format!(
        "upstreams: {{ oai: {{ provider: openai, base_url: http://127.0.0.1:9/v1, api_key: k }} }}\n\
         routes: [{{ models: [m], upstream: oai }}]\n\
         authz: {{ policy_files: [{}] }}\n",
        policy.display()
    );
    let cfg = moat_gateway::config::Config::from_yaml(&y, "t.yaml", &|_| None).unwrap();
    let err = moat_gateway::Runtime::new(cfg).unwrap_err().to_string();
    assert!(
        err.contains(&format!("{}:3:", policy.display())),
        "error does not name file and line: {err}"
    );
    // Unknown keys in the section are refused like everywhere else.
    let y2 = y.replace("policy_files", "policy_file");
    assert!(moat_gateway::config::Config::from_yaml(&y2, "t.yaml", &|_| None).is_err());
}

#[test]
fn route_names_are_checked_and_default_to_their_index() {
    let base =
        "upstreams: { oai: { provider: openai, base_url: http://127.0.0.1:9/v1, api_key: k } }\n";
    let cfg = moat_gateway::config::Config::from_yaml(
        &format!("{base}routes: [{{ models: [a], upstream: oai }}, {{ name: b, models: [b], upstream: oai }}]"),
        "t.yaml",
        &|_| None,
    )
    .unwrap();
    assert_eq!(cfg.routes[0].name, "route-0");
    assert_eq!(cfg.routes[1].name, "b");
    let e = moat_gateway::config::Config::from_yaml(
        &format!("{base}routes: [{{ name: x, models: [a], upstream: oai }}, {{ name: x, models: [b], upstream: oai }}]"),
        "t.yaml",
        &|_| None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("routes[1].name"), "{e}");
    let e = moat_gateway::config::Config::from_yaml(
        &format!("{base}routes: [{{ models: [a], upstream: oai, require_approved_model: true }}]"),
        "t.yaml",
        &|_| None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("require_approved_model"), "{e}");
    let e = moat_gateway::config::Config::from_yaml(
        &format!("{base}routes: [{{ models: [a], upstream: oai, model_dir: /m, verify_model_files: false }}]"),
        "t.yaml",
        &|_| None,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("routes[0].verify_model_files"),
        "{e}"
    );
    let rt = moat_gateway::Runtime::new(cfg).unwrap();
    let text = rt.authorizer().policy_text();
    assert!(text.contains("Moat::Route::\"route-0\""), "{text}");
}

#[tokio::test]
async fn only_approved_models_are_served() {
    use moat_model::registry::{Action, AddRequest, MemoryStore, Registry};

    let (up, _double) = start_double().await;
    let dir = tempfile::tempdir().unwrap();
    let model_dir = dir.path().join("tiny");
    let far_dir = dir.path().join("far-model");
    std::fs::create_dir(&model_dir).unwrap();
    std::fs::write(
        model_dir.join("model.safetensors"),
        b"\x08\0\0\0\0\0\0\0{}      ",
    )
    .unwrap();
    let db = dir.path().join("moat.db");
    let audit = dir.path().join("unused.jsonl");
    let y = yaml(
        up,
        dir.path(),
        &format!(
            "audit:\n  store: {{ url: \"sqlite://{}\", data_dir: {} }}\n",
            db.display(),
            dir.path().join("data").display()
        ),
        "  - { name: local, models: [tiny], upstream: oai, require_approved_model: true, registry_model: tiny@1.0 }\n  \
         - { name: unlisted, models: [ghost], upstream: oai, require_approved_model: true }\n  \
         - { name: remote, models: [far], upstream: oai, require_approved_model: true, registry_model: far@2.0, verify_model_files: false }\n  \
         - { name: here, models: [near], upstream: oai, require_approved_model: true, registry_model: far@2.0 }\n",
    );
    let gw = start_gateway_yaml(&y, dir, audit).await;
    let url = format!("{}/v1/chat/completions", gw.url());
    let store = gw.app.store().unwrap().clone();

    let (s, v) = post(&url, PLAIN, &chat("tiny", "hello")).await;
    assert_eq!(s, 403, "{v}");
    assert_eq!(v["error"]["code"], "model_not_approved");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not in the registry")
    );

    // Register (pending), then approve, then revoke, copying each record into the real store
    // the way `moat registry` keeps it.
    let reg = Registry::new(MemoryStore::default());
    reg.add(AddRequest::new(&model_dir, "tiny", "1.0", "alice"))
        .unwrap();
    let publish = async |reg: &Registry<MemoryStore>, name: &str, version: &str| {
        let rec = serde_json::to_value(reg.get(name, version).unwrap()).unwrap();
        store
            .kv_put("model-registry", &format!("{name}@{version}"), &rec)
            .await
            .unwrap();
    };
    publish(&reg, "tiny", "1.0").await;
    let (s, v) = post(&url, PLAIN, &chat("tiny", "hello")).await;
    assert_eq!(s, 403);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not approved"),
        "{v}"
    );

    reg.decide("tiny", "1.0", Action::Approve, "bob", "reviewed")
        .unwrap();
    publish(&reg, "tiny", "1.0").await;
    let (s, v) = post(&url, PLAIN, &chat("tiny", "hello")).await;
    assert_eq!(s, 200, "{v}");

    // The files must still match the approved manifest: a changed weight file is refused on the
    // next request (the cached check is keyed by the files' sizes and times), and so is a file
    // that appeared; restoring them serves again.
    let weights = model_dir.join("model.safetensors");
    let original = std::fs::read(&weights).unwrap();
    std::fs::write(&weights, b"\x08\0\0\0\0\0\0\0{}      \0").unwrap();
    let (s, v) = post(&url, PLAIN, &chat("tiny", "hello")).await;
    assert_eq!(s, 403, "{v}");
    assert_eq!(v["error"]["code"], "model_not_approved");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("changed model.safetensors"),
        "{v}"
    );
    std::fs::write(&weights, &original).unwrap();
    std::fs::write(model_dir.join("extra.py"), b"import os\n").unwrap();
    let (s, v) = post(&url, PLAIN, &chat("tiny", "hello")).await;
    assert_eq!(s, 403, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("appeared extra.py"),
        "{v}"
    );
    std::fs::remove_file(model_dir.join("extra.py")).unwrap();
    let (s, v) = post(&url, PLAIN, &chat("tiny", "hello")).await;
    assert_eq!(s, 200, "{v}");

    reg.decide("tiny", "1.0", Action::Revoke, "carol", "leaked")
        .unwrap();
    publish(&reg, "tiny", "1.0").await;
    let (s, v) = post(&url, PLAIN, &chat("tiny", "hello")).await;
    assert_eq!(s, 403);
    assert_eq!(v["error"]["code"], "model_not_approved");

    let (s, v) = post(&url, PLAIN, &chat("ghost", "hello")).await;
    assert_eq!(s, 403);
    assert_eq!(v["error"]["code"], "model_not_approved");

    // A model served from another host: registered from files that are not on the gateway's
    // host. With `verify_model_files: false` only the registry state decides; a route that
    // verifies files refuses, saying where it looked.
    std::fs::create_dir(&far_dir).unwrap();
    std::fs::write(
        far_dir.join("model.safetensors"),
        b"\x08\0\0\0\0\0\0\0{}      ",
    )
    .unwrap();
    reg.add(AddRequest::new(&far_dir, "far", "2.0", "alice"))
        .unwrap();
    std::fs::remove_dir_all(&far_dir).unwrap();
    publish(&reg, "far", "2.0").await;
    let (s, v) = post(&url, PLAIN, &chat("far", "hello")).await;
    assert_eq!(
        s, 403,
        "pending is refused even when files are not checked: {v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not approved"),
        "{v}"
    );
    reg.decide("far", "2.0", Action::Approve, "bob", "reviewed")
        .unwrap();
    publish(&reg, "far", "2.0").await;
    let (s, v) = post(&url, PLAIN, &chat("far", "hello")).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = post(&url, PLAIN, &chat("near", "hello")).await;
    assert_eq!(s, 403, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not on this host"),
        "{v}"
    );
    reg.decide("far", "2.0", Action::Revoke, "carol", "withdrawn")
        .unwrap();
    publish(&reg, "far", "2.0").await;
    let (s, v) = post(&url, PLAIN, &chat("far", "hello")).await;
    assert_eq!(s, 403, "{v}");
    assert_eq!(v["error"]["code"], "model_not_approved");
    gw.app.close_audit().await;
    // Every refusal left an audit event with its reason.
    let store = moat_store::Store::open(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let evs = store
        .audit_events(&moat_store::EventFilter::default())
        .await
        .unwrap();
    let refused = evs
        .iter()
        .filter(|e| {
            e.event.attributes.get("reason").map(String::as_str) == Some("model_not_approved")
        })
        .count();
    assert_eq!(refused, 9, "{evs:#?}");
}
