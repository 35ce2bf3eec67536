//! A flow's or a deployment's last runs in depth: how long each took against the median and
//! the 95th percentile (the duration trend), and each task's state in each run (the runs x
//! tasks grid). One resource, two requests or a few pages; the number of runs is in the
//! address (`runs=`).

use crate::api::invalidation::Topic;
use crate::components::FetchedSignal;
use crate::context::AppContext;
use crate::domain::duration_trend::{self, times_text, Trend};
use crate::domain::format::duration;
use crate::domain::run_grid::{self, Cell, Grid, GridRow, GridRun, RUNS_CHOICES};
use crate::domain::states::{css_class, glyph};
use crate::loaders::run_history::{run_history, HistoryOf, RunHistory};
use crate::{platform, routes};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::sync::Arc;

/// Task rows shown at first, and how many more each "Show more" adds.
const ROWS_STEP: usize = 40;

/// The trend and the grid of `of`'s last runs, with the choice of how many.
#[component]
pub fn RunHistory(
    /// Whose runs: the page's flow or deployment (None: the address holds no id).
    #[prop(into)]
    of: Signal<Option<HistoryOf>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let query = use_query_map();
    let count = Memo::new(move |_| query.with(|q| run_grid::runs_from_param(q.get_str("runs"))));
    let data = context.resource(Topic::FlowRuns, move |client| {
        let asked = of.get().map(|of| (of, count.get()));
        async move {
            match asked {
                Some((of, count)) => run_history(client, of, count).await,
                None => Ok(RunHistory::default()),
            }
        }
    });
    let navigate = use_navigate();
    let choose = move |ev: leptos::ev::Event| {
        let runs = run_grid::runs_from_param(Some(&event_target_value(&ev)));
        let path = match of.get_untracked() {
            Some(HistoryOf::Flow(id)) => routes::flow(id),
            Some(HistoryOf::Deployment(id)) => routes::deployment(id),
            None => return,
        };
        navigate(
            &context.href(&format!("{path}?runs={runs}")),
            leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let render = move |history: Signal<Arc<RunHistory>>| {
        let grid = Memo::new(move |_| {
            history.with(|h| run_grid::build(&h.runs, &h.task_runs, platform::now()))
        });
        let trend = Memo::new(move |_| grid.with(|g| duration_trend::trend(&g.runs)));
        let cut = move || {
            history.with(|h| {
                h.cut().then(|| {
                    view! {
                        <p class="muted" data-testid="run-grid-cut">
                            {format!(
                                "{} of {} task runs read: the oldest runs' cells may miss some.",
                                h.task_runs.len(),
                                h.task_total,
                            )}
                        </p>
                    }
                })
            })
        };
        view! {
            <Show
                when=move || grid.with(|g| !g.runs.is_empty())
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="run-history-empty">
                            "No runs have started yet."
                        </p>
                    }
                }
            >
                <DurationTrend grid trend />
                {cut}
                <RunsTasksGrid grid />
            </Show>
        }
    };
    view! {
        <section class="run-history" data-testid="run-history" aria-labelledby="run-history-title">
            <div class="run-history__head">
                <h2 id="run-history-title">"Runs and their tasks"</h2>
                <label>
                    "Last " <select on:change=choose data-testid="run-history-count">
                        {move || {
                            let shown = count.get();
                            let mut choices = RUNS_CHOICES.to_vec();
                            if !choices.contains(&shown) {
                                choices.push(shown);
                                choices.sort_unstable();
                            }
                            choices
                                .into_iter()
                                .map(|n| {
                                    view! {
                                        <option value=n.to_string() selected=n == shown>
                                            {n.to_string()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select> " runs"
                </label>
            </div>
            <FetchedSignal
                resource=data
                title="Runs and their tasks"
                loading="Loading the last runs…"
                render
            />
        </section>
    }
}

/// A run's words: "run-name: Completed, 3m 2s".
fn run_words(run: &GridRun) -> String {
    let ran = if run.running { " so far" } else { "" };
    format!(
        "{}: {}, {}{ran}",
        run.name,
        run.state_name,
        duration(run.duration)
    )
}

/// Each run's duration as a bar, oldest first, with the median and p95 as lines; the runs far
/// above the median listed under it.
#[component]
fn DurationTrend(
    /// The runs (their durations and names).
    grid: Memo<Grid>,
    /// Their trend.
    trend: Memo<Trend>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let height = move |seconds: f64| {
        let max = trend.with(|t| t.max);
        if max > 0.0 {
            (seconds / max * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    };
    let bars = move || {
        let runs = grid.with(|g| g.runs.clone());
        trend.with(|t| {
            t.points
                .iter()
                .filter_map(|p| runs.get(p.column).map(|run| (p.clone(), run.clone())))
                .map(|(point, run)| {
                    let mut words = run_words(&run);
                    if let Some(times) = point.times_median.filter(|_| point.outlier) {
                        words.push_str(&format!(" ({})", times_text(times)));
                    }
                    let class = format!(
                        "trend__bar {}{}{}",
                        css_class(&run.state_type),
                        if point.outlier {
                            " trend__bar--outlier"
                        } else {
                            ""
                        },
                        if point.running {
                            " trend__bar--running"
                        } else {
                            ""
                        },
                    );
                    view! {
                        <a
                            class=class
                            href=context.href(&routes::flow_run(run.id))
                            style:height=format!("{:.1}%", height(point.seconds))
                            title=words.clone()
                            aria-label=words
                            data-testid="trend-bar"
                            data-seconds=format!("{:.3}", point.seconds)
                        >
                            {point.outlier.then_some("!")}
                        </a>
                    }
                })
                .collect_view()
        })
    };
    let line = move |which: &'static str, value: Option<f64>| {
        value.map(|seconds| {
            view! {
                <div
                    class=format!("trend__line trend__line--{which}")
                    style:bottom=format!("{:.1}%", height(seconds))
                    aria-hidden="true"
                ></div>
            }
        })
    };
    let summary = move || {
        trend.with(|t| match (t.median, t.p95) {
            (Some(median), Some(p95)) => {
                format!("Median {} · p95 {}", duration(median), duration(p95))
            }
            _ => "No finished runs yet: no median.".to_string(),
        })
    };
    let outliers = move || {
        let runs = grid.with(|g| g.runs.clone());
        let items: Vec<_> = trend.with(|t| {
            t.outliers()
                .into_iter()
                .filter_map(|p| {
                    let run = runs.get(p.column)?;
                    let times = p.times_median?;
                    Some((run.clone(), p.seconds, times))
                })
                .collect()
        });
        (!items.is_empty()).then(|| {
            let rows = items
                .into_iter()
                .map(|(run, seconds, times)| {
                    view! {
                        <li data-testid="trend-outlier">
                            <a href=context.href(&routes::flow_run(run.id))>{run.name.clone()}</a>
                            {format!(" ran {}, {}", duration(seconds), times_text(times))}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p>"Runs far above the median:"</p>
                <ul class="plain trend__outliers">{rows}</ul>
            }
        })
    };
    view! {
        <figure class="trend" data-testid="duration-trend">
            <figcaption>
                "Duration of each run, oldest first. "
                <span data-testid="trend-summary">{summary}</span>
                <span class="trend__key trend__key--median">" — median"</span>
                <span class="trend__key trend__key--p95">" ┄ p95"</span>
            </figcaption>
            <div class="trend__plot">
                {bars} {move || line("median", trend.with(|t| t.median))}
                {move || line("p95", trend.with(|t| t.p95))}
            </div>
            {outliers}
        </figure>
    }
}

/// The tasks (rows) by the runs (columns, oldest first), a cell the task's state in that run.
#[component]
fn RunsTasksGrid(
    /// The grid to draw.
    grid: Memo<Grid>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let shown = RwSignal::new(ROWS_STEP);
    let head = move || {
        grid.with(|g| {
            g.runs
                .iter()
                .map(|run| {
                    let words = run_words(run);
                    view! {
                        <th scope="col" class="rg__run">
                            <a
                                class=format!("rg__glyph {}", css_class(&run.state_type))
                                href=context.href(&routes::flow_run(run.id))
                                title=words.clone()
                                aria-label=words
                                data-testid="grid-run"
                                data-run-id=run.id.to_string()
                            >
                                {glyph(&run.state_type)}
                            </a>
                            <span class="rg__time" aria-hidden="true">
                                {duration(run.duration)}
                            </span>
                        </th>
                    }
                })
                .collect_view()
        })
    };
    // Keyed by what each row draws: a refresh redraws only the rows that changed.
    let rows = move || {
        let limit = shown.get();
        grid.with(|g| {
            g.rows
                .iter()
                .take(limit)
                .map(|row| (g.row_key(row), row.clone()))
                .collect::<Vec<_>>()
        })
    };
    let more = move || {
        let total = grid.with(|g| g.rows.len());
        let limit = shown.get();
        (total > limit).then(|| {
            view! {
                <button
                    type="button"
                    class="button"
                    data-testid="grid-more"
                    on:click=move |_| shown.update(|n| *n = n.saturating_add(ROWS_STEP))
                >
                    {format!("Show more tasks ({} of {total} shown)", limit)}
                </button>
            }
        })
    };
    view! {
        <div class="rg__scroll" tabindex="0" role="region" aria-label="Tasks by run">
            <table class="rg" data-testid="run-grid">
                <thead>
                    <tr>
                        <th scope="col" class="rg__task">
                            "Task"
                        </th>
                        {head}
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=rows
                        key=|(key, _)| *key
                        children=move |(_, row)| {
                            grid.with_untracked(|g| grid_row(&row, &g.runs, &context))
                        }
                    />
                </tbody>
            </table>
        </div>
        {more}
    }
}

/// One task's row.
fn grid_row(row: &GridRow, runs: &[GridRun], context: &AppContext) -> impl IntoView {
    let failing = row
        .failing_since
        .and_then(|column| runs.get(column))
        .map(|run| {
            view! {
                <span class="rg__failing" data-testid="grid-failing-since">
                    {format!("✕ failing since {}", run.name)}
                </span>
            }
        });
    let cells = row
        .cells
        .iter()
        .zip(runs)
        .map(|(cell, run)| grid_cell(cell, run, &row.label, context))
        .collect_view();
    view! {
        <tr data-testid="grid-row" data-task-key=row.task_key.clone()>
            <th scope="row" class="rg__task" title=row.task_key.clone()>
                <span class="rg__label">{row.label.clone()}</span>
                {failing}
            </th>
            {cells}
        </tr>
    }
}

/// One task in one run: its glyph (a count when folded), a link to the task run (or to the
/// run, for many).
fn grid_cell(cell: &Cell, run: &GridRun, task: &str, context: &AppContext) -> impl IntoView {
    let words = format!("{task} in {}: {}", run.name, cell.describe());
    let state = cell.worst().cloned();
    let Some(state) = state else {
        return view! {
            <td class="rg__cell rg__cell--none" data-testid="grid-cell" data-state="">
                <span role="img" title=words.clone() aria-label=words>
                    "·"
                </span>
            </td>
        }
        .into_any();
    };
    let href = match cell.task_run {
        Some(id) => routes::task_run(id),
        None => routes::flow_run(run.id),
    };
    let total = cell.total();
    let class = format!(
        "rg__glyph {}{}",
        css_class(&state),
        if cell.started_failing {
            " rg__glyph--started"
        } else {
            ""
        }
    );
    view! {
        <td
            class="rg__cell"
            data-testid="grid-cell"
            data-state=state.as_str().to_string()
            data-count=total.to_string()
            data-started-failing=cell.started_failing.then_some("true")
        >
            <a class=class href=context.href(&href) title=words.clone() aria-label=words>
                {glyph(&state)}
                {(total > 1).then(|| view! { <sub class="rg__count">{total.to_string()}</sub> })}
            </a>
        </td>
    }
    .into_any()
}
