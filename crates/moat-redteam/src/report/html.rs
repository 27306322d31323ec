use std::collections::BTreeMap;

use super::junit::xml_escape as esc;
use super::{Report, Summary, pct};
use crate::taxonomy::{Owasp, atlas_name};

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}\
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.3rem}\
.meta{color:#5a6478}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}\
.card{border:1px solid #dde;border-radius:8px;padding:.8rem 1.2rem;min-width:140px}\
.card b{display:block;font-size:1.6rem}.bad b{color:#b3261e}\
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #eef;padding:.3rem .5rem;text-align:left}\
th{background:#f5f6fa}svg text{font-size:12px;fill:#1d2430}\
details{border:1px solid #dde;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}summary{cursor:pointer;font-weight:600}\
pre{white-space:pre-wrap;word-break:break-word;background:#f7f7fb;padding:.6rem;border-radius:4px;max-height:24rem;overflow:auto}\
.role{font-weight:600;color:#5a6478;margin-top:.5rem}.tag{display:inline-block;background:#eef;border-radius:4px;padding:0 .4rem;margin-right:.3rem;font-size:.8rem}";

fn chart(title: &str, rows: &BTreeMap<String, Summary>, label: &dyn Fn(&str) -> String) -> String {
    let bar_w = 420.0;
    let row_h = 22;
    let label_w = 330;
    let h = rows.len() * row_h + 10;
    let mut svg = format!(
        "<h3>{}</h3><svg role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{h}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(title),
        esc(title),
        label_w + bar_w as usize + 120
    );
    for (i, (k, s)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (s.asr * bar_w).round();
        let color = if s.asr >= 0.5 {
            "#b3261e"
        } else if s.asr > 0.0 {
            "#e08a00"
        } else {
            "#2e7d32"
        };
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"16\" fill=\"#eef\"/>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"{color}\"/>\
             <text x=\"{}\" y=\"{}\">{} ({}/{}{})</text>",
            y + 13,
            esc(&label(k)),
            label_w + bar_w as usize + 6,
            y + 13,
            pct(s.asr),
            s.successes,
            s.judged(),
            if s.errors > 0 {
                format!(", {} unjudged", s.errors)
            } else {
                String::new()
            }
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A self-contained HTML report: no scripts, no external resources; every piece of model output
/// is escaped (answers are attacker-influenced and often contain HTML on purpose).
pub fn to_html(r: &Report) -> String {
    let s = &r.summary;
    let mut h = String::from("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">");
    h.push_str(&format!(
        "<title>moat redteam: {}</title><style>{STYLE}</style></head><body>",
        esc(&r.run.model)
    ));
    h.push_str(&format!(
        "<h1>Red-team report</h1><p class=\"meta\">Target <code>{}</code> ({}) &middot; model <code>{}</code> &middot; seed {} &middot; {} &middot; MITRE ATLAS {} &middot; {} &middot; moat {}</p>",
        esc(&r.run.target),
        esc(&r.run.target_kind),
        esc(&r.run.model),
        r.run.seed,
        esc(&r.run.generated_at),
        esc(&r.run.atlas_version),
        esc(&r.run.owasp_version),
        esc(&r.run.moat_version)
    ));
    h.push_str(&format!(
        "<div class=\"cards\"><div class=\"card {}\"><b>{}</b>attack success rate</div><div class=\"card\"><b>{}</b>attacks</div>\
         <div class=\"card\"><b>{}</b>succeeded</div><div class=\"card\"><b>{}</b>could not be judged</div></div>",
        if s.asr > 0.0 { "bad" } else { "" },
        pct(s.asr),
        s.attacks,
        s.successes,
        s.errors
    ));
    h.push_str("<h2>Attack success rate</h2>");
    h.push_str(&chart(
        "By OWASP Top 10 for LLM Applications 2025",
        &r.breakdown.by_owasp,
        &|k| {
            Owasp::parse(k)
                .map(|o| format!("{k} {}", o.title()))
                .unwrap_or_else(|| k.to_string())
        },
    ));
    h.push_str(&chart(
        "By MITRE ATLAS technique",
        &r.breakdown.by_atlas,
        &|k| format!("{k} {}", atlas_name(k).unwrap_or("")),
    ));
    h.push_str(&chart("By converter", &r.breakdown.by_converter, &|k| {
        k.to_string()
    }));
    h.push_str(&chart("By probe family", &r.breakdown.by_family, &|k| {
        k.to_string()
    }));
    if let Some(c) = &r.calibration {
        h.push_str(&format!(
            "<h2>LLM judge calibration</h2><p>{} of {} labelled items judged; agreement with the labels <b>{}</b>, Cohen's kappa <b>{:.2}</b>. \
             The deterministic compliance rule agrees on {}.</p>",
            c.judged,
            c.items,
            pct(c.llm_agreement),
            c.llm_kappa,
            pct(c.deterministic_agreement)
        ));
    }
    if !r.unjudged.is_empty() {
        h.push_str(&format!(
            "<h2>Could not be judged ({})</h2><table><tr><th>attack</th><th>kind</th><th>error</th></tr>",
            r.unjudged.len()
        ));
        for u in &r.unjudged {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&u.id),
                esc(&u.kind),
                esc(&u.error)
            ));
        }
        h.push_str("</table>");
    }
    let failing: Vec<_> = r.results.iter().filter(|x| x.success).collect();
    h.push_str(&format!("<h2>Successful attacks ({})</h2>", failing.len()));
    for x in failing {
        h.push_str(&format!(
            "<details><summary>{}</summary><p><span class=\"tag\">{}</span><span class=\"tag\">{}</span><span class=\"tag\">converter: {}</span><span class=\"tag\">judge: {}</span></p>",
            esc(&x.id),
            esc(&x.owasp),
            esc(&x.atlas),
            esc(&x.converter),
            esc(&x.judge)
        ));
        if let Some(e) = &x.evidence {
            h.push_str(&format!("<p>Evidence: <code>{}</code></p>", esc(e)));
        }
        for m in &x.transcript {
            h.push_str(&format!(
                "<div class=\"role\">{}</div><pre>{}</pre>",
                esc(&format!("{:?}", m.role).to_lowercase()),
                esc(&m.content)
            ));
        }
        if x.transcript.is_empty() {
            h.push_str(&format!(
                "<div class=\"role\">user</div><pre>{}</pre><div class=\"role\">assistant</div><pre>{}</pre>",
                esc(&x.prompt),
                esc(&x.response)
            ));
        }
        h.push_str("</details>");
    }
    h.push_str("<h2>All attacks</h2><table><tr><th>attack</th><th>OWASP</th><th>ATLAS</th><th>converter</th><th>result</th><th>judge</th></tr>");
    for x in &r.results {
        let result = if x.error.is_some() {
            "unjudged"
        } else if x.success {
            "SUCCEEDED"
        } else {
            "held"
        };
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{result}</td><td>{}</td></tr>",
            esc(&x.id),
            esc(&x.owasp),
            esc(&x.atlas),
            esc(&x.converter),
            esc(&x.judge)
        ));
    }
    h.push_str("</table></body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_model_output() {
        let h = to_html(&super::super::tests::sample());
        assert!(h.contains("33.3%"));
        assert!(!h.contains("<img src=x"), "model output must be escaped");
        assert!(!h.contains("<script>alert"), "prompts must be escaped");
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(h.contains("<svg"));
        assert!(
            !h.contains("http://")
                || h.contains("http://127.0.0.1:1/v1")
                || h.contains("www.w3.org")
        );
    }
}
