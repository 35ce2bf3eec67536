//! The home page: flow runs by state over a window, task-run totals, failed and late runs to
//! look at, and work pool health, in seven API requests besides the shell's connection check
//! (Prefect's own dashboard sends dozens). Loaders: `loaders::dashboard`.

use crate::api::invalidation::Topic;
use crate::components::{
    Fetched, FlowRunRow, FlowRunTable, HealthBadge, HistoryChart, StateBadge, TagsInput,
};
use crate::context::AppContext;
use crate::domain::health;
use crate::domain::history;
use crate::domain::list_query::ListQuery;
use crate::domain::queues;
use crate::domain::runs_query::{RunsQuery, Window, RANGES};
use crate::domain::totals::StateTotals;
use crate::loaders::dashboard::{self, runs_query, Attention, PoolHealth};
use crate::platform;
use crate::routes;
use crate::schemas::responses::HistoryResponse;
use crate::schemas::ui::CountByState;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn state_totals(
    buckets: &[HistoryResponse],
    query: &ListQuery,
    href: &dyn Fn(&str) -> String,
) -> impl IntoView {
    let totals = history::totals_by_type(buckets);
    let all: i64 = totals.iter().map(|(_, c)| c).sum();
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
                    <a href=link><StateBadge state_type=state_type /> " " <strong>{count}</strong></a>
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
        <dl class="facts" data-testid="task-run-totals">
            <dt>"Task runs"</dt>
            <dd data-testid="task-runs-total">{total}</dd>
            <dt>"Completed"</dt>
            <dd data-testid="task-runs-completed">{completed} {percent(completed)}</dd>
            <dt>"Failed or crashed"</dt>
            <dd data-testid="task-runs-failed">{failed} {percent(failed)}</dd>
            <dt>"Running"</dt>
            <dd data-testid="task-runs-running">{running}</dd>
        </dl>
    }
}

/// Each pool's verdict, plus the queues in it that are not healthy.
fn pools_view(data: PoolHealth, href: &dyn Fn(&str) -> String) -> AnyView {
    if data.pools.is_empty() {
        return view! { <p class="muted">"No work pools."</p> }.into_any();
    }
    let now = platform::now();
    let late = data.late.as_ref().ok();
    let rows = data
        .pools
        .into_iter()
        .map(|pool| {
            let late_count = late.map(|l| l.by_pool.get(&pool.name).copied().unwrap_or(0));
            let verdict = health::work_pool(&pool, None, late_count, now);
            let queue_issues = queues::issues(&pool, &verdict, &data.queues, late, now);
            let issues = queue_issues
                .into_iter()
                .map(|(name, h)| view! { <li data-testid="queue-issue" data-name=name.clone()>"Queue " <strong>{name.clone()}</strong> ": " <HealthBadge health=h /></li> })
                .collect_view();
            let link = href(&routes::work_pool(&pool.name));
            view! {
                <li data-testid="dashboard-pool" data-name=pool.name.clone()>
                    <a href=link><strong>{pool.name.clone()}</strong></a>
                    " "
                    <HealthBadge health=verdict />
                    <ul class="plain issues">{issues}</ul>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain pools">{rows}</ul> }.into_any()
}

/// The dashboard (`/`), with its window and tags in the URL.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| ListQuery::from_pairs(|k| m.get_str(k))));
    let history_data = context.resource(Topic::FlowRuns, move |client| {
        let request = dashboard::history_request(&query.get(), platform::now());
        async move { client.flow_runs_history(&request).await }
    });
    let tasks = context.resource(Topic::FlowRuns, move |client| {
        let request = dashboard::task_runs_request(&query.get(), platform::now());
        async move { client.ui_task_runs_count(&request).await }
    });
    let attention = context.resource(Topic::FlowRuns, move |client| {
        dashboard::attention(client, query.get(), platform::now())
    });
    let pools = context.resource(Topic::WorkPools, dashboard::pool_health);
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
            <HistoryChart layout=history::layout(&buckets) on_select />
        }
    };
    let render_attention = move |data: Attention| {
        if data.runs.is_empty() {
            return view! { <p class="muted" data-testid="no-attention">"Nothing failed, crashed or late in this window."</p> }.into_any();
        }
        let count = data.runs.len();
        let rows: Vec<FlowRunRow> = data
            .runs
            .into_iter()
            .map(|run| {
                let flow = data
                    .flows
                    .get(&run.flow_id)
                    .cloned()
                    .unwrap_or_else(|| run.flow_id.to_string());
                let link = href(&routes::flow_run(run.id));
                FlowRunRow::new(run, link, flow, String::new(), 0)
            })
            .collect();
        view! {
            <p data-testid="attention-count">{count} " runs failed, crashed or are late"</p>
            <FlowRunTable rows />
        }
        .into_any()
    };
    let render_pools = move |data: PoolHealth| pools_view(data, &href);
    let home = context.href(routes::DASHBOARD);
    view! {
        <section class="page">
            <h1>"Dashboard"</h1>
            <Form method="GET" action=home attr:class="filters" attr:role="search">
                <label>
                    "Window"
                    <select name="range" data-testid="dashboard-range">
                        {RANGES
                            .iter()
                            .map(|(key, label, _)| {
                                let key = *key;
                                view! { <option value=key selected=move || query.get().range == key>{*label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <TagsInput tags=Signal::derive(move || query.get().tags) />
                <button type="submit">"Apply"</button>
            </Form>
            <div class="cards">
                <section class="card card--wide" aria-labelledby="flow-runs-heading">
                    <h2 id="flow-runs-heading">"Flow runs · " {move || query.get().range_label()}</h2>
                    <Fetched resource=history_data title="Flow runs by state" loading="Loading flow runs…" render=render_history />
                </section>
                <section class="card" aria-labelledby="task-runs-heading">
                    <h2 id="task-runs-heading">"Task runs"</h2>
                    <Fetched resource=tasks title="Task runs" loading="Loading task runs…" render=task_totals />
                </section>
                <section class="card" aria-labelledby="pools-heading">
                    <h2 id="pools-heading">"Work pools"</h2>
                    <Fetched resource=pools title="Work pools" loading="Loading work pools…" render=render_pools />
                </section>
                <section class="card card--wide" aria-labelledby="attention-heading">
                    <h2 id="attention-heading">"Failed and late runs"</h2>
                    <Fetched resource=attention title="Failed and late runs" loading="Loading runs…" render=render_attention />
                </section>
            </div>
        </section>
    }
}
