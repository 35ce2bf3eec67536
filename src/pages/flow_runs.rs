//! The runs page: history from the server's buckets, filters in the URL, a paged list.

use crate::api::store::Topic;
use crate::api::{ApiError, PrefectClient};
use crate::app::AppContext;
use crate::components::{Fetched, FlowRunRow, FlowRunTable, HistoryChart, StateBadge};
use crate::domain::format::{duration, lateness};
use crate::domain::history;
use crate::domain::runs_query::{RunsQuery, Window, PAGE_SIZES, RANGES, STATE_NAMES};
use crate::platform;
use crate::schemas::filters::{
    DeploymentFilter, FilterRequest, FlowFilter, FlowRunRequest, IdFilter,
};
use crate::schemas::responses::HistoryResponse;
use crate::schemas::responses::Paginated;
use crate::schemas::sorting::{DeploymentSort, FlowRunSort, FlowSort, WorkPoolSort};
use crate::schemas::ui::CountById;
use crate::schemas::{Deployment, Flow, FlowRun, StateType, WorkPool};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::HashMap;
use uuid::Uuid;

/// One page of runs with the names and counts its rows show, fetched in batches.
#[derive(Clone, Debug)]
struct RunsPage {
    runs: Paginated<FlowRun>,
    flow_names: HashMap<Uuid, String>,
    deployment_names: HashMap<Uuid, String>,
    task_runs: CountById,
}

/// A page of up to 200 runs is one `/paginate` call; a bigger page is fetched in windows of
/// 200 (the server's cap) plus one count.
async fn fetch_page(
    client: &PrefectClient,
    query: &RunsQuery,
) -> Result<Paginated<FlowRun>, ApiError> {
    let request = query.request(platform::now());
    if query.page_size <= crate::api::endpoints::MAX_LIMIT {
        return client.flow_runs_paginate(&request).await;
    }
    let count = client.flow_runs_count(&request).await?;
    let offset = (query.page - 1) * query.page_size;
    let windowed = FlowRunRequest {
        offset: Some(offset),
        page: None,
        limit: None,
        ..request
    };
    let results = client
        .flow_runs_filter_all(&windowed, query.page_size)
        .await?;
    let size = i64::from(query.page_size);
    Ok(Paginated {
        results,
        count,
        limit: size,
        pages: (count + size - 1) / size,
        page: i64::from(query.page),
    })
}

async fn load_runs(client: PrefectClient, query: RunsQuery) -> Result<RunsPage, ApiError> {
    let runs = fetch_page(&client, &query).await?;
    let mut flow_ids: Vec<Uuid> = runs.results.iter().map(|r| r.flow_id).collect();
    flow_ids.sort();
    flow_ids.dedup();
    let mut deployment_ids: Vec<Uuid> = runs
        .results
        .iter()
        .filter_map(|r| r.deployment_id)
        .collect();
    deployment_ids.sort();
    deployment_ids.dedup();
    let run_ids: Vec<Uuid> = runs.results.iter().map(|r| r.id).collect();
    let flows = if flow_ids.is_empty() {
        Vec::new()
    } else {
        client
            .flows_filter(&FilterRequest {
                flows: Some(FlowFilter {
                    id: Some(IdFilter {
                        any_: Some(flow_ids),
                        not_any_: None,
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await?
    };
    let deployments = if deployment_ids.is_empty() {
        Vec::new()
    } else {
        client
            .deployments_filter(&FilterRequest {
                deployments: Some(DeploymentFilter {
                    id: Some(IdFilter {
                        any_: Some(deployment_ids),
                        not_any_: None,
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await?
    };
    let task_runs = if run_ids.is_empty() {
        CountById::new()
    } else {
        client.count_task_runs(&run_ids).await?
    };
    Ok(RunsPage {
        runs,
        flow_names: flows.into_iter().map(|f| (f.id, f.name)).collect(),
        deployment_names: deployments.into_iter().map(|d| (d.id, d.name)).collect(),
        task_runs,
    })
}

/// What the filter controls offer.
#[derive(Clone)]
struct FilterOptions {
    flows: Vec<Flow>,
    deployments: Vec<Deployment>,
    work_pools: Vec<WorkPool>,
}

async fn load_options(client: PrefectClient) -> Result<FilterOptions, ApiError> {
    let flows = client
        .flows_filter(&FilterRequest {
            sort: Some(FlowSort::NameAsc),
            limit: Some(200),
            ..Default::default()
        })
        .await?;
    let deployments = client
        .deployments_filter(&FilterRequest {
            sort: Some(DeploymentSort::NameAsc),
            limit: Some(200),
            ..Default::default()
        })
        .await?;
    let work_pools = client
        .work_pools_filter(&FilterRequest::<WorkPoolSort> {
            limit: Some(200),
            ..Default::default()
        })
        .await?;
    Ok(FilterOptions {
        flows,
        deployments,
        work_pools,
    })
}

fn query_string(query: &RunsQuery) -> String {
    let pairs: Vec<String> = query
        .to_pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", crate::api::request::encode_component(&v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The flow runs page.
#[component]
pub fn FlowRunsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let store = context.store;
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| RunsQuery::from_pairs(|k| m.get_str(k))));
    let navigate = use_navigate();
    let list_path = context.href("/flow-runs");
    let go = Callback::new(move |next: RunsQuery| {
        navigate(
            &format!("{list_path}{}", query_string(&next)),
            Default::default(),
        );
    });
    let client = StoredValue::new_local(context.client());
    let runs = LocalResource::new(move || {
        store.track(&Topic::FlowRuns);
        load_runs(client.get_value(), query.get())
    });
    let chart = LocalResource::new(move || {
        store.track(&Topic::FlowRuns);
        let request = query.get().history_request(platform::now());
        let client = client.get_value();
        async move { client.flow_runs_history(&request).await }
    });
    let options = LocalResource::new(move || load_options(client.get_value()));
    let on_select = Callback::new(move |(from, to)| {
        go.run(RunsQuery {
            window: Window::Between(from, to),
            page: 1,
            ..query.get_untracked()
        });
    });
    let base = context.base.clone();
    let run_href = move |id: Uuid| crate::config::app_path(&base, &format!("/flow-runs/{id}"));
    let render_chart = move |buckets: Vec<HistoryResponse>| {
        view! { <HistoryChart layout=history::layout(&buckets) on_select /> }
    };
    let render_runs = move |page: RunsPage| {
        let (total, pages) = (page.runs.count, page.runs.pages);
        let table = if page.runs.results.is_empty() {
            view! { <p class="muted" data-testid="no-runs">"No flow runs match these filters."</p> }
                .into_any()
        } else {
            view! { <FlowRunTable rows=table_rows(page, run_href.clone()) /> }.into_any()
        };
        view! { {table} <Pager query go total pages /> }
    };
    view! {
        <section class="page">
            <h1>"Flow runs"</h1>
            <Filters query go options />
            <Fetched
                resource=chart
                title="Flow run history"
                loading="Loading history…"
                render=render_chart
            />
            <Fetched
                resource=runs
                title="Flow runs"
                loading="Loading flow runs…"
                render=render_runs
            />
        </section>
    }
}

fn table_rows(page: RunsPage, run_href: impl Fn(Uuid) -> String) -> Vec<FlowRunRow> {
    let run_href = &run_href;
    page.runs
        .results
        .into_iter()
        .map(|run| FlowRunRow {
            id: run.id.to_string(),
            href: run_href(run.id),
            state_type: run
                .current_state_type()
                .unwrap_or(StateType::Unknown("UNKNOWN".into())),
            state_name: run.current_state_name(),
            flow: page
                .flow_names
                .get(&run.flow_id)
                .cloned()
                .unwrap_or_else(|| run.flow_id.to_string()),
            deployment: run
                .deployment_id
                .map(|id| {
                    page.deployment_names
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_default(),
            pool: match (&run.work_pool_name, &run.work_queue_name) {
                (Some(pool), Some(queue)) => format!("{pool} / {queue}"),
                (Some(pool), None) => pool.clone(),
                (None, Some(queue)) => queue.clone(),
                (None, None) => String::new(),
            },
            tags: run.tags.join(", "),
            start: run.start_time.or(run.expected_start_time),
            duration: duration(run.estimated_run_time),
            lateness: lateness(run.estimated_start_time_delta).unwrap_or_default(),
            task_runs: page.task_runs.get(&run.id).copied().unwrap_or(0),
            name: run.name,
        })
        .collect()
}

#[component]
fn Pager(query: Memo<RunsQuery>, go: Callback<RunsQuery>, total: i64, pages: i64) -> impl IntoView {
    let page = move || query.get().page as i64;
    let at_first = move || page() <= 1;
    let at_last = move || page() >= pages;
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled=at_first on:click=move |_| go.run(query.get().with_page(query.get().page - 1))>
                "‹ Previous"
            </button>
            <span data-testid="pager">{move || format!("Page {} of {} · {} runs", page(), pages.max(1), total)}</span>
            <button type="button" disabled=at_last on:click=move |_| go.run(query.get().with_page(query.get().page + 1))>
                "Next ›"
            </button>
        </nav>
    }
}

#[component]
fn Filters(
    query: Memo<RunsQuery>,
    go: Callback<RunsQuery>,
    options: LocalResource<Result<FilterOptions, ApiError>>,
) -> impl IntoView {
    let set = move |change: &dyn Fn(&mut RunsQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.page = 1;
        go.run(next);
    };
    let range_value = move || match query.get().window {
        Window::Recent(r) => r,
        Window::Between(..) => "custom".to_string(),
    };
    let state_boxes = STATE_NAMES
        .iter()
        .map(|(name, state_type)| {
            let name = name.to_string();
            let checked = {
                let name = name.clone();
                move || query.get().states.contains(&name)
            };
            let toggle = {
                let name = name.clone();
                move |_| {
                    set(&|q: &mut RunsQuery| {
                        if let Some(i) = q.states.iter().position(|s| *s == name) {
                            q.states.remove(i);
                        } else {
                            q.states.push(name.clone());
                        }
                    })
                }
            };
            view! {
                <label class="filters__state">
                    <input type="checkbox" name="state" value=name.clone() prop:checked=checked on:change=toggle />
                    <StateBadge state_type=state_type.clone() name=name />
                </label>
            }
        })
        .collect_view();
    let type_boxes = StateType::KNOWN
        .iter()
        .map(|state_type| {
            let checked = {
                let state_type = state_type.clone();
                move || query.get().state_types.contains(&state_type)
            };
            let toggle = {
                let state_type = state_type.clone();
                move |_| {
                    set(&|q: &mut RunsQuery| {
                        if let Some(i) = q.state_types.iter().position(|t| *t == state_type) {
                            q.state_types.remove(i);
                        } else {
                            q.state_types.push(state_type.clone());
                        }
                    })
                }
            };
            view! {
                <label class="filters__state">
                    <input type="checkbox" name="state_type" value=state_type.as_str().to_string() prop:checked=checked on:change=toggle />
                    <StateBadge state_type=state_type.clone() />
                </label>
            }
        })
        .collect_view();
    let select_options = move |pick: fn(&FilterOptions) -> Vec<(String, String)>| {
        options
            .get()
            .and_then(Result::ok)
            .map(|o| pick(&o))
            .unwrap_or_default()
    };
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() data-testid="filters">
            <label>
                "Window "
                <select name="range" prop:value=range_value on:change:target=move |ev| {
                    let value = ev.target().value();
                    set(&|q: &mut RunsQuery| q.window = Window::Recent(value.clone()))
                }>
                    {RANGES.iter().map(|(key, label, _)| view! { <option value=*key>{*label}</option> }).collect_view()}
                    <option value="custom" disabled=true>"Chosen bucket"</option>
                </select>
            </label>
            <label>
                "Name "
                <input type="search" name="q" placeholder="run name contains…" prop:value=move || query.get().name
                    on:change:target=move |ev| { let v = ev.target().value(); set(&|q: &mut RunsQuery| q.name = v.trim().to_string()) } />
            </label>
            <label>
                "Flow "
                <select name="flow" on:change:target=move |ev| { let v = ev.target().value(); set(&|q: &mut RunsQuery| q.flows = uuid::Uuid::parse_str(&v).into_iter().collect()) }>
                    <option value="">"All flows"</option>
                    {move || select_options(|o| o.flows.iter().map(|f| (f.id.to_string(), f.name.clone())).collect()).into_iter().map(|(id, name)| {
                        let selected = query.get().flows.first().map(|f| f.to_string()) == Some(id.clone());
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                "Deployment "
                <select name="deployment" on:change:target=move |ev| { let v = ev.target().value(); set(&|q: &mut RunsQuery| q.deployments = uuid::Uuid::parse_str(&v).into_iter().collect()) }>
                    <option value="">"All deployments"</option>
                    {move || select_options(|o| o.deployments.iter().map(|d| (d.id.to_string(), d.name.clone())).collect()).into_iter().map(|(id, name)| {
                        let selected = query.get().deployments.first().map(|d| d.to_string()) == Some(id.clone());
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                "Work pool "
                <select name="pool" on:change:target=move |ev| { let v = ev.target().value(); set(&|q: &mut RunsQuery| q.work_pools = if v.is_empty() { vec![] } else { vec![v.clone()] }) }>
                    <option value="">"All work pools"</option>
                    {move || select_options(|o| o.work_pools.iter().map(|p| (p.name.clone(), p.name.clone())).collect()).into_iter().map(|(value, name)| {
                        let selected = query.get().work_pools.first() == Some(&value);
                        view! { <option value=value selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                "Tag "
                <input type="text" name="tag" placeholder="tag" prop:value=move || query.get().tags.join(",")
                    on:change:target=move |ev| { let v = ev.target().value(); set(&|q: &mut RunsQuery| q.tags = v.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()) } />
            </label>
            <label>
                <input type="checkbox" name="hide-subflows" prop:checked=move || query.get().hide_subflows
                    on:change:target=move |ev| { let v = ev.target().checked(); set(&|q: &mut RunsQuery| q.hide_subflows = v) } />
                " Hide subflows"
            </label>
            <label>
                "Sort "
                <select name="sort" prop:value=move || query.get().sort.as_str().to_string() on:change:target=move |ev| {
                    let v = ev.target().value();
                    set(&|q: &mut RunsQuery| q.sort = FlowRunSort::from_wire(&v))
                }>
                    <option value="EXPECTED_START_TIME_DESC">"Newest first"</option>
                    <option value="EXPECTED_START_TIME_ASC">"Oldest first"</option>
                    <option value="START_TIME_DESC">"Started, newest first"</option>
                    <option value="NAME_ASC">"Name A–Z"</option>
                    <option value="NAME_DESC">"Name Z–A"</option>
                </select>
            </label>
            <label>
                "Per page "
                <select name="size" prop:value=move || query.get().page_size.to_string() on:change:target=move |ev| {
                    let v = ev.target().value().parse().unwrap_or(50);
                    set(&|q: &mut RunsQuery| q.page_size = v)
                }>
                    {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string()>{*n}</option> }).collect_view()}
                </select>
            </label>
            <details class="filters__states">
                <summary>{move || match query.get().state_types.len() { 0 => "State types: all".to_string(), n => format!("State types: {n} chosen") }}</summary>
                {type_boxes}
            </details>
            <details class="filters__states filters__names">
                <summary>{move || match query.get().states.len() { 0 => "State names: all".to_string(), n => format!("State names: {n} chosen") }}</summary>
                {state_boxes}
            </details>
        </form>
    }
}
