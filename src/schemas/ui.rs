//! The `/ui/*` endpoints' shapes, which the dashboard uses to batch per-row lookups.

use super::state::StateType;
use super::task_run::TaskRun;
use super::wire::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A point of `/ui/flow_runs/history` (`SimpleFlowRun`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimpleFlowRun {
    pub id: Uuid,
    pub state_type: StateType,
    /// `start_time`, else `expected_start_time`.
    pub timestamp: Timestamp,
    /// Seconds (`estimated_run_time`).
    pub duration: f64,
    /// Seconds (`estimated_start_time_delta`).
    pub lateness: f64,
}

/// A flow's next scheduled run, from `/ui/flows/next-runs` (`SimpleNextFlowRun`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimpleNextFlowRun {
    pub id: Uuid,
    pub flow_id: Uuid,
    pub name: String,
    pub state_name: String,
    pub state_type: StateType,
    pub next_scheduled_start_time: Timestamp,
}

/// `/ui/flows/next-runs`: flow id -> its next run, or null.
pub type NextRunsByFlow = BTreeMap<Uuid, Option<SimpleNextFlowRun>>;
/// `/ui/flows/count-deployments` and `/ui/flow_runs/count-task-runs`: id -> count.
pub type CountById = BTreeMap<Uuid, i64>;
/// `/ui/task_runs/count`: state type -> count (`CountByState`).
pub type CountByState = BTreeMap<StateType, i64>;

/// A task run with its flow run's name (`UITaskRun`, `GET /ui/task_runs/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UITaskRun {
    #[serde(flatten)]
    pub task_run: TaskRun,
    #[serde(default)]
    pub flow_run_name: Option<String>,
}

/// One bucket of `/ui/task_runs/dashboard/counts` (`TaskRunCount`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRunCount {
    /// Terminal runs that did not fail.
    pub completed: i64,
    /// FAILED and CRASHED.
    pub failed: i64,
}

/// `GET /ui-settings` (`UISettings`), served next to Prefect's own UI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UISettings {
    pub api_url: String,
    pub csrf_enabled: bool,
    /// `"BASIC"` or null.
    #[serde(default)]
    pub auth: Option<String>,
    #[serde(default)]
    pub flags: Vec<String>,
    pub default_ui: String,
    #[serde(default)]
    pub available_uis: Vec<String>,
    #[serde(default)]
    pub v1_base_url: Option<String>,
    #[serde(default)]
    pub v2_base_url: Option<String>,
}
