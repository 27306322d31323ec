//! Tool pinning: a defence against rug pulls (a tool that changes after it was trusted) and
//! shadowing (a tool that takes the name of another server's tool).
//!
//! The first time Moat sees a server's tools it records a hash of each definition (trust on
//! first use), except tools that look poisoned or shadow another server's tool. From then on,
//! a listed tool whose hash differs from its pin, a new tool, or a tool named like another
//! server's is *held*: left out of `tools/list` and refused in `tools/call` until an operator
//! approves it (`moat mcp approve SERVER TOOL`), which pins its current hash.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// What a pin holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// [`tool_hash`] of the approved definition.
    pub hash: String,
    /// `first-use`, or the operator who approved it.
    pub approved_by: String,
    /// RFC 3339 time.
    pub at: String,
    /// Whether the gateway has written the pin's audit event (each pin is audited once).
    #[serde(default)]
    pub audited: bool,
}

impl Pin {
    /// Pinned automatically on first sight (not by a person).
    pub fn is_first_use(&self) -> bool {
        self.approved_by == FIRST_USE
    }
}

/// `approved_by` of pins recorded on first use.
pub const FIRST_USE: &str = "first-use";

/// SHA-256 (hex) of the parts of a tool definition that tell the model what it does and how to
/// call it: name, title, description, input and output schemas, annotations.
pub fn tool_hash(tool: &Value) -> String {
    let pick = |k: &str| tool.get(k).cloned().unwrap_or(Value::Null);
    crate::canonical_sha256(&json!({
        "name": pick("name"),
        "title": pick("title"),
        "description": pick("description"),
        "inputSchema": pick("inputSchema"),
        "outputSchema": pick("outputSchema"),
        "annotations": pick("annotations"),
    }))
}

/// The decision on one listed tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Its hash matches its pin: offered.
    Pinned,
    /// Seen for the first time on a server with no pins yet: pinned now and offered.
    PinnedNow,
    /// A tool the server did not have when it was pinned: held.
    New,
    /// Its definition differs from its pin: held (a rug pull, or an update to review).
    Changed {
        /// The pinned hash.
        pinned: String,
    },
    /// Another server offers a tool of the same name: held.
    Shadowing {
        /// That server.
        other_server: String,
    },
    /// The poisoning checks flagged it: held.
    Poisoned,
}

impl Status {
    /// Offered to clients and callable.
    pub fn allowed(&self) -> bool {
        matches!(self, Status::Pinned | Status::PinnedNow)
    }

    /// Short code for tables and audit events.
    pub fn code(&self) -> &'static str {
        match self {
            Status::Pinned => "pinned",
            Status::PinnedNow => "pinned_now",
            Status::New => "new",
            Status::Changed { .. } => "changed",
            Status::Shadowing { .. } => "shadowing",
            Status::Poisoned => "poisoned",
        }
    }
}

/// What is known about one listed tool when deciding.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// Its current hash.
    pub hash: &'a str,
    /// Its pin, if any.
    pub pin: Option<&'a Pin>,
    /// The server had no pins at all before this listing.
    pub server_unpinned: bool,
    /// Another server offering a tool of this name, if any.
    pub shadows: Option<&'a str>,
    /// The poisoning checks flagged it.
    pub poisoned: bool,
}

/// Decide on one tool. An operator's explicit approval of this exact hash overrides the
/// poisoning and shadowing checks (they can be wrong); a first-use pin does not.
pub fn decide(f: Facts<'_>) -> Status {
    if let Some(p) = f.pin
        && p.hash == f.hash
        && !p.is_first_use()
    {
        return Status::Pinned;
    }
    if f.poisoned {
        return Status::Poisoned;
    }
    if let Some(p) = f.pin {
        if p.hash == f.hash {
            return match f.shadows {
                Some(o) => Status::Shadowing {
                    other_server: o.to_owned(),
                },
                None => Status::Pinned,
            };
        }
        return Status::Changed {
            pinned: p.hash.clone(),
        };
    }
    if let Some(o) = f.shadows {
        return Status::Shadowing {
            other_server: o.to_owned(),
        };
    }
    if f.server_unpinned {
        Status::PinnedNow
    } else {
        Status::New
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(hash: &str, by: &str) -> Pin {
        Pin {
            hash: hash.into(),
            approved_by: by.into(),
            at: "2026-01-01T00:00:00Z".into(),
            audited: false,
        }
    }

    fn facts<'a>(hash: &'a str, pin: Option<&'a Pin>) -> Facts<'a> {
        Facts {
            hash,
            pin,
            server_unpinned: false,
            shadows: None,
            poisoned: false,
        }
    }

    #[test]
    fn hash_covers_what_the_model_reads() {
        let a = json!({"name":"t","description":"d","inputSchema":{"type":"object"}});
        let b = json!({"name":"t","description":"d!","inputSchema":{"type":"object"}});
        let c = json!({"name":"t","description":"d","inputSchema":{"type":"object","properties":{"x":{}}}});
        let d =
            json!({"description":"d","name":"t","inputSchema":{"type":"object"},"_meta":{"x":1}});
        assert_ne!(tool_hash(&a), tool_hash(&b));
        assert_ne!(tool_hash(&a), tool_hash(&c));
        assert_eq!(tool_hash(&a), tool_hash(&d));
    }

    #[test]
    fn first_use_then_rug_pull() {
        let f = Facts {
            server_unpinned: true,
            ..facts("h1", None)
        };
        assert_eq!(decide(f), Status::PinnedNow);
        let p = pin("h1", FIRST_USE);
        assert_eq!(decide(facts("h1", Some(&p))), Status::Pinned);
        assert_eq!(
            decide(facts("h2", Some(&p))),
            Status::Changed {
                pinned: "h1".into()
            }
        );
        assert_eq!(decide(facts("h9", None)), Status::New);
    }

    #[test]
    fn poisoned_and_shadowing_are_held_until_an_operator_approves() {
        let f = Facts {
            server_unpinned: true,
            poisoned: true,
            ..facts("h1", None)
        };
        assert_eq!(decide(f), Status::Poisoned);
        let f = Facts {
            server_unpinned: true,
            shadows: Some("bank"),
            ..facts("h1", None)
        };
        assert!(matches!(decide(f), Status::Shadowing { .. }));
        let op = pin("h1", "alice");
        let f = Facts {
            poisoned: true,
            shadows: Some("bank"),
            ..facts("h1", Some(&op))
        };
        assert_eq!(decide(f), Status::Pinned);
        // The operator approved another definition: the change is still held.
        let f = Facts {
            poisoned: true,
            ..facts("h2", Some(&op))
        };
        assert_eq!(decide(f), Status::Poisoned);
    }
}
