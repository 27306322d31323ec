use moat_core::{ExitStatus, TextKind};
use moat_guard::{Engine, GuardConfig};

/// Arguments of `moat check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to check (`-` reads standard input).
    pub text: Option<String>,
    /// Treat the text as a prompt or a document.
    #[arg(long, default_value = "prompt")]
    pub kind: TextKind,
}

pub fn run(args: Args) -> ExitStatus {
    let engine = match Engine::new(GuardConfig::default()) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    let Some(text) = args.text else {
        eprintln!("moat: error: no text given");
        return ExitStatus::Error;
    };
    let report = engine.check(&text, args.kind);
    match serde_json::to_string(&report) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    }
    if report.verdict == moat_guard::Verdict::Allow {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    }
}
