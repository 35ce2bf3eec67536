//! The runs page's loaders: a page of runs with the names and task-run counts its rows show,
//! and what the filter controls offer.

use super::lookups::{self, unique};
use super::requests::{filter_options, windowed};
use crate::api::{ApiError, PrefectClient};
use crate::domain::runs_query::RunsQuery;
use crate::schemas::responses::Paginated;
use crate::schemas::ui::CountById;
use crate::schemas::{Deployment, Flow, FlowRun, WorkPool, MAX_LIMIT};
use chrono::{DateTime, Utc};
use futures::future::join3;
use std::collections::HashMap;
use uuid::Uuid;

/// One page of runs with the names and counts its rows show, fetched in batches.
#[derive(Clone, Debug)]
pub struct RunsPage {
    pub runs: Paginated<FlowRun>,
    pub flow_names: HashMap<Uuid, String>,
    pub deployment_names: HashMap<Uuid, String>,
    pub task_runs: CountById,
}

/// Where a page bigger than the server's cap starts, and how many pages there are.
pub fn page_bounds(query: &RunsQuery, count: i64) -> (u32, i64) {
    let offset = query.page.saturating_sub(1).saturating_mul(query.page_size);
    let size = i64::from(query.page_size.max(1));
    let pages = count.max(0) / size + i64::from(count.max(0) % size != 0);
    (offset, pages)
}

/// A page of up to 200 runs is one `/paginate` call; a bigger page is fetched in windows of
/// 200 (the server's cap) plus one count.
async fn fetch_page(
    client: &PrefectClient,
    query: &RunsQuery,
    now: DateTime<Utc>,
) -> Result<Paginated<FlowRun>, ApiError> {
    let request = query.request(now);
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

pub async fn runs_page(
    client: PrefectClient,
    query: RunsQuery,
    now: DateTime<Utc>,
) -> Result<RunsPage, ApiError> {
    let runs = fetch_page(&client, &query, now).await?;
    let flow_ids = unique(runs.results.iter().map(|r| r.flow_id));
    let deployment_ids = unique(runs.results.iter().filter_map(|r| r.deployment_id));
    let run_ids: Vec<Uuid> = runs.results.iter().map(|r| r.id).collect();
    let counts = async {
        if run_ids.is_empty() {
            Ok(CountById::new())
        } else {
            client.count_task_runs(&run_ids).await
        }
    };
    // The three lookups go out together.
    let (flow_names, deployment_names, task_runs) = join3(
        lookups::flow_names(&client, flow_ids),
        lookups::deployment_names(&client, deployment_ids),
        counts,
    )
    .await;
    Ok(RunsPage {
        runs,
        flow_names: flow_names?,
        deployment_names: deployment_names?,
        task_runs: task_runs?,
    })
}

/// What the filter controls offer (200 of each at most).
#[derive(Clone, Debug)]
pub struct FilterOptions {
    pub flows: Vec<Flow>,
    pub deployments: Vec<Deployment>,
    pub work_pools: Vec<WorkPool>,
}

/// The three lists at once.
pub async fn filter_choices(client: PrefectClient) -> Result<FilterOptions, ApiError> {
    let (flows, deployments, pools) = filter_options();
    let (flows, deployments, work_pools) = join3(
        client.flows_filter(&flows),
        client.deployments_filter(&deployments),
        client.work_pools_filter(&pools),
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
