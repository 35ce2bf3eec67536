//! Request bodies of the actions the dashboard takes (`prefect.client.schemas.actions`):
//! proposing a state, running a deployment, pausing a pool or a queue. Fields left `None`
//! are not sent, so the server keeps what it has (Prefect's client sends `exclude_unset`).

use super::deployment::{ConcurrencyOptions, Schedule};
use super::filters::FlowRunFilter;
use super::state::StateType;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A proposed state (`StateCreate`); the server fills in the rest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateCreate {
    #[serde(rename = "type")]
    pub state_type: StateType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `StateDetails` fields the proposal sets (a pause's timeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_details: Option<Value>,
}

/// The body of `POST /flow_runs/{id}/set_state`: a state, and whether to skip the
/// orchestration rules that may alter or refuse it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetFlowRunState {
    pub state: StateCreate,
    #[serde(default)]
    pub force: bool,
}

/// The body of `POST /flow_runs/bulk_set_state`: the same proposal for up to `limit` runs
/// matching a filter (the server's cap is 50 per call).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkSetFlowRunState {
    pub flow_runs: FlowRunFilter,
    pub state: StateCreate,
    #[serde(default)]
    pub force: bool,
    pub limit: u32,
}

/// A run of a deployment (`DeploymentFlowRunCreate`): defaults come from the deployment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentFlowRunCreate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub parameters: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A scheduled start: a `SCHEDULED` state with `state_details.scheduled_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_queue_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_variables: Option<Map<String, Value>>,
    /// The server creates one run per key and flow: a retry with the same key returns the
    /// run the first try created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// `POST /work_pools/` (`WorkPoolCreate`): a new work pool of a worker type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkPoolCreate {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub pool_type: String,
    #[serde(default)]
    pub base_job_template: Map<String, Value>,
    #[serde(default)]
    pub is_paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<i64>,
}

/// `PATCH /work_pools/{name}` (`WorkPoolUpdate`): only the fields set are sent, and the
/// server changes only those (`exclude_unset`). `Some(None)` sends `null`: "no limit".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkPoolUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_paused: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_job_template: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<Option<i64>>,
}

/// `POST /v2/concurrency_limits/` (`ConcurrencyLimitV2Create`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GlobalConcurrencyLimitCreate {
    pub name: String,
    pub limit: i64,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub slot_decay_per_second: f64,
}

/// `PATCH /v2/concurrency_limits/{id}` (`ConcurrencyLimitV2Update`): only the fields set are
/// sent; a reset sets `active_slots` and `denied_slots` to 0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GlobalConcurrencyLimitUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_slots: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_slots: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_decay_per_second: Option<f64>,
}

/// `POST /concurrency_limits/` (`ConcurrencyLimitCreate`): a tag's limit (the server
/// changes the tag's limit when it has one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConcurrencyLimitCreate {
    pub tag: String,
    pub concurrency_limit: i64,
}

/// `POST /variables/` (`VariableCreate`): a value of any JSON type, at most 5,000 bytes
/// as JSON; a name of lowercase letters, numbers, dashes and underscores.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VariableCreate {
    pub name: String,
    pub value: serde_json::Value,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `PATCH /variables/{id}` (`VariableUpdate`): only the fields set are sent
/// (`exclude_unset`); `value: Some(Value::Null)` sends `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VariableUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `POST /block_documents/` (`BlockDocumentCreate`): a named document of a block type's
/// schema; a field that is another block is `{"$ref": {"block_document_id": ...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockDocumentCreate {
    pub name: String,
    pub data: Map<String, Value>,
    pub block_schema_id: uuid::Uuid,
    pub block_type_id: uuid::Uuid,
    #[serde(default)]
    pub is_anonymous: bool,
}

/// `PATCH /block_documents/{id}` (`BlockDocumentUpdate`). With `merge_existing_data`
/// false the data replaces the stored data; a secret sent back as the server's own mask
/// keeps its stored value (the server swaps it back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockDocumentUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_schema_id: Option<uuid::Uuid>,
    pub data: Map<String, Value>,
    pub merge_existing_data: bool,
}

/// `POST /work_pools/{pool}/queues` (`WorkQueueCreate`). Without a priority the server
/// gives the first free one; with one, the queues at and below it move down.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkQueueCreate {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub is_paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

/// `PATCH /work_queues/{id}` or `/work_pools/{pool}/queues/{name}` (`WorkQueueUpdate`):
/// only the fields set are sent (`exclude_unset`); `Some(None)` sends `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkQueueUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_paused: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<Option<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

/// `PATCH /deployments/{id}` (`DeploymentUpdate`): only the fields set are sent, and the
/// server changes only those (`exclude_unset`); `Some(None)` sends `null`. Its schedules are
/// never sent here (they have their own endpoints), so the server leaves them alone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<Option<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_options: Option<Option<ConcurrencyOptions>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_pool_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_queue_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_variables: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforce_parameter_schema: Option<bool>,
}

/// One schedule of a new deployment (`DeploymentScheduleCreate`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentScheduleCreate {
    pub schedule: Schedule,
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_scheduled_runs: Option<i64>,
    #[serde(default)]
    pub parameters: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

/// `PATCH /deployments/{id}/schedules/{schedule_id}` (`DeploymentScheduleUpdate`): only the
/// fields set are sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentScheduleUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Map<String, Value>>,
}

/// `POST /deployments/` (`DeploymentCreate`). The server upserts by flow and name: a name
/// the flow already has changes that deployment, so a copy checks the name first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentCreate {
    pub name: String,
    pub flow_id: uuid::Uuid,
    pub paused: bool,
    pub schedules: Vec<DeploymentScheduleCreate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_options: Option<ConcurrencyOptions>,
    pub enforce_parameter_schema: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_openapi_schema: Option<Map<String, Value>>,
    pub parameters: Map<String, Value>,
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_steps: Option<Vec<Map<String, Value>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_queue_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_pool_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_document_id: Option<uuid::Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infrastructure_document_id: Option<uuid::Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<String>,
    pub job_variables: Map<String, Value>,
}
