//! Two flow runs side by side (`/flow-runs/compare?a=..&b=..`): their states and state
//! timelines, parameters and job variables as a diff, each task's time in both with the
//! change, the tasks only one ran, and each run's first warning and error line. Any two runs,
//! of one deployment or of two; with one named, its deployment's last runs to choose from.
//! Opened from a run's page, a runs table's row menu, and two ticked rows.

use crate::api::invalidation::Topic;
use crate::components::{ErrorPanel, FetchedSignal, StateBadge, StateTimeline, Tags, Time};
use crate::context::AppContext;
use crate::domain::format::duration;
use crate::domain::live::LiveScope;
use crate::domain::log_search::level_name;
use crate::domain::run_compare::{self, Change, Diff, TaskTime};
use crate::domain::run_grid::run_duration;
use crate::domain::states::glyph;
use crate::domain::timeline;
use crate::hooks::use_page_title;
use crate::live::use_live;
use crate::loaders::run_compare::{
    compared_details, compared_runs, ComparedDetails, ComparedRuns, FirstLines, RunSide,
};
use crate::schemas::{FlowRun, Log};
use crate::{platform, routes};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::sync::Arc;
use uuid::Uuid;

/// The two run ids the address names (`a=`, `b=`).
type Ids = (Option<Uuid>, Option<Uuid>);

/// The comparison page.
#[component]
pub fn CompareRunsPage() -> impl IntoView {
    use_page_title("Compare flow runs");
    let context = expect_context::<AppContext>();
    let query = use_query_map();
    let ids = Memo::new(move |_| {
        query.with(|q| run_compare::ids_from_query(q.get_str("a"), q.get_str("b")))
    });
    // Either run's events refetch the comparison.
    use_live(move || LiveScope {
        runs: ids.with(|(a, b)| [*a, *b].into_iter().flatten().collect()),
        ..LiveScope::default()
    });
    let invalidations = context.invalidations;
    let track = move |(a, b): (Option<Uuid>, Option<Uuid>)| {
        for id in [a, b].into_iter().flatten() {
            invalidations.track(&Topic::FlowRun(id));
        }
    };
    // Both made here, at the page's level: one read inside the other's frame would hold it.
    let runs = context.resource(Topic::Choices, move |client| {
        let (a, b) = ids.get();
        track((a, b));
        compared_runs(client, a, b)
    });
    let details = context.resource(Topic::Choices, move |client| {
        let (a, b) = ids.get();
        track((a, b));
        compared_details(client, a, b)
    });
    let both = move || matches!(ids.get(), (Some(_), Some(_)));
    let runs_view = move |runs: Signal<Arc<ComparedRuns>>| {
        view! {
            <RunColumns runs ids />
            <Show when=both>
                <DiffSection
                    title="Parameters"
                    testid="compare-parameters"
                    diff=Signal::derive(move || {
                        runs.with(|r| side_diff(r, |run| Some(&run.parameters)))
                    })
                />
                <DiffSection
                    title="Job variables"
                    testid="compare-job-variables"
                    diff=Signal::derive(move || {
                        runs.with(|r| side_diff(r, |run| run.job_variables.as_ref()))
                    })
                />
            </Show>
        }
    };
    let details_view = move |details: Signal<Arc<ComparedDetails>>| {
        view! {
            <FirstLinesSection details />
            <TasksSection details ids />
        }
    };
    view! {
        <section class="page compare" data-testid="compare-runs">
            <h1>"Compare flow runs"</h1>
            <ComparePicker ids />
            <Show
                when=move || ids.with(|(a, b)| a.is_some() || b.is_some())
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="compare-empty">
                            "Name two flow runs above (an id or a run's address), or open a \
                            run and choose “Compare…”, or tick two runs in a runs list."
                        </p>
                    }
                }
            >
                <FetchedSignal
                    resource=runs
                    title="The runs"
                    loading="Loading the runs…"
                    render=runs_view
                />
                <Show when=both>
                    <FetchedSignal
                        resource=details
                        title="Their task runs and logs"
                        loading="Loading their task runs and logs…"
                        render=details_view
                    />
                </Show>
            </Show>
        </section>
    }
}

/// The diff of one object of both runs (an empty diff until both are in).
fn side_diff(
    runs: &ComparedRuns,
    object: impl Fn(&FlowRun) -> Option<&crate::schemas::wire::JsonObject>,
) -> Diff {
    match (&runs.a, &runs.b) {
        (Some(a), Some(b)) => run_compare::diff(object(&a.run), object(&b.run)),
        _ => Diff::default(),
    }
}

/// The two run ids as a form: each an id or a run's address; "Compare" opens them, "Swap"
/// turns them around. A text that names no run is said beside its field.
#[component]
fn ComparePicker(
    /// The ids the address names.
    ids: Memo<Ids>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let navigate = use_navigate();
    let a_text = RwSignal::new(String::new());
    let b_text = RwSignal::new(String::new());
    // The fields follow the address (a link, back and forward).
    Effect::new(move |_| {
        let (a, b) = ids.get();
        a_text.set(a.map(|id| id.to_string()).unwrap_or_default());
        b_text.set(b.map(|id| id.to_string()).unwrap_or_default());
    });
    let problem = |text: RwSignal<String>| {
        move || {
            let text = text.get();
            (!text.trim().is_empty() && run_compare::run_id_in(&text).is_none())
                .then_some("Not a flow run id or a run's address.")
        }
    };
    let go = {
        let navigate = navigate.clone();
        move |a: Option<Uuid>, b: Option<Uuid>| {
            navigate(
                &context.href(&routes::compare_runs(a, b)),
                Default::default(),
            );
        }
    };
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (a, b) = (a_text.get_untracked(), b_text.get_untracked());
            let (pa, pb) = (run_compare::run_id_in(&a), run_compare::run_id_in(&b));
            let bad = |text: &str, id: Option<Uuid>| !text.trim().is_empty() && id.is_none();
            if !bad(&a, pa) && !bad(&b, pb) {
                go(pa, pb);
            }
        }
    };
    let swap = move |_| {
        let (a, b) = ids.get_untracked();
        go(b, a);
    };
    let field = move |label: &'static str, text: RwSignal<String>, testid: &'static str| {
        let error_id = format!("{testid}-error");
        view! {
            <label class="compare__field">
                <span>{label}</span>
                <input
                    type="text"
                    data-testid=testid
                    spellcheck="false"
                    placeholder="Flow run id or address"
                    aria-describedby=error_id.clone()
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <span class="field-error" id=error_id role="status">
                    {problem(text)}
                </span>
            </label>
        }
    };
    view! {
        <form class="compare__picker" on:submit=submit data-testid="compare-picker">
            {field("Run A", a_text, "compare-a")}
            {field("Run B", b_text, "compare-b")}
            <div class="actions">
                <button type="submit" class="button" data-testid="compare-go">
                    "Compare"
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="compare-swap"
                    disabled=move || ids.with(|(a, b)| a.is_none() && b.is_none())
                    on:click=swap
                >
                    "⇄ Swap A and B"
                </button>
            </div>
        </form>
    }
}

/// Each run's column: its names, state, times and state timeline; a run that is not on the
/// server says so; with one named, the runs to compare it with.
#[component]
fn RunColumns(
    /// The runs and what their columns show.
    runs: Signal<Arc<ComparedRuns>>,
    /// The ids the address names.
    ids: Memo<Ids>,
) -> impl IntoView {
    let column = move |label: &'static str,
                       testid: &'static str,
                       pick: fn(&ComparedRuns) -> Option<RunSide>,
                       asked: fn(Ids) -> Option<Uuid>| {
        move || {
            let side = runs.with(|r| pick(r));
            let asked = asked(ids.get());
            match (side, asked) {
                (Some(side), _) => view! { <RunColumn label testid side /> }.into_any(),
                (None, Some(id)) => view! {
                    <div class="compare__column" data-testid=testid>
                        <h2 class="compare__label">{label}</h2>
                        <ErrorPanel
                            title="No such flow run"
                            message=format!("This server has no flow run with the id {id}.")
                        />
                    </div>
                }
                .into_any(),
                (None, None) => view! { <Candidates runs ids /> }.into_any(),
            }
        }
    };
    view! {
        <div class="compare__columns">
            {column("A", "compare-run-a", |r| r.a.clone(), |(a, _)| a)}
            {column("B", "compare-run-b", |r| r.b.clone(), |(_, b)| b)}
        </div>
    }
}

/// One run's column.
#[component]
fn RunColumn(
    /// "A" or "B".
    label: &'static str,
    testid: &'static str,
    /// The run and what its column shows.
    side: RunSide,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let run = &side.run;
    let href = move |path: String| context.href(&path);
    let deployment = match (run.deployment_id, side.deployment_name.clone()) {
        (Some(id), name) => view! { <a href=href(routes::deployment(id))>{name.unwrap_or_else(|| id.to_string())}</a> }
        .into_any(),
        (None, _) => "— (not from a deployment)".into_any(),
    };
    let flow = view! {
        <a href=href(
            routes::flow(run.flow_id),
        )>{side.flow_name.clone().unwrap_or_else(|| run.flow_id.to_string())}</a>
    };
    let states = match &side.states {
        Ok(states) => {
            view! { <StateTimeline segments=timeline::layout(states, platform::now()) /> }
                .into_any()
        }
        Err(error) => {
            view! { <crate::components::ApiErrorPanel title="State history" error=error.clone() /> }
                .into_any()
        }
    };
    let state_count = side.states.as_ref().map_or(0, Vec::len);
    view! {
        <div class="compare__column" data-testid=testid>
            <h2 class="compare__label">
                <span class="compare__side" aria-hidden="true">
                    {label}
                </span>
                <a class="name" href=href(routes::flow_run(run.id)) data-testid="compare-run-name">
                    {run.name.clone()}
                </a>
            </h2>
            <p>
                <span data-testid="compare-run-state">
                    <StateBadge state_type=run.shown_state_type() name=run.current_state_name() />
                </span>
            </p>
            <dl class="facts">
                <dt>"Flow"</dt>
                <dd>{flow}</dd>
                <dt>"Deployment"</dt>
                <dd>{deployment}</dd>
                <dt>"Work pool"</dt>
                <dd>{run.work_pool_name.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"Started"</dt>
                <dd>
                    <Time at=run.start_time />
                </dd>
                <dt>"Duration"</dt>
                <dd data-testid="compare-run-duration">
                    {duration(run_duration(run, platform::now()))}
                </dd>
                <dt>"Run count"</dt>
                <dd>{run.run_count}</dd>
                <dt>"States"</dt>
                <dd data-testid="compare-state-count">{state_count}</dd>
                <dt>"Tags"</dt>
                <dd>
                    <Tags tags=run.tags.clone() shown=6 />
                </dd>
            </dl>
            {states}
        </div>
    }
}

/// With one run named: its deployment's (or flow's) last runs, each opening the comparison.
#[component]
fn Candidates(
    /// The runs (their candidates).
    runs: Signal<Arc<ComparedRuns>>,
    /// The ids the address names.
    ids: Memo<Ids>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let items = move || {
        let a = ids.get().0;
        runs.with(|r| {
            r.candidates
                .iter()
                .map(|c| {
                    let state_type = c.shown_state_type();
                    let name = c.current_state_name();
                    view! {
                        <li>
                            <StateBadge state_type name />
                            " "
                            <a
                                class="name"
                                data-testid="compare-candidate"
                                href=context.href(&routes::compare_runs(a, Some(c.id)))
                            >
                                {c.name.clone()}
                            </a>
                            " "
                            <span class="muted">
                                <Time at=c.start_time relative=true />
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let none = move || runs.with(|r| r.candidates.is_empty());
    view! {
        <div class="compare__column" data-testid="compare-candidates">
            <h2 class="compare__label">"B: choose a run"</h2>
            <Show
                when=move || !none()
                fallback=|| {
                    view! {
                        <p class="muted">
                            "Its deployment has no other run that started: name one above."
                        </p>
                    }
                }
            >
                <p class="muted">"Its deployment's (or flow's) last runs that started:"</p>
                <ul class="compare__candidates">{items}</ul>
            </Show>
        </div>
    }
}

/// A diff of one object: the keys that differ, then the ones the same (folded).
#[component]
fn DiffSection(
    /// The section's title ("Parameters").
    title: &'static str,
    testid: &'static str,
    /// The diff.
    #[prop(into)]
    diff: Signal<Diff>,
) -> impl IntoView {
    let row = |key: &run_compare::KeyDiff| {
        let (mark, words) = key.change.text();
        let value = |v: &Option<String>| match v {
            Some(v) => view! { <code>{v.clone()}</code> }.into_any(),
            None => view! { <span class="muted">"(absent)"</span> }.into_any(),
        };
        view! {
            <tr
                class=format!("compare__row compare__row--{}", key.change.css())
                data-change=key.change.css()
            >
                <td class="compare__change">
                    <span aria-hidden="true">{mark}</span>
                    <span class="visually-hidden">{words}</span>
                </td>
                <th scope="row">
                    <code>{key.key.clone()}</code>
                </th>
                <td>{value(&key.a)}</td>
                <td>{value(&key.b)}</td>
            </tr>
        }
    };
    let table = move |keys: Vec<run_compare::KeyDiff>| {
        view! {
            <div class="table-scroll">
                <table class="table table--compact compare__table">
                    <thead>
                        <tr>
                            <th scope="col">
                                <span class="visually-hidden">"Change"</span>
                            </th>
                            <th scope="col">"Key"</th>
                            <th scope="col">"A"</th>
                            <th scope="col">"B"</th>
                        </tr>
                    </thead>
                    <tbody>{keys.iter().map(row).collect_view()}</tbody>
                </table>
            </div>
        }
    };
    let body = move || {
        let diff = diff.get();
        if diff.keys.is_empty() {
            return view! { <p class="muted">"Neither run has any."</p> }.into_any();
        }
        let (changed, same): (Vec<_>, Vec<_>) = diff
            .keys
            .iter()
            .cloned()
            .partition(|k| k.change != Change::Same);
        let summary = diff.summary();
        let more = (diff.more > 0).then(|| {
            view! { <p class="muted">{format!("{} more keys not shown.", diff.more)}</p> }
        });
        let same_count = same.len();
        view! {
            <p data-testid="compare-diff-summary">{summary}</p>
            {(!changed.is_empty()).then(|| table(changed))}
            {(same_count > 0)
                .then(|| {
                    view! {
                        <details>
                            <summary>{format!("The {same_count} the same")}</summary>
                            {table(same)}
                        </details>
                    }
                })}
            {more}
        }
        .into_any()
    };
    view! {
        <section class="compare__section" data-testid=testid>
            <h2>{title}</h2>
            {body}
        </section>
    }
}

/// Each run's first WARNING and first ERROR line.
#[component]
fn FirstLinesSection(
    /// What was read beside the runs.
    details: Signal<Arc<ComparedDetails>>,
) -> impl IntoView {
    let line = |label: &'static str, log: Option<Log>| match log {
        Some(log) => view! {
            <dt>{label}</dt>
            <dd>
                <Time at=Some(log.timestamp) />
                " "
                <strong>{level_name(log.level)}</strong>
                " "
                <code class="compare__line">{run_compare::first_line(&log.message)}</code>
            </dd>
        }
        .into_any(),
        None => view! {
            <dt>{label}</dt>
            <dd class="muted">"none"</dd>
        }
        .into_any(),
    };
    let side = move |testid: &'static str, lines: FirstLines| {
        view! {
            <dl class="facts compare__lines" data-testid=testid>
                {line("First warning", lines.warning)}
                {line("First error", lines.error)}
            </dl>
        }
    };
    view! {
        <section class="compare__section" data-testid="compare-first-lines">
            <h2>"First warning and error"</h2>
            <div class="compare__columns">
                {move || side("compare-lines-a", details.with(|d| d.a_lines.clone()))}
                {move || side("compare-lines-b", details.with(|d| d.b_lines.clone()))}
            </div>
        </section>
    }
}

/// Each task's time in both runs with the change; tasks only one ran say so.
#[component]
fn TasksSection(
    /// What was read beside the runs.
    details: Signal<Arc<ComparedDetails>>,
    /// The ids the address names.
    ids: Memo<Ids>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let rows = Memo::new(move |_| {
        let (a, b) = ids.get();
        match (a, b) {
            (Some(a), Some(b)) => {
                details.with(|d| run_compare::task_rows(&d.task_runs, a, b, platform::now()))
            }
            _ => (Vec::new(), 0),
        }
    });
    let time = move |t: &Option<TaskTime>, run: Option<Uuid>| match t {
        Some(t) => {
            let text = if t.count > 1 {
                format!("{} ×{}", duration(t.seconds), t.count)
            } else {
                duration(t.seconds)
            };
            let body = view! {
                <span class=format!(
                    "compare__state {}",
                    crate::domain::states::css_class(&t.worst),
                )>
                    <span aria-hidden="true">{glyph(&t.worst)}</span>
                    <span class="visually-hidden">{t.worst.default_name()}</span>
                </span>
                " "
                {text}
            };
            match run {
                Some(id) => {
                    view! { <a href=context.href(&routes::task_run(id))>{body}</a> }.into_any()
                }
                None => body.into_any(),
            }
        }
        None => view! { <span class="muted">"did not run"</span> }.into_any(),
    };
    // The seconds a cell stands for (what the tests read), none where the task did not run.
    let seconds = |t: &Option<TaskTime>| t.as_ref().map(|t| format!("{:.3}", t.seconds));
    let body = move || {
        let (rows, more) = rows.get();
        if rows.is_empty() {
            return view! { <p class="muted">"Neither run has task runs."</p> }.into_any();
        }
        let summary = run_compare::tasks_summary(&rows);
        let cut = details.with(|d| {
            (d.task_total > d.task_runs.len() as i64).then(|| {
                format!(
                    "{} of {} task runs read: some tasks may be missing.",
                    d.task_runs.len(),
                    d.task_total
                )
            })
        });
        view! {
            <p data-testid="compare-tasks-summary">{summary}</p>
            {cut.map(|text| view! { <p class="muted">{text}</p> })}
            <div class="table-scroll">
                <table class="table table--compact compare__table" data-testid="compare-tasks">
                    <thead>
                        <tr>
                            <th scope="col">
                                <span class="visually-hidden">"Change"</span>
                            </th>
                            <th scope="col">"Task"</th>
                            <th scope="col">"A"</th>
                            <th scope="col">"B"</th>
                            <th scope="col">"B against A"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .iter()
                            .map(|row| {
                                let c = row.change();
                                let (mark, words) = c.text();
                                view! {
                                    <tr
                                        class=format!("compare__row compare__row--{}", c.css())
                                        data-change=c.css()
                                        data-task-key=row.task_key.clone()
                                    >
                                        <td class="compare__change">
                                            <span aria-hidden="true">{mark}</span>
                                            <span class="visually-hidden">{words}</span>
                                        </td>
                                        <th scope="row" class="name">
                                            {row.label.clone()}
                                        </th>
                                        <td
                                            data-testid="compare-task-a"
                                            data-seconds=seconds(&row.a)
                                        >
                                            {time(&row.a, row.a_run)}
                                        </td>
                                        <td
                                            data-testid="compare-task-b"
                                            data-seconds=seconds(&row.b)
                                        >
                                            {time(&row.b, row.b_run)}
                                        </td>
                                        <td data-testid="compare-task-change">
                                            {row.change_text()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(more > 0)
                .then(|| view! { <p class="muted">{format!("{more} more tasks not shown.")}</p> })}
        }
        .into_any()
    };
    view! {
        <section class="compare__section" data-testid="compare-tasks-section">
            <h2>"Tasks"</h2>
            {body}
        </section>
    }
}
