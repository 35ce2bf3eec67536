use super::{keyed_rows, KeyedRow, StateBadge, Time, VirtualRows};
use crate::domain::format::{duration, lateness, pool_and_queue};
use crate::domain::keyed::Keyed;
use crate::schemas::{FlowRun, StateType, Timestamp};
use leptos::prelude::*;

/// Above this many rows the table renders only what is in view.
pub const WINDOW_THRESHOLD: usize = 200;
const ROW_HEIGHT: f64 = 37.0;
const VIEWPORT: f64 = 640.0;

/// One flow run as the table shows it (names already looked up).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FlowRunRow {
    pub id: String,
    pub href: String,
    pub state_type: StateType,
    pub state_name: Option<String>,
    pub name: String,
    pub flow: String,
    pub deployment: String,
    pub pool: String,
    pub tags: String,
    pub start: Option<Timestamp>,
    pub duration: String,
    pub lateness: String,
    pub task_runs: i64,
}

impl FlowRunRow {
    /// A row for `run`, with the names and counts looked up for it.
    pub fn new(
        run: FlowRun,
        href: String,
        flow: String,
        deployment: String,
        task_runs: i64,
    ) -> Self {
        FlowRunRow {
            id: run.id.to_string(),
            href,
            state_type: run
                .current_state_type()
                .unwrap_or(StateType::Unknown("UNKNOWN".into())),
            state_name: run.current_state_name(),
            flow,
            deployment,
            pool: pool_and_queue(
                run.work_pool_name.as_deref(),
                run.work_queue_name.as_deref(),
            ),
            tags: run.tags.join(", "),
            start: run.start_time.or(run.expected_start_time),
            duration: duration(run.estimated_run_time),
            lateness: lateness(run.estimated_start_time_delta).unwrap_or_default(),
            task_runs,
            name: run.name,
        }
    }
}

fn row_view(row: FlowRunRow) -> impl IntoView {
    view! {
        <tr data-testid="flow-run-row" data-run-id=row.id.clone()>
            <td><StateBadge state_type=row.state_type.clone() name=row.state_name.clone() /></td>
            <td><a href=row.href.clone()>{row.name.clone()}</a></td>
            <td>{row.flow.clone()}</td>
            <td>{row.deployment.clone()}</td>
            <td>{row.pool.clone()}</td>
            <td>{row.tags.clone()}</td>
            <td><Time at=row.start /></td>
            <td>{row.duration.clone()}</td>
            <td>{row.lateness.clone()}</td>
            <td data-testid="task-run-count">{row.task_runs}</td>
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
) -> impl IntoView {
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
    let visible = Signal::derive(move || {
        let (first, last) = range.get();
        rows.with(|rows| {
            rows.get(first..last)
                .unwrap_or_default()
                .iter()
                .map(|row| KeyedRow::new(Keyed::new(row.id.clone(), row.clone()), row_view))
                .collect::<Vec<_>>()
        })
    });
    let spacer = move |height: f64| {
        windowed
            .get()
            .then(|| view! { <tr aria-hidden="true" style=format!("height: {height}px")></tr> })
    };
    let top = move || spacer(range.get().0 as f64 * ROW_HEIGHT);
    let bottom = move || spacer(total.get().saturating_sub(range.get().1) as f64 * ROW_HEIGHT);
    view! {
        <div
            class=move || if windowed.get() { "table-scroll table-scroll--windowed" } else { "table-scroll" }
            style=move || if windowed.get() { format!("max-height: {VIEWPORT}px; overflow-y: auto") } else { String::new() }
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
                        <th scope="col">"State"</th>
                        <th scope="col">"Run"</th>
                        <th scope="col">"Flow"</th>
                        <th scope="col">"Deployment"</th>
                        <th scope="col">"Work pool / queue"</th>
                        <th scope="col">"Tags"</th>
                        <th scope="col">"Start"</th>
                        <th scope="col">"Duration"</th>
                        <th scope="col">"Lateness"</th>
                        <th scope="col">"Task runs"</th>
                    </tr>
                </thead>
                <tbody>
                    {top}
                    {keyed_rows(visible)}
                    {bottom}
                </tbody>
            </table>
        </div>
    }
}
