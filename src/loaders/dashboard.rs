//! The dashboard's loaders: runs to look at with their flows' names, the history and the
//! task-run counts. Its work pools come from `loaders::work_pools` (the pools, then the
//! evidence every page judges a pool by).

use super::lookups::{deployment_names, flow_names, unique};
use super::requests::{attention_runs, runs_history, task_runs_between};
use crate::api::{ApiError, PrefectClient};
use crate::domain::list_query::ListQuery;
use crate::domain::runs_query::{RunsQuery, Window};
use crate::schemas::filters::{FlowRunRequest, HistoryRequest, TaskRunRequest};
use crate::schemas::responses::HistoryResponse;
use crate::schemas::ui::CountByState;
use crate::schemas::FlowRun;
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
    runs_history(&runs_query(query), now)
}

/// Task runs by state over the window.
pub fn task_runs_request(query: &ListQuery, now: DateTime<Utc>) -> TaskRunRequest {
    let (from, to) = query.bounds(now);
    task_runs_between(from, to, &query.tags)
}

/// The flow runs by state over the dashboard's window, in history buckets.
pub async fn history(
    client: PrefectClient,
    query: ListQuery,
    now: DateTime<Utc>,
) -> Result<Vec<HistoryResponse>, ApiError> {
    client
        .flow_runs_history(&history_request(&query, now))
        .await
}

/// The task runs over the dashboard's window, counted by state.
pub async fn task_run_counts(
    client: PrefectClient,
    query: ListQuery,
    now: DateTime<Utc>,
) -> Result<CountByState, ApiError> {
    client
        .ui_task_runs_count(&task_runs_request(&query, now))
        .await
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
