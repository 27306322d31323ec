use super::{Report, Summary, pct};

/// Unjudged attacks listed one per line on the terminal; the rest are counted.
const MAX_LISTED: usize = 50;

/// A plain-text summary for the terminal.
pub fn to_text(r: &Report) -> String {
    let mut out = String::new();
    let s = &r.summary;
    out.push_str(&format!(
        "moat redteam: {} attacks on {} ({}), {} succeeded, {} could not be judged, ASR {}\n",
        s.attacks,
        r.run.model,
        r.run.target,
        s.successes,
        s.errors,
        pct(s.asr)
    ));
    let section =
        |out: &mut String, title: &str, rows: &std::collections::BTreeMap<String, Summary>| {
            out.push_str(&format!(
                "\n{title:<30} {:>7} {:>9} {:>7} {:>7}\n",
                "attacks", "successes", "errors", "ASR"
            ));
            for (k, v) in rows {
                out.push_str(&format!(
                    "{k:<30} {:>7} {:>9} {:>7} {:>7}\n",
                    v.attacks,
                    v.successes,
                    v.errors,
                    pct(v.asr)
                ));
            }
        };
    section(&mut out, "OWASP", &r.breakdown.by_owasp);
    section(&mut out, "ATLAS", &r.breakdown.by_atlas);
    section(&mut out, "converter", &r.breakdown.by_converter);
    if let Some(c) = &r.calibration {
        out.push_str(&format!(
            "\nLLM judge calibration: {} of {} labelled items judged, agreement {}, kappa {:.2} (deterministic baseline {})\n",
            c.judged,
            c.items,
            pct(c.llm_agreement),
            c.llm_kappa,
            pct(c.deterministic_agreement)
        ));
    }
    if !r.unjudged.is_empty() {
        let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
        for u in &r.unjudged {
            *kinds.entry(u.kind.as_str()).or_default() += 1;
        }
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        out.push_str(&format!("\ncould not be judged: {}\n", list.join(", ")));
        // Every one, so an operator sees which attacks a rerun would retry, and why.
        for u in r.unjudged.iter().take(MAX_LISTED) {
            let why: String = u.error.chars().take(120).collect();
            out.push_str(&format!(
                "  {} [{}] {}\n",
                u.id,
                u.kind,
                why.replace('\n', " ")
            ));
        }
        if r.unjudged.len() > MAX_LISTED {
            out.push_str(&format!(
                "  ... and {} more (all of them are in the JSON, SARIF, JUnit and HTML reports)\n",
                r.unjudged.len() - MAX_LISTED
            ));
        }
    }
    out
}
