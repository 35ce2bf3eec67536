//! One work pool: its health, queues (with `WorkQueueHealthPolicy` health from
//! `/work_queues/{id}/status`), workers and their heartbeats, deployments and recent runs.

use crate::api::invalidation::Topic;
use crate::api::ApiError;
use crate::components::{
    ApiErrorPanel, DataTable, Fetched, FlowRunRow, FlowRunTable, HealthBadge, PoolType, Time,
};
use crate::context::AppContext;
use crate::domain::format::{concurrency, span};
use crate::domain::queues::{self, QueueEvidence};
use crate::domain::{health, schedule};
use crate::loaders::work_pools::{pool, PoolDetails, QueueWithStatus};
use crate::platform;
use crate::routes;
use crate::schemas::{Deployment, Worker};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn queues_view(queues: Vec<QueueWithStatus>) -> impl IntoView {
    let rows = queues
        .into_iter()
        .map(|(queue, status)| {
            let error = status.as_ref().err().map(ToString::to_string);
            let evidence = match (&status, &error) {
                (Ok(detail), _) => QueueEvidence::Status(detail),
                (Err(_), error) => QueueEvidence::Unanswered(error.as_deref().unwrap_or_default()),
            };
            let verdict = queues::verdict(&queue, evidence, platform::now());
            let late = status
                .as_ref()
                .map(|s| s.late_runs_count.to_string())
                .unwrap_or_else(|_| "?".into());
            view! {
                <tr data-testid="queue-row" data-name=queue.name.clone()>
                    <td>{queue.name.clone()}</td>
                    <td>{queue.priority}</td>
                    <td>{concurrency(queue.active_slots, queue.concurrency_limit)}</td>
                    <td>{if queue.is_paused { "yes" } else { "no" }}</td>
                    <td>{queue.status.as_ref().map_or("—", |s| s.as_str()).to_string()}</td>
                    <td data-testid="queue-late-runs">{late}</td>
                    <td><Time at=queue.last_polled /></td>
                    <td data-testid="queue-health"><HealthBadge health=verdict /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable
            testid="queues-table"
            headers=&["Queue", "Priority", "Concurrency", "Paused", "Status", "Late runs", "Last polled", "Health"]
        >
            {rows}
        </DataTable>
    }
}

fn workers_view(workers: Vec<Worker>) -> AnyView {
    if workers.is_empty() {
        return view! { <p class="muted" data-testid="no-workers">"No worker has polled this pool yet."</p> }.into_any();
    }
    let now = platform::now();
    let rows = workers
        .into_iter()
        .map(|w| {
            let verdict = health::worker(&w, now);
            view! {
                <tr data-testid="worker-row" data-name=w.name.clone()>
                    <td>{w.name.clone()}</td>
                    <td>{w.status.as_str().to_string()}</td>
                    <td><Time at=w.last_heartbeat_time /></td>
                    <td>{format!("every {}", span(health::heartbeat_interval(&w)))}</td>
                    <td data-testid="worker-health"><HealthBadge health=verdict /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable testid="workers-table" headers=&["Worker", "Status", "Last heartbeat", "Expected", "Health"]>
            {rows}
        </DataTable>
    }
    .into_any()
}

fn deployments_view(deployments: Vec<Deployment>, href: &dyn Fn(&str) -> String) -> AnyView {
    if deployments.is_empty() {
        return view! { <p class="muted">"No deployments use this pool."</p> }.into_any();
    }
    let now = platform::now();
    let rows = deployments
        .into_iter()
        .map(|d| {
            view! {
                <tr data-testid="pool-deployment-row" data-name=d.name.clone()>
                    <td><a href=href(&routes::deployment(d.id))>{d.name.clone()}</a></td>
                    <td>{d.work_queue_name.clone().unwrap_or_default()}</td>
                    <td><HealthBadge health=health::deployment(&d, now) /></td>
                    <td>{schedule::lines(&d.schedules).join("; ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable testid="pool-deployments" headers=&["Deployment", "Queue", "Health", "Schedules"]>
            {rows}
        </DataTable>
    }
    .into_any()
}

fn section<T>(
    title: &'static str,
    part: Result<T, ApiError>,
    render: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match part {
        Ok(value) => render(value),
        Err(error) => view! { <ApiErrorPanel title=title error /> }.into_any(),
    }
}

fn details_view(details: PoolDetails, href: impl Fn(&str) -> String + 'static) -> impl IntoView {
    let now = platform::now();
    let PoolDetails {
        pool,
        queues,
        workers,
        deployments,
        runs,
    } = details;
    let late = queues
        .as_ref()
        .ok()
        .map(|qs| queues::pool_late_runs(qs.iter().map(|(_, status)| status)));
    let verdict = health::work_pool(&pool, workers.as_ref().ok().map(Vec::as_slice), late, now);
    let heartbeat = workers
        .as_ref()
        .ok()
        .and_then(|w| health::last_heartbeat(w));
    let runs = section("Recent runs", runs, |runs| {
        if runs.is_empty() {
            return view! { <p class="muted">"No runs yet."</p> }.into_any();
        }
        let rows: Vec<FlowRunRow> = runs
            .into_iter()
            .map(|run| {
                let link = href(&routes::flow_run(run.id));
                FlowRunRow::new(run, link, String::new(), String::new(), 0)
            })
            .collect();
        view! { <FlowRunTable rows /> }.into_any()
    });
    view! {
        <h1 data-testid="pool-name">{pool.name.clone()}</h1>
        <p data-testid="pool-health"><HealthBadge health=verdict /></p>
        <dl class="facts">
            <dt>"Type"</dt>
            <dd><PoolType pool=pool.clone() /></dd>
            <dt>"Status"</dt>
            <dd>{pool.status.as_ref().map_or("—".to_string(), |s| s.display_name())}</dd>
            <dt>"Paused"</dt>
            <dd>{if pool.is_paused { "yes" } else { "no" }}</dd>
            <dt>"Concurrency"</dt>
            <dd>{concurrency(pool.active_slots, pool.concurrency_limit)}</dd>
            <dt>"Last heartbeat"</dt>
            <dd><Time at=heartbeat /></dd>
            <dt>"Description"</dt>
            <dd>{pool.description.clone().unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <h2>"Work queues"</h2>
        {section("Work queues", queues, |q| queues_view(q).into_any())}
        <h2>"Workers"</h2>
        {section("Workers", workers, workers_view)}
        <h2>"Deployments"</h2>
        {section("Deployments", deployments, |d| deployments_view(d, &href))}
        <h2>"Recent runs"</h2>
        {runs}
    }
}

/// The work pool page (`/work-pools/:name`).
#[component]
pub fn WorkPoolPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let params = use_params_map();
    let name = Memo::new(move |_| params.with(|p| p.get("name").unwrap_or_default()));
    let data = context.resource(Topic::WorkPools, move |client| {
        pool(client, name.get(), platform::now())
    });
    let render =
        move |details: PoolDetails| details_view(details, move |path: &str| context.href(path));
    view! {
        <section class="page">
            <p><a href=context.href(routes::WORK_POOLS)>"‹ All work pools"</a></p>
            <Fetched resource=data title="Work pool" loading="Loading the work pool…" render />
        </section>
    }
}
