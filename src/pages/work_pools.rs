//! The work pools list: type, health with its reason, concurrency, late runs and the last
//! worker heartbeat of every pool. Rows are keyed: a refresh re-renders only pools whose
//! numbers or verdict changed.

use crate::api::invalidation::Topic;
use crate::api::ApiError;
use crate::components::{
    api_error_of, FetchedSignal, HealthBadge, KeyedRow, KeyedTable, PoolKind, PoolType, Time,
};
use crate::context::AppContext;
use crate::domain::format::concurrency;
use crate::domain::health::{self, Health};
use crate::domain::keyed::Keyed;
use crate::domain::late_runs::LateRuns;
use crate::domain::live::LiveScope;
use crate::domain::queues;
use crate::live::use_live;
use crate::loaders::work_pools::{pools, PoolsList};
use crate::platform;
use crate::routes;
use crate::schemas::{Timestamp, WorkPool, Worker};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::sync::Arc;

/// One pool as its row shows it, every time-dependent sentence already worked out.
#[derive(Clone, Debug, Hash)]
struct PoolRow {
    name: String,
    kind: PoolKind,
    concurrency: String,
    href: String,
    verdict: Health,
    late: String,
    workers: String,
    heartbeat: Option<Timestamp>,
}

fn pool_row(
    pool: &WorkPool,
    workers: &Result<Vec<Worker>, ApiError>,
    late: &Result<LateRuns, ApiError>,
    href: String,
    now: DateTime<Utc>,
) -> PoolRow {
    let late_count = late
        .as_ref()
        .ok()
        .map(|l| l.by_pool.get(&pool.name).copied().unwrap_or(0));
    let late_text = match late {
        Ok(l) => l.text(late_count.unwrap_or(0)),
        Err(_) => "?".into(),
    };
    let worker_list = workers.as_ref().ok().map(Vec::as_slice);
    let online = worker_list.map(|ws| {
        ws.iter()
            .filter(|w| health::worker_is_online(w, now))
            .count()
    });
    PoolRow {
        verdict: queues::pool_verdict(
            health::work_pool(pool, worker_list, late_count, now),
            [],
            pool.active_slots,
            pool.concurrency_limit,
            late_count,
        ),
        late: late_text,
        workers: match (online, worker_list) {
            (Some(online), Some(all)) => format!("{online} of {} online", all.len()),
            _ => "could not load".into(),
        },
        heartbeat: worker_list.and_then(health::last_heartbeat),
        name: pool.name.clone(),
        kind: PoolKind::of(pool),
        concurrency: concurrency(pool.active_slots, pool.concurrency_limit),
        href,
    }
}

fn row_view(row: PoolRow) -> impl IntoView {
    view! {
        <tr data-testid="work-pool-row" data-name=row.name.clone()>
            <td><a href=row.href>{row.name.clone()}</a></td>
            <td><PoolType kind=row.kind /></td>
            <td data-testid="pool-health"><HealthBadge health=row.verdict /></td>
            <td>{row.concurrency}</td>
            <td data-testid="late-runs">{row.late}</td>
            <td>{row.workers}</td>
            <td><Time at=row.heartbeat /></td>
        </tr>
    }
}

/// The work pools page.
#[component]
pub fn WorkPoolsPage() -> impl IntoView {
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let data = context.resource(Topic::WorkPools, pools);
    let render = move |list: Signal<Arc<PoolsList>>| {
        let rows = Signal::derive(move || {
            let list = list.get();
            let now = platform::now();
            list.pools
                .iter()
                .zip(&list.workers)
                .map(|(pool, workers)| {
                    let href = context.href(&routes::work_pool(&pool.name));
                    let row = pool_row(pool, workers, &list.late, href, now);
                    KeyedRow::new(Keyed::new(pool.name.clone(), row), row_view)
                })
                .collect::<Vec<_>>()
        });
        let empty = move || list.get().pools.is_empty();
        view! {
            <Show
                when=move || !empty()
                fallback=|| view! { <p class="muted">"No work pools yet. Create one with `prefect work-pool create`."</p> }
            >
                {move || api_error_of("Late runs", &list.get().late)}
                <KeyedTable
                    testid="work-pools-table"
                    headers=&["Work pool", "Type", "Health", "Concurrency", "Late runs", "Workers", "Last heartbeat"]
                    rows
                />
            </Show>
        }
    };
    view! {
        <section class="page">
            <h1>"Work pools"</h1>
            <FetchedSignal resource=data title="Work pools" loading="Loading work pools…" render />
        </section>
    }
}
