//! The dashboard's loaders: runs to look at with their flows' names, the history and the
//! task-run counts. Its work pools come from `loaders::work_pools` (the pools, then the
//! evidence every page judges a pool by).

use super::lookups::{deployment_names, flow_names, recent_per_key, unique};
use super::requests::{
    attention_runs, runs_history, runs_of_other_flows, runs_request, task_runs_between,
};
use crate::api::{ApiError, PrefectClient};
use crate::domain::activity::newest_keys;
use crate::domain::list_query::ListQuery;
use crate::domain::runs_query::{RunsQuery, Window};
use crate::schemas::filters::{FlowRunRequest, HistoryRequest, TaskRunRequest};
use crate::schemas::responses::HistoryResponse;
use crate::schemas::ui::CountByState;
use crate::schemas::{FlowRun, StateType, Timestamp};
use chrono::{DateTime, Utc};
use futures::future::{join, join_all};
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

/// The runs page's view of the window's runs in some work pools, newest first, `limit` of
/// them.
pub fn pool_runs_query(query: &ListQuery, pools: &[String], limit: u32) -> RunsQuery {
    RunsQuery {
        work_pools: pools.to_vec(),
        page_size: limit,
        ..runs_query(query)
    }
}

/// Each work pool's newest runs in the window (up to [`BARS`]), keyed by pool name; a pool
/// with no run in the window has no entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PoolActivity {
    pub recent: HashMap<String, Vec<FlowRun>>,
}

/// The pools' newest runs in the window ([`recent_per_key`]: one request of [`BARS`] a pool,
/// then a quiet pool crowded out of it asked alone).
pub async fn pool_activity(
    client: PrefectClient,
    pools: Vec<String>,
    query: ListQuery,
    now: DateTime<Utc>,
) -> Result<PoolActivity, ApiError> {
    let recent = recent_per_key(
        &client,
        &pools,
        // `/flow_runs/filter` takes a limit and an offset, not the paginated list's page.
        |pools, limit| FlowRunRequest {
            page: None,
            ..runs_request(&pool_runs_query(&query, pools, limit), now)
        },
        |r| r.work_pool_name.clone(),
    )
    .await?;
    Ok(PoolActivity { recent })
}

/// How many flows the failures card lists.
pub const FAILING_FLOWS: usize = 5;

/// The runs page's view of the window's failed and crashed runs (of one flow, or all).
pub fn failed_runs_query(query: &ListQuery, flow: Option<Uuid>) -> RunsQuery {
    RunsQuery {
        state_types: vec![StateType::Failed, StateType::Crashed],
        flows: flow.into_iter().collect(),
        ..runs_query(query)
    }
}

/// A flow with failed or crashed runs in the window.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct FailingFlow {
    pub id: Uuid,
    pub name: String,
    /// Its failed and crashed runs in the window.
    pub failed: i64,
    /// When its newest failed run was expected to start.
    pub newest: Option<Timestamp>,
}

/// The flows whose runs failed or crashed most recently in the window, newest first, and
/// how many runs failed or crashed in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Failures {
    pub flows: Vec<FailingFlow>,
    pub total: i64,
}

/// Failed runs asked at a time for the failures card: enough to name [`FAILING_FLOWS`] flows
/// when failures are spread over flows; one flow failing over and over costs another step.
const FAILURES_STEP: u32 = 25;

/// The window's failed and crashed runs, newest first, name the flows that failed most
/// recently: the newest [`FAILURES_STEP`] with their total, then, while fewer than
/// [`FAILING_FLOWS`] flows are named and more runs exist, the newest of the flows not named
/// yet (at most [`FAILING_FLOWS`] steps; each names another flow). Every flow named in an
/// older step failed last before those of a newer one, so the order holds. The counts come
/// from the first list when it holds every failed run, or from one count per flow named.
pub async fn failures(
    client: PrefectClient,
    query: ListQuery,
    now: DateTime<Utc>,
) -> Result<Failures, ApiError> {
    let newest = RunsQuery {
        page_size: FAILURES_STEP,
        ..failed_runs_query(&query, None)
    };
    let page = client
        .flow_runs_paginate(&runs_request(&newest, now))
        .await?;
    let mut shares = newest_keys(&page.results, |r| r.flow_id, FAILING_FLOWS);
    let every = usize::try_from(page.count).is_ok_and(|count| count <= page.results.len());
    let mut more = !every && page.results.len() >= FAILURES_STEP as usize;
    while more && shares.len() < FAILING_FLOWS {
        let named: Vec<Uuid> = shares.iter().map(|s| s.key).collect();
        let runs = client
            .flow_runs_filter(&runs_of_other_flows(&newest, &named, now))
            .await?;
        more = runs.len() >= FAILURES_STEP as usize;
        let others = newest_keys(&runs, |r| r.flow_id, FAILING_FLOWS - shares.len());
        if others.is_empty() {
            break;
        }
        shares.extend(others);
    }
    let ids: Vec<Uuid> = shares.iter().map(|s| s.key).collect();
    let counting = async {
        let ids = &ids;
        if every {
            return Ok(Vec::new());
        }
        join_all(ids.iter().map(|&id| {
            let request = runs_request(&failed_runs_query(&query, Some(id)), now);
            let client = client.clone();
            async move { client.flow_runs_count(&request).await }
        }))
        .await
        .into_iter()
        .collect::<Result<Vec<i64>, ApiError>>()
    };
    let (names, counts) = join(flow_names(&client, ids.clone()), counting).await;
    let names = names?;
    let counts = counts?;
    let flows = shares
        .into_iter()
        .enumerate()
        .map(|(i, share)| FailingFlow {
            id: share.key,
            name: names
                .get(&share.key)
                .cloned()
                .unwrap_or_else(|| share.key.to_string()),
            failed: counts
                .get(i)
                .copied()
                .unwrap_or_else(|| i64::try_from(share.count).unwrap_or(i64::MAX)),
            newest: share.newest.expected_start_time,
        })
        .collect();
    Ok(Failures {
        flows,
        total: page.count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::MAX_LIMIT;

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
    fn the_pools_and_failures_ask_for_the_dashboards_window() {
        let query = ListQuery {
            tags: vec!["etl".into()],
            ..ListQuery::default()
        };
        let now = crate::domain::test_now();
        let pools = vec!["a".to_string(), "b".to_string()];
        let batch = serde_json::to_value(runs_request(
            &pool_runs_query(&query, &pools, MAX_LIMIT),
            now,
        ))
        .expect("json");
        assert_eq!(
            batch["work_pools"]["name"]["any_"],
            serde_json::json!(["a", "b"])
        );
        assert_eq!(batch["flow_runs"]["tags"]["any_"][0], "etl");
        assert_eq!(batch["limit"], 200);
        let flow = Uuid::from_u128(7);
        let failed = failed_runs_query(&query, Some(flow));
        assert_eq!(failed.state_types, [StateType::Failed, StateType::Crashed]);
        assert_eq!(failed.flows, [flow]);
        // The card's link is the same view on the runs page.
        let link = failed.to_query_string();
        assert!(link.contains("state_type=FAILED"), "{link}");
        assert!(link.contains(&flow.to_string()), "{link}");
        assert!(!link.contains("size="), "the list's own page size: {link}");
    }

    #[test]
    fn a_later_failures_step_asks_for_the_flows_not_named_yet() {
        let query = ListQuery {
            tags: vec!["etl".into()],
            ..ListQuery::default()
        };
        let now = crate::domain::test_now();
        let newest = RunsQuery {
            page_size: FAILURES_STEP,
            ..failed_runs_query(&query, None)
        };
        let named = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let step = serde_json::to_value(runs_of_other_flows(&newest, &named, now)).expect("json");
        assert_eq!(
            step["flows"]["id"]["not_any_"],
            serde_json::json!(named.map(|id| id.to_string()))
        );
        assert!(step["flows"]["id"].get("any_").is_none(), "{step}");
        assert_eq!(step["limit"], FAILURES_STEP);
        assert!(step.get("page").is_none(), "a filter, not a page: {step}");
        let first = serde_json::to_value(runs_request(&newest, now)).expect("json");
        assert_eq!(
            step["flow_runs"], first["flow_runs"],
            "the same failed runs"
        );
        assert_eq!(step["sort"], first["sort"], "newest first");
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
