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
