//! The runs page's loaders: a page of runs with the names and task-run counts its rows show,
//! and what the filter controls offer.

use super::lookups::{self, unique};
use super::requests::{filter_options, runs_history, runs_request, windowed};
use crate::api::{ApiError, PrefectClient};
use crate::domain::log_counts::LogCounts;
use crate::domain::runs_query::RunsQuery;
use crate::schemas::responses::{page_count, page_offset, HistoryResponse, Named, Paginated};
use crate::schemas::ui::CountById;
use crate::schemas::{FlowRun, MAX_LIMIT};
use chrono::{DateTime, Utc};
use futures::future::{join, join3};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What a page of runs' rows show beside the runs: their flows' and deployments' names and
/// their task-run counts, looked up in three batched requests once the runs are in.
#[derive(Clone, Debug, Default)]
pub struct RunLookups {
    /// The runs these answers are for.
    pub runs: HashSet<Uuid>,
    pub flow_names: HashMap<Uuid, String>,
    pub deployment_names: HashMap<Uuid, String>,
    pub task_runs: CountById,
    /// Warning and error lines per run.
    pub log_counts: HashMap<Uuid, LogCounts>,
}

/// What [`run_lookups`] needs from a page of runs: its flows, deployments and runs by id.
/// Compared between refreshes, so a refresh that lists the same runs looks nothing up again
/// beyond what its topic asks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LookupIds {
    pub flows: Vec<Uuid>,
    pub deployments: Vec<Uuid>,
    pub runs: Vec<Uuid>,
}

impl LookupIds {
    pub fn of(runs: &[FlowRun]) -> LookupIds {
        LookupIds {
            flows: unique(runs.iter().map(|r| r.flow_id)),
            deployments: unique(runs.iter().filter_map(|r| r.deployment_id)),
            runs: runs.iter().map(|r| r.id).collect(),
        }
    }
}

/// Where a page bigger than the server's cap starts, and how many pages there are.
pub fn page_bounds(query: &RunsQuery, count: i64) -> (u32, i64) {
    (
        page_offset(query.page, query.page_size),
        page_count(count, query.page_size),
    )
}

/// A page of up to 200 runs is one `/paginate` call; a bigger page is fetched in windows of
/// 200 (the server's cap) plus one count.
async fn fetch_page(
    client: &PrefectClient,
    query: &RunsQuery,
    now: DateTime<Utc>,
) -> Result<Paginated<FlowRun>, ApiError> {
    let mut request = runs_request(query, now);
    if let Some(filter) = request.flow_runs.take() {
        request.flow_runs = Some(lookups::narrowed_runs_filter(client, query, now, filter).await?);
    }
    if query.page_size <= MAX_LIMIT {
        return client.flow_runs_paginate(&request).await;
    }
    let count = client.flow_runs_count(&request).await?;
    let (offset, pages) = page_bounds(query, count);
    let results = client
        .flow_runs_filter_all(&windowed(request, offset), query.page_size)
        .await?;
    Ok(Paginated {
        results,
        count,
        limit: i64::from(query.page_size),
        pages,
        page: i64::from(query.page),
    })
}

/// One page of runs (the rows show as soon as it is in; [`run_lookups`] fills in the rest).
pub async fn runs_page(
    client: PrefectClient,
    query: RunsQuery,
    now: DateTime<Utc>,
) -> Result<Paginated<FlowRun>, ApiError> {
    fetch_page(&client, &query, now).await
}

/// The names, task-run counts and warning / error line counts of a page of runs: five
/// requests at once (the log counts two scans, more pages only for very noisy runs).
pub async fn run_lookups(client: PrefectClient, ids: LookupIds) -> Result<RunLookups, ApiError> {
    let LookupIds {
        flows,
        deployments,
        runs,
    } = ids;
    let looked_up = runs.iter().copied().collect();
    let counts = async {
        if runs.is_empty() {
            Ok(CountById::new())
        } else {
            client.count_task_runs(&runs).await
        }
    };
    let ((flow_names, deployment_names, task_runs), log_counts) = join(
        join3(
            lookups::flow_names(&client, flows),
            lookups::deployment_names(&client, deployments),
            counts,
        ),
        lookups::log_counts(&client, &runs),
    )
    .await;
    Ok(RunLookups {
        runs: looked_up,
        flow_names: flow_names?,
        deployment_names: deployment_names?,
        task_runs: task_runs?,
        log_counts: log_counts?,
    })
}

/// What the filter controls offer (200 of each at most).
#[derive(Clone, Debug)]
pub struct FilterOptions {
    pub flows: Vec<Named>,
    pub deployments: Vec<Named>,
    pub work_pools: Vec<Named>,
}

/// The runs over the query's window, in history buckets (the chart above the list).
pub async fn history(
    client: PrefectClient,
    query: RunsQuery,
    now: DateTime<Utc>,
) -> Result<Vec<HistoryResponse>, ApiError> {
    let mut request = runs_history(&query, now);
    if let Some(filter) = request.flow_runs.take() {
        request.flow_runs =
            Some(lookups::narrowed_runs_filter(&client, &query, now, filter).await?);
    }
    client.flow_runs_history(&request).await
}

/// The three lists at once.
pub async fn filter_choices(client: PrefectClient) -> Result<FilterOptions, ApiError> {
    let (flows, deployments, pools) = filter_options();
    let (flows, deployments, work_pools) = join3(
        client.flow_names_filter(&flows),
        client.deployment_names_filter(&deployments),
        client.work_pool_names_filter(&pools),
    )
    .await;
    Ok(FilterOptions {
        flows: flows?,
        deployments: deployments?,
        work_pools: work_pools?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_bounds_never_overflow() {
        let query = |page, page_size| RunsQuery {
            page,
            page_size,
            ..RunsQuery::default()
        };
        assert_eq!(page_bounds(&query(3, 1000), 2500), (2000, 3));
        assert_eq!(page_bounds(&query(1, 1000), 0), (0, 0));
        assert_eq!(page_bounds(&query(u32::MAX, 10_000), i64::MAX).0, u32::MAX);
        assert_eq!(
            page_bounds(&query(1, 1000), i64::MAX).1,
            i64::MAX / 1000 + 1
        );
        assert_eq!(page_bounds(&query(1, 1000), -5), (0, 0));
    }
}
