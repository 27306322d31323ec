//! JSON-RPC 2.0 messages as MCP carries them, parsed with bounds.
//!
//! A message is kept as its [`serde_json::Value`] (so that forwarding is faithful) next to the
//! fields Moat decides on. Batches (a JSON array) are refused: MCP removed them in 2025-06-18 and
//! they multiply the work one request can cause.

use serde_json::{Value, json};

/// Standard and MCP error codes used in Moat's answers.
pub mod code {
    /// Invalid JSON.
    pub const PARSE_ERROR: i64 = -32700;
    /// Not a valid request object.
    pub const INVALID_REQUEST: i64 = -32600;
    /// Unknown method.
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// Invalid parameters.
    pub const INVALID_PARAMS: i64 = -32602;
    /// Internal error (also: the upstream failed).
    pub const INTERNAL_ERROR: i64 = -32603;
    /// HTTP headers disagree with the body (MCP 2026-07-28).
    pub const HEADER_MISMATCH: i64 = -32001;
    /// Moat refused the call (authorisation, guard, held tool, denied approval).
    pub const FORBIDDEN: i64 = -32010;
    /// The call waits for a human's approval.
    pub const APPROVAL_PENDING: i64 = -32011;
    /// The approval was denied or has expired.
    pub const APPROVAL_DENIED: i64 = -32012;
}

/// Limits on one message.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest message, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and objects.
    pub max_depth: usize,
    /// Longest method name.
    pub max_method: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 4 << 20,
            max_depth: 64,
            max_method: 256,
        }
    }
}

/// A JSON-RPC id: a string or an integer (MCP forbids null).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Id {
    /// A numeric id.
    Num(i64),
    /// A string id.
    Str(String),
}

impl Id {
    /// From a JSON value, if it is a valid id.
    pub fn from_value(v: &Value) -> Option<Id> {
        match v {
            Value::String(s) => Some(Id::Str(s.clone())),
            Value::Number(n) => n.as_i64().map(Id::Num),
            _ => None,
        }
    }

    /// As a JSON value.
    pub fn to_value(&self) -> Value {
        match self {
            Id::Num(n) => json!(n),
            Id::Str(s) => json!(s),
        }
    }
}

/// What kind of message it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A request (has `id` and `method`).
    Request {
        /// Its id.
        id: Id,
        /// Its method.
        method: String,
    },
    /// A notification (has `method`, no `id`).
    Notification {
        /// Its method.
        method: String,
    },
    /// A response (has `id` and `result` or `error`).
    Response {
        /// The id of the request it answers.
        id: Id,
        /// It carries `error`.
        is_error: bool,
    },
}

/// One parsed message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The decoded kind.
    pub kind: Kind,
    /// The whole message.
    pub value: Value,
}

/// Why a message was refused. `Display` names the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Larger than allowed.
    #[error("message of {0} bytes is over the limit of {1} bytes")]
    TooLarge(usize, usize),
    /// Not JSON (serde's message names line and column).
    #[error("invalid JSON: {0}")]
    Json(String),
    /// Nested too deeply.
    #[error("JSON nested deeper than {0} levels")]
    TooDeep(usize),
    /// A JSON array: batches are not accepted.
    #[error(
        "JSON-RPC batches are not accepted (removed from MCP in 2025-06-18); send one message per request"
    )]
    Batch,
    /// Structurally not JSON-RPC 2.0.
    #[error("not a JSON-RPC 2.0 message: {0}")]
    Invalid(String),
}

impl ParseError {
    /// The JSON-RPC error code that answers it.
    pub fn code(&self) -> i64 {
        match self {
            ParseError::Json(_) => code::PARSE_ERROR,
            _ => code::INVALID_REQUEST,
        }
    }
}

/// Deepest nesting of `bytes`, counted without parsing (strings skipped), stopping early once
/// over `max`.
fn depth_exceeds(bytes: &[u8], max: usize) -> bool {
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    for &b in bytes {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Parse one message from `bytes`, within `limits`.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Message, ParseError> {
    if bytes.len() > limits.max_bytes {
        return Err(ParseError::TooLarge(bytes.len(), limits.max_bytes));
    }
    if depth_exceeds(bytes, limits.max_depth) {
        return Err(ParseError::TooDeep(limits.max_depth));
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| ParseError::Json(e.to_string()))?;
    from_value(value, limits)
}

/// Classify an already decoded value.
pub fn from_value(value: Value, limits: &Limits) -> Result<Message, ParseError> {
    let obj = match &value {
        Value::Array(_) => return Err(ParseError::Batch),
        Value::Object(o) => o,
        _ => return Err(ParseError::Invalid("expected a JSON object".into())),
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(ParseError::Invalid("`jsonrpc` must be \"2.0\"".into()));
    }
    let id = match obj.get("id") {
        None => None,
        Some(v) => Some(
            Id::from_value(v)
                .ok_or_else(|| ParseError::Invalid("`id` must be a string or an integer".into()))?,
        ),
    };
    let kind = match (obj.get("method"), id) {
        (Some(m), id) => {
            let method = m
                .as_str()
                .ok_or_else(|| ParseError::Invalid("`method` must be a string".into()))?;
            if method.is_empty() || method.len() > limits.max_method {
                return Err(ParseError::Invalid(format!(
                    "`method` must be 1 to {} bytes long",
                    limits.max_method
                )));
            }
            if let Some(p) = obj.get("params")
                && !p.is_object()
            {
                return Err(ParseError::Invalid("`params` must be an object".into()));
            }
            match id {
                Some(id) => Kind::Request {
                    id,
                    method: method.to_owned(),
                },
                None => Kind::Notification {
                    method: method.to_owned(),
                },
            }
        }
        (None, Some(id)) => {
            let (r, e) = (obj.contains_key("result"), obj.contains_key("error"));
            if r == e {
                return Err(ParseError::Invalid(
                    "a response carries exactly one of `result` and `error`".into(),
                ));
            }
            Kind::Response { id, is_error: e }
        }
        (None, None) => {
            return Err(ParseError::Invalid(
                "neither a request (`method`) nor a response (`id`)".into(),
            ));
        }
    };
    Ok(Message { kind, value })
}

impl Message {
    /// The method of a request or notification.
    pub fn method(&self) -> Option<&str> {
        match &self.kind {
            Kind::Request { method, .. } | Kind::Notification { method } => Some(method),
            Kind::Response { .. } => None,
        }
    }

    /// The id of a request or response.
    pub fn id(&self) -> Option<&Id> {
        match &self.kind {
            Kind::Request { id, .. } | Kind::Response { id, .. } => Some(id),
            Kind::Notification { .. } => None,
        }
    }

    /// `params`, or an empty object.
    pub fn params(&self) -> &Value {
        static EMPTY: Value = Value::Null;
        self.value.get("params").unwrap_or(&EMPTY)
    }

    /// `result` of a successful response.
    pub fn result(&self) -> Option<&Value> {
        self.value.get("result")
    }
}

/// A JSON-RPC error response (`id` null when the request's id is unknown).
pub fn error_response(id: Option<&Id>, code: i64, message: &str, data: Option<Value>) -> Value {
    let mut err = json!({"code": code, "message": message});
    if let Some(d) = data {
        err["data"] = d;
    }
    json!({
        "jsonrpc": "2.0",
        "id": id.map(Id::to_value).unwrap_or(Value::Null),
        "error": err,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Message, ParseError> {
        parse(s.as_bytes(), &Limits::default())
    }

    #[test]
    fn classifies_messages() {
        let m = p(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#).unwrap();
        assert_eq!(m.method(), Some("tools/list"));
        assert_eq!(m.id(), Some(&Id::Num(1)));
        let n = p(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).unwrap();
        assert!(matches!(n.kind, Kind::Notification { .. }));
        let r = p(r#"{"jsonrpc":"2.0","id":"a","result":{}}"#).unwrap();
        assert!(matches!(
            r.kind,
            Kind::Response {
                is_error: false,
                ..
            }
        ));
    }

    #[test]
    fn refuses_bad_messages_with_clear_errors() {
        assert_eq!(p("[]").unwrap_err(), ParseError::Batch);
        assert!(matches!(p("{").unwrap_err(), ParseError::Json(_)));
        assert!(matches!(
            p(r#"{"id":1,"method":"x"}"#).unwrap_err(),
            ParseError::Invalid(_)
        ));
        assert!(matches!(
            p(r#"{"jsonrpc":"2.0","id":null,"method":"x"}"#).unwrap_err(),
            ParseError::Invalid(_)
        ));
        assert!(matches!(
            p(r#"{"jsonrpc":"2.0","id":1,"method":"x","params":[1]}"#).unwrap_err(),
            ParseError::Invalid(_)
        ));
        assert!(matches!(
            p(r#"{"jsonrpc":"2.0","id":1,"result":{},"error":{}}"#).unwrap_err(),
            ParseError::Invalid(_)
        ));
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(p(&deep).unwrap_err(), ParseError::TooDeep(64));
        let lim = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0"}"#, &lim).unwrap_err(),
            ParseError::TooLarge(..)
        ));
        assert!(matches!(p("\u{0}\u{ff}").unwrap_err(), ParseError::Json(_)));
    }

    #[test]
    fn brackets_inside_strings_do_not_count_as_depth() {
        let s = format!(
            r#"{{"jsonrpc":"2.0","id":1,"method":"x","params":{{"a":"{}"}}}}"#,
            "[".repeat(500)
        );
        assert!(p(&s).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = parse(&bytes, &Limits::default());
        }
    }
}
