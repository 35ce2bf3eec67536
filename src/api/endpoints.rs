//! Every endpoint the dashboard uses, as a pure function from typed arguments to the request
//! it sends and the type its answer decodes to. `PrefectClient` has one async method per
//! function here; pages never build URLs or JSON themselves.

use super::request::ApiRequest;
use crate::schemas::actions::{
    BlockDocumentCreate, BlockDocumentUpdate, BulkSetFlowRunState, ConcurrencyLimitCreate,
    DeploymentCreate, DeploymentFlowRunCreate, DeploymentScheduleCreate, DeploymentScheduleUpdate,
    DeploymentUpdate, GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate, SetFlowRunState,
    VariableCreate, VariableUpdate, WorkPoolCreate, WorkPoolUpdate, WorkQueueCreate,
    WorkQueueUpdate,
};
use crate::schemas::automations::{
    Automation, AutomationCreate, AutomationEnabled, AutomationUpdate,
};
use crate::schemas::events::{EventFilter, EventPage};
use crate::schemas::filters::{
    ArtifactRequest, BlockDocumentRequest, DeploymentFilter, FilterRequest, FlowRunRequest,
    HistoryRequest, LogRequest, TaskRunRequest, VariableRequest, WorkQueueFilter,
};
use crate::schemas::graph::Graph;
use crate::schemas::responses::{
    DeploymentBulkDeleteResponse, DeploymentRef, FlowRunBulkSetStateResponse, HistoryResponse,
    LogRef, Named, OrchestrationResult, Paginated, TaskRunRef,
};
use crate::schemas::sorting::{DeploymentSort, FlowSort, WorkPoolSort};
use crate::schemas::ui::{
    CountById, CountByState, NextRunsByFlow, SimpleFlowRun, TaskRunCount, UITaskRun,
};
use crate::schemas::*;
use crate::url::encode_component;
use serde_json::json;
use std::marker::PhantomData;
use uuid::Uuid;

pub use crate::schemas::MAX_LIMIT;

/// A request and the type its answer decodes to.
#[derive(Debug, PartialEq)]
pub struct Endpoint<T> {
    pub request: ApiRequest,
    decodes_to: PhantomData<fn() -> T>,
}

impl<T> Endpoint<T> {
    fn new(request: ApiRequest) -> Endpoint<T> {
        Endpoint {
            request,
            decodes_to: PhantomData,
        }
    }
}

fn segment(text: &str) -> String {
    encode_component(text)
}

pub fn health() -> Endpoint<bool> {
    Endpoint::new(ApiRequest::get("/health"))
}

pub fn admin_version() -> Endpoint<String> {
    Endpoint::new(ApiRequest::get("/admin/version"))
}

/// `GET /admin/settings`: the server's settings, secrets obfuscated (read for what the
/// server streams).
pub fn admin_settings() -> Endpoint<serde_json::Value> {
    Endpoint::new(ApiRequest::get("/admin/settings"))
}

/// `GET /csrf-token?client=` (422 when CSRF protection is off).
pub fn csrf_token(client_id: &str) -> Endpoint<CsrfToken> {
    Endpoint::new(ApiRequest::get("/csrf-token").with_query("client", client_id))
}

/// Prefect Cloud: the workspaces the API key can see (relative to the Cloud API base).
pub fn me_workspaces() -> Endpoint<Vec<Workspace>> {
    Endpoint::new(ApiRequest::get("/me/workspaces"))
}

pub fn flow(id: Uuid) -> Endpoint<Flow> {
    Endpoint::new(ApiRequest::get(format!("/flows/{id}")))
}

pub fn flows_filter(body: &FilterRequest<FlowSort>) -> Endpoint<Vec<Flow>> {
    Endpoint::new(ApiRequest::post("/flows/filter", body))
}

/// `POST /flows/filter` read for the flows' ids and names only.
pub fn flow_names_filter(body: &FilterRequest<FlowSort>) -> Endpoint<Vec<Named>> {
    Endpoint::new(ApiRequest::post("/flows/filter", body))
}

pub fn flows_paginate(body: &FilterRequest<FlowSort>) -> Endpoint<Paginated<Flow>> {
    Endpoint::new(ApiRequest::post("/flows/paginate", body))
}

pub fn flow_runs_filter(body: &FlowRunRequest) -> Endpoint<Vec<FlowRun>> {
    Endpoint::new(ApiRequest::post("/flow_runs/filter", body))
}

pub fn flow_runs_paginate(body: &FlowRunRequest) -> Endpoint<Paginated<FlowRun>> {
    Endpoint::new(ApiRequest::post("/flow_runs/paginate", body))
}

pub fn flow_runs_count(body: &FlowRunRequest) -> Endpoint<i64> {
    Endpoint::new(ApiRequest::post("/flow_runs/count", &without_paging(body)))
}

/// Average lateness in seconds of the matching runs, or null.
pub fn flow_runs_lateness(body: &FlowRunRequest) -> Endpoint<Option<f64>> {
    Endpoint::new(ApiRequest::post(
        "/flow_runs/lateness",
        &without_paging(body),
    ))
}

pub fn flow_runs_history(body: &HistoryRequest) -> Endpoint<Vec<HistoryResponse>> {
    Endpoint::new(ApiRequest::post("/flow_runs/history", body))
}

pub fn flow_run(id: Uuid) -> Endpoint<FlowRun> {
    Endpoint::new(ApiRequest::get(format!("/flow_runs/{id}")))
}

/// The run's task runs and subflow runs; `since` returns only nodes still running or ended
/// after it (for incremental updates).
pub fn flow_run_graph(id: Uuid, since: Option<Timestamp>) -> Endpoint<Graph> {
    let request = ApiRequest::get(format!("/flow_runs/{id}/graph-v2"));
    Endpoint::new(match since {
        Some(since) => request.with_query("since", since.to_wire()),
        None => request,
    })
}

/// A flow run's state history.
pub fn flow_run_states(flow_run_id: Uuid) -> Endpoint<Vec<State>> {
    Endpoint::new(
        ApiRequest::get("/flow_run_states/").with_query("flow_run_id", flow_run_id.to_string()),
    )
}

pub fn task_runs_filter(body: &TaskRunRequest) -> Endpoint<Vec<TaskRun>> {
    Endpoint::new(ApiRequest::post("/task_runs/filter", body))
}

/// `POST /task_runs/filter` read for where each task run sits (flow run, task, state).
pub fn task_run_refs_filter(body: &TaskRunRequest) -> Endpoint<Vec<TaskRunRef>> {
    Endpoint::new(ApiRequest::post("/task_runs/filter", body))
}

pub fn task_runs_paginate(body: &TaskRunRequest) -> Endpoint<Paginated<TaskRunResponse>> {
    Endpoint::new(ApiRequest::post("/task_runs/paginate", body))
}

pub fn task_runs_count(body: &TaskRunRequest) -> Endpoint<i64> {
    Endpoint::new(ApiRequest::post("/task_runs/count", &without_paging(body)))
}

pub fn task_runs_history(body: &HistoryRequest) -> Endpoint<Vec<HistoryResponse>> {
    Endpoint::new(ApiRequest::post("/task_runs/history", body))
}

/// `GET /task_run_states/?task_run_id=`: a task run's states, oldest first.
pub fn task_run_states(task_run_id: Uuid) -> Endpoint<Vec<State>> {
    Endpoint::new(
        ApiRequest::get("/task_run_states/").with_query("task_run_id", task_run_id.to_string()),
    )
}

pub fn block_documents_filter(body: &BlockDocumentRequest) -> Endpoint<Vec<BlockDocument>> {
    Endpoint::new(ApiRequest::post("/block_documents/filter", body))
}

pub fn block_documents_count(body: &BlockDocumentRequest) -> Endpoint<i64> {
    Endpoint::new(ApiRequest::post("/block_documents/count", body))
}

/// `GET /block_documents/{id}?include_secrets=false`: secret fields come masked.
pub fn block_document(id: Uuid) -> Endpoint<BlockDocument> {
    Endpoint::new(
        ApiRequest::get(format!("/block_documents/{id}")).with_query("include_secrets", "false"),
    )
}

/// `POST /block_types/filter`: the types there are, by name (the server's first 200).
pub fn block_types_filter() -> Endpoint<Vec<BlockType>> {
    Endpoint::new(ApiRequest::post(
        "/block_types/filter",
        &json!({"limit": MAX_LIMIT}),
    ))
}

/// The newest schema of a block type (`get_most_recent_block_schema_for_block_type`): the
/// server sorts a type's schemas newest first.
pub fn get_most_recent_block_schema_for_block_type(
    block_type_id: Uuid,
) -> Endpoint<Vec<BlockSchema>> {
    Endpoint::new(ApiRequest::post(
        "/block_schemas/filter",
        &json!({"block_schemas": {"block_type_id": {"any_": [block_type_id]}}, "limit": 1}),
    ))
}

/// Saves a new block document (`create_block_document`); a name taken for its type is a 409.
pub fn create_block_document(body: &BlockDocumentCreate) -> Endpoint<BlockDocument> {
    Endpoint::new(ApiRequest::post("/block_documents/", body))
}

/// Changes a block document's data (`update_block_document`).
pub fn update_block_document(id: Uuid, body: &BlockDocumentUpdate) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(format!("/block_documents/{id}"), body))
}

/// Deletes a block document (`delete_block_document`); blocks that referred to it lose the
/// reference.
pub fn delete_block_document(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/block_documents/{id}")))
}

pub fn artifacts_latest_filter(body: &ArtifactRequest) -> Endpoint<Vec<ArtifactCollection>> {
    Endpoint::new(ApiRequest::post("/artifacts/latest/filter", body))
}

pub fn artifacts_latest_count(body: &ArtifactRequest) -> Endpoint<i64> {
    Endpoint::new(ApiRequest::post("/artifacts/latest/count", body))
}

pub fn variables_filter(body: &VariableRequest) -> Endpoint<Vec<Variable>> {
    Endpoint::new(ApiRequest::post("/variables/filter", body))
}

pub fn variables_count(body: &VariableRequest) -> Endpoint<i64> {
    Endpoint::new(ApiRequest::post("/variables/count", body))
}

pub fn artifacts_filter(body: &ArtifactRequest) -> Endpoint<Vec<Artifact>> {
    Endpoint::new(ApiRequest::post("/artifacts/filter", body))
}

pub fn task_run(id: Uuid) -> Endpoint<TaskRun> {
    Endpoint::new(ApiRequest::get(format!("/task_runs/{id}")))
}

pub fn logs_filter(body: &LogRequest) -> Endpoint<Vec<Log>> {
    Endpoint::new(ApiRequest::post("/logs/filter", body))
}

/// `POST /logs/filter` read for counting: each line's run, level and time.
pub fn log_refs_filter(body: &LogRequest) -> Endpoint<Vec<LogRef>> {
    Endpoint::new(ApiRequest::post("/logs/filter", body))
}

pub fn deployments_filter(body: &FilterRequest<DeploymentSort>) -> Endpoint<Vec<Deployment>> {
    Endpoint::new(ApiRequest::post("/deployments/filter", body))
}

/// `POST /deployments/filter` read for the deployments' ids and names only.
pub fn deployment_names_filter(body: &FilterRequest<DeploymentSort>) -> Endpoint<Vec<Named>> {
    Endpoint::new(ApiRequest::post("/deployments/filter", body))
}

/// `POST /deployments/filter` read for where each deployment sits (flow, work pool).
pub fn deployment_refs_filter(
    body: &FilterRequest<DeploymentSort>,
) -> Endpoint<Vec<DeploymentRef>> {
    Endpoint::new(ApiRequest::post("/deployments/filter", body))
}

pub fn deployments_paginate(
    body: &FilterRequest<DeploymentSort>,
) -> Endpoint<Paginated<Deployment>> {
    Endpoint::new(ApiRequest::post("/deployments/paginate", body))
}

pub fn deployments_count(body: &FilterRequest<DeploymentSort>) -> Endpoint<i64> {
    Endpoint::new(ApiRequest::post(
        "/deployments/count",
        &without_paging(body),
    ))
}

pub fn deployment(id: Uuid) -> Endpoint<Deployment> {
    Endpoint::new(ApiRequest::get(format!("/deployments/{id}")))
}

pub fn deployment_schedules(id: Uuid) -> Endpoint<Vec<DeploymentSchedule>> {
    Endpoint::new(ApiRequest::get(format!("/deployments/{id}/schedules")))
}

pub fn work_pools_filter(body: &FilterRequest<WorkPoolSort>) -> Endpoint<Vec<WorkPool>> {
    Endpoint::new(ApiRequest::post("/work_pools/filter", body))
}

/// `POST /work_pools/filter` read for the pools' ids and names only.
pub fn work_pool_names_filter(body: &FilterRequest<WorkPoolSort>) -> Endpoint<Vec<Named>> {
    Endpoint::new(ApiRequest::post("/work_pools/filter", body))
}

pub fn work_pool(name: &str) -> Endpoint<WorkPool> {
    Endpoint::new(ApiRequest::get(format!("/work_pools/{}", segment(name))))
}

/// A pool's queues (the body's key is `work_queues` here).
pub fn work_pool_queues(pool: &str, filter: Option<&WorkQueueFilter>) -> Endpoint<Vec<WorkQueue>> {
    let mut body = json!({"limit": MAX_LIMIT});
    if let Some(filter) = filter {
        body["work_queues"] = serde_json::to_value(filter).unwrap_or_default();
    }
    Endpoint::new(ApiRequest::post(
        format!("/work_pools/{}/queues/filter", segment(pool)),
        &body,
    ))
}

pub fn work_pool_workers(pool: &str) -> Endpoint<Vec<Worker>> {
    Endpoint::new(ApiRequest::post(
        format!("/work_pools/{}/workers/filter", segment(pool)),
        &json!({"limit": MAX_LIMIT}),
    ))
}

/// Every work queue on the server, across pools (each names its `work_pool_name`).
pub fn work_queues_filter() -> Endpoint<Vec<WorkQueue>> {
    Endpoint::new(ApiRequest::post(
        "/work_queues/filter",
        &json!({"limit": MAX_LIMIT}),
    ))
}

pub fn work_queue(id: Uuid) -> Endpoint<WorkQueue> {
    Endpoint::new(ApiRequest::get(format!("/work_queues/{id}")))
}

/// `WorkQueueStatusDetail`: health by the server's `WorkQueueHealthPolicy`.
pub fn work_queue_status(id: Uuid) -> Endpoint<WorkQueueStatusDetail> {
    Endpoint::new(ApiRequest::get(format!("/work_queues/{id}/status")))
}

pub fn concurrency_limits_filter() -> Endpoint<Vec<ConcurrencyLimit>> {
    Endpoint::new(ApiRequest::post(
        "/concurrency_limits/filter",
        &json!({"limit": MAX_LIMIT}),
    ))
}

pub fn global_concurrency_limits_filter() -> Endpoint<Vec<GlobalConcurrencyLimitResponse>> {
    Endpoint::new(ApiRequest::post(
        "/v2/concurrency_limits/filter",
        &json!({"limit": MAX_LIMIT}),
    ))
}

/// One batch (at most 200 flows) of next scheduled runs.
pub fn ui_flows_next_runs(flow_ids: &[Uuid]) -> Endpoint<NextRunsByFlow> {
    Endpoint::new(ApiRequest::post(
        "/ui/flows/next-runs",
        &json!({"flow_ids": flow_ids}),
    ))
}

/// One batch (at most 200 flows) of deployment counts.
pub fn ui_flows_count_deployments(flow_ids: &[Uuid]) -> Endpoint<CountById> {
    Endpoint::new(ApiRequest::post(
        "/ui/flows/count-deployments",
        &json!({"flow_ids": flow_ids}),
    ))
}

/// One batch (at most 200 runs) of task-run counts.
pub fn ui_flow_runs_count_task_runs(flow_run_ids: &[Uuid]) -> Endpoint<CountById> {
    Endpoint::new(ApiRequest::post(
        "/ui/flow_runs/count-task-runs",
        &json!({"flow_run_ids": flow_run_ids}),
    ))
}

/// Up to 1,000 points for a scatter plot (a sample, not an aggregate).
pub fn ui_flow_runs_history(body: &FlowRunRequest) -> Endpoint<Vec<SimpleFlowRun>> {
    Endpoint::new(ApiRequest::post("/ui/flow_runs/history", body))
}

/// Twenty buckets of completed / failed task runs; needs `task_runs.start_time.after_`.
pub fn ui_task_runs_dashboard_counts(body: &TaskRunRequest) -> Endpoint<Vec<TaskRunCount>> {
    Endpoint::new(ApiRequest::post(
        "/ui/task_runs/dashboard/counts",
        &without_paging(body),
    ))
}

/// Task runs per state type in one call.
pub fn ui_task_runs_count(body: &TaskRunRequest) -> Endpoint<CountByState> {
    Endpoint::new(ApiRequest::post(
        "/ui/task_runs/count",
        &without_paging(body),
    ))
}

pub fn ui_task_run(id: Uuid) -> Endpoint<UITaskRun> {
    Endpoint::new(ApiRequest::get(format!("/ui/task_runs/{id}")))
}

/// Events matching `filter`, at most 50 per page.
pub fn events_filter(filter: &EventFilter, limit: u32) -> Endpoint<EventPage> {
    Endpoint::new(ApiRequest::post(
        "/events/filter",
        &json!({"filter": filter, "limit": limit.min(50)}),
    ))
}

/// The next page of events, by the token of `EventPage::next_page_token`.
pub fn events_next(page_token: &str) -> Endpoint<EventPage> {
    Endpoint::new(ApiRequest::get("/events/filter/next").with_query("page-token", page_token))
}

/// Every automation (`POST /automations/filter`; the server sorts them by name).
pub fn automations_filter() -> Endpoint<Vec<Automation>> {
    Endpoint::new(ApiRequest::post(
        "/automations/filter",
        &json!({"sort": "NAME_ASC", "limit": MAX_LIMIT}),
    ))
}

/// One automation as the server stores it (`read_automation`), every field kept: its edit
/// starts from it.
pub fn read_automation(id: Uuid) -> Endpoint<serde_json::Value> {
    Endpoint::new(ApiRequest::get(format!("/automations/{id}")))
}

/// Creates an automation (`create_automation`); the server checks the trigger and actions.
pub fn create_automation(body: &AutomationCreate) -> Endpoint<serde_json::Value> {
    Endpoint::new(ApiRequest::post("/automations/", body))
}

/// Replaces an automation (`update_automation`, `PUT`).
pub fn update_automation(id: Uuid, body: &AutomationUpdate) -> Endpoint<()> {
    Endpoint::new(ApiRequest::put(format!("/automations/{id}"), body))
}

/// Deletes an automation (`delete_automation`).
pub fn delete_automation(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/automations/{id}")))
}

/// Checks a Jinja template as the server renders automations' templates
/// (`POST /templates/validate`): 204, or a 422 naming the line and the fault.
pub fn validate_template(template: &str) -> Endpoint<()> {
    Endpoint::new(ApiRequest::post("/templates/validate", &template))
}

/// Blocks that can send notifications (capability `notify`), by name (the first 200).
pub fn notification_blocks() -> Endpoint<Vec<BlockDocument>> {
    Endpoint::new(ApiRequest::post(
        "/block_documents/filter",
        &json!({
            "block_documents": {"is_anonymous": {"eq_": false}},
            "block_schemas": {"block_capabilities": {"all_": ["notify"]}},
            "include_secrets": false,
            "sort": "NAME_ASC",
            "limit": MAX_LIMIT
        }),
    ))
}

/// Turns an automation on or off (`PATCH /automations/{id}`).
pub fn set_automation_enabled(id: Uuid, body: &AutomationEnabled) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(format!("/automations/{id}"), body))
}

/// Count endpoints reject `sort`, `limit`, `offset` and `page`.
fn without_paging<S: Clone>(body: &FilterRequest<S>) -> FilterRequest<S> {
    FilterRequest {
        sort: None,
        limit: None,
        offset: None,
        page: None,
        ..body.clone()
    }
}

// Actions. Each answers with what Prefect decided (an `OrchestrationResult` for states),
// or nothing (`()` decodes an empty 204 body).

/// Proposes a state for a flow run; the orchestration rules may accept, alter or refuse it
/// unless `force` is set.
pub fn set_flow_run_state(id: Uuid, body: &SetFlowRunState) -> Endpoint<OrchestrationResult> {
    Endpoint::new(ApiRequest::post(format!("/flow_runs/{id}/set_state"), body))
}

/// The same proposal for up to 50 runs matching a filter, one result per run.
pub fn bulk_set_flow_run_state(
    body: &BulkSetFlowRunState,
) -> Endpoint<FlowRunBulkSetStateResponse> {
    Endpoint::new(ApiRequest::post("/flow_runs/bulk_set_state", body))
}

/// Resumes a paused flow run.
/// Resumes a paused run (`resume_flow_run`); a run that waits for input takes it as
/// `run_input`, checked by the server against the schema the run stored.
pub fn resume_flow_run(
    id: Uuid,
    run_input: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Endpoint<OrchestrationResult> {
    let body = match run_input {
        Some(input) => json!({ "run_input": input }),
        None => json!({}),
    };
    Endpoint::new(ApiRequest::post(format!("/flow_runs/{id}/resume"), &body))
}

/// One value a run keeps under `key` (`read_flow_run_input`): a JSON text, such as the
/// schema of the input a paused run waits for.
pub fn read_flow_run_input(id: Uuid, key: &str) -> Endpoint<serde_json::Value> {
    Endpoint::new(ApiRequest::get(format!(
        "/flow_runs/{id}/input/{}",
        segment(key)
    )))
}

pub fn delete_flow_run(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/flow_runs/{id}")))
}

/// Proposes a state for a task run (`set_task_run_state`; the body is a flow run's: the
/// state and `force`).
pub fn set_task_run_state(id: Uuid, body: &SetFlowRunState) -> Endpoint<OrchestrationResult> {
    Endpoint::new(ApiRequest::post(format!("/task_runs/{id}/set_state"), body))
}

/// Deletes a task run and its logs (`delete_task_run`).
pub fn delete_task_run(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/task_runs/{id}")))
}

/// A new run of a deployment, with its defaults where the body says nothing.
pub fn create_flow_run_from_deployment(
    id: Uuid,
    body: &DeploymentFlowRunCreate,
) -> Endpoint<FlowRun> {
    Endpoint::new(ApiRequest::post(
        format!("/deployments/{id}/create_flow_run"),
        body,
    ))
}

/// Pauses every schedule of a deployment (no new scheduled runs).
pub fn pause_deployment(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::post(
        format!("/deployments/{id}/pause_deployment"),
        &json!({}),
    ))
}

pub fn resume_deployment(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::post(
        format!("/deployments/{id}/resume_deployment"),
        &json!({}),
    ))
}

pub fn update_work_pool(name: &str, body: &WorkPoolUpdate) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(
        format!("/work_pools/{}", segment(name)),
        body,
    ))
}

/// Creates a work pool (`create_work_pool`); the server answers with it (409 when the name
/// is taken, 403 for names starting "prefect").
pub fn create_work_pool(body: &WorkPoolCreate) -> Endpoint<WorkPool> {
    Endpoint::new(ApiRequest::post("/work_pools/", body))
}

/// Creates a global concurrency limit (`create_global_concurrency_limit`).
pub fn create_global_concurrency_limit(
    body: &GlobalConcurrencyLimitCreate,
) -> Endpoint<GlobalConcurrencyLimitResponse> {
    Endpoint::new(ApiRequest::post("/v2/concurrency_limits/", body))
}

/// Changes a global limit (`update_global_concurrency_limit`), by id.
pub fn update_global_concurrency_limit(
    id: Uuid,
    body: &GlobalConcurrencyLimitUpdate,
) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(
        format!("/v2/concurrency_limits/{id}"),
        body,
    ))
}

/// Deletes a global limit (`delete_global_concurrency_limit`), by id.
pub fn delete_global_concurrency_limit(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/v2/concurrency_limits/{id}")))
}

/// Creates a tag limit (`create_concurrency_limit`).
pub fn create_concurrency_limit(body: &ConcurrencyLimitCreate) -> Endpoint<ConcurrencyLimit> {
    Endpoint::new(ApiRequest::post("/concurrency_limits/", body))
}

/// Frees every slot of a tag limit (`reset_concurrency_limit_by_tag`).
pub fn reset_concurrency_limit_by_tag(tag: &str) -> Endpoint<()> {
    Endpoint::new(ApiRequest::post(
        format!("/concurrency_limits/tag/{}/reset", segment(tag)),
        &serde_json::json!({}),
    ))
}

/// Deletes a tag limit (`delete_concurrency_limit_by_tag`).
pub fn delete_concurrency_limit_by_tag(tag: &str) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!(
        "/concurrency_limits/tag/{}",
        segment(tag)
    )))
}

/// Creates a variable (`create_variable`); a name taken answers 409.
pub fn create_variable(body: &VariableCreate) -> Endpoint<Variable> {
    Endpoint::new(ApiRequest::post("/variables/", body))
}

/// Changes a variable (`update_variable`), found by its id so a rename is one call.
pub fn update_variable(id: Uuid, body: &VariableUpdate) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(format!("/variables/{id}"), body))
}

/// Deletes a variable (`delete_variable`).
pub fn delete_variable(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/variables/{id}")))
}

/// Deletes a work pool (`delete_work_pool`) with its queues; deployments that named it keep
/// the name until they are changed.
pub fn delete_work_pool(name: &str) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/work_pools/{}", segment(name))))
}

/// The worker types a pool can be made for (`read_worker_metadata`): by collection, then by
/// type, each with its default base job template.
pub fn read_worker_metadata() -> Endpoint<serde_json::Map<String, serde_json::Value>> {
    Endpoint::new(ApiRequest::get(
        "/collections/views/aggregate-worker-metadata",
    ))
}

/// Creates a work queue in a pool (`create_work_queue` with `work_pool_name`).
pub fn create_work_queue(pool: &str, body: &WorkQueueCreate) -> Endpoint<WorkQueue> {
    Endpoint::new(ApiRequest::post(
        format!("/work_pools/{}/queues", segment(pool)),
        body,
    ))
}

/// Changes a queue of a pool by name: through this path a new priority moves the pool's
/// other queues down to make room (the `/work_queues/{id}` path sets it alone).
pub fn update_work_pool_queue(pool: &str, queue: &str, body: &WorkQueueUpdate) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(
        format!("/work_pools/{}/queues/{}", segment(pool), segment(queue)),
        body,
    ))
}

pub fn update_work_queue(id: Uuid, body: &WorkQueueUpdate) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(format!("/work_queues/{id}"), body))
}

/// Removes a worker from its pool's list (`delete_worker`); a worker that still runs comes
/// back with its next heartbeat.
pub fn delete_worker(pool: &str, worker: &str) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!(
        "/work_pools/{}/workers/{}",
        segment(pool),
        segment(worker)
    )))
}

/// Deletes a work queue (`delete_work_queue`).
pub fn delete_work_queue(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/work_queues/{id}")))
}

/// Changes a deployment (`update_deployment`): only the fields the body sets.
pub fn update_deployment(id: Uuid, body: &DeploymentUpdate) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(format!("/deployments/{id}"), body))
}

/// Creates a deployment (`create_deployment`); the server upserts by flow and name.
pub fn create_deployment(body: &DeploymentCreate) -> Endpoint<Deployment> {
    Endpoint::new(ApiRequest::post("/deployments/", body))
}

/// Deletes the deployments a filter matches, at most `limit` (50 on Prefect 3.x), with
/// their scheduled runs; the answer names those deleted. Older servers answer 404 or 405.
pub fn bulk_delete_deployments(
    filter: &DeploymentFilter,
    limit: u32,
) -> Endpoint<DeploymentBulkDeleteResponse> {
    Endpoint::new(ApiRequest::post(
        "/deployments/bulk_delete",
        &json!({"deployments": filter, "limit": limit}),
    ))
}

/// Deletes a deployment (`delete_deployment`); the server deletes its scheduled runs with it.
pub fn delete_deployment(id: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!("/deployments/{id}")))
}

/// Checks parameters against a deployment's schema the way the server will
/// (`{"valid": bool, "errors": [...]}`, errors nested by property and index).
pub fn validate_parameters(
    schema: &serde_json::Map<String, serde_json::Value>,
    values: &serde_json::Map<String, serde_json::Value>,
) -> Endpoint<serde_json::Value> {
    Endpoint::new(ApiRequest::post(
        "/ui/schemas/validate",
        &json!({"schema": schema, "values": values}),
    ))
}

/// Adds schedules to a deployment (`create_deployment_schedules`); the answer is them.
pub fn create_deployment_schedules(
    deployment: Uuid,
    schedules: &[DeploymentScheduleCreate],
) -> Endpoint<Vec<DeploymentSchedule>> {
    Endpoint::new(ApiRequest::post(
        format!("/deployments/{deployment}/schedules"),
        &schedules,
    ))
}

/// Changes one schedule of a deployment (`update_deployment_schedule`).
pub fn update_deployment_schedule(
    deployment: Uuid,
    schedule: Uuid,
    body: &DeploymentScheduleUpdate,
) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(
        format!("/deployments/{deployment}/schedules/{schedule}"),
        body,
    ))
}

/// Deletes one schedule of a deployment (`delete_deployment_schedule`); runs it scheduled
/// that have not run go with it.
pub fn delete_deployment_schedule(deployment: Uuid, schedule: Uuid) -> Endpoint<()> {
    Endpoint::new(ApiRequest::delete(format!(
        "/deployments/{deployment}/schedules/{schedule}"
    )))
}

/// Turns one schedule of a deployment on or off.
pub fn set_deployment_schedule_active(
    deployment: Uuid,
    schedule: Uuid,
    active: bool,
) -> Endpoint<()> {
    Endpoint::new(ApiRequest::patch(
        format!("/deployments/{deployment}/schedules/{schedule}"),
        &json!({"active": active}),
    ))
}
