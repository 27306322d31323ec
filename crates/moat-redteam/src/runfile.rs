//! The run file: a directory holding `run.json` (what the campaign is) and `results.jsonl` (one
//! result per line, appended and flushed as each attack finishes). Re-running the same campaign
//! with the same directory skips attacks already judged and retries those that errored.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::runner::AttackResult;

/// Longest results line read back (bytes); longer lines are skipped as damaged.
const MAX_LINE: usize = 8 * 1024 * 1024;

/// What identifies a campaign: a resumed run must match it exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    /// Hex SHA-256 over target, model, seed, system prompt and attack ids.
    pub fingerprint: String,
    /// Target URL.
    pub target: String,
    /// Model.
    pub model: String,
    /// Seed.
    pub seed: u64,
    /// Number of attacks.
    pub attacks: usize,
}

/// An open run directory.
#[derive(Debug)]
pub struct RunFile {
    dir: PathBuf,
    out: Mutex<File>,
}

impl RunFile {
    /// Open `dir` for `campaign`, creating it if needed. Fails if it holds a different campaign.
    pub fn open(dir: &Path, campaign: &Campaign) -> Result<RunFile, String> {
        let d = dir.display();
        fs::create_dir_all(dir).map_err(|e| format!("--run-dir `{d}`: {e}"))?;
        let meta = dir.join("run.json");
        if meta.exists() {
            let text =
                fs::read_to_string(&meta).map_err(|e| format!("`{}`: {e}", meta.display()))?;
            let old: Campaign = serde_json::from_str(&text)
                .map_err(|e| format!("`{}`: not a run file: {e}", meta.display()))?;
            if old.fingerprint != campaign.fingerprint {
                return Err(format!(
                    "--run-dir `{d}` holds a different campaign (target {}, model {}, seed {}, {} attacks); \
                     use a new directory or the same options",
                    old.target, old.model, old.seed, old.attacks
                ));
            }
        } else {
            let text = serde_json::to_string_pretty(campaign).map_err(|e| e.to_string())?;
            fs::write(&meta, text).map_err(|e| format!("`{}`: {e}", meta.display()))?;
        }
        let results = dir.join("results.jsonl");
        let out = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&results)
            .map_err(|e| format!("`{}`: {e}", results.display()))?;
        Ok(RunFile {
            dir: dir.to_path_buf(),
            out: Mutex::new(out),
        })
    }

    /// Every result recorded so far; a later line for the same attack replaces an earlier one.
    /// Damaged lines (a crash mid-write) are skipped.
    pub fn load(&self) -> Result<Vec<AttackResult>, String> {
        let path = self.dir.join("results.jsonl");
        let f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("`{}`: {e}", path.display())),
        };
        let mut reader = BufReader::new(f);
        let mut by_id: Vec<AttackResult> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = (&mut reader)
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut line)
                .map_err(|e| format!("`{}`: {e}", path.display()))?;
            if n == 0 {
                break;
            }
            if line.len() > MAX_LINE && !line.ends_with(b"\n") {
                // Skip the rest of an over-long line.
                let mut sink = Vec::new();
                reader
                    .read_until(b'\n', &mut sink)
                    .map_err(|e| format!("`{}`: {e}", path.display()))?;
                continue;
            }
            let Ok(r) = serde_json::from_slice::<AttackResult>(&line) else {
                continue;
            };
            match index.get(&r.id) {
                Some(&i) => by_id[i] = r,
                None => {
                    index.insert(r.id.clone(), by_id.len());
                    by_id.push(r);
                }
            }
        }
        Ok(by_id)
    }

    /// Append one result and flush it to disk.
    pub fn append(&self, r: &AttackResult) -> Result<(), String> {
        let mut line = serde_json::to_vec(r).map_err(|e| e.to_string())?;
        line.push(b'\n');
        let mut out = self
            .out
            .lock()
            .map_err(|_| "run file lock poisoned".to_string())?;
        out.write_all(&line)
            .and_then(|_| out.flush())
            .map_err(|e| format!("`{}`: {e}", self.dir.join("results.jsonl").display()))
    }
}

/// Hex SHA-256 of a campaign description, for [`Campaign::fingerprint`].
pub fn fingerprint(description: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(description.as_bytes()))
}

use std::io::Read;

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, error: bool) -> AttackResult {
        AttackResult {
            id: id.into(),
            probe: "p".into(),
            family: "f".into(),
            owasp: "LLM01".into(),
            atlas: "AML.T0051".into(),
            converter: "none".into(),
            success: false,
            judge: "no-match".into(),
            evidence: None,
            prompt: "x".into(),
            response: "y".into(),
            transcript: Vec::new(),
            llm_verdict: None,
            error: error.then(|| "timeout".into()),
            error_kind: None,
            attempts: 1,
        }
    }

    #[test]
    fn append_load_and_mismatch() {
        let dir = tempfile::tempdir().unwrap();
        let c = Campaign {
            fingerprint: "abc".into(),
            target: "t".into(),
            model: "m".into(),
            seed: 1,
            attacks: 2,
        };
        let rf = RunFile::open(dir.path(), &c).unwrap();
        rf.append(&result("a", true)).unwrap();
        rf.append(&result("b", false)).unwrap();
        rf.append(&result("a", false)).unwrap();
        // A torn last line, as after a crash.
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join("results.jsonl"))
            .unwrap()
            .write_all(b"{\"id\": \"c\", \"pro")
            .unwrap();
        let loaded = RunFile::open(dir.path(), &c).unwrap().load().unwrap();
        assert_eq!(loaded.len(), 2);
        assert!(loaded.iter().all(|r| r.error.is_none()));
        let other = Campaign {
            fingerprint: "zzz".into(),
            ..c
        };
        let e = RunFile::open(dir.path(), &other).unwrap_err();
        assert!(e.contains("different campaign"), "{e}");
    }
}
