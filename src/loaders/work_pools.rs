//! The work pools pages' loaders: every pool, then their workers and late runs, and one pool
//! with its queues' status answers, workers, deployments and recent runs.

use super::lookups::{self, unique};
use super::requests::{
    flow_runs_by_id, pool_deployments, recent_runs, upcoming_runs, work_pools_by_name,
    work_queue_named, RunsOf,
};
use crate::api::{ApiError, PrefectClient};
use crate::domain::health::Health;
use crate::domain::late_runs::LateRuns;
use crate::domain::queues::{self, PoolEvidence};
use crate::domain::worker_runs::{self, OnWorker, Submitted, WorkerEvent};
use crate::schemas::events::{
    EventAnyResourceFilter, EventFilter, EventNameFilter, EventOccurredFilter, EventOrder,
};
use crate::schemas::filters::FilterRequest;
use crate::schemas::sorting::WorkPoolSort;
use crate::schemas::{
    Deployment, FlowRun, WorkPool, WorkQueue, WorkQueueStatusDetail, Worker, MAX_LIMIT,
};
use chrono::{DateTime, Utc};
use futures::future::{join, join3, join5, join_all};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Recent runs shown on a pool's page.
pub const RUNS_SHOWN: u32 = 20;

/// Every pool (up to 200) by name: the list's rows show as soon as it is in, and
/// [`pools_activity`] fills in the rest.
pub async fn pools(client: PrefectClient) -> Result<Vec<WorkPool>, ApiError> {
    client.work_pools_filter(&pools_request()).await
}

/// What [`pools`] asks: every pool (up to 200) by name.
pub fn pools_request() -> FilterRequest<WorkPoolSort> {
    work_pools_by_name(Some(MAX_LIMIT))
}

/// Each named pool's workers, in the same order, asked at once (the API has no cross-pool
/// worker list).
async fn workers_of<'a>(
    client: &PrefectClient,
    names: impl Iterator<Item = &'a String>,
) -> Vec<Result<Vec<Worker>, ApiError>> {
    join_all(names.map(|name| client.work_pool_workers(name))).await
}

/// Every pool (up to 200) by name, and each pool's workers in the same order.
pub async fn pools_with_workers(
    client: &PrefectClient,
) -> Result<(Vec<WorkPool>, Vec<Result<Vec<Worker>, ApiError>>), ApiError> {
    let pools = pools(client.clone()).await?;
    let workers = workers_of(client, pools.iter().map(|pool| &pool.name)).await;
    Ok((pools, workers))
}

/// The one evidence set a pool is judged by, on every page that shows a verdict: the
/// workers of each asked pool (by name: a pool this answer does not name was not asked),
/// every queue and the late runs of the asked pools.
#[derive(Clone, Debug)]
pub struct PoolsEvidence {
    pub workers: HashMap<String, Result<Vec<Worker>, ApiError>>,
    pub queues: Result<Vec<WorkQueue>, ApiError>,
    pub late: Result<LateRuns, ApiError>,
}

impl PoolsEvidence {
    /// Nothing could be loaded (`why` failed): a verdict from the pool alone, saying so.
    pub fn failed(why: &ApiError) -> PoolsEvidence {
        PoolsEvidence {
            workers: HashMap::new(),
            queues: Err(why.clone()),
            late: Err(why.clone()),
        }
    }

    /// `pool`'s verdict and its queues that are not healthy ([`queues::judge_pool`]).
    pub fn judge(&self, pool: &WorkPool, now: DateTime<Utc>) -> (Health, Vec<(String, Health)>) {
        let evidence = PoolEvidence {
            workers: self.workers(&pool.name).and_then(Result::ok),
            queues: self.queues.as_deref().ok(),
            late: self.late.as_ref().ok(),
        };
        queues::judge_pool(pool, evidence, now)
    }

    /// The workers of the pool `name`, when it was asked for.
    pub fn workers(&self, name: &str) -> Option<Result<&[Worker], &ApiError>> {
        self.workers.get(name).map(|w| w.as_deref())
    }
}

/// The evidence for the pools `names` ([`PoolsEvidence`]): the workers beside the queues,
/// then the late runs of those pools' queues ([`lookups::late_runs`]).
pub async fn pools_evidence(
    client: PrefectClient,
    names: Vec<String>,
) -> Result<PoolsEvidence, ApiError> {
    let queues_and_late = async {
        let queues = client.work_queues_filter().await;
        let late = match &queues {
            Ok(queues) => {
                let asked: Vec<(String, String)> = queues
                    .iter()
                    .filter_map(|q| Some((q.work_pool_name.clone()?, q.name.clone())))
                    .filter(|(pool, _)| names.contains(pool))
                    .collect();
                lookups::late_runs(&client, &asked).await
            }
            Err(error) => Err(error.clone()),
        };
        (queues, late)
    };
    let (workers, (queues, late)) = join(workers_of(&client, names.iter()), queues_and_late).await;
    Ok(PoolsEvidence {
        workers: names.into_iter().zip(workers).collect(),
        queues,
        late,
    })
}

/// A queue with its `/work_queues/{id}/status` answer.
pub type QueueWithStatus = (WorkQueue, Result<WorkQueueStatusDetail, ApiError>);

#[derive(Clone, Debug)]
pub struct PoolDetails {
    pub pool: WorkPool,
    /// Its queues, each with the server's status answer (the queues table).
    pub queues: Result<Vec<QueueWithStatus>, ApiError>,
    /// What its verdict is judged by, as on every other page ([`pools_evidence`]).
    pub evidence: PoolsEvidence,
    pub deployments: Result<Vec<Deployment>, ApiError>,
    pub runs: Result<Vec<FlowRun>, ApiError>,
    /// The names of the runs' flows.
    pub flows: HashMap<Uuid, String>,
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
    // The runs' flows' names follow the runs (their column shows ids without them).
    let runs = async {
        let runs = client.flow_runs_filter(&runs_request).await?;
        let flows = lookups::flow_names(&client, unique(runs.iter().map(|r| r.flow_id)))
            .await
            .unwrap_or_default();
        Ok((runs, flows))
    };
    let (pool, queues, evidence, deployments, runs) = join5(
        client.work_pool(&name),
        queues_with_status(&client, &name),
        pools_evidence(client.clone(), vec![name.clone()]),
        client.deployments_filter(&deployments_request),
        runs,
    )
    .await;
    let (runs, flows) = match runs {
        Ok((runs, flows)) => (Ok(runs), flows),
        Err(error) => (Err(error), HashMap::new()),
    };
    Ok(PoolDetails {
        pool: pool?,
        queues,
        evidence: evidence?,
        deployments,
        runs,
        flows,
    })
}

/// One queue of a pool, with what its page shows.
#[derive(Clone, Debug)]
pub struct QueueDetails {
    /// The queue and its `/work_queues/{id}/status` answer.
    pub queue: QueueWithStatus,
    /// Its scheduled runs still to come, soonest first.
    pub upcoming: Result<Vec<FlowRun>, ApiError>,
    /// Its runs that were due by now, newest first.
    pub recent: Result<Vec<FlowRun>, ApiError>,
    /// The names of those runs' flows and deployments.
    pub flows: HashMap<Uuid, String>,
    pub deployments: HashMap<Uuid, String>,
}

/// The queue `queue` of the pool `pool` (`None` when the pool has no queue by that name),
/// its status, its upcoming and recent runs and their flows' and deployments' names: the
/// queue and its runs at once (the runs go by the names), then its status and the names.
pub async fn queue(
    client: PrefectClient,
    pool: String,
    queue: String,
    now: DateTime<Utc>,
) -> Result<Option<QueueDetails>, ApiError> {
    let by_name = work_queue_named(&queue);
    let runs_of = RunsOf::WorkQueue {
        pool: &pool,
        queue: &queue,
    };
    let (upcoming_request, recent_request) = (
        upcoming_runs(&runs_of, now, RUNS_SHOWN),
        recent_runs(&runs_of, now, RUNS_SHOWN),
    );
    let (queues, upcoming, recent) = join3(
        client.work_pool_queues(&pool, Some(&by_name)),
        client.flow_runs_filter(&upcoming_request),
        client.flow_runs_filter(&recent_request),
    )
    .await;
    let Some(found) = queues?.into_iter().find(|q| q.name == queue) else {
        return Ok(None);
    };
    let runs = || upcoming.iter().chain(recent.iter()).flatten();
    let (status, flows, deployments) = join3(
        client.work_queue_status(found.id),
        lookups::flow_names(&client, unique(runs().map(|r| r.flow_id))),
        lookups::deployment_names(&client, unique(runs().filter_map(|r| r.deployment_id))),
    )
    .await;
    Ok(Some(QueueDetails {
        queue: (found, status),
        upcoming,
        recent,
        flows: flows.unwrap_or_default(),
        deployments: deployments.unwrap_or_default(),
    }))
}

/// How far back a pool's worker events are read for what its workers are running.
pub const WORKER_EVENTS_DAYS: i64 = 7;
/// The most pages of worker events read (50 each, newest first): past them, older
/// submissions are not seen, and the page says so.
pub const WORKER_EVENT_PAGES: usize = 10;

/// The submitted and executed events of the pool's workers over the last
/// [`WORKER_EVENTS_DAYS`], newest first (the pool is a related resource of both).
pub fn worker_events_filter(pool: Uuid, now: DateTime<Utc>) -> EventFilter {
    EventFilter {
        occurred: EventOccurredFilter {
            since: Some((now - chrono::Duration::days(WORKER_EVENTS_DAYS)).into()),
            until: Some(now.into()),
        },
        event: Some(EventNameFilter {
            prefix: vec![
                worker_runs::SUBMITTED.to_string(),
                worker_runs::EXECUTED.to_string(),
            ],
        }),
        any_resource: Some(EventAnyResourceFilter {
            id: vec![format!("prefect.work-pool.{pool}")],
            id_prefix: Vec::new(),
        }),
        id: None,
        order: EventOrder::Desc,
    }
}

/// What each of a pool's workers is running.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkerRuns {
    /// By worker name.
    pub by_worker: BTreeMap<String, Vec<OnWorker>>,
    /// Not every event of the window was read (more than [`WORKER_EVENT_PAGES`] pages).
    pub cut: bool,
}

/// What each of the pool's workers is running: its workers' events (pages in turn, each
/// page's token names the next), then the submitted runs as the server has them now, in
/// one request.
pub async fn worker_runs(
    client: PrefectClient,
    pool: Uuid,
    now: DateTime<Utc>,
) -> Result<WorkerRuns, ApiError> {
    let mut page = client
        .events_filter(&worker_events_filter(pool, now), super::events::PAGE_SIZE)
        .await?;
    let mut events: Vec<WorkerEvent> = Vec::new();
    let mut pages = 1;
    loop {
        events.extend(page.events.iter().filter_map(WorkerEvent::of));
        let Some(token) = page.next_page_token() else {
            break;
        };
        if pages >= WORKER_EVENT_PAGES {
            let submitted = worker_runs::submitted(&events);
            return finish(client, submitted, true, now).await;
        }
        page = client.events_next(&token).await?;
        pages += 1;
    }
    finish(client, worker_runs::submitted(&events), false, now).await
}

async fn finish(
    client: PrefectClient,
    submitted: Vec<Submitted>,
    cut: bool,
    now: DateTime<Utc>,
) -> Result<WorkerRuns, ApiError> {
    let ids: Vec<Uuid> = submitted.iter().map(|s| s.run).collect();
    // 200 ids a request, at once.
    let requests: Vec<_> = ids
        .chunks(MAX_LIMIT as usize)
        .map(flow_runs_by_id)
        .collect();
    let mut runs = Vec::new();
    for page in join_all(requests.iter().map(|r| client.flow_runs_filter(r))).await {
        runs.extend(page?);
    }
    Ok(WorkerRuns {
        by_worker: worker_runs::by_worker(&submitted, &runs, now),
        cut,
    })
}
