//! The gateway over real HTTP on loopback, in front of a scripted upstream double.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{KEY, UPSTREAM_KEY, start_double, start_gateway};
use futures_util::StreamExt;
use serde_json::{Value, json};

fn chat(model: &str, text: &str) -> Value {
    json!({"model": model, "messages": [{"role": "user", "content": text}]})
}

#[tokio::test]
async fn forwards_with_gateway_credentials_only() {
    let (up, double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let c = reqwest::Client::new();
    let r = c
        .post(format!("{}/v1/chat/completions", gw.url()))
        .bearer_auth(KEY)
        .header("x-api-key", KEY)
        .header("cookie", "session=client")
        .json(&chat("gpt-4o-mini", "hello"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"));
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["choices"][0]["message"]["content"], "You said: hello");
    let seen = double.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/v1/chat/completions");
    assert_eq!(
        seen[0].headers["authorization"],
        format!("Bearer {UPSTREAM_KEY}")
    );
    for (name, value) in seen[0].headers.iter() {
        let v = value.to_str().unwrap_or("");
        assert!(!v.contains(KEY), "client key leaked upstream in {name}");
        assert_ne!(name, "cookie");
    }
    let evs = gw.audit_events(1).await;
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0]["principal"], "test-agent");
    assert_eq!(evs[0]["outcome"], "ok");
    assert_eq!(evs[0]["tokens"], 12);
    assert_eq!(evs[0]["route"], "routes[6]");
    let line = std::fs::read_to_string(&gw.audit).unwrap();
    assert!(!line.contains("hello"), "audit holds prompt text");
    assert!(!line.contains(KEY));
}

#[tokio::test]
async fn refusals_are_provider_shaped_and_audited() {
    let (up, _double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let c = reqwest::Client::new();
    let url = format!("{}/v1/chat/completions", gw.url());

    let r = c
        .post(&url)
        .json(&chat("gpt-4o", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"moat\"");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "missing_credentials");

    let r = c
        .post(format!("{}/v1/messages", gw.url()))
        .header("x-api-key", "bad-key-123")
        .json(&json!({"model": "claude-x", "max_tokens": 5, "messages": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["type"], "error");
    assert_eq!(v["error"]["type"], "authentication_error");

    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_json"
    );

    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&json!({"model": "gpt-4o", "stream": "yes", "messages": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_type"
    );

    let big = "a".repeat(70_000);
    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&chat("gpt-4o", &big))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);

    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&chat("nope", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "unknown_model"
    );

    let r = c
        .post(&url)
        .bearer_auth("moat_narrow01_abcdefghijklmnopqrstuvwxyz0123456789")
        .json(&chat("gpt-4o-mini", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "scope_denied"
    );

    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&chat("private-model", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "route_denied"
    );

    for _ in 0..2 {
        let r = c
            .post(&url)
            .bearer_auth(KEY)
            .json(&chat("tiny-quota", "x"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&chat("tiny-quota", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));

    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&chat("slow-model", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 504);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "upstream_timeout"
    );

    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&chat("limited-model", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "3");
    assert!(!r.headers().contains_key("set-cookie"));
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "rate_limit_exceeded"
    );

    let r = c.get(format!("{}/nowhere", gw.url())).send().await.unwrap();
    assert_eq!(r.status(), 404);

    // One audit event per request: 14 requests above.
    let evs = gw.audit_events(14).await;
    assert_eq!(evs.len(), 14);
    let outcomes: Vec<&str> = evs.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(
        outcomes.iter().filter(|o| **o == "denied").count(),
        5,
        "{outcomes:?}"
    );
    assert!(evs.iter().any(|e| e["reason"] == "upstream_timeout"));
}

#[tokio::test]
async fn azure_deployments_use_entra_tokens() {
    let (up, double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let c = reqwest::Client::new();
    for _ in 0..2 {
        let r = c
            .post(format!(
                "{}/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21",
                gw.url()
            ))
            .header("api-key", KEY)
            .json(&json!({"messages": [{"role": "user", "content": "hi azure"}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert_eq!(*double.token_calls.lock().unwrap(), 1, "token cached");
    let seen = double.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].path,
        "/openai/deployments/my-deployment/chat/completions"
    );
    assert_eq!(seen[0].query.as_deref(), Some("api-version=2024-10-21"));
    assert_eq!(seen[0].headers["authorization"], "Bearer entra-token-1");
    assert!(!seen[0].headers.contains_key("api-key"));
}

#[tokio::test]
async fn client_disconnect_cancels_upstream() {
    let (up, double) = start_double().await;
    *double.reply.lock().unwrap() = Some("word ".repeat(200));
    let gw = start_gateway(up, "").await;
    let c = reqwest::Client::new();
    let mut body = json!({"model": "dribble-model", "stream": true, "messages": [{"role": "user", "content": "x"}]});
    body["stream"] = json!(true);
    let r = c
        .post(format!("{}/v1/chat/completions", gw.url()))
        .bearer_auth(KEY)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut s = r.bytes_stream();
    let first = s.next().await.unwrap().unwrap();
    assert!(!first.is_empty());
    drop(s);
    let evs = gw.audit_events(1).await;
    assert_eq!(evs[0]["outcome"], "client_disconnected");
    for _ in 0..50 {
        if *double.stream_cancelled.lock().unwrap() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        *double.stream_cancelled.lock().unwrap(),
        "upstream stream not cancelled"
    );
}

#[tokio::test]
async fn ops_endpoints_and_graceful_shutdown() {
    let (up, double) = start_double().await;
    *double.reply.lock().unwrap() = Some("abcdefghij".into());
    let mut gw = start_gateway(up, "").await;
    let c = reqwest::Client::new();
    assert_eq!(
        c.get(format!("{}/healthz", gw.url()))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        c.get(format!("{}/readyz", gw.url()))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let r = c
        .post(format!("{}/v1/chat/completions", gw.url()))
        .bearer_auth(KEY)
        .json(&chat("gpt-4o", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let m = c
        .get(format!("{}/metrics", gw.url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(m.contains("moat_gateway_requests_total"), "{m}");
    assert!(m.contains("moat_gateway_upstream_seconds_bucket"), "{m}");

    // A slow stream in flight is finished, not cut, when shutdown starts.
    let r = c
        .post(format!("{}/v1/chat/completions", gw.url()))
        .bearer_auth(KEY)
        .json(&json!({"model": "dribble-model", "stream": true, "messages": [{"role": "user", "content": "x"}]}))
        .send()
        .await
        .unwrap();
    gw.shutdown.take().unwrap().send(()).unwrap();
    let text = r.text().await.unwrap();
    assert!(text.contains("[DONE]"), "{text}");
    let mut content = String::new();
    for line in text.lines() {
        if let Some(d) = line.strip_prefix("data: ")
            && let Ok(v) = serde_json::from_str::<Value>(d)
            && let Some(s) = v["choices"][0]["delta"]["content"].as_str()
        {
            content.push_str(s);
        }
    }
    assert_eq!(content, "abcdefghij");
    gw.server.take().unwrap().await.unwrap().unwrap();
}

fn stream_content(text: &str) -> String {
    let mut content = String::new();
    for line in text.lines() {
        if let Some(d) = line.strip_prefix("data: ")
            && let Ok(v) = serde_json::from_str::<Value>(d)
            && let Some(s) = v["choices"][0]["delta"]["content"].as_str()
        {
            content.push_str(s);
        }
    }
    content
}

#[tokio::test]
async fn output_is_guarded_wherever_it_travels() {
    // Refusals are model text too, and token log-probabilities spell the output out again: a
    // secret masked in the content must not reach the client by either road.
    let (up, double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let c = reqwest::Client::new();
    let url = format!("{}/v1/chat/completions", gw.url());
    let token = "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";
    *double.reply.lock().unwrap() = Some(format!("here is the token {token} for you, enjoy it"));
    for stream in [false, true] {
        for model in ["gpt-4o", "refusal-model"] {
            let r = c
                .post(&url)
                .bearer_auth(KEY)
                .json(&json!({"model": model, "stream": stream, "logprobs": true,
                    "messages": [{"role": "user", "content": "hi"}]}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let text = r.text().await.unwrap();
            assert!(!text.contains("ghp_"), "{model} stream={stream}: {text}");
            assert!(
                text.contains("[GITHUB_TOKEN_1]"),
                "{model} stream={stream}: {text}"
            );
        }
    }
    // A route whose responses are not checked passes log-probabilities on untouched.
    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&json!({"model": "unguarded", "logprobs": true,
            "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["choices"][0]["logprobs"]["content"][0]["token"],
        json!(format!("here is the token {token} for you, enjoy it"))
    );
}

#[tokio::test]
async fn guards_with_the_real_engine() {
    let (up, double) = start_double().await;
    let gw = start_gateway(up, "").await;
    let c = reqwest::Client::new();
    let url = format!("{}/v1/chat/completions", gw.url());

    // A secret split across 3-character stream chunks is masked in flight.
    let token = "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";
    *double.reply.lock().unwrap() = Some(format!("here is the token {token} for you, enjoy it"));
    let r = c
        .post(&url)
        .bearer_auth(KEY)
        .json(&json!({"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    let content = stream_content(&r.text().await.unwrap());
    assert!(!content.contains("ghp_"), "{content}");
    assert!(
        content.starts_with("here is the token [GITHUB_TOKEN_1]"),
        "{content}"
    );
    assert!(content.ends_with("for you, enjoy it"), "{content}");

    // Pseudonymisation: the upstream sees a placeholder, the client gets its value back.
    *double.reply.lock().unwrap() = None;
    for stream in [false, true] {
        let r = c
            .post(&url)
            .bearer_auth(KEY)
            .json(&json!({"model": "pseudo-model", "stream": stream,
                "messages": [{"role": "user", "content": "write to alice.smith@example.com today"}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        let content = if stream {
            stream_content(&text)
        } else {
            serde_json::from_str::<Value>(&text).unwrap()["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(content, "You said: write to alice.smith@example.com today");
        let seen = double.seen.lock().unwrap().clone();
        let sent = seen.last().unwrap().body.to_string();
        assert!(!sent.contains("alice.smith@example.com"), "{sent}");
        assert!(sent.contains("[EMAIL"), "{sent}");
    }
}
