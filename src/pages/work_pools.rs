//! The work pools list: type, health with its reason, concurrency, late runs and the last
//! worker heartbeat of every pool.

use crate::api::invalidation::Topic;
use crate::api::ApiError;
use crate::components::{api_error_of, DataTable, Fetched, HealthBadge, PoolType, Time};
use crate::context::AppContext;
use crate::domain::format::concurrency;
use crate::domain::health;
use crate::domain::late_runs::LateRuns;
use crate::loaders::work_pools::{pools, PoolsList};
use crate::platform;
use crate::routes;
use crate::schemas::{WorkPool, Worker};
use leptos::prelude::*;

fn pool_row(
    pool: WorkPool,
    workers: Result<Vec<Worker>, ApiError>,
    late: &Result<LateRuns, ApiError>,
    href: String,
) -> impl IntoView {
    let now = platform::now();
    let late_count = late
        .as_ref()
        .ok()
        .map(|l| l.by_pool.get(&pool.name).copied().unwrap_or(0));
    let late_text = match late {
        Ok(l) => l.text(late_count.unwrap_or(0)),
        Err(_) => "?".into(),
    };
    let worker_list = workers.as_ref().ok().map(Vec::as_slice);
    let verdict = health::work_pool(&pool, worker_list, late_count, now);
    let online = worker_list.map(|ws| {
        ws.iter()
            .filter(|w| health::worker_is_online(w, now))
            .count()
    });
    let workers_text = match (online, worker_list) {
        (Some(online), Some(all)) => format!("{online} of {} online", all.len()),
        _ => "could not load".into(),
    };
    let heartbeat = worker_list.and_then(health::last_heartbeat);
    view! {
        <tr data-testid="work-pool-row" data-name=pool.name.clone()>
            <td><a href=href>{pool.name.clone()}</a></td>
            <td><PoolType pool=pool.clone() /></td>
            <td data-testid="pool-health"><HealthBadge health=verdict /></td>
            <td>{concurrency(pool.active_slots, pool.concurrency_limit)}</td>
            <td data-testid="late-runs">{late_text}</td>
            <td>{workers_text}</td>
            <td><Time at=heartbeat /></td>
        </tr>
    }
}

/// The work pools page.
#[component]
pub fn WorkPoolsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let data = context.resource(Topic::WorkPools, pools);
    let render = move |list: PoolsList| {
        if list.pools.is_empty() {
            return view! { <p class="muted">"No work pools yet. Create one with `prefect work-pool create`."</p> }.into_any();
        }
        let late_error = api_error_of("Late runs", &list.late);
        let rows = list
            .pools
            .into_iter()
            .zip(list.workers)
            .map(|(pool, workers)| {
                let href = context.href(&routes::work_pool(&pool.name));
                pool_row(pool, workers, &list.late, href)
            })
            .collect_view();
        view! {
            {late_error}
            <DataTable
                testid="work-pools-table"
                headers=&["Work pool", "Type", "Health", "Concurrency", "Late runs", "Workers", "Last heartbeat"]
            >
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <section class="page">
            <h1>"Work pools"</h1>
            <Fetched resource=data title="Work pools" loading="Loading work pools…" render />
        </section>
    }
}
