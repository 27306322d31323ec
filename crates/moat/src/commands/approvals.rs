//! `moat approvals`: the queue of MCP tool calls held for a human's decision. Each request is
//! bound to one exact call (caller, server, tool, SHA-256 of the canonical arguments, policy
//! version, nonce, expiry): approving it lets that call through once, and nothing else.
//! Decisions are written to the store the gateway reads; the gateway audits each step.

use moat_core::ExitStatus;
use moat_gateway::mcp::approvals::{self, DecideError};
use moat_mcp::approval::{Request, State};

use super::store_cli::{Runtime, actor};

/// Arguments of `moat approvals`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Store URL (`sqlite://PATH`, a path, or `postgres://...`): the gateway's `audit.store`.
    /// Default: `$MOAT_DATA_DIR/moat.db`.
    #[arg(long, env = "MOAT_STORE_URL", global = true)]
    pub store: Option<String>,
    /// Who is deciding (recorded and audited). Default: `$MOAT_ACTOR`, else `user:$USER`.
    #[arg(long = "as", global = true)]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: ApprovalsCommand,
}

/// Subcommands of `moat approvals`.
#[derive(Debug, clap::Subcommand)]
pub enum ApprovalsCommand {
    /// List requests, newest first (default: pending only).
    List(ListArgs),
    /// Show one request: the call it is bound to, its masked arguments, its history.
    Show(ShowArgs),
    /// Approve a pending request: the held call (and only it) may run once.
    Approve(DecideArgs),
    /// Deny a pending request: the agent gets an MCP error.
    Deny(DecideArgs),
}

/// Arguments of `moat approvals list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// pending, approved, denied, expired, executed or all.
    #[arg(long, default_value = "pending")]
    pub state: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `moat approvals show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The request id (`apr_...`).
    pub id: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of approve / deny.
#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// The request id (`apr_...`).
    pub id: String,
    /// A note for the record (shown to the agent on denial).
    #[arg(long)]
    pub note: Option<String>,
}

pub fn run(args: Args) -> ExitStatus {
    match run_inner(args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("moat: error: {e}");
            ExitStatus::Error
        }
    }
}

fn parse_state(s: &str) -> Result<Option<State>, String> {
    if s == "all" {
        return Ok(None);
    }
    serde_json::from_value::<State>(serde_json::Value::String(s.to_owned()))
        .map(Some)
        .map_err(|_| {
            format!("--state `{s}`: expected pending, approved, denied, expired, executed or all")
        })
}

fn time(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

fn show(r: &Request) -> String {
    let now = approvals::now();
    let b = &r.binding;
    let mut s = format!(
        "{}  {}\n  call:     `{}` -> {}/{}\n  reason:   {}\n  args:     sha256:{}\n  policy:   {}\n  created:  {}\n  expires:  {}\n  request:  {}\n",
        r.id,
        r.effective_state(now).as_str(),
        b.principal,
        b.server,
        b.tool,
        r.reason,
        b.args_sha256,
        b.policy_version,
        time(r.created),
        time(r.expires),
        r.request_id,
    );
    if let Some(by) = &r.decided_by {
        s.push_str(&format!(
            "  decided:  by {by} at {}{}\n",
            r.decided_at.map(time).unwrap_or_default(),
            r.note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ));
    }
    let args = serde_json::to_string_pretty(&r.arguments_preview).unwrap_or_default();
    s.push_str("  arguments (sensitive values masked):\n");
    for l in args.lines() {
        s.push_str(&format!("    {l}\n"));
    }
    s
}

fn run_inner(args: Args) -> Result<ExitStatus, String> {
    let rt = Runtime::open(args.store)?;
    match args.command {
        ApprovalsCommand::List(l) => {
            let state = parse_state(&l.state)?;
            let reqs = rt.block_on(approvals::list(rt.store(), state))?;
            if l.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&reqs).map_err(|e| e.to_string())?
                );
            } else if reqs.is_empty() {
                println!("no {} approval requests", l.state);
            } else {
                let now = approvals::now();
                for r in &reqs {
                    println!(
                        "{}  {:<8} {:<24} {}/{}  expires {}  ({})",
                        r.id,
                        r.effective_state(now).as_str(),
                        r.binding.principal,
                        r.binding.server,
                        r.binding.tool,
                        time(r.expires),
                        r.reason
                    );
                }
            }
            Ok(ExitStatus::Clean)
        }
        ApprovalsCommand::Show(s) => {
            let Some((r, _)) = rt.block_on(approvals::get(rt.store(), &s.id))? else {
                return Err(format!("no approval request `{}`", s.id));
            };
            if s.json {
                let mut v = serde_json::to_value(&r).map_err(|e| e.to_string())?;
                v["state"] = serde_json::json!(r.effective_state(approvals::now()).as_str());
                println!(
                    "{}",
                    serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
                );
            } else {
                print!("{}", show(&r));
            }
            Ok(ExitStatus::Clean)
        }
        ApprovalsCommand::Approve(d) => decide(&rt, d, true, args.actor),
        ApprovalsCommand::Deny(d) => decide(&rt, d, false, args.actor),
    }
}

fn decide(
    rt: &Runtime,
    d: DecideArgs,
    approve: bool,
    who: Option<String>,
) -> Result<ExitStatus, String> {
    let who = actor(who).ok_or("no identity: pass --as or set MOAT_ACTOR")?;
    match rt.block_on(approvals::decide(rt.store(), &d.id, approve, &who, d.note)) {
        Ok(r) => {
            print!("{}", show(&r));
            Ok(ExitStatus::Clean)
        }
        Err(e @ (DecideError::NotFound(_) | DecideError::NotPending { .. })) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}
