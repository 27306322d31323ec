//! `moat registry`: record model versions with their manifest, signature and scan results;
//! approve, reject or revoke them with the approver's identity; list, show and export an ML-BOM.
//! Records live in the Moat store's key-value table (namespace `model-registry`).

use std::path::PathBuf;

use moat_core::ExitStatus;
use moat_model::registry::{
    Action, AddRequest, ModelRecord, Registry, RegistryError, RegistryStore, cyclonedx_bom,
};
use serde_json::Value;

use super::store_cli::actor;

const NAMESPACE: &str = "model-registry";

/// Arguments of `moat registry`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Store URL (`sqlite://PATH`, a path, or `postgres://...`). Default: `$MOAT_DATA_DIR/moat.db`.
    #[arg(long, env = "MOAT_STORE_URL", global = true)]
    pub store: Option<String>,
    /// Who is acting (recorded in the history). Default: `$MOAT_ACTOR`, else `user:$USER`.
    #[arg(long = "as", global = true)]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: RegistryCommand,
}

/// Subcommands of `moat registry`.
#[derive(Debug, clap::Subcommand)]
pub enum RegistryCommand {
    /// Record a model version: hashes every file, checks the signature if given, scans it.
    #[command(disable_version_flag = true)]
    Add(AddArgs),
    /// Approve NAME@VERSION for serving.
    Approve(DecideArgs),
    /// Reject NAME@VERSION.
    Reject(DecideArgs),
    /// Revoke NAME@VERSION for good.
    Revoke(DecideArgs),
    /// List every registered version and its state.
    List(ListArgs),
    /// Show one version with its full history.
    Show(ShowArgs),
    /// Export the registry as a CycloneDX 1.6 ML-BOM (JSON).
    Bom(BomArgs),
}

/// Arguments of `moat registry add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Model directory or file.
    pub path: PathBuf,
    /// Model name.
    #[arg(long)]
    pub name: String,
    /// Version label.
    #[arg(long = "version", id = "model_version", value_name = "VERSION")]
    pub version: String,
    /// Where the model came from.
    #[arg(long)]
    pub source: Option<String>,
    /// Signature (`model.sig`) to check.
    #[arg(long, requires = "key")]
    pub signature: Option<PathBuf>,
    /// Public key (PEM) for the signature.
    #[arg(long, requires = "signature")]
    pub key: Option<PathBuf>,
}

/// Arguments of approve/reject/revoke.
#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// NAME@VERSION.
    pub model: String,
    /// Why (required).
    #[arg(long)]
    pub reason: String,
}

/// Arguments of `moat registry list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `moat registry show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// NAME@VERSION.
    pub model: String,
}

/// Arguments of `moat registry bom`.
#[derive(Debug, clap::Args)]
pub struct BomArgs {
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The registry's records in the Moat store.
struct KvBackend {
    store: moat_store::Store,
    rt: tokio::runtime::Runtime,
}

fn store_err(e: impl std::fmt::Display) -> RegistryError {
    RegistryError::Store(e.to_string())
}

impl RegistryStore for KvBackend {
    fn get(&self, key: &str) -> Result<Option<Value>, RegistryError> {
        let e = self
            .rt
            .block_on(self.store.kv_get(NAMESPACE, key))
            .map_err(store_err)?;
        Ok(e.map(|e| e.value))
    }
    fn put(&self, key: &str, value: &Value, expected: Option<i64>) -> Result<(), RegistryError> {
        let r = self
            .rt
            .block_on(
                self.store
                    .kv_compare_and_put(NAMESPACE, key, value, expected, None),
            )
            .map_err(store_err)?;
        r.map(|_| ())
            .ok_or_else(|| RegistryError::Conflict(key.to_owned()))
    }
    fn list(&self) -> Result<Vec<Value>, RegistryError> {
        let v = self
            .rt
            .block_on(self.store.kv_list(NAMESPACE, "", 100_000))
            .map_err(store_err)?;
        Ok(v.into_iter().map(|e| e.value).collect())
    }
    fn version(&self, key: &str) -> Result<Option<i64>, RegistryError> {
        let e = self
            .rt
            .block_on(self.store.kv_get(NAMESPACE, key))
            .map_err(store_err)?;
        Ok(e.map(|e| e.version))
    }
}

fn open(url: Option<String>) -> Result<Registry<KvBackend>, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let url = url.unwrap_or_else(|| moat_store::StoreConfig::default().url());
    let store = rt
        .block_on(moat_store::Store::open(&url))
        .map_err(|e| format!("cannot open store `{url}`: {e}"))?;
    Ok(Registry::new(KvBackend { store, rt }))
}

fn split(model: &str) -> Result<(&str, &str), String> {
    model
        .rsplit_once('@')
        .filter(|(n, v)| !n.is_empty() && !v.is_empty())
        .ok_or_else(|| format!("`{model}` is not NAME@VERSION"))
}

fn show(rec: &ModelRecord) -> String {
    let mut s = format!(
        "{}  state: {}  digest: sha256:{}\n  path: {}\n",
        rec.id(),
        rec.state.as_str(),
        rec.digest,
        rec.path
    );
    if let Some(src) = &rec.source {
        s.push_str(&format!("  source: {src}\n"));
    }
    s.push_str(&format!(
        "  scan: {} ({} files) {:?}\n",
        rec.scan.verdict.as_str(),
        rec.scan.files,
        rec.scan.findings
    ));
    for t in &rec.scan.top {
        s.push_str(&format!("    {t}\n"));
    }
    match &rec.signature {
        Some(sig) => s.push_str(&format!(
            "  signature: {} ({})\n",
            if sig.verified {
                "verified"
            } else {
                "NOT verified"
            },
            sig.detail.replace('\n', "; ")
        )),
        None => s.push_str("  signature: none\n"),
    }
    s.push_str(&format!("  files: {}\n  history:\n", rec.manifest.len()));
    for h in &rec.history {
        s.push_str(&format!(
            "    {}  {:<8} by {}  -> {}{}\n",
            h.at,
            h.action,
            h.actor,
            h.state.as_str(),
            if h.reason.is_empty() {
                String::new()
            } else {
                format!("  ({})", h.reason)
            }
        ));
    }
    s
}

pub fn run(args: Args) -> ExitStatus {
    match run_inner(args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("moat: error: {e}");
            ExitStatus::Error
        }
    }
}

fn run_inner(args: Args) -> Result<ExitStatus, String> {
    let reg = open(args.store)?;
    let who = actor(args.actor);
    match args.command {
        RegistryCommand::Add(a) => {
            let who = who.ok_or("no identity: pass --as or set MOAT_ACTOR")?;
            let mut req = AddRequest::new(&a.path, &a.name, &a.version, &who);
            req.source = a.source;
            req.signature = a.signature.zip(a.key);
            let rec = reg.add(req).map_err(|e| e.to_string())?;
            print!("{}", show(&rec));
            Ok(ExitStatus::Clean)
        }
        RegistryCommand::Approve(d) => decide(&reg, &d, Action::Approve, who),
        RegistryCommand::Reject(d) => decide(&reg, &d, Action::Reject, who),
        RegistryCommand::Revoke(d) => decide(&reg, &d, Action::Revoke, who),
        RegistryCommand::List(l) => {
            let recs = reg.list().map_err(|e| e.to_string())?;
            if l.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&recs).map_err(|e| e.to_string())?
                );
            } else {
                for r in &recs {
                    let last = r.history.last();
                    println!(
                        "{:<40} {:<9} scan:{:<10} {} by {}",
                        r.id(),
                        r.state.as_str(),
                        r.scan.verdict.as_str(),
                        last.map_or("", |h| h.at.as_str()),
                        last.map_or("", |h| h.actor.as_str())
                    );
                }
            }
            Ok(ExitStatus::Clean)
        }
        RegistryCommand::Show(s) => {
            let (n, v) = split(&s.model)?;
            let rec = reg.get(n, v).map_err(|e| e.to_string())?;
            print!("{}", show(&rec));
            Ok(ExitStatus::Clean)
        }
        RegistryCommand::Bom(b) => {
            let recs = reg.list().map_err(|e| e.to_string())?;
            let text =
                serde_json::to_string_pretty(&cyclonedx_bom(&recs)).map_err(|e| e.to_string())?;
            match b.output {
                Some(p) => std::fs::write(&p, text)
                    .map_err(|e| format!("cannot write `{}`: {e}", p.display()))?,
                None => println!("{text}"),
            }
            Ok(ExitStatus::Clean)
        }
    }
}

fn decide(
    reg: &Registry<KvBackend>,
    d: &DecideArgs,
    action: Action,
    who: Option<String>,
) -> Result<ExitStatus, String> {
    let who = who.ok_or("no identity: pass --as or set MOAT_ACTOR")?;
    let (n, v) = split(&d.model)?;
    let rec = reg
        .decide(n, v, action, &who, &d.reason)
        .map_err(|e| e.to_string())?;
    print!("{}", show(&rec));
    Ok(ExitStatus::Clean)
}
