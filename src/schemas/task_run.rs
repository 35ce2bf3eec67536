//! `TaskRun`, the reduced `TaskRunResponse` of `/task_runs/paginate`, `TaskRunPolicy` and the
//! task-input references (`TaskRunInput` and its kinds).

use super::run_input::RunInput;
use super::state::{State, StateType};
use super::wire::{null_as_default, KeyValueLabels, Timestamp, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Most retry delays a task may configure.
pub const MAX_RETRY_DELAYS: usize = 50;

/// A task's retry delay: one number of seconds, or one per attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RetryDelay {
    Seconds(serde_json::Number),
    PerAttempt(Vec<serde_json::Number>),
}

/// How a task run retries (`TaskRunPolicy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRunPolicy {
    /// Deprecated: use `retries`.
    #[serde(default)]
    pub max_retries: i64,
    /// Deprecated: use `retry_delay`.
    #[serde(default)]
    pub retry_delay_seconds: f64,
    #[serde(default)]
    pub retries: Option<i64>,
    #[serde(default)]
    pub retry_delay: Option<RetryDelay>,
    #[serde(default)]
    pub retry_jitter_factor: Option<f64>,
}

impl TaskRunPolicy {
    /// `populate_deprecated_fields`, as for flow runs.
    pub fn populate_deprecated_fields(&mut self) {
        if self.retries.unwrap_or(0) == 0 && self.max_retries != 0 {
            self.retries = Some(self.max_retries);
        }
        let delay_unset = match &self.retry_delay {
            None => true,
            Some(RetryDelay::Seconds(n)) => n.as_f64() == Some(0.0),
            Some(RetryDelay::PerAttempt(list)) => list.is_empty(),
        };
        if delay_unset && self.retry_delay_seconds != 0.0 {
            let seconds = self.retry_delay_seconds as i64;
            self.retry_delay = Some(RetryDelay::Seconds(seconds.into()));
        }
    }

    /// At most 50 retry delays; a non-negative jitter factor.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if let Some(RetryDelay::PerAttempt(list)) = &self.retry_delay {
            if list.len() > MAX_RETRY_DELAYS {
                return Err(ValidationError {
                    field: "retry_delay",
                    message: "Can not configure more than 50 retry delays per task.".into(),
                });
            }
        }
        if self.retry_jitter_factor.is_some_and(|j| j < 0.0) {
            return Err(ValidationError {
                field: "retry_jitter_factor",
                message: "`retry_jitter_factor` must be >= 0.".into(),
            });
        }
        Ok(())
    }
}

/// Task inputs by argument name; `__parents__` lists the runs a nested task ran inside.
pub type TaskInputs = BTreeMap<String, Vec<RunInput>>;

/// A task run (`TaskRun`), as `/task_runs/filter` and `GET /task_runs/{id}` return it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRun {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    pub task_key: String,
    pub dynamic_key: String,
    #[serde(default)]
    pub cache_key: Option<String>,
    #[serde(default)]
    pub cache_expiration: Option<Timestamp>,
    #[serde(default)]
    pub task_version: Option<String>,
    #[serde(default)]
    pub empirical_policy: TaskRunPolicy,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: KeyValueLabels,
    #[serde(default)]
    pub state_id: Option<Uuid>,
    #[serde(default)]
    pub task_inputs: TaskInputs,
    #[serde(default)]
    pub state_type: Option<StateType>,
    #[serde(default)]
    pub state_name: Option<String>,
    #[serde(default)]
    pub run_count: i64,
    #[serde(default)]
    pub flow_run_run_count: i64,
    #[serde(default)]
    pub expected_start_time: Option<Timestamp>,
    #[serde(default)]
    pub next_scheduled_start_time: Option<Timestamp>,
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    #[serde(default)]
    pub total_run_time: f64,
    #[serde(default)]
    pub estimated_run_time: f64,
    #[serde(default)]
    pub estimated_start_time_delta: f64,
    #[serde(default)]
    pub state: Option<State>,
}

impl TaskRun {
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

/// The reduced task run of `/task_runs/paginate` (no `dynamic_key`, `state_type`, labels...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRunResponse {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub task_key: String,
    #[serde(default)]
    pub state_id: Option<Uuid>,
    #[serde(default)]
    pub state: Option<State>,
    #[serde(default)]
    pub task_version: Option<String>,
    #[serde(default)]
    pub task_inputs: TaskInputs,
    #[serde(default)]
    pub empirical_policy: TaskRunPolicy,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    #[serde(default)]
    pub total_run_time: f64,
    #[serde(default)]
    pub estimated_run_time: f64,
    #[serde(default)]
    pub estimated_start_time_delta: f64,
}
