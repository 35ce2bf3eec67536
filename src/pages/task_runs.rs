//! Task runs across flow runs (Prefect's Runs page has them as a tab): state, name, the flow
//! run it ran in, task key, tags, start and duration; name search, tags, window, state types
//! and page in the URL (`/task-runs?state_type=FAILED,CRASHED&range=7d`).

use crate::api::invalidation::Topic;
use crate::components::{
    list_pager, BulkBar, FetchedSignal, FilterForm, KeyedRow, ListChips, PagedTable, RowActions,
    RunActionDialog, RunActions, SavedViewsBar, SelectPage, StateBadge, Tags, TagsInput, Time,
};
use crate::context::AppContext;
use crate::domain::actions::RunFacts;
use crate::domain::format::duration;
use crate::domain::keyed::Keyed;
use crate::domain::live::LiveScope;
use crate::domain::task_runs_query::TaskRunsQuery;
use crate::domain::time_range::TimeRange;
use crate::hooks::use_page_title;
use crate::live::use_live;
use crate::loaders::task_runs::{task_runs, TaskRunsList};
use crate::platform;
use crate::routes;
use crate::schemas::{StateType, Timestamp};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;
use uuid::Uuid;

/// The state choices: every type, the ones to look at, then each type alone.
const STATE_CHOICES: [(&str, &str); 11] = [
    ("", "All states"),
    ("FAILED,CRASHED", "Failed or crashed"),
    ("RUNNING,PENDING,CANCELLING", "Running or pending"),
    ("COMPLETED", "Completed"),
    ("FAILED", "Failed"),
    ("CRASHED", "Crashed"),
    ("RUNNING", "Running"),
    ("PENDING", "Pending"),
    ("SCHEDULED", "Scheduled"),
    ("CANCELLED", "Cancelled"),
    ("PAUSED", "Paused"),
];

/// One task run as its row shows it.
#[derive(Clone, Debug, Hash)]
struct TaskRunRow {
    id: String,
    run_id: Uuid,
    facts: RunFacts,
    href: String,
    name: String,
    state_type: StateType,
    state_name: Option<String>,
    /// The flow run's page and name (its id until the name is in).
    flow_run: Option<(String, String)>,
    task_key: String,
    tags: Vec<String>,
    start: Option<Timestamp>,
    duration: String,
}

fn row_view(row: TaskRunRow) -> impl IntoView {
    let title = row.name.clone();
    let key_title = row.task_key.clone();
    let actions = use_context::<RunActions>().map(|actions| {
        let (id, name, facts) = (row.run_id, row.name.clone(), row.facts.clone());
        view! {
            <td class="cell-actions">
                <RowActions id name facts selectable=actions.selectable />
            </td>
        }
    });
    view! {
        <tr data-testid="task-run-row" data-id=row.id>
            {actions}
            <td>
                <StateBadge state_type=row.state_type name=row.state_name />
            </td>
            <td>
                <a class="primary" href=row.href title=title data-testid="task-run-row-name">
                    {row.name}
                </a>
            </td>
            <td data-testid="task-run-row-flow-run">
                {match row.flow_run {
                    Some((href, name)) => {
                        let title = name.clone();
                        view! {
                            <a class="name" href=href title=title>
                                {name}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
            </td>
            <td>
                <span class="name" title=key_title>
                    {row.task_key}
                </span>
            </td>
            <td>
                <Tags tags=row.tags />
            </td>
            <td>
                <Time at=row.start relative=true />
            </td>
            <td>{row.duration}</td>
        </tr>
    }
}

fn rows(list: &TaskRunsList, context: AppContext) -> Vec<KeyedRow> {
    let runs = list.flow_runs.as_deref().unwrap_or_default();
    list.page
        .results
        .iter()
        .map(|t| {
            let flow_run = t.flow_run_id.map(|id| {
                let name = runs
                    .iter()
                    .find(|r| r.id == id)
                    .map_or_else(|| id.to_string(), |r| r.name.clone());
                (context.href(&routes::flow_run(id)), name)
            });
            let row = TaskRunRow {
                id: t.id.to_string(),
                run_id: t.id,
                facts: RunFacts::from(t),
                href: context.href(&routes::task_run(t.id)),
                name: t.name.clone(),
                state_type: t.shown_state_type(),
                state_name: t.current_state_name(),
                flow_run,
                task_key: t.task_key.clone(),
                tags: t.tags.clone(),
                start: t.start_time.or(t.expected_start_time),
                duration: duration(t.estimated_run_time),
            };
            KeyedRow::new(Keyed::new(t.id.to_string(), row), row_view)
        })
        .collect()
}

/// The task runs page (`/task-runs`).
#[component]
pub fn TaskRunsPage() -> impl IntoView {
    use_page_title("Task runs");
    // Every task run's events refetch the list (at most once a second under a burst).
    use_live(move || LiveScope {
        task_runs: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| TaskRunsQuery::from_pairs(|k| m.get_str(k))));
    let data = context.resource(Topic::TaskRuns, move |client| {
        task_runs(client, query.get(), platform::now())
    });
    let list_path = context.href(routes::TASK_RUNS);
    // Rows are ticked and acted on as the runs page's are (change state, delete).
    let actions = (!context.read_only()).then(|| {
        let actions = RunActions::for_task_runs(true, None);
        provide_context(actions);
        actions
    });
    let shown_for = Signal::derive(move || query.with(TaskRunsQuery::to_query_string));
    let render = move |list: Signal<Arc<TaskRunsList>>| {
        let rows = Signal::derive(move || rows(&list.get(), context));
        let page = Signal::derive(move || {
            list.with(|l| {
                l.page
                    .results
                    .iter()
                    .map(|t| (t.id, t.name.clone(), RunFacts::from(t)))
                    .collect::<Vec<_>>()
            })
        });
        let lead = actions.map(|_| {
            ViewFn::from(move || {
                view! {
                    <SelectPage page />
                    <span class="visually-hidden">"Actions"</span>
                }
            })
        });
        let pager = move || {
            let list = list.get();
            let q = query.get();
            list_pager(
                q.list.page,
                list.page.pages,
                list.page.count,
                "task runs",
                |page| context.href(&routes::task_runs(&q.at_page(page).to_query_string())),
            )
        };
        view! {
            <PagedTable
                testid="task-runs-table"
                headers=&["State", "Task run", "Flow run", "Task key", "Tags", "Start", "Duration"]
                numeric=&[7]
                rows
                empty=("no-task-runs", "No task runs match: widen the window or clear the filters.")
                pager
                lead
            />
        }
    };
    let state_value = move || {
        query.with(|q| {
            q.state_types
                .iter()
                .map(StateType::as_str)
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    view! {
        <section class="page">
            <h1>"Task runs"</h1>
            <SavedViewsBar path=routes::TASK_RUNS />
            <FilterForm action=list_path>
                <label>
                    <span class="visually-hidden">"Window"</span>
                    <select name="range" prop:value=move || query.get().list.range.key()>
                        {TimeRange::all()
                            .map(|r| view! { <option value=r.key()>{r.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">"State"</span>
                    <select name="state_type" data-testid="task-runs-state" prop:value=state_value>
                        {STATE_CHOICES
                            .map(|(value, label)| view! { <option value=value>{label}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">"Task run name"</span>
                    <input
                        type="search"
                        placeholder="Task run name"
                        name="q"
                        prop:value=move || query.get().list.search
                    />
                </label>
                <TagsInput tags=Signal::derive(move || query.get().list.tags) />
                <ListChips query path=routes::TASK_RUNS />
            </FilterForm>
            {actions.map(|_| view! { <BulkBar shown_for /> })}
            <FetchedSignal resource=data title="Task runs" loading="Loading task runs…" render />
            {actions.map(|_| view! { <RunActionDialog /> })}
        </section>
    }
}
