//! Tokens from an external OpenID Connect provider: keys generated here, the JWKS served over
//! real HTTP on loopback (or from a file), and the gateway checked end to end.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use common::*;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const ISS: &str = "https://idp.test.example";
const AUD: &str = "moat-gateway";

/// A signing key and its public JWK.
struct TestKey {
    enc: EncodingKey,
    alg: Algorithm,
    kid: String,
}

impl TestKey {
    fn rsa(kid: &str) -> TestKey {
        use aws_lc_rs::encoding::AsDer;
        let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        let der: aws_lc_rs::encoding::Pkcs8V1Der = kp.as_der().unwrap();
        let b64 = STANDARD.encode(der.as_ref());
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            lines.join("\n")
        );
        TestKey {
            enc: EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
            alg: Algorithm::RS256,
            kid: kid.into(),
        }
    }

    fn ec(kid: &str) -> TestKey {
        let kp = aws_lc_rs::signature::EcdsaKeyPair::generate(
            &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        )
        .unwrap();
        let der = kp.to_pkcs8v1().unwrap();
        TestKey {
            enc: EncodingKey::from_ec_der(der.as_ref()),
            alg: Algorithm::ES256,
            kid: kid.into(),
        }
    }

    fn jwk(&self) -> Value {
        let mut v =
            serde_json::to_value(Jwk::from_encoding_key(&self.enc, self.alg).unwrap()).unwrap();
        v["kid"] = json!(self.kid);
        v["use"] = json!("sig");
        v
    }

    /// A token with `claims`, signed with this key as `alg` and naming `kid`.
    fn sign_as(&self, alg: Algorithm, kid: &str, claims: &Value) -> String {
        let mut h = Header::new(alg);
        h.kid = Some(kid.into());
        jsonwebtoken::encode(&h, claims, &self.enc).unwrap()
    }

    fn sign(&self, claims: &Value) -> String {
        self.sign_as(self.alg, &self.kid, claims)
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims(sub: &str) -> Value {
    json!({
        "iss": ISS, "aud": AUD, "sub": sub, "iat": now(), "exp": now() + 600,
        "jti": format!("t-{sub}"), "groups": ["ml-team"], "scope": "openid models:*",
    })
}

fn jwks(keys: &[&TestKey]) -> Value {
    json!({"keys": keys.iter().map(|k| k.jwk()).collect::<Vec<_>>()})
}

/// A JWKS endpoint whose document, availability and fetch count the test controls.
#[derive(Default)]
struct Idp {
    jwks: Mutex<Value>,
    fetches: AtomicU64,
    failing: AtomicBool,
}

async fn serve_jwks(State(idp): State<Arc<Idp>>) -> Response {
    idp.fetches.fetch_add(1, Ordering::SeqCst);
    if idp.failing.load(Ordering::SeqCst) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "down").into_response();
    }
    axum::Json(idp.jwks.lock().unwrap().clone()).into_response()
}

async fn start_idp(doc: Value) -> (SocketAddr, Arc<Idp>) {
    let idp = Arc::new(Idp::default());
    *idp.jwks.lock().unwrap() = doc;
    let app = Router::new()
        .route("/jwks", get(serve_jwks))
        .with_state(idp.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    (addr, idp)
}

fn gateway_yaml(up: SocketAddr, audit: &std::path::Path, jwks: &str) -> String {
    format!(
        r#"
listen: 127.0.0.1:0
upstreams:
  oai: {{ provider: openai, base_url: "http://{up}/v1", api_key: sk-upstream }}
routes:
  - {{ models: [team-model], upstream: oai, guard: "off", allow: {{ groups: [ml-team] }} }}
  - {{ models: [alice-only], upstream: oai, guard: "off", allow: {{ users: [alice] }} }}
  - {{ models: ["*"], upstream: oai, guard: "off" }}
auth:
  oidc:
    - issuer: {ISS}
      audience: [other-app, {AUD}]
      {jwks}
audit:
  jsonl: {}
"#,
        audit.display()
    )
}

async fn gateway(up: SocketAddr, jwks: &str) -> Gateway {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    start_gateway_yaml(&gateway_yaml(up, &audit, jwks), dir, audit).await
}

/// Send a chat request for `model` with `token`; the status, the reason code and the
/// WWW-Authenticate header.
async fn call(gw: &Gateway, model: &str, token: &str) -> (u16, String, String) {
    let r = reqwest::Client::new()
        .post(format!("{}/v1/chat/completions", gw.url()))
        .bearer_auth(token)
        .json(&json!({"model": model, "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let www = r
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    let code = v["error"]["code"].as_str().unwrap_or("").to_owned();
    (status, code, www)
}

async fn refused(gw: &Gateway, token: &str, code: &str) {
    let (status, got, www) = call(gw, "gpt-4o", token).await;
    assert_eq!(
        (status, got.as_str()),
        (401, code),
        "token should be refused"
    );
    assert!(www.starts_with("Bearer realm=\"moat\""), "{www}");
    assert!(www.contains("error=\"invalid_token\""), "{www}");
}

#[tokio::test]
async fn tokens_are_checked_against_the_providers_keys() {
    let (up, _double) = start_double().await;
    let rsa = TestKey::rsa("rsa-1");
    let ec = TestKey::ec("ec-1");
    let (idp_addr, idp) = start_idp(jwks(&[&rsa, &ec])).await;
    let gw = gateway(up, &format!("jwks_url: http://{idp_addr}/jwks")).await;

    // Valid tokens (RS256 and ES256) are accepted; the caller is a user with the token's groups.
    assert_eq!(
        call(&gw, "gpt-4o", &rsa.sign(&claims("alice"))).await.0,
        200
    );
    assert_eq!(
        call(&gw, "team-model", &ec.sign(&claims("bob"))).await.0,
        200
    );
    assert_eq!(
        call(&gw, "alice-only", &rsa.sign(&claims("alice"))).await.0,
        200
    );
    let (s, code, _) = call(&gw, "alice-only", &rsa.sign(&claims("bob"))).await;
    assert_eq!((s, code.as_str()), (403, "route_denied"));
    let mut narrow = claims("carol");
    narrow["scope"] = json!(["openid", "models:gpt-4o"]);
    narrow["groups"] = json!("other-team");
    assert_eq!(call(&gw, "gpt-4o", &rsa.sign(&narrow)).await.0, 200);
    let (s, code, _) = call(&gw, "team-model", &rsa.sign(&narrow)).await;
    assert_eq!((s, code.as_str()), (403, "scope_denied"));
    let evs = gw.audit_events(6).await;
    assert_eq!(evs[0]["principal"], "alice");
    assert_eq!(evs[0]["principal_kind"], "user");
    assert_eq!(evs[0]["credential_id"], "oidc:t-alice");
    assert_eq!(idp.fetches.load(Ordering::SeqCst), 1, "keys are cached");

    // Issuer, audience, expiry, not-before.
    let mut c = claims("alice");
    c["iss"] = json!("https://evil.example");
    refused(&gw, &rsa.sign(&c), "token_issuer").await;
    let mut c = claims("alice");
    c["aud"] = json!("someone-else");
    refused(&gw, &rsa.sign(&c), "token_audience").await;
    let mut c = claims("alice");
    c.as_object_mut().unwrap().remove("aud");
    refused(&gw, &rsa.sign(&c), "token_claims").await;
    let mut c = claims("alice");
    c["exp"] = json!(now() - 3600);
    refused(&gw, &rsa.sign(&c), "token_expired").await;
    // Within the leeway (60s by default) an expired token still passes.
    let mut c = claims("alice");
    c["exp"] = json!(now() - 5);
    assert_eq!(call(&gw, "gpt-4o", &rsa.sign(&c)).await.0, 200);
    let mut c = claims("alice");
    c["nbf"] = json!(now() + 3600);
    refused(&gw, &rsa.sign(&c), "token_not_yet_valid").await;
    let mut c = claims("alice");
    c.as_object_mut().unwrap().remove("sub");
    refused(&gw, &rsa.sign(&c), "token_claims").await;

    // Algorithms: one not accepted (PS256), one that does not fit the key, `none`, and an HMAC
    // token keyed with the RSA public key (algorithm confusion).
    refused(
        &gw,
        &rsa.sign_as(Algorithm::PS256, "rsa-1", &claims("alice")),
        "token_algorithm",
    )
    .await;
    refused(
        &gw,
        &ec.sign_as(Algorithm::ES256, "rsa-1", &claims("alice")),
        "token_algorithm",
    )
    .await;
    let body = URL_SAFE_NO_PAD.encode(claims("alice").to_string());
    for header in [
        json!({"alg": "none", "kid": "rsa-1"}),
        json!({"alg": "None", "kid": "rsa-1"}),
    ] {
        let h = URL_SAFE_NO_PAD.encode(header.to_string());
        refused(&gw, &format!("{h}.{body}."), "token_algorithm").await;
    }
    let public = rsa.jwk()["n"].as_str().unwrap().to_owned();
    let hmac = EncodingKey::from_secret(public.as_bytes());
    let mut h = Header::new(Algorithm::HS256);
    h.kid = Some("rsa-1".into());
    refused(
        &gw,
        &jsonwebtoken::encode(&h, &claims("alice"), &hmac).unwrap(),
        "token_algorithm",
    )
    .await;

    // Unknown key id; tampered payload; signature from another key under a known id.
    refused(
        &gw,
        &rsa.sign_as(Algorithm::RS256, "nope", &claims("alice")),
        "token_unknown_key",
    )
    .await;
    let good = rsa.sign(&claims("alice"));
    let parts: Vec<&str> = good.split('.').collect();
    let mut evil = claims("alice");
    evil["sub"] = json!("admin");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(evil.to_string()),
        parts[2]
    );
    refused(&gw, &tampered, "token_signature").await;
    let other = TestKey::rsa("rsa-1");
    refused(&gw, &other.sign(&claims("alice")), "token_signature").await;
    // Garbage shaped like a token.
    refused(&gw, "eyJhbGciOiJSUzI1NiJ9.!!!.x", "token_malformed").await;

    // Every refusal is audited with its reason.
    let evs = gw.audit_events(20).await;
    assert!(
        evs.iter()
            .any(|e| e["reason"] == "token_expired" && e["status"] == 401)
    );
}

#[tokio::test]
async fn key_rotation_is_picked_up_but_unknown_kids_cannot_hammer_the_provider() {
    let (up, _double) = start_double().await;
    let old = TestKey::rsa("2024-old");
    let new = TestKey::ec("2025-new");
    let (idp_addr, idp) = start_idp(jwks(&[&old])).await;
    let gw = gateway(up, &format!("jwks_url: http://{idp_addr}/jwks")).await;

    assert_eq!(
        call(&gw, "gpt-4o", &old.sign(&claims("alice"))).await.0,
        200
    );
    assert_eq!(idp.fetches.load(Ordering::SeqCst), 1);
    // The provider rotates: the new key's first token makes the gateway fetch the set again.
    *idp.jwks.lock().unwrap() = jwks(&[&new]);
    assert_eq!(
        call(&gw, "gpt-4o", &new.sign(&claims("alice"))).await.0,
        200
    );
    assert_eq!(idp.fetches.load(Ordering::SeqCst), 2);
    assert_eq!(call(&gw, "gpt-4o", &new.sign(&claims("bob"))).await.0, 200);
    // A flood of made-up key ids: refused, and no further fetches.
    for i in 0..20 {
        let t = new.sign_as(Algorithm::ES256, &format!("random-{i}"), &claims("alice"));
        refused(&gw, &t, "token_unknown_key").await;
    }
    // The retired key is gone from the set.
    refused(&gw, &old.sign(&claims("alice")), "token_unknown_key").await;
    assert_eq!(idp.fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_provider_keeps_cached_keys_and_without_any_fails_closed() {
    let (up, _double) = start_double().await;
    let key = TestKey::rsa("k1");
    let (idp_addr, idp) = start_idp(jwks(&[&key])).await;
    let gw = gateway(up, &format!("jwks_url: http://{idp_addr}/jwks")).await;
    assert_eq!(
        call(&gw, "gpt-4o", &key.sign(&claims("alice"))).await.0,
        200
    );
    idp.failing.store(true, Ordering::SeqCst);
    // An unknown kid triggers a fetch, which fails: the cached key keeps serving.
    refused(
        &gw,
        &key.sign_as(Algorithm::RS256, "k2", &claims("alice")),
        "token_unknown_key",
    )
    .await;
    assert_eq!(idp.fetches.load(Ordering::SeqCst), 2);
    assert_eq!(
        call(&gw, "gpt-4o", &key.sign(&claims("alice"))).await.0,
        200
    );

    // No keys ever loaded (nothing listens): 503, never a pass.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let gw2 = gateway(up, &format!("jwks_url: http://{closed}/jwks")).await;
    let (s, code, _) = call(&gw2, "gpt-4o", &key.sign(&claims("alice"))).await;
    assert_eq!((s, code.as_str()), (503, "jwks_unavailable"));
    // A failing endpoint with nothing cached: the same.
    let (idp3, idp3_state) = start_idp(jwks(&[&key])).await;
    idp3_state.failing.store(true, Ordering::SeqCst);
    let gw3 = gateway(up, &format!("jwks_url: http://{idp3}/jwks")).await;
    let (s, code, _) = call(&gw3, "gpt-4o", &key.sign(&claims("alice"))).await;
    assert_eq!((s, code.as_str()), (503, "jwks_unavailable"));
}

#[tokio::test]
async fn jwks_from_a_file() {
    let (up, _double) = start_double().await;
    let key = TestKey::ec("file-key");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jwks.json");
    std::fs::write(&path, jwks(&[&key]).to_string()).unwrap();
    let gw = gateway(up, &format!("jwks_file: {}", path.display())).await;
    assert_eq!(
        call(&gw, "gpt-4o", &key.sign(&claims("alice"))).await.0,
        200
    );
    refused(
        &gw,
        &TestKey::ec("file-key").sign(&claims("alice")),
        "token_signature",
    )
    .await;

    // A file that is not a key set, or holds no usable key, stops the start (and a reload).
    for bad in ["not json", r#"{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}"#] {
        std::fs::write(&path, bad).unwrap();
        let audit = dir.path().join("a.jsonl");
        let cfg = moat_gateway::config::Config::from_yaml(
            &gateway_yaml(up, &audit, &format!("jwks_file: {}", path.display())),
            "t.yaml",
            &|_| None,
        )
        .unwrap();
        let e = moat_gateway::Runtime::new(cfg).unwrap_err();
        assert!(e.to_string().contains("auth.oidc[0]"), "{e}");
    }
}

#[test]
fn configuration_is_checked() {
    let parse = |oidc: &str| {
        let yaml = format!(
            "upstreams: {{ u: {{ provider: openai, base_url: 'http://127.0.0.1:1' }} }}\n\
             routes: [{{ models: ['*'], upstream: u }}]\nauth:\n  oidc:\n    - {oidc}\n"
        );
        moat_gateway::config::Config::from_yaml(&yaml, "t.yaml", &|_| None)
    };
    let ok = parse("{ issuer: https://a, audience: x, jwks_url: https://a/jwks }").unwrap();
    let o = &ok.oidc[0];
    assert_eq!(o.algorithms, vec![Algorithm::RS256, Algorithm::ES256]);
    assert_eq!(
        (
            o.user_claim.as_str(),
            o.groups_claim.as_str(),
            o.scopes_claim.as_str()
        ),
        ("sub", "groups", "scope")
    );
    assert_eq!(o.leeway.as_secs(), 60);
    assert_eq!(o.refresh.as_secs(), 600);
    assert_eq!(o.audience, vec!["x".to_string()]);
    for (bad, field) in [
        (
            "{ issuer: https://a, audience: x, jwks_url: https://a/j, algorithms: [none] }",
            "algorithms[0]",
        ),
        (
            "{ issuer: https://a, audience: x, jwks_url: https://a/j, algorithms: [RS256, HS256] }",
            "algorithms[1]",
        ),
        (
            "{ issuer: https://a, audience: x, jwks_url: 'http://idp.example.com/j' }",
            "jwks_url",
        ),
        ("{ issuer: https://a, audience: x }", "auth.oidc[0]"),
        (
            "{ issuer: https://a, audience: [], jwks_url: https://a/j }",
            "audience",
        ),
        (
            "{ issuer: https://a, audience: x, jwks_url: https://a/j, leeway: 1h }",
            "leeway",
        ),
        (
            "{ issuer: https://a, audience: x, jwks_url: https://a/j, bogus: 1 }",
            "bogus",
        ),
    ] {
        let e = parse(bad).unwrap_err();
        assert!(e.to_string().contains(field), "{bad}: {e}");
    }
}

#[test]
fn example_configuration_parses() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/gateway-oidc.yaml"),
    )
    .unwrap();
    let c = moat_gateway::config::Config::from_yaml(&text, "gateway-oidc.yaml", &|k| match k {
        "OPENAI_BASE_URL" => Some("https://api.openai.com/v1".into()),
        "OIDC_ISSUER" => Some("https://login.example.com/realms/staff".into()),
        "OIDC_JWKS_URL" => Some("https://login.example.com/realms/staff/certs".into()),
        "REDIS_URL" => Some("redis://127.0.0.1:6379".into()),
        "MOAT_LISTEN" | "MOAT_DATA_DIR" => None,
        _ => Some("x0123456789abcdef".into()),
    })
    .unwrap();
    assert_eq!(c.oidc[0].user_claim, "preferred_username");
    assert!(matches!(
        c.limits_store.backend,
        moat_gateway::config::LimitsBackend::Redis { .. }
    ));
    // Building the runtime (as `moat serve --check` does) needs no network.
    moat_gateway::Runtime::new(c).unwrap();
}

#[tokio::test]
async fn moat_tokens_and_provider_tokens_cannot_stand_in_for_each_other() {
    let (up, _double) = start_double().await;
    let rsa = TestKey::rsa("rsa-1");
    let (idp_addr, _idp) = start_idp(jwks(&[&rsa])).await;
    let dir = tempfile::tempdir().unwrap();
    let (moat_sk, moat_pk) = moat_gateway::auth::jwt::generate_keypair().unwrap();
    let pk_path = dir.path().join("moat.pub");
    std::fs::write(&pk_path, &moat_pk).unwrap();
    let audit = dir.path().join("audit.jsonl");
    let yaml = gateway_yaml(up, &audit, &format!("jwks_url: http://{idp_addr}/jwks")).replace(
        "auth:\n",
        &format!(
            "auth:\n  jwt: {{ public_key_file: {} }}\n",
            pk_path.display()
        ),
    );
    let gw = start_gateway_yaml(&yaml, dir, audit).await;

    let scopes = vec!["models:*".to_string()];
    let (moat_token, _) = moat_gateway::auth::jwt::issue(
        moat_sk.as_bytes(),
        "moat",
        "moat-gateway",
        "batch-agent",
        &scopes,
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    assert_eq!(call(&gw, "gpt-4o", &moat_token).await.0, 200);
    assert_eq!(
        call(&gw, "gpt-4o", &rsa.sign(&claims("alice"))).await.0,
        200
    );
    let evs = gw.audit_events(2).await;
    assert_eq!(
        (
            evs[0]["principal"].as_str(),
            evs[0]["principal_kind"].as_str()
        ),
        (Some("batch-agent"), Some("agent"))
    );
    assert_eq!(
        (
            evs[1]["principal"].as_str(),
            evs[1]["principal_kind"].as_str()
        ),
        (Some("alice"), Some("user"))
    );

    // Moat's key signing a token that claims the provider as issuer: checked as the provider's,
    // whose algorithms do not include EdDSA.
    let (forged, _) = moat_gateway::auth::jwt::issue(
        moat_sk.as_bytes(),
        ISS,
        AUD,
        "alice",
        &scopes,
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    refused(&gw, &forged, "token_algorithm").await;
    // The provider's key signing a token that claims Moat as issuer: checked as Moat's.
    let mut c = claims("batch-agent");
    c["iss"] = json!("moat");
    refused(&gw, &rsa.sign(&c), "invalid_token").await;
}

#[tokio::test]
async fn concurrent_first_tokens_fetch_the_keys_once() {
    let (up, _double) = start_double().await;
    let key = TestKey::ec("k");
    let (idp_addr, idp) = start_idp(jwks(&[&key])).await;
    let gw = Arc::new(gateway(up, &format!("jwks_url: http://{idp_addr}/jwks")).await);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let gw = gw.clone();
        let t = key.sign(&claims(&format!("user-{i}")));
        tasks.push(tokio::spawn(async move { call(&gw, "gpt-4o", &t).await.0 }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(idp.fetches.load(Ordering::SeqCst), 1);
}
