#![allow(clippy::unwrap_used, clippy::panic)]
//! The report formats checked by third-party validators (the OASIS SARIF 2.1.0 schema, the SPDX
//! project's SPDX 3.0.1 model, cyclonedx-python-lib), and hard-coded AI keys: found through the
//! guard engine's secret rules, and never written into any output.
//!
//! The validators run in the Python test environment (`MOAT_TEST_PYTHON`, built by
//! scripts/setup-python.sh from tests/python/requirements.txt); without it those checks are
//! skipped with a message, unless `MOAT_REQUIRE_SERVICES=1`.

use std::path::{Path, PathBuf};

use moat_scan::{ScanOptions, ScanReport, report, scan};
use serde_json::Value;
use validators::{python, validate};

mod validators;

fn e2e() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/test/e2e")
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
    p
}

/// A tree with every kind of asset and finding: the end-to-end app (Bicep, Terraform, an inline
/// suppression, MCP servers, prompts, endpoints), a model file, an unreadable IaC file and a
/// baseline-suppressed finding.
fn rich_report() -> (tempfile::TempDir, ScanReport) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tree");
    copy_dir(&e2e(), &root.join("app"));
    let mut st = 20u64.to_le_bytes().to_vec();
    st.extend_from_slice(b"{\"__metadata__\":{}}");
    std::fs::write(root.join("weights.safetensors"), &st).unwrap();
    std::fs::write(
        root.join("broken.bicep"),
        "resource a 'x' = {\n  name: 'open\n}\n",
    )
    .unwrap();
    let mut opts = ScanOptions::default();
    let first = scan(&root, &opts);
    let base = first
        .findings
        .iter()
        .find(|f| f.suppressed.is_none())
        .unwrap();
    opts.baseline.insert(base.fingerprint.clone());
    let r = scan(&root, &opts);
    assert!(
        r.findings
            .iter()
            .any(|f| f.suppressed.as_deref() == Some("baseline"))
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.suppressed.as_deref().is_some_and(|s| s != "baseline"))
    );
    assert!(!r.errors.is_empty());
    (dir, r)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), &t).unwrap();
        }
    }
}

#[test]
fn sarif_is_valid_against_the_oasis_schema() {
    let (dir, r) = rich_report();
    let sarif = report::sarif(&r);
    let run = &sarif["runs"][0];
    assert!(!run["results"].as_array().unwrap().is_empty());
    assert!(
        !run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let kinds: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|res| res["suppressions"][0]["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"inSource") && kinds.contains(&"external"),
        "{kinds:?}"
    );
    let Some(py) = python() else { return };
    let good = write(dir.path(), "scan.sarif", &sarif);
    let (ok, out) = validate(&py, "sarif", &[&good]);
    assert!(ok, "SARIF rejected by the OASIS schema:\n{out}");
    // The validator is not a rubber stamp: a log with a result lacking its message fails.
    let mut bad = sarif.clone();
    bad["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let bad = write(dir.path(), "bad.sarif", &bad);
    let (ok, out) = validate(&py, "sarif", &[&bad]);
    assert!(!ok && out.contains("message"), "{out}");
}

#[test]
fn spdx_is_valid_for_the_spdx_3_model() {
    let (dir, r) = rich_report();
    let doc = report::spdx(
        &r,
        "https://example.invalid/moat/spdx/test",
        "2026-01-02T03:04:05Z",
    );
    let graph = doc["@graph"].as_array().unwrap();
    let has = |ty: &str, name: &str| graph.iter().any(|e| e["type"] == ty && e["name"] == name);
    assert!(has("ai_AIPackage", "weights.safetensors") && has("ai_AIPackage", "gpt"));
    assert!(has("software_Package", "openai"));
    assert!(
        graph
            .iter()
            .any(|e| e["type"] == "Relationship" && e["relationshipType"] == "dependsOn")
    );
    let Some(py) = python() else { return };
    let good = write(dir.path(), "bom.spdx.json", &doc);
    let (ok, out) = validate(&py, "spdx3", &[&good]);
    assert!(ok, "SPDX 3 document rejected:\n{out}");
    let mut bad = doc.clone();
    let pkg = bad["@graph"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["type"] == "ai_AIPackage")
        .unwrap();
    pkg["software_primaryPurpose"] = "weights".into();
    let bad = write(dir.path(), "bad.spdx.json", &bad);
    let (ok, out) = validate(&py, "spdx3", &[&bad]);
    assert!(!ok && out.contains("software_primaryPurpose"), "{out}");
}

#[test]
fn cyclonedx_is_valid_for_the_strict_1_6_validator() {
    let (dir, r) = rich_report();
    let bom = report::cyclonedx(&r, &report::serial_number(&r), &report::now_rfc3339());
    let Some(py) = python() else { return };
    let good = write(dir.path(), "bom.cdx.json", &bom);
    let (ok, out) = validate(&py, "cyclonedx", &[&good]);
    assert!(ok, "CycloneDX BOM rejected:\n{out}");
}

/// A deterministic generator, so that no key-shaped literal sits in the repository.
struct Gen(u64);

impl Gen {
    fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| {
                self.0 = self
                    .0
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                alphabet[((self.0 >> 33) % alphabet.len() as u64) as usize] as char
            })
            .collect()
    }
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX: &[u8] = b"0123456789abcdef";

#[test]
fn hard_coded_ai_keys_are_found_by_the_guard_rules_and_never_printed() {
    let mut g = Gen(0x5eed_c0de);
    let openai = format!("sk-proj-{}", g.pick(ALNUM, 64));
    let anthropic = format!("sk-ant-api03-{}AA", g.pick(ALNUM, 93));
    let azure = g.pick(HEX, 32);
    let hf = format!("hf_{}", g.pick(LETTERS, 34));
    let openai2 = format!("sk-proj-{}", g.pick(ALNUM, 56));
    let hf2 = format!("hf_{}", g.pick(LETTERS, 34));
    let azure2 = g.pick(HEX, 32);
    let search = g.pick(ALNUM, 52);
    let keys = [
        &openai, &anthropic, &azure, &hf, &openai2, &hf2, &azure2, &search,
    ];

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("app.py"),
        format!(
            "import anthropic\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=\"{openai}\")\n\
             claude = anthropic.Anthropic(\n    api_key=\"{anthropic}\",\n)\n"
        ),
    )
    .unwrap();
    std::fs::write(
        p.join(".env"),
        format!(
            "# local settings\nAZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com\n\
             AZURE_OPENAI_API_KEY={azure}\nHF_TOKEN={hf}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        p.join("settings.json"),
        format!(
            "{{\n  \"llm\": {{\n    \"provider\": \"openai\",\n    \"openai_api_key\": \"{openai2}\"\n  }},\n  \"hub\": {{\"token\": \"{hf2}\"}}\n}}\n"
        ),
    )
    .unwrap();
    // In infrastructure as code, where the parser copies property values into the report.
    std::fs::write(
        p.join("main.tf"),
        format!(
            "resource \"azurerm_linux_web_app\" \"chat\" {{\n  name = \"chat\"\n  app_settings = {{\n    \"AZURE_OPENAI_API_KEY\" = \"{azure2}\"\n  }}\n}}\n\
             resource \"azurerm_cognitive_account\" \"qna\" {{\n  custom_question_answering_search_service_key = \"{search}\"\n  customer_managed_key {{\n    key_vault_key_id = \"https://kv.vault.azure.net/keys/k/1\"\n  }}\n}}\n"
        ),
    )
    .unwrap();
    // Placeholders and references to the environment are not keys.
    std::fs::write(
        p.join("clean.py"),
        "import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])\n\
         AZURE_OPENAI_API_KEY = \"your-key-here\"\n",
    )
    .unwrap();

    let r = scan(p, &ScanOptions::default());
    let mut found: Vec<(String, usize, String)> = r
        .findings
        .iter()
        .filter(|f| f.code == "MOAT-D001")
        .map(|f| (f.file.clone(), f.line, f.message.clone()))
        .collect();
    found.sort();
    let at = |file: &str, line: usize, entity: &str| {
        assert!(
            found
                .iter()
                .any(|(f, l, m)| f == file && *l == line && m.contains(entity)),
            "no {entity} at {file}:{line} in {found:#?}"
        );
    };
    at("app.py", 4, "OPENAI_API_KEY");
    at("app.py", 6, "ANTHROPIC_API_KEY");
    at(".env", 3, "AZURE_OPENAI_KEY");
    at(".env", 4, "HUGGINGFACE_TOKEN");
    at("settings.json", 4, "OPENAI_API_KEY");
    at("settings.json", 6, "HUGGINGFACE_TOKEN");
    at("main.tf", 4, "AZURE_OPENAI_KEY");
    let app = r.resources.iter().find(|x| x.name == "chat").unwrap();
    assert_eq!(
        app.body["app_settings"]["AZURE_OPENAI_API_KEY"], "[redacted]",
        "{:?}",
        app.body
    );
    // A credential property no recogniser knows is still hidden; a key's vault id is not.
    let qna = r.resources.iter().find(|x| x.name == "qna").unwrap();
    assert_eq!(
        qna.body["custom_question_answering_search_service_key"],
        "[redacted]"
    );
    assert!(
        qna.body
            .to_string()
            .contains("\"key_vault_key_id\":\"https://kv.vault.azure.net/keys/k/1\""),
        "{}",
        qna.body
    );
    assert!(
        !found.iter().any(|(f, ..)| f == "clean.py"),
        "placeholders flagged: {found:#?}"
    );
    // The Azure endpoint next to the key is still discovered.
    assert!(
        r.assets
            .iter()
            .any(|a| a.name == "contoso.openai.azure.com")
    );

    // No output form carries a key, nor any 12-character piece of one.
    let outputs = [
        ("table", report::table(&r)),
        ("json", report::json(&r).to_string()),
        ("sarif", report::sarif(&r).to_string()),
        (
            "cyclonedx",
            report::cyclonedx(&r, &report::serial_number(&r), &report::now_rfc3339()).to_string(),
        ),
        (
            "spdx",
            report::spdx(&r, "https://example.invalid/x", &report::now_rfc3339()).to_string(),
        ),
    ];
    for (name, text) in &outputs {
        for k in keys {
            for w in k.as_bytes().windows(12) {
                let piece = std::str::from_utf8(w).unwrap();
                assert!(
                    !text.contains(piece),
                    "the {name} output leaks a piece of a key"
                );
            }
        }
    }
}
