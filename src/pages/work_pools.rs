//! The work pools list: type, health with its reason, concurrency, late runs and the last
//! worker heartbeat of every pool. The rows show once the pools are in; workers and late
//! runs fill in after. Rows are keyed: a refresh re-renders only pools whose
//! numbers or verdict changed.

use crate::api::resource::{FollowUp, RowAnswer};
use crate::components::{
    looking_up, ActionState, ActionStatus, FetchedSignal, HealthBadge, KeyedRow, KeyedTable,
    ManagedForm, OnDemandForm, PoolEvidenceErrors, PoolKind, PoolType, SlotsMeter, Time,
};
use crate::context::AppContext;
use crate::domain::format::concurrency;
use crate::domain::health::{self, Health};
use crate::domain::keyed::Keyed;
use crate::domain::live::LiveScope;
use crate::hooks::{use_page_title, use_pools_evidence};
use crate::live::use_live;
use crate::loaders::work_pools::PoolsEvidence;
use crate::platform;
use crate::routes;
use crate::schemas::{Timestamp, WorkPool};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::sync::Arc;

/// One pool as its row shows it, every time-dependent sentence already worked out.
#[derive(Clone, Debug, Hash)]
struct PoolRow {
    name: String,
    kind: PoolKind,
    /// Slots in use and the limit, when it has one.
    slots: (i64, Option<i64>),
    href: String,
    /// None while its workers and late runs are being looked up.
    verdict: Option<Health>,
    late: String,
    workers: String,
    heartbeat: Option<Timestamp>,
}

/// The evidence `pool` is judged by as it stands for its row.
fn beside<'a>(
    pool: &WorkPool,
    evidence: &'a FollowUp<PoolsEvidence>,
) -> RowAnswer<'a, PoolsEvidence> {
    evidence.for_row(|found| found.workers.contains_key(&pool.name))
}

fn pool_row(
    pool: &WorkPool,
    known: RowAnswer<'_, PoolsEvidence>,
    href: String,
    now: DateTime<Utc>,
) -> PoolRow {
    let mut row = PoolRow {
        name: pool.name.clone(),
        kind: PoolKind::of(pool),
        slots: (pool.active_slots.unwrap_or(0), pool.concurrency_limit),
        href,
        verdict: None,
        late: "…".into(),
        workers: "…".into(),
        heartbeat: None,
    };
    let failed;
    let evidence = match known {
        RowAnswer::Pending => return row,
        RowAnswer::Found(found) => found,
        RowAnswer::Failed(error) => {
            failed = PoolsEvidence::failed(error);
            &failed
        }
    };
    row.late = match &evidence.late {
        Ok(l) => l.text(l.in_pool(&pool.name)),
        Err(_) => "?".into(),
    };
    row.verdict = Some(evidence.judge(pool, now).0);
    let worker_list = evidence.workers(&pool.name).and_then(Result::ok);
    row.workers = match worker_list {
        Some(all) => {
            let online = all
                .iter()
                .filter(|w| health::worker_is_online(w, now))
                .count();
            format!("{online} of {} online", all.len())
        }
        None => "could not load".into(),
    };
    row.heartbeat = worker_list.and_then(health::last_heartbeat);
    row
}

fn row_view(row: PoolRow) -> impl IntoView {
    let pending = row.verdict.is_none();
    view! {
        <tr
            data-testid="work-pool-row"
            data-name=row.name.clone()
            data-pending=pending.then_some("true")
        >
            <td>
                <a class="primary" href=row.href>
                    {row.name.clone()}
                </a>
            </td>
            <td>
                <PoolType kind=row.kind />
            </td>
            <td data-testid="pool-health">
                {match row.verdict {
                    Some(health) => view! { <HealthBadge health /> }.into_any(),
                    None => looking_up("Looking up its workers and late runs…"),
                }}
            </td>
            <td>
                {match row.slots {
                    (active, Some(limit)) => view! { <SlotsMeter active limit /> }.into_any(),
                    (active, None) => concurrency(Some(active), None).into_any(),
                }}
            </td>
            <td data-testid="late-runs">{row.late}</td>
            <td>{row.workers}</td>
            <td>
                <Time at=row.heartbeat relative=true />
            </td>
        </tr>
    }
}

/// The work pools page.
#[component]
pub fn WorkPoolsPage() -> impl IntoView {
    use_page_title("Work pools");
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    // The rows show as soon as the pools are in; their workers (one request per pool) and
    // the late runs fill in after.
    let (data, activity) = use_pools_evidence();
    let render = move |list: Signal<Arc<Vec<WorkPool>>>| {
        let rows = Signal::derive(move || {
            let list = list.get();
            let activity = activity.get();
            let now = platform::now();
            list.iter()
                .map(|pool| {
                    let href = context.href(&routes::work_pool(&pool.name));
                    let row = pool_row(pool, beside(pool, &activity), href, now);
                    KeyedRow::new(Keyed::new(pool.name.clone(), row), row_view)
                })
                .collect::<Vec<_>>()
        });
        let empty = move || list.get().is_empty();
        view! {
            <Show
                when=move || !empty()
                fallback=|| {
                    view! {
                        <p class="muted">
                            "No work pools yet. Create one here, or with `prefect work-pool create`."
                        </p>
                    }
                }
            >
                <PoolEvidenceErrors evidence=activity />
                <KeyedTable
                    testid="work-pools-table"
                    headers=&[
                        "Work pool",
                        "Type",
                        "Health",
                        "Concurrency",
                        "Late runs",
                        "Workers",
                        "Last heartbeat",
                    ]
                    numeric=&[5, 6]
                    rows
                />
            </Show>
        }
    };
    view! {
        <section class="page">
            <h1>"Work pools"</h1>
            {(!context.read_only())
                .then(|| {
                    let state = ActionState::default();
                    view! {
                        <div
                            class="actions"
                            data-testid="pools-actions"
                            role="group"
                            aria-label="Work pool actions"
                        >
                            <OnDemandForm
                                label="New work pool…"
                                form=ManagedForm::NewWorkPool
                                state
                            />
                            <ActionStatus state />
                        </div>
                    }
                })}
            <FetchedSignal
                resource=data
                title="Work pools"
                loading="Loading work pools…"
                render
            />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::domain::late_runs::LateRuns;
    use crate::domain::test_now;
    use crate::schemas::Worker;
    use serde_json::json;
    use std::collections::HashMap;

    fn pool(name: &str) -> WorkPool {
        serde_json::from_value(json!({"name": name, "type": "process", "status": "READY"}))
            .expect("pool")
    }

    fn found(workers: HashMap<String, Result<Vec<Worker>, ApiError>>) -> FollowUp<PoolsEvidence> {
        let late = LateRuns {
            by_pool: [("a".to_string(), 2)].into(),
            ..LateRuns::default()
        };
        FollowUp::Found(Arc::new(Some(PoolsEvidence {
            workers,
            queues: Ok(Vec::new()),
            late: Ok(late),
        })))
    }

    #[test]
    fn rows_show_before_their_workers_and_late_runs_and_fill_in_from_them() {
        let (a, b) = (pool("a"), pool("b"));
        let now = test_now();
        let row = |p: &WorkPool, activity: &FollowUp<PoolsEvidence>| {
            pool_row(p, beside(p, activity), String::new(), now)
        };
        let pending = row(&a, &FollowUp::Pending);
        assert!(pending.verdict.is_none());
        assert_eq!(
            (pending.late.as_str(), pending.workers.as_str()),
            ("…", "…")
        );

        // An answer for the pools before a refresh does not cover pool "b".
        let activity = found([("a".to_string(), Ok(Vec::new()))].into());
        let filled = row(&a, &activity);
        assert_eq!(filled.late, "2");
        assert_eq!(filled.workers, "0 of 0 online");
        assert!(filled.verdict.is_some());
        assert!(row(&b, &activity).verdict.is_none());

        // Failed: the server's own status still gives a verdict; nothing is made up.
        let failed = FollowUp::Failed(ApiError::Network {
            endpoint: "/work_pools/a/workers/filter".into(),
            message: "down".into(),
        });
        let row_failed = row(&a, &failed);
        assert_eq!(row_failed.late, "?");
        assert_eq!(row_failed.workers, "could not load");
        assert!(row_failed.verdict.is_some());
    }
}
