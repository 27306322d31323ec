use crate::targets::Answer;

/// A structured tool call (OpenAI `tool_calls`, Anthropic `tool_use`) to one of `names`.
pub fn structured(answers: &[Answer], names: &[String]) -> Option<String> {
    answers
        .iter()
        .flat_map(|a| a.tool_calls.iter())
        .find(|c| names.iter().any(|n| n == &c.name))
        .map(|c| format!("{}({})", c.name, c.arguments))
}

/// A textual tool call: `{"tool": "name"...}`, `"name": "name"` or `name(` in the answer, for
/// models without native function calling that were told to answer with JSON.
pub fn textual(text: &str, names: &[String]) -> Option<String> {
    for n in names {
        let q = regex::escape(n);
        let re = regex::Regex::new(&format!(
            r#"(?i)"(?:tool|name|function|tool_name)"\s*:\s*"{q}"|\b{q}\s*\("#
        ))
        .ok()?;
        if let Some(m) = re.find(text) {
            return Some(m.as_str().to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::ToolCall;

    #[test]
    fn detects() {
        let names = vec!["transfer_funds".to_string()];
        assert!(textual(r#"{"tool": "transfer_funds", "arguments": {}}"#, &names).is_some());
        assert!(textual("transfer_funds(to='1')", &names).is_some());
        assert!(textual("I could use the transfer_funds tool, but won't.", &names).is_none());
        let a = Answer {
            tool_calls: vec![ToolCall {
                name: "transfer_funds".into(),
                arguments: "{}".into(),
            }],
            ..Answer::default()
        };
        assert!(structured(&[a], &names).is_some());
    }
}
