use moat_core::ExitStatus;

/// Arguments of `moat registry`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitStatus {
    eprintln!("moat: error: `moat registry` is not available in this build yet");
    ExitStatus::Error
}
