//! One work pool: its health, queues (with `WorkQueueHealthPolicy` health from
//! `/work_queues/{id}/status`), workers and their heartbeats, deployments and recent runs.

use crate::api::join::{join2, join_all, Boxed};
use crate::api::store::Topic;
use crate::api::{ApiError, ApiResource, PrefectClient};
use crate::app::AppContext;
use crate::components::{
    ApiErrorPanel, DataTable, Fetched, FlowRunRow, FlowRunTable, HealthBadge, PoolType, Time,
};
use crate::domain::format::concurrency;
use crate::domain::health::{self, span};
use crate::domain::run_filters::{recent_runs, Scope};
use crate::domain::schedule;
use crate::platform;
use crate::schemas::filters::{AnyFilter, DeploymentRequest, WorkPoolFilter};
use crate::schemas::{Deployment, FlowRun, WorkPool, WorkQueue, WorkQueueStatusDetail, Worker};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

const RUNS_SHOWN: u32 = 20;

/// A queue with its `/work_queues/{id}/status` answer.
type QueueWithStatus = (WorkQueue, Result<WorkQueueStatusDetail, ApiError>);

#[derive(Clone, Debug)]
struct PoolDetails {
    pool: WorkPool,
    queues: Result<Vec<QueueWithStatus>, ApiError>,
    workers: Result<Vec<Worker>, ApiError>,
    deployments: Result<Vec<Deployment>, ApiError>,
    runs: Result<Vec<FlowRun>, ApiError>,
}

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
    let calls: Vec<Boxed<Result<WorkQueueStatusDetail, ApiError>>> = queues
        .iter()
        .map(|q| {
            let client = client.clone();
            let id = q.id;
            Box::pin(async move { client.work_queue_status(id).await }) as Boxed<_>
        })
        .collect();
    let statuses = join_all(calls).await;
    Ok(queues.into_iter().zip(statuses).collect())
}

async fn load(client: PrefectClient, name: String) -> Result<PoolDetails, ApiError> {
    let deployments_request = DeploymentRequest {
        work_pools: Some(WorkPoolFilter {
            name: Some(AnyFilter {
                any_: Some(vec![name.clone()]),
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let runs_request = recent_runs(&Scope::WorkPool(&name), platform::now(), RUNS_SHOWN);
    let ((pool, queues), (workers, (deployments, runs))) = join2(
        join2(client.work_pool(&name), queues_with_status(&client, &name)),
        join2(
            client.work_pool_workers(&name),
            join2(
                client.deployments_filter(&deployments_request),
                client.flow_runs_filter(&runs_request),
            ),
        ),
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

fn queue_health(
    queue: &WorkQueue,
    status: &Result<WorkQueueStatusDetail, ApiError>,
) -> health::Health {
    match status {
        Ok(detail) => health::work_queue_status(queue, detail, platform::now()),
        Err(error) => health::Health::unknown(&format!(
            "the server did not answer for its status ({error})"
        )),
    }
}

fn queues_view(queues: Vec<QueueWithStatus>) -> impl IntoView {
    let rows = queues
        .into_iter()
        .map(|(queue, status)| {
            let verdict = queue_health(&queue, &status);
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
                    <td><a href=href(&format!("/deployments/{}", d.id))>{d.name.clone()}</a></td>
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
    let late: Option<i64> = queues.as_ref().ok().map(|qs| {
        qs.iter()
            .filter_map(|(_, s)| s.as_ref().ok())
            .map(|s| s.late_runs_count)
            .sum()
    });
    let verdict = health::work_pool(&pool, workers.as_ref().ok().map(Vec::as_slice), late, now);
    let heartbeat = workers
        .as_ref()
        .ok()
        .and_then(|w| health::last_heartbeat(w));
    let runs = section("Recent runs", runs, |runs| {
        if runs.is_empty() {
            return view! { <p class="muted">"No runs yet."</p> }.into_any();
        }
        let rows = runs
            .into_iter()
            .map(|run| {
                let link = href(&format!("/flow-runs/{}", run.id));
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
    let store = context.store;
    let client = StoredValue::new_local(context.client());
    let base = StoredValue::new(context.base.clone());
    let data = ApiResource::new(move || {
        store.track(&Topic::WorkPools);
        load(client.get_value(), name.get())
    });
    let render = move |details: PoolDetails| {
        let href = move |path: &str| base.with_value(|b| crate::config::app_path(b, path));
        details_view(details, href)
    };
    view! {
        <section class="page">
            <p><a href=context.href("/work-pools")>"‹ All work pools"</a></p>
            <Fetched resource=data title="Work pool" loading="Loading the work pool…" render />
        </section>
    }
}
