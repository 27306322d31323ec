//! The model registry: which model versions exist, what they contained when added (a manifest
//! of file hashes), what their signature and scan said, and who approved, rejected or revoked
//! them, with the full history.
//!
//! The logic here is storage-agnostic: a [`RegistryStore`] keeps [`ModelRecord`]s as JSON values
//! (the `moat` binary keeps them in `moat-store`'s key-value table). The gateway asks
//! [`check_servable`] before serving a route marked `require_approved_model`.
//!
//! ```
//! use moat_model::registry::{MemoryStore, Registry, Action, AddRequest};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("model.safetensors"), b"\x08\0\0\0\0\0\0\0{}      ").unwrap();
//! let reg = Registry::new(MemoryStore::default());
//! let rec = reg.add(AddRequest::new(dir.path(), "tiny", "1.0", "alice")).unwrap();
//! assert_eq!(rec.state.as_str(), "pending");
//! reg.decide("tiny", "1.0", Action::Approve, "bob", "reviewed").unwrap();
//! assert!(moat_model::registry::check_servable(&reg, "tiny", "1.0", dir.path()).is_ok());
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use moat_core::Severity;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::sign::{self, SignError};
use crate::{ScanOptions, Verdict};

/// Key-value persistence for registry records, keyed `name@version`.
pub trait RegistryStore {
    /// The record stored under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<Value>, RegistryError>;
    /// Stores `value` under `key`. `expected_version` is the version read (None: must not
    /// exist); a concurrent change makes this fail with [`RegistryError::Conflict`].
    fn put(&self, key: &str, value: &Value, expected: Option<i64>) -> Result<(), RegistryError>;
    /// Every record, ordered by key.
    fn list(&self) -> Result<Vec<Value>, RegistryError>;
    /// The version of the record under `key` (None when absent).
    fn version(&self, key: &str) -> Result<Option<i64>, RegistryError>;
}

/// An in-memory store, for tests and embedding.
#[derive(Debug, Default)]
pub struct MemoryStore(Mutex<BTreeMap<String, (i64, Value)>>);

impl RegistryStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<Value>, RegistryError> {
        let m = self
            .0
            .lock()
            .map_err(|_| RegistryError::Store("lock poisoned".into()))?;
        Ok(m.get(key).map(|(_, v)| v.clone()))
    }
    fn put(&self, key: &str, value: &Value, expected: Option<i64>) -> Result<(), RegistryError> {
        let mut m = self
            .0
            .lock()
            .map_err(|_| RegistryError::Store("lock poisoned".into()))?;
        let current = m.get(key).map(|(v, _)| *v);
        if current != expected {
            return Err(RegistryError::Conflict(key.to_owned()));
        }
        m.insert(key.to_owned(), (current.unwrap_or(0) + 1, value.clone()));
        Ok(())
    }
    fn list(&self) -> Result<Vec<Value>, RegistryError> {
        let m = self
            .0
            .lock()
            .map_err(|_| RegistryError::Store("lock poisoned".into()))?;
        Ok(m.values().map(|(_, v)| v.clone()).collect())
    }
    fn version(&self, key: &str) -> Result<Option<i64>, RegistryError> {
        let m = self
            .0
            .lock()
            .map_err(|_| RegistryError::Store("lock poisoned".into()))?;
        Ok(m.get(key).map(|(v, _)| *v))
    }
}

/// Why a registry operation failed.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// No such `name@version`.
    #[error("model `{0}` is not in the registry")]
    NotFound(String),
    /// `name@version` already exists.
    #[error("model `{0}` is already registered; add a new version instead")]
    Exists(String),
    /// The state change is not allowed.
    #[error("cannot {action} `{model}`: {reason}")]
    Refused {
        /// The action attempted.
        action: String,
        /// The model.
        model: String,
        /// Why not.
        reason: String,
    },
    /// Someone else changed the record meanwhile.
    #[error("`{0}` changed concurrently; retry")]
    Conflict(String),
    /// Bad input (name, version, reason).
    #[error("{0}")]
    Invalid(String),
    /// Hashing or signature checking failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The backing store failed.
    #[error("registry store: {0}")]
    Store(String),
}

/// Where a model version is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Added, awaiting a decision.
    Pending,
    /// May be served.
    Approved,
    /// Refused; may be approved later after review.
    Rejected,
    /// Withdrawn for good.
    Revoked,
}

impl State {
    /// Lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Approved => "approved",
            State::Rejected => "rejected",
            State::Revoked => "revoked",
        }
    }
}

/// A decision on a model version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Allow serving.
    Approve,
    /// Refuse.
    Reject,
    /// Withdraw for good.
    Revoke,
}

impl Action {
    fn verb(&self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Revoke => "revoke",
        }
    }
}

/// One entry of a record's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEvent {
    /// RFC 3339 UTC time.
    pub at: String,
    /// `add`, `approve`, `reject`, `revoke`.
    pub action: String,
    /// Who did it.
    pub actor: String,
    /// Why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// State after the event.
    pub state: State,
}

/// What the signature check said when the model was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureResult {
    /// The signature file checked.
    pub signature: String,
    /// The public key file used.
    pub key: String,
    /// Signature valid and every file matched.
    pub verified: bool,
    /// Human summary of the verification.
    pub detail: String,
}

/// What the scan said when the model was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanResult {
    /// Worst verdict over the files.
    pub verdict: Verdict,
    /// Files scanned.
    pub files: usize,
    /// Findings per severity.
    pub findings: BTreeMap<String, usize>,
    /// Up to 20 findings, `path: rule: message`.
    pub top: Vec<String>,
}

/// A registered model version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRecord {
    /// Model name.
    pub name: String,
    /// Version label.
    pub version: String,
    /// Where it came from (URL), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The path it was added from.
    pub path: String,
    /// SHA-256 per file (relative POSIX path -> hex).
    pub manifest: BTreeMap<String, String>,
    /// SHA-256 over the concatenated file digests, as in the model-signing subject.
    pub digest: String,
    /// Signature check at add time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureResult>,
    /// Scan at add time.
    pub scan: ScanResult,
    /// Current state.
    pub state: State,
    /// Every event, oldest first.
    pub history: Vec<HistoryEvent>,
}

impl ModelRecord {
    /// `name@version`.
    pub fn id(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }
}

/// Parameters of [`Registry::add`].
#[derive(Debug, Clone)]
pub struct AddRequest {
    /// Model directory or file.
    pub path: PathBuf,
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Origin URL.
    pub source: Option<String>,
    /// Signature file and public key to check.
    pub signature: Option<(PathBuf, PathBuf)>,
    /// Who adds it.
    pub actor: String,
}

impl AddRequest {
    /// A request without source or signature.
    pub fn new(path: &Path, name: &str, version: &str, actor: &str) -> Self {
        AddRequest {
            path: path.to_path_buf(),
            name: name.to_owned(),
            version: version.to_owned(),
            source: None,
            signature: None,
            actor: actor.to_owned(),
        }
    }
}

fn now() -> String {
    // RFC 3339 from the system clock without a time-zone database: UTC only.
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn valid_label(what: &str, s: &str) -> Result<(), RegistryError> {
    let ok = !s.is_empty()
        && s.len() <= 128
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+:".contains(c))
        && !s.contains('@');
    if ok {
        Ok(())
    } else {
        Err(RegistryError::Invalid(format!(
            "invalid {what} `{s}`: use 1-128 letters, digits and . _ - / + :"
        )))
    }
}

/// The registry over a store.
pub struct Registry<S: RegistryStore> {
    store: S,
}

impl<S: RegistryStore> Registry<S> {
    /// A registry kept in `store`.
    pub fn new(store: S) -> Self {
        Registry { store }
    }

    /// The underlying store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Records a model version: hashes every file, checks the signature if given, scans it.
    pub fn add(&self, req: AddRequest) -> Result<ModelRecord, RegistryError> {
        valid_label("name", &req.name)?;
        valid_label("version", &req.version)?;
        let key = format!("{}@{}", req.name, req.version);
        if self.store.version(&key)?.is_some() {
            return Err(RegistryError::Exists(key));
        }
        let mut ignored: Vec<String> = sign::DEFAULT_IGNORED
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        ignored.push("model.sig".to_owned());
        let files = sign::manifest(&req.path, &ignored)?;
        let st = sign::statement(&req.name, &files, &ignored);
        let digest = st["subject"][0]["digest"]["sha256"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let signature = match &req.signature {
            None => None,
            Some((sig, key)) => Some(match sign::verify_model(&req.path, key, sig) {
                Ok(r) => SignatureResult {
                    signature: sig.display().to_string(),
                    key: key.display().to_string(),
                    verified: r.ok(),
                    detail: r.describe().trim_end().to_owned(),
                },
                Err(e) => SignatureResult {
                    signature: sig.display().to_string(),
                    key: key.display().to_string(),
                    verified: false,
                    detail: e.to_string(),
                },
            }),
        };
        let reports = crate::scan_paths(std::slice::from_ref(&req.path), &ScanOptions::default());
        let mut findings = BTreeMap::new();
        let mut top = Vec::new();
        let mut verdict = Verdict::Clean;
        for r in &reports {
            verdict = verdict.max(r.verdict);
            for f in &r.findings {
                if f.severity > Severity::Info {
                    *findings.entry(f.severity.as_str().to_owned()).or_insert(0) += 1;
                    if top.len() < 20 {
                        top.push(format!("{}: {}: {}", r.path, f.rule, f.message));
                    }
                }
            }
        }
        let rec = ModelRecord {
            name: req.name,
            version: req.version,
            source: req.source,
            path: req.path.display().to_string(),
            manifest: files
                .iter()
                .map(|(k, v)| (k.clone(), hex::encode(v)))
                .collect(),
            digest,
            signature,
            scan: ScanResult {
                verdict,
                files: reports.len(),
                findings,
                top,
            },
            state: State::Pending,
            history: vec![HistoryEvent {
                at: now(),
                action: "add".into(),
                actor: req.actor,
                reason: String::new(),
                state: State::Pending,
            }],
        };
        self.save(&rec, None)?;
        Ok(rec)
    }

    fn save(&self, rec: &ModelRecord, expected: Option<i64>) -> Result<(), RegistryError> {
        let v = serde_json::to_value(rec).map_err(|e| RegistryError::Store(e.to_string()))?;
        self.store.put(&rec.id(), &v, expected)
    }

    /// The record of `name@version`.
    pub fn get(&self, name: &str, version: &str) -> Result<ModelRecord, RegistryError> {
        let key = format!("{name}@{version}");
        let v = self
            .store
            .get(&key)?
            .ok_or_else(|| RegistryError::NotFound(key.clone()))?;
        serde_json::from_value(v)
            .map_err(|e| RegistryError::Store(format!("`{key}` is unreadable: {e}")))
    }

    /// Every record.
    pub fn list(&self) -> Result<Vec<ModelRecord>, RegistryError> {
        self.store
            .list()?
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(|e| RegistryError::Store(e.to_string())))
            .collect()
    }

    /// Approves, rejects or revokes `name@version`, recording who and why.
    ///
    /// Approval is refused for a model whose scan was malicious or errored, or whose signature
    /// was given and did not verify. Revocation is final.
    pub fn decide(
        &self,
        name: &str,
        version: &str,
        action: Action,
        actor: &str,
        reason: &str,
    ) -> Result<ModelRecord, RegistryError> {
        let key = format!("{name}@{version}");
        let expected = self.store.version(&key)?;
        let mut rec = self.get(name, version)?;
        let refuse = |why: &str| RegistryError::Refused {
            action: action.verb().into(),
            model: key.clone(),
            reason: why.into(),
        };
        if reason.trim().is_empty() {
            return Err(refuse("a reason is required"));
        }
        if actor.trim().is_empty() {
            return Err(refuse("the actor's identity is required"));
        }
        let next = match (rec.state, action) {
            (State::Revoked, _) => return Err(refuse("it is revoked; register a new version")),
            (State::Approved, Action::Approve) => return Err(refuse("it is already approved")),
            (State::Rejected, Action::Reject) => return Err(refuse("it is already rejected")),
            (_, Action::Approve) => {
                if matches!(rec.scan.verdict, Verdict::Malicious | Verdict::Error) {
                    return Err(refuse(&format!(
                        "its scan verdict is {}",
                        rec.scan.verdict.as_str()
                    )));
                }
                if rec.signature.as_ref().is_some_and(|s| !s.verified) {
                    return Err(refuse("its signature did not verify"));
                }
                State::Approved
            }
            (_, Action::Reject) => State::Rejected,
            (_, Action::Revoke) => State::Revoked,
        };
        rec.state = next;
        rec.history.push(HistoryEvent {
            at: now(),
            action: action.verb().into(),
            actor: actor.to_owned(),
            reason: reason.to_owned(),
            state: next,
        });
        self.save(&rec, expected)?;
        Ok(rec)
    }
}

/// Why a model may not be served.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServeDenied {
    /// Not registered.
    #[error("model `{0}` is not in the registry")]
    NotRegistered(String),
    /// Registered but not approved.
    #[error("model `{0}` is {1}, not approved")]
    NotApproved(String, &'static str),
    /// Files differ from the approved manifest.
    #[error("model `{model}` no longer matches its approved manifest: {detail}")]
    Modified {
        /// The model.
        model: String,
        /// Which files changed, appeared or vanished.
        detail: String,
    },
    /// The check itself failed (fail closed).
    #[error("model `{0}` cannot be checked: {1}")]
    Unavailable(String, String),
}

/// How files on disk differ from a record's manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestDiff {
    /// Files whose content differs.
    pub changed: Vec<String>,
    /// Files not in the manifest.
    pub appeared: Vec<String>,
    /// Manifest files that are gone.
    pub vanished: Vec<String>,
}

/// Compares files on disk with a record's manifest.
pub fn diff_manifest(rec: &ModelRecord, dir: &Path) -> Result<ManifestDiff, SignError> {
    let mut ignored: Vec<String> = sign::DEFAULT_IGNORED
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    ignored.push("model.sig".to_owned());
    let now = sign::manifest(dir, &ignored)?;
    let mut changed = Vec::new();
    let mut vanished = Vec::new();
    for (k, v) in &rec.manifest {
        match now.get(k) {
            Some(d) if hex::encode(d) == *v => {}
            Some(_) => changed.push(k.clone()),
            None => vanished.push(k.clone()),
        }
    }
    let appeared = now
        .keys()
        .filter(|k| !rec.manifest.contains_key(*k))
        .cloned()
        .collect();
    Ok(ManifestDiff {
        changed,
        appeared,
        vanished,
    })
}

/// The gateway's check for routes marked `require_approved_model`: the registry entry of
/// `name@version` must be approved and the files in `dir` must still match its manifest.
/// Any failure to check denies (fail closed). This re-hashes every file: callers cache the
/// result keyed on the files' modification times.
pub fn check_servable<S: RegistryStore>(
    reg: &Registry<S>,
    name: &str,
    version: &str,
    dir: &Path,
) -> Result<(), ServeDenied> {
    let id = format!("{name}@{version}");
    let rec = match reg.get(name, version) {
        Ok(r) => r,
        Err(RegistryError::NotFound(_)) => return Err(ServeDenied::NotRegistered(id)),
        Err(e) => return Err(ServeDenied::Unavailable(id, e.to_string())),
    };
    check_record_servable(&rec, dir)
}

/// The registry-state half of [`check_record_servable`], for a model served from another host
/// (whose files the gateway cannot read): the entry must be approved.
pub fn check_record_approved(rec: &ModelRecord) -> Result<(), ServeDenied> {
    if rec.state != State::Approved {
        return Err(ServeDenied::NotApproved(rec.id(), rec.state.as_str()));
    }
    Ok(())
}

/// [`check_servable`] for a record already fetched (e.g. by an async store client).
pub fn check_record_servable(rec: &ModelRecord, dir: &Path) -> Result<(), ServeDenied> {
    check_record_approved(rec)?;
    let id = rec.id();
    if !dir.is_dir() {
        return Err(ServeDenied::Unavailable(
            id,
            format!(
                "its files are not on this host (`{}` is not a directory); for a model served \
                 elsewhere set `verify_model_files: false` on the route",
                dir.display()
            ),
        ));
    }
    let ManifestDiff {
        changed,
        appeared,
        vanished,
    } = diff_manifest(rec, dir).map_err(|e| ServeDenied::Unavailable(id.clone(), e.to_string()))?;
    if changed.is_empty() && appeared.is_empty() && vanished.is_empty() {
        return Ok(());
    }
    let mut parts = Vec::new();
    if !changed.is_empty() {
        parts.push(format!("changed {}", changed.join(", ")));
    }
    if !appeared.is_empty() {
        parts.push(format!("appeared {}", appeared.join(", ")));
    }
    if !vanished.is_empty() {
        parts.push(format!("vanished {}", vanished.join(", ")));
    }
    Err(ServeDenied::Modified {
        model: id,
        detail: parts.join("; "),
    })
}

/// A CycloneDX 1.6 ML-BOM of the registry: one `machine-learning-model` component per model
/// version (hash = manifest digest, files as sub-components), state, scan and signature as
/// properties.
pub fn cyclonedx_bom(records: &[ModelRecord]) -> Value {
    let components: Vec<Value> = records
        .iter()
        .map(|r| {
            let mut props = vec![
                json!({"name": "moat:registry:state", "value": r.state.as_str()}),
                json!({"name": "moat:scan:verdict", "value": r.scan.verdict.as_str()}),
                json!({"name": "moat:scan:files", "value": r.scan.files.to_string()}),
            ];
            if let Some(s) = &r.signature {
                props.push(
                    json!({"name": "moat:signature:verified", "value": s.verified.to_string()}),
                );
            }
            if let Some(last) = r.history.last() {
                props.push(json!({"name": "moat:registry:decided-by", "value": last.actor}));
                props.push(json!({"name": "moat:registry:decided-at", "value": last.at}));
            }
            let files: Vec<Value> = r
                .manifest
                .iter()
                .map(|(f, d)| {
                    json!({
                        "type": "file",
                        "bom-ref": format!("{}#{}", r.id(), f),
                        "name": f,
                        "hashes": [{"alg": "SHA-256", "content": d}],
                    })
                })
                .collect();
            let mut c = json!({
                "type": "machine-learning-model",
                "bom-ref": r.id(),
                "name": r.name,
                "version": r.version,
                "hashes": [{"alg": "SHA-256", "content": r.digest}],
                "properties": props,
                "components": files,
            });
            if let Some(src) = &r.source {
                c["externalReferences"] = json!([{"type": "distribution", "url": src}]);
            }
            c
        })
        .collect();
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": now(),
            "tools": {"components": [{"type": "application", "name": "moat", "version": env!("CARGO_PKG_VERSION")}]},
        },
        "components": components,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn model(dir: &Path, evil: bool) {
        std::fs::write(dir.join("config.json"), b"{}").unwrap();
        let pkl: &[u8] = if evil {
            b"cos\nsystem\n(S'id'\ntR."
        } else {
            b"\x80\x02}q\x00."
        };
        std::fs::write(dir.join("weights.pkl"), pkl).unwrap();
    }

    #[test]
    fn lifecycle_and_history() {
        let d = tempfile::tempdir().unwrap();
        model(d.path(), false);
        let reg = Registry::new(MemoryStore::default());
        let rec = reg
            .add(AddRequest::new(d.path(), "m", "1", "alice"))
            .unwrap();
        assert_eq!(rec.manifest.len(), 2);
        assert_eq!(rec.scan.verdict, Verdict::Clean);
        assert!(matches!(
            reg.add(AddRequest::new(d.path(), "m", "1", "alice")),
            Err(RegistryError::Exists(_))
        ));
        assert!(matches!(
            check_servable(&reg, "m", "1", d.path()),
            Err(ServeDenied::NotApproved(..))
        ));
        assert!(reg.decide("m", "1", Action::Approve, "bob", "  ").is_err());
        reg.decide("m", "1", Action::Approve, "bob", "ok").unwrap();
        check_servable(&reg, "m", "1", d.path()).unwrap();
        std::fs::write(d.path().join("weights.pkl"), b"\x80\x02]q\x00.").unwrap();
        let e = check_servable(&reg, "m", "1", d.path()).unwrap_err();
        assert!(e.to_string().contains("changed weights.pkl"), "{e}");
        let rec = reg
            .decide("m", "1", Action::Revoke, "carol", "leaked")
            .unwrap();
        assert_eq!(rec.history.len(), 3);
        assert_eq!(rec.history[2].actor, "carol");
        assert!(
            reg.decide("m", "1", Action::Approve, "bob", "again")
                .is_err()
        );
        assert!(matches!(
            check_servable(&reg, "m", "2", d.path()),
            Err(ServeDenied::NotRegistered(_))
        ));
    }

    #[test]
    fn malicious_cannot_be_approved() {
        let d = tempfile::tempdir().unwrap();
        model(d.path(), true);
        let reg = Registry::new(MemoryStore::default());
        let rec = reg
            .add(AddRequest::new(d.path(), "bad", "1", "alice"))
            .unwrap();
        assert_eq!(rec.scan.verdict, Verdict::Malicious);
        let e = reg
            .decide("bad", "1", Action::Approve, "bob", "yolo")
            .unwrap_err();
        assert!(e.to_string().contains("malicious"), "{e}");
        reg.decide("bad", "1", Action::Reject, "bob", "os.system")
            .unwrap();
        let bom = cyclonedx_bom(&reg.list().unwrap());
        assert_eq!(bom["specVersion"], "1.6");
        assert_eq!(bom["components"][0]["type"], "machine-learning-model");
        assert_eq!(bom["components"][0]["properties"][0]["value"], "rejected");
    }

    #[test]
    fn timestamps_are_rfc3339() {
        let t = now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }
}
