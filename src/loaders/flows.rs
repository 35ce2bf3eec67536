//! The flows pages' loaders: a page of flows with each one's recent runs, next run and
//! deployment count (three requests at once for the whole page; then, on a short page, each
//! quiet flow a busy one crowded out of the recent runs, alone), each one's run count, and
//! one flow with its deployments, recent runs, run count and history.

use super::lookups::recent_per_key;
use super::requests::{
    flow_deployments, flows_page, recent_runs, runs_history, runs_of_flow, RunsOf,
};
use crate::api::resource::FollowUp;
use crate::api::{ApiError, PrefectClient};
use crate::domain::list_query::ListQuery;
use crate::domain::runs_query::RunsQuery;
use crate::schemas::filters::FilterRequest;
use crate::schemas::responses::{HistoryResponse, Paginated};
use crate::schemas::sorting::FlowSort;
use crate::schemas::ui::{CountById, NextRunsByFlow};
use crate::schemas::{Deployment, Flow, FlowRun};
use chrono::{DateTime, Utc};
use futures::future::{join3, join5, join_all};
use std::collections::HashMap;
use std::sync::Arc;
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
    pub page: Arc<Paginated<Flow>>,
    /// Its own answer: when it fails, the flows still show.
    pub activity: FollowUp<PageActivity>,
}

impl FlowsList {
    /// The list of `page` with the latest activity answer: an answer for another page (the
    /// one before a refresh or a page change) is still pending for this one.
    pub fn new(page: Arc<Paginated<Flow>>, activity: FollowUp<PageActivity>) -> FlowsList {
        FlowsList {
            // An answer for another page is pending for this one.
            activity: activity.covering(|found| {
                found.flows.len() == page.results.len()
                    && found
                        .flows
                        .iter()
                        .zip(&page.results)
                        .all(|(id, f)| *id == f.id)
            }),
            page,
        }
    }

    /// The page's activity, once it is in.
    pub fn activity(&self) -> Option<&FlowActivity> {
        self.activity.found().map(|found| &found.activity)
    }

    /// The newest run of `flow` the list knows (its "last run").
    pub fn newest_run(&self, flow: Uuid) -> Option<&FlowRun> {
        self.activity()?.recent.get(&flow)?.first()
    }

    /// Each flow of the page with its newest run's id: what makes its run count stale
    /// (`domain::run_counts`). None until the activity is in (every flow would look as if
    /// it had no runs, and be counted twice).
    pub fn newest_runs(&self) -> Option<Vec<(Uuid, Option<Uuid>)>> {
        if matches!(self.activity, FollowUp::Pending) {
            return None;
        }
        Some(
            self.page
                .results
                .iter()
                .map(|flow| (flow.id, self.newest_run(flow.id).map(|run| run.id)))
                .collect(),
        )
    }
}

/// A page of flows (the rows show as soon as it is in; [`page_activity`] fills in the rest).
pub async fn flows(client: PrefectClient, query: ListQuery) -> Result<Paginated<Flow>, ApiError> {
    client.flows_paginate(&page_request(&query)).await
}

/// What [`flows`] asks for `query`'s page.
pub fn page_request(query: &ListQuery) -> FilterRequest<FlowSort> {
    flows_page(&query.search, &query.tags, query.page, PAGE_SIZE)
}

/// The activity of a page of flows, and which flows it is for.
#[derive(Clone, Debug)]
pub struct PageActivity {
    pub flows: Vec<Uuid>,
    pub activity: FlowActivity,
}

/// The activity of a page's flows (`ids`).
pub async fn page_activity(
    client: PrefectClient,
    ids: Vec<Uuid>,
    now: DateTime<Utc>,
) -> Result<PageActivity, ApiError> {
    let activity = flow_activity(&client, &ids, now).await?;
    Ok(PageActivity {
        flows: ids,
        activity,
    })
}

async fn flow_activity(
    client: &PrefectClient,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<FlowActivity, ApiError> {
    if ids.is_empty() {
        return Ok(FlowActivity::default());
    }
    let (recent, next, deployments) = join3(
        recent_per_key(
            client,
            ids,
            |ids, limit| recent_runs(&RunsOf::Flows(ids), now, limit),
            |r| Some(r.flow_id),
        ),
        client.next_runs(ids),
        client.count_deployments(ids),
    )
    .await;
    Ok(FlowActivity {
        recent: recent?,
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
    let history_request = runs_history(&flow_view(id), now);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(ids: &[u128]) -> Arc<Paginated<Flow>> {
        let results = ids
            .iter()
            .map(|&id| {
                serde_json::from_value(json!({"id": Uuid::from_u128(id), "name": format!("f{id}")}))
                    .expect("flow")
            })
            .collect();
        Arc::new(Paginated {
            results,
            count: ids.len() as i64,
            limit: 50,
            pages: 1,
            page: 1,
        })
    }

    #[test]
    fn activity_for_another_page_is_still_pending_and_runs_are_counted_after_it() {
        let flows = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let answer = |ids: &[Uuid]| {
            FollowUp::of(Some(Ok(Arc::new(Some(PageActivity {
                flows: ids.to_vec(),
                activity: FlowActivity::default(),
            })))))
        };
        let pending = |activity| {
            matches!(
                FlowsList::new(page(&[1, 2]), activity).activity,
                FollowUp::Pending
            )
        };
        assert!(pending(FollowUp::of(None)));
        // The resource's answer from before the page was in.
        assert!(pending(FollowUp::of(Some(Ok(Arc::new(None))))));
        assert!(pending(answer(&flows[..1])));
        assert!(pending(answer(&[flows[1], flows[0]])));
        let failed = FollowUp::of(Some(Err(ApiError::Network {
            endpoint: "/flow_runs/filter".into(),
            message: "down".into(),
        })));
        assert!(matches!(failed, FollowUp::Failed(_)));

        let list = FlowsList::new(page(&[1, 2]), FollowUp::Pending);
        assert_eq!(list.newest_runs(), None, "not counted before the activity");
        let found = FlowsList::new(page(&[1, 2]), answer(&flows));
        assert!(matches!(found.activity, FollowUp::Found(_)));
        assert_eq!(
            found.newest_runs(),
            Some(vec![(flows[0], None), (flows[1], None)])
        );
        // Failed activity: counted all the same (their newest runs unknown).
        let failed = FlowsList::new(page(&[1]), failed);
        assert_eq!(failed.newest_runs(), Some(vec![(flows[0], None)]));
    }
}
