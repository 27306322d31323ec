use moat_core::ExitStatus;

/// Arguments of `moat rules`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitStatus {
    eprintln!("moat: error: `moat rules` is not available in this build yet");
    ExitStatus::Error
}
