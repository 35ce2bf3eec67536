//! The timeline's loaders: the deployments it has rows for (with their flows' names and
//! their pools' limits), one row's runs in a window, and one work pool's load. Each asks
//! for what it draws: runs as `/ui/flow_runs/history` points (id, state, start, run time,
//! lateness; no names, no parameters), a row too busy for points as the server's counts.

use super::lookups::{flow_names, unique};
use super::requests::runs_filter;
use crate::api::{ApiError, PrefectClient};
use crate::domain::runs_query::RunsQuery;
use crate::domain::runs_timeline::{median_duration, RowRange};
use crate::schemas::filters::{
    AnyFilter, DeploymentFilter, FilterRequest, FlowFilter, FlowRunFilter, FlowRunRequest,
    HistoryRequest, IdFilter, StateFilter, StateTypeFilter, TimeFilter, WorkPoolFilter,
};
use crate::schemas::responses::{DeploymentRef, HistoryResponse};
use crate::schemas::sorting::{DeploymentSort, FlowRunSort, WorkPoolSort};
use crate::schemas::ui::SimpleFlowRun;
use crate::schemas::{StateType, MAX_LIMIT};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// The most points `/ui/flow_runs/history` answers at once (its own cap).
pub const POINTS_CAP: u32 = 1000;
/// The most deployments the timeline has rows for.
pub const MAX_ROWS: u32 = 1000;
/// The most runs a work pool's lane is drawn from (ten requests).
pub const LANE_CAP: u32 = 10 * POINTS_CAP;
/// Columns the server's counts are asked in for a busy row.
pub const BUSY_BUCKETS: i64 = crate::domain::runs_timeline::MAX_MARKS as i64;
/// Finished runs a row without any in its window takes its median from.
const MEDIAN_SAMPLE: u32 = 20;

/// What the timeline has rows for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineRows {
    /// By name.
    pub deployments: Vec<DeploymentRef>,
    pub flows: HashMap<Uuid, String>,
    /// The pools the rows run in: name and concurrency limit.
    pub pools: Vec<(String, Option<i64>)>,
    /// Whether there are more deployments than [`MAX_ROWS`].
    pub more: bool,
}

/// The deployments the filters leave (flows, deployments, pools), with what their rows show.
pub async fn timeline_rows(
    client: PrefectClient,
    filters: RunsQuery,
) -> Result<TimelineRows, ApiError> {
    let mut deployments = Vec::new();
    let mut more = false;
    let mut offset = 0;
    loop {
        let body = deployments_request(&filters, offset);
        let page = client.deployment_refs_filter(&body).await?;
        let full = page.len() as u32 == MAX_LIMIT;
        deployments.extend(page);
        offset += MAX_LIMIT;
        if !full {
            break;
        }
        if offset >= MAX_ROWS {
            more = true;
            break;
        }
    }
    let flows = flow_names(&client, unique(deployments.iter().map(|d| d.flow_id))).await?;
    let names: Vec<String> = {
        let mut names: Vec<String> = deployments
            .iter()
            .filter_map(|d| d.work_pool_name.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let pools = if names.is_empty() {
        Vec::new()
    } else {
        client
            .work_pools_filter(&pools_request(names))
            .await?
            .into_iter()
            .map(|p| (p.name, p.concurrency_limit))
            .collect()
    };
    Ok(TimelineRows {
        deployments,
        flows,
        pools,
        more,
    })
}

fn deployments_request(filters: &RunsQuery, offset: u32) -> FilterRequest<DeploymentSort> {
    FilterRequest {
        flows: (!filters.flows.is_empty()).then(|| FlowFilter {
            id: Some(IdFilter::any(filters.flows.clone())),
            ..Default::default()
        }),
        deployments: (!filters.deployments.is_empty()).then(|| DeploymentFilter {
            id: Some(IdFilter::any(filters.deployments.clone())),
            ..Default::default()
        }),
        work_pools: pool_filter(&filters.work_pools),
        sort: Some(DeploymentSort::NameAsc),
        limit: Some(MAX_LIMIT),
        offset: Some(offset),
        ..Default::default()
    }
}

fn pool_filter(pools: &[String]) -> Option<WorkPoolFilter> {
    (!pools.is_empty()).then(|| WorkPoolFilter {
        name: Some(AnyFilter {
            any_: Some(pools.to_vec()),
        }),
        ..Default::default()
    })
}

fn pools_request(names: Vec<String>) -> FilterRequest<WorkPoolSort> {
    FilterRequest {
        work_pools: pool_filter(&names),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// How far before the window runs are asked for, so a run that started before it and is
/// still going (or ended inside it) shows: the window's span, at most a day.
pub fn lookback(from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
    (to - from).min(Duration::days(1))
}

/// The flow-run filter of a window: the runs page's filters, expected to start from
/// `lookback` before it to its end.
fn window_filter(filters: &RunsQuery, from: DateTime<Utc>, to: DateTime<Utc>) -> FlowRunFilter {
    FlowRunFilter {
        expected_start_time: Some(TimeFilter {
            after_: Some((from - lookback(from, to)).into()),
            before_: Some((to - Duration::microseconds(1)).into()),
        }),
        ..runs_filter(filters, to)
    }
}

/// One deployment's runs in the window, newest first, up to [`POINTS_CAP`].
pub fn row_request(
    deployment: Uuid,
    filters: &RunsQuery,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(window_filter(filters, from, to)),
        deployments: Some(DeploymentFilter {
            id: Some(IdFilter::any(vec![deployment])),
            ..Default::default()
        }),
        work_pools: pool_filter(&filters.work_pools),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(POINTS_CAP),
        ..Default::default()
    }
}

/// A row's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum RowRuns {
    /// Every run in the window, and the median run time planned runs are drawn with.
    Points {
        runs: Vec<SimpleFlowRun>,
        median: Option<f64>,
    },
    /// More than [`POINTS_CAP`]: the server's counts over the window.
    Busy(Vec<HistoryResponse>),
}

/// One deployment's runs over `range` (wider than its window); `now` says which scheduled
/// runs are ahead. Two requests: a count, then the points (or, at [`POINTS_CAP`] and more,
/// the server's counts over `window`, the one drawn now, at its resolution).
pub async fn row_runs(
    client: PrefectClient,
    deployment: Uuid,
    filters: RunsQuery,
    range: RowRange,
    window: (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<RowRuns, ApiError> {
    let request = row_request(deployment, &filters, range.from, range.to);
    // Counted first: a busy row asks for the server's counts, not for a thousand points it
    // would not draw.
    let count = client.flow_runs_count(&request).await?;
    if count >= i64::from(POINTS_CAP) {
        let (from, to) = window;
        let interval = ((to - from).num_seconds() / BUSY_BUCKETS).max(1);
        let history = HistoryRequest {
            flow_runs: Some(FlowRunFilter {
                expected_start_time: None,
                ..runs_filter(&filters, to)
            }),
            deployments: request.deployments,
            work_pools: request.work_pools,
            ..HistoryRequest::over(from.into(), to.into(), interval as f64)
        };
        return Ok(RowRuns::Busy(client.flow_runs_history(&history).await?));
    }
    let runs = client.ui_flow_runs_history(&request).await?;
    let planned = runs
        .iter()
        .any(|r| r.state_type == StateType::Scheduled && r.timestamp.0 >= now);
    let mut median = median_duration(&runs);
    if planned && median.is_none() {
        let finished = client
            .ui_flow_runs_history(&finished_request(deployment))
            .await?;
        median = median_duration(&finished);
    }
    Ok(RowRuns::Points { runs, median })
}

/// A deployment's latest finished runs, for the length its planned runs are drawn with.
fn finished_request(deployment: Uuid) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            state: Some(StateFilter {
                state_type: Some(StateTypeFilter {
                    any_: Some(vec![StateType::Completed]),
                    not_any_: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        deployments: Some(DeploymentFilter {
            id: Some(IdFilter::any(vec![deployment])),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(MEDIAN_SAMPLE),
        ..Default::default()
    }
}

/// A work pool's runs for its lane: all of them, whatever the filters (the pool's load is
/// every run it holds), newest first up to [`LANE_CAP`].
#[derive(Clone, Debug, PartialEq)]
pub struct LaneRuns {
    pub runs: Vec<SimpleFlowRun>,
    pub median: Option<f64>,
    /// When the cap cut the runs: the oldest start they are complete from.
    pub known_from: Option<DateTime<Utc>>,
}

pub fn lane_request(
    pool: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    offset: u32,
) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(window_filter(&RunsQuery::default(), from, to)),
        work_pools: pool_filter(&[pool.to_string()]),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(POINTS_CAP),
        offset: Some(offset),
        ..Default::default()
    }
}

pub async fn lane_runs(
    client: PrefectClient,
    pool: String,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<LaneRuns, ApiError> {
    // Counted first, then every page at once: at scale a lane is ten pages, and one after
    // the other they were seconds.
    let count = client
        .flow_runs_count(&lane_request(&pool, from, to, 0))
        .await?;
    let pages = lane_pages(count);
    let requests: Vec<FlowRunRequest> = (0..pages)
        .map(|page| lane_request(&pool, from, to, page * POINTS_CAP))
        .collect();
    let answers =
        futures::future::join_all(requests.iter().map(|r| client.ui_flow_runs_history(r))).await;
    let mut runs = Vec::new();
    for answer in answers {
        runs.extend(answer?);
    }
    let known_from = (count > i64::from(LANE_CAP))
        .then(|| runs.last().map(|r: &SimpleFlowRun| r.timestamp.0))
        .flatten();
    Ok(LaneRuns {
        median: median_duration(&runs),
        runs,
        known_from,
    })
}

/// How many pages of points a lane of `count` runs asks for: enough for them all, at least
/// one (a run may come between the count and the pages), at most [`LANE_CAP`]'s worth.
pub fn lane_pages(count: i64) -> u32 {
    crate::api::paging::pages_for(count, POINTS_CAP, LANE_CAP / POINTS_CAP)
}

/// The name of the run a bar stands for (points carry none), for the details line.
pub async fn run_name(client: PrefectClient, id: Uuid) -> Result<String, ApiError> {
    Ok(client.flow_run(id).await?.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_row_asks_for_its_window_and_a_day_before_it_at_most() {
        let now = crate::domain::test_now();
        let filters = RunsQuery {
            tags: vec!["etl".into()],
            work_pools: vec!["k8s".into()],
            ..RunsQuery::default()
        };
        let id = Uuid::from_u128(7);
        let body = serde_json::to_value(row_request(id, &filters, now - Duration::days(7), now))
            .expect("body");
        assert_eq!(body["limit"], 1000);
        assert_eq!(body["sort"], "EXPECTED_START_TIME_DESC");
        assert_eq!(body["deployments"]["id"]["any_"], json!([id]));
        assert_eq!(body["work_pools"]["name"]["any_"], json!(["k8s"]));
        assert_eq!(body["flow_runs"]["tags"]["any_"], json!(["etl"]));
        let after = body["flow_runs"]["expected_start_time"]["after_"]
            .as_str()
            .and_then(crate::schemas::Timestamp::parse)
            .expect("after_");
        assert_eq!(after.0, now - Duration::days(8));
        let lane = serde_json::to_value(lane_request("k8s", now - Duration::hours(1), now, 2000))
            .expect("lane");
        assert_eq!(lane["offset"], 2000);
        assert!(
            lane["flow_runs"].get("tags").is_none(),
            "a pool's load is all its runs"
        );
    }

    #[test]
    fn a_lane_asks_for_the_pages_its_count_fills_up_to_its_cap() {
        assert_eq!(lane_pages(0), 1);
        assert_eq!(lane_pages(-5), 1);
        assert_eq!(lane_pages(1000), 1);
        assert_eq!(lane_pages(1001), 2);
        assert_eq!(lane_pages(9_999), 10);
        assert_eq!(lane_pages(i64::MAX), 10);
    }
}
