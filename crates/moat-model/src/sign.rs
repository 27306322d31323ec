//! Model signing in the OpenSSF `model-signing` format (key-based, ECDSA P-256/P-384).
//!
//! The signature file is a Sigstore bundle (`application/vnd.dev.sigstore.bundle.v0.3+json`)
//! holding a DSSE envelope whose payload is an in-toto v1 statement:
//! - `subject`: one entry named after the model directory, whose `sha256` digest is the SHA-256
//!   of the concatenated raw digests of all files, in the order listed in the predicate;
//! - `predicateType`: `https://model_signing/signature/v1.0`;
//! - `predicate.serialization`: `{"method": "files", "hash_type": "sha256",
//!   "allow_symlinks": false, "ignore_paths": [...]}`;
//! - `predicate.resources`: `{"name", "algorithm": "sha256", "digest"}` per file, sorted by
//!   POSIX relative path.
//!
//! The DSSE signature is ECDSA (SHA-256 for P-256, SHA-384 for P-384), DER-encoded, over the
//! pre-authentication encoding `DSSEv1 <len> <type> <len> <payload>`. The bundle's
//! `verificationMaterial.publicKey.hint` is the hex SHA-256 of the signer's public key in PEM
//! SubjectPublicKeyInfo form.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Sigstore bundle media type written by Moat.
pub const BUNDLE_MEDIA_TYPE: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";
/// DSSE payload type of an in-toto statement.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The model-signing v1.0 predicate type.
pub const PREDICATE_TYPE: &str = "https://model_signing/signature/v1.0";
const PREDICATE_TYPE_COMPAT: &str = "https://model_signing/Digests/v0.1";
const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// Paths ignored by default when signing, as `model-signing` does.
pub const DEFAULT_IGNORED: &[&str] = &[".git", ".gitattributes", ".github", ".gitignore"];
/// Most files in a signed model.
const MAX_FILES: usize = 1_000_000;
/// Largest signature file read.
const MAX_SIG_BYTES: u64 = 256 << 20;

/// Why signing or verification could not be done.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A key could not be used.
    #[error("key `{0}`")]
    Key(String),
    /// The signature file is not a model-signing bundle.
    #[error("signature `{path}`: {reason}")]
    Format {
        /// The signature file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The model cannot be serialised (symlinks, too many files).
    #[error("model `{path}`: {reason}")]
    Model {
        /// The model path.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SignError + '_ {
    move |source| SignError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// `model.sig` inside a directory, or beside a single file.
pub fn default_signature_path(model: &Path) -> PathBuf {
    if model.is_dir() {
        model.join("model.sig")
    } else {
        model
            .parent()
            .map(|p| p.join("model.sig"))
            .unwrap_or_else(|| PathBuf::from("model.sig"))
    }
}

/// SHA-256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<[u8; 32], SignError> {
    let mut f = File::open(path).map_err(io_err(path))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(io_err(path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().into())
}

fn is_ignored(rel: &str, ignored: &[String]) -> bool {
    ignored
        .iter()
        .any(|i| rel == i || rel.starts_with(&format!("{}/", i.trim_end_matches('/'))))
}

/// Every file of a model with its SHA-256, keyed by POSIX path relative to the model
/// directory (a single file is keyed by its name). Symbolic links are refused, as
/// `model-signing` does by default.
pub fn manifest(model: &Path, ignored: &[String]) -> Result<BTreeMap<String, [u8; 32]>, SignError> {
    let mut out = BTreeMap::new();
    let meta = std::fs::symlink_metadata(model).map_err(io_err(model))?;
    if meta.is_file() {
        let name = model
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.insert(name, sha256_file(model)?);
        return Ok(out);
    }
    let mut stack = vec![(model.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let rd = std::fs::read_dir(&dir).map_err(io_err(&dir))?;
        for e in rd {
            let e = e.map_err(io_err(&dir))?;
            let name = e.file_name().to_string_lossy().into_owned();
            let r = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if is_ignored(&r, ignored) {
                continue;
            }
            let ft = e.file_type().map_err(io_err(&e.path()))?;
            if ft.is_symlink() {
                return Err(SignError::Model {
                    path: model.display().to_string(),
                    reason: format!("`{r}` is a symbolic link; links are not signed"),
                });
            }
            if ft.is_dir() {
                stack.push((e.path(), r));
            } else if ft.is_file() {
                if out.len() >= MAX_FILES {
                    return Err(SignError::Model {
                        path: model.display().to_string(),
                        reason: format!("more than {MAX_FILES} files"),
                    });
                }
                out.insert(r, sha256_file(&e.path())?);
            }
        }
    }
    Ok(out)
}

/// DSSE pre-authentication encoding.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut v = format!(
        "DSSEv1 {} {} {} ",
        payload_type.len(),
        payload_type,
        payload.len()
    )
    .into_bytes();
    v.extend_from_slice(payload);
    v
}

enum Signer {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

enum Verifier {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

fn load_private(path: &Path) -> Result<Signer, SignError> {
    use p256::pkcs8::DecodePrivateKey;
    let pem = std::fs::read_to_string(path).map_err(io_err(path))?;
    if let Ok(k) =
        p256::SecretKey::from_pkcs8_pem(&pem).or_else(|_| p256::SecretKey::from_sec1_pem(&pem))
    {
        return Ok(Signer::P256(k.into()));
    }
    if let Ok(k) =
        p384::SecretKey::from_pkcs8_pem(&pem).or_else(|_| p384::SecretKey::from_sec1_pem(&pem))
    {
        return Ok(Signer::P384(k.into()));
    }
    Err(SignError::Key(format!(
        "{}: not an unencrypted PEM ECDSA P-256 or P-384 private key",
        path.display()
    )))
}

fn load_public(path: &Path) -> Result<Verifier, SignError> {
    use p256::pkcs8::DecodePublicKey;
    let pem = std::fs::read_to_string(path).map_err(io_err(path))?;
    if let Ok(k) = p256::PublicKey::from_public_key_pem(&pem) {
        return Ok(Verifier::P256(k.into()));
    }
    if let Ok(k) = p384::PublicKey::from_public_key_pem(&pem) {
        return Ok(Verifier::P384(k.into()));
    }
    Err(SignError::Key(format!(
        "{}: not a PEM ECDSA P-256 or P-384 public key",
        path.display()
    )))
}

impl Verifier {
    /// Hex SHA-256 of the PEM SubjectPublicKeyInfo, the bundle's key hint.
    fn hint(&self) -> Result<String, SignError> {
        use p256::pkcs8::{EncodePublicKey, LineEnding};
        let pem = match self {
            Verifier::P256(k) => p256::PublicKey::from(k).to_public_key_pem(LineEnding::LF),
            Verifier::P384(k) => p384::PublicKey::from(k).to_public_key_pem(LineEnding::LF),
        }
        .map_err(|e| SignError::Key(e.to_string()))?;
        Ok(hex::encode(Sha256::digest(pem.as_bytes())))
    }

    fn verify(&self, msg: &[u8], der: &[u8]) -> bool {
        use ecdsa::signature::Verifier as _;
        match self {
            Verifier::P256(k) => {
                p256::ecdsa::Signature::from_der(der).is_ok_and(|s| k.verify(msg, &s).is_ok())
            }
            Verifier::P384(k) => {
                p384::ecdsa::Signature::from_der(der).is_ok_and(|s| k.verify(msg, &s).is_ok())
            }
        }
    }
}

impl Signer {
    fn verifier(&self) -> Verifier {
        match self {
            Signer::P256(k) => Verifier::P256(*k.verifying_key()),
            Signer::P384(k) => Verifier::P384(*k.verifying_key()),
        }
    }
    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        use ecdsa::signature::Signer as _;
        match self {
            Signer::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign(msg);
                s.to_der().as_bytes().to_vec()
            }
            Signer::P384(k) => {
                let s: p384::ecdsa::Signature = k.sign(msg);
                s.to_der().as_bytes().to_vec()
            }
        }
    }
}

/// An ECDSA curve supported for model signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    /// NIST P-256 with SHA-256.
    P256,
    /// NIST P-384 with SHA-384.
    P384,
}

/// A new key pair: (PKCS#8 private key PEM, SubjectPublicKeyInfo public key PEM).
pub fn generate_key(curve: Curve) -> Result<(String, String), SignError> {
    use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
    let mut rng = rand_core::OsRng;
    let err = |e: &dyn std::fmt::Display| SignError::Key(e.to_string());
    match curve {
        Curve::P256 => {
            let k = p256::SecretKey::random(&mut rng);
            let private = k.to_pkcs8_pem(LineEnding::LF).map_err(|e| err(&e))?;
            let public = k
                .public_key()
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| err(&e))?;
            Ok((private.to_string(), public))
        }
        Curve::P384 => {
            let k = p384::SecretKey::random(&mut rng);
            let private = k.to_pkcs8_pem(LineEnding::LF).map_err(|e| err(&e))?;
            let public = k
                .public_key()
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| err(&e))?;
            Ok((private.to_string(), public))
        }
    }
}

fn model_name(model: &Path) -> String {
    let p = model.canonicalize().unwrap_or_else(|_| model.to_path_buf());
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".to_owned())
}

/// Paths to leave out: the defaults plus the signature itself when it lies inside the model.
fn ignored_for(model: &Path, sig: &Path) -> Vec<String> {
    let mut v: Vec<String> = DEFAULT_IGNORED.iter().map(|s| (*s).to_owned()).collect();
    if let (Ok(m), Some(parent), Some(name)) = (model.canonicalize(), sig.parent(), sig.file_name())
    {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(p) = parent.canonicalize() {
            let full = p.join(name);
            if let Ok(rel) = full.strip_prefix(&m) {
                v.insert(0, rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    v
}

/// The in-toto statement for a manifest.
pub fn statement(name: &str, files: &BTreeMap<String, [u8; 32]>, ignored: &[String]) -> Value {
    let mut root = Sha256::new();
    let mut resources = Vec::new();
    for (path, d) in files {
        root.update(d);
        resources.push(json!({"name": path, "algorithm": "sha256", "digest": hex::encode(d)}));
    }
    json!({
        "_type": STATEMENT_TYPE,
        "subject": [{"name": name, "digest": {"sha256": hex::encode(root.finalize())}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "serialization": {
                "method": "files",
                "hash_type": "sha256",
                "allow_symlinks": false,
                "ignore_paths": ignored,
            },
            "resources": resources,
        }
    })
}

/// Signs `model` with the PEM private key at `key`, writing the bundle to `sig`. Returns the
/// number of files signed.
pub fn sign_model(model: &Path, key: &Path, sig: &Path) -> Result<usize, SignError> {
    let signer = load_private(key)?;
    let ignored = ignored_for(model, sig);
    let files = manifest(model, &ignored)?;
    let st = statement(&model_name(model), &files, &ignored);
    let payload = serde_json::to_vec_pretty(&st).map_err(|e| SignError::Key(e.to_string()))?;
    let der = signer.sign(&pae(PAYLOAD_TYPE, &payload));
    let bundle = json!({
        "mediaType": BUNDLE_MEDIA_TYPE,
        "verificationMaterial": {
            "publicKey": {"hint": signer.verifier().hint()?},
            "tlogEntries": [],
        },
        "dsseEnvelope": {
            "payload": B64.encode(&payload),
            "payloadType": PAYLOAD_TYPE,
            "signatures": [{"sig": B64.encode(der), "keyid": ""}],
        }
    });
    let text = serde_json::to_string_pretty(&bundle).map_err(|e| SignError::Key(e.to_string()))?;
    std::fs::write(sig, text).map_err(io_err(sig))?;
    Ok(files.len())
}

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// The signature is valid for the key.
    pub signature_valid: bool,
    /// Why the signature part failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_error: Option<String>,
    /// The model name in the statement.
    pub model_name: String,
    /// Number of files listed in the signature.
    pub signed_files: usize,
    /// Files whose content differs.
    pub changed: Vec<String>,
    /// Files present but not signed.
    pub added: Vec<String>,
    /// Signed files that are gone.
    pub removed: Vec<String>,
}

impl VerifyReport {
    /// True when the signature is valid and every file matches.
    pub fn ok(&self) -> bool {
        self.signature_valid
            && self.changed.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
    }

    /// A human summary, one line per problem.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        if !self.signature_valid {
            s.push_str(&format!(
                "signature INVALID: {}\n",
                self.signature_error
                    .as_deref()
                    .unwrap_or("does not match the key")
            ));
        }
        for f in &self.changed {
            s.push_str(&format!("changed: {f}\n"));
        }
        for f in &self.added {
            s.push_str(&format!("appeared: {f}\n"));
        }
        for f in &self.removed {
            s.push_str(&format!("vanished: {f}\n"));
        }
        if self.ok() {
            s.push_str(&format!(
                "verified: {} files of `{}` match the signature\n",
                self.signed_files, self.model_name
            ));
        } else {
            s.push_str("verification FAILED\n");
        }
        s
    }
}

fn fmt_err(sig: &Path, reason: impl Into<String>) -> SignError {
    SignError::Format {
        path: sig.display().to_string(),
        reason: reason.into(),
    }
}

/// Verifies `model` against the bundle at `sig` with the PEM public key at `key`.
pub fn verify_model(model: &Path, key: &Path, sig: &Path) -> Result<VerifyReport, SignError> {
    let verifier = load_public(key)?;
    let len = std::fs::metadata(sig).map_err(io_err(sig))?.len();
    if len > MAX_SIG_BYTES {
        return Err(fmt_err(sig, format!("{len} bytes is too large")));
    }
    let text = std::fs::read(sig).map_err(io_err(sig))?;
    let bundle: Value = serde_json::from_slice(&text)
        .map_err(|e| fmt_err(sig, format!("not JSON at line {}: {e}", e.line())))?;
    let media = bundle["mediaType"].as_str().unwrap_or("");
    if !media.starts_with("application/vnd.dev.sigstore.bundle") {
        return Err(fmt_err(
            sig,
            format!("media type `{media}` is not a Sigstore bundle"),
        ));
    }
    let env = &bundle["dsseEnvelope"];
    let payload_type = env["payloadType"].as_str().unwrap_or("");
    let payload = B64
        .decode(env["payload"].as_str().unwrap_or(""))
        .map_err(|e| fmt_err(sig, format!("payload is not base64: {e}")))?;
    let sig_b64 = env["signatures"][0]["sig"].as_str().unwrap_or("");
    let der = B64
        .decode(sig_b64)
        .map_err(|e| fmt_err(sig, format!("signature is not base64: {e}")))?;
    let mut signature_error = None;
    if let Some(h) = bundle["verificationMaterial"]["publicKey"]["hint"].as_str()
        && !h.is_empty()
        && h != verifier.hint()?
    {
        signature_error = Some("the bundle names a different public key".to_owned());
    }
    if signature_error.is_none() && payload_type != PAYLOAD_TYPE {
        signature_error = Some(format!("payload type `{payload_type}` is not in-toto"));
    }
    if signature_error.is_none() && !verifier.verify(&pae(payload_type, &payload), &der) {
        signature_error = Some("ECDSA signature does not verify with this key".to_owned());
    }
    let st: Value = serde_json::from_slice(&payload)
        .map_err(|e| fmt_err(sig, format!("statement is not JSON: {e}")))?;
    let pt = st["predicateType"].as_str().unwrap_or("");
    let subject = &st["subject"];
    let mut expected: BTreeMap<String, [u8; 32]> = BTreeMap::new();
    let mut ignored: Vec<String> = Vec::new();
    let name;
    if pt == PREDICATE_TYPE {
        if subject.as_array().map(Vec::len) != Some(1) {
            return Err(fmt_err(sig, "statement must have exactly one subject"));
        }
        name = subject[0]["name"].as_str().unwrap_or("").to_owned();
        let pred = &st["predicate"];
        let ser = &pred["serialization"];
        if ser["method"].as_str() != Some("files") {
            return Err(fmt_err(
                sig,
                format!(
                    "serialization method {} is not supported (only `files`)",
                    ser["method"]
                ),
            ));
        }
        if let Some(ip) = ser["ignore_paths"].as_array() {
            ignored = ip
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
        }
        let mut root = Sha256::new();
        for r in pred["resources"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let rname = r["name"]
                .as_str()
                .ok_or_else(|| fmt_err(sig, "resource without a name"))?;
            if r["algorithm"].as_str() != Some("sha256") {
                return Err(fmt_err(
                    sig,
                    format!(
                        "resource `{rname}` uses algorithm {}, only sha256 is supported",
                        r["algorithm"]
                    ),
                ));
            }
            let d = decode_digest(r["digest"].as_str().unwrap_or(""))
                .ok_or_else(|| fmt_err(sig, format!("resource `{rname}` has a bad digest")))?;
            root.update(d);
            expected.insert(rname.to_owned(), d);
        }
        let want = subject[0]["digest"]["sha256"].as_str().unwrap_or("");
        if hex::encode(root.finalize()) != want {
            return Err(fmt_err(
                sig,
                "subject digest does not match the listed resources",
            ));
        }
    } else if pt == PREDICATE_TYPE_COMPAT {
        name = String::new();
        for s in subject.as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let rname = s["name"].as_str().unwrap_or("").to_owned();
            let d = decode_digest(s["digest"]["sha256"].as_str().unwrap_or(""))
                .ok_or_else(|| fmt_err(sig, format!("subject `{rname}` has a bad digest")))?;
            expected.insert(rname, d);
        }
    } else {
        return Err(fmt_err(
            sig,
            format!("predicate type `{pt}` is not model-signing"),
        ));
    }
    // The signature file itself is never part of the model.
    for extra in ignored_for(model, sig) {
        if !ignored.contains(&extra) && !DEFAULT_IGNORED.contains(&extra.as_str()) {
            ignored.push(extra);
        }
    }
    let actual = manifest(model, &ignored)?;
    let names: BTreeSet<&String> = expected.keys().chain(actual.keys()).collect();
    let mut report = VerifyReport {
        signature_valid: signature_error.is_none(),
        signature_error,
        model_name: name,
        signed_files: expected.len(),
        changed: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
    };
    for n in names {
        match (expected.get(n), actual.get(n)) {
            (Some(a), Some(b)) if a != b => report.changed.push(n.clone()),
            (Some(_), None) => report.removed.push(n.clone()),
            (None, Some(_)) => report.added.push(n.clone()),
            _ => {}
        }
    }
    Ok(report)
}

fn decode_digest(h: &str) -> Option<[u8; 32]> {
    let v = hex::decode(h).ok()?;
    v.try_into().ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn pae_layout() {
        assert_eq!(pae("t", b"ab"), b"DSSEv1 1 t 2 ab");
    }

    #[test]
    fn ignore_prefix() {
        let ig = vec![".git".to_owned()];
        assert!(is_ignored(".git/config", &ig));
        assert!(!is_ignored(".gitx", &ig));
    }
}
