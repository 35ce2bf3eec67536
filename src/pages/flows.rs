//! The flows list: each flow with its recent runs, last and next run and how many
//! deployments it has, for a whole page in three batched requests, and its run count
//! (one small request per flow, taken again only when the flow shows a newer run: see
//! `domain::run_counts`).

use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::components::{
    list_pager, looking_up, ActivityBars, ApiErrorPanel, FetchedSignal, FilterForm, KeyedRow,
    KeyedTable, ListChips, SavedViewsBar, StateBadge, Tags, TagsInput, Time,
};
use crate::context::AppContext;
use crate::domain::activity::{bars, ActivityBar};
use crate::domain::keyed::Keyed;
use crate::domain::list_query::ListQuery;
use crate::domain::live::LiveScope;
use crate::domain::run_counts::{RunCount, RunCounts};
use crate::hooks::{use_list_query, use_page_title};
use crate::live::use_live;
use crate::loaders::flows::{flow_view, flows, page_activity, run_counts, FlowsList};
use crate::platform;
use crate::routes;
use crate::schemas::responses::Paginated;
use crate::schemas::{Flow, StateType, Timestamp};
use leptos::prelude::*;
use std::sync::Arc;

/// One flow as its row shows it.
#[derive(Clone, Debug, Hash)]
struct FlowRow {
    name: String,
    tags: Vec<String>,
    href: String,
    recent: Vec<ActivityBar>,
    /// The newest run's state and expected start.
    last: Option<(StateType, String, Option<Timestamp>, String)>,
    next: Option<(Timestamp, String)>,
    /// None while the counts failed.
    deployments: Option<i64>,
    /// Every run of the flow; None before it was asked for.
    runs: Option<RunCount>,
    runs_href: String,
    /// Its recent, last and next runs and deployments are still being looked up.
    pending: bool,
}

fn flow_row(
    list: &FlowsList,
    flow: &Flow,
    runs: Option<RunCount>,
    href: impl Fn(&str) -> String,
) -> FlowRow {
    let activity = list.activity();
    let recent = activity.and_then(|a| a.recent.get(&flow.id));
    let last = list.newest_run(flow.id).map(|run| {
        let (state_type, state_name) = run
            .state
            .as_ref()
            .map(|s| (s.state_type.clone(), s.display_name()))
            .unwrap_or((StateType::Pending, "No state".to_string()));
        (
            state_type,
            state_name,
            run.start_time.or(run.expected_start_time),
            href(&routes::flow_run(run.id)),
        )
    });
    let next = activity
        .and_then(|a| a.next.get(&flow.id).cloned().flatten())
        .map(|run| {
            (
                run.next_scheduled_start_time,
                href(&routes::flow_run(run.id)),
            )
        });
    FlowRow {
        name: flow.name.clone(),
        tags: flow.tags.clone(),
        href: href(&routes::flow(flow.id)),
        recent: recent.map(|runs| bars(runs)).unwrap_or_default(),
        last,
        next,
        deployments: activity.map(|a| a.deployments.get(&flow.id).copied().unwrap_or(0)),
        runs,
        runs_href: href(&routes::flow_runs(&flow_view(flow.id).to_query_string())),
        pending: matches!(list.activity, FollowUp::Pending),
    }
}

fn row_view(row: FlowRow) -> impl IntoView {
    let title = row.name.clone();
    view! {
        <tr
            data-testid="flow-row"
            data-name=row.name.clone()
            data-pending=row.pending.then_some("true")
        >
            <td>
                <a class="primary" href=row.href title=title>
                    {row.name.clone()}
                </a>
                {(!row.tags.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <Tags tags=row.tags />
                            </div>
                        }
                    })}
            </td>
            <td data-testid="flow-run-count" class="number">
                {match row.runs {
                    Some(RunCount::Counted(n)) => {
                        view! {
                            <a
                                href=row.runs_href.clone()
                                aria-label=format!("{n} runs of {}", row.name)
                            >
                                {n.to_string()}
                            </a>
                        }
                            .into_any()
                    }
                    Some(RunCount::Failed(reason)) => {
                        view! {
                            <span class="muted" title=format!("Not counted: {reason}")>
                                "—"
                            </span>
                        }
                            .into_any()
                    }
                    _ => looking_up("Counting…"),
                }}
            </td>
            <td>
                <a href=row.runs_href.clone() aria-label=format!("Recent runs of {}", row.name)>
                    <ActivityBars bars=row.recent />
                </a>
            </td>
            <td data-testid="flow-last-run">
                {if row.pending {
                    looking_up("Looking up…")
                } else {
                    match row.last {
                        Some((state_type, name, at, link)) => {
                            view! {
                                <a href=link>
                                    <StateBadge state_type name=name />
                                </a>
                                " "
                                <Time at relative=true />
                            }
                                .into_any()
                        }
                        None => view! { <span class="muted">"No runs yet"</span> }.into_any(),
                    }
                }}
            </td>
            <td data-testid="flow-next-run">
                {if row.pending {
                    looking_up("Looking up…")
                } else {
                    match row.next {
                        Some((at, link)) => {
                            view! {
                                <a href=link>
                                    <Time at=Some(at) relative=true />
                                </a>
                            }
                                .into_any()
                        }
                        None => view! { <span class="muted">"None scheduled"</span> }.into_any(),
                    }
                }}
            </td>
            <td data-testid="flow-deployments">
                {if row.pending {
                    looking_up("Looking up…")
                } else {
                    row.deployments.map_or_else(|| "—".to_string(), |n| n.to_string()).into_any()
                }}
            </td>
        </tr>
    }
}

/// The run counts of the list's flows: each time the list (re)loads, the flows whose count
/// is missing or stale are counted, a few requests at a time.
fn count_runs(context: AppContext, list: Signal<Arc<FlowsList>>) -> ReadSignal<RunCounts> {
    let (counts, set_counts) = signal(RunCounts::default());
    Effect::new(move |_| {
        // Counted once the activity says which run is each flow's newest.
        let Some(page) = list.with(|list| list.newest_runs()) else {
            return;
        };
        let started = platform::now_ms();
        let due = set_counts
            .try_update(|counts| counts.start(&page, started))
            .unwrap_or_default();
        if due.is_empty() {
            return;
        }
        let client = context.client();
        leptos::task::spawn_local(async move {
            run_counts(client, due, |flow, answer| {
                // The page may be gone (try_update then does nothing).
                set_counts.try_update(|counts| {
                    counts.finish(flow, started, answer.map_err(|e| e.to_string()))
                });
            })
            .await;
        });
    });
    counts
}

/// The flows page (`/flows`), with its search, tags and page in the URL.
#[component]
pub fn FlowsPage() -> impl IntoView {
    use_page_title("Flows");
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let query = use_list_query();
    let data = context.resource(Topic::FlowRuns, move |client| flows(client, query.get()));
    // The rows show as soon as the flows are in; their activity (three batched requests
    // that need the flows' ids) fills in after.
    let ids = Memo::new(move |_| match data.get() {
        Some(Ok(page)) => Some(page.results.iter().map(|f| f.id).collect::<Vec<_>>()),
        _ => None,
    });
    let activity = context.follow_up(Topic::FlowRuns, ids, move |client, ids| {
        page_activity(client, ids, platform::now())
    });
    let list_path = context.href(routes::FLOWS);
    // Rendered once; a refresh re-renders only the rows that changed.
    let render = move |page: Signal<Arc<Paginated<Flow>>>| {
        let href = move |path: &str| context.href(path);
        let list = Signal::derive(move || Arc::new(FlowsList::new(page.get(), activity.get())));
        let counts = count_runs(context, list);
        let rows = Signal::derive(move || {
            let list = list.get();
            counts.with(|counts| {
                list.page
                    .results
                    .iter()
                    .map(|f| {
                        let runs = counts.get(f.id).cloned();
                        KeyedRow::new(
                            Keyed::new(f.id.to_string(), flow_row(&list, f, runs, href)),
                            row_view,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        });
        let pager = move || {
            let list = list.get();
            let q = query.get();
            list_pager(q.page, list.page.pages, list.page.count, "flows", |page| {
                let view = ListQuery { page, ..q.clone() };
                href(&routes::flows(&view.to_query_string()))
            })
        };
        view! {
            {move || {
                list.get()
                    .activity
                    .error()
                    .cloned()
                    .map(|error| {
                        view! {
                            <ApiErrorPanel title="Runs and deployments of these flows" error />
                        }
                    })
            }}
            <KeyedTable
                testid="flows-table"
                headers=&["Flow", "Runs", "Recent runs", "Last run", "Next run", "Deployments"]
                numeric=&[2]
                rows
            />
            <nav class="pager" aria-label="Pages">
                {pager}
            </nav>
        }
    };
    view! {
        <section class="page">
            <h1>"Flows"</h1>
            <SavedViewsBar path=routes::FLOWS />
            <FilterForm action=list_path>
                <label>
                    <span class="visually-hidden">"Flow name"</span>
                    <input
                        type="search"
                        placeholder="Flow name"
                        name="q"
                        prop:value=move || query.get().search
                    />
                </label>
                <TagsInput tags=Signal::derive(move || query.get().tags) />
                <ListChips query path=routes::FLOWS />
            </FilterForm>
            <FetchedSignal resource=data title="Flows" loading="Loading flows…" render />
        </section>
    }
}
