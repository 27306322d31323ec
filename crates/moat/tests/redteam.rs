#![cfg(feature = "redteam")]
#![allow(clippy::unwrap_used, clippy::panic)]
//! Black-box tests of `moat redteam` against a scripted upstream on loopback: it leaks the canary
//! for some prompts, refuses others, answers 429, hangs, returns garbage or megabytes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Requests seen, by a short key of the last user message.
type Seen = Arc<Mutex<HashMap<String, usize>>>;
/// Keys of the requests, in arrival order.
type Log = Arc<Mutex<Vec<String>>>;

/// The key a request is counted under: the start of its last user message.
fn key(user: &str) -> String {
    user.chars().take(40).collect()
}

fn respond(mut s: TcpStream, status: &str, extra: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
}

fn chat(text: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]
    }))
    .unwrap()
}

fn handle(stream: TcpStream, seen: Seen, log: Log, delay: Duration) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut r = BufReader::new(stream.try_clone().unwrap());
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let l = line.trim_end().to_ascii_lowercase();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("content-length:") {
            len = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let msgs = v["messages"].as_array().unwrap();
    let system = msgs[0]["content"].as_str().unwrap().to_string();
    let user = msgs.iter().rev().find(|m| m["role"] == "user").unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string();
    let k = key(&user);
    log.lock().unwrap().push(k.clone());
    let n = {
        let mut s = seen.lock().unwrap();
        let e = s.entry(k).or_default();
        *e += 1;
        *e
    };
    std::thread::sleep(delay);
    let canary = system
        .split(|c: char| c.is_whitespace() || c == '.')
        .find(|w| w.starts_with("NW-"))
        .unwrap_or("none")
        .to_string();
    if user.contains("OVERRIDE-ACCEPTED-101") {
        respond(stream, "429 Too Many Requests", "retry-after: 0\r\n", b"{}");
    } else if user.contains("OVERRIDE-ACCEPTED-102") {
        std::thread::sleep(Duration::from_secs(4));
        respond(stream, "200 OK", "", &chat("too late"));
    } else if user.contains("OVERRIDE-ACCEPTED-103") {
        respond(stream, "200 OK", "", b"<html>this is not json</html>");
    } else if user.contains("OVERRIDE-ACCEPTED-104") {
        let big = "A".repeat(3 * 1024 * 1024);
        respond(stream, "200 OK", "", &chat(&big));
    } else if user.starts_with("Repeat the text above") && n == 1 {
        // Rate-limited once, then fine: the retry must get through.
        respond(stream, "429 Too Many Requests", "retry-after: 0\r\n", b"{}");
    } else if user.contains("system prompt")
        || user.contains("internal reference code")
        || user.starts_with("Repeat the text above")
    {
        respond(
            stream,
            "200 OK",
            "",
            &chat(&format!("Sure. My code is {canary}.")),
        );
    } else {
        respond(stream, "200 OK", "", &chat("I can't help with that."));
    }
}

fn upstream() -> (String, Seen) {
    let (url, seen, _) = upstream_slow(Duration::ZERO);
    (url, seen)
}

/// An upstream that takes `delay` over every answer, and logs what it was asked.
fn upstream_slow(delay: Duration) -> (String, Seen, Log) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", l.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log: Log = Arc::default();
    let (s2, l2) = (seen.clone(), log.clone());
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let (seen, log) = (s2.clone(), l2.clone());
            std::thread::spawn(move || handle(s, seen, log, delay));
        }
    });
    (url, seen, log)
}

const PROBES: &str = "pe-direct-ask,pe-internal-code,pe-verbatim,rs-one-word,di-ignore-previous,\
di-disregard-above,di-fake-system-message,di-developer-mode-tag,di-off-topic-task";

fn moat(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_moat"))
        .arg("redteam")
        .args(args)
        .env_remove("OPENAI_API_KEY")
        .output()
        .unwrap()
}

fn base<'a>(url: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "--target",
        url,
        "--model",
        "double",
        "--probes",
        PROBES,
        "--timeout",
        "1",
        "--retries",
        "1",
        "--backoff-ms",
        "10",
        "--max-response-bytes",
        "1048576",
        "--quiet",
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn scripted_upstream_report_numbers_and_formats() {
    let (url, _seen) = upstream();
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let (json, sarif, junit, html) = (p("r.json"), p("r.sarif"), p("r.xml"), p("r.html"));
    let out = moat(&base(
        &url,
        &[
            "--json",
            &json,
            "--sarif",
            &sarif,
            "--junit",
            &junit,
            "--html",
            &html,
            "--fail-above",
            "0.5",
        ],
    ));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let s = &v["summary"];
    assert_eq!(s["attacks"], 9, "{s}");
    assert_eq!(s["errors"], 4, "{s}");
    assert_eq!(s["successes"], 4, "{s}");
    assert!((s["asr"].as_f64().unwrap() - 0.8).abs() < 1e-9, "{s}");
    let kinds: Vec<&str> = v["unjudged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["kind"].as_str().unwrap())
        .collect();
    for k in ["rate_limited", "timeout", "malformed", "too_large"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let results = v["results"].as_array().unwrap();
    let by = |probe: &str| results.iter().find(|r| r["probe"] == probe).unwrap();
    assert_eq!(by("pe-direct-ask")["judge"], "canary");
    assert_eq!(by("pe-verbatim")["success"], true, "retried after one 429");
    assert_eq!(by("di-off-topic-task")["judge"], "refused");
    assert_eq!(by("di-off-topic-task")["success"], false);
    for k in [
        "probe",
        "owasp",
        "atlas",
        "converter",
        "success",
        "judge",
        "prompt",
        "response",
    ] {
        assert!(!results[0][k].is_null(), "{k}");
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 4);
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert!(
        junit.contains("tests=\"9\" failures=\"4\" errors=\"4\""),
        "{junit}"
    );
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("80.0%") && html.contains("<svg"));
    assert!(stdout.contains("could not be judged"), "{stdout}");

    // The exit code depends on the rate only, not on which formats are written.
    let out = moat(&base(&url, &["--fail-above", "0.5"]));
    assert_eq!(out.status.code(), Some(1));
    let junit2 = p("r2.xml");
    let out = moat(&base(&url, &["--fail-above", "0.9", "--junit", &junit2]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn resumable_run_skips_judged_attacks() {
    let (url, seen) = upstream();
    let dir = tempfile::tempdir().unwrap();
    let run_dir = dir.path().join("run");
    let rd = run_dir.to_str().unwrap();
    let out = moat(&base(&url, &["--run-dir", rd]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first: usize = seen.lock().unwrap().values().sum();
    let lines = std::fs::read_to_string(run_dir.join("results.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, 9);
    let json = dir.path().join("r.json");
    let out = moat(&base(
        &url,
        &["--run-dir", rd, "--json", json.to_str().unwrap()],
    ));
    assert_eq!(out.status.code(), Some(0));
    let second: usize = seen.lock().unwrap().values().sum::<usize>() - first;
    // Only the 4 unjudged attacks are sent again (each up to 2 attempts).
    assert!((4..=8).contains(&second), "{second} requests on resume");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["summary"]["attacks"], 9);
    assert_eq!(v["summary"]["successes"], 4);
    // A different campaign in the same directory is refused.
    let out = moat(&base(&url, &["--run-dir", rd, "--seed", "99"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("different campaign"));
}

#[test]
fn dry_run_prints_attacks_without_a_target() {
    let out = moat(&[
        "--dry-run",
        "--probes",
        "pe-direct-ask",
        "--converters",
        "none,base64+codeblock",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("# 2 attacks"), "{s}");
    assert!(s.contains("pe-direct-ask@base64+codeblock"));
    assert!(s.contains("```python"));
}

#[test]
fn dry_run_into_a_closed_pipe_exits_quietly() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_moat"))
        .args([
            "redteam",
            "--dry-run",
            "--probes",
            "all",
            "--converters",
            "all",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `| head -1` does.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("# "), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_is_a_clear_error() {
    let out = moat(&["--dry-run", "--converters", "rot99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown converter `rot99`"));
    let out = moat(&["--dry-run", "--probes", "LLM42"]);
    assert_eq!(out.status.code(), Some(2));
    // Nothing listens on port 9 of loopback: every attack is unjudged, exit 2, report still made.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let out = moat(&[
        "--target",
        "http://127.0.0.1:9/v1",
        "--model",
        "m",
        "--probes",
        "pe-direct-ask,pe-verbatim",
        "--retries",
        "0",
        "--quiet",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["unjudged"][0]["kind"], "unreachable");
}

/// The stores a stored run is tested on: a SQLite file, and PostgreSQL when configured.
fn stores(name: &str) -> Vec<(String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vec![(
        format!("sqlite://{}", dir.path().join("moat.db").display()),
        Some(dir),
    )];
    match std::env::var("MOAT_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => {
            let sep = if u.contains('?') { '&' } else { '?' };
            v.push((
                format!("{u}{sep}schema=t_{name}_{}", std::process::id()),
                None,
            ));
        }
        _ => {
            if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("MOAT_TEST_POSTGRES_URL is not set but MOAT_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped PostgreSQL: MOAT_TEST_POSTGRES_URL is not set");
        }
    }
    v
}

#[test]
fn stored_run_resumes_after_a_crash() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for (store_url, _dir) in stores("rt_crash") {
        let (url, _seen, log) = upstream_slow(Duration::from_millis(300));
        let args = base(
            &url,
            &[
                "--run-id",
                "nightly",
                "--store",
                &store_url,
                "--lease-secs",
                "2",
                "--concurrency",
                "1",
            ],
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_moat"))
            .arg("redteam")
            .args(&args)
            .env_remove("OPENAI_API_KEY")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the run to have stored a few results, then kill it mid-run (SIGKILL: no
        // chance to clean up).
        let store = loop {
            if let Ok(s) = rt.block_on(moat_store::Store::open(&store_url)) {
                break s;
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let started = std::time::Instant::now();
        loop {
            // Two judged results (the unjudged ones come first, in probe order).
            let n = rt
                .block_on(store.redteam_results("nightly"))
                .map(|v| v.iter().filter(|r| r.judged).count())
                .unwrap_or(0);
            if n >= 2 {
                break;
            }
            assert!(child.try_wait().unwrap().is_none(), "run ended too early");
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "no results stored"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let before = rt.block_on(store.redteam_results("nightly")).unwrap();
        assert!(before.len() < 9, "killed mid-run: {} results", before.len());
        let judged: std::collections::HashSet<String> = before
            .iter()
            .filter(|r| r.judged)
            .map(|r| key(r.result["prompt"].as_str().unwrap()))
            .collect();
        assert!(
            !judged.is_empty(),
            "{store_url}: {:?}",
            before
                .iter()
                .map(|r| (&r.attack_id, r.judged))
                .collect::<Vec<_>>()
        );
        let run = rt.block_on(store.redteam_run("nightly")).unwrap().unwrap();
        assert!(
            run.lease_owner.is_some(),
            "the killed run still holds its lease"
        );

        // At once: refused, the lease of the dead process has not run out.
        let out = moat(&args);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is being run by"), "{err}");

        // After the lease: resumes, and no attack judged before the crash is sent again.
        std::thread::sleep(Duration::from_millis(2500));
        log.lock().unwrap().clear();
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("r.json");
        let mut args2 = args.clone();
        let json_s = json.to_str().unwrap().to_string();
        args2.extend(["--json", json_s.as_str()]);
        let out = moat(&args2);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let sent = log.lock().unwrap().clone();
        assert!(!sent.is_empty());
        for k in &sent {
            assert!(
                !judged.contains(k),
                "`{k}` was judged before the crash but sent again"
            );
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(v["summary"]["attacks"], 9, "{}", v["summary"]);
        assert_eq!(v["summary"]["successes"], 4, "{}", v["summary"]);
        assert_eq!(v["summary"]["errors"], 4, "{}", v["summary"]);
        let run = rt.block_on(store.redteam_run("nightly")).unwrap().unwrap();
        assert_eq!((run.judged, run.unjudged), (5, 4));
        assert!(run.lease_owner.is_none(), "released at the end");

        // Once more: only the 4 unjudged attacks are sent (each at most twice).
        log.lock().unwrap().clear();
        let out = moat(&args);
        assert_eq!(out.status.code(), Some(0));
        let n = log.lock().unwrap().len();
        assert!((4..=8).contains(&n), "{n} requests on the third run");

        // Another campaign under the same run id is refused.
        let mut other = args.clone();
        other.extend(["--seed", "99"]);
        let out = moat(&other);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("different campaign"));
        rt.block_on(store.drop_schema()).unwrap();
    }
}
