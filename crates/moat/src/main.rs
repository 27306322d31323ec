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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        #[cfg(feature = "guard")]
        Command::Check(args) => commands::check::run(args),
        #[cfg(feature = "guard")]
        Command::Eval(cmd) => commands::eval::run(cmd),
    };
    status.into()
}
