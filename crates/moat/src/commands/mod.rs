//! One module per subcommand. Each exposes `Args` (clap) and `run(args) -> ExitStatus`.

#[cfg(feature = "gateway")]
pub mod approvals;
#[cfg(feature = "audit")]
pub mod audit;
#[cfg(feature = "guard")]
pub mod check;
#[cfg(feature = "guard")]
pub mod eval;
#[cfg(feature = "gateway")]
pub mod mcp;
#[cfg(feature = "model")]
pub mod model;
#[cfg(feature = "redteam")]
pub mod redteam;
#[cfg(feature = "model")]
pub mod registry;
#[cfg(feature = "scan")]
pub mod rules;
#[cfg(feature = "scan")]
pub mod scan;
#[cfg(feature = "gateway")]
pub mod serve;
#[cfg(any(feature = "gateway", feature = "model"))]
pub mod store_cli;
#[cfg(feature = "gateway")]
pub mod token;
