//! A run paused or suspended with `wait_for_input`: where Prefect keeps what it waits for
//! (the run's input keyset, in its state's details), the form built from that schema, and
//! the input a resume sends.

use super::forms::{json_object, FieldError, FormValues};
use super::parameter_form::{build, fields, under, Field};
use crate::schemas::wire::JsonObject;
use crate::schemas::{FlowRun, StateType};

/// The form's path of the input as one JSON object (where the schema cannot be a form).
pub const INPUT: &str = "input";

/// The keys of what a paused run waits for: its input's schema and, when it has one, the
/// description shown with the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputKeys {
    pub schema: String,
    pub description: Option<String>,
}

/// What the run waits for, when it is paused for input (`None`: paused without input, or
/// not paused).
pub fn waits_for_input(run: &FlowRun) -> Option<InputKeys> {
    let state = run.state.as_ref()?;
    if state.state_type != StateType::Paused {
        return None;
    }
    let keyset = state.state_details.run_input_keyset.as_ref()?;
    Some(InputKeys {
        schema: keyset.get("schema")?.clone(),
        description: keyset.get("description").cloned(),
    })
}

/// The input's fields from its schema, under `input.`; `Err` says why it is typed as JSON.
/// A `RunInput` model's schema is an object of properties, as a flow's parameters are.
pub fn input_fields(schema: &JsonObject) -> Result<Vec<Field>, &'static str> {
    Ok(under(INPUT, fields(schema)?))
}

/// The input the form's values make, or every mistake (the server checks it again against
/// the schema it stored, and refuses the resume in its own words).
pub fn run_input(
    fields: &Result<Vec<Field>, &str>,
    values: &FormValues,
) -> Result<JsonObject, Vec<FieldError>> {
    match fields {
        Ok(fields) => build(fields, values),
        Err(_) => json_object(values, INPUT).map_err(|e| vec![e]),
    }
}

/// A stored description as the form shows it: Prefect keeps it JSON-encoded (a string).
pub fn description_text(stored: &serde_json::Value) -> Option<String> {
    match stored {
        serde_json::Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::values;
    use serde_json::json;

    fn run(mut state: serde_json::Value) -> FlowRun {
        state["timestamp"] = json!("2026-12-01T10:00:00Z");
        serde_json::from_value(json!({
            "id": "6f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e",
            "flow_id": "7f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e",
            "name": "paused-run", "state": state
        }))
        .expect("a run")
    }

    #[test]
    fn only_a_run_paused_for_input_waits_for_it() {
        let keyset = json!({"schema": "k-schema", "description": "k-description",
            "response": "k-response"});
        let paused = run(json!({"type": "PAUSED", "name": "Suspended",
            "state_details": {"run_input_keyset": keyset}}));
        assert_eq!(
            waits_for_input(&paused),
            Some(InputKeys {
                schema: "k-schema".into(),
                description: Some("k-description".into())
            })
        );
        let plain = run(json!({"type": "PAUSED", "name": "Paused", "state_details": {}}));
        assert_eq!(waits_for_input(&plain), None);
        let running = run(json!({"type": "RUNNING", "name": "Running",
            "state_details": {"run_input_keyset": keyset}}));
        assert_eq!(waits_for_input(&running), None);
        let odd = run(json!({"type": "PAUSED", "name": "Paused",
            "state_details": {"run_input_keyset": {"response": "r"}}}));
        assert_eq!(waits_for_input(&odd), None, "no schema: nothing to build");
    }

    #[test]
    fn the_input_is_built_from_its_schema_or_typed_as_json() {
        let schema = json!({"type": "object", "title": "Approval", "properties": {
            "approved": {"type": "boolean", "title": "Approved"},
            "note": {"type": "string", "title": "Note"}},
            "required": ["approved"]});
        let fields = input_fields(schema.as_object().unwrap_or(&JsonObject::new()));
        let built = run_input(
            &fields,
            &values(&[("input.approved", "true"), ("input.note", "ok")]),
        );
        assert_eq!(
            built.map(serde_json::Value::Object),
            Ok(json!({"approved": true, "note": "ok"}))
        );
        let json_only: Result<Vec<Field>, &str> = Err("a union");
        assert_eq!(
            run_input(&json_only, &values(&[(INPUT, "{\"a\": 1}")])).map(|m| m.len()),
            Ok(1)
        );
        assert!(run_input(&json_only, &values(&[(INPUT, "[]")])).is_err());
        assert_eq!(
            description_text(&json!("**Approve** the load")).as_deref(),
            Some("**Approve** the load")
        );
        assert_eq!(description_text(&json!(5)), None);
    }
}
