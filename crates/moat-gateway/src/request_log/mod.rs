//! The outermost layer: gives every request an id, times it, counts it, and makes sure it yields
//! exactly one audit event (handlers that record a richer event mark the response so this layer
//! does not record a second one).

mod layer;
mod service;

pub use layer::RequestLogLayer;
pub use service::RequestLog;

use std::time::Instant;

/// Per-request facts set by this layer, read by handlers.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// Request id.
    pub id: String,
    /// Arrival.
    pub start: Instant,
    /// RFC 3339 arrival time.
    pub time: String,
}

/// Response extension: the handler recorded the audit event itself.
#[derive(Debug, Clone, Copy)]
pub struct AuditHandled;

/// A client-supplied request id is kept only if short and plain.
pub fn accept_request_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 128
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A new request id: a random (version 4) UUID in its usual text form. Upstreams see it as
/// `x-request-id`, and some (llama-cpp-python's server) answer 400 to one that is not a UUID.
pub fn new_request_id() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod id_tests {
    use super::*;

    #[test]
    fn generated_ids_are_uuids_and_accepted() {
        let id = new_request_id();
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'), "version 4: {id}");
        assert!(
            matches!(&parts[3][..1], "8" | "9" | "a" | "b"),
            "variant: {id}"
        );
        assert!(accept_request_id(&id));
        assert_ne!(id, new_request_id());
    }
}
