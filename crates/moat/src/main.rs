//! The `moat` command: parses arguments and hands each subcommand to its module in `commands/`.
//! All logic lives in the library crates; this binary only wires them.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

/// Moat: find, vet, guard, attack and record the AI in your estate.
///
/// Exit codes: 0 clean, 1 something was found (at or above the threshold you set),
/// 2 usage, input, configuration or I/O error.
#[derive(Debug, Parser)]
#[command(name = "moat", version, propagate_version = true, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check text for prompt injection, jailbreaks and sensitive data.
    #[cfg(feature = "guard")]
    Check(commands::check::Args),
    /// Measure a detector on a labelled data set.
    #[cfg(feature = "guard")]
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
    /// Run the gateway in front of LLM providers and MCP servers.
    #[cfg(feature = "gateway")]
    Serve(commands::serve::Args),
    /// Review the tools seen on MCP servers; approve held (new, changed, shadowing) tools.
    #[cfg(feature = "gateway")]
    Mcp(commands::mcp::Args),
    /// Decide MCP tool calls held for a human's approval.
    #[cfg(feature = "gateway")]
    Approvals(commands::approvals::Args),
    /// Issue and inspect Moat agent tokens and API keys.
    #[cfg(feature = "gateway")]
    Token(commands::token::Args),
    /// Verify, query, export and prune the tamper-evident audit trail.
    #[cfg(feature = "audit")]
    Audit(commands::audit::Args),
    /// Find AI assets in a tree, write an AI-BOM, check posture rules.
    #[cfg(feature = "scan")]
    Scan(commands::scan::Args),
    /// List posture rules, or explain one.
    #[cfg(feature = "scan")]
    Rules(commands::rules::Args),
    /// Scan, sign and verify model files.
    #[cfg(feature = "model")]
    Model(commands::model::Args),
    /// Keep a registry of approved models.
    #[cfg(feature = "model")]
    Registry(commands::registry::Args),
    /// Attack an AI endpoint with OWASP/ATLAS-mapped probes and score it.
    #[cfg(feature = "redteam")]
    // Boxed: its many options make it far larger than the other variants.
    Redteam(Box<commands::redteam::Args>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        #[cfg(feature = "guard")]
        Command::Check(args) => commands::check::run(args),
        #[cfg(feature = "guard")]
        Command::Eval(cmd) => commands::eval::run(cmd),
        #[cfg(feature = "gateway")]
        Command::Serve(args) => commands::serve::run(args),
        #[cfg(feature = "gateway")]
        Command::Token(args) => commands::token::run(args),
        #[cfg(feature = "gateway")]
        Command::Mcp(args) => commands::mcp::run(args),
        #[cfg(feature = "gateway")]
        Command::Approvals(args) => commands::approvals::run(args),
        #[cfg(feature = "audit")]
        Command::Audit(args) => commands::audit::run(args),
        #[cfg(feature = "scan")]
        Command::Scan(args) => commands::scan::run(args),
        #[cfg(feature = "scan")]
        Command::Rules(args) => commands::rules::run(args),
        #[cfg(feature = "model")]
        Command::Model(args) => commands::model::run(args),
        #[cfg(feature = "model")]
        Command::Registry(args) => commands::registry::run(args),
        #[cfg(feature = "redteam")]
        Command::Redteam(args) => commands::redteam::run(*args),
    };
    status.into()
}
