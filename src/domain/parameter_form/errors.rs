//! Errors next to their fields: the server's validation answers read into field paths.

use super::*;

/// The messages that belong to the field at `path`: its own, and its items' for a list or
/// a JSON field ("item 2: ...").
pub fn messages_for(errors: &[FieldError], path: &str) -> Vec<String> {
    errors
        .iter()
        .filter_map(|e| {
            if e.path == path {
                Some(e.message.clone())
            } else {
                let rest = e.path.strip_prefix(path)?.strip_prefix('.')?;
                Some(match rest.parse::<usize>() {
                    Ok(index) => format!("Item {}: {}", index + 1, e.message),
                    Err(_) => format!("{rest}: {}", e.message),
                })
            }
        })
        .collect()
}

/// The errors of `POST /ui/schemas/validate`'s answer (`{"valid": false, "errors": [...]}`,
/// each a message or `{"property"|"index": ..., "errors": [...]}`), with dotted paths.
pub fn validation_errors(answer: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let Some(errors) = answer.get("errors").and_then(Value::as_array) {
        collect_validation(errors, "", &mut out);
    }
    out
}

fn collect_validation(errors: &[Value], path: &str, out: &mut Vec<FieldError>) {
    for error in errors {
        match error {
            Value::String(message) => out.push(FieldError::new(path, message.clone())),
            Value::Object(object) => {
                let key = match (object.get("property"), object.get("index")) {
                    (Some(Value::String(p)), _) => p.clone(),
                    (_, Some(Value::Number(i))) => i.to_string(),
                    _ => String::new(),
                };
                let nested = if key.is_empty() {
                    path.to_string()
                } else if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                let inner = object.get("errors").and_then(Value::as_array);
                collect_validation(inner.map(Vec::as_slice).unwrap_or_default(), &nested, out);
            }
            _ => {}
        }
    }
}

/// The fields a 422's detail names (`body.parameters.x: msg; body.name: msg`, as
/// [`crate::api::error::prefect_detail`] joins FastAPI's list): parameter paths without
/// their `body.parameters.` prefix, the run's own fields as `run.<name>`.
pub fn unprocessable_fields(detail: &str) -> Vec<FieldError> {
    detail
        .split("; ")
        .filter_map(|part| {
            let (location, message) = part.split_once(": ")?;
            let location = location.strip_prefix("body.")?;
            let path = match location.strip_prefix("parameters.") {
                Some(parameter) => parameter.to_string(),
                None if location.starts_with("state") => "run.start".to_string(),
                None => format!("run.{location}"),
            };
            Some(FieldError::new(&path, message))
        })
        .collect()
}
