//! `moat model`: scan model files for code execution and tampering; sign and verify them in the
//! OpenSSF model-signing format.

use std::path::PathBuf;

use moat_core::{ExitStatus, Severity};
use moat_model::{ScanOptions, Verdict, render, sign};

/// Arguments of `moat model`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ModelCommand,
}

/// Output format of `moat model scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned text, one line per finding.
    Table,
    /// One JSON object per file: path, format, verdict, findings.
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
}

/// Subcommands of `moat model`.
#[derive(Debug, clap::Subcommand)]
pub enum ModelCommand {
    /// Find executable payloads and tampering in model files, directories and archives.
    ///
    /// Formats are recognised by content, not extension: pickle (protocols 0-5), PyTorch (zip
    /// and legacy), joblib, NumPy, Keras, HDF5, TensorFlow SavedModel, ONNX, GGUF, safetensors,
    /// zip/tar/gzip archives. Exit: 0 clean, 1 findings at or above --fail-on, 2 error.
    Scan(ScanArgs),
    /// Sign a model directory: writes `model.sig` (Sigstore bundle, DSSE, in-toto statement),
    /// compatible with the OpenSSF `model-signing` tool's key-based signatures.
    Sign(SignArgs),
    /// Verify a model directory against its signature and say which files changed.
    Verify(VerifyArgs),
    /// Create an ECDSA key pair for signing: KEY (PKCS#8) and KEY.pub (public key), both PEM.
    Keygen(KeygenArgs),
}

/// Arguments of `moat model keygen`.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Where to write the private key; the public key goes to the same path plus `.pub`.
    pub out: PathBuf,
    /// Curve: p256 or p384.
    #[arg(long, default_value = "p256")]
    pub curve: String,
}

/// Arguments of `moat model scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files or directories to scan (directories recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, default_value = "medium")]
    pub fail_on: Severity,
    /// Write the report here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Deepest archive nesting opened.
    #[arg(long, default_value_t = 4)]
    pub max_depth: u32,
    /// Largest member decompressed into memory, in MiB.
    #[arg(long, default_value_t = 512)]
    pub max_member_mib: u64,
}

/// Arguments of `moat model sign`.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// The model directory (or a single model file).
    pub path: PathBuf,
    /// PKCS#8 or SEC1 PEM private key, ECDSA P-256 or P-384.
    #[arg(long)]
    pub key: PathBuf,
    /// Where to write the signature (default: `model.sig` inside the directory).
    #[arg(long)]
    pub signature: Option<PathBuf>,
}

/// Arguments of `moat model verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The model directory (or a single model file).
    pub path: PathBuf,
    /// PEM public key (SubjectPublicKeyInfo), ECDSA P-256 or P-384.
    #[arg(long)]
    pub key: PathBuf,
    /// The signature (default: `model.sig` inside the directory).
    #[arg(long)]
    pub signature: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitStatus {
    match args.command {
        ModelCommand::Scan(a) => scan(a),
        ModelCommand::Sign(a) => sign_cmd(a),
        ModelCommand::Verify(a) => verify_cmd(a),
        ModelCommand::Keygen(a) => keygen(a),
    }
}

fn keygen(a: KeygenArgs) -> ExitStatus {
    let curve = match a.curve.to_ascii_lowercase().as_str() {
        "p256" | "p-256" | "prime256v1" => sign::Curve::P256,
        "p384" | "p-384" | "secp384r1" => sign::Curve::P384,
        other => {
            eprintln!("moat: error: invalid curve `{other}`: expected one of p256, p384");
            return ExitStatus::Error;
        }
    };
    let (private, public) = match sign::generate_key(curve) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("moat: error: {e}");
            return ExitStatus::Error;
        }
    };
    let mut pub_path = a.out.clone().into_os_string();
    pub_path.push(".pub");
    let pub_path = PathBuf::from(pub_path);
    if a.out.exists() {
        eprintln!(
            "moat: error: `{}` exists; not overwriting a key",
            a.out.display()
        );
        return ExitStatus::Error;
    }
    let written = write_private(&a.out, &private).and_then(|()| std::fs::write(&pub_path, public));
    if let Err(e) = written {
        eprintln!("moat: error: cannot write keys: {e}");
        return ExitStatus::Error;
    }
    eprintln!("wrote {} and {}", a.out.display(), pub_path.display());
    ExitStatus::Clean
}

fn write_private(path: &std::path::Path, pem: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(pem.as_bytes())
}

fn scan(a: ScanArgs) -> ExitStatus {
    let opts = ScanOptions {
        max_depth: a.max_depth,
        max_member_bytes: a.max_member_mib.saturating_mul(1 << 20),
        ..ScanOptions::default()
    };
    let reports = moat_model::scan_paths(&a.paths, &opts);
    let text = match a.format {
        OutputFormat::Table => render::table(&reports),
        OutputFormat::Json => render::json(&reports),
        OutputFormat::Sarif => render::sarif(&reports),
    };
    match &a.output {
        Some(p) => {
            if let Err(e) = std::fs::write(p, text) {
                eprintln!("moat: error: cannot write `{}`: {e}", p.display());
                return ExitStatus::Error;
            }
        }
        None => print!("{text}"),
    }
    let mut status = ExitStatus::Clean;
    for r in &reports {
        if r.verdict == Verdict::Error {
            for f in &r.findings {
                eprintln!("moat: error: {}: {}", r.path, f.message);
            }
            status = status.worst(ExitStatus::Error);
        } else if r.max_severity().is_some_and(|s| s >= a.fail_on) {
            status = status.worst(ExitStatus::Findings);
        }
    }
    status
}

fn sign_cmd(a: SignArgs) -> ExitStatus {
    let sig_path = a
        .signature
        .clone()
        .unwrap_or_else(|| sign::default_signature_path(&a.path));
    match sign::sign_model(&a.path, &a.key, &sig_path) {
        Ok(n) => {
            eprintln!("signed {n} files: wrote {}", sig_path.display());
            ExitStatus::Clean
        }
        Err(e) => {
            eprintln!("moat: error: {e}");
            ExitStatus::Error
        }
    }
}

fn verify_cmd(a: VerifyArgs) -> ExitStatus {
    let sig_path = a
        .signature
        .clone()
        .unwrap_or_else(|| sign::default_signature_path(&a.path));
    match sign::verify_model(&a.path, &a.key, &sig_path) {
        Ok(report) => {
            if a.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                print!("{}", report.describe());
            }
            if report.ok() {
                ExitStatus::Clean
            } else {
                ExitStatus::Findings
            }
        }
        Err(e) => {
            eprintln!("moat: error: {e}");
            ExitStatus::Error
        }
    }
}
