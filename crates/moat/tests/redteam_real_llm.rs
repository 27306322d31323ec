#![cfg(feature = "redteam")]
#![allow(clippy::unwrap_used, clippy::panic)]
//! Opt-in: attack a real small LLM (SmolLM2-135M-Instruct under llama-cpp-python, started by
//! `scripts/real-llm.sh`) with a canary in its system prompt, directly and through `moat serve`.
//! Ignored by default (it builds a virtualenv once and needs minutes of CPU):
//!
//! ```sh
//! cargo test -p moat --test redteam_real_llm -- --ignored --test-threads 1
//! ```

use std::process::{Child, Command};
use std::time::Duration;

fn llm_url() -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let start = Command::new("bash")
        .arg(format!("{root}/scripts/real-llm.sh"))
        .arg("start")
        .output()
        .unwrap();
    assert!(
        start.status.success(),
        "{}",
        String::from_utf8_lossy(&start.stderr)
    );
    String::from_utf8_lossy(&start.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_string()
}

/// Runs a campaign and returns its JSON report.
fn campaign(url: &str, probes: &str, key: Option<&str>) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moat"));
    cmd.args([
        "redteam",
        "--target",
        url,
        "--model",
        "smollm2",
        "--probes",
        probes,
        "--converters",
        "none",
        "--concurrency",
        "1",
        "--max-tokens",
        "64",
        "--timeout",
        "120",
        "--no-native-tools",
        "--quiet",
        "--json",
    ])
    .arg(&json)
    .env_remove("OPENAI_API_KEY");
    if let Some(k) = key {
        cmd.env("OPENAI_API_KEY", k);
    }
    let out = cmd.output().unwrap();
    eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap()
}

#[test]
#[ignore = "needs the real small LLM (scripts/real-llm.sh): minutes of CPU"]
fn real_llm_leaks_its_canary_sometimes() {
    let url = llm_url();
    let v = campaign(&url, "prompt-extraction", None);
    let asr = v["summary"]["asr"].as_f64().unwrap();
    assert!(asr > 0.0, "the real model leaked nothing: {}", v["summary"]);
    assert_eq!(v["summary"]["errors"], 0, "{}", v["summary"]);
}

struct Gateway(Child);

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs the real small LLM (scripts/real-llm.sh): minutes of CPU"]
fn the_gateway_lowers_the_attack_success_rate() {
    let url = llm_url();
    let probes = "prompt-extraction,direct-injection";
    let direct = campaign(&url, probes, None);

    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let key = "mrt_test_key_0123456789abcdef";
    let config = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/gateway-redteam.yaml"
    );
    let _gw = Gateway(
        Command::new(env!("CARGO_BIN_EXE_moat"))
            .args(["serve", "--config", config])
            .env("MOAT_LISTEN", format!("127.0.0.1:{port}"))
            .env("MOAT_LLM_URL", &url)
            .env("MOAT_REDTEAM_KEY", key)
            .env("MOAT_AUDIT_JSONL", dir.path().join("audit.jsonl"))
            .env("MOAT_DATA_DIR", dir.path())
            .spawn()
            .unwrap(),
    );
    let mut up = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(up, "moat serve did not start");
    let through = campaign(&format!("http://127.0.0.1:{port}/v1"), probes, Some(key));

    let (d, g) = (&direct["summary"], &through["summary"]);
    eprintln!("direct {d}\nthrough the gateway {g}");
    assert_eq!(g["errors"], 0, "{g}");
    let blocked = through["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["judge"] == "blocked")
        .count();
    assert!(blocked > 0, "the gateway blocked nothing");
    assert!(
        g["asr"].as_f64().unwrap() <= d["asr"].as_f64().unwrap(),
        "direct {d}, through the gateway {g}"
    );
}
