//! Azure Resource Manager JSON templates: parameters (default values), variables, a small static
//! expression evaluator, child resources and inline nested deployments.

use serde_json::{Map, Value};

use crate::model::{IacKind, Resource, unresolved};

const MAX_NESTING: usize = 8;
const MAX_EXPR_DEPTH: usize = 32;
const MAX_RESOURCES: usize = 20_000;

/// True when a parsed JSON document looks like a deployment template.
pub fn is_template(v: &Value) -> bool {
    let Some(o) = v.as_object() else { return false };
    let schema = o.get("$schema").and_then(Value::as_str).unwrap_or("");
    schema.contains("deploymentTemplate")
        || (o.contains_key("resources") && o.contains_key("contentVersion"))
}

/// Resources declared in a template, with parameters, variables and nested templates resolved as
/// far as they are static.
pub fn parse(text: &str, doc: &Value, file: &str) -> Vec<Resource> {
    let mut out = Vec::new();
    let mut cursor = 0usize;
    let scope = Scope::from_template(doc, None);
    walk_template(doc, &scope, text, &mut cursor, file, 0, &mut out);
    out
}

#[derive(Default)]
struct Scope {
    params: Map<String, Value>,
    vars: Map<String, Value>,
}

impl Scope {
    fn from_template(t: &Value, supplied: Option<&Map<String, Value>>) -> Scope {
        let mut s = Scope::default();
        if let Some(ps) = t.get("parameters").and_then(Value::as_object) {
            for (k, p) in ps {
                let v = supplied
                    .and_then(|m| m.get(k))
                    .cloned()
                    .or_else(|| p.get("defaultValue").cloned())
                    .unwrap_or_else(|| unresolved(&format!("parameters('{k}')")));
                let v = s.eval_value(&v, 0);
                s.params.insert(k.to_ascii_lowercase(), v);
            }
        }
        if let Some(vs) = t.get("variables").and_then(Value::as_object) {
            for (k, v) in vs {
                let v = s.eval_value(v, 0);
                s.vars.insert(k.to_ascii_lowercase(), v);
            }
        }
        s
    }

    fn eval_value(&self, v: &Value, depth: usize) -> Value {
        if depth > 64 {
            return unresolved("too deep");
        }
        match v {
            Value::String(s) => self.eval_string(s),
            Value::Array(a) => {
                Value::Array(a.iter().map(|x| self.eval_value(x, depth + 1)).collect())
            }
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| (k.clone(), self.eval_value(x, depth + 1)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn eval_string(&self, s: &str) -> Value {
        let t = s.trim();
        if t.starts_with("[[") {
            return Value::String(s[1..].to_owned());
        }
        if t.len() >= 2 && t.starts_with('[') && t.ends_with(']') {
            let inner = &t[1..t.len() - 1];
            let mut p = Expr {
                s: inner.as_bytes(),
                i: 0,
                scope: self,
                depth: 0,
            };
            return match p.expr() {
                Some(v) if p.at_end() => v,
                _ => unresolved(inner),
            };
        }
        Value::String(s.to_owned())
    }
}

/// A tiny evaluator: string/number/bool literals, parameters(), variables(), concat(), format(),
/// toLower(), toUpper(), string(), bool(), not(), and(), or(), equals(), if(), coalesce(),
/// empty(), length(), contains(), startsWith(), endsWith(), replace(), trim(), createArray(),
/// createObject(), union() of objects, and property/index access. Anything else (resourceId(),
/// reference(), uniqueString(), resourceGroup(), copyIndex(), ...) is unresolved.
struct Expr<'a> {
    s: &'a [u8],
    i: usize,
    scope: &'a Scope,
    depth: usize,
}

impl Expr<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn at_end(&mut self) -> bool {
        self.ws();
        self.i >= self.s.len()
    }
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expr(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return None;
        }
        self.ws();
        let c = *self.s.get(self.i)?;
        let mut v = if c == b'\'' {
            self.i += 1;
            let mut out = Vec::new();
            loop {
                let b = *self.s.get(self.i)?;
                self.i += 1;
                if b == b'\'' {
                    if self.s.get(self.i) == Some(&b'\'') {
                        out.push(b'\'');
                        self.i += 1;
                        continue;
                    }
                    break;
                }
                out.push(b);
            }
            Value::String(String::from_utf8_lossy(&out).into_owned())
        } else if c.is_ascii_digit() || c == b'-' {
            let st = self.i;
            self.i += 1;
            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                self.i += 1;
            }
            let n: i64 = std::str::from_utf8(&self.s[st..self.i])
                .ok()?
                .parse()
                .ok()?;
            Value::from(n)
        } else if c.is_ascii_alphabetic() {
            let st = self.i;
            while self.i < self.s.len()
                && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
            {
                self.i += 1;
            }
            let name = std::str::from_utf8(&self.s[st..self.i])
                .ok()?
                .to_ascii_lowercase();
            if !self.eat(b'(') {
                return match name.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    "null" => Some(Value::Null),
                    _ => None,
                };
            }
            let mut args = Vec::new();
            if !self.eat(b')') {
                loop {
                    args.push(self.expr()?);
                    if self.eat(b')') {
                        break;
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            self.call(&name, args)?
        } else {
            return None;
        };
        loop {
            if self.eat(b'.') {
                self.ws();
                let st = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
                {
                    self.i += 1;
                }
                let key = std::str::from_utf8(&self.s[st..self.i]).ok()?;
                v = crate::model::get_path(&v, key)?.clone();
            } else if self.eat(b'[') {
                let idx = self.expr()?;
                if !self.eat(b']') {
                    return None;
                }
                v = match idx {
                    Value::Number(n) => v.get(usize::try_from(n.as_u64()?).ok()?)?.clone(),
                    Value::String(k) => crate::model::get_path(&v, &k)?.clone(),
                    _ => return None,
                };
            } else {
                break;
            }
        }
        if crate::model::is_unresolved(&v) {
            return None;
        }
        self.depth -= 1;
        Some(v)
    }

    fn call(&self, name: &str, args: Vec<Value>) -> Option<Value> {
        let one = |a: &[Value]| a.first().cloned();
        match name {
            "parameters" => self
                .scope
                .params
                .get(&args.first()?.as_str()?.to_ascii_lowercase())
                .cloned(),
            "variables" => self
                .scope
                .vars
                .get(&args.first()?.as_str()?.to_ascii_lowercase())
                .cloned(),
            "concat" => {
                if args.iter().all(Value::is_array) {
                    Some(Value::Array(
                        args.into_iter()
                            .flat_map(|a| a.as_array().cloned().unwrap_or_default())
                            .collect(),
                    ))
                } else {
                    let mut s = String::new();
                    for a in &args {
                        match a {
                            Value::String(x) => s.push_str(x),
                            Value::Number(n) => s.push_str(&n.to_string()),
                            Value::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
                            _ => return None,
                        }
                    }
                    Some(Value::String(s))
                }
            }
            "tolower" => Some(Value::String(one(&args)?.as_str()?.to_lowercase())),
            "toupper" => Some(Value::String(one(&args)?.as_str()?.to_uppercase())),
            "string" => match one(&args)? {
                Value::String(s) => Some(Value::String(s)),
                v => Some(Value::String(v.to_string())),
            },
            "bool" => crate::model::as_bool(&one(&args)?).map(Value::Bool),
            "not" => Some(Value::Bool(!crate::model::as_bool(&one(&args)?)?)),
            "equals" => Some(Value::Bool(args.first()? == args.get(1)?)),
            "if" => {
                let c = crate::model::as_bool(args.first()?)?;
                args.get(if c { 1 } else { 2 }).cloned()
            }
            "and" | "or" => {
                let bs: Option<Vec<bool>> = args.iter().map(crate::model::as_bool).collect();
                let bs = bs?;
                Some(Value::Bool(if name == "and" {
                    bs.iter().all(|b| *b)
                } else {
                    bs.iter().any(|b| *b)
                }))
            }
            "format" => {
                // `format('{0}-{1}', a, b)`: positional placeholders only.
                let f = args.first()?.as_str()?;
                let mut out = String::new();
                let mut rest = f;
                while let Some(open) = rest.find('{') {
                    out.push_str(&rest[..open]);
                    let close = rest[open..].find('}')? + open;
                    let idx: usize = rest[open + 1..close].trim().parse().ok()?;
                    match args.get(idx + 1)? {
                        Value::String(x) => out.push_str(x),
                        Value::Number(n) => out.push_str(&n.to_string()),
                        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
                        _ => return None,
                    }
                    rest = &rest[close + 1..];
                }
                out.push_str(rest);
                Some(Value::String(out))
            }
            "createarray" => Some(Value::Array(args)),
            "createobject" => {
                let mut m = Map::new();
                for pair in args.chunks(2) {
                    m.insert(pair.first()?.as_str()?.to_owned(), pair.get(1)?.clone());
                }
                Some(Value::Object(m))
            }
            "union" if args.iter().all(Value::is_object) => {
                let mut m = Map::new();
                for a in args {
                    if let Value::Object(o) = a {
                        m.extend(o);
                    }
                }
                Some(Value::Object(m))
            }
            "coalesce" => args.into_iter().find(|a| !a.is_null()),
            "empty" => Some(Value::Bool(match one(&args)? {
                Value::Null => true,
                Value::String(s) => s.is_empty(),
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                _ => false,
            })),
            "length" => Some(Value::from(match one(&args)? {
                Value::String(s) => s.chars().count(),
                Value::Array(a) => a.len(),
                Value::Object(o) => o.len(),
                _ => return None,
            })),
            "replace" => Some(Value::String(
                args.first()?
                    .as_str()?
                    .replace(args.get(1)?.as_str()?, args.get(2)?.as_str()?),
            )),
            "trim" => Some(Value::String(one(&args)?.as_str()?.trim().to_owned())),
            "contains" => Some(Value::Bool(match (args.first()?, args.get(1)?) {
                (Value::String(s), Value::String(x)) => {
                    s.to_lowercase().contains(&x.to_lowercase())
                }
                (Value::Array(a), x) => a.contains(x),
                (Value::Object(o), Value::String(k)) => {
                    o.keys().any(|key| key.eq_ignore_ascii_case(k))
                }
                _ => return None,
            })),
            "startswith" | "endswith" => {
                let s = args.first()?.as_str()?.to_lowercase();
                let x = args.get(1)?.as_str()?.to_lowercase();
                Some(Value::Bool(if name == "startswith" {
                    s.starts_with(&x)
                } else {
                    s.ends_with(&x)
                }))
            }
            _ => None,
        }
    }
}

fn walk_template(
    t: &Value,
    scope: &Scope,
    text: &str,
    cursor: &mut usize,
    file: &str,
    nesting: usize,
    out: &mut Vec<Resource>,
) {
    if nesting > MAX_NESTING {
        return;
    }
    let list: Vec<&Value> = match t.get("resources") {
        Some(Value::Array(a)) => a.iter().collect(),
        // languageVersion 2.0: resources keyed by symbolic name.
        Some(Value::Object(o)) => o.values().collect(),
        _ => return,
    };
    for r in list {
        walk_resource(r, None, scope, text, cursor, file, nesting, out);
    }
}

#[expect(clippy::too_many_arguments, reason = "internal recursive walker")]
fn walk_resource(
    r: &Value,
    parent: Option<(&str, &str)>,
    scope: &Scope,
    text: &str,
    cursor: &mut usize,
    file: &str,
    nesting: usize,
    out: &mut Vec<Resource>,
) {
    if out.len() >= MAX_RESOURCES {
        return;
    }
    let Some(o) = r.as_object() else { return };
    let raw_type = o.get("type").and_then(Value::as_str).unwrap_or("");
    if raw_type.is_empty() {
        return;
    }
    let line = find_line(text, raw_type, cursor);
    let body = scope.eval_value(r, 0);
    // `"condition": false` (statically): not deployed, and neither are its children.
    if body
        .get("condition")
        .and_then(crate::model::as_bool)
        .is_some_and(|c| !c)
    {
        return;
    }
    let mut rtype = raw_type.to_owned();
    let mut name = match body.get("name") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    if let Some((pt, pn)) = parent
        && !raw_type.contains('/')
    {
        rtype = format!("{pt}/{raw_type}");
        name = format!("{pn}/{name}");
    }
    let mut body = body;
    if let Some(m) = body.as_object_mut() {
        m.remove("resources");
    }
    out.push(Resource {
        iac: IacKind::Arm,
        rtype: rtype.clone(),
        name: name.clone(),
        body,
        file: file.to_owned(),
        line,
        text: Default::default(),
    });
    if let Some(Value::Array(children)) = o.get("resources") {
        for c in children {
            walk_resource(
                c,
                Some((&rtype, &name)),
                scope,
                text,
                cursor,
                file,
                nesting,
                out,
            );
        }
    }
    if rtype.eq_ignore_ascii_case("Microsoft.Resources/deployments")
        && let Some(props) = o.get("properties")
        && let Some(inner) = props.get("template")
    {
        let inner_scope = props
            .get("expressionEvaluationOptions")
            .and_then(|e| e.get("scope"))
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
        if inner_scope {
            let mut supplied = Map::new();
            if let Some(ps) = props.get("parameters").and_then(Value::as_object) {
                for (k, p) in ps {
                    if let Some(v) = p.get("value") {
                        supplied.insert(k.clone(), scope.eval_value(v, 0));
                    }
                }
            }
            let s = Scope::from_template(inner, Some(&supplied));
            walk_template(inner, &s, text, cursor, file, nesting + 1, out);
        } else {
            walk_template(inner, scope, text, cursor, file, nesting + 1, out);
        }
    }
}

/// Line of the next `"type": "<raw_type>"` after the cursor; resources are walked in document
/// order, so this finds each declaration in turn.
fn find_line(text: &str, raw_type: &str, cursor: &mut usize) -> usize {
    let needle = format!("\"{raw_type}\"");
    let from = (*cursor).min(text.len());
    match text.get(from..).and_then(|t| t.find(&needle)) {
        Some(off) => {
            *cursor = from + off + needle.len();
            crate::model::line_of(text, from + off)
        }
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn resolves_parameters_variables_and_nested_templates() {
        let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"name": {"type": "string", "defaultValue": "oai"}, "pna": {"type": "string", "defaultValue": "Enabled"}},
  "variables": {"full": "[concat(parameters('name'), '-prod')]", "off": "[not(bool('true'))]"},
  "resources": [
    {"type": "Microsoft.CognitiveServices/accounts", "name": "[variables('full')]", "apiVersion": "2023-05-01",
     "properties": {"publicNetworkAccess": "[parameters('pna')]", "disableLocalAuth": "[variables('off')]", "x": "[resourceId('a','b')]"},
     "resources": [{"type": "deployments", "name": "gpt", "properties": {}}]},
    {"type": "Microsoft.Resources/deployments", "name": "nested", "properties": {
      "expressionEvaluationOptions": {"scope": "inner"},
      "parameters": {"n": {"value": "[parameters('name')]"}},
      "template": {"parameters": {"n": {"type": "string"}}, "resources": [
        {"type": "Microsoft.Search/searchServices", "name": "[parameters('n')]", "properties": {}}]}}}
  ]
}"#;
        let doc: Value = serde_json::from_str(text).unwrap();
        assert!(is_template(&doc));
        let rs = parse(text, &doc, "t.json");
        assert_eq!(rs.len(), 4);
        let more = r#"{"contentVersion": "1.0.0.0", "parameters": {"p": {"type": "string", "defaultValue": "ctso"}, "deploy": {"type": "bool", "defaultValue": false}},
          "resources": [
            {"type": "Microsoft.CognitiveServices/accounts", "name": "[format('{0}-oai-{1}', parameters('p'), 2)]",
             "properties": {"disableLocalAuth": "[and(true, or(false, not(empty(parameters('p')))))]",
                            "networkAcls": "[createObject('defaultAction', if(contains(parameters('p'), 'CT'), 'Deny', 'Allow'))]"}},
            {"type": "Microsoft.Search/searchServices", "name": "off", "condition": "[parameters('deploy')]", "properties": {}}
          ]}"#;
        let d2: Value = serde_json::from_str(more).unwrap();
        assert!(is_template(&d2));
        let r2 = parse(more, &d2, "t2.json");
        assert_eq!(r2.len(), 1, "condition false: not deployed");
        assert_eq!(r2[0].name, "ctso-oai-2");
        assert_eq!(r2[0].bool_at("properties.disableLocalAuth"), Some(true));
        assert_eq!(
            r2[0].str_at("properties.networkAcls.defaultAction"),
            Some("Deny")
        );
        assert_eq!(rs[0].name, "oai-prod");
        assert_eq!(rs[0].line, 7);
        assert_eq!(
            rs[0].str_at("properties.publicNetworkAccess"),
            Some("Enabled")
        );
        assert_eq!(rs[0].bool_at("properties.disableLocalAuth"), Some(false));
        assert!(rs[0].unknown("properties.x"));
        assert_eq!(
            rs[1].rtype,
            "Microsoft.CognitiveServices/accounts/deployments"
        );
        assert_eq!(rs[1].name, "oai-prod/gpt");
        assert_eq!(rs[3].rtype, "Microsoft.Search/searchServices");
        assert_eq!(rs[3].name, "oai");
    }
}
