//! The committed corpus (built by `corpus-gen/gen_corpus.py`): every malicious sample is caught
//! with the expected rule, no benign sample is flagged, and broken samples give a report, never
//! a panic.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use moat_model::{ScanOptions, Verdict, scan_path};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn expected() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_sample_gets_its_verdict() {
    let opts = ScanOptions::default();
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for e in expected() {
        let rel = e["path"].as_str().unwrap();
        let want = e["verdict"].as_str().unwrap();
        let report = scan_path(&corpus_dir().join(rel), &opts);
        *counts.entry(want.to_owned()).or_insert(0) += 1;
        if want == "any" {
            assert_ne!(report.format, "", "{rel}");
            continue;
        }
        if report.verdict.as_str() != want {
            failures.push(format!(
                "{rel}: want {want}, got {} {:?}",
                report.verdict.as_str(),
                report
                    .findings
                    .iter()
                    .map(|f| (&f.rule, &f.message))
                    .collect::<Vec<_>>()
            ));
            continue;
        }
        if let Some(rule) = e["rule"].as_str()
            && !report.findings.iter().any(|f| f.rule == rule)
        {
            failures.push(format!(
                "{rel}: rule {rule} missing from {:?}",
                report.findings
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        counts["malicious"] >= 60 && counts["clean"] >= 20,
        "{counts:?}"
    );
}

#[test]
fn malicious_pickles_name_the_callable() {
    let opts = ScanOptions::default();
    let r = scan_path(&corpus_dir().join("malicious/stack_global_memo.pkl"), &opts);
    assert_eq!(r.verdict, Verdict::Malicious);
    assert!(
        r.findings
            .iter()
            .any(|f| f.symbol.as_deref() == Some("posix.system")),
        "{r:?}"
    );
    let r = scan_path(
        &corpus_dir().join("malicious/disguised/weights.safetensors"),
        &opts,
    );
    assert_eq!(r.format, "pickle");
    let r = scan_path(&corpus_dir().join("malicious/torch_state_dict.pt"), &opts);
    assert_eq!(r.format, "pytorch-zip");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "pickle.dangerous-import")
        .unwrap();
    assert_eq!(f.member.as_deref(), Some("archive/data.pkl"));
    assert!(f.offset.is_some());
}

#[test]
fn directory_scan_reports_each_file_once() {
    let reports = moat_model::scan_paths(&[corpus_dir().join("benign")], &ScanOptions::default());
    let n = expected()
        .iter()
        .filter(|e| e["path"].as_str().unwrap().starts_with("benign/"))
        .count();
    assert_eq!(reports.len(), n);
    assert!(
        reports.iter().all(|r| r.verdict == Verdict::Clean),
        "{reports:#?}"
    );
}

/// Regenerates the corpus with Python and checks it is byte-for-byte the committed one.
#[test]
fn generator_reproduces_committed_corpus() {
    let Some(py) = std::env::var_os("MOAT_TEST_PYTHON") else {
        if std::env::var("MOAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
            panic!("MOAT_TEST_PYTHON is required when MOAT_REQUIRE_SERVICES=1");
        }
        eprintln!("skipped: MOAT_TEST_PYTHON is not set");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus-gen/gen_corpus.py");
    let status = std::process::Command::new(py)
        .arg("-W")
        .arg("ignore")
        .arg(&script)
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let mut files = Vec::new();
    collect(out.path(), out.path(), &mut files);
    let mut committed = Vec::new();
    collect(&corpus_dir(), &corpus_dir(), &mut committed);
    assert_eq!(files, committed, "file lists differ");
    for rel in &files {
        let a = std::fs::read(out.path().join(rel)).unwrap();
        let b = std::fs::read(corpus_dir().join(rel)).unwrap();
        assert!(
            a == b,
            "{rel} differs from the committed corpus: rerun corpus-gen/gen_corpus.py"
        );
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
        }
    }
    out.sort();
}
