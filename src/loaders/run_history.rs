//! A flow's or a deployment's last runs with their task runs: what the runs x tasks grid and
//! the duration trend draw. Two requests when the task runs fit one page; the pages of task
//! runs are asked for together (counted first), never one request per run.

use crate::api::{ApiError, PrefectClient};
use crate::schemas::filters::{
    DeploymentFilter, FlowFilter, FlowRunFilter, FlowRunRequest, IdFilter, NullableIdFilter,
    NullableTimeFilter, TaskRunFilter, TaskRunRequest,
};
use crate::schemas::flow_run::FlowRun;
use crate::schemas::responses::TaskRunRef;
use crate::schemas::sorting::{FlowRunSort, TaskRunSort};
use crate::schemas::MAX_LIMIT;
use uuid::Uuid;

/// The most task runs the grid reads (pages of [`MAX_LIMIT`] at once); past it the oldest
/// runs' cells may miss some, and the grid says so.
pub const TASK_CAP: u32 = 25 * MAX_LIMIT;

/// Whose runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryOf {
    Flow(Uuid),
    Deployment(Uuid),
}

/// The runs and their task runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunHistory {
    /// Newest first, as asked.
    pub runs: Vec<FlowRun>,
    pub task_runs: Vec<TaskRunRef>,
    /// How many task runs the runs have (more than were read when past [`TASK_CAP`]).
    pub task_total: i64,
}

impl RunHistory {
    /// Some task runs were not read.
    pub fn cut(&self) -> bool {
        self.task_total > self.task_runs.len() as i64
    }
}

/// The last `count` runs that started (newest first).
pub fn runs_request(of: HistoryOf, count: usize) -> FlowRunRequest {
    let (flows, deployments) = match of {
        HistoryOf::Flow(id) => (
            Some(FlowFilter {
                id: Some(IdFilter::any(vec![id])),
                ..Default::default()
            }),
            None,
        ),
        HistoryOf::Deployment(id) => (
            None,
            Some(DeploymentFilter {
                id: Some(IdFilter::any(vec![id])),
                ..Default::default()
            }),
        ),
    };
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            start_time: Some(NullableTimeFilter {
                is_null_: Some(false),
                ..Default::default()
            }),
            ..Default::default()
        }),
        flows,
        deployments,
        sort: Some(FlowRunSort::StartTimeDesc),
        limit: Some(count.clamp(1, crate::domain::run_grid::MAX_RUNS) as u32),
        ..Default::default()
    }
}

/// The task runs of these runs, one page: newest first, so a cut loses the oldest.
pub fn task_runs_request(runs: &[Uuid], offset: u32) -> TaskRunRequest {
    TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            flow_run_id: Some(NullableIdFilter {
                any_: Some(runs.to_vec()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        sort: Some(TaskRunSort::ExpectedStartTimeDesc),
        limit: Some(MAX_LIMIT),
        offset: Some(offset),
        ..Default::default()
    }
}

/// How many pages of task runs `total` takes, at least one, at most [`TASK_CAP`]'s worth.
pub fn task_pages(total: i64) -> u32 {
    crate::api::paging::pages_for(total, MAX_LIMIT, TASK_CAP / MAX_LIMIT)
}

/// The last `count` runs of a flow or a deployment, with their task runs.
pub async fn run_history(
    client: PrefectClient,
    of: HistoryOf,
    count: usize,
) -> Result<RunHistory, ApiError> {
    let runs = client.flow_runs_filter(&runs_request(of, count)).await?;
    let ids: Vec<Uuid> = runs.iter().map(|r| r.id).collect();
    if ids.is_empty() {
        return Ok(RunHistory::default());
    }
    let (task_runs, task_total) = task_runs_of_runs(&client, &ids).await?;
    Ok(RunHistory {
        runs,
        task_runs,
        task_total,
    })
}

/// The task runs of these flow runs: the count beside the first page (one round trip when
/// they fit in it), then the other pages at once (at most [`TASK_CAP`]); with how many there
/// are (more than read when past the cap).
pub async fn task_runs_of_runs(
    client: &PrefectClient,
    ids: &[Uuid],
) -> Result<(Vec<TaskRunRef>, i64), ApiError> {
    let first = task_runs_request(ids, 0);
    let (count, first) = futures::future::join(
        client.task_runs_count(&first),
        client.task_run_refs_filter(&first),
    )
    .await;
    let task_total = count?;
    let mut task_runs = first?;
    let requests: Vec<TaskRunRequest> = (1..task_pages(task_total))
        .map(|page| task_runs_request(ids, page * MAX_LIMIT))
        .collect();
    let pages =
        futures::future::join_all(requests.iter().map(|r| client.task_run_refs_filter(r))).await;
    for page in pages {
        task_runs.extend(page?);
    }
    let total = task_total.max(task_runs.len() as i64);
    Ok((task_runs, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_runs_and_their_task_runs_are_asked_for_in_pages_not_per_run() {
        let id = Uuid::from_u128(3);
        let body =
            serde_json::to_value(runs_request(HistoryOf::Deployment(id), 500)).expect("body");
        assert_eq!(body["limit"], 100, "at most a hundred runs");
        assert_eq!(body["sort"], "START_TIME_DESC");
        assert_eq!(body["deployments"]["id"]["any_"], json!([id]));
        assert_eq!(body["flow_runs"]["start_time"]["is_null_"], false);
        assert!(body.get("flows").is_none());
        let flow = serde_json::to_value(runs_request(HistoryOf::Flow(id), 0)).expect("flow");
        assert_eq!(flow["limit"], 1);
        assert_eq!(flow["flows"]["id"]["any_"], json!([id]));
        let runs = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let tasks = serde_json::to_value(task_runs_request(&runs, 400)).expect("tasks");
        assert_eq!(tasks["task_runs"]["flow_run_id"]["any_"], json!(runs));
        assert_eq!(tasks["offset"], 400);
        assert_eq!(tasks["limit"], 200);
        assert_eq!(task_pages(0), 1);
        assert_eq!(task_pages(201), 2);
        assert_eq!(task_pages(i64::MAX), 25);
    }
}
