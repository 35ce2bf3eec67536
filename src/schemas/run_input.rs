//! What a task run's input came from: shared by task runs (`task_inputs`) and by states
//! (`State::to_run_result`), so neither file needs the other.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a task run's input came from (`TaskRunInput`, tagged by `input_type`): another task
/// run's result, a flow run's result, a flow parameter, or a constant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "input_type")]
pub enum RunInput {
    /// `TaskRunResult`
    #[serde(rename = "task_run")]
    TaskRun { id: Uuid },
    /// `FlowRunResult`
    #[serde(rename = "flow_run")]
    FlowRun { id: Uuid },
    /// `Parameter`
    #[serde(rename = "parameter")]
    Parameter { name: String },
    /// `Constant`
    #[serde(rename = "constant")]
    Constant {
        #[serde(rename = "type")]
        kind: String,
    },
}

/// Prefect's base-class name for the same union.
pub type TaskRunInput = RunInput;
