//! `moat mcp`: review the tools Moat has seen on its MCP servers and approve held ones (new,
//! changed, shadowing or poisoned tools are held until an operator pins them). Reads and writes
//! the same store as the gateway (`mcp.pins`, `mcp.seen`), so a running gateway sees an
//! approval on the next call.

use moat_core::ExitStatus;
use moat_gateway::mcp::catalogue::{self, Seen};

use super::store_cli::{Runtime, actor};

/// Arguments of `moat mcp`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Store URL (`sqlite://PATH`, a path, or `postgres://...`): the gateway's `audit.store`.
    /// Default: `$MOAT_DATA_DIR/moat.db`.
    #[arg(long, env = "MOAT_STORE_URL", global = true)]
    pub store: Option<String>,
    /// Who is acting (recorded with the pin). Default: `$MOAT_ACTOR`, else `user:$USER`.
    #[arg(long = "as", global = true)]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: McpCommand,
}

/// Subcommands of `moat mcp`.
#[derive(Debug, clap::Subcommand)]
pub enum McpCommand {
    /// List the tools last seen on each server with their pin status. Exits 1 when a tool is
    /// held (new, changed, shadowing or poisoned), so CI can notice.
    Tools(ToolsArgs),
    /// Pin a tool's current definition: it is offered and callable again.
    Approve(ApproveArgs),
}

/// Arguments of `moat mcp tools`.
#[derive(Debug, clap::Args)]
pub struct ToolsArgs {
    /// Only this server.
    #[arg(long)]
    pub server: Option<String>,
    /// Only held tools.
    #[arg(long)]
    pub held: bool,
    /// Print JSON (one array of records, with definitions and findings).
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `moat mcp approve`.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The server's name (as in `/mcp/{name}`).
    pub server: String,
    /// The tool's name.
    pub tool: String,
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

fn line(s: &Seen) -> String {
    let hash = s.hash.get(..12).unwrap_or(&s.hash);
    let mut out = format!(
        "{:<20} {:<32} {:<10} {hash}  {}",
        s.server, s.tool, s.status, s.at
    );
    if let Some(o) = &s.other_server {
        out.push_str(&format!("  (same name as a tool of `{o}`)"));
    }
    for f in &s.findings {
        out.push_str(&format!("\n    {} at {}: {}", f.signal, f.field, f.message));
    }
    out
}

fn run_inner(args: Args) -> Result<ExitStatus, String> {
    let rt = Runtime::open(args.store)?;
    match args.command {
        McpCommand::Tools(t) => {
            let mut seen = rt.block_on(catalogue::list_seen(rt.store(), t.server.as_deref()))?;
            if t.held {
                seen.retain(|s| !s.allowed());
            }
            seen.sort_by(|a, b| (&a.server, &a.tool).cmp(&(&b.server, &b.tool)));
            if t.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&seen).map_err(|e| e.to_string())?
                );
            } else if seen.is_empty() {
                println!("no tools seen yet (they are recorded when a client lists them)");
            } else {
                println!(
                    "{:<20} {:<32} {:<10} {:<12}  seen",
                    "server", "tool", "status", "hash"
                );
                for s in &seen {
                    println!("{}", line(s));
                }
            }
            let held = seen.iter().filter(|s| !s.allowed()).count();
            if held > 0 {
                eprintln!(
                    "{held} tool(s) held until approved: `moat mcp approve SERVER TOOL` after review"
                );
                return Ok(ExitStatus::Findings);
            }
            Ok(ExitStatus::Clean)
        }
        McpCommand::Approve(a) => {
            let who = actor(args.actor).ok_or("no identity: pass --as or set MOAT_ACTOR")?;
            let s = rt.block_on(catalogue::approve(rt.store(), &a.server, &a.tool, &who))?;
            println!(
                "pinned {}/{} at sha256:{} by {who}",
                s.server,
                s.tool,
                s.hash.get(..16).unwrap_or(&s.hash)
            );
            Ok(ExitStatus::Clean)
        }
    }
}
