//! One work pool: its health, queues (with `WorkQueueHealthPolicy` health from
//! `/work_queues/{id}/status`), workers and their heartbeats, deployments and recent runs.
//! Rendered once; a refresh re-renders only the rows whose data changed.

use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::api::ApiError;
use crate::components::{
    deployment_name, work_queue_pause, ActionFuture, ActionState, ActionStatus, ApiErrorPanel,
    ConfirmAction, FetchedSignal, FlowRunRow, FlowRunTable, HealthBadge, KeyedPart, KeyedRow,
    LogsCell, ManagedForm, OnDemandForm, PoolKind, PoolType, Time, WatchToggle, WorkerRunsSection,
};
use crate::context::AppContext;
use crate::domain::format::{concurrency, enum_words, span};
use crate::domain::health::{self, Health};
use crate::domain::keyed::Keyed;
use crate::domain::live::LiveScope;
use crate::domain::queues;
use crate::domain::schedule;
use crate::domain::watches::Watch;
use crate::domain::work_pool_forms::{by_priority, pool_delete_words};
use crate::hooks::{use_log_counts, use_object_title, DeleteHold, LogCountsById};
use crate::live::use_live;
use crate::loaders::actions::{delete_work_queue, delete_worker, set_work_pool_paused};
use crate::loaders::manage::delete_work_pool;
use crate::loaders::work_pools::{self, pool, PoolDetails, QueueWithStatus, WorkerRuns};
use crate::platform;
use crate::routes;
use crate::schemas::{Deployment, Timestamp, WorkPool, WorkQueue};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

type Part = Result<Vec<KeyedRow>, ApiError>;

/// A queue as its row shows it.
#[derive(Clone, Debug, Hash)]
struct QueueRow {
    id: uuid::Uuid,
    name: String,
    /// The queue's page.
    href: String,
    priority: i64,
    concurrency: String,
    paused: bool,
    status: String,
    late: String,
    last_polled: Option<Timestamp>,
    verdict: Health,
    /// The pool's default queue (the server refuses to delete it).
    default: bool,
}

fn queue_row(entry: &QueueWithStatus, href: String, default: bool, now: DateTime<Utc>) -> QueueRow {
    let (queue, status) = entry;
    QueueRow {
        default,
        verdict: queues::verdict_of_status(queue, status, now),
        late: status
            .as_ref()
            .map(|s| s.late_runs_count.to_string())
            .unwrap_or_else(|_| "?".into()),
        id: queue.id,
        name: queue.name.clone(),
        href,
        priority: queue.priority,
        concurrency: concurrency(queue.active_slots, queue.concurrency_limit),
        paused: queue.is_paused,
        status: queue
            .status
            .as_ref()
            .map_or("—".to_string(), |s| enum_words(s.as_str())),
        last_polled: queue.last_polled,
    }
}

fn queue_view(row: QueueRow) -> impl IntoView {
    view! {
        <tr data-testid="queue-row" data-name=row.name.clone()>
            <td>
                <a class="primary" href=row.href.clone() data-testid="queue-link">
                    {row.name.clone()}
                </a>
            </td>
            <td>{row.priority}</td>
            <td>{row.concurrency}</td>
            <td>{if row.paused { "yes" } else { "no" }}</td>
            <td>{row.status}</td>
            <td data-testid="queue-late-runs">{row.late}</td>
            <td>
                <Time at=row.last_polled relative=true />
            </td>
            <td data-testid="queue-health">
                <HealthBadge health=row.verdict />
            </td>
            <td>
                {queue_row_action(row.id, row.name.clone(), row.paused)}
                {(!row.default)
                    .then(|| {
                        let (id, name) = (row.id, row.name.clone());
                        delete_row_action(
                            |actions| actions.queues,
                            format!("Delete the work queue {}?", row.name),
                            "The queue goes; deployments that name it keep its name until they are changed.",
                            move || {
                                let client = expect_context::<AppContext>().client();
                                Box::pin(delete_work_queue(client, id, name.clone()))
                                    as ActionFuture
                            },
                        )
                    })}
            </td>
        </tr>
    }
}

/// Pause or resume one queue, from its row (none when the dashboard is read-only).
fn queue_row_action(id: uuid::Uuid, name: String, paused: bool) -> Option<impl IntoView> {
    if expect_context::<AppContext>().read_only() {
        return None;
    }
    let state = ActionState::default();
    Some(view! {
        {work_queue_pause(state, id, name, paused)}
        <ActionStatus state />
    })
}

/// The status lines of the deletes in the queues' and workers' tables: a deleted row goes, so
/// what the server said stays under its table (rows find these in context).
#[derive(Clone, Copy)]
struct TableActions {
    queues: ActionState,
    workers: ActionState,
}

/// Delete a queue or a worker from its row, behind a confirmation (none when read-only);
/// `table` picks the status line of its table.
fn delete_row_action(
    table: fn(TableActions) -> ActionState,
    title: String,
    body: &'static str,
    act: impl Fn() -> ActionFuture + Send + Sync + 'static,
) -> Option<impl IntoView> {
    let context = expect_context::<AppContext>();
    let actions = use_context::<TableActions>()?;
    if context.read_only() {
        return None;
    }
    let state = table(actions);
    Some(view! {
        <ConfirmAction
            state
            label="Delete"
            title
            body
            confirm="Delete"
            act=Callback::new(move |()| act())
            topics=vec![Topic::WorkPools]
            danger=true
        />
    })
}

/// A worker as its row shows it.
#[derive(Clone, Debug, Hash)]
struct WorkerRow {
    pool: String,
    name: String,
    status: String,
    last_heartbeat: Option<Timestamp>,
    expected: String,
    verdict: Health,
}

fn worker_view(row: WorkerRow) -> impl IntoView {
    view! {
        <tr data-testid="worker-row" data-name=row.name.clone()>
            <td>{row.name.clone()}</td>
            <td>{row.status}</td>
            <td>
                <Time at=row.last_heartbeat relative=true />
            </td>
            <td>{row.expected}</td>
            <td data-testid="worker-health">
                <HealthBadge health=row.verdict />
            </td>
            <td>
                {
                    let (pool, name) = (row.pool.clone(), row.name.clone());
                    delete_row_action(
                        |actions| actions.workers,
                        format!("Delete the worker {}?", row.name),
                        "It leaves this pool's list; a worker that still runs comes back with its next heartbeat.",
                        move || {
                            let client = expect_context::<AppContext>().client();
                            Box::pin(delete_worker(client, pool.clone(), name.clone()))
                                as ActionFuture
                        },
                    )
                }
            </td>
        </tr>
    }
}

/// A deployment of the pool as its row shows it.
#[derive(Clone, Debug, Hash)]
struct PoolDeploymentRow {
    name: String,
    href: String,
    queue: String,
    verdict: Health,
    schedules: String,
}

fn deployment_row(d: &Deployment, href: String, now: DateTime<Utc>) -> PoolDeploymentRow {
    PoolDeploymentRow {
        name: d.name.clone(),
        href,
        queue: d.work_queue_name.clone().unwrap_or_default(),
        verdict: health::deployment(d, now),
        schedules: schedule::lines(&d.schedules).join("; "),
    }
}

fn deployment_view(row: PoolDeploymentRow) -> impl IntoView {
    let (name, label) = (row.name.clone(), row.name);
    view! {
        <tr data-testid="pool-deployment-row" data-name=name>
            <td>
                <a class="primary" href=row.href>
                    {label}
                </a>
            </td>
            <td>{row.queue}</td>
            <td>
                <HealthBadge health=row.verdict />
            </td>
            <td>{row.schedules}</td>
        </tr>
    }
}

/// Keys each item of a part that answered; a failed part keeps its error.
fn keyed<T, R, V>(
    part: &Result<Vec<T>, ApiError>,
    key: impl Fn(&T) -> String,
    row: impl Fn(&T) -> R,
    view: fn(R) -> V,
) -> Part
where
    R: std::hash::Hash + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    part.as_ref()
        .map(|items| {
            items
                .iter()
                .map(|t| KeyedRow::new(Keyed::new(key(t), row(t)), view))
                .collect()
        })
        .map_err(Clone::clone)
}

/// The pool's name, verdict and facts (re-rendered whole on a refresh: a few lines).
fn header(details: &PoolDetails, now: DateTime<Utc>) -> impl IntoView {
    let pool = &details.pool;
    let workers = details.evidence.workers(&pool.name).and_then(Result::ok);
    let (verdict, _) = details.evidence.judge(pool, now);
    let heartbeat: Option<Timestamp> = workers.and_then(health::last_heartbeat);
    let start_hint = workers.and_then(|w| health::worker_start_hint(pool, w, now));
    view! {
        <div class="page-header">
            <h1 data-testid="pool-name">{pool.name.clone()}</h1>
            <p data-testid="pool-health" class="page-header__state">
                <HealthBadge health=verdict full=true />
            </p>
            <WatchToggle watch=Signal::stored(
                Some(Watch::WorkPool {
                    name: pool.name.clone(),
                }),
            ) />
        </div>
        {start_hint
            .map(|command| {
                view! {
                    <p data-testid="worker-start-hint">
                        "No worker is online for this pool. Start one where its runs should run: "
                        <code class="wrap">{command}</code>
                    </p>
                }
            })}
        <dl class="facts stats">
            <div class="stat">
                <dt>"Type"</dt>
                <dd>
                    <PoolType kind=PoolKind::of(pool) />
                </dd>
            </div>
            <div class="stat">
                <dt>"Status"</dt>
                <dd>{pool.status.as_ref().map_or("—".to_string(), |s| s.display_name())}</dd>
            </div>
            <div class="stat">
                <dt>"Paused"</dt>
                <dd>{if pool.is_paused { "yes" } else { "no" }}</dd>
            </div>
            <div class="stat">
                <dt>"Concurrency"</dt>
                <dd>{concurrency(pool.active_slots, pool.concurrency_limit)}</dd>
            </div>
            <div class="stat">
                <dt>"Last heartbeat"</dt>
                <dd>
                    <Time at=heartbeat />
                </dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Description"</dt>
                <dd>{pool.description.clone().unwrap_or_else(|| "—".into())}</dd>
            </div>
        </dl>
    }
}

/// The page's parts; `logs` the listed runs' warning and error lines.
fn details_view(
    details: Signal<Arc<PoolDetails>>,
    logs: Memo<FollowUp<LogCountsById>>,
    worker_runs: Memo<FollowUp<WorkerRuns>>,
    context: AppContext,
) -> impl IntoView {
    let table_actions = TableActions {
        queues: ActionState::default(),
        workers: ActionState::default(),
    };
    provide_context(table_actions);
    let queues = Signal::derive(move || {
        let now = platform::now();
        let details = details.get();
        let href = |queue: &str| context.href(&routes::work_queue(&details.pool.name, queue));
        let default = details.pool.default_queue_id;
        keyed(
            &details.queues,
            |(q, _)| q.id.to_string(),
            |q| queue_row(q, href(&q.0.name), default == Some(q.0.id), now),
            queue_view,
        )
    });
    let workers = Signal::derive(move || {
        let now = platform::now();
        let details = details.get();
        let none = Ok(Vec::new());
        keyed(
            details
                .evidence
                .workers
                .get(&details.pool.name)
                .unwrap_or(&none),
            |w| w.name.clone(),
            |w| WorkerRow {
                pool: details.pool.name.clone(),
                name: w.name.clone(),
                status: enum_words(w.status.as_str()),
                last_heartbeat: w.last_heartbeat_time,
                expected: format!("every {}", span(health::heartbeat_interval(w))),
                verdict: health::worker(w, now),
            },
            worker_view,
        )
    });
    let deployments = Signal::derive(move || {
        let now = platform::now();
        keyed(
            &details.get().deployments,
            |d| d.id.to_string(),
            |d| deployment_row(d, context.href(&routes::deployment(d.id)), now),
            deployment_view,
        )
    });
    let runs_error = move || details.get().runs.as_ref().err().cloned();
    let runs: Signal<Vec<FlowRunRow>> = Signal::derive(move || {
        let details = details.get();
        let logs = logs.get();
        details
            .runs
            .as_ref()
            .map(|runs| {
                runs.iter()
                    .map(|run| {
                        let link = context.href(&routes::flow_run(run.id));
                        let flow = details
                            .flows
                            .get(&run.flow_id)
                            .cloned()
                            .unwrap_or_else(|| run.flow_id.to_string());
                        let deployments = details.deployments.as_deref().unwrap_or_default();
                        let deployment = deployment_name(run, deployments);
                        FlowRunRow::new(run.clone(), link, flow, deployment, None)
                            .with_logs(LogsCell::for_run(&logs, run.id))
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let no_runs = move || details.get().runs.as_ref().is_ok_and(Vec::is_empty);
    let pool = Memo::new(move |_| details.with(|d| d.pool.clone()));
    let deletes = Memo::new(move |_| {
        details.with(|d| {
            let queues: Vec<String> = d
                .queues
                .as_ref()
                .map(|q| q.iter().map(|(queue, _)| queue.name.clone()).collect())
                .unwrap_or_default();
            let deployments = d
                .deployments
                .as_ref()
                .ok()
                .map(|d| d.iter().map(|d| d.name.clone()).collect());
            (queues, deployments)
        })
    });
    let ranked = Memo::new(move |_| {
        details.with(|d| {
            let queues: Vec<WorkQueue> = d
                .queues
                .as_ref()
                .map(|q| q.iter().map(|(queue, _)| queue.clone()).collect())
                .unwrap_or_default();
            by_priority(&queues)
        })
    });
    let queue_forms = move || {
        let state = table_actions.queues;
        let name = pool.with_untracked(|p| p.name.clone());
        (!context.read_only()).then(|| {
            view! {
                <div class="actions" role="group" aria-label="Work queue actions">
                    <OnDemandForm
                        label="New work queue…"
                        form=ManagedForm::NewWorkQueue(name.clone())
                        state
                    />
                    <Show when=move || ranked.with(|r| r.len() > 1)>
                        <OnDemandForm
                            label="Change priorities…"
                            form=ManagedForm::QueuePriorities(name.clone(), ranked.into())
                            state
                        />
                    </Show>
                </div>
            }
        })
    };
    view! {
        {move || header(&details.get(), platform::now())}
        {(!context.read_only()).then(|| view! { <PoolActions pool deletes /> })}
        <h2>"Work queues"</h2>
        {queue_forms}
        <KeyedPart
            title="Work queues"
            testid="queues-table"
            headers=&[
                "Queue",
                "Priority",
                "Concurrency",
                "Paused",
                "Status",
                "Late runs",
                "Last polled",
                "Health",
                "Action",
            ]
            numeric=&[2, 6]
            part=queues
            empty=|| view! { <p class="muted">"This pool has no work queues."</p> }
        />
        <p data-testid="queues-status">
            <ActionStatus state=table_actions.queues />
        </p>
        <h2>"Workers"</h2>
        <KeyedPart
            title="Workers"
            testid="workers-table"
            headers=&["Worker", "Status", "Last heartbeat", "Expected", "Health", "Action"]
            part=workers
            empty=|| {
                view! {
                    <p class="muted" data-testid="no-workers">
                        "No worker has polled this pool yet."
                    </p>
                }
            }
        />
        <p data-testid="workers-status">
            <ActionStatus state=table_actions.workers />
        </p>
        <WorkerRunsSection runs=worker_runs />
        <h2>"Deployments"</h2>
        <KeyedPart
            title="Deployments"
            testid="pool-deployments"
            headers=&["Deployment", "Queue", "Health", "Schedules"]
            part=deployments
            empty=|| view! { <p class="muted">"No deployments use this pool."</p> }
        />
        <h2>"Recent runs"</h2>
        {move || runs_error().map(|error| view! { <ApiErrorPanel title="Recent runs" error /> })}
        <Show when=no_runs>
            <p class="muted">"No runs yet."</p>
        </Show>
        <Show when=move || !runs.with(Vec::is_empty)>
            <FlowRunTable rows=runs />
        </Show>
    }
}

/// Pause or resume, edit and delete a work pool.
#[component]
fn PoolActions(
    /// The pool.
    pool: Memo<WorkPool>,
    /// Its queues' names, and its deployments' (`None`: they could not be listed).
    deletes: Memo<(Vec<String>, Option<Vec<String>>)>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = ActionState::default();
    let navigate = leptos_router::hooks::use_navigate();
    let paused = Memo::new(move |_| pool.with(|p| (p.name.clone(), p.is_paused)));
    let pause = move || {
        let (name, paused) = paused.get();
        let target = name.clone();
        let act = Callback::new(move |()| {
            Box::pin(set_work_pool_paused(
                context.client(),
                target.clone(),
                !paused,
            )) as ActionFuture
        });
        let (label, confirm, body) = if paused {
            ("Resume", "Resume work pool", "Its workers get runs again.")
        } else {
            (
                "Pause",
                "Pause work pool",
                "Its workers get no new runs until it is resumed; running runs go on.",
            )
        };
        view! {
            <ConfirmAction
                state
                label
                title=format!("{label} the work pool {name}?")
                body
                confirm
                act
                topics=vec![Topic::WorkPools, Topic::FlowRuns]
            />
        }
    };
    let hold = DeleteHold::of_page();
    let delete = move || {
        let name = pool.with(|p| p.name.clone());
        let (queues, deployments) = deletes.get();
        let goes = pool_delete_words(&queues, deployments.as_deref());
        let act = Callback::new({
            let (name, navigate) = (name.clone(), navigate.clone());
            move |()| {
                let sent = DeleteHold::around(
                    hold,
                    delete_work_pool(context.client(), name.clone()),
                    context.invalidations,
                    Topic::WorkPools,
                );
                let navigate = navigate.clone();
                Box::pin(async move {
                    let answer = sent.await;
                    if answer.is_ok() {
                        // Its page is gone: the list is where the user goes on.
                        navigate(&context.href(routes::WORK_POOLS), Default::default());
                    }
                    answer
                }) as ActionFuture
            }
        });
        view! {
            <ConfirmAction
                state
                label="Delete"
                title=format!("Delete the work pool {name}?")
                body=goes
                confirm="Delete work pool"
                act
                // Nothing here to refetch: its page is gone (the list loads afresh).
                topics=Vec::new()
                danger=true
            />
        }
    };
    view! {
        <div class="actions" data-testid="pool-actions" role="group" aria-label="Work pool actions">
            {pause}
            <OnDemandForm label="Edit…" form=ManagedForm::EditWorkPool(pool.into()) state />
            {delete}
            <ActionStatus state />
        </div>
    }
}

/// The work pool page (`/work-pools/:name`).
#[component]
pub fn WorkPoolPage() -> impl IntoView {
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let params = use_params_map();
    let name = Memo::new(move |_| params.with(|p| p.get("name").unwrap_or_default()));
    // While the pool is being deleted its page asks for nothing (see `DeleteHold`).
    let hold = DeleteHold::provide();
    let data = context.resource(Topic::WorkPools, move |client| {
        let name = name.get();
        async move {
            hold.gate().await;
            pool(client, name, platform::now()).await
        }
    });
    use_object_title("Work pool", move || Some(vec![name.get()]));
    // The listed runs' warning and error lines, once they are in.
    let logs = use_log_counts(move || match data.get() {
        Some(Ok(d)) => d
            .runs
            .as_ref()
            .ok()
            .map(|runs| runs.iter().map(|r| r.id).collect()),
        _ => None,
    });
    // What each worker is running, from its events, once the pool (its id) is in; again on
    // worker events (they refetch the pool's topic).
    let pool_id = Memo::new(move |_| match data.get() {
        Some(Ok(d)) => Some(d.pool.id),
        _ => None,
    });
    let worker_runs = context.follow_up(Topic::WorkPools, pool_id, |client, pool| {
        work_pools::worker_runs(client, pool, platform::now())
    });
    let render =
        move |details: Signal<Arc<PoolDetails>>| details_view(details, logs, worker_runs, context);
    view! {
        <section class="page">
            <p>
                <a href=context.href(routes::WORK_POOLS)>"‹ All work pools"</a>
            </p>
            <FetchedSignal
                resource=data
                title="Work pool"
                loading="Loading the work pool…"
                render
            />
        </section>
    }
}
