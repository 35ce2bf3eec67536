//! The runs page: history from the server's buckets, filters in the URL, a paged list.

use crate::api::invalidation::Topic;
use crate::api::resource::{FollowUp, RowAnswer};
use crate::components::{
    list_pager, Fetched, FetchedSignal, FlowRunRow, FlowRunTable, HistoryChart, LogsCell,
    MatchingRuns, RunsFilters, SavedViewsBar,
};
use crate::context::AppContext;
use crate::domain::history;
use crate::domain::live::LiveScope;
use crate::domain::runs_query::{RunsQuery, Window};
use crate::hooks::use_page_title;
use crate::live::use_live;
use crate::loaders::flow_runs::{
    self, filter_choices, run_lookups, runs_page, LookupIds, RunLookups,
};
use crate::platform;
use crate::routes;
use crate::schemas::responses::{HistoryResponse, Paginated};
use crate::schemas::FlowRun;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::sync::Arc;
use uuid::Uuid;

/// The flow runs page.
#[component]
pub fn FlowRunsPage() -> impl IntoView {
    use_page_title("Flow runs");
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
    // The rows show as soon as the runs are in; their names and task-run counts follow in
    // three batched requests (looked up again when the page lists other runs, or with the
    // topic: counts change as tasks run).
    let ids = Memo::new(move |_| match runs.get() {
        Some(Ok(page)) => Some(LookupIds::of(&page.results)),
        _ => None,
    });
    let lookups = context.follow_up(Topic::FlowRuns, ids, run_lookups);
    let chart = context.resource(Topic::FlowRuns, move |client| {
        flow_runs::history(client, query.get(), platform::now())
    });
    // Loaded once per visit: the choices need no refresh.
    let options = context.resource(Topic::Choices, filter_choices);
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
    let render_runs = move |page: Signal<Arc<Paginated<FlowRun>>>| {
        let rows = Signal::derive(move || {
            lookups.with(|found| table_rows(&page.get().results, found, run_href))
        });
        let lookup_error = move || match lookups.get() {
            FollowUp::Failed(error) => Some(view! {
                <p class="stale" role="status" data-testid="lookups-failed">
                    {format!(
                        "Flow and deployment names and task-run counts could not be loaded: {error}",
                    )}
                </p>
            }),
            _ => None,
        };
        let total = Signal::derive(move || page.get().count);
        let pages = Signal::derive(move || page.get().pages);
        let empty = move || page.get().results.is_empty();
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
            {lookup_error}
            <Show
                when=move || !empty()
                fallback=move || {
                    view! {
                        <Show
                            when=past_last
                            fallback=|| {
                                view! {
                                    <p class="muted" data-testid="no-runs">
                                        "No flow runs match these filters: widen the window or remove a filter."
                                    </p>
                                }
                            }
                        >
                            <p class="stale" data-testid="past-last-page">
                                {move || {
                                    format!(
                                        "Page {} is past the last page: {} flow runs match, on {} {}. ",
                                        query.get().page,
                                        total.get(),
                                        last(),
                                        if last() == 1 { "page" } else { "pages" },
                                    )
                                }}
                                <button type="button" on:click=to_last>
                                    {move || format!("Go to page {}", last())}
                                </button>
                            </p>
                        </Show>
                    }
                }
            >
                <FlowRunTable rows matching />
            </Show>
            <Pager query total pages />
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

/// The rows of `runs`, with what `lookups` found for them. While they are pending, and for a
/// run the answer (for an earlier list) does not cover, a row is "looking up"; when they
/// failed, ids stand in for names and task runs are not claimed.
fn table_rows(
    runs: &[FlowRun],
    lookups: &FollowUp<RunLookups>,
    run_href: impl Fn(Uuid) -> String,
) -> Vec<FlowRunRow> {
    runs.iter()
        .map(|run| {
            let answer = lookups.for_row(|found| found.runs.contains(&run.id));
            let found = match answer {
                RowAnswer::Pending => return FlowRunRow::looking_up(run.clone(), run_href(run.id)),
                ref answer => answer.found(),
            };
            let logs = LogsCell::of(answer, |f| f.log_counts.get(&run.id).copied());
            let flow = found
                .and_then(|f| f.flow_names.get(&run.flow_id).cloned())
                .unwrap_or_else(|| run.flow_id.to_string());
            let deployment = run
                .deployment_id
                .map(|id| {
                    found
                        .and_then(|f| f.deployment_names.get(&id).cloned())
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_default();
            let count = found.map(|f| f.task_runs.get(&run.id).copied().unwrap_or(0));
            FlowRunRow::new(run.clone(), run_href(run.id), flow, deployment, count).with_logs(logs)
        })
        .collect()
}

/// The runs list's pager: the same one every list has, its links the runs page's address
/// with another page.
#[component]
fn Pager(query: Memo<RunsQuery>, total: Signal<i64>, pages: Signal<i64>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let href = move |page: u32| {
        context.href(&routes::flow_runs(
            &query.get_untracked().with_page(page).to_query_string(),
        ))
    };
    view! {
        <nav class="pager" aria-label="Pages">
            {move || list_pager(query.get().page, pages.get(), total.get(), "runs", href)}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    fn run(id: u128, flow: u128, deployment: Option<u128>) -> FlowRun {
        serde_json::from_value(json!({
            "id": Uuid::from_u128(id), "name": format!("run-{id}"),
            "flow_id": Uuid::from_u128(flow),
            "deployment_id": deployment.map(Uuid::from_u128),
        }))
        .expect("run")
    }

    #[test]
    fn rows_show_before_their_lookups_and_fill_in_from_them() {
        let runs = [run(1, 10, Some(20)), run(2, 11, None)];
        let href = |id: Uuid| format!("/flow-runs/{id}");
        let pending = table_rows(&runs, &FollowUp::Pending, href);
        assert!(pending.iter().all(|r| r.pending && r.task_runs.is_none()));
        assert_eq!(pending[0].flow, "…");
        assert_eq!(pending[0].name, "run-1");

        let found = RunLookups {
            runs: [Uuid::from_u128(1)].into_iter().collect(),
            flow_names: [(Uuid::from_u128(10), "etl".to_string())].into(),
            deployment_names: [(Uuid::from_u128(20), "nightly".to_string())].into(),
            task_runs: [(Uuid::from_u128(1), 3)].into_iter().collect(),
            log_counts: HashMap::new(),
        };
        let rows = table_rows(&runs, &FollowUp::Found(Arc::new(Some(found))), href);
        assert!(!rows[0].pending);
        assert_eq!(
            (rows[0].flow.as_str(), rows[0].deployment.as_str()),
            ("etl", "nightly")
        );
        assert_eq!(rows[0].task_runs, Some(3));
        assert_eq!(
            rows[0].logs,
            LogsCell::Counted(Default::default()),
            "a run the scan found no lines of"
        );
        // Answers for an earlier list do not cover run 2: it waits for its own.
        assert!(rows[1].pending);

        // Failed lookups: ids stand in for names, counts are not claimed.
        let failed = table_rows(
            &runs,
            &FollowUp::Failed(crate::api::ApiError::Network {
                endpoint: "/ui/flow_runs/count-task-runs".into(),
                message: "down".into(),
            }),
            href,
        );
        assert!(failed
            .iter()
            .all(|r| !r.pending && r.task_runs.is_none() && r.logs == LogsCell::NotCounted));
        assert_eq!(failed[0].flow, Uuid::from_u128(10).to_string());
        assert_eq!(failed[1].deployment, "");
    }
}
