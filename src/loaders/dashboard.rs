//! The dashboard's loaders: runs to look at with their flows' names, and work pools with
//! their queues, then their late runs. (Its history and task-run counts are one call each.)

use super::lookups::{self, deployment_names, flow_names, unique};
use super::requests::{attention_runs, task_runs_between, work_pools_by_name};
use crate::api::{ApiError, PrefectClient};
use crate::domain::late_runs::LateRuns;
use crate::domain::list_query::ListQuery;
use crate::domain::runs_query::{RunsQuery, Window};
use crate::schemas::filters::{FlowRunRequest, HistoryRequest, TaskRunRequest};
use crate::schemas::{FlowRun, WorkPool, WorkQueue};
use chrono::{DateTime, Utc};
use futures::future::join;
use std::collections::HashMap;
use uuid::Uuid;

/// The runs page's view of the dashboard's window and tags (its links and its history).
pub fn runs_query(query: &ListQuery) -> RunsQuery {
    RunsQuery {
        window: Window::Recent(query.range),
        tags: query.tags.clone(),
        ..RunsQuery::default()
    }
}

/// Flow runs by state over the window.
pub fn history_request(query: &ListQuery, now: DateTime<Utc>) -> HistoryRequest {
    runs_query(query).history_request(now)
}

/// Task runs by state over the window.
pub fn task_runs_request(query: &ListQuery, now: DateTime<Utc>) -> TaskRunRequest {
    let (from, to) = query.bounds(now);
    task_runs_between(from, to, &query.tags)
}

/// How many of the failed and late runs the dashboard lists (the newest); the rest are a
/// link away. Decoding and drawing 200 full runs made the dashboard's first load heavy.
pub const ATTENTION_ROWS: u32 = 10;

/// The state names the runs list filters by for "all of them" (its filter is by name; the
/// card's is by type Failed or Crashed, or name Late).
const ATTENTION_STATES: [&str; 4] = ["Failed", "TimedOut", "Crashed", "Late"];

/// The runs page's view of every failed, crashed and late run of the dashboard's window.
pub fn attention_runs_query(query: &ListQuery) -> RunsQuery {
    RunsQuery {
        states: ATTENTION_STATES.iter().map(|s| s.to_string()).collect(),
        ..runs_query(query)
    }
}

/// Failed, crashed and late runs of the window: the newest few with their flows' and
/// deployments' names, and
/// how many there are in all.
#[derive(Clone, Debug)]
pub struct Attention {
    pub runs: Vec<FlowRun>,
    pub total: i64,
    pub flows: HashMap<Uuid, String>,
    pub deployments: HashMap<Uuid, String>,
}

pub async fn attention(
    client: PrefectClient,
    query: ListQuery,
    now: DateTime<Utc>,
) -> Result<Attention, ApiError> {
    let (from, to) = query.bounds(now);
    let request = attention_runs(from, to, &query.tags, ATTENTION_ROWS);
    let counting = FlowRunRequest {
        flow_runs: request.flow_runs.clone(),
        ..Default::default()
    };
    let (runs, total) = join(
        client.flow_runs_filter(&request),
        client.flow_runs_count(&counting),
    )
    .await;
    let runs = runs?;
    let (flows, deployments) = join(
        flow_names(&client, unique(runs.iter().map(|r| r.flow_id))),
        deployment_names(&client, unique(runs.iter().filter_map(|r| r.deployment_id))),
    )
    .await;
    Ok(Attention {
        runs,
        total: total?,
        flows: flows?,
        // Without them the column shows ids.
        deployments: deployments.unwrap_or_default(),
    })
}

impl Attention {
    /// More runs need attention than the card lists.
    pub fn has_more(&self) -> bool {
        usize::try_from(self.total).is_ok_and(|total| total > self.runs.len())
    }
}

/// Work pools and every queue. Their late runs are a follow-up ([`late_runs`]): the card
/// shows the pools first, and the late list (up to 200 full runs) is asked only once the
/// pools are in, so it does not slow the pools' own request.
#[derive(Clone, Debug)]
pub struct Pools {
    pub pools: Vec<WorkPool>,
    pub queues: Vec<WorkQueue>,
}

pub async fn pools(client: PrefectClient) -> Result<Pools, ApiError> {
    let (pools, queues) = join(
        client.work_pools_filter(&work_pools_by_name(None)),
        client.work_queues_filter(),
    )
    .await;
    Ok(Pools {
        pools: pools?,
        queues: queues?,
    })
}

/// Late runs per pool and queue (see [`Pools`]).
pub async fn late_runs(client: PrefectClient) -> Result<LateRuns, ApiError> {
    lookups::late_runs(&client).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_window_is_the_runs_pages() {
        let week = crate::domain::time_range::TimeRange::parse("7d").expect("7d");
        let query = ListQuery {
            tags: vec!["etl".into()],
            range: week,
            ..ListQuery::default()
        };
        let runs = runs_query(&query);
        assert_eq!(runs.window, Window::Recent(week));
        assert_eq!(runs.to_query_string(), "?range=7d&tag=etl");
        let now = crate::domain::test_now();
        let tasks = serde_json::to_value(task_runs_request(&query, now)).expect("json");
        assert_eq!(tasks["flow_runs"]["tags"]["any_"][0], "etl");
        let history = serde_json::to_value(history_request(&query, now)).expect("json");
        assert!(history["history_start"].is_string(), "{history}");
    }

    #[test]
    fn the_attention_link_keeps_the_window_and_names_the_states() {
        let all = attention_runs_query(&ListQuery {
            tags: vec!["etl".into()],
            ..ListQuery::default()
        });
        assert_eq!(all.states, ["Failed", "TimedOut", "Crashed", "Late"]);
        assert_eq!(all.tags, ["etl"]);
        let some = Attention {
            runs: Vec::new(),
            total: 3,
            flows: HashMap::new(),
            deployments: HashMap::new(),
        };
        assert!(some.has_more());
        assert!(!Attention {
            total: 0,
            ..some.clone()
        }
        .has_more());
        assert!(!Attention { total: -1, ..some }.has_more());
    }
}
