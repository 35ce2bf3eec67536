//! A deployment's parameter schema (`parameter_openapi_schema`) as rows to show.

use crate::schemas::wire::JsonObject;
use serde_json::Value;

/// One parameter of the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    pub name: String,
    /// `string`, `integer`, a referenced definition's name, ...
    pub kind: String,
    /// The default as JSON text, empty when there is none.
    pub default: String,
    pub required: bool,
    /// The description, or the title when there is none.
    pub description: String,
}

/// An object schema's properties in Prefect's `position` order (then by name), each with
/// whether the schema marks it required.
pub fn ordered_properties(schema: &JsonObject) -> Vec<(&String, &Value, bool)> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let position = |spec: &Value| {
        spec.get("position")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX)
    };
    let mut ordered: Vec<(&String, &Value, bool)> = properties
        .iter()
        .map(|(name, spec)| (name, spec, required.contains(&name.as_str())))
        .collect();
    ordered.sort_by(|a, b| position(a.1).cmp(&position(b.1)).then_with(|| a.0.cmp(b.0)));
    ordered
}

/// The schema's properties in Prefect's `position` order (then by name).
pub fn rows(schema: &JsonObject) -> Vec<Parameter> {
    ordered_properties(schema)
        .into_iter()
        .map(|(name, spec, required)| {
            let text = |key: &str| spec.get(key).and_then(Value::as_str).unwrap_or_default();
            let kind = match (spec.get("type"), spec.get("$ref"), spec.get("anyOf")) {
                (Some(Value::String(t)), _, _) => t.clone(),
                (_, Some(Value::String(r)), _) => {
                    r.rsplit('/').next().unwrap_or_default().to_string()
                }
                (_, _, Some(_)) => "any of several".into(),
                _ => "any".into(),
            };
            let description = if text("description").is_empty() {
                text("title")
            } else {
                text("description")
            };
            Parameter {
                name: name.clone(),
                kind,
                default: spec
                    .get("default")
                    .map(Value::to_string)
                    .unwrap_or_default(),
                required,
                description: description.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_follow_position_and_read_types() {
        let schema = json!({
            "title": "Parameters", "type": "object",
            "properties": {
                "rows": {"title": "rows", "position": 0, "type": "integer", "default": 10},
                "target": {"position": 1, "$ref": "#/definitions/Target", "description": "Where to"},
                "mode": {"position": 2, "anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": ["target"],
        });
        let rows = rows(schema.as_object().expect("object"));
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["rows", "target", "mode"]);
        assert_eq!(rows[0].kind, "integer");
        assert_eq!(rows[0].default, "10");
        assert!(!rows[0].required);
        assert_eq!(rows[1].kind, "Target");
        assert!(rows[1].required);
        assert_eq!(rows[1].description, "Where to");
        assert_eq!(rows[2].kind, "any of several");
        assert!(super::rows(&JsonObject::new()).is_empty());
    }
}
