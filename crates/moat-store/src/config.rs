//! The `store:` section of `moat.yaml`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::StoreError;

/// Environment variable that overrides the default data directory (`./moat-data`).
pub const DATA_DIR_ENV: &str = "MOAT_DATA_DIR";

/// Default data directory when neither the config nor `$MOAT_DATA_DIR` names one.
pub const DEFAULT_DATA_DIR: &str = "moat-data";

/// File name of the SQLite database inside the data directory when no `url` is configured.
pub const DEFAULT_SQLITE_FILE: &str = "moat.db";

/// File name of the audit signing key inside the data directory when none is configured.
pub const DEFAULT_KEY_FILE: &str = "audit-signing.key";

/// File name of the instance id inside the data directory.
pub const INSTANCE_ID_FILE: &str = "instance-id";

/// When `append` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Durability {
    /// "Acknowledged means recorded": `append` returns once the event is committed and synced
    /// (group commit: many events share one fsync).
    #[default]
    Acknowledged,
    /// `append` returns once the event is queued; a crash can lose the last instants of events.
    Buffered,
}

impl std::str::FromStr for Durability {
    type Err = moat_core::ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "acknowledged" => Ok(Durability::Acknowledged),
            "buffered" => Ok(Durability::Buffered),
            _ => Err(moat_core::ParseEnumError::new(
                "store mode",
                s,
                &["acknowledged", "buffered"],
            )),
        }
    }
}

/// When and where signed checkpoints of the audit chain are written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckpointConfig {
    /// Write a checkpoint after this many events (0 disables the count trigger). Default 10000.
    pub every_events: u64,
    /// Write a checkpoint this often when events arrived since the last one (0 disables the
    /// timer). Default 60.
    pub every_secs: u64,
    /// Also append each checkpoint as one JSON line to this file (keep it on another volume).
    pub file: Option<PathBuf>,
    /// Also POST each checkpoint as JSON to this `http://` URL.
    pub url: Option<String>,
}

impl Default for CheckpointConfig {
    fn default() -> Self {
        CheckpointConfig {
            every_events: 10_000,
            every_secs: 60,
            file: None,
            url: None,
        }
    }
}

/// The `store:` section of `moat.yaml`.
///
/// ```yaml
/// store:
///   url: sqlite://moat-data/moat.db     # or postgres://user@host/db ; default: <data_dir>/moat.db
///   mode: acknowledged                   # or buffered
///   data_dir: ./moat-data                # default: $MOAT_DATA_DIR or ./moat-data
///   signing_key_file: ./moat-data/audit-signing.key
///   instance_id: gw-1                    # default: generated once, kept in <data_dir>/instance-id
///   checkpoint: { every_events: 10000, every_secs: 60, file: /mnt/offbox/checkpoints.jsonl }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// `sqlite://PATH`, a plain path, or `postgres://...`. Default: `<data_dir>/moat.db`.
    pub url: Option<String>,
    /// Durability of audit appends.
    pub mode: Durability,
    /// Directory for the SQLite file, the signing key and the instance id.
    pub data_dir: Option<PathBuf>,
    /// Ed25519 key (PKCS#8 PEM) that signs checkpoints; generated on first run if absent.
    /// Default: `<data_dir>/audit-signing.key`. The public key is written next to it (`.pub`).
    pub signing_key_file: Option<PathBuf>,
    /// This instance's id; each instance keeps its own hash chain. Default: generated once and
    /// kept in `<data_dir>/instance-id`.
    pub instance_id: Option<String>,
    /// Checkpoint policy.
    pub checkpoint: CheckpointConfig,
}

impl StoreConfig {
    /// The data directory: the configured one, else `$MOAT_DATA_DIR`, else `./moat-data`.
    pub fn data_dir(&self) -> PathBuf {
        if let Some(d) = &self.data_dir {
            return d.clone();
        }
        match std::env::var_os(DATA_DIR_ENV) {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => PathBuf::from(DEFAULT_DATA_DIR),
        }
    }

    /// The database URL: the configured one, else `sqlite://<data_dir>/moat.db`.
    pub fn url(&self) -> String {
        match &self.url {
            Some(u) => u.clone(),
            None => format!(
                "sqlite://{}",
                self.data_dir().join(DEFAULT_SQLITE_FILE).display()
            ),
        }
    }

    /// The signing key path: the configured one, else `<data_dir>/audit-signing.key`.
    pub fn signing_key_file(&self) -> PathBuf {
        match &self.signing_key_file {
            Some(p) => p.clone(),
            None => self.data_dir().join(DEFAULT_KEY_FILE),
        }
    }

    /// The instance id: the configured one, else the one kept in `<data_dir>/instance-id`,
    /// created (host name plus a random suffix) on first use.
    pub fn instance_id(&self) -> Result<String, StoreError> {
        if let Some(id) = &self.instance_id {
            check_instance_id(id)?;
            return Ok(id.clone());
        }
        load_or_create_instance_id(&self.data_dir())
    }

    /// Reads the `store:` section of a `moat.yaml` (other sections are ignored here; an absent
    /// section gives the defaults). Relative paths stay relative to the working directory.
    pub fn from_moat_yaml(path: &Path) -> Result<StoreConfig, StoreError> {
        #[derive(Deserialize)]
        struct File {
            #[serde(default)]
            store: Option<StoreConfig>,
        }
        const MAX: u64 = 4 * 1024 * 1024;
        let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
        if meta.len() > MAX {
            return Err(StoreError::Config(format!(
                "{}: {} bytes is larger than the {MAX}-byte limit for a config file",
                path.display(),
                meta.len()
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
        let f: File = serde_saphyr::from_str(&text)
            .map_err(|e| StoreError::Config(format!("{}: {e}", path.display())))?;
        let cfg = f.store.unwrap_or_default();
        cfg.validate()
            .map_err(|e| StoreError::Config(format!("{}: {e}", path.display())))?;
        Ok(cfg)
    }

    /// Checks values that serde cannot: URL scheme, instance id, checkpoint URL.
    pub fn validate(&self) -> Result<(), StoreError> {
        if let Some(u) = &self.url {
            crate::backend::Target::parse(u)?;
        }
        if let Some(id) = &self.instance_id {
            check_instance_id(id)?;
        }
        if let Some(u) = &self.checkpoint.url {
            crate::checkpoint::parse_http_url(u)?;
        }
        Ok(())
    }
}

/// Longest accepted instance id.
pub const MAX_INSTANCE_ID: usize = 128;

pub(crate) fn check_instance_id(id: &str) -> Result<(), StoreError> {
    let ok = !id.is_empty()
        && id.len() <= MAX_INSTANCE_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Config(format!(
            "store.instance_id `{}`: use 1 to {MAX_INSTANCE_ID} characters from [A-Za-z0-9-_.:]",
            id.escape_default()
        )))
    }
}

fn load_or_create_instance_id(dir: &Path) -> Result<String, StoreError> {
    let path = dir.join(INSTANCE_ID_FILE);
    match std::fs::read_to_string(&path) {
        Ok(s) => {
            let id = s.trim().to_owned();
            check_instance_id(&id)
                .map_err(|e| StoreError::Config(format!("{}: {e}", path.display())))?;
            Ok(id)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
            let host = std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| {
                    h.trim()
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .take(64)
                        .collect::<String>()
                })
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| "moat".to_owned());
            let suffix: u32 = rand::random();
            let id = format!("{host}-{suffix:08x}");
            std::fs::write(&path, format!("{id}\n")).map_err(|e| StoreError::io(&path, e))?;
            Ok(id)
        }
        Err(e) => Err(StoreError::io(&path, e)),
    }
}

/// Parses a time given on the command line: RFC 3339 (`2026-11-01T12:00:00Z`), a date
/// (`2026-11-01`, midnight UTC), a UTC date-time without offset (`2026-11-01T12:00:00`), or an
/// age before now (`90d`, `12h`, `30m`, `45s`).
pub fn parse_time_arg(s: &str) -> Result<time::OffsetDateTime, String> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    let s = s.trim();
    if let Ok(t) = time::OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t.to_offset(time::UtcOffset::UTC));
    }
    if let Ok(d) = time::Date::parse(s, format_description!("[year]-[month]-[day]")) {
        return Ok(d.midnight().assume_utc());
    }
    if let Ok(dt) = time::PrimitiveDateTime::parse(
        s,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
    ) {
        return Ok(dt.assume_utc());
    }
    if let Some(unit) = s.chars().last() {
        let num = &s[..s.len() - unit.len_utf8()];
        if let Ok(n) = num.parse::<i64>()
            && (0..=100_000_000).contains(&n)
        {
            let d = match unit {
                'd' => Some(time::Duration::days(n)),
                'h' => Some(time::Duration::hours(n)),
                'm' => Some(time::Duration::minutes(n)),
                's' => Some(time::Duration::seconds(n)),
                _ => None,
            };
            if let Some(d) = d {
                return Ok(time::OffsetDateTime::now_utc() - d);
            }
        }
    }
    Err(format!(
        "`{}` is not a time: use RFC 3339 (2026-11-01T12:00:00Z), a date (2026-11-01), or an age (90d, 12h, 30m)",
        crate::event::truncate(s, 60)
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn yaml_store_section() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("moat.yaml");
        std::fs::write(
            &p,
            "gateway: {listen: x}\nstore:\n  url: postgres://u@h/db\n  mode: buffered\n  checkpoint:\n    every_events: 5\n",
        )
        .unwrap();
        let c = StoreConfig::from_moat_yaml(&p).unwrap();
        assert_eq!(c.mode, Durability::Buffered);
        assert_eq!(c.checkpoint.every_events, 5);
        assert_eq!(c.checkpoint.every_secs, 60);
        std::fs::write(&p, "store:\n  urll: x\n").unwrap();
        let e = StoreConfig::from_moat_yaml(&p).unwrap_err().to_string();
        assert!(e.contains("urll") && e.contains("moat.yaml"), "{e}");
        std::fs::write(&p, "store:\n  instance_id: 'bad id'\n").unwrap();
        assert!(StoreConfig::from_moat_yaml(&p).is_err());
        std::fs::write(&p, "other: 1\n").unwrap();
        assert_eq!(
            StoreConfig::from_moat_yaml(&p).unwrap(),
            StoreConfig::default()
        );
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_time_arg("2026-11-01").unwrap().unix_timestamp(),
            1_793_491_200
        );
        assert_eq!(
            parse_time_arg("2026-11-01T00:00:10Z")
                .unwrap()
                .unix_timestamp(),
            1_793_491_210
        );
        assert_eq!(
            parse_time_arg("2026-11-01T01:00:10+01:00")
                .unwrap()
                .unix_timestamp(),
            1_793_491_210
        );
        assert!(parse_time_arg("90d").unwrap() < time::OffsetDateTime::now_utc());
        assert!(parse_time_arg("yesterday").is_err());
        assert!(parse_time_arg("").is_err());
    }

    #[test]
    fn defaults() {
        let c = StoreConfig {
            data_dir: Some(PathBuf::from("/tmp/x")),
            ..StoreConfig::default()
        };
        assert_eq!(c.url(), "sqlite:///tmp/x/moat.db");
        assert_eq!(
            c.signing_key_file(),
            PathBuf::from("/tmp/x/audit-signing.key")
        );
        assert!(check_instance_id("gw-1.a:b_c").is_ok());
        assert!(check_instance_id("").is_err());
        assert!(check_instance_id("a/b").is_err());
    }
}
