//! The flows pages' loaders: a page of flows with each one's recent runs, next run and
//! deployment count (three requests at once for the whole page), each one's run count, and
//! one flow with its deployments, recent runs, run count and history.

use super::requests::{flow_deployments, flows_page, recent_runs, runs_of_flow, RunsOf};
use crate::api::{ApiError, PrefectClient};
use crate::domain::activity::{recent_by, BARS};
use crate::domain::list_query::ListQuery;
use crate::domain::runs_query::RunsQuery;
use crate::schemas::responses::{HistoryResponse, Paginated};
use crate::schemas::ui::{CountById, NextRunsByFlow};
use crate::schemas::{Deployment, Flow, FlowRun, MAX_LIMIT};
use chrono::{DateTime, Utc};
use futures::future::{join3, join5, join_all};
use std::collections::HashMap;
use uuid::Uuid;

/// Flows per page of the list.
pub const PAGE_SIZE: u32 = 50;
/// Recent runs shown on a flow's page.
pub const RUNS_SHOWN: u32 = 20;

/// What the list shows beside each flow, for the whole page at once.
#[derive(Clone, Debug, Default)]
pub struct FlowActivity {
    /// Up to `BARS` runs per flow, newest first (from the newest 200 runs of the page's flows).
    pub recent: HashMap<Uuid, Vec<FlowRun>>,
    pub next: NextRunsByFlow,
    pub deployments: CountById,
}

#[derive(Clone, Debug)]
pub struct FlowsList {
    pub page: Paginated<Flow>,
    /// Its own answer: when it fails, the flows still show.
    pub activity: Result<FlowActivity, ApiError>,
}

impl FlowsList {
    /// The newest run of `flow` the list knows (its "last run").
    pub fn newest_run(&self, flow: Uuid) -> Option<&FlowRun> {
        self.activity.as_ref().ok()?.recent.get(&flow)?.first()
    }

    /// Each flow of the page with its newest run's id: what makes its run count stale
    /// (`domain::run_counts`).
    pub fn newest_runs(&self) -> Vec<(Uuid, Option<Uuid>)> {
        self.page
            .results
            .iter()
            .map(|flow| (flow.id, self.newest_run(flow.id).map(|run| run.id)))
            .collect()
    }
}

pub async fn flows(
    client: PrefectClient,
    query: ListQuery,
    now: DateTime<Utc>,
) -> Result<FlowsList, ApiError> {
    let request = flows_page(&query.search, &query.tags, query.page, PAGE_SIZE);
    let page = client.flows_paginate(&request).await?;
    let ids: Vec<Uuid> = page.results.iter().map(|f| f.id).collect();
    let activity = flow_activity(&client, &ids, now).await;
    Ok(FlowsList { page, activity })
}

async fn flow_activity(
    client: &PrefectClient,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<FlowActivity, ApiError> {
    if ids.is_empty() {
        return Ok(FlowActivity::default());
    }
    let recent_request = recent_runs(&RunsOf::Flows(ids), now, MAX_LIMIT);
    let (recent, next, deployments) = join3(
        client.flow_runs_filter(&recent_request),
        client.next_runs(ids),
        client.count_deployments(ids),
    )
    .await;
    Ok(FlowActivity {
        recent: recent_by(&recent?, |r| Some(r.flow_id), BARS),
        next: next?,
        deployments: deployments?,
    })
}

/// Counts at once at most, so a page of 50 flows does not queue 50 requests at the server.
const COUNTS_AT_ONCE: usize = 4;

/// Every run of each flow (scheduled ones too), as its page counts them: one
/// `/flow_runs/count` per flow, since Prefect 3.8 has no count grouped by flow. Each answer
/// goes to `answer` as its batch comes in.
pub async fn run_counts(
    client: PrefectClient,
    flows: Vec<Uuid>,
    mut answer: impl FnMut(Uuid, Result<i64, ApiError>),
) {
    for batch in flows.chunks(COUNTS_AT_ONCE) {
        let requests: Vec<_> = batch.iter().map(|&id| runs_of_flow(id)).collect();
        let answers = join_all(requests.iter().map(|r| client.flow_runs_count(r))).await;
        for (&id, count) in batch.iter().zip(answers) {
            answer(id, count);
        }
    }
}

#[derive(Clone, Debug)]
pub struct FlowDetails {
    pub flow: Flow,
    pub deployments: Result<Vec<Deployment>, ApiError>,
    pub recent: Result<Vec<FlowRun>, ApiError>,
    /// Every run of the flow, ever.
    pub runs: Result<i64, ApiError>,
    /// The runs view's default window, scoped to this flow.
    pub history: Result<Vec<HistoryResponse>, ApiError>,
}

/// The runs view of one flow (its page's history and its "all runs" link).
pub fn flow_view(id: Uuid) -> RunsQuery {
    RunsQuery {
        flows: vec![id],
        ..RunsQuery::default()
    }
}

pub async fn flow(
    client: PrefectClient,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<FlowDetails, ApiError> {
    let ids = [id];
    let recent_request = recent_runs(&RunsOf::Flows(&ids), now, RUNS_SHOWN);
    let history_request = flow_view(id).history_request(now);
    let (flow, deployments, recent, runs, history) = join5(
        client.flow(id),
        client.deployments_filter(&flow_deployments(id)),
        client.flow_runs_filter(&recent_request),
        client.flow_runs_count(&runs_of_flow(id)),
        client.flow_runs_history(&history_request),
    )
    .await;
    Ok(FlowDetails {
        flow: flow?,
        deployments,
        recent,
        runs,
        history,
    })
}
