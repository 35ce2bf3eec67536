//! What each of a pool's workers is running (`loaders::work_pools::worker_runs`): per
//! worker, the runs it submitted and has not finished, each with its state and how long it
//! has run, ticking.

use super::{Elapsed, StateBadge, Time};
use crate::api::resource::FollowUp;
use crate::context::AppContext;
use crate::domain::worker_runs::OnWorker;
use crate::loaders::work_pools::{WorkerRuns, WORKER_EVENTS_DAYS, WORKER_EVENT_PAGES};
use crate::routes;
use crate::schemas::StateType;
use leptos::prelude::*;

/// The section: a worker's runs under its name; what it could not read, said.
#[component]
pub fn WorkerRunsSection(
    /// The pool's workers' runs, once read.
    runs: Memo<FollowUp<WorkerRuns>>,
) -> impl IntoView {
    let workers = move || {
        runs.with(|r| {
            r.found()
                .map(|found| {
                    found
                        .by_worker
                        .iter()
                        .map(|(worker, runs)| (worker.clone(), runs.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let pending = move || runs.with(|r| matches!(r, FollowUp::Pending));
    let status = move || {
        runs.with(|r| match r {
            FollowUp::Pending => None,
            FollowUp::Failed(error) => Some(format!(
                "What the workers are running could not be read: {error}"
            )),
            FollowUp::Found(_) => {
                let found = r.found()?;
                if found.by_worker.is_empty() {
                    Some(format!(
                        "No worker of this pool is running a flow run (by its workers' events \
                         over the last {WORKER_EVENTS_DAYS} days)."
                    ))
                } else {
                    None
                }
            }
        })
    };
    let cut = move || {
        runs.with(|r| r.found().is_some_and(|f| f.cut)).then(|| {
            view! {
                <p class="muted" data-testid="worker-runs-cut">
                    {format!(
                        "Only the newest {} worker events were read: runs submitted before them are not shown.",
                        WORKER_EVENT_PAGES * crate::loaders::events::PAGE_SIZE as usize,
                    )}
                </p>
            }
        })
    };
    view! {
        <section class="worker-runs" data-testid="worker-runs" aria-labelledby="worker-runs-title">
            <h2 id="worker-runs-title">"What each worker is running"</h2>
            <Show when=pending>
                <p class="muted" data-testid="worker-runs-pending">
                    "Reading the workers' events…"
                </p>
            </Show>
            {move || {
                status()
                    .map(|text| {
                        view! {
                            <p class="muted" data-testid="worker-runs-status">
                                {text}
                            </p>
                        }
                    })
            }}
            {cut}
            <For
                each=workers
                key=|(worker, runs)| {
                    let states: Vec<String> = runs
                        .iter()
                        .map(|r| {
                            format!(
                                "{}:{:?}",
                                r.run,
                                r.flow_run.as_ref().map(|f| f.shown_state_type()),
                            )
                        })
                        .collect();
                    format!("{worker}\u{0}{}", states.join(","))
                }
                children=|(worker, runs)| view! { <WorkerBlock worker runs /> }
            />
        </section>
    }
}

/// One worker's runs.
#[component]
fn WorkerBlock(
    /// The worker's name.
    worker: String,
    /// Its unfinished runs, oldest first.
    runs: Vec<OnWorker>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let count = runs.len();
    let items = runs
        .into_iter()
        .map(|run| {
            let (state_type, state_name) = run
                .flow_run
                .as_ref()
                .map_or((StateType::Pending, Some("Unknown".to_string())), |f| {
                    (f.shown_state_type(), f.current_state_name())
                });
            view! {
                <li data-testid="worker-run" data-run-id=run.run.to_string()>
                    <StateBadge state_type name=state_name />
                    " "
                    <a class="name" href=context.href(&routes::flow_run(run.run))>
                        {run.name.clone()}
                    </a>
                    " "
                    <span class="muted">
                        "running for " <Elapsed base_seconds=run.running_for /> ", submitted "
                        <Time at=Some(run.submitted.into()) relative=true />
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div
            class="worker-runs__worker"
            data-testid="worker-runs-worker"
            data-worker=worker.clone()
        >
            <h3>
                {worker.clone()}
                <span class="muted">
                    {format!(" · {count} {}", if count == 1 { "run" } else { "runs" })}
                </span>
            </h3>
            <ul class="worker-runs__list">{items}</ul>
        </div>
    }
}
