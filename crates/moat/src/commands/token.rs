//! `moat token`: agent tokens (Ed25519 JWTs) and API keys.

use std::path::PathBuf;

use moat_core::ExitStatus;
use moat_gateway::auth::{api_key, jwt};
use moat_gateway::config::{DEFAULT_AUDIENCE, DEFAULT_ISSUER, parse_duration};

/// Arguments of `moat token`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: TokenCommand,
}

/// `moat token` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Create an Ed25519 signing key pair: KEY (private, keep secret) and KEY.pub (give to the
    /// gateway as `auth.jwt.public_key_file`).
    Keygen {
        /// Where to write the private key; the public key goes to the same path plus `.pub`.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Issue a short-lived token for an agent, e.g.
    /// `moat token issue --agent billing-bot --scope models:gpt-4o --ttl 15m --key moat-jwt.key`.
    Issue {
        /// Agent name (the token's subject).
        #[arg(long)]
        agent: String,
        /// Scope granted, repeatable: `models:NAME`, `models:PREFIX*`, `models:*`.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// Lifetime (`30s`, `15m`, `1h`; at most 24h).
        #[arg(long, default_value = "15m")]
        ttl: String,
        /// Private key written by `moat token keygen`.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Issuer (must match the gateway's `auth.jwt.issuer`).
        #[arg(long, default_value = DEFAULT_ISSUER)]
        issuer: String,
        /// Audience (must match the gateway's `auth.jwt.audience`).
        #[arg(long, default_value = DEFAULT_AUDIENCE)]
        audience: String,
    },
    /// Generate a random API key. The key is printed once; put its SHA-256 in the gateway's
    /// configuration (`auth.api_keys[].key_sha256`) so the key itself is stored nowhere.
    ApiKey {
        /// Name of the agent the key is for.
        #[arg(long)]
        name: String,
    },
}

pub fn run(args: Args) -> ExitStatus {
    match args.command {
        TokenCommand::Keygen { out } => {
            let (private, public) = match jwt::generate_keypair() {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("moat: error: {e}");
                    return ExitStatus::Error;
                }
            };
            let mut pub_path = out.clone().into_os_string();
            pub_path.push(".pub");
            let pub_path = PathBuf::from(pub_path);
            if out.exists() {
                eprintln!(
                    "moat: error: `{}` exists; refusing to overwrite a key",
                    out.display()
                );
                return ExitStatus::Error;
            }
            if let Err(e) =
                write_private(&out, &private).and_then(|()| std::fs::write(&pub_path, public))
            {
                eprintln!("moat: error: {e}");
                return ExitStatus::Error;
            }
            println!(
                "private key: {}\npublic key:  {}",
                out.display(),
                pub_path.display()
            );
            ExitStatus::Clean
        }
        TokenCommand::Issue {
            agent,
            scopes,
            ttl,
            key,
            issuer,
            audience,
        } => {
            let ttl = match parse_duration(&ttl) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("moat: error: --ttl: {e}");
                    return ExitStatus::Error;
                }
            };
            let pem = match std::fs::read(&key) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("moat: error: --key `{}`: {e}", key.display());
                    return ExitStatus::Error;
                }
            };
            match jwt::issue(&pem, &issuer, &audience, &agent, &scopes, ttl) {
                Ok((token, _)) => {
                    println!("{token}");
                    ExitStatus::Clean
                }
                Err(e) => {
                    eprintln!("moat: error: {e}");
                    ExitStatus::Error
                }
            }
        }
        TokenCommand::ApiKey { name } => {
            let (key, id) = api_key::generate();
            println!("key:        {key}");
            println!("key id:     {id}");
            println!("key_sha256: {}", hex_sha(&key));
            println!(
                "config:     - {{ name: {name}, key_sha256: {} }}",
                hex_sha(&key)
            );
            ExitStatus::Clean
        }
    }
}

fn hex_sha(key: &str) -> String {
    api_key::hash_key(key)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())
}
