//! Terraform HCL: `resource` blocks with their attributes and nested blocks, `var.x` resolved
//! from variable defaults and `local.x` from locals where those are static.

use hcl::{Block, Body, Expression, ObjectKey, Structure, TraversalOperator};
use serde_json::{Map, Value};

use crate::model::{FileError, IacKind, Resource, unresolved};

const MAX_DEPTH: usize = 64;

/// Parse a `.tf` file.
pub fn parse(text: &str, file: &str) -> Result<Vec<Resource>, FileError> {
    // hcl-rs is exercised by a garbage-input proptest; catch_unwind is a second fence so one bad
    // file can never take the scan down.
    let parsed = std::panic::catch_unwind(|| hcl::parse(text));
    let body = match parsed {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            let msg = e.to_string();
            let line = msg.split_once("-->").and_then(|(_, r)| {
                r.trim()
                    .split(':')
                    .next()
                    .and_then(|l| l.trim().parse().ok())
            });
            return Err(FileError {
                file: file.to_owned(),
                line,
                reason: format!("invalid HCL: {}", first_line(&msg)),
            });
        }
        Err(_) => {
            return Err(FileError {
                file: file.to_owned(),
                line: None,
                reason: "HCL parser failed on this input".into(),
            });
        }
    };
    let mut ctx = Ctx::default();
    collect_scope(&body, &mut ctx);
    let mut out = Vec::new();
    let mut cursor = 0;
    for s in body.iter() {
        let Structure::Block(b) = s else { continue };
        if b.identifier.as_str() != "resource" || b.labels.len() < 2 {
            continue;
        }
        let rtype = b.labels[0].as_str().to_owned();
        let name = b.labels[1].as_str().to_owned();
        let line = find_line(text, &rtype, &name, &mut cursor);
        out.push(Resource {
            iac: IacKind::Terraform,
            rtype,
            name,
            body: ctx.body(&b.body, 0),
            file: file.to_owned(),
            line,
            text: Default::default(),
        });
    }
    Ok(out)
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .chars()
        .take(300)
        .collect()
}

#[derive(Default)]
struct Ctx {
    vars: Map<String, Value>,
    locals: Map<String, Value>,
}

fn collect_scope(body: &Body, ctx: &mut Ctx) {
    for s in body.iter() {
        let Structure::Block(b) = s else { continue };
        match b.identifier.as_str() {
            "variable" => {
                if let Some(name) = b.labels.first() {
                    let def = b.body.attributes().find(|a| a.key.as_str() == "default");
                    let v = match def {
                        Some(a) => ctx.expr(&a.expr, 0),
                        None => unresolved(&format!("var.{}", name.as_str())),
                    };
                    ctx.vars.insert(name.as_str().to_owned(), v);
                }
            }
            "locals" => {
                // Locals may refer to earlier locals; one pass in file order.
                for a in b.body.attributes() {
                    let v = ctx.expr(&a.expr, 0);
                    ctx.locals.insert(a.key.as_str().to_owned(), v);
                }
            }
            _ => {}
        }
    }
}

impl Ctx {
    fn body(&self, body: &Body, depth: usize) -> Value {
        let mut m = Map::new();
        if depth > MAX_DEPTH {
            return Value::Object(m);
        }
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => {
                    m.insert(a.key.as_str().to_owned(), self.expr(&a.expr, depth + 1));
                }
                Structure::Block(b) => self.block(b, &mut m, depth + 1),
            }
        }
        Value::Object(m)
    }

    fn block(&self, b: &Block, m: &mut Map<String, Value>, depth: usize) {
        let key = b.identifier.as_str().to_owned();
        let v = if b.identifier.as_str() == "dynamic" {
            unresolved("dynamic block")
        } else {
            self.body(&b.body, depth)
        };
        let key = if b.identifier.as_str() == "dynamic" {
            b.labels
                .first()
                .map(|l| l.as_str().to_owned())
                .unwrap_or(key)
        } else {
            key
        };
        match m.get_mut(&key) {
            Some(Value::Array(a)) => a.push(v),
            Some(_) => {}
            None => {
                m.insert(key, Value::Array(vec![v]));
            }
        }
    }

    fn expr(&self, e: &Expression, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return unresolved("too deep");
        }
        match e {
            Expression::Null => Value::Null,
            Expression::Bool(b) => Value::Bool(*b),
            Expression::Number(n) => serde_json::to_value(n).unwrap_or(Value::Null),
            Expression::String(s) => Value::String(s.clone()),
            Expression::Array(a) => {
                Value::Array(a.iter().map(|x| self.expr(x, depth + 1)).collect())
            }
            Expression::Object(o) => {
                let mut m = Map::new();
                for (k, v) in o {
                    let key = match k {
                        ObjectKey::Identifier(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(Expression::String(s)) => s.clone(),
                        ObjectKey::Expression(other) => other.to_string(),
                        other => other.to_string(),
                    };
                    m.insert(key, self.expr(v, depth + 1));
                }
                Value::Object(m)
            }
            Expression::Parenthesis(p) => self.expr(p, depth + 1),
            Expression::Traversal(t) => self
                .traversal(t)
                .unwrap_or_else(|| unresolved(&e.to_string())),
            Expression::TemplateExpr(t) => {
                // A template with only a static interpolation of a var/local is common: "${var.x}".
                let s = t.to_string();
                let inner = s.trim_matches('"');
                if let Some(x) = inner.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
                    && let Ok(Expression::Traversal(tr)) = x.parse::<Expression>()
                    && let Some(v) = self.traversal(&tr)
                {
                    return v;
                }
                unresolved(inner)
            }
            other => unresolved(&other.to_string()),
        }
    }

    fn traversal(&self, t: &hcl::Traversal) -> Option<Value> {
        let Expression::Variable(root) = &t.expr else {
            return None;
        };
        let table = match root.as_str() {
            "var" => &self.vars,
            "local" => &self.locals,
            _ => return None,
        };
        let mut ops = t.operators.iter();
        let Some(TraversalOperator::GetAttr(first)) = ops.next() else {
            return None;
        };
        let mut v = table.get(first.as_str())?;
        for op in ops {
            v = match op {
                TraversalOperator::GetAttr(k) => v.get(k.as_str())?,
                TraversalOperator::Index(Expression::Number(n)) => {
                    v.get(usize::try_from(n.as_u64()?).ok()?)?
                }
                TraversalOperator::Index(Expression::String(k)) => v.get(k.as_str())?,
                TraversalOperator::LegacyIndex(i) => v.get(usize::try_from(*i).ok()?)?,
                _ => return None,
            };
        }
        if crate::model::is_unresolved(v) {
            return None;
        }
        Some(v.clone())
    }
}

fn find_line(text: &str, rtype: &str, name: &str, cursor: &mut usize) -> usize {
    let from = (*cursor).min(text.len());
    let rest = text.get(from..).unwrap_or("");
    let mut off = 0;
    while let Some(p) = rest[off..].find(rtype) {
        let at = off + p;
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
        let line = &rest[line_start..line_end];
        if line.trim_start().starts_with("resource") && line.contains(&format!("\"{name}\"")) {
            *cursor = from + line_end;
            return crate::model::line_of(text, from + at);
        }
        off = at + rtype.len();
    }
    1
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn resolves_vars_and_locals_and_blocks() {
        let src = r#"
variable "pna" {
  default = false
}
locals {
  sku = "S0"
  net = { action = "Deny" }
}
resource "azurerm_cognitive_account" "oai" {
  name                          = "oai"
  kind                          = "OpenAI"
  sku_name                      = local.sku
  public_network_access_enabled = var.pna
  local_auth_enabled            = "${var.pna}"
  custom_subdomain_name         = azurerm_resource_group.rg.name
  network_acls {
    default_action = local.net.action
  }
  identity {
    type = "SystemAssigned"
  }
}
"#;
        let rs = parse(src, "main.tf").unwrap();
        assert_eq!(rs.len(), 1);
        let r = &rs[0];
        assert_eq!(r.line, 9);
        assert_eq!(r.str_at("sku_name"), Some("S0"));
        assert_eq!(r.bool_at("public_network_access_enabled"), Some(false));
        assert_eq!(r.bool_at("local_auth_enabled"), Some(false));
        assert!(r.unknown("custom_subdomain_name"));
        assert_eq!(r.str_at("network_acls.default_action"), Some("Deny"));
        assert_eq!(r.str_at("identity.type"), Some("SystemAssigned"));
    }

    #[test]
    fn bad_hcl_is_an_error_with_a_line() {
        let e = parse("resource \"a\" \"b\" {\n  x = \n}\n", "bad.tf").unwrap_err();
        assert!(e.reason.starts_with("invalid HCL"), "{e:?}");
    }
}
