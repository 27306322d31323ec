//! Runs the third-party validators in this folder (Python scripts) from Rust tests. Shared by
//! the tests of moat-scan, moat-model and moat-redteam (`#[path]`-included), so every crate
//! checks its reports with the same scripts.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

/// The Python of the test environment (`MOAT_TEST_PYTHON`), or `None` with a message; with
/// `MOAT_REQUIRE_SERVICES=1` a missing environment fails the test instead.
pub fn python() -> Option<String> {
    match std::env::var("MOAT_TEST_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("MOAT_TEST_PYTHON is not set and MOAT_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped: MOAT_TEST_PYTHON is not set (run scripts/setup-python.sh)");
            None
        }
    }
}

/// Runs `validate_<kind>.py` (`sarif`, `spdx3`, `cyclonedx`) on `files`; returns whether all
/// are valid, and what the validator printed.
pub fn validate(py: &str, kind: &str, files: &[&Path]) -> (bool, String) {
    // Every crate that includes this module is a sibling of moat-scan under crates/.
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../moat-scan/tests/validators")
        .join(format!("validate_{kind}.py"));
    let o = Command::new(py).arg(&script).args(files).output().unwrap();
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}
