//! Terraform HCL: `resource` blocks with their attributes and nested blocks, `var.x` resolved
//! from variable defaults and `local.x` from locals where those are static.

use hcl::{Block, Body, Expression, ObjectKey, Structure, TraversalOperator};
use serde_json::{Map, Value};

use crate::model::{FileError, IacKind, Resource, unresolved};

const MAX_DEPTH: usize = 64;

/// Parse a `.tf` file on its own (variables and locals from this file only).
pub fn parse(text: &str, file: &str) -> Result<Vec<Resource>, FileError> {
    let (resources, mut errors) = parse_module(&[(file, text)], &[]);
    match errors.pop() {
        Some(e) => Err(e),
        None => Ok(resources),
    }
}

/// Parse the `.tf` files of one Terraform module (one directory) together, as Terraform does:
/// variables and locals are shared by every file of the module, and `terraform.tfvars` /
/// `*.auto.tfvars` (`tfvars`) set variables. Files that do not parse are returned as errors;
/// the others are still read.
pub fn parse_module(
    files: &[(&str, &str)],
    tfvars: &[(&str, &str)],
) -> (Vec<Resource>, Vec<FileError>) {
    let mut errors = Vec::new();
    let mut bodies = Vec::new();
    for (file, text) in files {
        match parse_body(text, file) {
            Ok(b) => bodies.push((*file, *text, b)),
            Err(e) => errors.push(e),
        }
    }
    let mut ctx = Ctx::default();
    for (_, _, body) in &bodies {
        collect_vars(body, &mut ctx);
    }
    for (file, text) in tfvars {
        match parse_body(text, file) {
            Ok(b) => {
                for a in b.attributes() {
                    let v = ctx.expr(&a.expr, 0);
                    ctx.vars.insert(a.key.as_str().to_owned(), v);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    // Locals may refer to locals of any file of the module, in any order: evaluate until
    // nothing changes (bounded).
    for _ in 0..8 {
        let mut changed = false;
        for (_, _, body) in &bodies {
            for b in body.blocks().filter(|b| b.identifier.as_str() == "locals") {
                for a in b.body.attributes() {
                    let v = ctx.expr(&a.expr, 0);
                    if ctx.locals.get(a.key.as_str()) != Some(&v) {
                        ctx.locals.insert(a.key.as_str().to_owned(), v);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut out = Vec::new();
    for (file, text, body) in &bodies {
        let mut cursor = 0;
        for b in body.blocks() {
            if b.identifier.as_str() != "resource" || b.labels.len() < 2 {
                continue;
            }
            let rtype = b.labels[0].as_str().to_owned();
            let name = b.labels[1].as_str().to_owned();
            let line = find_line(text, &rtype, &name, &mut cursor);
            let body = ctx.body(&b.body, 0);
            if !declared(&body) {
                continue;
            }
            out.push(Resource {
                iac: IacKind::Terraform,
                rtype,
                name,
                body,
                file: (*file).to_owned(),
                line,
                text: Default::default(),
            });
        }
    }
    (out, errors)
}

/// False for a resource switched off statically: `count = 0`, or `for_each` over nothing.
fn declared(body: &Value) -> bool {
    match body.get("count") {
        Some(Value::Number(n)) if n.as_f64() == Some(0.0) => return false,
        Some(Value::Bool(false)) => return false,
        _ => {}
    }
    match body.get("for_each") {
        Some(Value::Array(a)) if a.is_empty() => false,
        Some(Value::Object(o)) if o.is_empty() => false,
        _ => true,
    }
}

fn parse_body(text: &str, file: &str) -> Result<Body, FileError> {
    // hcl-rs is exercised by a garbage-input proptest; catch_unwind is a second fence so one bad
    // file can never take the scan down.
    match std::panic::catch_unwind(|| hcl::parse(text)) {
        Ok(Ok(b)) => Ok(b),
        Ok(Err(e)) => {
            let msg = e.to_string();
            let line = msg.split_once("-->").and_then(|(_, r)| {
                r.trim()
                    .split(':')
                    .next()
                    .and_then(|l| l.trim().parse().ok())
            });
            Err(FileError {
                file: file.to_owned(),
                line,
                reason: format!("invalid HCL: {}", first_line(&msg)),
            })
        }
        Err(_) => Err(FileError {
            file: file.to_owned(),
            line: None,
            reason: "HCL parser failed on this input".into(),
        }),
    }
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

fn collect_vars(body: &Body, ctx: &mut Ctx) {
    for b in body
        .blocks()
        .filter(|b| b.identifier.as_str() == "variable")
    {
        if let Some(name) = b.labels.first() {
            let def = b.body.attributes().find(|a| a.key.as_str() == "default");
            let v = match def {
                Some(a) => ctx.expr(&a.expr, 0),
                None => unresolved(&format!("var.{}", name.as_str())),
            };
            ctx.vars.insert(name.as_str().to_owned(), v);
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
            Expression::TemplateExpr(t) => self.template(t, depth),
            Expression::Conditional(c) => {
                match crate::model::as_bool(&self.expr(&c.cond_expr, depth + 1)) {
                    Some(true) => self.expr(&c.true_expr, depth + 1),
                    Some(false) => self.expr(&c.false_expr, depth + 1),
                    None => unresolved(&e.to_string()),
                }
            }
            Expression::Operation(op) => self
                .operation(op, depth)
                .unwrap_or_else(|| unresolved(&e.to_string())),
            other => unresolved(&other.to_string()),
        }
    }

    /// `"${var.prefix}-oai"`: literals and interpolations of static values; a lone
    /// interpolation keeps its value's type (`"${var.enabled}"` is a boolean). Anything else
    /// (directives, unresolved references) leaves the whole string unresolved.
    fn template(&self, t: &hcl::TemplateExpr, depth: usize) -> Value {
        let text = t.to_string();
        let inner = text.trim_matches('"').to_owned();
        let Ok(tpl) = hcl::Template::from_expr(t) else {
            return unresolved(&inner);
        };
        let elements = tpl.elements();
        if let [hcl::template::Element::Interpolation(i)] = elements {
            let v = self.expr(&i.expr, depth + 1);
            return if crate::model::is_unresolved(&v) {
                unresolved(&inner)
            } else {
                v
            };
        }
        let mut out = String::new();
        for el in elements {
            match el {
                hcl::template::Element::Literal(l) => out.push_str(l),
                hcl::template::Element::Interpolation(i) => match self.expr(&i.expr, depth + 1) {
                    Value::String(s) if !s.starts_with("${") => out.push_str(&s),
                    Value::Number(n) => out.push_str(&n.to_string()),
                    Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                    _ => return unresolved(&inner),
                },
                hcl::template::Element::Directive(_) => return unresolved(&inner),
            }
        }
        Value::String(out)
    }

    /// `!x`, `a == b`, `a != b`, `a && b`, `a || b` on static values.
    fn operation(&self, op: &hcl::expr::Operation, depth: usize) -> Option<Value> {
        use hcl::expr::{BinaryOperator as B, Operation, UnaryOperator as U};
        match op {
            Operation::Unary(u) if u.operator == U::Not => {
                let v = crate::model::as_bool(&self.expr(&u.expr, depth + 1))?;
                Some(Value::Bool(!v))
            }
            Operation::Binary(b) => {
                let l = self.expr(&b.lhs_expr, depth + 1);
                let r = self.expr(&b.rhs_expr, depth + 1);
                if crate::model::is_unresolved(&l) || crate::model::is_unresolved(&r) {
                    return None;
                }
                match b.operator {
                    B::Eq => Some(Value::Bool(l == r)),
                    B::NotEq => Some(Value::Bool(l != r)),
                    B::And => Some(Value::Bool(
                        crate::model::as_bool(&l)? && crate::model::as_bool(&r)?,
                    )),
                    B::Or => Some(Value::Bool(
                        crate::model::as_bool(&l)? || crate::model::as_bool(&r)?,
                    )),
                    _ => None,
                }
            }
            _ => None,
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
    fn a_module_shares_variables_locals_and_tfvars_across_files() {
        let vars = "variable \"prefix\" { default = \"dev\" }\nvariable \"public\" {}\nvariable \"n\" { default = 1 }\n";
        let locals = "locals {\n  name = \"${local.base}-oai\"\n}\n";
        let main = r#"
locals {
  base = "${var.prefix}-chat"
}
resource "azurerm_cognitive_account" "oai" {
  name                          = local.name
  public_network_access_enabled = var.public
  local_auth_enabled            = var.n == 1 ? false : true
  custom_subdomain_name         = "${var.prefix}-${azurerm_resource_group.rg.name}"
}
resource "azurerm_cognitive_account" "off" {
  count = var.n == 1 ? 0 : 1
  name  = "off"
}
"#;
        let tfvars = "prefix = \"prod\"\npublic = true\n";
        let (rs, errs) = parse_module(
            &[
                ("variables.tf", vars),
                ("locals.tf", locals),
                ("main.tf", main),
            ],
            &[("terraform.tfvars", tfvars)],
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(
            rs.len(),
            1,
            "count = 0 declares nothing: {:?}",
            rs.iter()
                .map(|r| (&r.name, r.get("count")))
                .collect::<Vec<_>>()
        );
        let r = &rs[0];
        assert_eq!((r.file.as_str(), r.line), ("main.tf", 5));
        assert_eq!(r.str_at("name"), Some("prod-chat-oai"));
        assert_eq!(r.bool_at("public_network_access_enabled"), Some(true));
        assert_eq!(r.bool_at("local_auth_enabled"), Some(false));
        assert!(r.unknown("custom_subdomain_name"));
        // A broken file is reported; the others are still read.
        let (rs, errs) = parse_module(&[("bad.tf", "resource {"), ("main.tf", main)], &[]);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].file, "bad.tf");
        // Without variables.tf, `count` is not static: the resource is kept.
        assert_eq!(rs.len(), 2);
    }

    #[test]
    fn bad_hcl_is_an_error_with_a_line() {
        let e = parse("resource \"a\" \"b\" {\n  x = \n}\n", "bad.tf").unwrap_err();
        assert!(e.reason.starts_with("invalid HCL"), "{e:?}");
    }
}
