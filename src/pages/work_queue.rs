//! One work queue of a pool (`/work-pools/:name/queues/:queue`): its verdict with the reason
//! (`WorkQueueHealthPolicy`, from `/work_queues/{id}/status`), its settings, its upcoming
//! runs and the runs it has had. Prefect's UIs have this page; the pool's queue table links
//! to it, as does the search.

use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::api::ApiError;
use crate::components::{
    work_queue_pause, ActionState, ActionStatus, ApiErrorPanel, FetchedSignal, FlowRunRow,
    FlowRunTable, HealthBadge, LogsCell, ManagedForm, OnDemandForm, Time,
};
use crate::context::AppContext;
use crate::domain::format::{concurrency, enum_words};
use crate::domain::live::LiveScope;
use crate::domain::queues;
use crate::hooks::{use_last_found, use_log_counts, use_object_title, LogCountsById};
use crate::live::use_live;
use crate::loaders::work_pools::{queue, QueueDetails};
use crate::platform;
use crate::routes;
use crate::schemas::FlowRun;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// The work queue page (`/work-pools/:name/queues/:queue`).
#[component]
pub fn WorkQueuePage() -> impl IntoView {
    let params = use_params_map();
    let pool = Memo::new(move |_| params.with(|p| p.get("name").unwrap_or_default()));
    let queue = Memo::new(move |_| params.with(|p| p.get("queue").unwrap_or_default()));
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let data = context.resource(Topic::WorkPools, move |client| {
        self::queue(client, pool.get(), queue.get(), platform::now())
    });
    use_object_title("Work queue", move || Some(vec![queue.get(), pool.get()]));
    // The recent runs' warning and error lines, once they are in (upcoming runs log none).
    let logs = use_log_counts(move || match data.get() {
        Some(Ok(details)) => Option::as_ref(&details)
            .and_then(|d| d.recent.as_ref().ok())
            .map(|runs| runs.iter().map(|r| r.id).collect()),
        _ => None,
    });
    // Rendered once; a refresh re-renders the header (a few lines) and the changed rows.
    let render = move |details: Signal<Arc<Option<QueueDetails>>>| {
        let found = Memo::new(move |_| details.with(|d| d.is_some()));
        let missing = move || {
            view! {
                <h1>{queue.get()}</h1>
                <p class="muted" data-testid="no-such-queue">
                    {format!("The work pool {} has no work queue by this name.", pool.get())}
                </p>
            }
        };
        // The action's answer outlives the header's re-render (Pause becomes Resume).
        let state = ActionState::default();
        let paused = Memo::new(move |_| {
            Option::as_ref(&details.get())
                .map(|d| (d.queue.0.id, d.queue.0.name.clone(), d.queue.0.is_paused))
        });
        // The edit form stays while the queue refreshes (it reads the queue when it opens).
        let editable = Memo::new(move |_| details.with(|d| d.is_some()));
        let action = move || {
            (!context.read_only()).then(|| {
                view! {
                    <div
                        class="actions"
                        data-testid="queue-actions"
                        role="group"
                        aria-label="Work queue actions"
                    >
                        {move || {
                            paused
                                .get()
                                .map(|(id, name, paused)| work_queue_pause(state, id, name, paused))
                        }}
                        {move || {
                            editable
                                .get()
                                .then(|| use_last_found(details, |d| d.queue.0.clone()))
                                .flatten()
                                .map(|queue| {
                                    view! {
                                        <OnDemandForm
                                            label="Edit…"
                                            form=ManagedForm::EditWorkQueue(queue)
                                            state
                                        />
                                    }
                                })
                        }}
                        <ActionStatus state />
                    </div>
                }
            })
        };
        view! {
            <Show when=move || found.get() fallback=missing>
                {move || Option::as_ref(&details.get()).map(header)}
                {action}
                <h2>"Upcoming runs"</h2>
                <div data-testid="queue-upcoming">
                    {runs_part(
                        details,
                        |d| &d.upcoming,
                        "Upcoming runs",
                        "No scheduled runs to come.",
                        None,
                        context,
                    )}
                </div>
                <h2>"Recent runs"</h2>
                <div data-testid="queue-recent">
                    {runs_part(
                        details,
                        |d| &d.recent,
                        "Recent runs",
                        "No runs yet.",
                        Some(logs),
                        context,
                    )}
                </div>
            </Show>
        }
    };
    view! {
        <section class="page">
            <p>
                <a
                    href=move || context.href(&routes::work_pool(&pool.get()))
                    data-testid="queue-pool-link"
                >
                    {move || format!("‹ Work pool {}", pool.get())}
                </a>
            </p>
            <FetchedSignal
                resource=data
                title="Work queue"
                loading="Loading the work queue…"
                render
            />
        </section>
    }
}

/// The queue's name, verdict and settings.
fn header(details: &QueueDetails) -> impl IntoView {
    let (queue, status) = &details.queue;
    let verdict = queues::verdict_of_status(queue, status, platform::now());
    let late = status
        .as_ref()
        .map(|s| s.late_runs_count.to_string())
        .unwrap_or_else(|_| "?".into());
    view! {
        <div class="page-header">
            <h1 data-testid="queue-name">{queue.name.clone()}</h1>
            <p data-testid="queue-health" class="page-header__state">
                <HealthBadge health=verdict full=true />
            </p>
        </div>
        <dl class="facts stats">
            <div class="stat">
                <dt>"Priority"</dt>
                <dd data-testid="queue-priority">{queue.priority}</dd>
            </div>
            <div class="stat">
                <dt>"Concurrency"</dt>
                <dd data-testid="queue-concurrency">
                    {concurrency(queue.active_slots, queue.concurrency_limit)}
                </dd>
            </div>
            <div class="stat">
                <dt>"Paused"</dt>
                <dd data-testid="queue-paused">{if queue.is_paused { "yes" } else { "no" }}</dd>
            </div>
            <div class="stat">
                <dt>"Status"</dt>
                <dd>
                    {queue.status.as_ref().map_or("—".to_string(), |s| enum_words(s.as_str()))}
                </dd>
            </div>
            <div class="stat">
                <dt>"Late runs"</dt>
                <dd data-testid="queue-late-runs">{late}</dd>
            </div>
            <div class="stat">
                <dt>"Last polled"</dt>
                <dd>
                    <Time at=queue.last_polled />
                </dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Description"</dt>
                <dd>
                    {queue
                        .description
                        .clone()
                        .filter(|d| !d.is_empty())
                        .unwrap_or_else(|| "—".into())}
                </dd>
            </div>
        </dl>
    }
}

fn run_row(run: &FlowRun, details: &QueueDetails, context: AppContext) -> FlowRunRow {
    let name = |names: &HashMap<Uuid, String>, id: Uuid| {
        names.get(&id).cloned().unwrap_or_else(|| id.to_string())
    };
    FlowRunRow::new(
        run.clone(),
        context.href(&routes::flow_run(run.id)),
        name(&details.flows, run.flow_id),
        run.deployment_id
            .map(|id| name(&details.deployments, id))
            .unwrap_or_default(),
        None,
    )
}

/// One runs table of the page (`pick` chooses which), keyed so a refresh touches the
/// changed rows; or why its runs are missing, or `empty` when there are none. `logs`: the
/// runs' warning and error lines, where they are counted.
fn runs_part(
    details: Signal<Arc<Option<QueueDetails>>>,
    pick: fn(&QueueDetails) -> &Result<Vec<FlowRun>, ApiError>,
    title: &'static str,
    empty: &'static str,
    logs: Option<Memo<FollowUp<LogCountsById>>>,
    context: AppContext,
) -> impl IntoView {
    let error =
        move || details.with(|d| Option::as_ref(d).and_then(|d| pick(d).as_ref().err().cloned()));
    let none = move || {
        details
            .with(|d| Option::as_ref(d).is_some_and(|d| pick(d).as_ref().is_ok_and(Vec::is_empty)))
    };
    let rows = Signal::derive(move || {
        let details = details.get();
        let logs = logs.map(|logs| logs.get());
        Option::as_ref(&details)
            .and_then(|d| pick(d).as_ref().ok().map(|runs| (d, runs)))
            .map(|(d, runs)| {
                runs.iter()
                    .map(|run| {
                        let cell = logs
                            .as_ref()
                            .map_or(LogsCell::NotCounted, |l| LogsCell::for_run(l, run.id));
                        run_row(run, d, context).with_logs(cell)
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    view! {
        {move || error().map(|error| view! { <ApiErrorPanel title error /> })}
        <Show when=none>
            <p class="muted">{empty}</p>
        </Show>
        <Show when=move || !rows.with(Vec::is_empty)>
            <FlowRunTable rows />
        </Show>
    }
}
