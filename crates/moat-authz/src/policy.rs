//! Generating Cedar policies from grants, and loading policy text with errors that name the place.

use std::fmt::Write as _;
use std::str::FromStr;

use cedar_policy::{PolicyId, PolicySet};
use miette::Diagnostic;

use crate::{AuthzError, Grant, ResourcePattern};

/// A Cedar string literal holding `s`.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn entity(ty: &str, id: &str) -> String {
    format!("Moat::{ty}::{}", quote(id))
}

/// The Cedar text of the grants, one `permit` each, ids `grant-<n>`.
pub(crate) fn generate(grants: &[Grant]) -> String {
    let mut out = String::from("// Generated from the configuration's allow lists.\n");
    for (i, g) in grants.iter().enumerate() {
        let mut actions: Vec<&str> = g.actions.iter().map(|a| a.as_str()).collect();
        actions.sort_unstable();
        actions.dedup();
        let mut llm: Vec<&str> = crate::ActionKind::LLM.iter().map(|a| a.as_str()).collect();
        llm.sort_unstable();
        let action = if actions.is_empty() {
            "action".to_string()
        } else if actions == llm {
            // One ancestor check instead of five.
            format!("action in {}", entity("Action", "llm"))
        } else {
            let list: Vec<String> = actions.iter().map(|a| entity("Action", a)).collect();
            format!("action in [{}]", list.join(", "))
        };
        let resource = match &g.resource {
            ResourcePattern::Route(r) => format!("resource in {}", entity("Route", r)),
            ResourcePattern::Model(m) => format!("resource == {}", entity("Model", m)),
            ResourcePattern::Server(s) => format!("resource in {}", entity("Server", s)),
            ResourcePattern::Tool { server, tool } => {
                format!(
                    "resource == {}",
                    entity("Tool", &format!("{server}/{tool}"))
                )
            }
            ResourcePattern::Any => "resource".to_string(),
        };
        let mut who: Vec<String> = Vec::new();
        who.extend(g.agents.iter().map(|a| entity("Agent", a)));
        who.extend(g.users.iter().map(|u| entity("User", u)));
        who.extend(g.groups.iter().map(|x| entity("Group", x)));
        let _ = write!(
            out,
            "@id(\"grant-{i}\")\npermit (principal, {action}, {resource})"
        );
        if !who.is_empty() {
            let _ = write!(out, "\nwhen {{ principal in [{}] }}", who.join(", "));
        }
        out.push_str(";\n");
    }
    out
}

/// 1-based line and column of byte `offset` in `src`.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(src.len());
    while end > 0 && !src.is_char_boundary(end) {
        end -= 1;
    }
    let before = src.get(..end).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

fn parse_err(file: &str, src: &str, offset: usize, message: String) -> AuthzError {
    let (line, column) = line_col(src, offset);
    AuthzError::Parse {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// Parse `src` and add its policies to `set`. A policy's id is its `@id("...")` annotation, or
/// else `<file name>#<n>` for the n-th policy of the file (1-based).
pub(crate) fn add_source(
    set: &mut PolicySet,
    file: &str,
    src: &str,
    generated: bool,
) -> Result<(), AuthzError> {
    let parsed = PolicySet::from_str(src).map_err(|errs| {
        let offset = errs
            .labels()
            .and_then(|mut l| l.next())
            .map(|l| l.offset())
            .unwrap_or(0);
        let mut message = errs.to_string();
        if let Some(h) = errs.help() {
            let _ = write!(message, " ({h})");
        }
        parse_err(file, src, offset, message)
    })?;
    if parsed.templates().next().is_some() {
        let offset = src
            .find("?principal")
            .or(src.find("?resource"))
            .unwrap_or(0);
        return Err(parse_err(
            file,
            src,
            offset,
            "policy templates (?principal, ?resource) are not supported".into(),
        ));
    }
    let short = std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    let mut policies: Vec<(usize, cedar_policy::Policy)> = parsed
        .policies()
        .map(|p| {
            let n = p
                .id()
                .to_string()
                .strip_prefix("policy")
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(usize::MAX);
            (n, p.clone())
        })
        .collect();
    policies.sort_by_key(|(n, _)| *n);
    for (n, p) in policies {
        let id = match p.annotation("id") {
            Some(a) if !a.is_empty() => a.to_string(),
            _ if generated => format!("generated#{}", n.saturating_add(1)),
            _ => format!("{short}#{}", n.saturating_add(1)),
        };
        let offset = p
            .annotation("id")
            .and_then(|a| src.find(&format!("\"{a}\"")))
            .unwrap_or(0);
        if set.policy(&PolicyId::new(&id)).is_some() {
            return Err(parse_err(
                file,
                src,
                offset,
                format!(
                    "policy id `{id}` is used twice (ids must be unique across all policy files)"
                ),
            ));
        }
        set.add(p.new_id(PolicyId::new(&id)))
            .map_err(|e| parse_err(file, src, offset, e.to_string()))?;
    }
    Ok(())
}
