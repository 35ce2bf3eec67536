//! The runs page: history from the server's buckets, filters in the URL, a paged list.

use crate::api::invalidation::Topic;
use crate::api::ApiResource;
use crate::components::{
    Fetched, FetchedSignal, FlowRunRow, FlowRunTable, HistoryChart, MatchingRuns, RunsFilters,
    SavedViewsBar,
};
use crate::context::AppContext;
use crate::domain::history;
use crate::domain::live::LiveScope;
use crate::domain::runs_query::{RunsQuery, Window};
use crate::live::use_live;
use crate::loaders::flow_runs::{filter_choices, runs_page, RunsPage};
use crate::platform;
use crate::routes;
use crate::schemas::responses::HistoryResponse;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::sync::Arc;
use uuid::Uuid;

/// The flow runs page.
#[component]
pub fn FlowRunsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| RunsQuery::from_pairs(|k| m.get_str(k))));
    // Events that change what this page shows refetch it; with filters, only theirs.
    use_live(move || LiveScope {
        flow_runs: true,
        related: query.get().related_resources(),
        ..LiveScope::default()
    });
    let navigate = use_navigate();
    let go = Callback::new(move |next: RunsQuery| {
        navigate(
            &context.href(&routes::flow_runs(&next.to_query_string())),
            Default::default(),
        );
    });
    let runs = context.resource(Topic::FlowRuns, move |client| {
        runs_page(client, query.get(), platform::now())
    });
    let chart = context.resource(Topic::FlowRuns, move |client| {
        let request = query.get().history_request(platform::now());
        async move { client.flow_runs_history(&request).await }
    });
    // Loaded once per visit: the choices need no refresh.
    let options = ApiResource::new(move || filter_choices(context.client()));
    let on_select = Callback::new(move |(from, to)| {
        go.run(RunsQuery {
            window: Window::Between(from, to),
            page: 1,
            ..query.get_untracked()
        });
    });
    let run_href = move |id: Uuid| context.href(&routes::flow_run(id));
    let render_chart = move |buckets: Vec<HistoryResponse>| {
        view! { <HistoryChart layout=history::layout(&buckets) on_select /> }
    };
    // Rendered once; each refresh changes only the rows whose run changed.
    let render_runs = move |page: Signal<Arc<RunsPage>>| {
        let rows = Signal::derive(move || table_rows(&page.get(), run_href));
        let total = Signal::derive(move || page.get().runs.count);
        let pages = Signal::derive(move || page.get().runs.pages);
        let empty = move || page.get().runs.results.is_empty();
        let matching = MatchingRuns {
            query: query.into(),
            count: total,
        };
        // A page past the last one (an old link, a hand-edited address) says so and offers
        // the last page, instead of claiming nothing matches.
        let past_last = move || total.get() > 0;
        let last = move || u32::try_from(pages.get().max(1)).unwrap_or(u32::MAX);
        let to_last = move |_| go.run(query.get_untracked().with_page(last()));
        view! {
            <Show
                when=move || !empty()
                fallback=move || view! {
                    <Show
                        when=past_last
                        fallback=|| view! { <p class="muted" data-testid="no-runs">"No flow runs match these filters."</p> }
                    >
                        <p class="stale" data-testid="past-last-page">
                            {move || format!(
                                "Page {} is past the last page: {} flow runs match, on {} {}. ",
                                query.get().page,
                                total.get(),
                                last(),
                                if last() == 1 { "page" } else { "pages" },
                            )}
                            <button type="button" on:click=to_last>{move || format!("Go to page {}", last())}</button>
                        </p>
                    </Show>
                }
            >
                <FlowRunTable rows matching />
            </Show>
            <Pager query go total pages />
        }
    };
    view! {
        <section class="page">
            <h1>"Flow runs"</h1>
            <SavedViewsBar path=routes::FLOW_RUNS />
            <RunsFilters query go options />
            <Fetched
                resource=chart
                title="Flow run history"
                loading="Loading history…"
                render=render_chart
            />
            <FetchedSignal
                resource=runs
                title="Flow runs"
                loading="Loading flow runs…"
                render=render_runs
            />
        </section>
    }
}

fn table_rows(page: &RunsPage, run_href: impl Fn(Uuid) -> String) -> Vec<FlowRunRow> {
    let RunsPage {
        runs,
        flow_names,
        deployment_names,
        task_runs,
    } = page;
    runs.results
        .iter()
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
fn Pager(
    query: Memo<RunsQuery>,
    go: Callback<RunsQuery>,
    total: Signal<i64>,
    pages: Signal<i64>,
) -> impl IntoView {
    let page = move || i64::from(query.get().page);
    let at_first = move || page() <= 1;
    let at_last = move || page() >= pages.get();
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled=at_first on:click=move |_| go.run(query.get().with_page(query.get().page.saturating_sub(1).max(1)))>
                "‹ Previous"
            </button>
            <span data-testid="pager">{move || format!("Page {} of {} · {} runs", page(), pages.get().max(1), total.get())}</span>
            <button type="button" disabled=at_last on:click=move |_| go.run(query.get().with_page(query.get().page.saturating_add(1)))>
                "Next ›"
            </button>
        </nav>
    }
}
