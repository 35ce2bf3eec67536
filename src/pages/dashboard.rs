//! The home page: flow runs by state over a window, task-run totals, the flows that failed
//! most recently, failed and late runs to look at, and work pool health with each pool's
//! newest runs, in a dozen API requests besides the shell's connection check and one per pool
//! (Prefect's own dashboard sends dozens). The pools show first; their verdicts and runs
//! follow them (asked once the pools are in). Loaders: `loaders::dashboard`.

use crate::api::invalidation::Topic;
use crate::api::resource::{FollowUp, RowAnswer};
use crate::components::{
    keyed_rows, looking_up, ActivityBars, ApiErrorPanel, Fetched, FetchedSignal, FilterForm,
    FlowRunRow, FlowRunTable, HealthBadge, HistoryChart, KeyedRow, ListChips, LogsCell,
    PoolEvidenceErrors, SavedViewsBar, StateBadge, TagsInput, Time,
};
use crate::context::AppContext;
use crate::domain::activity::{self, ActivityBar};
use crate::domain::health::Health;
use crate::domain::history;
use crate::domain::keyed::Keyed;
use crate::domain::list_query::ListQuery;
use crate::domain::live::LiveScope;
use crate::domain::runs_query::{RunsQuery, Window};
use crate::domain::time_range::TimeRange;
use crate::domain::totals::StateTotals;
use crate::hooks::{use_list_query, use_log_counts, use_page_title, use_pools_evidence};
use crate::live::use_live;
use crate::loaders::dashboard::{
    self, attention_runs_query, failed_runs_query, runs_query, Attention, Failures, PoolActivity,
    ATTENTION_ROWS,
};
use crate::loaders::work_pools::PoolsEvidence;
use crate::platform;
use crate::routes;
use crate::schemas::responses::HistoryResponse;
use crate::schemas::ui::CountByState;
use crate::schemas::{StateType, WorkPool};
use leptos::prelude::*;
use std::sync::Arc;

fn state_totals(
    buckets: &[HistoryResponse],
    query: &ListQuery,
    href: &dyn Fn(&str) -> String,
) -> impl IntoView {
    let totals = history::totals_by_type(buckets);
    let all = history::saturating_sum(totals.iter().map(|(_, c)| *c));
    let items = totals
        .into_iter()
        .map(|(state_type, count)| {
            let view = RunsQuery {
                state_types: vec![state_type.clone()],
                ..runs_query(query)
            };
            let link = href(&routes::flow_runs(&view.to_query_string()));
            let wire = state_type.as_str().to_string();
            view! {
                <li data-testid="state-total" data-state-type=wire data-count=count>
                    <a href=link>
                        <StateBadge state_type=state_type />
                        " "
                        <strong>{count}</strong>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <p>
            <strong data-testid="flow-run-total">{all}</strong>
            " flow runs expected to start in this window"
        </p>
        <ul class="totals">{items}</ul>
    }
}

fn task_totals(counts: CountByState) -> impl IntoView {
    let totals = StateTotals::from_counts(counts.iter().map(|(t, c)| (t, *c)));
    let StateTotals {
        total,
        completed,
        failed,
        running,
    } = totals;
    let percent = |n: i64| totals.share(n);
    view! {
        <dl class="facts stats stats--big" data-testid="task-run-totals">
            <div class="stat">
                <dt>"Task runs"</dt>
                <dd data-testid="task-runs-total">{total}</dd>
            </div>
            <div class="stat">
                <dt>"Completed"</dt>
                <dd data-testid="task-runs-completed">{completed} {percent(completed)}</dd>
            </div>
            <div class="stat">
                <dt>"Failed or crashed"</dt>
                <dd data-testid="task-runs-failed">{failed} {percent(failed)}</dd>
            </div>
            <div class="stat">
                <dt>"Running"</dt>
                <dd data-testid="task-runs-running">{running}</dd>
            </div>
        </dl>
    }
}

/// A pool's newest runs in the window as the card shows them.
#[derive(Clone, Debug, Hash)]
enum PoolRuns {
    /// Still being looked up.
    Pending,
    /// They could not be loaded (the card's panel says why, once).
    Failed,
    /// Oldest first; none when the pool had no run in the window.
    Bars(Vec<ActivityBar>),
}

/// A pool as the dashboard lists it: its verdict and the queues in it that are not
/// healthy, or None while its evidence is being looked up (a verdict without it could
/// say "Healthy" and then turn), and its newest runs.
#[derive(Clone, Debug, Hash)]
struct PoolCard {
    name: String,
    href: String,
    health: Option<(Health, Vec<(String, Health)>)>,
    runs: PoolRuns,
    /// "3 late" (a lower bound marked "+" when the late runs were capped); None when none.
    late: Option<String>,
}

fn pool_cards(
    pools: &[WorkPool],
    evidence: &FollowUp<PoolsEvidence>,
    runs: &FollowUp<PoolActivity>,
    href: impl Fn(&str) -> String,
) -> Vec<KeyedRow> {
    let now = platform::now();
    pools
        .iter()
        .map(|pool| {
            let health = match evidence.for_row(|found| found.workers.contains_key(&pool.name)) {
                RowAnswer::Pending => None,
                RowAnswer::Found(found) => Some(found.judge(pool, now)),
                // Failed evidence leaves the verdict to the pool alone (the card says why).
                RowAnswer::Failed(error) => Some(PoolsEvidence::failed(error).judge(pool, now)),
            };
            let runs = match runs.for_row(|_| true) {
                RowAnswer::Pending => PoolRuns::Pending,
                RowAnswer::Failed(_) => PoolRuns::Failed,
                RowAnswer::Found(found) => PoolRuns::Bars(
                    found
                        .recent
                        .get(&pool.name)
                        .map(|runs| activity::bars(runs))
                        .unwrap_or_default(),
                ),
            };
            let late = evidence
                .found()
                .and_then(|found| found.late.as_ref().ok())
                .and_then(|late| {
                    let count = late.by_pool.get(&pool.name).copied().unwrap_or(0);
                    let more = if late.capped { "+" } else { "" };
                    (count > 0).then(|| format!("{count}{more} late"))
                });
            let card = PoolCard {
                name: pool.name.clone(),
                href: href(&routes::work_pool(&pool.name)),
                health,
                runs,
                late,
            };
            KeyedRow::new(Keyed::new(pool.name.clone(), card), pool_card_view)
        })
        .collect()
}

fn pool_runs_view(runs: PoolRuns, late: Option<String>) -> AnyView {
    let late =
        late.map(|late| view! { <span class="pool-card__late">{format!(" · {late}")}</span> });
    match runs {
        PoolRuns::Pending => view! { <span class="activity" aria-hidden="true"></span> }.into_any(),
        PoolRuns::Failed => {
            view! { <span class="muted">"Its runs could not be loaded"</span> }.into_any()
        }
        PoolRuns::Bars(bars) if bars.is_empty() => view! {
            <span class="muted" data-testid="pool-runs-summary">
                "No runs in this window"
                {late}
            </span>
        }
        .into_any(),
        PoolRuns::Bars(bars) => {
            let counts = activity::completion(&bars);
            view! {
                <div class="pool-card__runs">
                    <ActivityBars bars />
                    <span class="muted" data-testid="pool-runs-summary">
                        {counts}
                        {late}
                    </span>
                </div>
            }
            .into_any()
        }
    }
}

fn pool_card_view(card: PoolCard) -> impl IntoView {
    let pending = card.health.is_none();
    let (badge, issues) = match card.health {
        Some((verdict, issues)) => {
            let issues = issues
                .into_iter()
                .map(|(name, h)| {
                    view! {
                        <li data-testid="queue-issue" data-name=name.clone()>
                            <span class="issues__name" title=name.clone()>
                                <span class="visually-hidden">"Queue "</span>
                                {name.clone()}
                            </span>
                            <HealthBadge health=h />
                        </li>
                    }
                })
                .collect_view();
            (
                view! { <HealthBadge health=verdict /> }.into_any(),
                Some(view! { <ul class="plain issues">{issues}</ul> }),
            )
        }
        None => (
            looking_up("Looking up its workers, queues and late runs…"),
            None,
        ),
    };
    view! {
        <li
            data-testid="dashboard-pool"
            data-name=card.name.clone()
            data-pending=pending.then_some("true")
        >
            <div class="pool-card__head">
                <a href=card.href class="pool-card__name" title=card.name.clone()>
                    {card.name.clone()}
                </a>
                {badge}
            </div>
            {pool_runs_view(card.runs, card.late)}
            {issues}
        </li>
    }
}

/// The flows whose runs failed most recently, each with its count linked to those runs.
fn failures_view(
    failures: Failures,
    query: &ListQuery,
    href: &dyn Fn(&str) -> String,
) -> impl IntoView {
    if failures.flows.is_empty() {
        return view! {
            <p class="muted" data-testid="no-failing-flows">
                "No flow run failed or crashed in this window."
            </p>
        }
        .into_any();
    }
    let rows = failures
        .flows
        .into_iter()
        .map(|flow| {
            let runs = href(&routes::flow_runs(
                &failed_runs_query(query, Some(flow.id)).to_query_string(),
            ));
            let page = href(&routes::flow(flow.id));
            view! {
                <li data-testid="failing-flow" data-id=flow.id.to_string() data-count=flow.failed>
                    <a href=page class="failing__name" title=flow.name.clone()>
                        {flow.name.clone()}
                    </a>
                    <a href=runs class="failing__count" data-testid="failing-flow-runs">
                        <StateBadge
                            state_type=StateType::Failed
                            name=format!("{} failed", flow.failed)
                        />
                    </a>
                    <span class="muted failing__when">
                        <Time at=flow.newest relative=true />
                    </span>
                </li>
            }
        })
        .collect_view();
    let all = href(&routes::flow_runs(
        &failed_runs_query(query, None).to_query_string(),
    ));
    view! {
        <ul class="plain failing">{rows}</ul>
        <p class="card__foot">
            <a href=all data-testid="failing-all">
                {format!("All {} failed or crashed runs", failures.total)}
            </a>
        </p>
    }
    .into_any()
}

/// The dashboard (`/`), with its window and tags in the URL.
#[component]
pub fn DashboardPage() -> impl IntoView {
    use_page_title("Dashboard");
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let query = use_list_query();
    // Asked first: the pools and queues are small tables the server answers at once, while
    // the history and counts scan the flow runs (their requests go out in this order, and
    // the server takes them about in turn).
    let (pools, evidence) = use_pools_evidence();
    let history_data = context.resource(Topic::FlowRuns, move |client| {
        dashboard::history(client, query.get(), platform::now())
    });
    let tasks = context.resource(Topic::FlowRuns, move |client| {
        dashboard::task_run_counts(client, query.get(), platform::now())
    });
    let attention = context.resource(Topic::FlowRuns, move |client| {
        dashboard::attention(client, query.get(), platform::now())
    });
    let failures = context.resource(Topic::FlowRuns, move |client| {
        dashboard::failures(client, query.get(), platform::now())
    });
    // The listed runs' warning and error lines, once they are in.
    let logs = use_log_counts(move || match attention.get() {
        Some(Ok(data)) => Some(data.runs.iter().map(|r| r.id).collect()),
        _ => None,
    });
    // Each pool's newest runs, asked once the pools are in (one request for all of them).
    let pools_in_window = Memo::new(move |_| match pools.get() {
        Some(Ok(found)) => Some((
            found.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
            query.get(),
        )),
        _ => None,
    });
    let pool_runs = context.follow_up(Topic::FlowRuns, pools_in_window, |client, (names, q)| {
        dashboard::pool_activity(client, names, q, platform::now())
    });
    let href = move |path: &str| context.href(path);
    let navigate = leptos_router::hooks::use_navigate();
    let on_select = Callback::new(move |(from, to)| {
        let view = RunsQuery {
            window: Window::Between(from, to),
            ..runs_query(&query.get_untracked())
        };
        navigate(
            &context.href(&routes::flow_runs(&view.to_query_string())),
            Default::default(),
        );
    });
    let render_history = move |buckets: Vec<HistoryResponse>| {
        view! {
            {state_totals(&buckets, &query.get_untracked(), &href)}
            <HistoryChart layout=history::layout(&buckets) on_select quiet_total=true />
        }
    };
    // Rendered once; a refresh re-renders only the runs and pools that changed.
    let render_attention = move |data: Signal<Arc<Attention>>| {
        let rows = Signal::derive(move || {
            let data = data.get();
            let logs = logs.get();
            data.runs
                .iter()
                .map(|run| {
                    let flow = data
                        .flows
                        .get(&run.flow_id)
                        .cloned()
                        .unwrap_or_else(|| run.flow_id.to_string());
                    let deployment = run
                        .deployment_id
                        .map(|id| {
                            data.deployments
                                .get(&id)
                                .cloned()
                                .unwrap_or_else(|| id.to_string())
                        })
                        .unwrap_or_default();
                    let link = href(&routes::flow_run(run.id));
                    FlowRunRow::new(run.clone(), link, flow, deployment, None)
                        .with_logs(LogsCell::for_run(&logs, run.id))
                })
                .collect::<Vec<_>>()
        });
        let total = move || data.get().total;
        let more = move || data.get().has_more();
        let all = move || {
            let view = attention_runs_query(&query.get());
            href(&routes::flow_runs(&view.to_query_string()))
        };
        view! {
            <Show
                when=move || { total() > 0 }
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="no-attention">
                            "Nothing failed, crashed or late in this window."
                        </p>
                    }
                }
            >
                <p data-testid="attention-count">{total} " runs failed, crashed or are late"</p>
                <FlowRunTable rows />
                <Show when=more>
                    <p>
                        <a href=all data-testid="attention-all">
                            "All of them in the runs list"
                        </a>
                        {format!(" (the newest {ATTENTION_ROWS} are above)")}
                    </p>
                </Show>
            </Show>
        }
    };
    let render_pools = move |data: Signal<Arc<Vec<WorkPool>>>| {
        let cards = Signal::derive(move || {
            pool_cards(&data.get(), &evidence.get(), &pool_runs.get(), href)
        });
        let runs_error = move || match pool_runs.get() {
            FollowUp::Failed(error) => {
                Some(view! { <ApiErrorPanel title="Work pools' runs" error /> })
            }
            _ => None,
        };
        view! {
            <PoolEvidenceErrors evidence=evidence />
            {runs_error}
            <Show
                when=move || !cards.with(Vec::is_empty)
                fallback=|| {
                    view! {
                        <p class="muted">
                            "No work pools yet: create one with "
                            <code>"prefect work-pool create my-pool --type process"</code>
                            " and start a worker for it."
                        </p>
                    }
                }
            >
                <ul class="plain pools">{keyed_rows(cards)}</ul>
            </Show>
        }
    };
    let home = context.href(routes::DASHBOARD);
    view! {
        <section class="page">
            <h1>"Dashboard"</h1>
            <SavedViewsBar path=routes::DASHBOARD />
            <FilterForm action=home>
                <label>
                    <span class="visually-hidden">"Window"</span>
                    <select name="range" data-testid="dashboard-range">
                        {TimeRange::all()
                            .map(|range| {
                                view! {
                                    <option
                                        value=range.key()
                                        selected=move || query.get().range == range
                                    >
                                        {range.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <TagsInput tags=Signal::derive(move || query.get().tags) />
                <ListChips query path=routes::DASHBOARD />
            </FilterForm>
            <div class="cards cards--dashboard">
                <section class="card card--main" aria-labelledby="flow-runs-heading">
                    <h2 id="flow-runs-heading">
                        "Flow runs · " {move || query.get().range.label()}
                    </h2>
                    <Fetched
                        resource=history_data
                        title="Flow runs by state"
                        loading="Loading flow runs…"
                        render=render_history
                    />
                </section>
                <section class="card card--side" aria-labelledby="task-runs-heading">
                    <h2 id="task-runs-heading">"Task runs"</h2>
                    <Fetched
                        resource=tasks
                        title="Task runs"
                        loading="Loading task runs…"
                        render=task_totals
                    />
                </section>
                <section class="card card--side" aria-labelledby="failing-heading">
                    <h2 id="failing-heading">"Flows with failures"</h2>
                    <Fetched
                        resource=failures
                        title="Flows with failures"
                        loading="Loading failed runs…"
                        render=move |found: Failures| {
                            failures_view(found, &query.get_untracked(), &href)
                        }
                    />
                </section>
                <section class="card card--wide" aria-labelledby="pools-heading">
                    <h2 id="pools-heading">"Work pools"</h2>
                    <FetchedSignal
                        resource=pools
                        title="Work pools"
                        loading="Loading work pools…"
                        render=render_pools
                    />
                </section>
                <section class="card card--wide" aria-labelledby="attention-heading">
                    <h2 id="attention-heading">"Failed and late runs"</h2>
                    <FetchedSignal
                        resource=attention
                        title="Failed and late runs"
                        loading="Loading runs…"
                        render=render_attention
                    />
                </section>
            </div>
        </section>
    }
}
