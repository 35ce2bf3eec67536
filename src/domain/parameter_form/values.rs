//! Values to text and back: the form's starting text, and what was typed checked and turned
//! into parameters.

use super::*;
use serde_json::Number;

/// The text each field starts with: the deployment's own value for it where it has one,
/// else the default its enclosing object's default gives it, else the schema's default.
pub fn initial_values(fields: &[Field], parameters: &Map<String, Value>) -> FormValues {
    let mut values = FormValues::new();
    let set = Value::Object(parameters.clone());
    fill(fields, Some(&set), None, &mut values);
    values
}

fn fill(fields: &[Field], set: Option<&Value>, defaults: Option<&Value>, out: &mut FormValues) {
    for field in fields {
        let own = set.and_then(|s| s.get(&field.name));
        let default = defaults
            .and_then(|d| d.get(&field.name))
            .or(field.default.as_ref());
        match &field.kind {
            FieldKind::Object(children) => fill(children, own, default, out),
            kind => {
                let text = own.or(default).map(|v| to_text(kind, v));
                out.insert(field.path.clone(), text.unwrap_or_default());
            }
        }
    }
}

/// Every field that has an input of its own (objects are their fields).
pub fn leaves(fields: &[Field]) -> Vec<&Field> {
    let mut out = Vec::new();
    for field in fields {
        match &field.kind {
            FieldKind::Object(children) => out.extend(leaves(children)),
            _ => out.push(field),
        }
    }
    out
}

/// The fields re-rooted under `prefix` (`x.y` becomes `prefix.x.y`), so a form that holds
/// them beside fields of its own (a deployment's defaults, a paused run's input) keeps its
/// paths apart; `build` reads them back from the same paths.
pub fn under(prefix: &str, fields: Vec<Field>) -> Vec<Field> {
    fields
        .into_iter()
        .map(|mut field| {
            field.path = format!("{prefix}.{}", field.path);
            if let FieldKind::Object(children) = field.kind {
                field.kind = FieldKind::Object(under(prefix, children));
            }
            field
        })
        .collect()
}

/// A reference to the saved block of this id, as the server takes it in a block's data.
pub fn block_reference(id: uuid::Uuid) -> Value {
    serde_json::json!({"$ref": {"block_document_id": id}})
}

/// A value as its field's text.
pub fn to_text(kind: &FieldKind, value: &Value) -> String {
    match (kind, value) {
        (_, Value::Null) => String::new(),
        // A reference's id; a block's inlined data has no id to show.
        (FieldKind::Block(_), value) => value
            .pointer("/$ref/block_document_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        (FieldKind::Text { .. }, Value::String(s)) => s.clone(),
        (FieldKind::Boolean, Value::Bool(b)) => b.to_string(),
        (FieldKind::Number { .. }, Value::Number(n)) => n.to_string(),
        (FieldKind::List(item), Value::Array(items)) => items
            .iter()
            .map(|v| to_text(item, v))
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::Json(_), value) => {
            serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
        }
        (_, value) => value.to_string(),
    }
}

/// One field's text as its value: `Ok(None)` when left empty.
fn parse(kind: &FieldKind, text: &str) -> Result<Option<Value>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() && !matches!(kind, FieldKind::Boolean) {
        return Ok(None);
    }
    let value = match kind {
        FieldKind::Text {
            format,
            min_length,
            max_length,
        } => {
            match format {
                TextFormat::DateTime => {
                    chrono::DateTime::parse_from_rfc3339(trimmed).map_err(|_| {
                        "Enter a date and time with its offset, like 2026-12-02T09:30:00Z"
                            .to_string()
                    })?;
                }
                TextFormat::Date => {
                    chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                        .map_err(|_| "Enter a date like 2026-12-02".to_string())?;
                }
                TextFormat::Plain | TextFormat::Password => {}
            }
            let text = if matches!(format, TextFormat::Plain | TextFormat::Password) {
                text
            } else {
                trimmed
            };
            let length = text.chars().count() as u64;
            if let Some(min) = min_length.filter(|min| length < *min) {
                return Err(format!("At least {min} characters"));
            }
            if let Some(max) = max_length.filter(|max| length > *max) {
                return Err(format!("At most {max} characters"));
            }
            Value::String(text.to_string())
        }
        FieldKind::Number {
            integer,
            minimum,
            maximum,
        } => {
            let number = if *integer {
                let n: i64 = trimmed
                    .parse()
                    .map_err(|_| "Enter a whole number".to_string())?;
                Number::from(n)
            } else {
                trimmed
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .ok_or_else(|| "Enter a number".to_string())?
            };
            let as_f64 = number.as_f64().unwrap_or_default();
            if let Some(min) = minimum.filter(|min| as_f64 < *min) {
                return Err(format!("At least {min}"));
            }
            if let Some(max) = maximum.filter(|max| as_f64 > *max) {
                return Err(format!("At most {max}"));
            }
            Value::Number(number)
        }
        FieldKind::Boolean => match trimmed {
            "true" => Value::Bool(true),
            "false" | "" => Value::Bool(false),
            _ => return Err("Choose true or false".into()),
        },
        FieldKind::Choice(options) => {
            let value = serde_json::from_str::<Value>(trimmed)
                .unwrap_or_else(|_| Value::String(trimmed.to_string()));
            if !options.contains(&value) {
                return Err("Choose one of the listed values".into());
            }
            value
        }
        FieldKind::List(item) => {
            let mut items = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match parse(item, line) {
                    Ok(Some(value)) => items.push(value),
                    Ok(None) => {}
                    Err(e) => return Err(format!("Line {}: {e}", n + 1)),
                }
            }
            Value::Array(items)
        }
        FieldKind::Object(_) => return Err("An object has no text of its own".into()),
        FieldKind::Block(_) => {
            let id = uuid::Uuid::parse_str(trimmed).map_err(|_| "Choose a block".to_string())?;
            block_reference(id)
        }
        FieldKind::Json(_) => {
            serde_json::from_str(trimmed).map_err(|e| format!("Not valid JSON: {e}"))?
        }
    };
    Ok(Some(value))
}

/// The parameters the form's text makes, or every field's error. An empty optional field
/// is left out (the deployment's value or the flow's default applies); an empty required
/// field that allows null is sent as null.
pub fn build(fields: &[Field], values: &FormValues) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let parameters = build_object(fields, values, &mut errors);
    if errors.is_empty() {
        Ok(parameters)
    } else {
        Err(errors)
    }
}

fn build_object(
    fields: &[Field],
    values: &FormValues,
    errors: &mut Vec<FieldError>,
) -> Map<String, Value> {
    let mut object = Map::new();
    for field in fields {
        let value = match &field.kind {
            FieldKind::Object(children) => {
                let inner = build_object(children, values, errors);
                (!inner.is_empty() || field.required).then_some(Value::Object(inner))
            }
            kind => {
                let text = values.get(&field.path).map(String::as_str).unwrap_or("");
                match parse(kind, text) {
                    Ok(Some(value)) => Some(value),
                    Ok(None) if field.required && field.nullable => Some(Value::Null),
                    Ok(None) if field.required => {
                        errors.push(FieldError::new(&field.path, "Required"));
                        None
                    }
                    Ok(None) => None,
                    Err(message) => {
                        errors.push(FieldError::new(&field.path, message));
                        None
                    }
                }
            }
        };
        if let Some(value) = value {
            object.insert(field.name.clone(), value);
        }
    }
    object
}

/// Parameters typed as one JSON object (the raw editor).
pub fn parse_raw(text: &str) -> Result<Map<String, Value>, Vec<FieldError>> {
    match serde_json::from_str::<Value>(text.trim()) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(vec![FieldError::new(
            "",
            "Enter a JSON object of parameters",
        )]),
        Err(e) => Err(vec![FieldError::new("", format!("Not valid JSON: {e}"))]),
    }
}
