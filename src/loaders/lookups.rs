//! Lookups several pages share, each one batched request (or a few) for a whole page.

use super::requests::{self, recent_runs, upcoming_runs, RunsOf};
use crate::api::paging::in_batches;
use crate::api::{ApiError, PrefectClient};
use crate::domain::activity::{next_by, recent_by, BARS};
use crate::domain::known_names::KnownNames;
use crate::domain::late_runs::LateRuns;
use crate::domain::log_counts::{self, LogCounts, Scan};
use crate::domain::runs_query::RunsQuery;
use crate::schemas::filters::{
    FlowRunFilter, FlowRunRequest, IdFilter, LevelFilter, LogFilter, LogRequest, TimeFilter,
};
use crate::schemas::responses::Named;
use crate::schemas::sorting::LogSort;
use crate::schemas::{FlowRun, MAX_LIMIT};
use chrono::{DateTime, Utc};
use futures::future::{join, join_all};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::hash::Hash;
use std::thread::LocalKey;
use uuid::Uuid;

/// Each id once, sorted, for a batched lookup.
pub fn unique(ids: impl Iterator<Item = Uuid>) -> Vec<Uuid> {
    let set: BTreeSet<Uuid> = ids.collect();
    set.into_iter().collect()
}

/// Names looked up so far, per kind (`domain::known_names`: they never change), the last
/// 4,096 of each.
const NAMES_KEPT: usize = 4096;
thread_local! {
    static FLOW_NAMES: RefCell<KnownNames> = RefCell::new(KnownNames::new(NAMES_KEPT));
    static DEPLOYMENT_NAMES: RefCell<KnownNames> = RefCell::new(KnownNames::new(NAMES_KEPT));
}

/// The names of `ids`: those known from `kept`, the rest asked with `ask` (200 ids a
/// request; none when every name is known).
async fn names_of<F, Fut>(
    kept: &'static LocalKey<RefCell<KnownNames>>,
    ids: Vec<Uuid>,
    ask: F,
) -> Result<HashMap<Uuid, String>, ApiError>
where
    F: Fn(Vec<Uuid>) -> Fut,
    Fut: Future<Output = Result<Vec<Named>, ApiError>>,
{
    let (mut names, unknown) = kept.with_borrow(|k| k.split(&ids));
    let answered: Vec<Named> = in_batches(&unknown, ask).await?;
    let found: HashMap<Uuid, String> = answered
        .into_iter()
        .map(|named| (named.id, named.name))
        .collect();
    kept.with_borrow_mut(|k| k.learn(&found));
    names.extend(found);
    Ok(names)
}

/// Flow names by id, 200 ids a request (none for no ids: Prefect answers at most 200);
/// names looked up before are not asked again.
pub async fn flow_names(
    client: &PrefectClient,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, ApiError> {
    names_of(&FLOW_NAMES, ids, |batch| {
        let body = requests::flows_by_id(&batch);
        async move { client.flow_names_filter(&body).await }
    })
    .await
}

/// Deployment names by id, 200 ids a request (none for no ids); names looked up before are
/// not asked again.
pub async fn deployment_names(
    client: &PrefectClient,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, ApiError> {
    names_of(&DEPLOYMENT_NAMES, ids, |batch| {
        let body = requests::deployments_by_id(&batch);
        async move { client.deployment_names_filter(&body).await }
    })
    .await
}

/// Keys whose share of a full list is asked again one by one: as many as one list of
/// [`BARS`] a key holds (16), so the requests stay bounded.
const KEYS_BACKFILLED: usize = MAX_LIMIT as usize / BARS;

/// The newest [`BARS`] runs of each of `keys`, newest first ([`recent_by`]): one request of
/// `ask(keys, limit)` with [`BARS`] a key (at most 200: what the rows draw, when runs are
/// spread evenly); when that list came back full (so a busy key may have crowded a quiet one
/// out) and there are at most [`KEYS_BACKFILLED`] keys, each key it left short is asked alone
/// (`ask(&[key], BARS)`). A key with no runs has no entry.
pub async fn recent_per_key<K: Hash + Eq + Clone>(
    client: &PrefectClient,
    keys: &[K],
    ask: impl Fn(&[K], u32) -> FlowRunRequest,
    key_of: impl Fn(&FlowRun) -> Option<K>,
) -> Result<HashMap<K, Vec<FlowRun>>, ApiError> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let limit = u32::try_from(keys.len().saturating_mul(BARS))
        .unwrap_or(MAX_LIMIT)
        .min(MAX_LIMIT);
    let runs = client.flow_runs_filter(&ask(keys, limit)).await?;
    let full = runs.len() >= limit as usize;
    let mut recent = recent_by(&runs, &key_of, BARS);
    if full && keys.len() <= KEYS_BACKFILLED {
        let short: Vec<&K> = keys
            .iter()
            .filter(|key| recent.get(*key).map_or(0, Vec::len) < BARS)
            .collect();
        let asked = join_all(short.iter().map(|key| {
            let request = ask(std::slice::from_ref(*key), BARS as u32);
            async move { client.flow_runs_filter(&request).await }
        }))
        .await;
        for (key, runs) in short.into_iter().zip(asked) {
            let runs = runs?;
            if runs.is_empty() {
                recent.remove(key);
            } else {
                recent.insert(key.clone(), runs);
            }
        }
    }
    Ok(recent)
}

/// Recent runs (up to `BARS` each) and the next scheduled run of many deployments: two
/// requests at once for the whole page, plus, when busy deployments crowd the others out,
/// one more for next runs and (on a short page) one per quiet deployment for its recent runs
/// ([`recent_per_key`]).
#[derive(Clone, Debug, Default)]
pub struct DeploymentActivity {
    pub recent: HashMap<Uuid, Vec<FlowRun>>,
    pub next: HashMap<Uuid, FlowRun>,
}

/// Recent runs and the next run of each of `ids`.
pub async fn deployment_activity(
    client: &PrefectClient,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<DeploymentActivity, ApiError> {
    if ids.is_empty() {
        return Ok(DeploymentActivity::default());
    }
    let limit = MAX_LIMIT;
    let upcoming_request = upcoming_runs(&RunsOf::Deployments(ids), now, limit);
    let (recent, upcoming) = join(
        recent_per_key(
            client,
            ids,
            |ids, limit| recent_runs(&RunsOf::Deployments(ids), now, limit),
            |r| r.deployment_id,
        ),
        client.flow_runs_filter(&upcoming_request),
    )
    .await;
    let recent = recent?;
    let upcoming = upcoming?;
    let full = upcoming.len() as u32 >= limit;
    let mut next = next_by(&upcoming, |r| r.deployment_id);
    let missing: Vec<Uuid> = ids
        .iter()
        .filter(|id| !next.contains_key(id))
        .copied()
        .collect();
    if full && !missing.is_empty() {
        let more = client
            .flow_runs_filter(&upcoming_runs(&RunsOf::Deployments(&missing), now, limit))
            .await?;
        next.extend(next_by(&more, |r| r.deployment_id));
    }
    Ok(DeploymentActivity { recent, next })
}

/// Queues whose late runs are counted one by one (exact, a few hundred bytes each, at most
/// two rounds of [`LATE_COUNTS_AT_ONCE`]); with more, one list of up to 200 late runs is
/// counted instead (lower bounds, "200+"; about 1.8 KB of JSON a run).
const QUEUES_COUNTED: usize = 12;
/// Late-run counts asked at once (a browser's connections to one HTTP/1.1 host).
const LATE_COUNTS_AT_ONCE: usize = 6;

/// Late runs per pool and queue of `queues` (each named by its pool): the server's count per
/// queue, or, with more than [`QUEUES_COUNTED`] queues, one list of up to 200 late runs.
pub async fn late_runs(
    client: &PrefectClient,
    queues: &[(String, String)],
) -> Result<LateRuns, ApiError> {
    if queues.len() > QUEUES_COUNTED {
        let runs = client
            .flow_runs_filter(&requests::late_runs(MAX_LIMIT))
            .await?;
        return Ok(LateRuns::from_runs(&runs));
    }
    let mut counts = Vec::with_capacity(queues.len());
    for batch in queues.chunks(LATE_COUNTS_AT_ONCE) {
        let answers = join_all(batch.iter().map(|(pool, queue)| {
            let request = requests::late_runs_in(pool, queue);
            async move { client.flow_runs_count(&request).await }
        }))
        .await;
        for (key, count) in batch.iter().zip(answers) {
            counts.push((key.clone(), count?));
        }
    }
    Ok(LateRuns::from_queue_counts(counts))
}

/// The flow runs named by `ids` (each once, up to 200; none: no request), for their names.
pub async fn flow_runs_named(
    client: &PrefectClient,
    ids: Vec<Uuid>,
) -> Result<Vec<FlowRun>, ApiError> {
    let unique = unique(ids.into_iter());
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    client
        .flow_runs_filter(&requests::flow_runs_by_id(&unique))
        .await
}

/// The body of one page of a log scan (`domain::log_counts`): the open runs' lines of one
/// level band (`ge`..=`le`), oldest first, from `after` on.
pub fn log_scan_request(
    runs: &[Uuid],
    (ge, le): (i64, Option<i64>),
    after: Option<crate::schemas::Timestamp>,
) -> LogRequest {
    LogRequest {
        logs: Some(LogFilter {
            level: Some(LevelFilter {
                ge_: Some(ge),
                le_: le,
            }),
            flow_run_id: Some(IdFilter::any(runs.to_vec())),
            timestamp: after.map(|at| TimeFilter {
                after_: Some(at),
                before_: None,
            }),
            ..Default::default()
        }),
        sort: Some(LogSort::TimestampAsc),
        limit: Some(MAX_LIMIT),
        offset: None,
    }
}

/// One band's scan over the runs, page after page while it wants more (one page for most).
async fn scan_logs(
    client: &PrefectClient,
    runs: &[Uuid],
    band: (i64, Option<i64>),
) -> Result<Scan, ApiError> {
    let mut scan = Scan::new(runs);
    while scan.wants_more() {
        let body = log_scan_request(&scan.open, band, scan.after);
        let page = client.log_refs_filter(&body).await?;
        scan.add(&page, MAX_LIMIT as usize);
    }
    Ok(scan)
}

/// How many warning and error lines each run wrote: two scans at once (warnings, errors
/// with critical), 200 runs at most (a page's).
pub async fn log_counts(
    client: &PrefectClient,
    runs: &[Uuid],
) -> Result<HashMap<Uuid, LogCounts>, ApiError> {
    let runs: Vec<Uuid> = runs.iter().copied().take(MAX_LIMIT as usize).collect();
    if runs.is_empty() {
        return Ok(HashMap::new());
    }
    let (warnings, errors) = join(
        scan_logs(
            client,
            &runs,
            (log_counts::WARNING, Some(log_counts::ERROR - 1)),
        ),
        scan_logs(client, &runs, (log_counts::ERROR, None)),
    )
    .await;
    Ok(log_counts::counts(&runs, &warnings?, &errors?))
}

/// Error lines the "errors in its logs" filter reads at most (ten pages).
pub const ERROR_SCAN_PAGES: u32 = 10;

/// One page of the ERROR and CRITICAL lines since `from`, newest first.
pub fn error_lines_request(from: DateTime<Utc>, page: u32) -> LogRequest {
    LogRequest {
        logs: Some(LogFilter {
            level: Some(LevelFilter {
                ge_: Some(log_counts::ERROR),
                le_: None,
            }),
            timestamp: Some(TimeFilter {
                after_: Some(from.into()),
                before_: None,
            }),
            ..Default::default()
        }),
        sort: Some(LogSort::TimestampDesc),
        limit: Some(MAX_LIMIT),
        offset: Some(page * MAX_LIMIT),
    }
}

/// The runs that logged an ERROR or CRITICAL line since `from`, read from the newest
/// [`ERROR_SCAN_PAGES`] pages of such lines (Prefect cannot filter runs by their logs).
pub async fn erring_runs(
    client: &PrefectClient,
    from: DateTime<Utc>,
) -> Result<Vec<Uuid>, ApiError> {
    let mut runs = BTreeSet::new();
    for page in 0..ERROR_SCAN_PAGES {
        let lines = client
            .log_refs_filter(&error_lines_request(from, page))
            .await?;
        runs.extend(lines.iter().filter_map(|line| line.flow_run_id));
        if lines.len() < MAX_LIMIT as usize {
            break;
        }
    }
    Ok(runs.into_iter().collect())
}

/// The runs page's filter for `query`, narrowed to the runs that logged errors when it asks
/// for them (`with_errors`): a scan of the error lines since the window's start first.
pub async fn narrowed_runs_filter(
    client: &PrefectClient,
    query: &RunsQuery,
    now: DateTime<Utc>,
    filter: FlowRunFilter,
) -> Result<FlowRunFilter, ApiError> {
    if !query.with_errors {
        return Ok(filter);
    }
    let (from, _) = query.bounds(now);
    let runs = erring_runs(client, from).await?;
    Ok(FlowRunFilter {
        id: Some(IdFilter::any(runs)),
        ..filter
    })
}

#[cfg(test)]
mod log_scan_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_log_scan_page_asks_for_one_band_of_the_open_runs_from_the_last_time() {
        let runs = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let at = crate::schemas::Timestamp(crate::domain::test_now());
        let body =
            serde_json::to_value(log_scan_request(&runs, (30, Some(39)), Some(at))).expect("body");
        assert_eq!(body["logs"]["level"], json!({"ge_": 30, "le_": 39}));
        assert_eq!(body["logs"]["flow_run_id"]["any_"], json!(runs));
        assert_eq!(body["sort"], "TIMESTAMP_ASC");
        assert_eq!(body["limit"], 200);
        assert!(body["logs"]["timestamp"]["after_"].is_string());
        let first = serde_json::to_value(log_scan_request(&runs, (40, None), None)).expect("first");
        assert_eq!(first["logs"]["level"], json!({"ge_": 40}));
        assert!(first["logs"].get("timestamp").is_none());
    }

    #[test]
    fn the_error_scan_reads_pages_of_error_lines_newest_first() {
        let body =
            serde_json::to_value(error_lines_request(crate::domain::test_now(), 2)).expect("body");
        assert_eq!(body["logs"]["level"], json!({"ge_": 40}));
        assert_eq!(body["sort"], "TIMESTAMP_DESC");
        assert_eq!(
            (body["limit"].clone(), body["offset"].clone()),
            (json!(200), json!(400))
        );
        assert!(body["logs"]["timestamp"]["after_"].is_string());
    }
}
