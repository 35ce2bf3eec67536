//! A fleet card's loader: version, 24 h history in one bucket, pools and their workers.

use super::requests::work_pools_by_name;
use crate::api::{ApiError, PrefectClient};
use crate::domain::fleet::{self, FleetSummary};
use crate::domain::history::bucket_seconds;
use crate::schemas::filters::HistoryRequest;
use crate::schemas::Timestamp;
use chrono::{DateTime, Duration, Utc};
use futures::future::{join, join_all};

/// At most this many pools' workers are asked for per card.
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
    let mut workers = join_all(asked.map(|pool| client.work_pool_workers(&pool.name)))
        .await
        .into_iter();
    let pools: Vec<_> = pools
        .into_iter()
        .map(|pool| (pool, workers.next().and_then(Result::ok)))
        .collect();
    Ok(fleet::summarize(version, &history, &pools, now))
}
