//! Signed checkpoints of the audit chain and the Ed25519 key that signs them.
//!
//! A checkpoint says "instance I's chain had head H at sequence number N at time T". Its
//! signature covers a canonical encoding (see `docs/audit.md`):
//! `"MOAT-AUDIT-CHECKPOINT-1\n"`, then instance (length-prefixed), seq (u64 BE), head
//! (32 bytes), time in µs (i64 BE) and kind (length-prefixed).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::StoreError;
use crate::event::{Digest32, to_micros};

/// Domain tag that starts a checkpoint's signed bytes.
pub const CHECKPOINT_TAG: &[u8] = b"MOAT-AUDIT-CHECKPOINT-1\n";

/// Largest key or checkpoint file read, in bytes.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// Why a checkpoint was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckpointKind {
    /// Written every N events or T seconds.
    Periodic,
    /// Written when the writer shut down cleanly.
    Shutdown,
    /// Marks the new start of a chain after `moat audit prune`.
    Prune,
}

impl CheckpointKind {
    /// Its name in storage and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            CheckpointKind::Periodic => "periodic",
            CheckpointKind::Shutdown => "shutdown",
            CheckpointKind::Prune => "prune",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<CheckpointKind> {
        match s {
            "periodic" => Some(CheckpointKind::Periodic),
            "shutdown" => Some(CheckpointKind::Shutdown),
            "prune" => Some(CheckpointKind::Prune),
            _ => None,
        }
    }
}

/// A signed statement of a chain's head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Instance whose chain this is.
    pub instance: String,
    /// Sequence number of the last event covered.
    pub seq: u64,
    /// Chain hash of that event (all zeros for seq 0).
    pub head: Digest32,
    /// When the checkpoint was made (whole microseconds).
    #[serde(with = "time::serde::rfc3339")]
    pub time: OffsetDateTime,
    /// Why.
    pub kind: CheckpointKind,
    /// Ed25519 public key of the signer, hex.
    pub public_key: String,
    /// Ed25519 signature over [`Checkpoint::signed_bytes`], hex.
    pub signature: String,
}

impl Checkpoint {
    /// Makes and signs a checkpoint.
    pub fn sign(
        key: &AuditKey,
        instance: &str,
        seq: u64,
        head: Digest32,
        kind: CheckpointKind,
    ) -> Checkpoint {
        let now = OffsetDateTime::now_utc();
        let time = crate::event::from_micros(to_micros(now)).unwrap_or(now);
        let mut cp = Checkpoint {
            instance: instance.to_owned(),
            seq,
            head,
            time,
            kind,
            public_key: key.public().to_hex(),
            signature: String::new(),
        };
        cp.signature = hex::encode(key.0.sign(&cp.signed_bytes()).to_bytes());
        cp
    }

    /// Time in microseconds since the epoch.
    pub fn time_us(&self) -> i64 {
        to_micros(self.time)
    }

    /// The bytes the signature covers.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(128);
        b.extend_from_slice(CHECKPOINT_TAG);
        b.extend_from_slice(&(self.instance.len() as u32).to_be_bytes());
        b.extend_from_slice(self.instance.as_bytes());
        b.extend_from_slice(&self.seq.to_be_bytes());
        b.extend_from_slice(&self.head.0);
        b.extend_from_slice(&self.time_us().to_be_bytes());
        let k = self.kind.as_str();
        b.extend_from_slice(&(k.len() as u32).to_be_bytes());
        b.extend_from_slice(k.as_bytes());
        b
    }

    /// Checks the signature against `trusted` (or, if `None`, against the key the checkpoint
    /// names, which proves only integrity, not origin).
    pub fn verify_signature(&self, trusted: Option<&PublicKey>) -> Result<(), String> {
        let named = PublicKey::from_hex(&self.public_key)?;
        if let Some(t) = trusted
            && t != &named
        {
            return Err(format!(
                "signed by key {}, not the trusted key {}",
                named.to_hex(),
                t.to_hex()
            ));
        }
        let mut sig = [0u8; 64];
        hex::decode_to_slice(&self.signature, &mut sig)
            .map_err(|e| format!("signature is not 128 hex digits: {e}"))?;
        named
            .0
            .verify(&self.signed_bytes(), &Signature::from_bytes(&sig))
            .map_err(|_| "signature does not match its content".to_owned())
    }
}

/// An Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(pub(crate) VerifyingKey);

impl PublicKey {
    /// Lowercase hex of the 32 key bytes.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// From 64 hex digits.
    pub fn from_hex(s: &str) -> Result<PublicKey, String> {
        let mut b = [0u8; 32];
        hex::decode_to_slice(s.trim(), &mut b)
            .map_err(|e| format!("public key is not 64 hex digits: {e}"))?;
        VerifyingKey::from_bytes(&b)
            .map(PublicKey)
            .map_err(|e| format!("not an Ed25519 public key: {e}"))
    }

    /// Reads a public key file: SPKI PEM (`BEGIN PUBLIC KEY`), 64 hex digits, or a private
    /// key file (PKCS#8 PEM), whose public half is used.
    pub fn load(path: &Path) -> Result<PublicKey, StoreError> {
        let text = read_small(path)?;
        let err = |d: String| StoreError::Key(format!("{}: {d}", path.display()));
        let t = text.trim();
        if t.contains("BEGIN PUBLIC KEY") {
            VerifyingKey::from_public_key_pem(t)
                .map(PublicKey)
                .map_err(|e| err(format!("bad public key PEM: {e}")))
        } else if t.contains("BEGIN PRIVATE KEY") {
            SigningKey::from_pkcs8_pem(t)
                .map(|k| PublicKey(k.verifying_key()))
                .map_err(|e| err(format!("bad private key PEM: {e}")))
        } else {
            PublicKey::from_hex(t).map_err(err)
        }
    }

    /// SPKI PEM text.
    pub fn to_pem(&self) -> Result<String, StoreError> {
        self.0
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| StoreError::Key(format!("encoding public key: {e}")))
    }
}

/// The Ed25519 key that signs checkpoints.
#[derive(Clone)]
pub struct AuditKey(SigningKey);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey(public {})", self.public().to_hex())
    }
}

impl AuditKey {
    /// A fresh random key.
    pub fn generate() -> AuditKey {
        AuditKey(SigningKey::from_bytes(&rand::random::<[u8; 32]>()))
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Reads a PKCS#8 PEM private key.
    pub fn load(path: &Path) -> Result<AuditKey, StoreError> {
        let text = read_small(path)?;
        SigningKey::from_pkcs8_pem(text.trim())
            .map(AuditKey)
            .map_err(|e| {
                StoreError::Key(format!(
                    "{}: not an Ed25519 PKCS#8 PEM private key: {e}",
                    path.display()
                ))
            })
    }

    /// Reads the key at `path`, or creates one there (mode 0600, directory created) along with
    /// `<path>.pub` (SPKI PEM). Returns the key and whether it was created.
    pub fn load_or_generate(path: &Path) -> Result<(AuditKey, bool), StoreError> {
        if path.exists() {
            return Ok((AuditKey::load(path)?, false));
        }
        let key = AuditKey::generate();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        }
        let pem = key
            .0
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| StoreError::Key(format!("encoding private key: {e}")))?;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(path).map_err(|e| StoreError::io(path, e))?;
        f.write_all(pem.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| StoreError::io(path, e))?;
        let pub_path = public_key_path(path);
        std::fs::write(&pub_path, key.public().to_pem()?)
            .map_err(|e| StoreError::io(&pub_path, e))?;
        Ok((key, true))
    }
}

/// `<key file>.pub`.
pub fn public_key_path(key_path: &Path) -> PathBuf {
    let mut s = key_path.as_os_str().to_owned();
    s.push(".pub");
    PathBuf::from(s)
}

fn read_small(path: &Path) -> Result<String, StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if meta.len() > MAX_KEY_FILE {
        return Err(StoreError::Key(format!(
            "{}: {} bytes is too large for a key file",
            path.display(),
            meta.len()
        )));
    }
    std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))
}

/// Appends the checkpoint as one JSON line to `path` and syncs it.
pub(crate) fn append_to_file(path: &Path, cp: &Checkpoint) -> Result<(), StoreError> {
    let mut line = serde_json::to_string(cp)
        .map_err(|e| StoreError::Key(format!("encoding checkpoint: {e}")))?;
    line.push('\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| StoreError::io(path, e))?;
    f.write_all(line.as_bytes())
        .and_then(|_| f.sync_data())
        .map_err(|e| StoreError::io(path, e))
}

/// Most checkpoint lines read from a file.
pub const MAX_CHECKPOINT_LINES: usize = 10_000_000;

/// Reads a JSONL checkpoint file (as written by the writer). Errors name the line.
pub fn read_checkpoint_file(path: &Path) -> Result<Vec<Checkpoint>, StoreError> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let mut out = Vec::new();
    let mut reader = std::io::BufReader::new(f);
    let mut line = String::new();
    let mut n = 0usize;
    loop {
        line.clear();
        // Bound each line: a checkpoint is a few hundred bytes.
        let read = std::io::Read::take(&mut reader, 64 * 1024)
            .read_line(&mut line)
            .map_err(|e| StoreError::io(path, e))?;
        if read == 0 {
            break;
        }
        n += 1;
        if n > MAX_CHECKPOINT_LINES {
            return Err(StoreError::Key(format!(
                "{}: more than {MAX_CHECKPOINT_LINES} lines",
                path.display()
            )));
        }
        if !line.ends_with('\n') && read == 64 * 1024 {
            return Err(StoreError::Key(format!(
                "{}:{n}: line longer than 64 KiB",
                path.display()
            )));
        }
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let cp: Checkpoint = serde_json::from_str(t).map_err(|e| {
            StoreError::Key(format!("{}:{n}: not a checkpoint: {e}", path.display()))
        })?;
        out.push(cp);
    }
    Ok(out)
}

/// Host, port and path of an `http://` URL.
pub(crate) fn parse_http_url(url: &str) -> Result<(String, u16, String), StoreError> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        StoreError::Config(format!(
            "store.checkpoint.url `{}`: only http:// is supported (put a TLS proxy in front \
             for https)",
            crate::backend::redact_url(url)
        ))
    })?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_owned()),
        None => (rest, "/".to_owned()),
    };
    if authority.contains('@') {
        return Err(StoreError::Config(
            "store.checkpoint.url: credentials in the URL are not supported".into(),
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            let port = p
                .parse::<u16>()
                .map_err(|_| StoreError::Config(format!("store.checkpoint.url: bad port `{p}`")))?;
            (h.to_owned(), port)
        }
        _ => (authority.to_owned(), 80),
    };
    if host.is_empty() {
        return Err(StoreError::Config("store.checkpoint.url: no host".into()));
    }
    Ok((host, port, path))
}

/// POSTs the checkpoint as JSON to an `http://` URL; a 2xx answer is success.
pub(crate) async fn post(url: &str, cp: &Checkpoint) -> Result<(), StoreError> {
    let (host, port, path) = parse_http_url(url)?;
    let body = serde_json::to_string(cp)
        .map_err(|e| StoreError::Key(format!("encoding checkpoint: {e}")))?;
    let fail = |d: String| StoreError::Io {
        path: crate::backend::redact_url(url),
        source: std::io::Error::other(d),
    };
    let connect_host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let fut = async {
        let mut s = tokio::net::TcpStream::connect((connect_host.as_str(), port))
            .await
            .map_err(|e| fail(format!("connect: {e}")))?;
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\nUser-Agent: moat\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes())
            .await
            .map_err(|e| fail(format!("send: {e}")))?;
        let mut buf = Vec::new();
        (&mut s)
            .take(16 * 1024)
            .read_to_end(&mut buf)
            .await
            .map_err(|e| fail(format!("read: {e}")))?;
        let head = String::from_utf8_lossy(&buf);
        let status = head
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|c| c.parse::<u16>().ok())
            .ok_or_else(|| fail("no HTTP status in the answer".into()))?;
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(fail(format!("HTTP {status}")))
        }
    };
    tokio::time::timeout(Duration::from_secs(10), fut)
        .await
        .map_err(|_| fail("timed out after 10 s".into()))?
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn sign_and_verify() {
        let k = AuditKey::generate();
        let cp = Checkpoint::sign(&k, "gw", 10, Digest32([7; 32]), CheckpointKind::Periodic);
        cp.verify_signature(Some(&k.public())).unwrap();
        cp.verify_signature(None).unwrap();
        let other = AuditKey::generate();
        assert!(cp.verify_signature(Some(&other.public())).is_err());
        let mut bad = cp.clone();
        bad.seq = 11;
        assert!(bad.verify_signature(Some(&k.public())).is_err());
        let json = serde_json::to_string(&cp).unwrap();
        let back: Checkpoint = serde_json::from_str(&json).unwrap();
        back.verify_signature(Some(&k.public())).unwrap();
    }

    #[test]
    fn key_files() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sub/key.pem");
        let (k, created) = AuditKey::load_or_generate(&p).unwrap();
        assert!(created);
        let (k2, created2) = AuditKey::load_or_generate(&p).unwrap();
        assert!(!created2);
        assert_eq!(k.public(), k2.public());
        assert_eq!(PublicKey::load(&public_key_path(&p)).unwrap(), k.public());
        assert_eq!(PublicKey::load(&p).unwrap(), k.public());
        std::fs::write(d.path().join("hex"), k.public().to_hex()).unwrap();
        assert_eq!(PublicKey::load(&d.path().join("hex")).unwrap(), k.public());
        std::fs::write(d.path().join("junk"), "not a key").unwrap();
        let e = AuditKey::load(&d.path().join("junk"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("junk"), "{e}");
        assert!(PublicKey::load(&d.path().join("junk")).is_err());
    }

    #[test]
    fn http_urls() {
        assert_eq!(
            parse_http_url("http://127.0.0.1:9000/cp").unwrap(),
            ("127.0.0.1".into(), 9000, "/cp".into())
        );
        assert_eq!(
            parse_http_url("http://h").unwrap(),
            ("h".into(), 80, "/".into())
        );
        assert!(parse_http_url("https://h/").is_err());
        assert!(parse_http_url("http://u:p@h/").is_err());
        assert!(parse_http_url("http://h:99999/").is_err());
    }
}
