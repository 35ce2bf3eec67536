use super::run_actions::{
    BulkBar, MatchingRuns, RowActions, RunActionDialog, RunActions, SelectPage,
};
use super::{
    keyed_rows, looking_up, ActionStatus, Elapsed, KeyedRow, StateBadge, Tags, Time, VirtualRows,
};
use crate::api::resource::RowAnswer;
use crate::context::AppContext;
use crate::domain::actions::RunFacts;
use crate::domain::applied_states::AppliedStates;
use crate::domain::format::{duration, lateness, pool_and_queue};
use crate::domain::keyed::Keyed;
use crate::domain::log_counts::{Count, LogCounts};
use crate::live::LiveFeed;
use crate::routes;
use crate::schemas::{Deployment, FlowRun, StateType, Timestamp};
use chrono::{DateTime, Utc};
use leptos::context::Provider;
use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Above this many rows the table renders only what is in view.
pub const WINDOW_THRESHOLD: usize = 200;
/// A windowed row's height in px: `--row-height` (2.5rem) in style/app.css.
const ROW_HEIGHT: f64 = 40.0;
const VIEWPORT: f64 = 640.0;

/// One flow run as the table shows it (names already looked up).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FlowRunRow {
    pub id: String,
    pub run_id: Uuid,
    /// What the action rules need (state, started by a deployment).
    pub facts: RunFacts,
    pub href: String,
    pub state_type: StateType,
    pub state_name: Option<String>,
    /// When the fetched state began: an announced state newer than this replaces it.
    pub state_at: Option<DateTime<Utc>>,
    pub name: String,
    pub flow: String,
    pub deployment: String,
    pub pool: String,
    /// What the flow, deployment and pool names link to.
    pub flow_id: Uuid,
    pub deployment_id: Option<Uuid>,
    pub pool_name: Option<String>,
    pub queue_name: Option<String>,
    pub tags: Vec<String>,
    pub start: Option<Timestamp>,
    pub duration: String,
    /// A running run's duration in ms when fetched: the row's duration ticks from it.
    pub running_ms: Option<i64>,
    pub lateness: String,
    /// None where the page does not count them.
    pub task_runs: Option<i64>,
    /// Its warning and error lines.
    pub logs: LogsCell,
    /// The names and the task-run count are still being looked up (shown as "…").
    pub pending: bool,
}

impl FlowRunRow {
    /// A row for `run`, with the names and counts looked up for it (`task_runs` None where
    /// the page does not count them).
    pub fn new(
        run: FlowRun,
        href: String,
        flow: String,
        deployment: String,
        task_runs: Option<i64>,
    ) -> Self {
        FlowRunRow {
            id: run.id.to_string(),
            run_id: run.id,
            facts: RunFacts::from(&run),
            href,
            state_type: run.shown_state_type(),
            state_name: run.current_state_name(),
            state_at: run.state.as_ref().map(|state| state.timestamp.0),
            flow,
            deployment,
            pool: pool_and_queue(
                run.work_pool_name.as_deref(),
                run.work_queue_name.as_deref(),
            ),
            flow_id: run.flow_id,
            deployment_id: run.deployment_id,
            pool_name: run.work_pool_name.clone(),
            queue_name: run.work_queue_name.clone(),
            tags: run.tags.clone(),
            start: run.start_time.or(run.expected_start_time),
            duration: duration(run.estimated_run_time),
            running_ms: (run.current_state_type() == Some(StateType::Running))
                .then_some((run.estimated_run_time * 1000.0) as i64),
            lateness: lateness(run.estimated_start_time_delta).unwrap_or_default(),
            task_runs,
            logs: LogsCell::NotCounted,
            pending: false,
            name: run.name,
        }
    }

    /// The same row with its warning and error lines (counted, or being counted).
    pub fn with_logs(self, logs: LogsCell) -> Self {
        FlowRunRow { logs, ..self }
    }

    /// The row with the state its run's events announced since it was fetched, if any
    /// (its duration stops ticking when that state is not Running).
    pub fn announced(self, states: &AppliedStates) -> Self {
        let Some(change) = states.newer_than(self.run_id, self.state_at) else {
            return self;
        };
        FlowRunRow {
            state_type: change.state_type.clone(),
            state_name: Some(change.name.clone()),
            state_at: Some(change.at),
            facts: RunFacts {
                state_type: Some(change.state_type.clone()),
                ..self.facts.clone()
            },
            running_ms: self
                .running_ms
                .filter(|_| change.state_type == StateType::Running),
            ..self
        }
    }

    /// A row shown before its names and task-run count have arrived.
    pub fn looking_up(run: FlowRun, href: String) -> Self {
        FlowRunRow {
            pending: true,
            ..FlowRunRow::new(run, href, PENDING.into(), String::new(), None)
        }
    }
}

/// What a cell shows while its value is being looked up.
/// The name of `run`'s deployment among `known`: its id when it is not among them, empty
/// for a run without a deployment.
pub fn deployment_name(run: &FlowRun, known: &[Deployment]) -> String {
    run.deployment_id
        .map(|id| {
            known
                .iter()
                .find(|d| d.id == id)
                .map_or_else(|| id.to_string(), |d| d.name.clone())
        })
        .unwrap_or_default()
}

const PENDING: &str = "…";

/// The task-run cell: the count, "…" while it is looked up, "—" where it is not counted.
fn task_run_cell(row: &FlowRunRow) -> AnyView {
    match (row.task_runs, row.pending) {
        (Some(count), _) => count.into_any(),
        (None, true) => looking_up("Counting…"),
        (None, false) => view! {
            <span class="muted" title="Not counted on this page">
                "—"
            </span>
        }
        .into_any(),
    }
}

/// A run's warning and error lines as its row knows them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LogsCell {
    /// The page does not count them.
    #[default]
    NotCounted,
    Counting,
    Counted(LogCounts),
}

impl LogsCell {
    /// The cell for a run from a follow-up's answer for its row: counted (`pick` finds the
    /// run's counts in it), counting while it is pending, not counted when it failed.
    pub fn of<T>(answer: RowAnswer<'_, T>, pick: impl FnOnce(&T) -> Option<LogCounts>) -> Self {
        match answer {
            RowAnswer::Pending => LogsCell::Counting,
            answer => answer.found().map_or(LogsCell::NotCounted, |found| {
                LogsCell::Counted(pick(found).unwrap_or_default())
            }),
        }
    }
}

impl LogsCell {
    /// The cell for `run` from a page's counts by run (`hooks::use_log_counts`).
    pub fn for_run(
        counts: &crate::api::resource::FollowUp<HashMap<Uuid, LogCounts>>,
        run: Uuid,
    ) -> Self {
        LogsCell::of(counts.for_row(|found| found.contains_key(&run)), |found| {
            found.get(&run).copied()
        })
    }
}

/// The logs cell: "⚠ 3 ✕ 1" (the count in words for a screen reader), "…" while counted,
/// "—" where not counted, "0" for a run without either.
fn logs_cell(row: &FlowRunRow) -> AnyView {
    let counting = row.pending || row.logs == LogsCell::Counting;
    match (row.logs, counting) {
        (LogsCell::Counted(counts), _) if counts.is_clean() => view! {
            <span class="muted" title="No warning or error lines">
                "0"
            </span>
        }
        .into_any(),
        (LogsCell::Counted(counts), _) => {
            let words = counts.describe();
            let band = |glyph: &'static str, class: &'static str, count: Count| {
                (count.lines > 0 || count.more).then(|| {
                    view! {
                        <span class=class aria-hidden="true">
                            {glyph}
                            " "
                            {count.text()}
                        </span>
                    }
                })
            };
            view! {
                <span class="log-counts" title=words.clone() aria-label=words role="img">
                    {band("⚠", "log-counts__warnings", counts.warnings)}
                    {band("✕", "log-counts__errors", counts.errors)}
                </span>
            }
            .into_any()
        }
        (_, true) => looking_up("Counting…"),
        (_, false) => view! {
            <span class="muted" title="Not counted on this page">
                "—"
            </span>
        }
        .into_any(),
    }
}

/// A name cut to its cell (whole in its title), a link to its page when it has one.
fn name_link(name: String, route: Option<String>) -> AnyView {
    // Outside the app (component tests) the route is the link.
    let href = |route: String| match use_context::<AppContext>() {
        Some(context) => context.href(&route),
        None => route,
    };
    let title = name.clone();
    match route.filter(|_| !name.is_empty() && name != "—" && name != PENDING) {
        Some(route) => view! {
            <a class="name" href=href(route) title=title>
                {name}
            </a>
        }
        .into_any(),
        None => view! {
            <span class="name" title=title>
                {name}
            </span>
        }
        .into_any(),
    }
}

/// The run's pool and queue, each a link to its page (a queue's page goes by both names).
fn pool_cell(row: &FlowRunRow) -> AnyView {
    match (&row.pool_name, &row.queue_name) {
        (Some(pool), Some(queue)) => view! {
            <span class="pool-queue">
                {name_link(pool.clone(), Some(routes::work_pool(pool)))}
                <span aria-hidden="true">" / "</span>
                {name_link(queue.clone(), Some(routes::work_queue(pool, queue)))}
            </span>
        }
        .into_any(),
        _ => name_link(
            row.pool.clone(),
            row.pool_name.as_deref().map(routes::work_pool),
        ),
    }
}

fn row_view(row: FlowRunRow) -> impl IntoView {
    let actions = use_context::<RunActions>().map(|actions| {
        let (id, name, facts) = (row.run_id, row.name.clone(), row.facts.clone());
        view! {
            <td class="cell-actions">
                <RowActions id name facts selectable=actions.selectable />
            </td>
        }
    });
    view! {
        <tr
            data-testid="flow-run-row"
            data-run-id=row.id.clone()
            data-pending=row.pending.then_some("true")
        >
            {actions}
            <td>
                <StateBadge state_type=row.state_type.clone() name=row.state_name.clone() />
            </td>
            <td class="col-name">
                <a class="primary" href=row.href.clone() title=row.name.clone()>
                    {row.name.clone()}
                </a>
            </td>
            <td>
                <Time at=row.start relative=true />
            </td>
            <td class="number">
                {match row.running_ms {
                    Some(ms) => view! { <Elapsed base_seconds=ms as f64 / 1000.0 /> }.into_any(),
                    None => row.duration.clone().into_any(),
                }}
            </td>
            <td class="number">{row.lateness.clone()}</td>
            <td class="col-short">
                <span class="flow-deployment">
                    <span data-testid="run-flow">
                        {name_link(row.flow.clone(), Some(routes::flow(row.flow_id)))}
                    </span>
                    {(!row.deployment.is_empty())
                        .then(|| view! { <span aria-hidden="true">"›"</span> })}
                    <span data-testid="run-deployment">
                        {name_link(
                            row.deployment.clone(),
                            row.deployment_id.map(routes::deployment),
                        )}
                    </span>
                </span>
            </td>
            <td class="col-short">{pool_cell(&row)}</td>
            <td class="col-short">
                <Tags tags=row.tags.clone() />
            </td>
            <td class="number" data-testid="task-run-count">
                {task_run_cell(&row)}
            </td>
            <td class="number" data-testid="log-counts">
                {logs_cell(&row)}
            </td>
        </tr>
    }
}

/// The flow-run list. Up to 200 rows it is a plain table; beyond, only the rows in view
/// (plus a margin) are in the page, so 10,000 rows scroll smoothly. Rows are keyed by id and
/// content, so a refresh that changes one run re-renders that row only.
#[component]
pub fn FlowRunTable(
    /// The rows, in display order.
    #[prop(into)]
    rows: Signal<Vec<FlowRunRow>>,
    /// The runs page's filters and count: offers selection, "all N matching" and bulk
    /// actions. Other tables have row menus only.
    #[prop(optional)]
    matching: Option<MatchingRuns>,
) -> impl IntoView {
    // Outside the app (no context) a table only shows.
    let actionable = use_context::<AppContext>().is_some_and(|c| !c.read_only());
    if !actionable {
        return view! { <RunsTable rows matching actions=None /> }.into_any();
    }
    // Each table's rows, bulk bar and dialog share its own controls: a `Provider`, so two
    // tables on one page (a deployment's upcoming and recent runs) do not share one.
    let actions = RunActions::new(matching.is_some());
    view! {
        <Provider value=actions>
            <RunsTable rows matching actions=Some(actions) />
        </Provider>
    }
    .into_any()
}

/// The table itself, under its controls' `Provider` (when it has any).
#[component]
fn RunsTable(
    rows: Signal<Vec<FlowRunRow>>,
    matching: Option<MatchingRuns>,
    actions: Option<RunActions>,
) -> impl IntoView {
    let actionable = actions.is_some();
    // Without the bulk bar, the row menus' answers get a status line of their own.
    let status = actions.filter(|_| matching.is_none()).map(|actions| {
        view! {
            <p class="actions__status-line">
                <ActionStatus state=actions.state />
            </p>
        }
    });
    let page = Signal::derive(move || {
        rows.with(|rows| {
            rows.iter()
                .map(|r| (r.run_id, r.name.clone(), r.facts.clone()))
                .collect::<Vec<_>>()
        })
    });
    let bulk = matching.filter(|_| actionable).map(|matching| {
        let shown_for = Signal::derive(move || matching.query.with(|q| q.to_query_string()));
        view! { <BulkBar matching shown_for /> }
    });
    let dialog = actionable.then(|| match matching {
        Some(matching) => view! { <RunActionDialog matching /> }.into_any(),
        None => view! { <RunActionDialog /> }.into_any(),
    });
    let selectable = actionable && matching.is_some();
    let actions_heading = actionable.then(|| {
        view! {
            <th scope="col" class="cell-actions">
                {selectable.then(|| view! { <SelectPage page /> })}
                <span class="visually-hidden">"Actions"</span>
            </th>
        }
    });
    let total = Memo::new(move |_| rows.with(Vec::len));
    let windowed = Memo::new(move |_| total.get() > WINDOW_THRESHOLD);
    let window = VirtualRows::new(ROW_HEIGHT, VIEWPORT, 20);
    let range = Memo::new(move |_| {
        if windowed.get() {
            window.range(total.get())
        } else {
            (0, total.get())
        }
    });
    // States the events stream announced show at once, before the refetch confirms them.
    let announced = use_context::<LiveFeed>().map(|feed| feed.states);
    let visible = Signal::derive(move || {
        let (first, last) = range.get();
        let shown = |row: &FlowRunRow| match announced {
            Some(states) => states.with(|states| row.clone().announced(states)),
            None => row.clone(),
        };
        rows.with(|rows| {
            rows.get(first..last)
                .unwrap_or_default()
                .iter()
                .map(|row| KeyedRow::new(Keyed::new(row.id.clone(), shown(row)), row_view))
                .collect::<Vec<_>>()
        })
    });
    let spacer = move |height: f64| {
        windowed
            .get()
            .then(|| view! { <tr aria-hidden="true" style:height=format!("{height}px")></tr> })
    };
    let top = move || spacer(range.get().0 as f64 * ROW_HEIGHT);
    let bottom = move || spacer(total.get().saturating_sub(range.get().1) as f64 * ROW_HEIGHT);
    view! {
        {bulk}
        {status}
        <div
            class=move || {
                if windowed.get() { "table-scroll table-scroll--windowed" } else { "table-scroll" }
            }
            style:max-height=move || {
                if windowed.get() { format!("{VIEWPORT}px") } else { String::new() }
            }
            style:overflow-y=move || if windowed.get() { "auto" } else { "" }
            on:scroll:target=move |ev| window.scrolled(f64::from(ev.target().scroll_top()))
        >
            <table
                class=move || if windowed.get() { "table table--windowed" } else { "table" }
                data-testid="flow-runs-table"
                data-rows=move || total.get()
                aria-rowcount=move || total.get()
            >
                <thead>
                    <tr>
                        {actions_heading} <th scope="col">"State"</th> <th scope="col">"Run"</th>
                        <th scope="col">"Start"</th> <th scope="col" class="number">
                            "Duration"
                        </th> <th scope="col" class="number">
                            "Lateness"
                        </th> <th scope="col">"Flow › deployment"</th>
                        <th scope="col">"Work pool / queue"</th> <th scope="col">"Tags"</th>
                        <th scope="col" class="number">
                            "Task runs"
                        </th>
                        <th scope="col" class="number" title="Warning and error lines it logged">
                            "Logs"
                        </th>
                    </tr>
                </thead>
                <tbody>{top} {keyed_rows(visible)} {bottom}</tbody>
            </table>
        </div>
        {dialog}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_runs_deployment_is_named_from_the_pages_deployments() {
        let id = Uuid::from_u128(7);
        let run = |deployment: Option<Uuid>| -> FlowRun {
            serde_json::from_value(json!({
                "id": Uuid::from_u128(1), "name": "r", "flow_id": Uuid::from_u128(2),
                "deployment_id": deployment,
            }))
            .expect("run")
        };
        let known: Vec<Deployment> = vec![serde_json::from_value(json!({
            "id": id, "name": "nightly", "flow_id": Uuid::from_u128(2),
        }))
        .expect("deployment")];
        assert_eq!(deployment_name(&run(Some(id)), &known), "nightly");
        let other = Uuid::from_u128(8);
        assert_eq!(
            deployment_name(&run(Some(other)), &known),
            other.to_string()
        );
        assert_eq!(deployment_name(&run(None), &known), "");
    }

    #[test]
    fn a_row_shows_an_announced_state_newer_than_the_fetched_one() {
        use crate::domain::applied_states::StateChange;
        let run: FlowRun = serde_json::from_value(json!({
            "id": Uuid::from_u128(1), "name": "r", "flow_id": Uuid::from_u128(2),
            "deployment_id": Uuid::from_u128(3), "estimated_run_time": 4.0,
            "state": {"type": "RUNNING", "name": "Running",
                      "timestamp": "2026-12-07T10:00:00Z"},
        }))
        .expect("run");
        let row = FlowRunRow::new(run, "/r".into(), "f".into(), "d".into(), None);
        assert_eq!(row.running_ms, Some(4000));
        let mut states = AppliedStates::new(8);
        let at = |s: &str| DateTime::parse_from_rfc3339(s).expect("time").to_utc();
        let announce = |states: &mut AppliedStates, name: &str, when: &str| {
            states.apply(StateChange {
                run: Uuid::from_u128(1),
                state_type: StateType::Failed,
                name: name.into(),
                at: at(when),
            });
        };
        // Older than what was fetched: the fetched state stands.
        announce(&mut states, "Old", "2026-12-07T09:59:59Z");
        assert_eq!(row.clone().announced(&states), row);
        announce(&mut states, "Boom", "2026-12-07T10:00:01Z");
        let shown = row.clone().announced(&states);
        assert_eq!(shown.state_type, StateType::Failed);
        assert_eq!(shown.state_name.as_deref(), Some("Boom"));
        assert_eq!(shown.facts.state_type, Some(StateType::Failed));
        assert!(shown.facts.from_deployment);
        // Not running any more: the duration stops ticking.
        assert_eq!(shown.running_ms, None);
        assert_eq!(shown.name, row.name);
    }
}
