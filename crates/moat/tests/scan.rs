#![cfg(feature = "scan")]
#![allow(clippy::unwrap_used, clippy::panic)]
//! Black-box tests of `moat scan` and `moat rules`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn moat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_moat"))
        .args(args)
        .output()
        .unwrap()
}

fn e2e() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../moat-scan/resources/test/e2e")
}

fn scan_json(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let mut args = vec![
        "scan",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--no-progress",
    ];
    args.extend_from_slice(extra);
    let o = moat(&args);
    (
        serde_json::from_slice(&o.stdout).unwrap(),
        o.status.code().unwrap(),
    )
}

fn codes(report: &Value, file_prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["file"].as_str().unwrap().starts_with(file_prefix) && f.get("suppressed").is_none()
        })
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn end_to_end_app_bicep_and_terraform() {
    let (r, code) = scan_json(&e2e(), &[]);
    assert_eq!(code, 1, "findings must fail the run");
    let bicep = codes(&r, "bicep/");
    for c in [
        "MOAT-AZ001",
        "MOAT-AZ002",
        "MOAT-AZ101",
        "MOAT-AS001",
        "MOAT-P001",
        "MOAT-AZ105",
    ] {
        assert!(bicep.contains(&c.to_owned()), "bicep misses {c}: {bicep:?}");
    }
    // Suppressed inline with a reason.
    assert!(!bicep.contains(&"MOAT-AS002".to_owned()));
    let sup = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "MOAT-AS002")
        .unwrap();
    assert!(sup["suppressed"].as_str().unwrap().contains("ticket 42"));
    let tf = codes(&r, "terraform/");
    for c in ["MOAT-AZ001", "MOAT-AZ002", "MOAT-AZ101", "MOAT-P001"] {
        assert!(tf.contains(&c.to_owned()), "terraform misses {c}: {tf:?}");
    }
    // The Terraform search service is locked down; its Bicep twin is not.
    assert!(!tf.contains(&"MOAT-AS001".to_owned()));
    let app = codes(&r, "app/");
    assert_eq!(app, vec!["MOAT-D002", "MOAT-D003"]);
    let assets = r["assets"].as_array().unwrap();
    let has = |kind: &str, name: &str| {
        assets
            .iter()
            .any(|a| a["kind"] == kind && a["name"] == name)
    };
    assert!(
        has("library", "openai")
            && has("library", "@azure/openai")
            && has("library", "langchain-openai")
    );
    assert!(!has("library", "flask") && !has("library", "react"));
    assert!(has("mcp-server", "github") && has("prompt", "chat.prompty"));
    assert!(has("notebook", "eval.ipynb"));
    // The Terraform variant is a module split over files: `var.public_access` (variables.tf)
    // and `var.prefix` (terraform.tfvars) resolve across them.
    let tf_oai = r["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["type"] == "azurerm_cognitive_account" && x["file"] == "terraform/main.tf")
        .unwrap();
    assert_eq!(tf_oai["body"]["name"], "contoso-chat-oai");
    assert_eq!(tf_oai["body"]["public_network_access_enabled"], true);
    // The resource graph: the web app's identity holds a role on the account, in both variants.
    let links = r["links"].as_array().unwrap();
    for (app, oai) in [
        (
            "Microsoft.Web/sites app",
            "Microsoft.CognitiveServices/accounts oai",
        ),
        ("azurerm_linux_web_app app", "azurerm_cognitive_account oai"),
    ] {
        assert!(
            links.iter().any(|l| l["source"] == app
                && l["target"] == oai
                && l["kind"] == "role-assignment"),
            "{links:#?}"
        );
    }
    assert!(
        links
            .iter()
            .any(|l| l["source"] == "azurerm_cognitive_deployment gpt"
                && l["target"] == "azurerm_cognitive_account oai"
                && l["kind"] == "child")
    );
    assert!(has("endpoint", "contoso-chat-oai.openai.azure.com"));
    assert!(has("cloud-resource", "gpt"));
    // Findings carry real line numbers.
    let az001 = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "MOAT-AZ001" && f["file"] == "bicep/main.bicep")
        .unwrap();
    assert_eq!(az001["line"], 5);
}

#[test]
fn fail_on_skip_and_baseline() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.bicep"),
        "resource d 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {\n  name: 'x'\n  properties: { raiPolicyName: 'strict', model: { version: '1' }, versionUpgradeOption: 'NoAutoUpgrade' }\n  sku: { name: 'GlobalStandard' }\n}\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    assert_eq!(moat(&["scan", d, "--no-progress"]).status.code(), Some(1));
    assert_eq!(
        moat(&["scan", d, "--no-progress", "--fail-on", "medium"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        moat(&["scan", d, "--no-progress", "--skip", "MOAT-AZ105"])
            .status
            .code(),
        Some(0)
    );
    let bad = moat(&["scan", d, "--skip", "MOAT-NOPE"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown rule `MOAT-NOPE`"));
    let base = dir.path().join("baseline.json");
    assert_eq!(
        moat(&[
            "scan",
            d,
            "--no-progress",
            "--write-baseline",
            base.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    let (r, code) = scan_json(dir.path(), &["--baseline", base.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(r["findings"][0]["suppressed"], "baseline");
    let cfg = dir.path().join("cfg.yaml");
    std::fs::write(&cfg, "skip: [MOAT-AZ105]\n").unwrap();
    assert_eq!(
        moat(&[
            "scan",
            d,
            "--no-progress",
            "--config",
            cfg.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
}

#[test]
fn bad_input_is_reported_per_file_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("broken.tf"),
        "resource \"azurerm_cognitive_account\" \"x\" {\n  name = \n",
    )
    .unwrap();
    std::fs::write(p.join("broken.bicep"), "resource a 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n  name: 'unterminated\n}\n").unwrap();
    std::fs::write(p.join("azuredeploy.json"), "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": [").unwrap();
    std::fs::write(
        p.join("k8s.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n",
    )
    .unwrap();
    std::fs::write(p.join("package.json"), "{not json").unwrap();
    std::fs::write(p.join("main.tf.bin.tf"), b"\0\x01\x02binary").unwrap();
    std::fs::write(p.join("huge.bicep"), "// x\n".repeat(5000)).unwrap();
    std::fs::write(
        p.join("good.tf"),
        "resource \"azurerm_cognitive_account\" \"ok\" {\n  local_auth_enabled = true\n}\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(p, p.join("loop")).unwrap();
    // Unreadable: a link to nothing, and a file without read permission (which root can still
    // read, so that case is only asserted when it really cannot be opened).
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent/moat-scan-test", p.join("gone.tf")).unwrap();
    let locked = p.join("locked.bicep");
    std::fs::write(
        &locked,
        "resource a 'Microsoft.Search/searchServices@2024-06-01-preview' = {}\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let locked_readable = std::fs::File::open(&locked).is_ok();
    let (r, code) = scan_json(p, &["--max-file-size", "10000"]);
    assert_eq!(code, 2, "unparsed files show in the exit code");
    let errs = r["errors"].as_array().unwrap();
    let reason = |f: &str| {
        errs.iter()
            .find(|e| e["file"] == f)
            .map(|e| e["reason"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no error for {f}: {errs:?}"))
    };
    assert!(reason("broken.tf").starts_with("invalid HCL"));
    assert!(reason("broken.bicep").contains("unterminated string"));
    assert!(reason("azuredeploy.json").starts_with("invalid JSON"));
    assert!(reason("k8s.yaml").starts_with("invalid YAML"));
    assert!(reason("package.json").starts_with("invalid JSON"));
    assert!(reason("main.tf.bin.tf").contains("binary"));
    assert!(reason("huge.bicep").contains("limit"));
    #[cfg(unix)]
    assert!(
        errs.iter()
            .any(|e| e["reason"].as_str().unwrap().contains("loop")),
        "{errs:?}"
    );
    #[cfg(unix)]
    assert!(reason("gone.tf").contains("No such file"), "{errs:?}");
    if !locked_readable {
        assert!(reason("locked.bicep").contains("ermission"), "{errs:?}");
    }
    let bicep_line = errs.iter().find(|e| e["file"] == "broken.bicep").unwrap();
    assert_eq!(bicep_line["line"], 2);
    // The good file was still checked.
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "good.tf" && f["code"] == "MOAT-AZ001")
    );
}

#[test]
fn sarif_is_well_formed_for_code_scanning() {
    let o = moat(&[
        "scan",
        e2e().to_str().unwrap(),
        "--format",
        "sarif",
        "--no-progress",
    ]);
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let run = &s["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for res in run["results"].as_array().unwrap() {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(
            !loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with('/')
        );
    }
    for r in rules {
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## What it does")
        );
        r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap();
    }
}

fn python() -> Option<String> {
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

#[test]
fn cyclonedx_passes_the_official_strict_validator() {
    let dir = tempfile::tempdir().unwrap();
    // A model file recognised by content, next to the app.
    let mut st = 20u64.to_le_bytes().to_vec();
    st.extend_from_slice(b"{\"__metadata__\":{}}");
    std::fs::write(dir.path().join("weights.safetensors"), &st).unwrap();
    // A Hugging Face layout: the model card comes from config.json and README.md.
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "---\nlicense: apache-2.0\npipeline_tag: text-generation\ndatasets:\n- tatsu-lab/alpaca\n---\n# tiny\n",
    )
    .unwrap();
    let out = dir.path().join("bom.json");
    let o = moat(&[
        "scan",
        e2e().to_str().unwrap(),
        "--format",
        "cyclonedx",
        "--no-progress",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let bom: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bom["specVersion"], "1.6");
    let comps = bom["components"].as_array().unwrap();
    assert!(comps.iter().any(|c| c["type"] == "machine-learning-model"
        && c["name"] == "gpt"
        && c["version"] == "2024-08-06"));
    assert!(comps.iter().any(|c| c["purl"] == "pkg:pypi/openai@1.51.0"));
    assert!(
        bom["services"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "contoso-chat-oai.openai.azure.com")
    );
    let model_bom = dir.path().join("model-bom.json");
    let o = moat(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "cyclonedx",
        "--no-progress",
        "--output",
        model_bom.to_str().unwrap(),
    ]);
    assert!(
        o.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mb: Value = serde_json::from_str(&std::fs::read_to_string(&model_bom).unwrap()).unwrap();
    let m = mb["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "machine-learning-model")
        .unwrap();
    assert_eq!(m["hashes"][0]["content"].as_str().unwrap().len(), 64);
    let mp = &m["modelCard"]["modelParameters"];
    assert_eq!(mp["modelArchitecture"], "LlamaForCausalLM");
    assert_eq!(mp["architectureFamily"], "llama");
    assert_eq!(mp["task"], "text-generation");
    assert_eq!(mp["datasets"][0]["name"], "tatsu-lab/alpaca");
    assert_eq!(m["licenses"][0]["license"]["name"], "apache-2.0");
    let Some(py) = python() else { return };
    for f in [&out, &model_bom] {
        let script = "import sys\nfrom cyclonedx.schema import SchemaVersion\nfrom cyclonedx.validation.json import JsonStrictValidator\nerr = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1]).read())\nif err is not None:\n    print(err)\n    sys.exit(1)\n";
        let o = Command::new(&py)
            .args(["-c", script, f.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "CycloneDX validator rejected the BOM: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn rules_list_and_explain() {
    let o = moat(&["rules", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let posture = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !["discovery", "attack-path"].contains(&r["family"].as_str().unwrap()))
        .count();
    assert!(posture >= 50, "{posture}");
    let e = moat(&["rules", "explain", "CognitiveLocalAuthEnabled"]);
    let text = String::from_utf8_lossy(&e.stdout);
    assert!(text.starts_with("# MOAT-AZ001 CognitiveLocalAuthEnabled"));
    assert!(text.contains("## Why is this bad?") && text.contains("local_auth_enabled = false"));
    assert_eq!(
        moat(&["rules", "explain", "MOAT-XX999"]).status.code(),
        Some(2)
    );
}

/// Runs `moat` under `script(1)`, so that its stderr is a terminal, and returns what the
/// terminal showed.
fn moat_on_a_terminal(args: &[&str]) -> String {
    let cmd = std::iter::once(env!("CARGO_BIN_EXE_moat"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let o = Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .env("TERM", "xterm")
        .output()
        .expect("script(1) from util-linux runs the command on a pseudo-terminal");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn progress_bar_on_terminals_for_large_trees_only() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big");
    std::fs::create_dir(&big).unwrap();
    for i in 0..600 {
        std::fs::write(big.join(format!("f{i}.txt")), "plain text\n").unwrap();
    }
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    std::fs::write(small.join("a.txt"), "plain text\n").unwrap();
    let out = dir.path().join("r.json");
    let out = out.to_str().unwrap();

    let scan_args = |tree: &str, extra: Option<&str>| -> Vec<String> {
        let mut a = vec!["scan", tree, "--format", "json", "--output", out];
        a.extend(extra);
        a.into_iter().map(str::to_owned).collect()
    };
    let on_terminal =
        |a: Vec<String>| moat_on_a_terminal(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let (big, small) = (big.to_str().unwrap(), small.to_str().unwrap());

    let shown = on_terminal(scan_args(big, None));
    assert!(
        shown.contains("/600 files"),
        "no progress bar on a terminal: {shown:?}"
    );
    // The report is complete whatever the bar drew.
    let r: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(r["files_scanned"], 600, "{r}");

    let shown = on_terminal(scan_args(big, Some("--no-progress")));
    assert!(
        !shown.contains("/600 files"),
        "--no-progress drew a bar: {shown:?}"
    );
    let shown = on_terminal(scan_args(small, None));
    assert!(
        !shown.contains("/1 files"),
        "a bar for a one-file tree: {shown:?}"
    );
    // Not a terminal: never a bar, even for a large tree.
    let a = scan_args(big, None);
    let o = moat(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("/600 files"),
        "a bar on a pipe"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Resources refer to each other inside one Bicep/ARM file or one Terraform directory: two
/// copies of the same app find exactly twice what one copy finds, and no link or attack path
/// joins resources of different copies.
#[test]
fn copies_of_an_app_are_not_linked_to_each_other() {
    let (one, _) = scan_json(&e2e(), &[]);
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&e2e(), &dir.path().join("a"));
    copy_tree(&e2e(), &dir.path().join("b"));
    let (two, _) = scan_json(dir.path(), &[]);
    let n = |r: &Value, k: &str| r[k].as_array().unwrap().len();
    assert!(n(&one, "links") > 0, "the app has links: {one}");
    assert_eq!(n(&two, "links"), 2 * n(&one, "links"));
    assert_eq!(n(&two, "findings"), 2 * n(&one, "findings"));
    let paths = |r: &Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"].as_str().unwrap().starts_with("MOAT-P0"))
            .count()
    };
    assert!(paths(&one) > 0, "the app has attack paths");
    assert_eq!(paths(&two), 2 * paths(&one));
}
