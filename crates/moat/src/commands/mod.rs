//! One module per subcommand. Each exposes `Args` (clap) and `run(args) -> ExitStatus`.

#[cfg(feature = "guard")]
pub mod check;
#[cfg(feature = "guard")]
pub mod eval;
