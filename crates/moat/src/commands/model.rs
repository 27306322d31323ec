use moat_core::ExitStatus;

/// Arguments of `moat model`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitStatus {
    eprintln!("moat: error: `moat model` is not available in this build yet");
    ExitStatus::Error
}
