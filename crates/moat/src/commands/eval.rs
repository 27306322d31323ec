use moat_core::ExitStatus;

/// `moat eval ...`
#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Measure the injection detector on a labelled JSONL file.
    Guard {
        /// JSONL with `text`, `label` and optionally `kind` and `source`.
        file: std::path::PathBuf,
    },
}

pub fn run(cmd: EvalCommand) -> ExitStatus {
    match cmd {
        EvalCommand::Guard { file } => {
            eprintln!(
                "moat: error: eval of `{}` is not implemented yet",
                file.display()
            );
            ExitStatus::Error
        }
    }
}
