//! A small, bounded Bicep reader: `param` defaults, `var` values, and `resource` declarations
//! (including `if`, `[for ...]`, `existing` and nested child resources) with their property
//! objects. Expressions that are not plain literals or references to static params/vars are kept
//! as unresolved `${...}` strings. Not a full Bicep parser: see docs/decisions/0501.

use serde_json::{Map, Value};

use crate::model::{FileError, IacKind, Resource, unresolved};

const MAX_DEPTH: usize = 64;
const MAX_RESOURCES: usize = 20_000;

/// Parse a Bicep file; returns the resources found and, when the parser had to stop, the error.
pub fn parse(text: &str, file: &str) -> (Vec<Resource>, Option<FileError>) {
    let mut p = P {
        s: text.as_bytes(),
        i: 0,
        scope: Map::new(),
        out: Vec::new(),
        file,
    };
    let err = p.top().err().map(|(off, reason)| FileError {
        file: file.to_owned(),
        line: Some(crate::model::line_of(text, off)),
        reason,
    });
    (p.out, err)
}

type PResult<T> = Result<T, (usize, String)>;

struct P<'a> {
    s: &'a [u8],
    i: usize,
    scope: Map<String, Value>,
    out: Vec<Resource>,
    file: &'a str,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}
fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn err<T>(&self, msg: &str) -> PResult<T> {
        Err((self.i, msg.to_owned()))
    }
    /// Skip spaces and comments; newlines too when `nl`.
    fn ws(&mut self, nl: bool) {
        while let Some(c) = self.peek() {
            if c == b' ' || c == b'\t' || c == b'\r' || (nl && c == b'\n') {
                self.i += 1;
            } else if c == b'/' && self.s.get(self.i + 1) == Some(&b'/') {
                while self.peek().is_some_and(|c| c != b'\n') {
                    self.i += 1;
                }
            } else if c == b'/' && self.s.get(self.i + 1) == Some(&b'*') {
                self.i += 2;
                while self.i < self.s.len()
                    && !(self.s[self.i] == b'*' && self.s.get(self.i + 1) == Some(&b'/'))
                {
                    self.i += 1;
                }
                self.i = (self.i + 2).min(self.s.len());
            } else {
                break;
            }
        }
    }
    fn ident(&mut self) -> Option<String> {
        self.ws(false);
        if !self.peek().is_some_and(is_ident_start) {
            return None;
        }
        let st = self.i;
        while self.peek().is_some_and(is_ident) {
            self.i += 1;
        }
        Some(String::from_utf8_lossy(&self.s[st..self.i]).into_owned())
    }
    fn eat(&mut self, c: u8) -> bool {
        self.ws(false);
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn line(&self, off: usize) -> usize {
        self.s[..off.min(self.s.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn top(&mut self) -> PResult<()> {
        loop {
            self.ws(true);
            let Some(c) = self.peek() else { return Ok(()) };
            if c == b'@' {
                self.i += 1;
                self.ident();
                self.ws(false);
                if self.peek() == Some(b'(') {
                    self.skip_balanced()?;
                }
                continue;
            }
            let st = self.i;
            let Some(kw) = self.ident() else {
                return self
                    .err("expected a declaration (param, var, resource, module, output, ...)");
            };
            match kw.as_str() {
                "param" => {
                    let name = self
                        .ident()
                        .ok_or((self.i, "expected a parameter name".to_owned()))?;
                    // Type, then an optional default: scan to `=` or end of line at depth 0.
                    let mut default = None;
                    loop {
                        self.ws(false);
                        match self.peek() {
                            None | Some(b'\n') => break,
                            Some(b'=') => {
                                self.i += 1;
                                default = Some(self.value(0)?);
                                break;
                            }
                            Some(b'{' | b'(' | b'[') => self.skip_balanced()?,
                            Some(b'\'') => {
                                self.string()?;
                            }
                            Some(_) => self.i += 1,
                        }
                    }
                    let v = default.unwrap_or_else(|| unresolved(&name));
                    self.scope.insert(name, v);
                }
                "var" => {
                    let name = self
                        .ident()
                        .ok_or((self.i, "expected a variable name".to_owned()))?;
                    if !self.eat(b'=') {
                        return self.err("expected `=` after the variable name");
                    }
                    let v = self.value(0)?;
                    self.scope.insert(name, v);
                }
                "resource" => self.resource(None, st, 0)?,
                _ => self.skip_statement()?,
            }
        }
    }

    /// `resource sym 'type@version' [existing] = body`
    fn resource(&mut self, parent: Option<&str>, st: usize, depth: usize) -> PResult<()> {
        if depth > MAX_DEPTH {
            return self.err("resources nested too deeply");
        }
        let sym = self
            .ident()
            .ok_or((self.i, "expected a resource symbol".to_owned()))?;
        self.ws(false);
        let Value::String(tv) = self.string()? else {
            return self.err("expected the resource type as a plain string");
        };
        let rtype_raw = tv.split('@').next().unwrap_or("").to_owned();
        let rtype = match parent {
            Some(p) if !rtype_raw.contains('/') => format!("{p}/{rtype_raw}"),
            _ => rtype_raw,
        };
        let existing = {
            let save = self.i;
            match self.ident() {
                Some(k) if k == "existing" => true,
                _ => {
                    self.i = save;
                    false
                }
            }
        };
        if !self.eat(b'=') {
            return self.err("expected `=` in the resource declaration");
        }
        self.ws(false);
        // `[for x in xs: {...}]` or `[for x in xs: if (c) {...}]`
        let looped = self.peek() == Some(b'[');
        if looped {
            self.i += 1;
            while self.peek().is_some_and(|c| c != b':') {
                if matches!(self.peek(), Some(b'(' | b'[' | b'{')) {
                    self.skip_balanced()?;
                } else {
                    self.i += 1;
                }
            }
            self.i += 1;
        }
        self.ws(true);
        let save = self.i;
        let mut switched_off = false;
        if self.ident().as_deref() == Some("if") {
            self.ws(false);
            let cst = self.i;
            self.skip_balanced()?;
            // `if (false)`, `if (deployX)` with `param deployX bool = false`, `if (!on)`.
            let cond = String::from_utf8_lossy(&self.s[cst + 1..self.i - 1])
                .trim()
                .to_owned();
            let (negated, expr) = match cond.strip_prefix('!') {
                Some(rest) => (true, rest.trim().to_owned()),
                None => (false, cond),
            };
            let v = match expr.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                e => crate::model::as_bool(&self.resolve(e)),
            };
            switched_off = v.is_some_and(|b| b == negated);
        } else {
            self.i = save;
        }
        self.ws(true);
        if self.peek() != Some(b'{') {
            return self.err("expected `{` to open the resource body");
        }
        let idx = self.out.len();
        if self.out.len() >= MAX_RESOURCES {
            return self.err("too many resources");
        }
        let line = self.line(st);
        self.out.push(Resource {
            iac: IacKind::Bicep,
            rtype: rtype.clone(),
            name: sym.clone(),
            body: Value::Null,
            file: self.file.to_owned(),
            line,
            text: Default::default(),
        });
        let body = self.object(1, Some(&rtype))?;
        if switched_off {
            // Not deployed: neither it nor the children declared inside it.
            self.out.truncate(idx);
        } else if let Some(r) = self.out.get_mut(idx) {
            r.body = body;
            if existing && let Some(m) = r.body.as_object_mut() {
                m.insert("existing".into(), Value::Bool(true));
            }
        }
        if looped {
            self.ws(true);
            if !self.eat(b']') {
                return self.err("expected `]` to close the resource loop");
            }
        }
        // A reference `sym.name` etc. stays unresolved; the symbol resolves to itself.
        self.scope
            .entry(sym.clone())
            .or_insert_with(|| unresolved(&sym));
        Ok(())
    }

    fn skip_balanced(&mut self) -> PResult<()> {
        let open = self.peek().unwrap_or(0);
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            b'{' => b'}',
            _ => return self.err("expected a bracket"),
        };
        let start = self.i;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'\'' => {
                    self.string()?;
                    continue;
                }
                b'/' if matches!(self.s.get(self.i + 1), Some(b'/' | b'*')) => {
                    self.ws(true);
                    continue;
                }
                _ if c == open => depth += 1,
                _ if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        Err((start, format!("unclosed `{}`", open as char)))
    }

    fn skip_statement(&mut self) -> PResult<()> {
        loop {
            self.ws(false);
            match self.peek() {
                None | Some(b'\n') => return Ok(()),
                Some(b'{' | b'(' | b'[') => self.skip_balanced()?,
                Some(b'\'') => {
                    self.string()?;
                }
                Some(_) => self.i += 1,
            }
        }
    }

    /// A string literal; `'''multi-line'''` too. Interpolations of static params/vars are
    /// substituted; any other interpolation makes the whole string unresolved.
    fn string(&mut self) -> PResult<Value> {
        let start = self.i;
        if self.s[self.i..].starts_with(b"'''") {
            self.i += 3;
            let Some(end) = self.s[self.i..].windows(3).position(|w| w == b"'''") else {
                return Err((start, "unterminated multi-line string".into()));
            };
            let v = String::from_utf8_lossy(&self.s[self.i..self.i + end]).into_owned();
            self.i += end + 3;
            return Ok(Value::String(v));
        }
        self.i += 1;
        let mut out = Vec::new();
        let mut dynamic = false;
        loop {
            let Some(c) = self.peek() else {
                return Err((start, "unterminated string".into()));
            };
            self.i += 1;
            match c {
                b'\'' => break,
                b'\n' => return Err((start, "unterminated string".into())),
                b'\\' => {
                    let e = self.peek().unwrap_or(b'\\');
                    self.i += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b't' => b'\t',
                        b'r' => b'\r',
                        other => other,
                    });
                }
                b'$' if self.peek() == Some(b'{') => {
                    self.i += 1;
                    let st = self.i;
                    let mut d = 1usize;
                    while let Some(c) = self.peek() {
                        self.i += 1;
                        if c == b'{' {
                            d += 1;
                        } else if c == b'}' {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        } else if c == b'\n' {
                            return Err((start, "unterminated string interpolation".into()));
                        }
                    }
                    // INVARIANT: past here the interpolation was closed, so `self.i > st`.
                    if d != 0 {
                        return Err((start, "unterminated string interpolation".into()));
                    }
                    let inner =
                        String::from_utf8_lossy(&self.s[st..self.i.saturating_sub(1)]).into_owned();
                    match self.resolve(inner.trim()) {
                        Value::String(v) if !v.starts_with("${") => {
                            out.extend_from_slice(v.as_bytes())
                        }
                        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
                        Value::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
                        _ => dynamic = true,
                    }
                }
                other => out.push(other),
            }
        }
        if dynamic {
            return Ok(unresolved(&String::from_utf8_lossy(&self.s[start..self.i])));
        }
        Ok(Value::String(String::from_utf8_lossy(&out).into_owned()))
    }

    /// Resolve an expression text against static params and vars: `name` or `name.a.b`.
    fn resolve(&self, expr: &str) -> Value {
        let mut parts = expr.split('.');
        let head = parts.next().unwrap_or("");
        if !head.bytes().all(is_ident) || head.is_empty() {
            return unresolved(expr);
        }
        let Some(mut v) = self.scope.get(head) else {
            return unresolved(expr);
        };
        for p in parts {
            if !p.bytes().all(is_ident) {
                return unresolved(expr);
            }
            match crate::model::get_path(v, p) {
                Some(x) => v = x,
                None => return unresolved(expr),
            }
        }
        if crate::model::is_unresolved(v) {
            return unresolved(expr);
        }
        v.clone()
    }

    fn value(&mut self, depth: usize) -> PResult<Value> {
        if depth > MAX_DEPTH {
            return self.err("value nested too deeply");
        }
        self.ws(false);
        let start = self.i;
        let v = match self.peek() {
            None => return self.err("expected a value"),
            Some(b'{') => self.object(depth + 1, None)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'\'') => self.string()?,
            Some(c) if c.is_ascii_digit() || c == b'-' => {
                self.i += 1;
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'.') {
                    self.i += 1;
                }
                let t = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                match t.parse::<i64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => t
                        .parse::<f64>()
                        .map(Value::from)
                        .unwrap_or_else(|_| unresolved(&t)),
                }
            }
            Some(_) => {
                self.raw_to_end()?;
                let t = String::from_utf8_lossy(&self.s[start..self.i])
                    .trim()
                    .to_owned();
                if t.is_empty() {
                    return self.err("expected a value");
                }
                return Ok(match t.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => self.resolve(&t),
                });
            }
        };
        // A literal followed by an operator is an expression (`a == 'b' ? x : y`, `'x'[0]`).
        self.ws(false);
        match self.peek() {
            None | Some(b'\n' | b',' | b'}' | b']' | b')') => Ok(v),
            Some(b'/') if matches!(self.s.get(self.i + 1), Some(b'/' | b'*')) => Ok(v),
            Some(_) => {
                self.raw_to_end()?;
                Ok(unresolved(
                    String::from_utf8_lossy(&self.s[start..self.i]).trim(),
                ))
            }
        }
    }

    /// Consume an expression up to a newline, `,`, `}` or `]` at bracket depth 0.
    fn raw_to_end(&mut self) -> PResult<()> {
        loop {
            match self.peek() {
                None | Some(b'\n' | b',' | b'}' | b']' | b')') => return Ok(()),
                Some(b'{' | b'(' | b'[') => self.skip_balanced()?,
                Some(b'\'') => {
                    self.string()?;
                }
                Some(b'/') if matches!(self.s.get(self.i + 1), Some(b'/' | b'*')) => return Ok(()),
                Some(_) => self.i += 1,
            }
        }
    }

    fn array(&mut self, depth: usize) -> PResult<Value> {
        let start = self.i;
        self.i += 1;
        self.ws(true);
        let save = self.i;
        if self.ident().as_deref() == Some("for") {
            self.i = start;
            self.skip_balanced()?;
            return Ok(unresolved(&String::from_utf8_lossy(&self.s[start..self.i])));
        }
        self.i = save;
        let mut items = Vec::new();
        loop {
            self.ws(true);
            match self.peek() {
                None => return Err((start, "unclosed `[`".into())),
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                Some(b',') => self.i += 1,
                Some(_) => items.push(self.value(depth)?),
            }
        }
    }

    /// An object; inside a resource body (`parent_type` set), `resource` members declare
    /// child resources.
    fn object(&mut self, depth: usize, parent_type: Option<&str>) -> PResult<Value> {
        if depth > MAX_DEPTH {
            return self.err("object nested too deeply");
        }
        let start = self.i;
        self.i += 1;
        let mut m = Map::new();
        loop {
            self.ws(true);
            match self.peek() {
                None => return Err((start, "unclosed `{`".into())),
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(m));
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(b'@') => {
                    self.i += 1;
                    self.ident();
                    self.ws(false);
                    if self.peek() == Some(b'(') {
                        self.skip_balanced()?;
                    }
                    continue;
                }
                _ => {}
            }
            let kst = self.i;
            let key = if self.peek() == Some(b'\'') {
                match self.string()? {
                    Value::String(s) => s,
                    _ => return self.err("expected a plain string key"),
                }
            } else {
                match self.ident() {
                    Some(k) => k,
                    None => return self.err("expected a property name"),
                }
            };
            if !self.eat(b':') {
                if key == "resource" && parent_type.is_some() {
                    self.resource(parent_type, kst, depth + 1)?;
                    continue;
                }
                return self.err(&format!("expected `:` after `{key}`"));
            }
            let v = self.value(depth)?;
            m.insert(key, v);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_resources_params_vars_and_children() {
        let src = r#"
@description('name')
param name string = 'oai'
param pna string = 'Disabled'
var tags = { env: 'prod' }
// comment
resource acct 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: '${name}-acct'
  location: resourceGroup().location
  kind: 'OpenAI'
  tags: tags
  properties: {
    publicNetworkAccess: pna
    disableLocalAuth: false
    networkAcls: { defaultAction: 'Deny', ipRules: [
      { value: '1.2.3.4' }
    ] }
    flag: pna == 'Disabled' ? true : false
  }
  resource dep 'deployments' = {
    name: 'gpt4o'
    properties: { raiPolicyName: 'Microsoft.Default' }
  }
}
resource many 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in range(0, 2): if (true) {
  name: 'st${i}'
}]
param deploySearch bool = false
resource skipped 'Microsoft.Search/searchServices@2024-06-01-preview' = if (deploySearch) {
  name: 'off'
}
resource kept 'Microsoft.Search/searchServices@2024-06-01-preview' = if (!deploySearch) {
  name: 'on'
}
output id string = acct.id
"#;
        let (rs, err) = parse(src, "main.bicep");
        assert!(err.is_none(), "{err:?}");
        assert_eq!(
            rs.len(),
            4,
            "{:?}",
            rs.iter().map(|r| &r.name).collect::<Vec<_>>()
        );
        assert_eq!(rs[3].name, "kept");
        assert_eq!(rs[0].name, "acct");
        assert_eq!(rs[0].line, 7);
        assert_eq!(rs[0].str_at("name"), Some("oai-acct"));
        assert!(rs[0].unknown("location"));
        assert_eq!(rs[0].str_at("tags.env"), Some("prod"));
        assert_eq!(
            rs[0].str_at("properties.publicNetworkAccess"),
            Some("Disabled")
        );
        assert_eq!(rs[0].bool_at("properties.disableLocalAuth"), Some(false));
        assert_eq!(
            rs[0].str_at("properties.networkAcls.ipRules.0.value"),
            Some("1.2.3.4")
        );
        assert!(rs[0].unknown("properties.flag"));
        assert_eq!(
            rs[1].rtype,
            "Microsoft.CognitiveServices/accounts/deployments"
        );
        assert_eq!(
            rs[1].str_at("properties.raiPolicyName"),
            Some("Microsoft.Default")
        );
        assert_eq!(rs[2].rtype, "Microsoft.Storage/storageAccounts");
        assert!(rs[2].unknown("name"));
    }

    #[test]
    fn garbage_gives_an_error_with_a_line_not_a_panic() {
        for src in [
            "resource x 'a@1' = {\n name: 'x\n}",
            "resource",
            "param x string = {",
            "{{{{",
            "resource a 'b' = { c: [ }",
            // Found by the `iac` fuzz target: an interpolation cut by the end of the file.
            "`B\u{10}:\0\u{b}'\u{f7}${",
            "var x = '${",
        ] {
            let (_, err) = parse(src, "bad.bicep");
            assert!(err.is_some(), "{src}");
        }
    }
}
