//! Reading an unchecked stream event for the little the gateway needs from it, without building
//! a JSON tree: the bytes of output text it carries (for the token estimate when the upstream
//! reports no usage) and its top-level `sequence_number` (Responses API).
//!
//! The event is walked once by serde_json with visitors that keep nothing: strings are measured
//! where they stand, keys are compared and dropped. On a route whose streams are neither
//! checked nor restored this replaces a parse into `Value` and a re-serialisation per event.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// What [`measure`] read off one event.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// Bytes of output text: strings under `content`, `text`, `delta`, `arguments`,
    /// `partial_json`, `thinking` and `refusal`, at any depth. An upper estimate (a Responses
    /// API `*.done` event repeats text its deltas carried): it feeds only the token estimate
    /// used when the upstream reports no usage, where counting high errs towards the limit.
    pub text_bytes: usize,
    /// The top-level `sequence_number`, if any.
    pub sequence: Option<u64>,
}

/// Measure one event's JSON; `None` when it is not JSON.
pub fn measure(data: &str) -> Option<Measured> {
    let mut m = Measured::default();
    let mut de = serde_json::Deserializer::from_str(data);
    Walk {
        out: &mut m,
        text: false,
        top: true,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(m)
}

const TEXT_KEYS: [&str; 7] = [
    "content",
    "text",
    "delta",
    "arguments",
    "partial_json",
    "thinking",
    "refusal",
];

struct Walk<'a> {
    out: &'a mut Measured,
    /// Strings here are output text.
    text: bool,
    /// This is the event's top-level object.
    top: bool,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        if self.text {
            self.out.text_bytes += v.len();
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Walk {
                out: &mut *self.out,
                text: self.text,
                top: false,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Sequence if self.top => {
                    // Read whole whatever it is, so that a wrong type leaves the walk intact.
                    self.out.sequence = map.next_value::<serde_json::Value>()?.as_u64();
                }
                Key::Text => map.next_value_seed(Walk {
                    out: &mut *self.out,
                    text: true,
                    top: false,
                })?,
                _ => map.next_value_seed(Walk {
                    out: &mut *self.out,
                    text: false,
                    top: false,
                })?,
            }
        }
        Ok(())
    }
}

enum Key {
    Text,
    Sequence,
    Other,
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(if v == "sequence_number" {
            Key::Sequence
        } else if TEXT_KEYS.contains(&v) {
            Key::Text
        } else {
            Key::Other
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn measures_text_where_each_provider_puts_it() {
        let chat = r#"{"id":"x","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"héllo"},"finish_reason":null}]}"#;
        assert_eq!(measure(chat).unwrap().text_bytes, "héllo".len());
        let resp = r#"{"type":"response.output_text.delta","sequence_number":7,"item_id":"msg_1","delta":"abc","logprobs":[]}"#;
        assert_eq!(
            measure(resp).unwrap(),
            Measured {
                text_bytes: 3,
                sequence: Some(7)
            }
        );
        let claude = r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi \"you\""}}"#;
        // Each key decides for its own value: the `type` inside `delta` is not text.
        assert_eq!(measure(claude).unwrap().text_bytes, "hi \"you\"".len());
        let tool = r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\"a\":1}"}}]}}]}"#;
        assert_eq!(measure(tool).unwrap().text_bytes, r#"{"a":1}"#.len());
    }

    #[test]
    fn only_the_top_level_sequence_number_counts() {
        let ev = r#"{"response":{"sequence_number":3},"x":1}"#;
        assert_eq!(measure(ev).unwrap().sequence, None);
        let ev = r#"{"sequence_number":"nine"}"#;
        assert_eq!(measure(ev).unwrap().sequence, None);
    }

    #[test]
    fn not_json_is_none() {
        for bad in [
            "",
            "{",
            "{\"a\":1} trailing",
            "[1,2",
            "\u{0}",
            "{\"a\":\"\\ud800\"}x",
        ] {
            assert_eq!(measure(bad), None, "{bad:?}");
        }
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(measure(&deep), None);
    }
}
