//! The runs page: history from the server's buckets, filters in the URL, a paged list.

use crate::api::join::join2;
use crate::api::queries::{self, unique};
use crate::api::store::Topic;
use crate::api::{ApiError, ApiResource, PrefectClient};
use crate::app::AppContext;
use crate::components::{
    load_filter_options, Fetched, FlowRunRow, FlowRunTable, HistoryChart, RunsFilters,
};
use crate::domain::history;
use crate::domain::runs_query::{RunsQuery, Window};
use crate::platform;
use crate::schemas::filters::FlowRunRequest;
use crate::schemas::responses::HistoryResponse;
use crate::schemas::responses::Paginated;
use crate::schemas::ui::CountById;
use crate::schemas::FlowRun;
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
    let flow_ids = unique(runs.results.iter().map(|r| r.flow_id));
    let deployment_ids = unique(runs.results.iter().filter_map(|r| r.deployment_id));
    let run_ids: Vec<Uuid> = runs.results.iter().map(|r| r.id).collect();
    // The three lookups go out together.
    let counts = async {
        if run_ids.is_empty() {
            Ok(CountById::new())
        } else {
            client.count_task_runs(&run_ids).await
        }
    };
    let ((flow_names, deployment_names), task_runs) = join2(
        join2(
            queries::flow_names(&client, flow_ids),
            queries::deployment_names(&client, deployment_ids),
        ),
        counts,
    )
    .await;
    let (flow_names, deployment_names, task_runs) = (flow_names?, deployment_names?, task_runs?);
    Ok(RunsPage {
        runs,
        flow_names,
        deployment_names,
        task_runs,
    })
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
            &format!("{list_path}{}", next.to_query_string()),
            Default::default(),
        );
    });
    let client = StoredValue::new_local(context.client());
    let runs = ApiResource::new(move || {
        store.track(&Topic::FlowRuns);
        load_runs(client.get_value(), query.get())
    });
    let chart = ApiResource::new(move || {
        store.track(&Topic::FlowRuns);
        let request = query.get().history_request(platform::now());
        let client = client.get_value();
        async move { client.flow_runs_history(&request).await }
    });
    let options = ApiResource::new(move || load_filter_options(client.get_value()));
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
            <RunsFilters query go options />
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
    let RunsPage {
        runs,
        flow_names,
        deployment_names,
        task_runs,
    } = page;
    runs.results
        .into_iter()
        .map(|run| {
            let flow = flow_names
                .get(&run.flow_id)
                .cloned()
                .unwrap_or_else(|| run.flow_id.to_string());
            let deployment = run
                .deployment_id
                .map(|id| {
                    deployment_names
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_default();
            let count = task_runs.get(&run.id).copied().unwrap_or(0);
            FlowRunRow::new(run.clone(), run_href(run.id), flow, deployment, count)
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
