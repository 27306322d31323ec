//! `moat serve` reloads its configuration file on SIGHUP: the real binary, a real listener, and
//! a file changed under it. A broken file is refused and the running configuration kept.
#![cfg(all(feature = "gateway", unix))]
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const KEY_A: &str = "reload-key-aaaaaaaaaaaaaaaa";
const KEY_B: &str = "reload-key-bbbbbbbbbbbbbbbb";

fn config(model: &str, key: &str) -> String {
    format!(
        "listen: 127.0.0.1:0\n\
         upstreams:\n  u: {{ provider: openai, base_url: 'http://127.0.0.1:9/v1', api_key: sk-x }}\n\
         routes:\n  - {{ models: [{model}], upstream: u }}\n\
         auth:\n  api_keys:\n    - {{ name: client, key: {key} }}\n"
    )
}

/// Kills the server if the test fails half-way.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Lines the server writes to standard error.
fn stderr_lines(child: &mut Child) -> Receiver<String> {
    let err = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Wait for a stderr line containing `needle` (bounded, so a broken server fails the test
/// rather than hanging it).
fn wait_for(rx: &Receiver<String>, needle: &str) -> String {
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(e) => panic!("no `{needle}` line from the server: {e}"),
        }
    }
}

/// `GET /v1/models` with `key`: the status and body.
fn models(addr: &str, key: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /v1/models HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn hup(child: &Child) {
    let st = Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn sighup_swaps_the_configuration_and_refuses_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.yaml");
    std::fs::write(&path, config("model-a", KEY_A)).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_moat"))
        .args(["serve", "--config"])
        .arg(&path)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let rx = stderr_lines(&mut server.0);
    let line = wait_for(&rx, "listening on http://");
    let addr = line.rsplit("http://").next().unwrap().trim().to_owned();

    let (s, body) = models(&addr, KEY_A);
    assert_eq!(s, 200, "{body}");
    assert!(body.contains("model-a"), "{body}");
    assert_eq!(models(&addr, KEY_B).0, 401);

    // New route and new key.
    std::fs::write(&path, config("model-b", KEY_B)).unwrap();
    hup(&server.0);
    wait_for(&rx, "configuration reloaded");
    let (s, body) = models(&addr, KEY_B);
    assert_eq!(s, 200, "{body}");
    assert!(
        body.contains("model-b") && !body.contains("model-a"),
        "{body}"
    );
    assert_eq!(models(&addr, KEY_A).0, 401);

    // A broken file: refused, naming the problem; the running configuration keeps serving.
    std::fs::write(
        &path,
        "routes:\n  - { models: [model-c], upstream: nowhere }\n",
    )
    .unwrap();
    hup(&server.0);
    let line = wait_for(&rx, "reload failed");
    assert!(line.contains("routes[0].upstream"), "{line}");
    let (s, body) = models(&addr, KEY_B);
    assert_eq!(s, 200, "{body}");
    assert!(body.contains("model-b"), "{body}");

    // A file that parses but cannot be built (a missing key file) is refused the same way.
    std::fs::write(
        &path,
        format!(
            "{}  jwt: {{ public_key_file: {} }}\n",
            config("model-d", KEY_A),
            dir.path().join("missing.pub").display()
        ),
    )
    .unwrap();
    hup(&server.0);
    let line = wait_for(&rx, "reload failed");
    assert!(line.contains("auth.jwt.public_key_file"), "{line}");
    assert_eq!(models(&addr, KEY_B).0, 200);
    assert_eq!(models(&addr, KEY_A).0, 401);
}
