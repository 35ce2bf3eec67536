//! Response shapes of the API (`prefect.client.schemas.responses` and the server's
//! pagination and history models).

use super::flow_run::FlowRun;
use super::state::{State, StateType};
use super::wire::Timestamp;
use crate::open_enum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A page of `/…/paginate` results: `{results, count, limit, pages, page}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paginated<T> {
    pub results: Vec<T>,
    /// Total matching objects.
    pub count: i64,
    pub limit: i64,
    pub pages: i64,
    /// 1-based.
    pub page: i64,
}

/// How many rows come before the 1-based `page` of `size` rows (page 0 reads as 1;
/// saturating, whatever the address says): the one page-offset rule.
pub fn page_offset(page: u32, size: u32) -> u32 {
    page.max(1).saturating_sub(1).saturating_mul(size)
}

/// How many pages of `size` rows `count` rows fill, as `/…/paginate` counts them (0 for
/// none; a size of 0 reads as 1).
pub fn page_count(count: i64, size: u32) -> i64 {
    let (count, size) = (count.max(0), i64::from(size.max(1)));
    count / size + i64::from(count % size != 0)
}

impl<T> Paginated<T> {
    /// A page as `/…/paginate` would answer it, for endpoints that only filter and count:
    /// `pages` is `count` over `limit`, rounded up (0 for no results).
    pub fn from_count(results: Vec<T>, count: i64, limit: u32, page: u32) -> Paginated<T> {
        let count = count.max(0);
        Paginated {
            results,
            count,
            limit: i64::from(limit.max(1)),
            pages: page_count(count, limit),
            page: i64::from(page.max(1)),
        }
    }
}

/// An object's id and name only, read from any answer that lists full objects
/// (`/flows/filter`, `/deployments/filter`, `/work_pools/filter`): a page that shows names
/// skips decoding (and keeping) the rest of each object. Every other key is ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: Uuid,
    pub name: String,
}

/// A deployment as the timeline places it, read from `/deployments/filter`: its flow and
/// its work pool, the rest of the object skipped. Every other key is ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentRef {
    pub id: Uuid,
    pub name: String,
    pub flow_id: Uuid,
    #[serde(default)]
    pub work_pool_name: Option<String>,
}

/// A task run as the runs x tasks grid places it, read from `/task_runs/filter`: its flow
/// run, its task and its state, the rest of the object skipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRunRef {
    pub id: Uuid,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub task_key: String,
    #[serde(default)]
    pub state_type: Option<StateType>,
    #[serde(default)]
    pub state_name: Option<String>,
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    #[serde(default)]
    pub expected_start_time: Option<Timestamp>,
    #[serde(default)]
    pub total_run_time: f64,
}

/// A log line as the runs lists count it, read from `/logs/filter`: its run, level and time,
/// the message skipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogRef {
    pub id: Uuid,
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub level: i64,
    pub timestamp: Timestamp,
}

/// One state's runs in a history bucket (`HistoryResponseState`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryResponseState {
    pub state_type: StateType,
    pub state_name: String,
    pub count_runs: i64,
    /// Seconds.
    pub sum_estimated_run_time: f64,
    /// Seconds.
    pub sum_estimated_lateness: f64,
}

/// One bucket of `/flow_runs/history` or `/task_runs/history` (`HistoryResponse`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryResponse {
    pub interval_start: Timestamp,
    pub interval_end: Timestamp,
    pub states: Vec<HistoryResponseState>,
}

open_enum! {
    /// What the orchestrator did with a proposed state (`SetStateStatus`).
    pub enum SetStateStatus {
        Accept = "ACCEPT",
        Reject = "REJECT",
        Abort = "ABORT",
        Wait = "WAIT",
    }
}

/// Why (`StateAcceptDetails` / `StateRejectDetails` / `StateAbortDetails` /
/// `StateWaitDetails`), tagged by `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum StateResponseDetails {
    #[serde(rename = "accept_details")]
    Accept {},
    #[serde(rename = "reject_details")]
    Reject {
        #[serde(default)]
        reason: Option<String>,
    },
    #[serde(rename = "abort_details")]
    Abort {
        #[serde(default)]
        reason: Option<String>,
    },
    #[serde(rename = "wait_details")]
    Wait {
        delay_seconds: i64,
        #[serde(default)]
        reason: Option<String>,
    },
}

/// The answer to `set_state` (`OrchestrationResult`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrchestrationResult {
    #[serde(default)]
    pub state: Option<State>,
    pub status: SetStateStatus,
    pub details: StateResponseDetails,
}

/// One run's answer to a bulk state change (`FlowRunOrchestrationResult`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowRunOrchestrationResult {
    pub flow_run_id: Uuid,
    pub status: SetStateStatus,
    #[serde(default)]
    pub state: Option<State>,
    pub details: StateResponseDetails,
}

/// The answer to `POST /deployments/bulk_delete` (`DeploymentBulkDeleteResponse`): the
/// deployments it deleted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentBulkDeleteResponse {
    #[serde(default)]
    pub deleted: Vec<uuid::Uuid>,
}

/// The answer to `POST /flow_runs/bulk_set_state` (`FlowRunBulkSetStateResponse`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowRunBulkSetStateResponse {
    #[serde(default)]
    pub results: Vec<FlowRunOrchestrationResult>,
}

/// A run handed to a worker (`WorkerFlowRunResponse`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkerFlowRunResponse {
    pub work_pool_id: Uuid,
    pub work_queue_id: Uuid,
    pub flow_run: FlowRun,
}

/// A run holding a concurrency slot (`FlowRunSlotSummary`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowRunSlotSummary {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub state_type: Option<StateType>,
    #[serde(default)]
    pub state_name: Option<String>,
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    #[serde(default)]
    pub state_timestamp: Option<Timestamp>,
    /// Seconds.
    #[serde(default)]
    pub time_in_current_state: Option<f64>,
}

/// A queue's slot use inside a pool's concurrency status (`WorkQueueConcurrencyStatusDetail`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkQueueConcurrencyStatusDetail {
    pub queue_id: Uuid,
    pub queue_name: String,
    #[serde(default)]
    pub active_slots: i64,
    #[serde(default)]
    pub concurrency_limit: Option<i64>,
    #[serde(default)]
    pub flow_runs: Vec<FlowRunSlotSummary>,
    #[serde(default)]
    pub flow_run_count: Option<i64>,
}

/// `POST /work_pools/{name}/concurrency_status` (`WorkPoolConcurrencyStatus`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkPoolConcurrencyStatus {
    #[serde(default)]
    pub active_slots: i64,
    #[serde(default)]
    pub concurrency_limit: Option<i64>,
    #[serde(default)]
    pub queues: Vec<WorkQueueConcurrencyStatusDetail>,
    pub count: i64,
    pub limit: i64,
    pub pages: i64,
    pub page: i64,
}

/// `POST /work_queues/{id}/concurrency_status` (`WorkQueueConcurrencyStatus`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkQueueConcurrencyStatus {
    #[serde(default)]
    pub active_slots: i64,
    #[serde(default)]
    pub concurrency_limit: Option<i64>,
    #[serde(default)]
    pub flow_runs: Vec<FlowRunSlotSummary>,
    pub count: i64,
    pub limit: i64,
    #[serde(default)]
    pub pages: Option<i64>,
    #[serde(default)]
    pub page: Option<i64>,
}

/// A limit in a lease answer (`MinimalConcurrencyLimitResponse`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinimalConcurrencyLimitResponse {
    pub id: Uuid,
    pub name: String,
    pub limit: i64,
}
