use serde::{Deserialize, Serialize};
use std::fmt;

/// An error parsing one of Moat's named values (severity, action, kind, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{got}`: expected one of {}", expected.join(", "))]
pub struct ParseEnumError {
    what: &'static str,
    got: String,
    expected: &'static [&'static str],
}

impl ParseEnumError {
    /// An error for value `got` of `what`, listing the accepted spellings.
    pub fn new(what: &'static str, got: &str, expected: &'static [&'static str]) -> Self {
        ParseEnumError {
            what,
            got: got.to_owned(),
            expected,
        }
    }
}

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The lowercase name used in configuration and output.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ParseEnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.to_ascii_lowercase().as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ParseEnumError::new($what, s, &[$($text),+])),
                }
            }
        }
    };
}

named_enum!(
    /// How bad a finding is, from `info` to `critical`; ordered, so thresholds compare.
    Severity, "severity", {
        /// Worth knowing; not a problem by itself.
        Info => "info",
        /// A weakness with little direct impact.
        Low => "low",
        /// A real weakness that needs a second condition to be exploited.
        Medium => "medium",
        /// Exploitable as it stands.
        High => "high",
        /// Exploitable now with severe impact (code execution, key exposure, open model).
        Critical => "critical",
    }
);

named_enum!(
    /// How sure a recogniser is of a match.
    Confidence, "confidence", {
        /// The pattern matched but nothing confirmed it.
        Low => "low",
        /// The pattern matched and either a validator or context words support it.
        Medium => "medium",
        /// The pattern matched, validated and (where relevant) had context.
        High => "high",
    }
);

named_enum!(
    /// What a policy does with a match.
    Action, "action", {
        /// Let it pass; still recorded.
        Allow => "allow",
        /// Let it pass and raise an alert.
        Alert => "alert",
        /// Replace the value with a numbered placeholder such as `[EMAIL_1]`.
        Mask => "mask",
        /// Replace the value with a keyed hash of it.
        Hash => "hash",
        /// Replace the value with a fixed marker.
        Redact => "redact",
        /// Replace the value with a placeholder and restore it in the response.
        Pseudonymize => "pseudonymize",
        /// Refuse the whole request or response.
        Block => "block",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        for s in Severity::ALL {
            assert_eq!(s.as_str().parse::<Severity>().unwrap(), *s);
        }
        for a in Action::ALL {
            assert_eq!(a.as_str().parse::<Action>().unwrap(), *a);
        }
        let err = "severe".parse::<Severity>().unwrap_err().to_string();
        assert!(err.contains("`severe`"), "{err}");
    }

    #[test]
    fn ordered() {
        assert!(Severity::Info < Severity::Low && Severity::High < Severity::Critical);
        assert!(Confidence::Low < Confidence::High);
    }
}
