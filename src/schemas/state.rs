//! `StateType`, `StateDetails` and `State`: the state of a flow or task run.

use super::run_input::RunInput;
use super::wire::Timestamp;
use crate::open_enum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

open_enum! {
    /// The type of a run's state (`prefect.client.schemas.objects.StateType`).
    pub enum StateType {
        Scheduled = "SCHEDULED",
        Pending = "PENDING",
        Running = "RUNNING",
        Completed = "COMPLETED",
        Failed = "FAILED",
        Cancelled = "CANCELLED",
        Crashed = "CRASHED",
        Paused = "PAUSED",
        Cancelling = "CANCELLING",
    }
}

/// `TERMINAL_STATES`: a run in one of these will not change again.
pub const TERMINAL_STATES: [StateType; 4] = [
    StateType::Completed,
    StateType::Cancelled,
    StateType::Failed,
    StateType::Crashed,
];

impl StateType {
    /// True for COMPLETED, CANCELLED, FAILED and CRASHED.
    pub fn is_terminal(&self) -> bool {
        TERMINAL_STATES.contains(self)
    }

    /// The name a state of this type gets when it has none: the type title-cased with `_`
    /// as a space ("NOT_READY" style, e.g. `CANCELLING` -> "Cancelling").
    pub fn default_name(&self) -> String {
        self.as_str()
            .split('_')
            .map(|word| {
                let lower = word.to_lowercase();
                let mut chars = lower.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

open_enum! {
    /// Whether a run is a flow run or a task run (lower-case on the wire).
    pub enum RunType {
        FlowRun = "flow_run",
        TaskRun = "task_run",
    }
}

/// Extra facts about a state (`StateDetails`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateDetails {
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub task_run_id: Option<Uuid>,
    #[serde(default)]
    pub child_flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub scheduled_time: Option<Timestamp>,
    #[serde(default)]
    pub cache_key: Option<String>,
    #[serde(default)]
    pub cache_expiration: Option<Timestamp>,
    #[serde(default)]
    pub deferred: Option<bool>,
    #[serde(default)]
    pub untrackable_result: bool,
    #[serde(default)]
    pub pause_timeout: Option<Timestamp>,
    #[serde(default)]
    pub pause_reschedule: bool,
    #[serde(default)]
    pub pause_key: Option<String>,
    #[serde(default)]
    pub run_input_keyset: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub refresh_cache: Option<bool>,
    #[serde(default)]
    pub retriable: Option<bool>,
    #[serde(default)]
    pub transition_id: Option<Uuid>,
    #[serde(default)]
    pub task_parameters_id: Option<Uuid>,
    #[serde(default)]
    pub traceparent: Option<String>,
    #[serde(default)]
    pub deployment_concurrency_lease_id: Option<Uuid>,
}

impl StateDetails {
    /// `to_run_result`: the run this state belongs to, as a task input reference.
    pub fn to_run_result(&self, run_type: &RunType) -> Option<RunInput> {
        match run_type {
            RunType::FlowRun => self.flow_run_id.map(|id| RunInput::FlowRun { id }),
            RunType::TaskRun => self.task_run_id.map(|id| RunInput::TaskRun { id }),
            RunType::Unknown(_) => None,
        }
    }
}

/// Where a persisted result lives (`ResultRecordMetadata`, one branch of `State.data`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultRecordMetadata {
    #[serde(default)]
    pub storage_key: Option<String>,
    #[serde(default)]
    pub expiration: Option<Timestamp>,
    #[serde(default)]
    pub serializer: serde_json::Value,
    #[serde(default)]
    pub prefect_version: Option<String>,
    #[serde(default)]
    pub storage_block_id: Option<Uuid>,
}

/// The state of a run (`State`). `created`/`updated` are optional: the API's State omits them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Timestamp>,
    #[serde(rename = "type")]
    pub state_type: StateType,
    #[serde(default)]
    pub name: Option<String>,
    pub timestamp: Timestamp,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub state_details: StateDetails,
    /// The result: `ResultRecordMetadata` when it has a `storage_key`, else any JSON.
    #[serde(default)]
    pub data: serde_json::Value,
}

/// A run's current state type: its nested state's, else the server's shortcut field (flow
/// runs and task runs alike).
/// The current state type to show: [`current_state_type`], or `UNKNOWN` when the object
/// carries none.
pub fn shown_state_type(state: Option<&State>, state_type: Option<&StateType>) -> StateType {
    current_state_type(state, state_type).unwrap_or(StateType::Unknown("UNKNOWN".into()))
}

/// The object will not change state again: its current state is final (none yet: it will).
pub fn is_finished(state: Option<&State>) -> bool {
    state.is_some_and(State::is_final)
}

pub fn current_state_type(
    state: Option<&State>,
    state_type: Option<&StateType>,
) -> Option<StateType> {
    state
        .map(|s| s.state_type.clone())
        .or_else(|| state_type.cloned())
}

/// A run's current state name, falling back like `current_state_type`, then to the type's
/// default name.
pub fn current_state_name(
    state: Option<&State>,
    state_name: Option<&String>,
    state_type: Option<&StateType>,
) -> Option<String> {
    state
        .map(State::display_name)
        .or_else(|| state_name.cloned())
        .or_else(|| state_type.map(StateType::default_name))
}

impl State {
    /// A state of `state_type` at `timestamp` with the default name, as Prefect builds one.
    pub fn new(state_type: StateType, timestamp: Timestamp) -> State {
        let name = Some(state_type.default_name());
        State {
            id: Uuid::nil(),
            created: None,
            updated: None,
            state_type,
            name,
            timestamp,
            message: None,
            state_details: StateDetails::default(),
            data: serde_json::Value::Null,
        }
    }

    /// The state's name, or the default from its type (`default_name_from_type`).
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => self.state_type.default_name(),
        }
    }

    pub fn is_scheduled(&self) -> bool {
        self.state_type == StateType::Scheduled
    }
    pub fn is_pending(&self) -> bool {
        self.state_type == StateType::Pending
    }
    pub fn is_running(&self) -> bool {
        self.state_type == StateType::Running
    }
    pub fn is_completed(&self) -> bool {
        self.state_type == StateType::Completed
    }
    pub fn is_failed(&self) -> bool {
        self.state_type == StateType::Failed
    }
    pub fn is_crashed(&self) -> bool {
        self.state_type == StateType::Crashed
    }
    pub fn is_cancelled(&self) -> bool {
        self.state_type == StateType::Cancelled
    }
    pub fn is_cancelling(&self) -> bool {
        self.state_type == StateType::Cancelling
    }
    pub fn is_paused(&self) -> bool {
        self.state_type == StateType::Paused
    }
    /// True when the run will not change state again.
    pub fn is_final(&self) -> bool {
        self.state_type.is_terminal()
    }

    /// The result data as Prefect reads it: an `{"type": "unpersisted"}` marker is `None`
    /// (`set_unpersisted_results_to_none`), as is `null`.
    pub fn result_data(&self) -> Option<&serde_json::Value> {
        match &self.data {
            serde_json::Value::Null => None,
            serde_json::Value::Object(o)
                if o.get("type").and_then(|t| t.as_str()) == Some("unpersisted") =>
            {
                None
            }
            other => Some(other),
        }
    }

    /// The result's storage record, when `data` is one (an object with `storage_key`).
    pub fn result_record(&self) -> Option<ResultRecordMetadata> {
        match &self.data {
            serde_json::Value::Object(o) if o.contains_key("storage_key") => {
                serde_json::from_value(self.data.clone()).ok()
            }
            _ => None,
        }
    }
}
