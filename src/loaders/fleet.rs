//! A fleet card's loader: version, 24 h history in one bucket, pools and the evidence every
//! page judges a pool by (workers, queues, late runs).

use super::requests::work_pools_by_name;
use super::work_pools::pools_evidence;
use crate::api::{ApiError, PrefectClient};
use crate::domain::fleet::{self, FleetSummary};
use crate::domain::history::bucket_seconds;
use crate::schemas::filters::HistoryRequest;
use crate::schemas::{Timestamp, WorkPool};
use chrono::{DateTime, Duration, Utc};
use futures::future::join;

/// At most this many pools' workers are asked for per card (the others' verdicts say so).
pub const MAX_POOLS_WITH_WORKERS: usize = 20;
const DAY: i64 = 86_400;

/// The last 24 hours in one bucket.
pub fn day_history(now: DateTime<Utc>) -> HistoryRequest {
    HistoryRequest::over(
        Timestamp(now - Duration::seconds(DAY)),
        Timestamp(now),
        bucket_seconds(DAY * 60) as f64,
    )
}

pub async fn fleet_summary(
    client: PrefectClient,
    now: DateTime<Utc>,
) -> Result<FleetSummary, ApiError> {
    let version = client.admin_version().await?;
    let (history, pools) = join(
        client.flow_runs_history(&day_history(now)),
        client.work_pools_filter(&work_pools_by_name(None)),
    )
    .await;
    let (history, pools) = (history?, pools?);
    let asked = pools.iter().take(MAX_POOLS_WITH_WORKERS);
    let evidence = pools_evidence(client, asked.map(|pool| pool.name.clone()).collect()).await?;
    let pools: Vec<_> = pools
        .into_iter()
        .map(|pool| {
            let workers = evidence.workers(&pool.name).and_then(Result::ok);
            let workers = workers.map(<[_]>::to_vec);
            (pool, workers)
        })
        .collect();
    let judge = |pool: &WorkPool| evidence.judge(pool, now).0;
    Ok(fleet::summarize(version, &history, &pools, judge, now))
}
