use std::collections::BTreeMap;

use super::Report;
use crate::runner::AttackResult;

/// XML-escape text, dropping characters XML 1.0 cannot carry.
pub(super) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: a test suite per probe family, a test case per attack; a successful attack is a
/// `<failure>` (the target failed the test) and an unjudged one an `<error>`.
pub fn to_junit(r: &Report) -> String {
    let mut suites: BTreeMap<&str, Vec<&AttackResult>> = BTreeMap::new();
    for x in &r.results {
        suites.entry(x.family.as_str()).or_default().push(x);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"moat redteam\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
        r.summary.attacks, r.summary.successes, r.summary.errors
    ));
    for (family, xs) in suites {
        let failures = xs.iter().filter(|x| x.success).count();
        let errors = xs.iter().filter(|x| x.error.is_some()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">\n",
            xml_escape(family),
            xs.len()
        ));
        for x in xs {
            out.push_str(&format!(
                "    <testcase classname=\"redteam.{}\" name=\"{}\">\n",
                xml_escape(&x.family),
                xml_escape(&x.id)
            ));
            out.push_str(&format!(
                "      <properties><property name=\"owasp\" value=\"{}\"/><property name=\"atlas\" value=\"{}\"/><property name=\"converter\" value=\"{}\"/><property name=\"judge\" value=\"{}\"/></properties>\n",
                xml_escape(&x.owasp),
                xml_escape(&x.atlas),
                xml_escape(&x.converter),
                xml_escape(&x.judge)
            ));
            if let Some(e) = &x.error {
                out.push_str(&format!(
                    "      <error type=\"{}\" message=\"{}\"/>\n",
                    xml_escape(x.error_kind.as_deref().unwrap_or("error")),
                    xml_escape(e)
                ));
            } else if x.success {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"attack succeeded ({} {})\">{}</failure>\n",
                    xml_escape(&x.judge),
                    xml_escape(&x.owasp),
                    xml_escape(&x.atlas),
                    xml_escape(&format!("PROMPT:\n{}\n\nRESPONSE:\n{}", x.prompt, x.response))
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_escaping() {
        let x = to_junit(&super::super::tests::sample());
        assert!(x.contains("tests=\"4\" failures=\"1\" errors=\"1\""), "{x}");
        assert!(x.contains("&lt;script&gt;"));
        assert!(!x.contains("<script>"));
        assert_eq!(xml_escape("a\u{1}b"), "ab");
    }
}
