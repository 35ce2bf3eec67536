//! `Flow`, `FlowRun` (also the API's `FlowRunResponse`), `FlowRunPolicy`, `FlowRunInput`.

use super::state::{State, StateType};
use super::wire::{
    null_as_default, validate_lowercase_dashes, validate_name, CreatedBy, JsonObject,
    KeyValueLabels, Timestamp, ValidationError,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A flow (`Flow`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: KeyValueLabels,
}

impl Flow {
    /// Prefect's `Name` rule on `name`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_name("name", &self.name)
    }
}

/// How a flow run retries and pauses (`FlowRunPolicy`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowRunPolicy {
    /// Deprecated: use `retries`.
    #[serde(default)]
    pub max_retries: i64,
    /// Deprecated: use `retry_delay`.
    #[serde(default)]
    pub retry_delay_seconds: f64,
    #[serde(default)]
    pub retries: Option<i64>,
    #[serde(default)]
    pub retry_delay: Option<i64>,
    #[serde(default)]
    pub pause_keys: Option<Vec<String>>,
    #[serde(default = "some_false")]
    pub resuming: Option<bool>,
    /// `"in_process"` or `"reschedule"`.
    #[serde(default)]
    pub retry_type: Option<String>,
}

fn some_false() -> Option<bool> {
    Some(false)
}

impl Default for FlowRunPolicy {
    fn default() -> Self {
        FlowRunPolicy {
            max_retries: 0,
            retry_delay_seconds: 0.0,
            retries: None,
            retry_delay: None,
            pause_keys: Some(Vec::new()),
            resuming: Some(false),
            retry_type: None,
        }
    }
}

impl FlowRunPolicy {
    /// `populate_deprecated_fields`: an old client's `max_retries` / `retry_delay_seconds`
    /// fill `retries` / `retry_delay` when those are unset or zero.
    pub fn populate_deprecated_fields(&mut self) {
        if self.retries.unwrap_or(0) == 0 && self.max_retries != 0 {
            self.retries = Some(self.max_retries);
        }
        if self.retry_delay.unwrap_or(0) == 0 && self.retry_delay_seconds != 0.0 {
            self.retry_delay = Some(self.retry_delay_seconds as i64);
        }
    }
}

/// A flow run (`FlowRun`; the API's `FlowRunResponse` has the same fields).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FlowRun {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default)]
    pub name: String,
    pub flow_id: Uuid,
    #[serde(default)]
    pub state_id: Option<Uuid>,
    #[serde(default)]
    pub deployment_id: Option<Uuid>,
    #[serde(default)]
    pub deployment_version: Option<String>,
    #[serde(default)]
    pub work_queue_name: Option<String>,
    #[serde(default)]
    pub flow_version: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub parameters: JsonObject,
    #[serde(default)]
    pub idempotency_key: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub context: JsonObject,
    #[serde(default)]
    pub empirical_policy: FlowRunPolicy,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: KeyValueLabels,
    #[serde(default)]
    pub parent_task_run_id: Option<Uuid>,
    #[serde(default)]
    pub run_count: i64,
    #[serde(default)]
    pub expected_start_time: Option<Timestamp>,
    #[serde(default)]
    pub next_scheduled_start_time: Option<Timestamp>,
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    /// Seconds.
    #[serde(default)]
    pub total_run_time: f64,
    /// Seconds; computed at read time, so it changes on every fetch of a running run.
    #[serde(default)]
    pub estimated_run_time: f64,
    /// Seconds late (negative when early); computed at read time.
    #[serde(default)]
    pub estimated_start_time_delta: f64,
    #[serde(default)]
    pub auto_scheduled: bool,
    #[serde(default)]
    pub infrastructure_document_id: Option<Uuid>,
    #[serde(default)]
    pub infrastructure_pid: Option<String>,
    #[serde(default)]
    pub created_by: Option<CreatedBy>,
    #[serde(default)]
    pub work_queue_id: Option<Uuid>,
    #[serde(default)]
    pub work_pool_id: Option<Uuid>,
    #[serde(default)]
    pub work_pool_name: Option<String>,
    #[serde(default)]
    pub state: Option<State>,
    #[serde(default)]
    pub job_variables: Option<JsonObject>,
    /// Server-side shortcut; prefer `state.state_type`.
    #[serde(default)]
    pub state_type: Option<StateType>,
    /// Server-side shortcut; prefer `state.name`.
    #[serde(default)]
    pub state_name: Option<String>,
}

/// The API's name for the same shape.
pub type FlowRunResponse = FlowRun;

impl PartialEq for FlowRun {
    /// Prefect's `__eq__`: everything but the rolling estimates must match.
    fn eq(&self, other: &Self) -> bool {
        fn without_estimates(run: &FlowRun) -> serde_json::Value {
            let mut value = serde_json::to_value(run).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.remove("estimated_run_time");
                object.remove("estimated_start_time_delta");
            }
            value
        }
        without_estimates(self) == without_estimates(other)
    }
}

impl FlowRun {
    /// The current state type: the nested state's, else the server's shortcut field.
    pub fn current_state_type(&self) -> Option<StateType> {
        super::state::current_state_type(self.state.as_ref(), self.state_type.as_ref())
    }

    /// The state type to show (`UNKNOWN` when it carries none).
    pub fn shown_state_type(&self) -> StateType {
        super::state::shown_state_type(self.state.as_ref(), self.state_type.as_ref())
    }

    /// It will not change state again.
    pub fn is_finished(&self) -> bool {
        super::state::is_finished(self.state.as_ref())
    }

    /// The current state name, falling back like `current_state_type`.
    pub fn current_state_name(&self) -> Option<String> {
        super::state::current_state_name(
            self.state.as_ref(),
            self.state_name.as_ref(),
            self.state_type.as_ref(),
        )
    }
}

/// An input a paused or suspended flow run received (`FlowRunInput`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowRunInput {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub flow_run_id: Uuid,
    pub key: String,
    /// JSON text; see `decoded_value`.
    pub value: String,
    #[serde(default)]
    pub sender: Option<String>,
}

impl FlowRunInput {
    /// `decoded_value`: the value parsed from its JSON text.
    pub fn decoded_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(&self.value)
    }

    /// The key must be lowercase letters, digits and dashes.
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_lowercase_dashes("key", "key", &self.key)
    }
}
