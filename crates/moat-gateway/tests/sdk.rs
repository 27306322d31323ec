//! The official `openai` and `anthropic` Python SDKs as clients of the gateway (needs
//! MOAT_TEST_PYTHON; skipped with a message when unset unless MOAT_REQUIRE_SERVICES=1).
#![allow(clippy::unwrap_used)]

mod common;

use common::{KEY, UPSTREAM_KEY, python, run_python, start_double, start_gateway};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openai_sdk_sync_async_stream_and_azure() {
    let Some(py) = python() else { return };
    let (up, double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let out = run_python(&py, "test_gateway_openai.py", &gw, &["basic"]).await;
    assert_eq!(out["chat"], "You said: hello there");
    assert_eq!(out["usage"], 12);
    assert_eq!(out["chat_stream"], "You said: stream me");
    assert_eq!(out["embedding_len"], 3);
    assert_eq!(out["completion"], "You said: complete me");
    assert_eq!(out["responses"], "You said: respond to me");
    assert_eq!(out["responses_stream"], "You said: respond streaming");
    assert_eq!(out["responses_stream_final"], "You said: respond streaming");
    assert_eq!(out["async"], "You said: async hello");
    assert_eq!(out["async_stream"], "You said: async stream");
    assert_eq!(out["azure"], "You said: azure hello");
    assert_eq!(out["azure_stream"], "You said: azure stream");
    assert!(
        out["models"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "my-deployment")
    );
    let seen = double.seen.lock().unwrap().clone();
    assert!(seen.len() >= 10);
    for s in &seen {
        for (name, v) in s.headers.iter() {
            assert!(
                !v.to_str().unwrap_or("").contains(KEY),
                "client key reached upstream in {name}"
            );
        }
        if s.path.starts_with("/v1/") {
            assert_eq!(s.headers["authorization"], format!("Bearer {UPSTREAM_KEY}"));
        }
    }
    // Every request made by the SDK yielded exactly one audit event.
    let evs = gw.audit_events(11).await;
    assert_eq!(evs.len(), 11, "{evs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openai_sdk_sees_provider_errors() {
    let Some(py) = python() else { return };
    let (up, _double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let out = run_python(&py, "test_gateway_openai.py", &gw, &["errors"]).await;
    assert_eq!(out["auth_status"], 401);
    assert_eq!(out["auth_code"], "invalid_credentials");
    assert_eq!(out["notfound_status"], 404);
    assert_eq!(out["notfound_code"], "unknown_model");
    assert_eq!(out["upstream_429_status"], 429);
    assert_eq!(out["upstream_429_code"], "rate_limit_exceeded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anthropic_sdk_messages_and_stream() {
    let Some(py) = python() else { return };
    let (up, double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let out = run_python(&py, "test_gateway_anthropic.py", &gw, &["basic"]).await;
    assert_eq!(out["message"], "You said: hello claude");
    assert_eq!(out["usage"], 17);
    assert_eq!(out["stream"], "You said: stream claude");
    assert_eq!(out["stream_final"], "You said: stream claude");
    assert_eq!(out["auth_status"], 401);
    assert_eq!(out["auth_type"], "authentication_error");
    let seen = double.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.path, "/anthropic/v1/messages");
        assert_eq!(s.headers["x-api-key"], UPSTREAM_KEY);
        assert!(s.headers.contains_key("anthropic-version"));
    }
}
