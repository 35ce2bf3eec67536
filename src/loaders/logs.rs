//! A run's logs: a page of them (searched over the whole log when asked), every line for a
//! download, and whether the server streams them. For flow runs and task runs alike.

use super::requests::run_logs;
use crate::api::{ApiError, PrefectClient};
use crate::domain::log_search::{matches, LogOwner};
use crate::schemas::{Log, MAX_LIMIT};

/// Logs per page on a run's page.
pub const LOGS_PER_PAGE: u32 = 50;

/// One page (1-based) of the run's logs at `min_level` or above, only those matching
/// `search` when there is one.
pub async fn logs(
    client: PrefectClient,
    owner: LogOwner,
    min_level: i64,
    search: Option<String>,
    page: u32,
) -> Result<Vec<Log>, ApiError> {
    let Some(search) = search else {
        return client
            .logs_filter(&run_logs(owner, min_level, None, page, LOGS_PER_PAGE))
            .await;
    };
    // Searched here over the whole log (see `log_search::matches`), then paged.
    let all = whole_log(client, owner, |_| {}).await?;
    let per_page = LOGS_PER_PAGE as usize;
    let skip = (page.max(1) as usize - 1).saturating_mul(per_page);
    Ok(all
        .into_iter()
        .filter(|log| log.level >= min_level && matches(log, &search))
        .skip(skip)
        .take(per_page)
        .collect())
}

/// Every log line of the run, oldest first: pages of the server's largest size, one after
/// the other until a short one; `progress` hears the lines so far.
pub async fn whole_log(
    client: PrefectClient,
    owner: LogOwner,
    progress: impl Fn(usize),
) -> Result<Vec<Log>, ApiError> {
    let mut all = Vec::new();
    for page in 1..=u32::MAX {
        let lines = client
            .logs_filter(&run_logs(owner, 0, None, page, MAX_LIMIT))
            .await?;
        let short = (lines.len() as u64) < u64::from(MAX_LIMIT);
        all.extend(lines);
        progress(all.len());
        if short {
            break;
        }
    }
    Ok(all)
}

/// Whether the server pushes logs on `/api/logs/out` (from its settings, read once per
/// page load and shared with the CSRF check; a server that does not say, such as Prefect
/// Cloud, is taken not to).
pub async fn logs_streamed(client: PrefectClient) -> Result<bool, ApiError> {
    Ok(client.server_facts().await.logs_streamed)
}
