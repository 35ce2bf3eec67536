//! Every request body a loader sends, built here by pure functions so each is tested against
//! the shape Prefect accepts, and posted to a real server by the e2e schema check. (The
//! runs page's and the event feed's bodies are built from their URL state,
//! `domain::runs_query` and `domain::events`, here too.)

use crate::domain::events::EventsQuery;
use crate::domain::log_search::{search_query, LogOwner};
use crate::domain::runs_query::RunsQuery;
use crate::domain::task_runs_query::TaskRunsQuery;
use crate::schemas::events::{
    EventAnyResourceFilter, EventFilter, EventIdFilter, EventNameFilter, EventOccurredFilter,
    EventOrder,
};
use crate::schemas::filters::*;
use crate::schemas::sorting::{
    ArtifactSort, BlockDocumentSort, DeploymentSort, FlowRunSort, FlowSort, LogSort, TaskRunSort,
    VariableSort, WorkPoolSort,
};
use crate::schemas::{StateType, Timestamp, MAX_LIMIT};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

fn ids(ids: &[Uuid]) -> NullableIdFilter {
    NullableIdFilter {
        operator: None,
        any_: Some(ids.to_vec()),
        is_null_: None,
    }
}

use crate::schemas::responses::page_offset as offset_of;

fn types(any: Vec<StateType>, not_any: Vec<StateType>) -> StateFilter {
    StateFilter {
        operator: None,
        state_type: Some(StateTypeFilter {
            any_: (!any.is_empty()).then_some(any),
            not_any_: (!not_any.is_empty()).then_some(not_any),
        }),
        name: None,
    }
}

/// Which runs a request is about: those of some deployments, or of one work pool.
#[derive(Clone, Debug, PartialEq)]
pub enum RunsOf<'a> {
    Deployments(&'a [Uuid]),
    Flows(&'a [Uuid]),
    WorkPool(&'a str),
    /// A queue, by its pool's name and its own (a queue's name is unique within its pool).
    WorkQueue {
        pool: &'a str,
        queue: &'a str,
    },
}

fn pool_named(name: &str) -> WorkPoolFilter {
    WorkPoolFilter {
        name: Some(AnyFilter {
            any_: Some(vec![name.to_string()]),
        }),
        ..Default::default()
    }
}

fn scoped(
    scope: &RunsOf,
    flow_runs: FlowRunFilter,
    sort: FlowRunSort,
    limit: u32,
) -> FlowRunRequest {
    let mut flow_runs = flow_runs;
    let mut work_pools = None;
    let mut flows = None;
    match scope {
        RunsOf::Deployments(list) => flow_runs.deployment_id = Some(ids(list)),
        RunsOf::Flows(list) => flows = Some(flow_filter_of(list)),
        RunsOf::WorkPool(name) => work_pools = Some(pool_named(name)),
        RunsOf::WorkQueue { pool, queue } => {
            work_pools = Some(pool_named(pool));
            flow_runs.work_queue_name = Some(AnyFilter {
                any_: Some(vec![queue.to_string()]),
            });
        }
    }
    FlowRunRequest {
        flow_runs: Some(flow_runs),
        flows,
        work_pools,
        sort: Some(sort),
        limit: Some(limit.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// Runs that were due by now (everything but future schedules), newest first.
pub fn recent_runs(scope: &RunsOf, now: DateTime<Utc>, limit: u32) -> FlowRunRequest {
    scoped(
        scope,
        FlowRunFilter {
            expected_start_time: Some(TimeFilter {
                before_: Some(Timestamp(now)),
                after_: None,
            }),
            ..Default::default()
        },
        FlowRunSort::ExpectedStartTimeDesc,
        limit,
    )
}

/// The runs Prefect deletes with a deployment (`_delete_scheduled_runs`): Scheduled ones
/// (Late included) that never ran, but not those awaiting a concurrency slot or a retry.
pub fn deleted_with_deployment(id: Uuid) -> FlowRunRequest {
    deleted_with_deployments(&[id])
}

/// The same for several deployments at once.
pub fn deleted_with_deployments(deployments: &[Uuid]) -> FlowRunRequest {
    let mut state = types(vec![StateType::Scheduled], vec![]);
    state.name = Some(StateNameFilter {
        any_: None,
        not_any_: Some(vec![
            "AwaitingConcurrencySlot".into(),
            "AwaitingRetry".into(),
        ]),
    });
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            deployment_id: Some(ids(deployments)),
            state: Some(state),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Scheduled runs still to come, soonest first.
pub fn upcoming_runs(scope: &RunsOf, now: DateTime<Utc>, limit: u32) -> FlowRunRequest {
    scoped(
        scope,
        FlowRunFilter {
            state: Some(types(vec![StateType::Scheduled], vec![])),
            expected_start_time: Some(TimeFilter {
                before_: None,
                after_: Some(Timestamp(now)),
            }),
            ..Default::default()
        },
        FlowRunSort::ExpectedStartTimeAsc,
        limit,
    )
}

/// Runs in Prefect's "Late" state (Scheduled, past their time), newest first.
pub fn late_runs(limit: u32) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            state: Some(StateFilter {
                operator: None,
                state_type: None,
                name: Some(StateNameFilter {
                    any_: Some(vec!["Late".into()]),
                    not_any_: None,
                }),
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(limit.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// Prefect's "Late" runs in the queue `queue` of the pool `pool`, for `/flow_runs/count`.
pub fn late_runs_in(pool: &str, queue: &str) -> FlowRunRequest {
    let late = late_runs(MAX_LIMIT);
    FlowRunRequest {
        flow_runs: late.flow_runs.map(|filter| FlowRunFilter {
            work_queue_name: Some(AnyFilter {
                any_: Some(vec![queue.to_string()]),
            }),
            ..filter
        }),
        work_pools: Some(pool_named(pool)),
        ..Default::default()
    }
}

/// Runs to look at on the dashboard: failed or crashed in the window, or late now.
pub fn attention_runs(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tags: &[String],
    limit: u32,
) -> FlowRunRequest {
    let mut state = types(vec![StateType::Failed, StateType::Crashed], vec![]);
    state.operator = Some(Operator::Or);
    state.name = Some(StateNameFilter {
        any_: Some(vec!["Late".into()]),
        not_any_: None,
    });
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            state: Some(state),
            expected_start_time: Some(TimeFilter {
                after_: Some(Timestamp(start)),
                before_: Some(Timestamp(end)),
            }),
            tags: tagged(tags),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(limit.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// Any of these tags, or no tag filter.
/// Objects with every one of `tags` (none: no filter). Flows and variables take only `all_`
/// (Prefect's `FlowFilterTags`, `VariableFilterTags`: an `any_` there is a 422).
pub fn every_tag(tags: &[String]) -> Option<TagsFilter> {
    (!tags.is_empty()).then(|| TagsFilter {
        all_: Some(tags.to_vec()),
        ..Default::default()
    })
}

pub fn tagged(tags: &[String]) -> Option<TagsFilter> {
    (!tags.is_empty()).then(|| TagsFilter {
        operator: None,
        all_: None,
        any_: Some(tags.to_vec()),
        is_null_: None,
    })
}

/// Task runs expected to start in `[from, to)`, of flow runs with any of `tags`.
pub fn task_runs_between(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tags: &[String],
) -> TaskRunRequest {
    TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            expected_start_time: Some(TimeFilter {
                after_: Some(Timestamp(from)),
                before_: Some(Timestamp(to)),
            }),
            ..Default::default()
        }),
        flow_runs: tagged(tags).map(|tags| FlowRunFilter {
            tags: Some(tags),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Work pools by name, up to `limit`.
pub fn work_pools_by_name(limit: Option<u32>) -> FilterRequest<WorkPoolSort> {
    FilterRequest {
        sort: Some(WorkPoolSort::NameAsc),
        limit: limit.map(|l| l.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// One page of deployments by name, matching a flow-or-deployment name search and tags.
pub fn deployments_page(search: &str, tags: &[String], page: u32, size: u32) -> DeploymentRequest {
    DeploymentRequest {
        deployments: Some(DeploymentFilter {
            flow_or_deployment_name: (!search.is_empty()).then(|| NameFilter {
                any_: None,
                like_: Some(search.to_string()),
            }),
            tags: tagged(tags),
            ..Default::default()
        }),
        sort: Some(DeploymentSort::NameAsc),
        limit: Some(size.min(MAX_LIMIT)),
        page: Some(page),
        ..Default::default()
    }
}

/// The deployment of `flow` named `name`, if it has one (a copy's name is checked first:
/// the server upserts by flow and name).
pub fn flow_deployment_named(flow: Uuid, name: &str) -> DeploymentRequest {
    DeploymentRequest {
        flows: Some(FlowFilter {
            id: Some(IdFilter::any([flow])),
            ..Default::default()
        }),
        deployments: Some(DeploymentFilter {
            name: Some(NameFilter {
                any_: Some(vec![name.to_string()]),
                like_: None,
            }),
            ..Default::default()
        }),
        limit: Some(1),
        ..Default::default()
    }
}

/// The deployments of one work pool.
pub fn pool_deployments(pool: &str) -> DeploymentRequest {
    DeploymentRequest {
        work_pools: Some(WorkPoolFilter {
            name: Some(AnyFilter {
                any_: Some(vec![pool.to_string()]),
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Flows, deployments and work pools by name, 200 of each, for the runs filters.
pub fn filter_options() -> (
    FilterRequest<FlowSort>,
    FilterRequest<DeploymentSort>,
    FilterRequest<WorkPoolSort>,
) {
    (
        FilterRequest {
            sort: Some(FlowSort::NameAsc),
            limit: Some(MAX_LIMIT),
            ..Default::default()
        },
        FilterRequest {
            sort: Some(DeploymentSort::NameAsc),
            limit: Some(MAX_LIMIT),
            ..Default::default()
        },
        FilterRequest {
            limit: Some(MAX_LIMIT),
            ..Default::default()
        },
    )
}

/// A flow run's task runs, by expected start (the first 200).
pub fn task_runs_of(flow_run: Uuid) -> TaskRunRequest {
    TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            flow_run_id: Some(NullableIdFilter {
                any_: Some(vec![flow_run]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        sort: Some(TaskRunSort::ExpectedStartTimeAsc),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// A pool's queue by its name (a queue's name is unique within its pool).
pub fn work_queue_named(queue: &str) -> WorkQueueFilter {
    WorkQueueFilter {
        name: Some(NameFilter {
            any_: Some(vec![queue.to_string()]),
            like_: None,
        }),
        ..Default::default()
    }
}

/// One `bulk_set_state` call's body: `state` for the runs `ids` (at most `limit`, the
/// server's cap for the call).
pub fn bulk_set_state(
    ids: &[Uuid],
    state: crate::schemas::actions::StateCreate,
    force: bool,
    limit: u32,
) -> crate::schemas::actions::BulkSetFlowRunState {
    crate::schemas::actions::BulkSetFlowRunState {
        flow_runs: FlowRunFilter {
            id: Some(IdFilter::any(ids.iter().copied())),
            ..Default::default()
        },
        state,
        force,
        limit,
    }
}

/// Flows by id, for their names (a batch of at most 200: `paging::in_batches`).
pub fn flows_by_id(ids: &[Uuid]) -> FilterRequest<FlowSort> {
    FilterRequest {
        flows: Some(flow_filter_of(ids)),
        limit: Some(ids.len().min(MAX_LIMIT as usize) as u32),
        ..Default::default()
    }
}

/// Deployments by id, for their names (a batch of at most 200).
pub fn deployments_by_id(ids: &[Uuid]) -> DeploymentRequest {
    FilterRequest {
        deployments: Some(DeploymentFilter {
            id: Some(IdFilter::any(ids.iter().copied())),
            ..Default::default()
        }),
        limit: Some(ids.len().min(MAX_LIMIT as usize) as u32),
        ..Default::default()
    }
}

/// Flow runs by id (a run's subflows, as its graph names them), by expected start; at most
/// the first 200 ids.
pub fn flow_runs_by_id(ids: &[Uuid]) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            id: Some(IdFilter::any(ids.iter().take(MAX_LIMIT as usize).copied())),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeAsc),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// A flow run's subflow runs, by expected start (the first 200). Prefect answers this by
/// scanning every flow run (seconds at 100,000 runs): only asked when the graph failed.
pub fn subflow_runs_of(flow_run: Uuid) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            parent_flow_run_id: Some(NullableIdFilter {
                any_: Some(vec![flow_run]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeAsc),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// One page (1-based) of a flow run's or a task run's logs at `min_level` or above, oldest
/// first; with a `search`, only the lines Prefect's text search matches (across all of the
/// run's logs).
pub fn run_logs(
    owner: LogOwner,
    min_level: i64,
    search: Option<&str>,
    page: u32,
    per_page: u32,
) -> LogRequest {
    LogRequest {
        logs: Some(LogFilter {
            text: search
                .and_then(search_query)
                .map(|query| TextFilter { query }),
            level: Some(LevelFilter {
                ge_: Some(min_level),
                le_: None,
            }),
            flow_run_id: match owner {
                LogOwner::FlowRun(id) => Some(IdFilter::any(vec![id])),
                LogOwner::TaskRun(_) => None,
            },
            task_run_id: match owner {
                LogOwner::TaskRun(id) => Some(ids(&[id])),
                LogOwner::FlowRun(_) => None,
            },
            ..Default::default()
        }),
        sort: Some(LogSort::TimestampAsc),
        limit: Some(per_page.min(MAX_LIMIT)),
        offset: Some(offset_of(page, per_page)),
    }
}

/// One page of a run's logs at every level from `after` on (the whole log when None),
/// oldest first: what a whole-log read asks for.
pub fn run_logs_after(
    owner: LogOwner,
    after: Option<Timestamp>,
    page: u32,
    per_page: u32,
) -> LogRequest {
    let mut request = run_logs(owner, 0, None, page, per_page);
    if let (Some(after), Some(filter)) = (after, request.logs.as_mut()) {
        filter.timestamp = Some(TimeFilter {
            after_: Some(after),
            before_: None,
        });
    }
    request
}

/// Task runs by id (the ones that fed a task run its inputs); at most the first 200 ids.
pub fn task_runs_by_id(ids: &[Uuid]) -> TaskRunRequest {
    TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            id: Some(IdFilter::any(ids.iter().take(MAX_LIMIT as usize).copied())),
            ..Default::default()
        }),
        sort: Some(TaskRunSort::ExpectedStartTimeAsc),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// A page (1-based) of variables by name, those whose name contains `search` and that have
/// all of `tags` (Prefect's variable filter has no "any" for tags); `None` page: the count's
/// body (no sort, no paging).
pub fn variables_page(
    search: &str,
    tags: &[String],
    page: Option<u32>,
    size: u32,
) -> VariableRequest {
    let search = search.trim();
    let size = size.clamp(1, MAX_LIMIT);
    VariableRequest {
        variables: (!search.is_empty() || !tags.is_empty()).then(|| VariableFilter {
            name: (!search.is_empty()).then(|| NameFilter {
                any_: None,
                like_: Some(search.to_string()),
            }),
            tags: every_tag(tags),
            ..Default::default()
        }),
        sort: page.map(|_| VariableSort::NameAsc),
        limit: page.map(|_| size),
        offset: page.map(|p| offset_of(p, size)),
    }
}

/// A page (1-based) of task runs, latest expected start first, whose name contains the
/// search, with every tag given, of the state types given (all when none), expected to start
/// in [start, end); `None` page: the count's body (no sort, no paging).
pub fn task_runs_page(
    query: &TaskRunsQuery,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    page: Option<u32>,
    size: u32,
) -> TaskRunRequest {
    let search = query.list.search.trim();
    let tags = &query.list.tags;
    let size = size.clamp(1, MAX_LIMIT);
    TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            name: (!search.is_empty()).then(|| NameFilter {
                any_: None,
                like_: Some(search.to_string()),
            }),
            tags: (!tags.is_empty()).then(|| TagsFilter {
                all_: Some(tags.clone()),
                ..Default::default()
            }),
            state: (!query.state_types.is_empty())
                .then(|| types(query.state_types.clone(), Vec::new())),
            expected_start_time: Some(TimeFilter {
                after_: Some(Timestamp(start)),
                before_: Some(Timestamp(end)),
            }),
            ..Default::default()
        }),
        sort: page.map(|_| TaskRunSort::ExpectedStartTimeDesc),
        limit: page.map(|_| size),
        offset: page.map(|p| offset_of(p, size)),
        ..Default::default()
    }
}

/// A page (1-based) of the latest artifact of each key, by key: those whose key contains
/// `key` and of type `kind` when given; `None` page: the count's body (no sort, no paging).
pub fn latest_artifacts_page(
    key: &str,
    kind: Option<&str>,
    page: Option<u32>,
    size: u32,
) -> ArtifactRequest {
    let key = key.trim();
    let size = size.clamp(1, MAX_LIMIT);
    ArtifactRequest {
        artifacts: (!key.is_empty() || kind.is_some()).then(|| ArtifactFilter {
            key: (!key.is_empty()).then(|| NameFilter {
                any_: None,
                like_: Some(key.to_string()),
            }),
            kind: kind.map(|k| ArtifactTypeFilter {
                any_: Some(vec![k.to_string()]),
                not_any_: None,
            }),
            ..Default::default()
        }),
        sort: page.map(|_| ArtifactSort::KeyAsc),
        limit: page.map(|_| size),
        offset: page.map(|p| offset_of(p, size)),
    }
}

/// Every version of one key, newest first (the latest 200).
pub fn artifact_versions(key: &str) -> ArtifactRequest {
    ArtifactRequest {
        artifacts: Some(ArtifactFilter {
            key: Some(NameFilter {
                any_: Some(vec![key.to_string()]),
                like_: None,
            }),
            ..Default::default()
        }),
        sort: Some(ArtifactSort::CreatedDesc),
        limit: Some(MAX_LIMIT),
        offset: None,
    }
}

/// A page (1-based) of named block documents by name, those whose name contains `search`
/// and of the block type `slug` when given; never with secrets. `None` page: the count's
/// body (no secrets flag, sort or paging).
pub fn block_documents_page(
    search: &str,
    slug: Option<&str>,
    page: Option<u32>,
    size: u32,
) -> BlockDocumentRequest {
    let search = search.trim();
    let size = size.clamp(1, MAX_LIMIT);
    BlockDocumentRequest {
        block_documents: Some(BlockDocumentFilter {
            is_anonymous: Some(EqFilter { eq_: Some(false) }),
            name: (!search.is_empty()).then(|| NameFilter {
                any_: None,
                like_: Some(search.to_string()),
            }),
            ..Default::default()
        }),
        block_types: slug.map(|slug| BlockTypeFilter {
            slug: Some(NameFilter {
                any_: Some(vec![slug.to_string()]),
                like_: None,
            }),
        }),
        include_secrets: page.map(|_| false),
        sort: page.map(|_| BlockDocumentSort::NameAsc),
        limit: page.map(|_| size),
        offset: page.map(|p| offset_of(p, size)),
    }
}

/// The saved (named) blocks of these types, by name, secrets masked (the first 200): a
/// nested block's choices.
pub fn block_documents_of_types(slugs: &[String]) -> BlockDocumentRequest {
    BlockDocumentRequest {
        block_documents: Some(BlockDocumentFilter {
            is_anonymous: Some(EqFilter { eq_: Some(false) }),
            ..Default::default()
        }),
        block_types: Some(BlockTypeFilter {
            slug: Some(NameFilter {
                any_: Some(slugs.to_vec()),
                like_: None,
            }),
        }),
        include_secrets: Some(false),
        sort: Some(BlockDocumentSort::NameAsc),
        limit: Some(MAX_LIMIT),
        offset: None,
    }
}

/// The artifacts a task run made, newest first (the first 200).
pub fn artifacts_of_task_run(task_run: Uuid) -> ArtifactRequest {
    ArtifactRequest {
        artifacts: Some(ArtifactFilter {
            task_run_id: Some(IdFilter::any(vec![task_run])),
            ..Default::default()
        }),
        sort: Some(ArtifactSort::CreatedDesc),
        limit: Some(MAX_LIMIT),
        offset: None,
    }
}

/// Runs in `[offset, offset + count)` of `request`'s order: a page bigger than the server's
/// cap, fetched in windows by the client.
pub fn windowed(request: FlowRunRequest, offset: u32) -> FlowRunRequest {
    FlowRunRequest {
        offset: Some(offset),
        page: None,
        limit: None,
        ..request
    }
}

#[cfg(test)]
#[path = "requests_tests.rs"]
mod tests;

/// One page of flows by name, matching a name search and tags.
pub fn flows_page(search: &str, tags: &[String], page: u32, size: u32) -> FilterRequest<FlowSort> {
    FilterRequest {
        flows: (!search.is_empty() || !tags.is_empty()).then(|| FlowFilter {
            name: (!search.is_empty()).then(|| NameFilter {
                any_: None,
                like_: Some(search.to_string()),
            }),
            tags: every_tag(tags),
            ..Default::default()
        }),
        sort: Some(FlowSort::NameAsc),
        limit: Some(size.min(MAX_LIMIT)),
        page: Some(page),
        ..Default::default()
    }
}

/// The newest flow runs whose name holds `term` (search everywhere).
pub fn runs_named(term: &str, limit: u32) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            name: Some(NameFilter {
                any_: None,
                like_: Some(term.to_string()),
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(limit.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// The flow filter of some flows by id.
fn flow_filter_of(ids: &[Uuid]) -> FlowFilter {
    FlowFilter {
        id: Some(IdFilter::any(ids.to_vec())),
        ..Default::default()
    }
}

/// The deployments of one flow, by name.
pub fn flow_deployments(flow: Uuid) -> DeploymentRequest {
    DeploymentRequest {
        flows: Some(flow_filter_of(&[flow])),
        sort: Some(DeploymentSort::NameAsc),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// Every run of one flow (for its count).
pub fn runs_of_flow(flow: Uuid) -> FlowRunRequest {
    FlowRunRequest {
        flows: Some(flow_filter_of(&[flow])),
        ..Default::default()
    }
}

/// The runs page's flow-run filter for `q` (window half-open like the server's history).
pub fn runs_filter(q: &RunsQuery, now: DateTime<Utc>) -> FlowRunFilter {
    let (from, to) = q.bounds(now);
    FlowRunFilter {
        expected_start_time: Some(TimeFilter {
            after_: Some(from.into()),
            before_: Some((to - Duration::microseconds(1)).into()),
        }),
        state: (!q.states.is_empty() || !q.state_types.is_empty()).then(|| StateFilter {
            state_type: (!q.state_types.is_empty()).then(|| StateTypeFilter {
                any_: Some(q.state_types.clone()),
                not_any_: None,
            }),
            name: (!q.states.is_empty()).then(|| StateNameFilter {
                any_: Some(q.states.clone()),
                not_any_: None,
            }),
            ..Default::default()
        }),
        tags: (!q.tags.is_empty()).then(|| TagsFilter {
            any_: Some(q.tags.clone()),
            ..Default::default()
        }),
        name: (!q.name.is_empty()).then(|| NameFilter {
            any_: None,
            like_: Some(q.name.clone()),
        }),
        parent_task_run_id: q.hide_subflows.then(|| NullableIdFilter {
            is_null_: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The page of runs the list shows for `q`.
pub fn runs_request(q: &RunsQuery, now: DateTime<Utc>) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(runs_filter(q, now)),
        flows: (!q.flows.is_empty()).then(|| FlowFilter {
            id: Some(IdFilter::any(q.flows.clone())),
            ..Default::default()
        }),
        deployments: (!q.deployments.is_empty()).then(|| DeploymentFilter {
            id: Some(IdFilter::any(q.deployments.clone())),
            ..Default::default()
        }),
        work_pools: (!q.work_pools.is_empty()).then(|| WorkPoolFilter {
            name: Some(AnyFilter {
                any_: Some(q.work_pools.clone()),
            }),
            ..Default::default()
        }),
        sort: Some(q.sort.clone()),
        limit: Some(q.page_size),
        page: Some(q.page),
        ..Default::default()
    }
}

/// The runs of `view` (newest first, a limit of its page size) of the flows not in `named`:
/// the dashboard's failures card, a step after the first.
pub fn runs_of_other_flows(view: &RunsQuery, named: &[Uuid], now: DateTime<Utc>) -> FlowRunRequest {
    FlowRunRequest {
        flows: Some(FlowFilter {
            id: Some(IdFilter {
                any_: None,
                not_any_: Some(named.to_vec()),
            }),
            ..Default::default()
        }),
        // `/flow_runs/filter` takes a limit and an offset, not the paginated list's page.
        page: None,
        ..runs_request(view, now)
    }
}

/// The history request over the same runs, bucketed to about 60 bars; the window is
/// widened to whole buckets so the chart and the list cover the same runs.
pub fn runs_history(q: &RunsQuery, now: DateTime<Utc>) -> HistoryRequest {
    let (from, to) = q.bounds(now);
    let interval = crate::domain::history::bucket_seconds((to - from).num_seconds());
    let request = runs_request(q, now);
    HistoryRequest {
        flows: request.flows,
        flow_runs: Some(FlowRunFilter {
            expected_start_time: None,
            ..runs_filter(q, now)
        }),
        deployments: request.deployments,
        work_pools: request.work_pools,
        ..HistoryRequest::over(from.into(), to.into(), interval as f64)
    }
}

/// The events of the feed's view `q` in the window ending `now`. A resource matches as the
/// event's own or any related one, by id prefix (a whole id is its own prefix).
pub fn events_filter(q: &EventsQuery, now: DateTime<Utc>) -> EventFilter {
    let (since, until) = q.range.bounds(now);
    EventFilter {
        occurred: EventOccurredFilter {
            since: Some(Timestamp(since)),
            until: Some(Timestamp(until)),
        },
        event: (!q.event.is_empty()).then(|| EventNameFilter {
            prefix: vec![q.event.clone()],
        }),
        any_resource: (!q.resource.is_empty()).then(|| EventAnyResourceFilter {
            id: Vec::new(),
            id_prefix: vec![q.resource.clone()],
        }),
        id: None,
        order: if q.oldest_first {
            EventOrder::Asc
        } else {
            EventOrder::Desc
        },
    }
}

/// The one event `id`. With the time it occurred (the feed's links carry it) the search is
/// that second; without, the server's default window (about half a year).
pub fn event_by_id(id: Uuid, occurred: Option<DateTime<Utc>>) -> EventFilter {
    let margin = Duration::seconds(1);
    EventFilter {
        occurred: EventOccurredFilter {
            since: occurred.map(|at| Timestamp(at - margin)),
            until: occurred.map(|at| Timestamp(at + margin)),
        },
        id: Some(EventIdFilter { id: vec![id] }),
        ..EventFilter::default()
    }
}
