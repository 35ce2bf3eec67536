//! A variable created or changed: its name by Prefect's rules (lowercase letters, numbers,
//! dashes and underscores, at most 255), its value as text (kept a string, no quotes to
//! type) or as JSON of any type, at most the server's 5,000 bytes as JSON, and its
//! tags; each mistake beside its field, what a save changes said in words.

use super::forms::{change, tag_list, text, Checked, FieldError, FormValues};
use crate::schemas::actions::{VariableCreate, VariableUpdate};
use crate::schemas::Variable;
use serde_json::Value;

pub const NAME: &str = "name";
/// "string" (the value is the text as typed) or "json".
pub const KIND: &str = "kind";
pub const VALUE: &str = "value";
pub const TAGS: &str = "tags";

/// The fields a server's refusal may name.
pub const VARIABLE_FIELDS: [&str; 3] = [NAME, VALUE, TAGS];

/// Prefect's longest variable name.
pub const MAX_NAME: usize = 255;
/// Prefect's longest value, in bytes of its JSON.
pub const MAX_VALUE: usize = 5000;

/// What the value's kind menu offers.
pub fn kinds() -> Vec<(String, String)> {
    vec![
        ("string".into(), "Text (a string)".into()),
        (
            "json".into(),
            "JSON (a number, true/false, a list, an object, null)".into(),
        ),
    ]
}

/// A new variable's first values: a text value.
pub fn new_values() -> FormValues {
    FormValues::from([(KIND.to_string(), "string".to_string())])
}

/// The form's values for a variable as it is: a string as its text, anything else as JSON.
pub fn variable_values(v: &Variable) -> FormValues {
    let (kind, value) = match &v.value {
        Value::String(s) => ("string", s.clone()),
        other => (
            "json",
            serde_json::to_string_pretty(other).unwrap_or_default(),
        ),
    };
    FormValues::from([
        (NAME.to_string(), v.name.clone()),
        (KIND.to_string(), kind.to_string()),
        (VALUE.to_string(), value),
        (TAGS.to_string(), v.tags.join(", ")),
    ])
}

/// The name, by Prefect's rules for variable names.
fn variable_name(values: &FormValues) -> Result<String, FieldError> {
    let name = text(values, NAME);
    if name.is_empty() {
        return Err(FieldError::new(NAME, "A name is required."));
    }
    if name.chars().count() > MAX_NAME {
        return Err(FieldError::new(
            NAME,
            format!("A name is at most {MAX_NAME} characters."),
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
    {
        return Err(FieldError::new(
            NAME,
            format!(
                "A variable's name holds only lowercase letters, numbers, dashes and \
                 underscores (not \"{bad}\")."
            ),
        ));
    }
    Ok(name)
}

/// The value as the kind says, within the server's size.
fn variable_value(values: &FormValues) -> Result<Value, FieldError> {
    // The text as typed (not trimmed: a string's spaces are its own).
    let raw = values.get(VALUE).cloned().unwrap_or_default();
    let value = if text(values, KIND) == "json" {
        serde_json::from_str::<Value>(&raw).map_err(|e| {
            FieldError::new(
                VALUE,
                format!("Not JSON ({e}); choose Text to keep it a string."),
            )
        })?
    } else {
        Value::String(raw)
    };
    // The server measures the value's JSON in bytes.
    let size = serde_json::to_string(&value).map_or(0, |json| json.len());
    if size > MAX_VALUE {
        return Err(FieldError::new(
            VALUE,
            format!("The value is {size} bytes as JSON; Prefect keeps at most {MAX_VALUE}."),
        ));
    }
    Ok(value)
}

/// A value as a change line shows it (cut short).
fn value_words(value: &Value) -> String {
    let json = value.to_string();
    let mut words: String = json.chars().take(60).collect();
    if words.len() < json.len() {
        words.push('…');
    }
    words
}

fn tag_words(tags: &[String]) -> String {
    if tags.is_empty() {
        "none".into()
    } else {
        tags.join(", ")
    }
}

/// The checked name, value and tags, or every field to fix.
fn checked(values: &FormValues) -> Result<(String, Value, Vec<String>), Vec<FieldError>> {
    let mut checked = Checked::default();
    let name = checked.check(variable_name(values));
    let value = checked.check(variable_value(values));
    checked.into_result(())?;
    Ok((name, value, tag_list(values, TAGS)))
}

/// A new variable from the form, said in words.
pub fn variable_create(
    values: &FormValues,
) -> Result<(VariableCreate, Vec<String>), Vec<FieldError>> {
    let (name, value, tags) = checked(values)?;
    let mut lines = vec![
        format!("Creates the variable {name}"),
        format!("Value: {}", value_words(&value)),
    ];
    if !tags.is_empty() {
        lines.push(format!("Tags: {}", tags.join(", ")));
    }
    Ok((VariableCreate { name, value, tags }, lines))
}

/// A variable's edit: only what changed is sent, each said.
pub fn variable_update(
    current: &Variable,
    values: &FormValues,
) -> Result<(VariableUpdate, Vec<String>), Vec<FieldError>> {
    let (name, value, tags) = checked(values)?;
    let mut body = VariableUpdate::default();
    let mut lines = Vec::new();
    if name != current.name {
        lines.push(change("Name", current.name.clone(), name.clone()));
        body.name = Some(name);
    }
    if value != current.value {
        lines.push(change(
            "Value",
            value_words(&current.value),
            value_words(&value),
        ));
        body.value = Some(value);
    }
    if tags != current.tags {
        lines.push(change("Tags", tag_words(&current.tags), tag_words(&tags)));
        body.tags = Some(tags);
    }
    Ok((body, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::values;
    use serde_json::json;

    fn variable(value: Value) -> Variable {
        serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000001",
            "name": "region", "value": value, "tags": ["infra"],
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_value_is_text_as_typed_or_json_of_any_type() {
        let form = values(&[(NAME, "region"), (KIND, "string"), (VALUE, " eu-west-1 ")]);
        let (body, lines) = variable_create(&form).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(body.value, json!(" eu-west-1 "));
        assert_eq!(lines[0], "Creates the variable region");
        for (typed, want) in [
            ("42", json!(42)),
            ("true", json!(true)),
            ("null", Value::Null),
            (r#"{"a": [1, 2]}"#, json!({"a": [1, 2]})),
            (r#""quoted""#, json!("quoted")),
        ] {
            let form = values(&[(NAME, "n"), (KIND, "json"), (VALUE, typed)]);
            let (body, _) = variable_create(&form).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert_eq!(body.value, want, "{typed}");
        }
        let not_json = values(&[(NAME, "n"), (KIND, "json"), (VALUE, "eu-west-1")]);
        let errors = variable_create(&not_json).err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("choose Text"), "{errors:?}");
    }

    #[test]
    fn names_and_sizes_are_refused_as_the_server_would_with_the_limit_named() {
        for bad in ["Region", "my var", "a/b", "é"] {
            let form = values(&[(NAME, bad), (KIND, "string"), (VALUE, "x")]);
            let errors = variable_create(&form).err().unwrap_or_default();
            assert_eq!(errors.first().map(|e| e.path.as_str()), Some(NAME), "{bad}");
        }
        let long_name = "a".repeat(256);
        let form = values(&[(NAME, &long_name), (KIND, "string"), (VALUE, "x")]);
        assert!(variable_create(&form).is_err());
        // 4,998 characters and its two quotes: the most the server keeps.
        let most = "x".repeat(4998);
        let form = values(&[(NAME, "big"), (KIND, "string"), (VALUE, &most)]);
        assert!(variable_create(&form).is_ok());
        let over = "x".repeat(4999);
        let form = values(&[(NAME, "big"), (KIND, "string"), (VALUE, &over)]);
        let errors = variable_create(&form).err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.path == VALUE && e.message.contains("5000")),
            "{errors:?}"
        );
        // Both mistakes at once.
        let form = values(&[(NAME, ""), (KIND, "json"), (VALUE, "{")]);
        assert_eq!(variable_create(&form).err().unwrap_or_default().len(), 2);
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let current = variable(json!({"zone": "a"}));
        let form = variable_values(&current);
        assert_eq!(form.get(KIND).map(String::as_str), Some("json"));
        let (body, lines) = variable_update(&current, &form).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(body, VariableUpdate::default());
        assert!(lines.is_empty());
        let mut changed = form.clone();
        changed.extend(values(&[
            (KIND, "string"),
            (VALUE, "b"),
            (TAGS, "infra, eu"),
        ]));
        let (body, lines) = variable_update(&current, &changed).unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"value": "b", "tags": ["infra", "eu"]})
        );
        assert_eq!(lines.len(), 2);
        let text = variable(json!("plain"));
        assert_eq!(
            variable_values(&text).get(VALUE).map(String::as_str),
            Some("plain")
        );
    }
}
