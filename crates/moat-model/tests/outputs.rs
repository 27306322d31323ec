//! `moat model scan`'s SARIF checked against the OASIS SARIF 2.1.0 schema, and the registry's
//! CycloneDX 1.6 ML-BOM checked by cyclonedx-python-lib's strict validator. The validators are
//! the scripts under crates/moat-scan/tests/validators, run in the Python test environment
//! (`MOAT_TEST_PYTHON`); without it these checks are skipped with a message, unless
//! `MOAT_REQUIRE_SERVICES=1`.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use moat_model::registry::{Action, AddRequest, MemoryStore, Registry, cyclonedx_bom};
use moat_model::sign::{Curve, generate_key, sign_model};
use moat_model::{ScanOptions, render, scan_paths};
use serde_json::Value;
use validators::{python, validate};

#[path = "../../moat-scan/tests/validators/mod.rs"]
mod validators;

#[test]
fn sarif_of_the_whole_corpus_is_valid_against_the_oasis_schema() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let paths: Vec<PathBuf> = ["malicious", "benign", "broken"]
        .iter()
        .map(|d| corpus.join(d))
        .collect();
    let reports = scan_paths(&paths, &ScanOptions::default());
    let text = render::sarif(&reports);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 50, "{}", results.len());
    // Byte offsets and archive members both appear.
    assert!(
        results
            .iter()
            .any(|r| r["locations"][0]["physicalLocation"]["region"]["byteOffset"].is_u64())
    );
    assert!(
        results
            .iter()
            .any(|r| r["message"]["text"].as_str().unwrap().contains("data.pkl"))
    );
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("model.sarif");
    std::fs::write(&f, &text).unwrap();
    let (ok, out) = validate(&py, "sarif", &[&f]);
    assert!(ok, "SARIF rejected by the OASIS schema:\n{out}");
}

#[test]
fn registry_bom_is_valid_for_the_strict_cyclonedx_1_6_validator() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("tiny");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(good.join("config.json"), b"{\"arch\": \"tiny\"}").unwrap();
    std::fs::write(
        good.join("model.safetensors"),
        b"\x08\0\0\0\0\0\0\0{}      ",
    )
    .unwrap();
    let (private, public) = generate_key(Curve::P256).unwrap();
    let key = dir.path().join("k.pem");
    let pubkey = dir.path().join("k.pub");
    std::fs::write(&key, private).unwrap();
    std::fs::write(&pubkey, public).unwrap();
    let sig = dir.path().join("tiny.sig");
    sign_model(&good, &key, &sig).unwrap();
    let evil = dir.path().join("evil");
    std::fs::create_dir(&evil).unwrap();
    std::fs::write(evil.join("weights.pkl"), b"cos\nsystem\n(S'id'\ntR.").unwrap();

    let reg = Registry::new(MemoryStore::default());
    let mut req = AddRequest::new(&good, "tiny", "1.0", "alice");
    req.source = Some("https://models.example/tiny".into());
    req.signature = Some((sig, pubkey));
    reg.add(req).unwrap();
    reg.decide("tiny", "1.0", Action::Approve, "bob", "reviewed")
        .unwrap();
    reg.add(AddRequest::new(&evil, "evil", "0.1", "alice"))
        .unwrap();
    reg.decide("evil", "0.1", Action::Reject, "bob", "os.system")
        .unwrap();

    let bom = cyclonedx_bom(&reg.list().unwrap());
    let comps = bom["components"].as_array().unwrap();
    assert_eq!(comps.len(), 2);
    let tiny = comps.iter().find(|c| c["name"] == "tiny").unwrap();
    assert_eq!(tiny["type"], "machine-learning-model");
    assert_eq!(tiny["components"].as_array().unwrap().len(), 2);
    let Some(py) = python() else { return };
    let f = dir.path().join("registry.cdx.json");
    std::fs::write(&f, serde_json::to_vec_pretty(&bom).unwrap()).unwrap();
    let (ok, out) = validate(&py, "cyclonedx", &[&f]);
    assert!(ok, "CycloneDX rejected the registry BOM:\n{out}");
}
