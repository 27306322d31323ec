//! DLP throughput on mixed prose, code and logs (one core).
//!
//! `cargo bench -p moat-guard --bench dlp` prints MB/s per corpus. The corpus is built here from
//! fixed snippets (no I/O), about 8 MB each, with a sprinkling of synthetic PII and secrets.

use std::time::Instant;

use moat_guard::dlp::{DlpConfig, Scanner};

const PROSE: &str = "The committee met on Tuesday to review the quarterly figures. Revenue grew \
in most regions, although the northern office reported delays caused by the weather. Several \
members asked whether the new onboarding process had reduced the time it takes a customer to \
reach their first successful transaction; the answer, for now, is that it is too early to tell. \
We agreed to revisit the question next month, once the survey results are in. ";
const CODE: &str = "fn parse_header(input: &[u8]) -> Result<Header, Error> {\n    let mut pos = 0usize;\n    \
let version = read_u16(input, &mut pos)?;\n    if version > MAX_VERSION {\n        return Err(Error::Version(version));\n    }\n    \
let token = config.get(\"auth_token\").unwrap_or_default();\n    let url = format!(\"https://{}/api/v2/items?page={}\", host, page);\n    \
Ok(Header { version, len: read_u32(input, &mut pos)? })\n}\n";
const LOGS: &str = "2026-11-22T02:31:07.112Z INFO  http request method=GET path=/api/v1/users/1842 status=200 \
latency_ms=12 remote=10.42.7.19 request_id=4f9c2a7e-5d1b-4c3e-9a8f-1b2c3d4e5f60\n2026-11-22T02:31:07.118Z WARN  \
pool exhausted waiting=3 active=64 idle=0 db=orders host=db-7.internal:5432\n2026-11-22T02:31:07.120Z DEBUG \
cache hit key=session:8842 ttl=3600 size=2048\n";
const SPICE: &[&str] = &[
    "Contact jane.doe@example-mail.com or call +44 20 7946 0958. ",
    "card 4111 1111 1111 1111 exp 12/29 ",
    "OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP0123456789 ",
    "password = \"Xk29fLq81mZ\" ",
    "AKIAQWERTYUIOPASDFGH ",
];

/// Nanoseconds this thread has spent on a CPU (Linux), so a busy shared machine does not
/// distort the figure; `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn corpus(base: &str, target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    let mut i = 0usize;
    while s.len() < target {
        s.push_str(base);
        i += 1;
        if i.is_multiple_of(40) {
            s.push_str(SPICE[(i / 40) % SPICE.len()]);
        }
    }
    s
}

fn main() {
    let only = std::env::var("MOAT_BENCH_ONLY").unwrap_or_default();
    let config = DlpConfig {
        pii: only != "secrets",
        secrets: only != "pii",
        ..DlpConfig::default()
    };
    let scanner = match Scanner::new(&config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("scanner: {e}");
            std::process::exit(2);
        }
    };
    let size = 8 << 20;
    let mixed = {
        let mut m = String::new();
        let (p, c, l) = (
            corpus(PROSE, size / 3),
            corpus(CODE, size / 3),
            corpus(LOGS, size / 3),
        );
        for ((a, b), d) in p
            .as_bytes()
            .chunks(4096)
            .zip(c.as_bytes().chunks(4096))
            .zip(l.as_bytes().chunks(4096))
        {
            for part in [a, b, d] {
                m.push_str(&String::from_utf8_lossy(part));
            }
        }
        m
    };
    let corpora = [
        ("prose", corpus(PROSE, size)),
        ("code", corpus(CODE, size)),
        ("logs", corpus(LOGS, size)),
        ("mixed", mixed),
    ];
    println!("| corpus | MB | findings | wall MB/s (median) | CPU MB/s (median) |");
    println!("|---|---:|---:|---:|---:|");
    for (name, text) in &corpora {
        let mut rates = Vec::new();
        let mut cpu_rates = Vec::new();
        let mut findings = 0;
        for _ in 0..5 {
            let c0 = cpu_ns();
            let t = Instant::now();
            let f = scanner.scan(text);
            let dt = t.elapsed().as_secs_f64();
            if let (Some(a), Some(b)) = (c0, cpu_ns()) {
                cpu_rates.push(text.len() as f64 / 1e6 / ((b - a) as f64 / 1e9).max(1e-9));
            }
            findings = f.len();
            rates.push(text.len() as f64 / 1e6 / dt);
        }
        rates.sort_by(f64::total_cmp);
        cpu_rates.sort_by(f64::total_cmp);
        let cpu = cpu_rates
            .get(cpu_rates.len() / 2)
            .map_or("-".to_owned(), |r| format!("{r:.0}"));
        println!(
            "| {name} | {:.1} | {findings} | {:.0} | {cpu} |",
            text.len() as f64 / 1e6,
            rates[rates.len() / 2]
        );
    }
}
