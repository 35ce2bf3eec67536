//! The concurrency limits page's loader: global limits and tag limits at once, then the task
//! runs holding tag-limit slots, in one request by id (not one per slot).

use super::requests::task_runs_by_id;
use crate::api::{ApiError, PrefectClient};
use crate::domain::concurrency::holders;
use crate::schemas::{ConcurrencyLimit, GlobalConcurrencyLimitResponse, TaskRun};
use futures::future::join;

/// Both kinds of limits and the task runs holding tag slots, each with its own answer.
#[derive(Clone, Debug)]
pub struct ConcurrencyPage {
    pub global: Result<Vec<GlobalConcurrencyLimitResponse>, ApiError>,
    pub tags: Result<Vec<ConcurrencyLimit>, ApiError>,
    /// Empty when no slot is held (no request then).
    pub holders: Result<Vec<TaskRun>, ApiError>,
}

pub async fn concurrency_page(client: PrefectClient) -> ConcurrencyPage {
    let (global, tags) = join(
        client.global_concurrency_limits_filter(),
        client.concurrency_limits_filter(),
    )
    .await;
    let held = tags.as_ref().map(|t| holders(t)).unwrap_or_default();
    let holders = if held.is_empty() {
        Ok(Vec::new())
    } else {
        client.task_runs_filter(&task_runs_by_id(&held)).await
    };
    ConcurrencyPage {
        global,
        tags,
        holders,
    }
}
