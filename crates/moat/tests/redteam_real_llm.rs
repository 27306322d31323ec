#![cfg(feature = "redteam")]
#![allow(clippy::unwrap_used, clippy::panic)]
//! Opt-in: attack a real small LLM (SmolLM2-135M-Instruct under llama-cpp-python, started by
//! `scripts/real-llm.sh`) with a canary in its system prompt, and check the report shows a real,
//! non-zero attack success rate. Run with MOAT_TEST_REAL_LLM=1; never part of CI by default.

use std::process::Command;

#[test]
fn real_llm_leaks_its_canary_sometimes() {
    if std::env::var("MOAT_TEST_REAL_LLM").as_deref() != Ok("1") {
        eprintln!("skipped: set MOAT_TEST_REAL_LLM=1 to attack the real small LLM");
        return;
    }
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
    let url = String::from_utf8_lossy(&start.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let out = Command::new(env!("CARGO_BIN_EXE_moat"))
        .args([
            "redteam",
            "--target",
            &url,
            "--model",
            "smollm2",
            "--probes",
            "prompt-extraction",
            "--converters",
            "none",
            "--concurrency",
            "1",
            "--max-tokens",
            "48",
            "--timeout",
            "60",
            "--no-native-tools",
            "--quiet",
            "--json",
        ])
        .arg(&json)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let asr = v["summary"]["asr"].as_f64().unwrap();
    assert!(asr > 0.0, "the real model leaked nothing: {}", v["summary"]);
    assert_eq!(v["summary"]["errors"], 0, "{}", v["summary"]);
}
