use moat_core::ExitStatus;

/// Arguments of `moat audit`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitStatus {
    eprintln!("moat: error: `moat audit` is not available in this build yet");
    ExitStatus::Error
}
