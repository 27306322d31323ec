//! `${NAME}` and `${NAME:-default}` substitution in the configuration text, done before the YAML
//! is parsed so that every field can use it.

/// Why a substitution failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EnvError {
    /// 1-based line of the reference.
    pub line: usize,
    /// What went wrong.
    pub message: String,
}

/// Longest variable name accepted.
const MAX_NAME: usize = 128;

/// Replace every `${NAME}` / `${NAME:-default}` in `text` using `lookup`.
///
/// `$$` stands for a literal `$`. An unset variable without a default is an error naming the
/// line, so a missing secret is found at start-up, not at the first request. Values containing a
/// newline are refused: they would shift the line numbers of later errors and could inject YAML.
pub fn substitute(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, EnvError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut line = 1usize;
    while let Some(pos) = rest.find('$') {
        let (before, after) = rest.split_at(pos);
        line += before.matches('\n').count();
        out.push_str(before);
        if let Some(tail) = after.strip_prefix("$$") {
            out.push('$');
            rest = tail;
            continue;
        }
        let Some(body) = after.strip_prefix("${") else {
            out.push('$');
            rest = &after[1..];
            continue;
        };
        let Some(close) = body.find('}') else {
            return Err(EnvError {
                line,
                message: "unterminated `${`".into(),
            });
        };
        let inner = &body[..close];
        let (name, default) = match inner.find(":-") {
            Some(i) => (&inner[..i], Some(&inner[i + 2..])),
            None => (inner, None),
        };
        if name.is_empty()
            || name.len() > MAX_NAME
            || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            || name.as_bytes()[0].is_ascii_digit()
        {
            return Err(EnvError {
                line,
                message: format!("invalid variable name `{name}`"),
            });
        }
        let value = match (lookup(name), default) {
            (Some(v), None) => v,
            (Some(v), Some(_)) if !v.is_empty() => v,
            (_, Some(d)) => d.to_owned(),
            (None, None) => {
                return Err(EnvError {
                    line,
                    message: format!(
                        "environment variable `{name}` is not set (write `${{{name}:-default}}` to give a default)"
                    ),
                });
            }
        };
        if value.contains('\n') || value.contains('\r') {
            return Err(EnvError {
                line,
                message: format!("environment variable `{name}` contains a line break"),
            });
        }
        out.push_str(&value);
        rest = &body[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "A" => Some("alpha".into()),
            "EMPTY" => Some(String::new()),
            "NL" => Some("a\nb".into()),
            _ => None,
        }
    }

    #[test]
    fn replaces_and_defaults() {
        assert_eq!(substitute("x: ${A}", &env).unwrap(), "x: alpha");
        assert_eq!(substitute("x: ${B:-beta}", &env).unwrap(), "x: beta");
        assert_eq!(substitute("x: ${EMPTY:-d}", &env).unwrap(), "x: d");
        assert_eq!(substitute("x: ${EMPTY}", &env).unwrap(), "x: ");
        assert_eq!(substitute("cost: $$5 $x", &env).unwrap(), "cost: $5 $x");
        assert_eq!(substitute("x: ${B:-}", &env).unwrap(), "x: ");
    }

    #[test]
    fn errors_name_the_line() {
        let e = substitute("a: 1\nb: ${MISSING}\n", &env).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("`MISSING`"), "{e}");
        assert_eq!(substitute("a: ${A", &env).unwrap_err().line, 1);
        assert!(substitute("a: ${1X}", &env).is_err());
        assert!(substitute("a: ${NL}", &env).is_err());
    }
}
