//! The MCP revisions Moat speaks and the checks on their HTTP headers.
//!
//! In the stateless revision (2026-07-28) every POST names its protocol version, its method
//! (`Mcp-Method`) and, for `tools/call`, `prompts/get` and `resources/read`, the tool, prompt or
//! resource (`Mcp-Name`), so that infrastructure can route and authorise on headers alone. A
//! proxy that authorised on the header and forwarded the body would let a header naming one tool
//! smuggle a call to another: Moat checks both agree, and decides on the body. The session-based
//! revisions do not require these headers; when a client sends them anyway they are held to the
//! same rule.

use base64::Engine as _;

use crate::jsonrpc::Message;

/// A protocol revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Revision {
    /// 2025-03-26 (session-based; the version assumed when a client sends no header).
    V2025_03_26,
    /// 2025-06-18 (session-based).
    V2025_06_18,
    /// 2025-11-25 (session-based).
    V2025_11_25,
    /// 2026-07-28 (stateless: no `initialize`, no sessions, no GET stream).
    V2026_07_28,
}

/// Every revision Moat accepts, oldest first.
pub const SUPPORTED: [Revision; 4] = [
    Revision::V2025_03_26,
    Revision::V2025_06_18,
    Revision::V2025_11_25,
    Revision::V2026_07_28,
];

impl Revision {
    /// The latest revision.
    pub const LATEST: Revision = Revision::V2026_07_28;
    /// The latest session-based revision (what Moat speaks to stdio servers).
    pub const LATEST_SESSION: Revision = Revision::V2025_11_25;

    /// Parse the date form.
    pub fn parse(s: &str) -> Option<Revision> {
        SUPPORTED.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The date form.
    pub fn as_str(&self) -> &'static str {
        match self {
            Revision::V2025_03_26 => "2025-03-26",
            Revision::V2025_06_18 => "2025-06-18",
            Revision::V2025_11_25 => "2025-11-25",
            Revision::V2026_07_28 => "2026-07-28",
        }
    }

    /// No `initialize` handshake and no sessions.
    pub fn is_stateless(&self) -> bool {
        *self >= Revision::V2026_07_28
    }
}

/// The parameter `Mcp-Name` must equal for `method`, if any: `params.name` for `tools/call` and
/// `prompts/get`, `params.uri` for `resources/read`.
pub fn name_param<'a>(method: &str, params: &'a serde_json::Value) -> Option<&'a str> {
    let key = match method {
        "tools/call" | "prompts/get" => "name",
        "resources/read" => "uri",
        _ => return None,
    };
    params.get(key).and_then(|v| v.as_str())
}

/// A header value, decoded: values that are not plain ASCII travel as `=?base64?<b64>?=`.
pub fn decode_header_value(raw: &str) -> Result<String, HeaderError> {
    let raw = raw.trim();
    match raw
        .strip_prefix("=?base64?")
        .and_then(|r| r.strip_suffix("?="))
    {
        Some(b64) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|_| HeaderError::Encoding)?;
            String::from_utf8(bytes).map_err(|_| HeaderError::Encoding)
        }
        None => Ok(raw.to_owned()),
    }
}

/// The MCP headers of one HTTP request, as raw strings (`None` when absent).
#[derive(Debug, Clone, Copy, Default)]
pub struct Headers<'a> {
    /// `MCP-Protocol-Version`.
    pub version: Option<&'a str>,
    /// `Mcp-Method`.
    pub method: Option<&'a str>,
    /// `Mcp-Name`.
    pub name: Option<&'a str>,
}

/// A header problem. `Display` says which header and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// `MCP-Protocol-Version` names a revision Moat does not speak.
    #[error(
        "unsupported MCP-Protocol-Version `{0}` (supported: 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28)"
    )]
    UnsupportedVersion(String),
    /// A header the revision requires is missing.
    #[error("missing required header `{0}`")]
    Missing(&'static str),
    /// A header disagrees with the body.
    #[error("header `{header}` says `{header_value}` but the body says `{body_value}`")]
    Mismatch {
        /// Which header.
        header: &'static str,
        /// What it says.
        header_value: String,
        /// What the body says.
        body_value: String,
    },
    /// `=?base64?...?=` that does not decode to UTF-8.
    #[error("a header value is not valid `=?base64?...?=` UTF-8")]
    Encoding,
}

/// The revision a POST speaks: its `MCP-Protocol-Version` header; without one, the
/// `protocolVersion` an `initialize` asks for (if Moat speaks it, else the latest session-based
/// revision, which the server will negotiate), or else 2025-03-26 as the specification says.
pub fn revision_of(headers: &Headers<'_>, msg: &Message) -> Result<Revision, HeaderError> {
    if let Some(v) = headers.version {
        return Revision::parse(v).ok_or_else(|| HeaderError::UnsupportedVersion(v.to_owned()));
    }
    if msg.method() == Some("initialize") {
        let asked = msg.params().get("protocolVersion").and_then(|v| v.as_str());
        return Ok(asked
            .and_then(Revision::parse)
            .filter(|r| !r.is_stateless())
            .unwrap_or(Revision::LATEST_SESSION));
    }
    Ok(Revision::V2025_03_26)
}

/// Check `Mcp-Method` and `Mcp-Name` against the body. Under the stateless revision they are
/// required on requests and notifications; under older ones they are checked when present.
pub fn check(headers: &Headers<'_>, msg: &Message, rev: Revision) -> Result<(), HeaderError> {
    let Some(method) = msg.method() else {
        // A response (the client answering a server's request) carries no method.
        return Ok(());
    };
    match headers.method {
        Some(h) => {
            let h = decode_header_value(h)?;
            if h != method {
                return Err(HeaderError::Mismatch {
                    header: "Mcp-Method",
                    header_value: h,
                    body_value: method.to_owned(),
                });
            }
        }
        None if rev.is_stateless() => return Err(HeaderError::Missing("Mcp-Method")),
        None => {}
    }
    let body_name = name_param(method, msg.params());
    match (headers.name, body_name) {
        (Some(h), body) => {
            let h = decode_header_value(h)?;
            if Some(h.as_str()) != body {
                return Err(HeaderError::Mismatch {
                    header: "Mcp-Name",
                    header_value: h,
                    body_value: body.unwrap_or("(none)").to_owned(),
                });
            }
        }
        (None, Some(_)) if rev.is_stateless() => return Err(HeaderError::Missing("Mcp-Name")),
        (None, _) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonrpc::{Limits, parse};

    fn msg(s: &str) -> Message {
        parse(s.as_bytes(), &Limits::default()).unwrap()
    }

    const CALL: &str = r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_file","arguments":{}}}"#;

    #[test]
    fn stateless_requires_matching_headers() {
        let m = msg(CALL);
        let rev = Revision::V2026_07_28;
        let ok = Headers {
            version: Some("2026-07-28"),
            method: Some("tools/call"),
            name: Some("read_file"),
        };
        assert_eq!(revision_of(&ok, &m), Ok(rev));
        assert!(check(&ok, &m, rev).is_ok());
        let smuggle = Headers {
            name: Some("get_weather"),
            ..ok
        };
        assert!(matches!(
            check(&smuggle, &m, rev),
            Err(HeaderError::Mismatch {
                header: "Mcp-Name",
                ..
            })
        ));
        let wrong_method = Headers {
            method: Some("tools/list"),
            ..ok
        };
        assert!(matches!(
            check(&wrong_method, &m, rev),
            Err(HeaderError::Mismatch {
                header: "Mcp-Method",
                ..
            })
        ));
        let missing = Headers { name: None, ..ok };
        assert_eq!(
            check(&missing, &m, rev),
            Err(HeaderError::Missing("Mcp-Name"))
        );
    }

    #[test]
    fn session_revisions_check_headers_only_when_present() {
        let m = msg(CALL);
        let rev = Revision::V2025_06_18;
        assert!(check(&Headers::default(), &m, rev).is_ok());
        let lie = Headers {
            name: Some("other"),
            ..Headers::default()
        };
        assert!(check(&lie, &m, rev).is_err());
    }

    #[test]
    fn base64_header_values() {
        assert_eq!(decode_header_value("=?base64?w6lsw6g=?=").unwrap(), "élè");
        assert_eq!(
            decode_header_value("=?base64?!!?="),
            Err(HeaderError::Encoding)
        );
        let m = msg(r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"élè"}}"#);
        let h = Headers {
            version: Some("2026-07-28"),
            method: Some("tools/call"),
            name: Some("=?base64?w6lsw6g=?="),
        };
        assert!(check(&h, &m, Revision::V2026_07_28).is_ok());
    }

    #[test]
    fn versions() {
        let init = msg(
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}"#,
        );
        assert_eq!(
            revision_of(&Headers::default(), &init),
            Ok(Revision::V2025_06_18)
        );
        let h = Headers {
            version: Some("1999-01-01"),
            ..Headers::default()
        };
        assert!(matches!(
            revision_of(&h, &init),
            Err(HeaderError::UnsupportedVersion(_))
        ));
        let other = msg(r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#);
        assert_eq!(
            revision_of(&Headers::default(), &other),
            Ok(Revision::V2025_03_26)
        );
    }
}
