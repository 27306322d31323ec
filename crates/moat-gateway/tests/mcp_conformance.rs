//! The official MCP conformance suite (`@modelcontextprotocol/conformance`, server mode) run
//! against the reference server (`@modelcontextprotocol/server-everything`) directly and through
//! Moat: every scenario that passes directly must pass through Moat. Both come from the npm
//! registry via scripts/setup-node.sh (`MOAT_TEST_NODE_DIR`), with the Node.js 22 they need.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::start_gateway_yaml;

fn node_dir() -> Option<PathBuf> {
    match std::env::var("MOAT_TEST_NODE_DIR") {
        Ok(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => {
            if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("MOAT_TEST_NODE_DIR is not set but MOAT_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped: MOAT_TEST_NODE_DIR is not set (run scripts/setup-node.sh)");
            None
        }
    }
}

struct Child(tokio::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_everything(dir: &Path) -> (u16, Child) {
    let port = free_port();
    let child = tokio::process::Command::new(dir.join("node_modules/.bin/node"))
        .arg(dir.join("node_modules/@modelcontextprotocol/server-everything/dist/index.js"))
        .arg("streamableHttp")
        .env("PORT", port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (port, Child(child));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server-everything did not start");
}

/// Run the suite against `url`; scenario -> (checks passed, checks failed).
async fn conformance(dir: &Path, url: &str, out: &Path) -> BTreeMap<String, (u32, u32)> {
    let o = tokio::process::Command::new(dir.join("node_modules/.bin/node"))
        .arg(dir.join("node_modules/@modelcontextprotocol/conformance/dist/index.js"))
        .args(["server", "--url", url, "-o"])
        .arg(out)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let mut m = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("✓ ").or_else(|| line.strip_prefix("✗ ")) else {
            continue;
        };
        let Some((name, counts)) = rest.split_once(": ") else {
            continue;
        };
        let nums: Vec<u32> = counts
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|s| s.parse().ok())
            .collect();
        if let [p, f, ..] = nums[..] {
            m.insert(name.to_owned(), (p, f));
        }
    }
    assert!(
        !m.is_empty(),
        "no results from the conformance suite:\n{text}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    m
}

#[tokio::test]
async fn every_scenario_passing_directly_passes_through_moat() {
    let Some(dir) = node_dir() else { return };
    let (port, _server) = start_everything(&dir).await;
    let tmp = tempfile::tempdir().unwrap();
    let direct = conformance(
        &dir,
        &format!("http://127.0.0.1:{port}/mcp"),
        &tmp.path().join("direct"),
    )
    .await;

    let data = tmp.path().join("data");
    let yaml = format!(
        r#"
listen: 127.0.0.1:0
mcp:
  servers:
    everything:
      url: http://127.0.0.1:{port}/mcp
      auth: none
      timeout: 20s
audit:
  store: {{ data_dir: {} }}
"#,
        data.display()
    );
    let gw = start_gateway_yaml(&yaml, tempfile::tempdir().unwrap(), data.join("x")).await;
    let through = conformance(
        &dir,
        &format!("{}/mcp/everything", gw.url()),
        &tmp.path().join("moat"),
    )
    .await;

    eprintln!("{:<36} {:>8} {:>8}", "scenario", "direct", "moat");
    let mut lost = Vec::new();
    for (name, (p, f)) in &direct {
        let t = through.get(name).copied().unwrap_or((0, 0));
        eprintln!(
            "{name:<36} {:>8} {:>8}",
            format!("{p}/{}", p + f),
            format!("{}/{}", t.0, t.0 + t.1)
        );
        if *f == 0 && *p > 0 && (t.1 > 0 || t.0 == 0) {
            lost.push(name.clone());
        }
    }
    let passed_direct = direct.values().filter(|(p, f)| *f == 0 && *p > 0).count();
    assert!(
        passed_direct >= 5,
        "too few scenarios pass directly: {direct:?}"
    );
    // The suite's own record of what went wrong, for each lost scenario.
    let mut detail = String::new();
    for name in &lost {
        for entry in std::fs::read_dir(tmp.path().join("moat"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = entry.path();
            if p.file_name()
                .is_some_and(|f| f.to_string_lossy().contains(name.as_str()))
            {
                for f in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                    let text = std::fs::read_to_string(f.path()).unwrap_or_default();
                    detail.push_str(&format!(
                        "--- {}\n{}\n",
                        f.path().display(),
                        &text[..text.len().min(3000)]
                    ));
                }
            }
        }
    }
    assert!(lost.is_empty(), "{detail}");
    assert!(
        lost.is_empty(),
        "scenarios that pass directly but fail through Moat: {lost:?}\ndirect: {direct:?}\nmoat: {through:?}"
    );
}
