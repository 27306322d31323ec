//! Turning an arbitrary JSON value into a Cedar context value, safely.
//!
//! Tool arguments and other hostile input flow through here, so the conversion is bounded: Cedar
//! has no floats and no null, and evaluation cost grows with the size of the context.
//!
//! - `null` is dropped (from records and from arrays).
//! - Integers that fit an `i64` become `Long`; integral floats in range become `Long`; other
//!   floats become `decimal` when Cedar's decimal (4 places, about ±9.2e14) can hold them,
//!   otherwise their decimal text as a string.
//! - Strings longer than [`MAX_STRING_BYTES`] are cut at a character boundary.
//! - Arrays become sets (Cedar sets are unordered and drop duplicates), at most
//!   [`MAX_ITEMS`] elements; objects become records, at most [`MAX_ITEMS`] keys, keys cut to
//!   [`MAX_KEY_BYTES`].
//! - Values nested deeper than [`MAX_DEPTH`] are dropped, and conversion stops adding values
//!   once [`MAX_NODES`] have been converted.

use cedar_policy::RestrictedExpression;
use serde_json::Value;

/// Deepest nesting kept; the context record itself is depth 0.
pub const MAX_DEPTH: usize = 8;
/// Longest string kept, in bytes.
pub const MAX_STRING_BYTES: usize = 4096;
/// Longest record key kept, in bytes.
pub const MAX_KEY_BYTES: usize = 256;
/// Most elements of one array or keys of one object.
pub const MAX_ITEMS: usize = 256;
/// Most values converted in one context.
pub const MAX_NODES: usize = 4096;

/// Largest magnitude Cedar's `decimal` holds (i64::MAX / 10^4, rounded down).
const DECIMAL_LIMIT: f64 = 922_337_203_685_477.0;

pub(crate) struct Budget {
    nodes: usize,
}

impl Budget {
    pub(crate) fn new() -> Self {
        Budget { nodes: 0 }
    }

    fn take(&mut self) -> bool {
        if self.nodes >= MAX_NODES {
            return false;
        }
        self.nodes += 1;
        true
    }
}

/// Cut `s` to at most `max` bytes on a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// The record pairs of a JSON object, bounded; a non-object is kept under the key `value`.
pub(crate) fn record_pairs(v: &Value, budget: &mut Budget) -> Vec<(String, RestrictedExpression)> {
    match v {
        Value::Object(m) => object_pairs(m, 1, budget),
        Value::Null => Vec::new(),
        other => convert(other, 1, budget)
            .map(|e| vec![("value".to_string(), e)])
            .unwrap_or_default(),
    }
}

fn object_pairs(
    m: &serde_json::Map<String, Value>,
    depth: usize,
    budget: &mut Budget,
) -> Vec<(String, RestrictedExpression)> {
    let mut out: Vec<(String, RestrictedExpression)> = Vec::new();
    for (k, v) in m.iter().take(MAX_ITEMS) {
        let key = truncate(k, MAX_KEY_BYTES);
        // Two long keys can collide once cut; keep the first.
        if out.iter().any(|(seen, _)| seen == key) {
            continue;
        }
        if let Some(e) = convert(v, depth, budget) {
            out.push((key.to_string(), e));
        }
    }
    out
}

/// Convert one value at `depth` (1 = a direct attribute of the context). `None` = dropped.
pub(crate) fn convert(
    v: &Value,
    depth: usize,
    budget: &mut Budget,
) -> Option<RestrictedExpression> {
    if depth > MAX_DEPTH || !budget.take() {
        return None;
    }
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => RestrictedExpression::new_bool(*b),
        Value::Number(n) => number(n),
        Value::String(s) => RestrictedExpression::new_string(truncate(s, MAX_STRING_BYTES).into()),
        Value::Array(items) => RestrictedExpression::new_set(
            items
                .iter()
                .take(MAX_ITEMS)
                .filter_map(|x| convert(x, depth + 1, budget))
                .collect::<Vec<_>>(),
        ),
        Value::Object(m) => {
            // Keys are unique after `object_pairs`, so this cannot fail; drop the value if it did.
            RestrictedExpression::new_record(object_pairs(m, depth + 1, budget)).ok()?
        }
    })
}

fn number(n: &serde_json::Number) -> RestrictedExpression {
    if let Some(i) = n.as_i64() {
        return RestrictedExpression::new_long(i);
    }
    if n.as_u64().is_some() {
        // Above i64::MAX.
        return RestrictedExpression::new_string(n.to_string());
    }
    let Some(f) = n.as_f64() else {
        return RestrictedExpression::new_string(n.to_string());
    };
    if !f.is_finite() {
        return RestrictedExpression::new_string(n.to_string());
    }
    // i64::MIN..i64::MAX as f64 bounds; 2^63 itself is out of range.
    if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        #[allow(clippy::cast_possible_truncation)]
        return RestrictedExpression::new_long(f as i64);
    }
    if f.abs() < DECIMAL_LIMIT {
        return RestrictedExpression::new_decimal(format!("{f:.4}"));
    }
    RestrictedExpression::new_string(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("héllo", 3), "hé");
        assert_eq!(truncate("abc", 10), "abc");
    }

    #[test]
    fn depth_beyond_the_limit_is_dropped() {
        let mut v = Value::from(1);
        for _ in 0..20 {
            v = serde_json::json!({ "a": v });
        }
        let mut b = Budget::new();
        let pairs = record_pairs(&v, &mut b);
        assert_eq!(pairs.len(), 1);
        assert!(b.nodes <= MAX_DEPTH);
    }

    #[test]
    fn node_budget_bounds_work() {
        let wide: Vec<Value> = (0..200)
            .map(|i| serde_json::json!([i, i + 1, [i]]))
            .collect();
        let v = serde_json::json!({ "a": wide.clone(), "b": wide.clone(), "c": wide });
        let mut b = Budget::new();
        let _ = record_pairs(&v, &mut b);
        assert!(b.nodes <= MAX_NODES);
    }
}
