//! The work pools pages' loaders: every pool with its workers and late runs, and one pool
//! with its queues' status answers, workers, deployments and recent runs.

use super::lookups;
use super::requests::{pool_deployments, recent_runs, work_pools_by_name, RunsOf};
use crate::api::{ApiError, PrefectClient};
use crate::domain::late_runs::LateRuns;
use crate::schemas::{
    Deployment, FlowRun, WorkPool, WorkQueue, WorkQueueStatusDetail, Worker, MAX_LIMIT,
};
use chrono::{DateTime, Utc};
use futures::future::{join, join5, join_all};

/// Recent runs shown on a pool's page.
pub const RUNS_SHOWN: u32 = 20;

#[derive(Clone, Debug)]
pub struct PoolsList {
    pub pools: Vec<WorkPool>,
    /// Each pool's workers, in the order of `pools`.
    pub workers: Vec<Result<Vec<Worker>, ApiError>>,
    pub late: Result<LateRuns, ApiError>,
}

/// Every pool (up to 200) by name, and each pool's workers in the same order, asked at once
/// (the API has no cross-pool worker list).
pub async fn pools_with_workers(
    client: &PrefectClient,
) -> Result<(Vec<WorkPool>, Vec<Result<Vec<Worker>, ApiError>>), ApiError> {
    let pools = client
        .work_pools_filter(&work_pools_by_name(Some(MAX_LIMIT)))
        .await?;
    let workers = join_all(
        pools
            .iter()
            .map(|pool| client.work_pool_workers(&pool.name)),
    )
    .await;
    Ok((pools, workers))
}

pub async fn pools(client: PrefectClient) -> Result<PoolsList, ApiError> {
    let (found, late) = join(pools_with_workers(&client), lookups::late_runs(&client)).await;
    let (pools, workers) = found?;
    Ok(PoolsList {
        pools,
        workers,
        late,
    })
}

/// A queue with its `/work_queues/{id}/status` answer.
pub type QueueWithStatus = (WorkQueue, Result<WorkQueueStatusDetail, ApiError>);

#[derive(Clone, Debug)]
pub struct PoolDetails {
    pub pool: WorkPool,
    pub queues: Result<Vec<QueueWithStatus>, ApiError>,
    pub workers: Result<Vec<Worker>, ApiError>,
    pub deployments: Result<Vec<Deployment>, ApiError>,
    pub runs: Result<Vec<FlowRun>, ApiError>,
}

/// A pool's queues by priority, then name, each with its status (asked all at once).
async fn queues_with_status(
    client: &PrefectClient,
    name: &str,
) -> Result<Vec<QueueWithStatus>, ApiError> {
    let mut queues = client.work_pool_queues(name, None).await?;
    queues.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then_with(|| a.name.cmp(&b.name))
    });
    let statuses = join_all(queues.iter().map(|q| client.work_queue_status(q.id))).await;
    Ok(queues.into_iter().zip(statuses).collect())
}

pub async fn pool(
    client: PrefectClient,
    name: String,
    now: DateTime<Utc>,
) -> Result<PoolDetails, ApiError> {
    let deployments_request = pool_deployments(&name);
    let runs_request = recent_runs(&RunsOf::WorkPool(&name), now, RUNS_SHOWN);
    let (pool, queues, workers, deployments, runs) = join5(
        client.work_pool(&name),
        queues_with_status(&client, &name),
        client.work_pool_workers(&name),
        client.deployments_filter(&deployments_request),
        client.flow_runs_filter(&runs_request),
    )
    .await;
    Ok(PoolDetails {
        pool: pool?,
        queues,
        workers,
        deployments,
        runs,
    })
}
