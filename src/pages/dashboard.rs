//! The home page: flow runs by state over a window, task-run totals, failed and late runs to
//! look at, and work pool health, in seven API requests besides the shell's connection check
//! (Prefect's own dashboard sends dozens).

use crate::api::join::join2;
use crate::api::queries::{self, flow_names, unique};
use crate::api::store::Topic;
use crate::api::{ApiError, ApiResource, PrefectClient};
use crate::app::AppContext;
use crate::components::{
    Fetched, FlowRunRow, FlowRunTable, HealthBadge, HistoryChart, StateBadge, TagsInput,
};
use crate::domain::health::{self, Health};
use crate::domain::history;
use crate::domain::late_runs::LateRuns;
use crate::domain::list_query::ListQuery;
use crate::domain::run_filters::{attention_runs, tagged};
use crate::domain::runs_query::{RunsQuery, Window, RANGES};
use crate::platform;
use crate::schemas::filters::{
    FilterRequest, FlowRunFilter, TaskRunFilter, TaskRunRequest, TimeFilter,
};
use crate::schemas::responses::HistoryResponse;
use crate::schemas::sorting::WorkPoolSort;
use crate::schemas::ui::CountByState;
use crate::schemas::{FlowRun, StateType, Timestamp, WorkPool, WorkQueue, WorkQueueHealthPolicy};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;
use uuid::Uuid;

/// The runs page's view of the same window and tags.
fn runs_query(query: &ListQuery) -> RunsQuery {
    RunsQuery {
        window: Window::Recent(query.range.clone()),
        tags: query.tags.clone(),
        ..RunsQuery::default()
    }
}

fn task_runs_request(query: &ListQuery) -> TaskRunRequest {
    let (from, to) = query.bounds(platform::now());
    TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            expected_start_time: Some(TimeFilter {
                after_: Some(Timestamp(from)),
                before_: Some(Timestamp(to)),
            }),
            ..Default::default()
        }),
        flow_runs: tagged(&query.tags).map(|tags| FlowRunFilter {
            tags: Some(tags),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[derive(Clone, Debug)]
struct Attention {
    runs: Vec<FlowRun>,
    flows: HashMap<Uuid, String>,
}

async fn load_attention(client: PrefectClient, query: ListQuery) -> Result<Attention, ApiError> {
    let (from, to) = query.bounds(platform::now());
    let runs = client
        .flow_runs_filter(&attention_runs(from, to, &query.tags, 200))
        .await?;
    let flows = flow_names(&client, unique(runs.iter().map(|r| r.flow_id))).await?;
    Ok(Attention { runs, flows })
}

#[derive(Clone, Debug)]
struct PoolHealth {
    pools: Vec<WorkPool>,
    queues: Vec<WorkQueue>,
    late: Result<LateRuns, ApiError>,
}

async fn load_pools(client: PrefectClient) -> Result<PoolHealth, ApiError> {
    let request = FilterRequest::<WorkPoolSort> {
        sort: Some(WorkPoolSort::NameAsc),
        ..Default::default()
    };
    let ((pools, queues), late) = join2(
        join2(
            client.work_pools_filter(&request),
            client.work_queues_filter(),
        ),
        queries::late_runs(&client),
    )
    .await;
    Ok(PoolHealth {
        pools: pools?,
        queues: queues?,
        late,
    })
}

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
            let link = href(&format!(
                "/flow-runs{}",
                RunsQuery {
                    state_types: vec![state_type.clone()],
                    ..runs_query(query)
                }
                .to_query_string()
            ));
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
    let get = |t: StateType| counts.get(&t).copied().unwrap_or(0);
    let total: i64 = counts.values().sum();
    let failed = get(StateType::Failed) + get(StateType::Crashed);
    let completed = get(StateType::Completed);
    let running = get(StateType::Running);
    let finished = total - running;
    let percent = |n: i64| {
        if finished > 0 {
            format!(" ({:.0} %)", n as f64 * 100.0 / finished as f64)
        } else {
            String::new()
        }
    };
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
    let policy = WorkQueueHealthPolicy::default();
    let late = data.late.as_ref().ok();
    let rows = data
        .pools
        .into_iter()
        .map(|pool| {
            let late_count = late.map(|l| l.by_pool.get(&pool.name).copied().unwrap_or(0));
            let verdict = health::work_pool(&pool, None, late_count, now);
            // A paused pool's queues wait with it; only a working pool's queues can fail it.
            let queue_issues: Vec<(String, Health)> = data
                .queues
                .iter()
                .filter(|_| verdict.verdict != health::Verdict::Paused)
                .filter(|q| q.work_pool_name.as_deref() == Some(pool.name.as_str()))
                .map(|q| {
                    let late = late
                        .and_then(|l| l.by_queue.get(&(pool.name.clone(), q.name.clone())))
                        .copied()
                        .unwrap_or(0);
                    (q.name.clone(), health::work_queue(q, late, &policy, now))
                })
                .filter(|(_, h)| h.verdict != health::Verdict::Healthy)
                .collect();
            let issues = queue_issues
                .into_iter()
                .map(|(name, h)| view! { <li data-testid="queue-issue" data-name=name.clone()>"Queue " <strong>{name.clone()}</strong> ": " <HealthBadge health=h /></li> })
                .collect_view();
            let link = href(&format!("/work-pools/{}", crate::api::request::encode_component(&pool.name)));
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
    let store = context.store;
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| ListQuery::from_pairs(|k| m.get_str(k))));
    let client = StoredValue::new_local(context.client());
    let history_data = ApiResource::new(move || {
        store.track(&Topic::FlowRuns);
        let request = runs_query(&query.get()).history_request(platform::now());
        let client = client.get_value();
        async move { client.flow_runs_history(&request).await }
    });
    let tasks = ApiResource::new(move || {
        store.track(&Topic::FlowRuns);
        let request = task_runs_request(&query.get());
        let client = client.get_value();
        async move { client.ui_task_runs_count(&request).await }
    });
    let attention = ApiResource::new(move || {
        store.track(&Topic::FlowRuns);
        load_attention(client.get_value(), query.get())
    });
    let pools = ApiResource::new(move || {
        store.track(&Topic::WorkPools);
        load_pools(client.get_value())
    });
    let base = StoredValue::new(context.base.clone());
    let href = move |path: &str| base.with_value(|b| crate::config::app_path(b, path));
    let navigate = leptos_router::hooks::use_navigate();
    let runs_path = context.href("/flow-runs");
    let on_select = Callback::new(move |(from, to)| {
        let view = RunsQuery {
            window: Window::Between(from, to),
            ..runs_query(&query.get_untracked())
        };
        navigate(
            &format!("{runs_path}{}", view.to_query_string()),
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
        let rows = data
            .runs
            .into_iter()
            .map(|run| {
                let flow = data
                    .flows
                    .get(&run.flow_id)
                    .cloned()
                    .unwrap_or_else(|| run.flow_id.to_string());
                let link = href(&format!("/flow-runs/{}", run.id));
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
    let home = context.href("/");
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
