#![allow(clippy::unwrap_used, clippy::panic)]
//! Bad input from the target, against a real HTTP server on loopback that this test starts:
//! refused and dropped connections, hangs, slow-drip bodies, 429s with `Retry-After` (seconds
//! and HTTP dates), 5xx, malformed and truncated answers, and answers of megabytes (with and
//! without a length). Each is recorded on its attack, the run goes on, and the report lists what
//! could not be judged.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moat_redteam::attack::{self, DEFAULT_SYSTEM_PROMPT, system_with_canary};
use moat_redteam::converters::parse_set;
use moat_redteam::report::{self, Report, RunInfo};
use moat_redteam::{AttackResult, Registry, RunOptions, Runner, Target, TargetConfig, TargetKind};

const CANARY: &str = "NW-0BAD1NPT";

/// When each case was asked, in order.
type Seen = Arc<Mutex<HashMap<String, Vec<Instant>>>>;

fn head(s: &mut TcpStream, status: &str, extra: &str) {
    let h = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nconnection: close\r\n{extra}\r\n"
    );
    let _ = s.write_all(h.as_bytes());
}

fn respond(mut s: TcpStream, status: &str, extra: &str, body: &[u8]) {
    head(
        &mut s,
        status,
        &format!("content-length: {}\r\n{extra}", body.len()),
    );
    let _ = s.write_all(body);
}

fn chat(text: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]
    }))
    .unwrap()
}

/// Reads one request and returns the case named in its last user message.
fn read_case(stream: &TcpStream) -> Option<String> {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut r = BufReader::new(stream.try_clone().unwrap());
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let l = line.trim_end().to_ascii_lowercase();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("content-length:") {
            len = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&body).ok()?;
    let user = v["messages"]
        .as_array()?
        .iter()
        .rev()
        .find(|m| m["role"] == "user")?["content"]
        .as_str()?
        .to_string();
    user.strip_prefix("CASE ").map(str::to_string)
}

fn handle(mut s: TcpStream, seen: Seen) {
    let Some(case) = read_case(&s) else { return };
    let n = {
        let mut m = seen.lock().unwrap();
        let v = m.entry(case.clone()).or_default();
        v.push(Instant::now());
        v.len()
    };
    match case.as_str() {
        "leak" => respond(s, "200 OK", "", &chat(&format!("Sure: {CANARY}."))),
        "refuse" => respond(s, "200 OK", "", &chat("I can't help with that.")),
        // Read the request, then close without a word.
        "dropped" => drop(s),
        "hang" => {
            std::thread::sleep(Duration::from_secs(3));
            respond(s, "200 OK", "", &chat("too late"));
        }
        // Headers at once, then a byte every 100 ms: only an overall deadline stops this.
        "drip" => {
            head(&mut s, "200 OK", "content-length: 100000\r\n");
            for _ in 0..40 {
                if s.write_all(b" ").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        "429-always" => respond(s, "429 Too Many Requests", "retry-after: 0\r\n", b"{}"),
        "429-seconds" if n == 1 => {
            respond(s, "429 Too Many Requests", "retry-after: 1\r\n", b"{}")
        }
        "429-date" if n == 1 => {
            let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(2);
            let date = at
                .format(&time::format_description::well_known::Rfc2822)
                .unwrap();
            respond(
                s,
                "429 Too Many Requests",
                &format!("retry-after: {date}\r\n"),
                b"{}",
            );
        }
        "429-seconds" | "429-date" => {
            respond(s, "200 OK", "", &chat(&format!("Fine: {CANARY}")))
        }
        "server-error" => respond(s, "500 Internal Server Error", "", b"{\"error\":\"boom\"}"),
        "not-json" => respond(s, "200 OK", "", b"<html>this is not json</html>"),
        "wrong-shape" => respond(s, "200 OK", "", b"{\"choices\": []}"),
        "truncated" => {
            head(&mut s, "200 OK", "content-length: 500\r\n");
            let _ = s.write_all(b"{\"choices\": [{\"mess");
        }
        "huge-length" => respond(s, "200 OK", "", &chat(&"A".repeat(3 * 1024 * 1024))),
        // No length: the body is cut off while it streams, not after it was read whole.
        "huge-chunked" => {
            head(&mut s, "200 OK", "transfer-encoding: chunked\r\n");
            let chunk = vec![b'A'; 64 * 1024];
            for _ in 0..48 {
                let ok = s
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .and_then(|_| s.write_all(&chunk))
                    .and_then(|_| s.write_all(b"\r\n"));
                if ok.is_err() {
                    return;
                }
            }
            let _ = s.write_all(b"0\r\n\r\n");
        }
        // Large but under the limit: judged, and kept cut to 16 KiB in the result.
        "big-ok" => respond(s, "200 OK", "", &chat(&"B".repeat(900 * 1024))),
        "blocked" => respond(
            s,
            "400 Bad Request",
            "x-moat-reason: guard_injection\r\n",
            br#"{"error":{"message":"blocked","type":"invalid_request_error","param":null,"code":"guard_injection"}}"#,
        ),
        _ => respond(s, "404 Not Found", "", b"{}"),
    }
}

fn server() -> (String, Seen) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", l.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let s2 = seen.clone();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let seen = s2.clone();
            std::thread::spawn(move || handle(s, seen));
        }
    });
    (url, seen)
}

const CASES: &[&str] = &[
    "leak",
    "refuse",
    "dropped",
    "hang",
    "drip",
    "429-always",
    "429-seconds",
    "429-date",
    "server-error",
    "not-json",
    "wrong-shape",
    "truncated",
    "huge-length",
    "huge-chunked",
    "big-ok",
    "blocked",
];

fn registry() -> Registry {
    let mut yaml = String::from("family: bad-input\ndescription: one probe per case\nprobes:\n");
    for c in CASES {
        yaml.push_str(&format!(
            "  - id: bi-{c}\n    owasp: LLM07\n    atlas: AML.T0056\n    goal: case {c}\n    prompt: \"CASE {c}\"\n    judge: {{canary: true}}\n"
        ));
    }
    Registry::from_sources([("bad-input.yaml".to_string(), yaml)]).unwrap()
}

async fn run(url: &str) -> (Vec<AttackResult>, Report) {
    let registry = registry();
    let probes = registry.select("all").unwrap();
    let chains = parse_set("none").unwrap();
    let system = system_with_canary(DEFAULT_SYSTEM_PROMPT, CANARY);
    let attacks = attack::build(&probes, &chains, &system, 1);
    let mut cfg = TargetConfig::new(TargetKind::OpenAi, url, "double");
    cfg.timeout = Duration::from_secs(1);
    cfg.max_response_bytes = 1024 * 1024;
    let runner = Runner {
        target: Target::new(cfg).unwrap(),
        llm_judge: None,
        options: RunOptions {
            concurrency: 8,
            retries: 1,
            backoff: Duration::from_millis(10),
            seed: 1,
            canary: CANARY.into(),
            ..RunOptions::default()
        },
        journal: None,
    };
    let results = runner.run(attacks, |_, _| {}).await.unwrap();
    let report = Report::new(
        results.clone(),
        RunInfo::new(url, "openai", "double", 1),
        None,
    );
    (results, report)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_answer_is_recorded_and_the_run_goes_on() {
    let (url, seen) = server();
    let (results, report) = run(&url).await;
    let by = |c: &str| {
        results
            .iter()
            .find(|r| r.probe == format!("bi-{c}"))
            .unwrap_or_else(|| panic!("no result for {c}"))
    };
    let kind = |c: &str| by(c).error_kind.clone().unwrap_or_else(|| "judged".into());

    // Judged: leaks, refusals, retried 429s, a large answer under the limit, a guardrail block.
    assert!(by("leak").success && by("leak").judge == "canary");
    assert!(!by("refuse").success && by("refuse").judge == "refused");
    for c in ["429-seconds", "429-date"] {
        assert!(by(c).success, "{c}: {:?}", by(c));
        assert_eq!(by(c).attempts, 2, "{c}");
    }
    let big = by("big-ok");
    assert_eq!(kind("big-ok"), "judged");
    assert!(big.response.contains("more bytes cut"), "kept bounded");
    assert!(big.response.len() < 17 * 1024);
    assert_eq!(kind("blocked"), "judged");
    assert_eq!(by("blocked").judge, "blocked");
    assert_eq!(by("blocked").evidence.as_deref(), Some("guard_injection"));
    assert!(!by("blocked").success);
    assert_eq!(by("blocked").attempts, 1, "a block is not retried");

    // Unjudged, each with its kind.
    for (c, k) in [
        ("dropped", "unreachable"),
        ("hang", "timeout"),
        ("drip", "timeout"),
        ("429-always", "rate_limited"),
        ("server-error", "http_status"),
        ("not-json", "malformed"),
        ("wrong-shape", "malformed"),
        ("truncated", "unreachable"),
        ("huge-length", "too_large"),
        ("huge-chunked", "too_large"),
    ] {
        assert_eq!(kind(c), k, "{c}: {:?}", by(c).error);
        assert!(!by(c).success);
        assert_eq!(by(c).judge, "error");
    }
    // Transient failures were retried once; the others were not.
    for c in ["dropped", "hang", "drip", "429-always", "server-error"] {
        assert_eq!(by(c).attempts, 2, "{c} retried");
    }
    for c in ["not-json", "wrong-shape", "huge-length", "huge-chunked"] {
        assert_eq!(by(c).attempts, 1, "{c} not retried");
    }

    // Retry-After in seconds was waited for (a lower bound, which load cannot break).
    let t = seen.lock().unwrap()["429-seconds"].clone();
    assert_eq!(t.len(), 2);
    assert!(
        t[1] - t[0] >= Duration::from_millis(900),
        "{:?}",
        t[1] - t[0]
    );

    // The report: ASR over judged attacks only, and every unjudged one listed with its kind.
    let s = report.summary;
    assert_eq!(s.attacks, CASES.len());
    assert_eq!(s.errors, 10);
    assert_eq!(s.successes, 3);
    assert!((s.asr - 3.0 / 6.0).abs() < 1e-9, "{s:?}");
    assert_eq!(report.unjudged.len(), 10);
    let text = report::to_text(&report);
    assert!(text.contains("could not be judged"), "{text}");
    for u in &report.unjudged {
        assert!(text.contains(&u.id), "{} missing from\n{text}", u.id);
    }
    let json: serde_json::Value = serde_json::from_str(&report::to_json(&report)).unwrap();
    assert_eq!(json["summary"]["errors"], 10);
    assert!(report::to_html(&report).contains("bi-huge-chunked@none"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_target_is_recorded_per_attack() {
    // A port that was just free: nothing listens there.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (results, report) = run(&format!("http://127.0.0.1:{port}/v1")).await;
    assert_eq!(results.len(), CASES.len(), "every attack has a result");
    assert!(
        results
            .iter()
            .all(|r| r.error_kind.as_deref() == Some("unreachable") && r.attempts == 2),
        "{:?}",
        results.iter().map(|r| &r.error_kind).collect::<Vec<_>>()
    );
    assert_eq!(report.summary.errors, CASES.len());
    assert_eq!(report.summary.asr, 0.0);
}
