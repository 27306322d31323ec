//! The generic HTTP target: a JSON request template with placeholders and a path to the answer.
//!
//! Placeholders, inside any JSON string of the template: `{{prompt}}` (the last user message),
//! `{{system}}` (the system prompt), `{{model}}`; and a string that is exactly `"{{messages}}"`
//! becomes the whole `[{"role", "content"}]` array.

use serde_json::Value;

use super::{
    Answer, Conversation, Prepared, Role, TargetConfig, TargetError, parse_json, system_text,
};

/// Most segments an answer path may have.
const MAX_PATH: usize = 32;

/// A parsed request template.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestTemplate(Value);

impl RequestTemplate {
    /// Parse a template; it must be JSON and use `{{prompt}}` or `{{messages}}` somewhere.
    pub fn parse(text: &str) -> Result<RequestTemplate, String> {
        if text.len() > 256 * 1024 {
            return Err("request template is larger than 256 KiB".into());
        }
        let v: Value = serde_json::from_str(text).map_err(|e| {
            format!(
                "request template is not JSON: line {}, column {}: {e}",
                e.line(),
                e.column()
            )
        })?;
        if !text.contains("{{prompt}}") && !text.contains("{{messages}}") {
            return Err("request template uses neither {{prompt}} nor {{messages}}".into());
        }
        Ok(RequestTemplate(v))
    }

    fn fill(&self, prompt: &str, system: &str, model: &str, messages: &Value) -> Value {
        fn walk(v: &Value, f: &dyn Fn(&str) -> Value) -> Value {
            match v {
                Value::String(s) => f(s),
                Value::Array(a) => Value::Array(a.iter().map(|x| walk(x, f)).collect()),
                Value::Object(o) => {
                    Value::Object(o.iter().map(|(k, x)| (k.clone(), walk(x, f))).collect())
                }
                other => other.clone(),
            }
        }
        walk(&self.0, &|s: &str| {
            if s == "{{messages}}" {
                messages.clone()
            } else {
                Value::String(
                    s.replace("{{prompt}}", prompt)
                        .replace("{{system}}", system)
                        .replace("{{model}}", model),
                )
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A path to the answer text: `$.choices[0].message.content`, `data.reply`, `outputs.0.text`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerPath {
    text: String,
    segs: Vec<Seg>,
}

impl AnswerPath {
    /// Parse a path.
    pub fn parse(path: &str) -> Result<AnswerPath, String> {
        let err = |m: &str| format!("--answer-path `{path}`: {m}");
        let mut rest = path.trim();
        rest = rest.strip_prefix('$').unwrap_or(rest);
        let mut segs = Vec::new();
        let chars: Vec<char> = rest.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '.' => i += 1,
                '[' => {
                    let end = chars[i..]
                        .iter()
                        .position(|c| *c == ']')
                        .ok_or_else(|| err("unclosed `[`"))?;
                    let inner: String = chars[i + 1..i + end].iter().collect();
                    let inner = inner.trim();
                    if let Ok(n) = inner.parse::<usize>() {
                        segs.push(Seg::Index(n));
                    } else {
                        let key = inner.trim_matches(|c| c == '"' || c == '\'');
                        if key.is_empty() {
                            return Err(err("empty `[]`"));
                        }
                        segs.push(Seg::Key(key.to_string()));
                    }
                    i += end + 1;
                }
                _ => {
                    let start = i;
                    while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                        i += 1;
                    }
                    let word: String = chars[start..i].iter().collect();
                    match word.parse::<usize>() {
                        Ok(n) => segs.push(Seg::Index(n)),
                        Err(_) => segs.push(Seg::Key(word)),
                    }
                }
            }
            if segs.len() > MAX_PATH {
                return Err(err("too many segments"));
            }
        }
        if segs.is_empty() {
            return Err(err("empty path"));
        }
        Ok(AnswerPath {
            text: path.to_string(),
            segs,
        })
    }

    fn get<'a>(&self, v: &'a Value) -> Result<&'a Value, String> {
        let mut cur = v;
        for (n, s) in self.segs.iter().enumerate() {
            let next = match s {
                Seg::Key(k) => cur.get(k.as_str()),
                Seg::Index(i) => match cur {
                    Value::Array(a) => a.get(*i),
                    Value::Object(o) => o.get(&i.to_string()),
                    _ => None,
                },
            };
            cur = next.ok_or_else(|| {
                format!(
                    "answer path `{}` stops at segment {} (`{}`)",
                    self.text,
                    n + 1,
                    match s {
                        Seg::Key(k) => k.clone(),
                        Seg::Index(i) => i.to_string(),
                    }
                )
            })?;
        }
        Ok(cur)
    }
}

pub(super) fn prepare(cfg: &TargetConfig, conv: &Conversation) -> Result<Prepared, TargetError> {
    let template = cfg
        .template
        .as_ref()
        .ok_or_else(|| TargetError::Malformed("no request template".into()))?;
    let prompt = conv
        .messages
        .iter()
        .rev()
        .find(|m| m.role == Role::User)
        .map(|m| m.content.as_str())
        .unwrap_or("");
    let messages = serde_json::to_value(&conv.messages).unwrap_or(Value::Null);
    let body = template.fill(prompt, &system_text(conv), &cfg.model, &messages);
    let mut headers = Vec::new();
    if let Some(key) = &cfg.api_key {
        headers.push(("authorization".to_string(), format!("Bearer {key}")));
    }
    Ok(Prepared {
        url: cfg.url.clone(),
        headers,
        body,
    })
}

pub(super) fn parse(cfg: &TargetConfig, body: &[u8]) -> Result<Answer, TargetError> {
    let path = cfg
        .answer_path
        .as_ref()
        .ok_or_else(|| TargetError::Malformed("no answer path".into()))?;
    let v = parse_json(body)?;
    let found = path.get(&v).map_err(TargetError::Malformed)?;
    let text = match found {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    Ok(Answer {
        text,
        ..Answer::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths() {
        let v = json!({"choices": [{"message": {"content": "hi"}}], "out": {"0": "x"}});
        for p in [
            "$.choices[0].message.content",
            "choices.0.message.content",
            "$['choices'][0]['message']['content']",
        ] {
            assert_eq!(AnswerPath::parse(p).unwrap().get(&v).unwrap(), "hi", "{p}");
        }
        assert_eq!(AnswerPath::parse("out.0").unwrap().get(&v).unwrap(), "x");
        let e = AnswerPath::parse("choices[1].message")
            .unwrap()
            .get(&v)
            .unwrap_err();
        assert!(e.contains("segment 2"), "{e}");
        assert!(AnswerPath::parse("a[0").is_err());
        assert!(AnswerPath::parse("$").is_err());
    }

    #[test]
    fn template_fills() {
        let t = RequestTemplate::parse(
            r#"{"model": "{{model}}", "input": {"q": "User says: {{prompt}}", "sys": "{{system}}"}, "history": "{{messages}}"}"#,
        )
        .unwrap();
        let msgs = json!([{"role": "user", "content": "x\"y"}]);
        let v = t.fill("x\"y", "S", "m", &msgs);
        assert_eq!(v["input"]["q"], "User says: x\"y");
        assert_eq!(v["history"], msgs);
        assert_eq!(v["model"], "m");
        assert!(RequestTemplate::parse("{").unwrap_err().contains("line 1"));
        assert!(RequestTemplate::parse(r#"{"a": 1}"#).is_err());
    }
}
