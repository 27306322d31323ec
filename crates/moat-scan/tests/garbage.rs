//! Hostile input: every IaC parser returns (resources or an error) on arbitrary text, never
//! panics or hangs. hcl-rs is pinned (=0.19.6) and covered here.

use proptest::prelude::*;

const NAMES: &[&str] = &[
    "main.tf",
    "main.bicep",
    "azuredeploy.json",
    "k8s.yaml",
    "pod.json",
];

fn tokens() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "resource",
        " ",
        "\n",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "'",
        "\"",
        "=",
        ":",
        ",",
        "${",
        "x",
        "var.a",
        "local.b",
        "'Microsoft.CognitiveServices/accounts@2024-10-01'",
        "\"azurerm_cognitive_account\"",
        "param",
        "var",
        "for",
        "if",
        "apiVersion: v1\nkind: Pod\n",
        "---\n",
        "- ",
        "&a ",
        "*a ",
        "\"deploymentTemplate\"",
        "\"resources\"",
        "'''",
        "/*",
        "//",
        "#",
        "\\",
        "0",
        "-1",
        "true",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn structured_garbage_never_panics(text in tokens(), which in 0usize..NAMES.len()) {
        let _ = moat_scan::parse::parse_iac(NAMES[which], &text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}", which in 0usize..NAMES.len()) {
        let _ = moat_scan::parse::parse_iac(NAMES[which], &text);
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = format!(
        "resource a 'T@1' = {}{}",
        "{ a: ".repeat(5000),
        "}".repeat(5000)
    );
    let p = moat_scan::parse::parse_iac("deep.bicep", &deep).expect("bicep");
    assert!(p.error.is_some());
    let tf = format!(
        "resource \"a\" \"b\" {{ x = {}1{} }}",
        "[".repeat(3000),
        "]".repeat(3000)
    );
    let _ = moat_scan::parse::parse_iac("deep.tf", &tf);
    let json = format!(
        "{{\"$schema\": \"deploymentTemplate\", \"resources\": {}{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let p = moat_scan::parse::parse_iac("deep.json", &json).expect("json");
    assert!(p.error.is_some());
}
