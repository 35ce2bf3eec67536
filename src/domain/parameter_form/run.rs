//! The run's own options and the whole `create_flow_run` body.

use super::*;
use crate::schemas::actions::DeploymentFlowRunCreate;

/// The run's own options beside its parameters, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Empty: the server names it.
    pub name: String,
    /// Comma-separated.
    pub tags: String,
    /// Empty: now; else RFC 3339.
    pub start: String,
    /// Empty or a JSON object overriding the deployment's job variables.
    pub job_variables: String,
}

impl RunOptions {
    /// The options a copy of `run` starts from: its tags and job variables (a new name and
    /// start: the server's).
    pub fn copied_from(run: &crate::schemas::FlowRun) -> RunOptions {
        RunOptions {
            tags: run.tags.join(", "),
            job_variables: run
                .job_variables
                .as_ref()
                .filter(|v| !v.is_empty())
                .and_then(|v| serde_json::to_string_pretty(v).ok())
                .unwrap_or_default(),
            ..RunOptions::default()
        }
    }
}

/// The body of `POST /deployments/{id}/create_flow_run` for `parameters` and `options`, or
/// the options' errors (paths `run.name`, `run.start`, `run.job_variables`).
pub fn run_body(
    parameters: Map<String, Value>,
    options: &RunOptions,
) -> Result<DeploymentFlowRunCreate, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = options.name.trim();
    let tags: Vec<String> = options
        .tags
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let start = options.start.trim();
    let state = if start.is_empty() {
        None
    } else {
        match chrono::DateTime::parse_from_rfc3339(start) {
            Ok(at) => Some(serde_json::json!({
                "type": "SCHEDULED",
                "state_details": {"scheduled_time": at.to_utc().to_rfc3339()},
            })),
            Err(_) => {
                errors.push(FieldError::new(
                    "run.start",
                    "Enter a date and time with its offset, like 2026-12-02T09:30:00Z",
                ));
                None
            }
        }
    };
    let job_variables = match options.job_variables.trim() {
        "" => None,
        text => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Some(map),
            Ok(_) => {
                errors.push(FieldError::new("run.job_variables", "Enter a JSON object"));
                None
            }
            Err(e) => {
                errors.push(FieldError::new(
                    "run.job_variables",
                    format!("Not valid JSON: {e}"),
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(DeploymentFlowRunCreate {
        name: (!name.is_empty()).then(|| name.to_string()),
        parameters,
        tags,
        state,
        work_queue_name: None,
        job_variables,
        idempotency_key: None,
    })
}

/// The whole custom-run request from what the form holds (`raw`: the JSON editor's text
/// when it is open), or every field's error at once.
pub fn custom_run_request(
    fields: &[Field],
    values: &FormValues,
    raw: Option<&str>,
    options: &RunOptions,
) -> Result<DeploymentFlowRunCreate, Vec<FieldError>> {
    let parameters = match raw {
        Some(text) => parse_raw(text),
        None => build(fields, values),
    };
    let body = run_body(parameters.clone().unwrap_or_default(), options);
    match (parameters, body) {
        (Ok(_), Ok(body)) => Ok(body),
        (parameters, body) => {
            let mut errors = parameters.err().unwrap_or_default();
            errors.extend(body.err().unwrap_or_default());
            Err(errors)
        }
    }
}
