//! Model Context Protocol security, without I/O: the pieces Moat's MCP proxy is built from.
//!
//! - [`jsonrpc`]: bounded parsing of JSON-RPC 2.0 messages, with clear errors (batches refused).
//! - [`protocol`]: the protocol revisions Moat speaks and the HTTP header checks of the
//!   stateless revision (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` must agree with the
//!   body).
//! - [`poison`]: tool-poisoning detection over tool names, descriptions and input schemas: the
//!   guard engine (as documents) plus MCP-specific signals.
//! - [`pin`]: tool pinning against rug pulls and shadowing: a hash per tool definition and the
//!   decision for each listed tool.
//! - [`approval`]: which calls need a human's approval, and the binding that ties an approval to
//!   one exact call.
#![deny(missing_docs)]

pub mod approval;
pub mod jsonrpc;
pub mod pin;
pub mod poison;
pub mod protocol;

/// SHA-256 of the canonical JSON form of `v` (object keys sorted at every level, no
/// insignificant whitespace), as lowercase hex. Keys are sorted here, not left to serde_json's
/// map type, whose order depends on crate features elsewhere in the build.
pub fn canonical_sha256(v: &serde_json::Value) -> String {
    use sha2::{Digest, Sha256};
    let mut out = Vec::new();
    canonical(v, &mut out);
    hex::encode(Sha256::digest(&out))
}

fn canonical(v: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend(serde_json::to_vec(k).unwrap_or_default());
                out.push(b':');
                canonical(&m[k], out);
            }
            out.push(b'}');
        }
        Value::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(x, out);
            }
            out.push(b']');
        }
        other => out.extend(serde_json::to_vec(other).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn canonical_hash_ignores_key_order_and_spacing() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":[1,2]}}"#).unwrap();
        let b: serde_json::Value =
            serde_json::from_str("{ \"a\" : {\"x\":[1, 2], \"y\":2}, \"b\":1 }").unwrap();
        assert_eq!(super::canonical_sha256(&a), super::canonical_sha256(&b));
        let c: serde_json::Value =
            serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":[2,1]}}"#).unwrap();
        assert_ne!(super::canonical_sha256(&a), super::canonical_sha256(&c));
    }
}
