use moat_core::ExitStatus;

/// Arguments of `moat serve`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitStatus {
    eprintln!("moat: error: `moat serve` is not available in this build yet");
    ExitStatus::Error
}
