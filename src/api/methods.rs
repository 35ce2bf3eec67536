//! One async method per endpoint, each a thin call of its builder in `endpoints`.

use super::endpoints;
use super::{ApiError, PrefectClient};
use crate::schemas::actions::{
    BlockDocumentCreate, BlockDocumentUpdate, BulkSetFlowRunState, ConcurrencyLimitCreate,
    DeploymentCreate, DeploymentFlowRunCreate, DeploymentUpdate, GlobalConcurrencyLimitCreate,
    GlobalConcurrencyLimitUpdate, SetFlowRunState, VariableCreate, VariableUpdate, WorkPoolCreate,
    WorkPoolUpdate, WorkQueueCreate, WorkQueueUpdate,
};
use crate::schemas::automations::{
    Automation, AutomationCreate, AutomationEnabled, AutomationUpdate,
};
use crate::schemas::events::{EventFilter, EventPage};
use crate::schemas::filters::{
    ArtifactRequest, BlockDocumentRequest, FilterRequest, FlowRunRequest, HistoryRequest,
    LogRequest, TaskRunRequest, VariableRequest, WorkQueueFilter,
};
use crate::schemas::graph::Graph;
use crate::schemas::responses::{
    DeploymentRef, FlowRunBulkSetStateResponse, HistoryResponse, LogRef, Named,
    OrchestrationResult, Paginated, TaskRunRef,
};
use crate::schemas::sorting::{DeploymentSort, FlowSort, WorkPoolSort};
use crate::schemas::ui::{CountByState, SimpleFlowRun, TaskRunCount, UITaskRun};
use crate::schemas::*;
use uuid::Uuid;

macro_rules! endpoint_methods {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty; )*) => {
        impl PrefectClient {
            $(
                $(#[$doc])*
                pub async fn $name(&self, $($arg: $ty),*) -> Result<$out, ApiError> {
                    self.call(endpoints::$name($($arg),*)).await
                }
            )*
        }
    };
}

endpoint_methods! {
    /// `GET /health` (not behind auth).
    fn health() -> bool;
    /// `GET /admin/version` (behind auth).
    fn admin_version() -> String;
    /// `GET /admin/settings` (behind auth; not on Prefect Cloud).
    fn admin_settings() -> serde_json::Value;
    /// `GET /me/workspaces` on a Prefect Cloud API base.
    fn me_workspaces() -> Vec<Workspace>;
    fn flow(id: Uuid) -> Flow;
    fn flows_filter(body: &FilterRequest<FlowSort>) -> Vec<Flow>;
    fn flow_names_filter(body: &FilterRequest<FlowSort>) -> Vec<Named>;
    fn flows_paginate(body: &FilterRequest<FlowSort>) -> Paginated<Flow>;
    fn flow_runs_filter(body: &FlowRunRequest) -> Vec<FlowRun>;
    fn flow_runs_paginate(body: &FlowRunRequest) -> Paginated<FlowRun>;
    fn flow_runs_count(body: &FlowRunRequest) -> i64;
    fn flow_runs_lateness(body: &FlowRunRequest) -> Option<f64>;
    fn flow_runs_history(body: &HistoryRequest) -> Vec<HistoryResponse>;
    fn flow_run(id: Uuid) -> FlowRun;
    fn flow_run_graph(id: Uuid, since: Option<Timestamp>) -> Graph;
    fn flow_run_states(flow_run_id: Uuid) -> Vec<State>;
    fn task_runs_filter(body: &TaskRunRequest) -> Vec<TaskRun>;
    fn task_run_refs_filter(body: &TaskRunRequest) -> Vec<TaskRunRef>;
    fn task_runs_paginate(body: &TaskRunRequest) -> Paginated<TaskRunResponse>;
    fn task_runs_count(body: &TaskRunRequest) -> i64;
    fn task_runs_history(body: &HistoryRequest) -> Vec<HistoryResponse>;
    fn task_run(id: Uuid) -> TaskRun;
    fn task_run_states(task_run_id: Uuid) -> Vec<State>;
    fn artifacts_filter(body: &ArtifactRequest) -> Vec<Artifact>;
    fn block_documents_filter(body: &BlockDocumentRequest) -> Vec<BlockDocument>;
    fn block_documents_count(body: &BlockDocumentRequest) -> i64;
    fn block_document(id: Uuid) -> BlockDocument;
    fn block_types_filter() -> Vec<BlockType>;
    fn artifacts_latest_filter(body: &ArtifactRequest) -> Vec<ArtifactCollection>;
    fn artifacts_latest_count(body: &ArtifactRequest) -> i64;
    fn variables_filter(body: &VariableRequest) -> Vec<Variable>;
    fn variables_count(body: &VariableRequest) -> i64;
    fn logs_filter(body: &LogRequest) -> Vec<Log>;
    fn log_refs_filter(body: &LogRequest) -> Vec<LogRef>;
    fn deployments_filter(body: &FilterRequest<DeploymentSort>) -> Vec<Deployment>;
    fn deployment_names_filter(body: &FilterRequest<DeploymentSort>) -> Vec<Named>;
    fn deployment_refs_filter(body: &FilterRequest<DeploymentSort>) -> Vec<DeploymentRef>;
    fn deployments_paginate(body: &FilterRequest<DeploymentSort>) -> Paginated<Deployment>;
    fn deployments_count(body: &FilterRequest<DeploymentSort>) -> i64;
    fn deployment(id: Uuid) -> Deployment;
    fn deployment_schedules(id: Uuid) -> Vec<DeploymentSchedule>;
    fn work_pools_filter(body: &FilterRequest<WorkPoolSort>) -> Vec<WorkPool>;
    fn work_pool_names_filter(body: &FilterRequest<WorkPoolSort>) -> Vec<Named>;
    fn work_pool(name: &str) -> WorkPool;
    fn work_pool_queues(pool: &str, filter: Option<&WorkQueueFilter>) -> Vec<WorkQueue>;
    fn work_pool_workers(pool: &str) -> Vec<Worker>;
    fn work_queues_filter() -> Vec<WorkQueue>;
    fn work_queue(id: Uuid) -> WorkQueue;
    fn work_queue_status(id: Uuid) -> WorkQueueStatusDetail;
    fn concurrency_limits_filter() -> Vec<ConcurrencyLimit>;
    fn global_concurrency_limits_filter() -> Vec<GlobalConcurrencyLimitResponse>;
    fn ui_flow_runs_history(body: &FlowRunRequest) -> Vec<SimpleFlowRun>;
    fn ui_task_runs_dashboard_counts(body: &TaskRunRequest) -> Vec<TaskRunCount>;
    fn ui_task_runs_count(body: &TaskRunRequest) -> CountByState;
    fn ui_task_run(id: Uuid) -> UITaskRun;
    fn events_filter(filter: &EventFilter, limit: u32) -> EventPage;
    fn events_next(page_token: &str) -> EventPage;
    fn automations_filter() -> Vec<Automation>;
    /// `PATCH /automations/{id}`.
    fn set_automation_enabled(id: Uuid, body: &AutomationEnabled) -> ();
    /// `POST /flow_runs/{id}/set_state`.
    fn set_flow_run_state(id: Uuid, body: &SetFlowRunState) -> OrchestrationResult;
    /// `POST /flow_runs/bulk_set_state`.
    fn bulk_set_flow_run_state(body: &BulkSetFlowRunState) -> FlowRunBulkSetStateResponse;
    /// `POST /flow_runs/{id}/resume`.
    fn resume_flow_run(
        id: Uuid,
        run_input: Option<&serde_json::Map<String, serde_json::Value>>
    ) -> OrchestrationResult;
    /// `GET /flow_runs/{id}/input/{key}`.
    fn read_flow_run_input(id: Uuid, key: &str) -> serde_json::Value;
    /// `DELETE /flow_runs/{id}`.
    fn delete_flow_run(id: Uuid) -> ();
    /// `POST /task_runs/{id}/set_state`.
    fn set_task_run_state(id: Uuid, body: &SetFlowRunState) -> OrchestrationResult;
    /// `DELETE /task_runs/{id}`.
    fn delete_task_run(id: Uuid) -> ();
    /// `POST /deployments/{id}/create_flow_run`.
    fn create_flow_run_from_deployment(id: Uuid, body: &DeploymentFlowRunCreate) -> FlowRun;
    /// `POST /deployments/{id}/pause_deployment`.
    fn pause_deployment(id: Uuid) -> ();
    /// `POST /deployments/{id}/resume_deployment`.
    fn resume_deployment(id: Uuid) -> ();
    /// `PATCH /work_pools/{name}`.
    fn update_work_pool(name: &str, body: &WorkPoolUpdate) -> ();
    /// `PATCH /work_queues/{id}`.
    fn update_work_queue(id: Uuid, body: &WorkQueueUpdate) -> ();
    /// `POST /work_pools/`.
    fn create_work_pool(body: &WorkPoolCreate) -> WorkPool;
    /// `POST /v2/concurrency_limits/`.
    fn create_global_concurrency_limit(
        body: &GlobalConcurrencyLimitCreate
    ) -> GlobalConcurrencyLimitResponse;
    /// `PATCH /v2/concurrency_limits/{id}`.
    fn update_global_concurrency_limit(id: Uuid, body: &GlobalConcurrencyLimitUpdate) -> ();
    /// `DELETE /v2/concurrency_limits/{id}`.
    fn delete_global_concurrency_limit(id: Uuid) -> ();
    /// `POST /concurrency_limits/`.
    fn create_concurrency_limit(body: &ConcurrencyLimitCreate) -> ConcurrencyLimit;
    /// `POST /concurrency_limits/tag/{tag}/reset`.
    fn reset_concurrency_limit_by_tag(tag: &str) -> ();
    /// `DELETE /concurrency_limits/tag/{tag}`.
    fn delete_concurrency_limit_by_tag(tag: &str) -> ();
    /// `POST /variables/`.
    fn create_variable(body: &VariableCreate) -> Variable;
    /// `PATCH /variables/{id}`.
    fn update_variable(id: Uuid, body: &VariableUpdate) -> ();
    /// `DELETE /variables/{id}`.
    fn delete_variable(id: Uuid) -> ();
    /// `POST /block_schemas/filter`, newest first, one.
    fn get_most_recent_block_schema_for_block_type(block_type_id: Uuid) -> Vec<BlockSchema>;
    /// `POST /block_documents/`.
    fn create_block_document(body: &BlockDocumentCreate) -> BlockDocument;
    /// `PATCH /block_documents/{id}`.
    fn update_block_document(id: Uuid, body: &BlockDocumentUpdate) -> ();
    /// `DELETE /block_documents/{id}`.
    fn delete_block_document(id: Uuid) -> ();
    /// `GET /automations/{id}`, every field kept.
    fn read_automation(id: Uuid) -> serde_json::Value;
    /// `POST /automations/`.
    fn create_automation(body: &AutomationCreate) -> serde_json::Value;
    /// `PUT /automations/{id}`.
    fn update_automation(id: Uuid, body: &AutomationUpdate) -> ();
    /// `DELETE /automations/{id}`.
    fn delete_automation(id: Uuid) -> ();
    /// `POST /templates/validate`.
    fn validate_template(template: &str) -> ();
    /// `POST /block_documents/filter`, blocks that can notify.
    fn notification_blocks() -> Vec<BlockDocument>;
    /// `DELETE /work_pools/{name}`.
    fn delete_work_pool(name: &str) -> ();
    /// `GET /collections/views/aggregate-worker-metadata`.
    fn read_worker_metadata() -> serde_json::Map<String, serde_json::Value>;
    /// `POST /work_pools/{pool}/queues`.
    fn create_work_queue(pool: &str, body: &WorkQueueCreate) -> WorkQueue;
    /// `PATCH /work_pools/{pool}/queues/{name}`.
    fn update_work_pool_queue(pool: &str, queue: &str, body: &WorkQueueUpdate) -> ();
    /// `DELETE /work_pools/{name}/workers/{worker}`.
    fn delete_worker(pool: &str, worker: &str) -> ();
    /// `DELETE /work_queues/{id}`.
    fn delete_work_queue(id: Uuid) -> ();
    /// `PATCH /deployments/{id}`.
    fn update_deployment(id: Uuid, body: &DeploymentUpdate) -> ();
    /// `POST /deployments/`.
    fn create_deployment(body: &DeploymentCreate) -> Deployment;
    /// `POST /deployments/bulk_delete`.
    fn bulk_delete_deployments(
        filter: &crate::schemas::filters::DeploymentFilter,
        limit: u32
    ) -> crate::schemas::responses::DeploymentBulkDeleteResponse;
    /// `DELETE /deployments/{id}`.
    fn delete_deployment(id: Uuid) -> ();
    /// `POST /ui/schemas/validate`.
    fn validate_parameters(
        schema: &serde_json::Map<String, serde_json::Value>,
        values: &serde_json::Map<String, serde_json::Value>
    ) -> serde_json::Value;
    /// `POST /deployments/{id}/schedules`.
    fn create_deployment_schedules(
        deployment: Uuid,
        schedules: &[crate::schemas::actions::DeploymentScheduleCreate]
    ) -> Vec<DeploymentSchedule>;
    /// `PATCH /deployments/{id}/schedules/{schedule_id}`, any fields.
    fn update_deployment_schedule(
        deployment: Uuid,
        schedule: Uuid,
        body: &crate::schemas::actions::DeploymentScheduleUpdate
    ) -> ();
    /// `DELETE /deployments/{id}/schedules/{schedule_id}`.
    fn delete_deployment_schedule(deployment: Uuid, schedule: Uuid) -> ();
    /// `PATCH /deployments/{id}/schedules/{schedule_id}`.
    fn set_deployment_schedule_active(deployment: Uuid, schedule: Uuid, active: bool) -> ();
}
