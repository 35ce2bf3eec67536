//! Filters for request bodies (`prefect.client.schemas.filters`). Prefect forbids unknown
//! keys, so every unset field is left out of the JSON.

use super::sorting::{
    ArtifactSort, BlockDocumentSort, DeploymentSort, FlowRunSort, LogSort, TaskRunSort,
    VariableSort,
};
use super::state::StateType;
use super::wire::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a filter's fields combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    #[default]
    #[serde(rename = "and_")]
    And,
    #[serde(rename = "or_")]
    Or,
}

/// `{any_, not_any_}` over ids.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IdFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub not_any_: Option<Vec<Uuid>>,
}

impl IdFilter {
    /// "One of these ids": the one way every request names its ids.
    pub fn any(ids: impl IntoIterator<Item = Uuid>) -> IdFilter {
        IdFilter {
            any_: Some(ids.into_iter().collect()),
            not_any_: None,
        }
    }
}

/// `{any_, like_}` over names (`like_` is a case-insensitive substring match).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NameFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub like_: Option<String>,
}

/// Tags: `all_` must all be present, `any_` at least one, `is_null_` for untagged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TagsFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub all_: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_null_: Option<bool>,
}

/// A time window: `after_` <= t <= `before_`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub before_: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after_: Option<Timestamp>,
}

/// A time window that may also ask for unset values (`start_time`, `end_time`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NullableTimeFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub before_: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after_: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_null_: Option<bool>,
}

/// A reference that may be unset (`parent_task_run_id`, `deployment_id`, `flow_run_id`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NullableIdFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_null_: Option<bool>,
}

/// State types to include or exclude.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateTypeFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<StateType>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub not_any_: Option<Vec<StateType>>,
}

/// State names ("Late", "Retrying", ...) to include or exclude.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateNameFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub not_any_: Option<Vec<String>>,
}

/// A run's state by type and name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub state_type: Option<StateTypeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<StateNameFilter>,
}

/// `{any_}` over strings (work queue names, pool types).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnyFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<String>>,
}

/// `FlowRunFilter`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowRunFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<NameFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<TagsFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deployment_id: Option<NullableIdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub work_queue_name: Option<AnyFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub state: Option<StateFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start_time: Option<NullableTimeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_time: Option<NullableTimeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected_start_time: Option<TimeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_scheduled_start_time: Option<TimeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent_flow_run_id: Option<NullableIdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent_task_run_id: Option<NullableIdFilter>,
}

/// `TaskRunFilter`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRunFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<NameFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<TagsFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub state: Option<StateFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start_time: Option<NullableTimeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected_start_time: Option<TimeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flow_run_id: Option<NullableIdFilter>,
}

/// `FlowFilter`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<NameFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<TagsFilter>,
}

/// `DeploymentFilter`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<NameFilter>,
    /// Matches the flow's or the deployment's name (`like_`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flow_or_deployment_name: Option<NameFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub paused: Option<BoolFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<TagsFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub work_queue_name: Option<AnyFilter>,
}

/// `{eq_}` over a boolean.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BoolFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub eq_: Option<bool>,
}

/// `WorkPoolFilter`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkPoolFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<AnyFilter>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub pool_type: Option<AnyFilter>,
}

/// `WorkQueueFilter` (sent as `work_pool_queues` or `work_queues` depending on the endpoint).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkQueueFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<NameFilter>,
}

/// `LogFilter`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<LevelFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub timestamp: Option<TimeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flow_run_id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub task_run_id: Option<NullableIdFilter>,
    /// Full-text search of the message.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<TextFilter>,
}

/// Log levels between `ge_` and `le_`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LevelFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ge_: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub le_: Option<i64>,
}

/// `{query}` full-text search.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TextFilter {
    pub query: String,
}

/// The body of `/flow_runs/filter|count|paginate`, `/task_runs/*`, `/deployments/*`:
/// every filter, a sort, and either `limit`/`offset` or `limit`/`page`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterRequest<Sort> {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flows: Option<FlowFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flow_runs: Option<FlowRunFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub task_runs: Option<TaskRunFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deployments: Option<DeploymentFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub work_pools: Option<WorkPoolFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub work_pool_queues: Option<WorkQueueFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sort: Option<Sort>,
    /// At most 200 (the server's cap).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
    /// 1-based, for `/paginate`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
}

impl<Sort> Default for FilterRequest<Sort> {
    fn default() -> Self {
        FilterRequest {
            flows: None,
            flow_runs: None,
            task_runs: None,
            deployments: None,
            work_pools: None,
            work_pool_queues: None,
            sort: None,
            limit: None,
            offset: None,
            page: None,
        }
    }
}

/// Flow-run queries.
pub type FlowRunRequest = FilterRequest<FlowRunSort>;
/// Task-run queries.
pub type TaskRunRequest = FilterRequest<TaskRunSort>;
/// Deployment queries.
pub type DeploymentRequest = FilterRequest<DeploymentSort>;

/// The body of `/flow_runs/history` and `/task_runs/history`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRequest {
    pub history_start: Timestamp,
    pub history_end: Timestamp,
    /// At least 1.
    pub history_interval_seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flows: Option<FlowFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flow_runs: Option<FlowRunFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub task_runs: Option<TaskRunFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deployments: Option<DeploymentFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub work_pools: Option<WorkPoolFilter>,
    /// Named `work_queues` here (not `work_pool_queues`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub work_queues: Option<WorkQueueFilter>,
}

impl HistoryRequest {
    /// Every run from `start` to `end` in buckets of `interval_seconds`, no filters; add
    /// filters with `HistoryRequest { flow_runs: …, ..HistoryRequest::over(…) }`.
    pub fn over(start: Timestamp, end: Timestamp, interval_seconds: f64) -> HistoryRequest {
        HistoryRequest {
            history_start: start,
            history_end: end,
            history_interval_seconds: interval_seconds,
            flows: None,
            flow_runs: None,
            task_runs: None,
            deployments: None,
            work_pools: None,
            work_queues: None,
        }
    }
}

/// The body of `/logs/filter`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogRequest {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub logs: Option<LogFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sort: Option<LogSort>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
}

/// `ArtifactFilter`: by key, the run that made it and its type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArtifactFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key: Option<NameFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flow_run_id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub task_run_id: Option<IdFilter>,
    /// `type` on the wire.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<ArtifactTypeFilter>,
}

/// `{any_, not_any_}` over artifact types (`markdown`, `table`...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArtifactTypeFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub any_: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub not_any_: Option<Vec<String>>,
}

/// The body of `/artifacts/filter`, `/artifacts/latest/filter` and their counts (the
/// latest's filter takes the same keys).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArtifactRequest {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub artifacts: Option<ArtifactFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sort: Option<ArtifactSort>,
    /// At most 200 (the server's cap).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
}

/// `VariableFilter`: by name (`like_` a substring) and tags (`all_` of them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VariableFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<NameFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<TagsFilter>,
}

/// The body of `/variables/filter` and `/variables/count`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VariableRequest {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub variables: Option<VariableFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sort: Option<VariableSort>,
    /// At most 200 (the server's cap).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
}

/// `BlockDocumentFilter`: by name, whether anonymous (`eq_`), and block type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockDocumentFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<Operator>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<IdFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_anonymous: Option<EqFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<NameFilter>,
}

/// `{eq_}` over a flag.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EqFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub eq_: Option<bool>,
}

/// `BlockTypeFilter`: by slug.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockTypeFilter {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub slug: Option<NameFilter>,
}

/// The body of `/block_documents/filter` and (without `include_secrets`, sort and paging)
/// `/block_documents/count`. `include_secrets` is always sent, and always false: the
/// dashboard never asks for secrets in clear.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockDocumentRequest {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub block_documents: Option<BlockDocumentFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub block_types: Option<BlockTypeFilter>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub include_secrets: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sort: Option<BlockDocumentSort>,
    /// At most 200 (the server's cap).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
}
