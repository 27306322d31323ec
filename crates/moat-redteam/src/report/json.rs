use super::Report;

/// The JSON report: `{"summary": {...}, "results": [...], ...}`.
pub fn to_json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        let v: serde_json::Value =
            serde_json::from_str(&to_json(&super::super::tests::sample())).unwrap();
        for k in ["attacks", "successes", "errors", "asr"] {
            assert!(v["summary"][k].is_number(), "summary.{k}");
        }
        for k in [
            "probe",
            "owasp",
            "atlas",
            "converter",
            "success",
            "judge",
            "prompt",
            "response",
        ] {
            assert!(!v["results"][0][k].is_null(), "results[].{k}");
        }
        assert_eq!(v["run"]["atlas_version"], crate::taxonomy::ATLAS_VERSION);
    }
}
