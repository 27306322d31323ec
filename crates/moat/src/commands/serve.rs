//! `moat serve`: run the gateway.

use std::path::PathBuf;

use moat_core::ExitStatus;
use moat_gateway::config::{Config, EMBEDDED_DEFAULT};

/// Arguments of `moat serve`.
///
/// Without --config, Moat starts on its embedded defaults: listen on
/// `${MOAT_LISTEN:-127.0.0.1:8080}`, forward every model to
/// `${OPENAI_BASE_URL:-https://api.openai.com/v1}` with `OPENAI_API_KEY`, accept the client key in
/// `MOAT_API_KEY` (one is generated and printed once if unset), block prompt injection, mask PII
/// and secrets both ways, and record audit events in the embedded SQLite store
/// (`${MOAT_DATA_DIR:-./moat-data}/moat.db`, a signed hash chain; see `moat audit verify`).
///
/// Signals: SIGHUP reloads the configuration file (routes, keys, guards, upstreams; not the
/// listen address); SIGINT/SIGTERM stop accepting and drain open requests and streams.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gateway configuration (YAML); see examples/gateway.yaml and docs/gateway.md.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Validate the configuration (and keys and files it names) and exit: 0 valid, 2 invalid.
    #[arg(long)]
    pub check: bool,
    /// Listen on this address instead of the configured one.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Log as JSON lines instead of text.
    #[arg(long)]
    pub log_json: bool,
}

fn load(args: &Args) -> Result<(Config, Option<String>), String> {
    match &args.config {
        Some(path) => Config::load(path)
            .map(|c| (c, None))
            .map_err(|e| e.to_string()),
        None => {
            let generated = match std::env::var("MOAT_API_KEY") {
                Ok(k) if !k.is_empty() => None,
                _ => Some(moat_gateway::auth::api_key::generate().0),
            };
            let g = generated.clone();
            let lookup = move |k: &str| {
                if k == "MOAT_API_KEY"
                    && let Some(key) = &g
                {
                    return Some(key.clone());
                }
                std::env::var(k).ok()
            };
            Config::from_yaml(EMBEDDED_DEFAULT, "embedded defaults", &lookup)
                .map(|c| (c, generated))
                .map_err(|e| e.to_string())
        }
    }
}

pub fn run(args: Args) -> ExitStatus {
    let (mut config, generated) = match load(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    if let Some(l) = &args.listen {
        config.listen = l.clone();
    }
    if args.check {
        // Building the runtime also reads key files and compiles the guard engines.
        if let Err(e) = moat_gateway::Runtime::new(config.clone()) {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
        println!(
            "configuration is valid: {} upstream(s), {} route(s), listen {}",
            config.upstreams.len(),
            config.routes.len(),
            config.listen
        );
        return ExitStatus::Clean;
    }
    moat_gateway::init_logs(args.log_json);
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    match rt.block_on(serve(config, args.config.clone(), generated)) {
        Ok(()) => ExitStatus::Clean,
        Err(e) => {
            eprintln!("moat: error: {e}");
            ExitStatus::Error
        }
    }
}

async fn serve(
    config: Config,
    path: Option<PathBuf>,
    generated: Option<String>,
) -> Result<(), String> {
    let listen = config.listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| format!("cannot listen on `{listen}`: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (app, writer) = moat_gateway::start(config)
        .await
        .map_err(|e| e.to_string())?;
    #[cfg(unix)]
    if let Some(path) = path {
        use tokio::signal::unix::{SignalKind, signal};
        // Registered before the gateway announces itself: a SIGHUP from then on reloads, never
        // ends the process (the signal's default action).
        let mut hup =
            signal(SignalKind::hangup()).map_err(|e| format!("cannot handle SIGHUP: {e}"))?;
        let app = app.clone();
        tokio::spawn(async move {
            while hup.recv().await.is_some() {
                match Config::load(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|c| moat_gateway::Runtime::new(c).map_err(|e| e.to_string()))
                {
                    Ok(rt) => {
                        app.replace(rt);
                        eprintln!("moat: configuration reloaded from {}", path.display());
                    }
                    Err(e) => {
                        eprintln!("moat: reload failed, keeping the running configuration: {e}")
                    }
                }
            }
        });
    }
    if let Some(k) = generated {
        eprintln!("moat: MOAT_API_KEY is not set; clients can use this key (shown once): {k}");
    }
    eprintln!("moat: gateway listening on http://{addr}");
    #[cfg(not(unix))]
    let _ = path;

    let shutdown = async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = term.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    };
    let result = moat_gateway::server::serve(app.clone(), listener, shutdown).await;
    drop(app);
    if let Some(w) = writer {
        // The writer ends once the last sink handle is gone; stream tasks still running past the
        // grace period are not waited for longer than this.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), w).await;
    }
    result.map_err(|e| e.to_string())
}
