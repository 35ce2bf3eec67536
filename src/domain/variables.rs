//! A variable's value as its row shows it: short values whole, long ones folded. Pure.

use serde_json::Value;

/// Values longer than this (in characters) or on more than one line are folded.
pub const FOLD_CHARS: usize = 80;

/// A value as text: a string as it is, anything else as compact JSON; with the pretty JSON
/// to unfold when it is long.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValueText {
    /// What the row shows: the whole value, or its first `FOLD_CHARS` characters and "…".
    pub short: String,
    /// The whole value (pretty JSON for objects and lists), when `short` is not all of it.
    pub full: Option<String>,
    /// The JSON type's name ("string", "number", "object"...).
    pub kind: &'static str,
}

pub fn value_text(value: &Value) -> ValueText {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    };
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let long = text.chars().count() > FOLD_CHARS || text.contains('\n');
    if !long {
        return ValueText {
            short: text,
            full: None,
            kind,
        };
    }
    let first_line = text.lines().next().unwrap_or_default();
    let short: String = first_line.chars().take(FOLD_CHARS).collect();
    let full = match value {
        Value::Array(_) | Value::Object(_) => super::format::pretty_json(value),
        _ => text,
    };
    ValueText {
        short: format!("{short}…"),
        full: Some(full),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_values_whole_long_ones_folded() {
        assert_eq!(
            value_text(&json!("abc")),
            ValueText {
                short: "abc".into(),
                full: None,
                kind: "string"
            }
        );
        assert_eq!(value_text(&json!(42)).short, "42");
        assert_eq!(value_text(&json!(null)).kind, "null");
        assert_eq!(value_text(&json!({"a": 1})).short, "{\"a\":1}");
        let long = "x".repeat(500);
        let folded = value_text(&json!(long));
        assert_eq!(folded.short.chars().count(), FOLD_CHARS + 1);
        assert_eq!(folded.full.as_deref(), Some(long.as_str()));
        let lines = value_text(&json!("one\ntwo"));
        assert_eq!(lines.short, "one…");
        let list: Vec<i64> = (0..100).collect();
        let big = value_text(&json!(list));
        assert_eq!(big.kind, "list");
        assert!(big.full.is_some_and(|f| f.contains("\n  99\n")));
        let wide = "é".repeat(200);
        assert!(
            value_text(&json!(wide)).short.ends_with('…'),
            "cut on characters, not bytes"
        );
    }
}
