//! Decision latency: `cargo run --release -p moat-authz --example decide_bench`.
//!
//! 50 routes' generated grants plus the example policy file, one user with three groups,
//! an LLM context (guard results, labels) and a tool-call context with nested arguments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use moat_authz::{ActionKind, Authorizer, Grant, Request, Resource, ResourcePattern};
use serde_json::json;

fn main() {
    let routes: usize = std::env::var("ROUTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let grants: Vec<Grant> = (0..routes)
        .map(|i| Grant {
            actions: ActionKind::LLM.to_vec(),
            resource: ResourcePattern::Route(format!("route-{i}")),
            agents: vec![format!("agent-{i}")],
            users: vec![],
            groups: vec![format!("group-{i}"), "eng".into()],
        })
        .chain([Grant {
            actions: vec![ActionKind::CallTool],
            resource: ResourcePattern::Server("fs".into()),
            agents: vec![],
            users: vec![],
            groups: vec![],
        }])
        .collect();
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/policies.cedar");
    let authz = Authorizer::new(&grants, &[file]).expect("policies");
    let mut who = moat_core::Identity::agent("bot");
    who.groups = vec!["eng".into(), "ml".into(), "contractors-not".into()];

    let llm_ctx = json!({
        "guard": {"injection_score": 120, "findings": ["EMAIL_ADDRESS"], "alerts": [], "fail_open": false},
        "labels": ["internal"], "stream": false, "surface": "chat"
    });
    let tool_ctx = json!({
        "guard": {"injection_score": 40},
        "arguments": {"path": "/srv/data/report.csv", "options": {"recursive": true, "depth": 3,
            "filters": ["*.csv", "*.json"], "limit": 1.5}}
    });
    for (name, action, resource, ctx) in [
        (
            "llm chat",
            ActionKind::Chat,
            Resource::Model {
                route: "route-0",
                model: "gpt-4o",
            },
            llm_ctx,
        ),
        (
            "mcp call_tool",
            ActionKind::CallTool,
            Resource::Tool {
                server: "fs",
                tool: "read_file",
            },
            tool_ctx,
        ),
    ] {
        let req = Request {
            principal: &who,
            action,
            resource,
            context: ctx,
        };
        assert!(authz.is_authorized(&req).allowed);
        let n = 20_000u32;
        let mut samples = Vec::with_capacity(n as usize);
        let all = Instant::now();
        for _ in 0..n {
            let t = Instant::now();
            let d = authz.is_authorized(&req);
            samples.push(t.elapsed().as_nanos() as u64);
            std::hint::black_box(d);
        }
        let total = all.elapsed();
        samples.sort_unstable();
        let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
        println!(
            "{name}: {} policies, {n} decisions, mean {:.1} us, p50 {:.1} us, p99 {:.1} us",
            authz.policy_count(),
            total.as_secs_f64() * 1e6 / f64::from(n),
            pct(0.50),
            pct(0.99)
        );
    }
}
