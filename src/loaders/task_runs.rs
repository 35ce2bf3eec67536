//! The task runs list's loader: a page of task runs matching the address's filters with the
//! total, then the names of the flow runs they ran in (one request by id).

use super::lookups;
use super::requests::task_runs_page;
use crate::api::{ApiError, PrefectClient};
use crate::domain::task_runs_query::TaskRunsQuery;
use crate::schemas::responses::Paginated;
use crate::schemas::{FlowRun, TaskRun};
use chrono::{DateTime, Utc};
use futures::future::join;

/// Task runs per page.
pub const PAGE_SIZE: u32 = 50;

#[derive(Clone, Debug)]
pub struct TaskRunsList {
    pub page: Paginated<TaskRun>,
    /// The flow runs they ran in, for their names (its own answer: links stay by id).
    pub flow_runs: Result<Vec<FlowRun>, ApiError>,
}

/// The page and the count at once, then the flow runs' names.
pub async fn task_runs(
    client: PrefectClient,
    query: TaskRunsQuery,
    now: DateTime<Utc>,
) -> Result<TaskRunsList, ApiError> {
    let window = query.list.bounds(now);
    let page = task_runs_page(&query, window, Some(query.list.page), PAGE_SIZE);
    let count = task_runs_page(&query, window, None, PAGE_SIZE);
    let (results, count) = join(
        client.task_runs_filter(&page),
        client.task_runs_count(&count),
    )
    .await;
    let results = results?;
    let count = count?;
    let flow_runs = lookups::flow_runs_named(
        &client,
        results.iter().filter_map(|t| t.flow_run_id).collect(),
    )
    .await;
    Ok(TaskRunsList {
        page: Paginated::from_count(results, count, PAGE_SIZE, query.list.page),
        flow_runs,
    })
}
