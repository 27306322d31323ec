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

/// SHA-256 of the canonical JSON form of `v` (object keys sorted, no insignificant
/// whitespace), as lowercase hex.
pub fn canonical_sha256(v: &serde_json::Value) -> String {
    use sha2::{Digest, Sha256};
    // serde_json's map keeps keys sorted (no `preserve_order`), so this serialisation is
    // canonical for equal values.
    let bytes = serde_json::to_vec(v).unwrap_or_default();
    hex::encode(Sha256::digest(&bytes))
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
