//! The timeline's drawing: an axis, a row per deployment (only the rows in view are in the
//! page, each fetching its own runs), and a lane per work pool. Bars are links to their
//! runs; a counted cell is a button that zooms into it. The arrow keys move from bar to bar
//! (left and right in a row, up and down to the nearest bar in time).

use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::runs_timeline::{
    axis_ticks, dense_row, describe, describe_dense, lane_peak, lane_range, lane_summary,
    over_limit, pool_lane, row_layout, Bar, BarKind, Dense, Frame, LaneCell, Place, RowLayout,
    TimelineItem,
};
use crate::domain::runs_timeline::{row_range, RowRange};
use crate::domain::states::{css_class, glyph};
use crate::domain::timeline_query::TimelineQuery;
use crate::loaders::timeline::{lane_runs, row_runs, RowRuns};
use crate::platform;
use crate::routes;
use crate::schemas::responses::DeploymentRef;
use crate::schemas::StateType;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// Height of a row, px (three lanes of bars).
pub const ROW_HEIGHT: f64 = 40.0;
/// The rows' scroll box, px.
const VIEWPORT: f64 = 560.0;
/// Columns a row is drawn in: the narrowest a bar gets, and where small ones merge.
pub const CELLS: usize = 200;
/// Columns of a pool's lane.
const LANE_CELLS: usize = 120;

/// The bar the pointer or the focus is on, for the details line.
#[derive(Clone, Debug, PartialEq)]
pub struct Pointed {
    pub run: Option<Uuid>,
    pub text: String,
}

/// What every row and lane draws with.
#[derive(Clone, Copy)]
pub struct ChartContext {
    pub query: Memo<TimelineQuery>,
    /// The window in view (the axis and the now line follow it at once).
    pub frame: Memo<Frame>,
    /// The window rows and lanes are laid out (and asked) for: the view's, a moment after a
    /// pan has stopped. Meanwhile their marks are moved by the page (`--tl-shift`), so a pan
    /// costs a frame however many runs are drawn.
    pub drawn: Signal<Frame>,
    pub pointed: RwSignal<Option<Pointed>>,
    /// Zooms the window into [from, to) fractions of it (a counted cell's span).
    pub zoom_into: Callback<(f64, f64)>,
}

/// An instant as the details say it, in the zone chosen in Settings.
fn said(context: &AppContext, at: chrono::DateTime<chrono::Utc>) -> String {
    let zone = context.time_zone.get_untracked();
    platform::format_time(at, zone.intl_zone())
        .unwrap_or_else(|| crate::domain::format::utc_datetime(at))
}

/// A label near an edge of the axis is aligned to it rather than centred over it (so it
/// stays inside the chart).
fn edge(x: f64) -> &'static str {
    if x > 0.95 {
        " tl-tick--end"
    } else if x < 0.05 {
        " tl-tick--start"
    } else {
        ""
    }
}

/// The time axis over the rows, with the window's ticks and now.
#[component]
pub fn TimelineAxis(chart: ChartContext) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let ticks = move || {
        let frame = chart.frame.get();
        let zone = context.time_zone.get();
        let offset = platform::zone_offset(zone.intl_zone(), frame.now).unwrap_or(0);
        axis_ticks(&frame, i64::from(offset))
            .into_iter()
            .map(|tick| {
                view! {
                    <span
                        class=format!("tl-tick{}", edge(tick.x))
                        style:left=format!("{:.3}%", tick.x * 100.0)
                    >
                        {tick.label}
                    </span>
                }
            })
            .collect_view()
    };
    let now = move || {
        chart.frame.get().now_x().map(|x| {
            view! {
                <span
                    class=format!("tl-tick tl-tick--now{}", edge(x))
                    style:left=format!("{:.3}%", x * 100.0)
                >
                    "now"
                </span>
            }
        })
    };
    view! {
        <div class="tl-axis" aria-hidden="true">
            <span class="tl-axis__name"></span>
            <span class="tl-axis__track">{ticks} {now}</span>
        </div>
    }
}

/// The deployments' rows, windowed: a row fetches its runs when it scrolls into view.
#[component]
pub fn TimelineRows(
    /// Headings and rows, in order.
    items: Memo<Arc<Vec<TimelineItem>>>,
    chart: ChartContext,
) -> impl IntoView {
    let total = move || items.with(|items| items.len());
    let window = super::VirtualRows::new(ROW_HEIGHT, VIEWPORT, 6);
    let visible = move || {
        let (first, last) = window.range(total());
        items.with(|items| {
            items
                .get(first..last)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(offset, item)| (first + offset, item.clone()))
                .collect::<Vec<_>>()
        })
    };
    let now_line = move || {
        chart.frame.get().now_x().map(|x| {
            view! { <span class="tl-now" style:left=format!("{:.3}%", x * 100.0)></span> }
        })
    };
    view! {
        <div
            class="tl-rows"
            data-testid="timeline-rows"
            data-rows=total
            style:height=move || {
                format!("{}px", VIEWPORT.min(total() as f64 * ROW_HEIGHT + 2.0).max(ROW_HEIGHT))
            }
            on:scroll:target=move |ev| window.scrolled(f64::from(ev.target().scroll_top()))
        >
            <div
                class="tl-rows__spacer"
                style:height=move || format!("{}px", total() as f64 * ROW_HEIGHT)
            >
                <span class="tl-overlay" aria-hidden="true">
                    {now_line}
                </span>
                <For
                    each=visible
                    key=|(index, item)| (*index, item.key())
                    children=move |(index, item)| {
                        let top = format!("{}px", index as f64 * ROW_HEIGHT);
                        match item {
                            TimelineItem::Group(label) => {
                                let title = label.clone();
                                view! {
                                    <h2 class="tl-group" style:top=top title=title>
                                        {label}
                                    </h2>
                                }
                                    .into_any()
                            }
                            TimelineItem::Deployment(deployment) => {
                                view! { <DeploymentRow deployment top chart /> }.into_any()
                            }
                        }
                    }
                />
            </div>
        </div>
    }
}

/// One deployment's row: its name and its runs in the window.
#[component]
fn DeploymentRow(deployment: DeploymentRef, top: String, chart: ChartContext) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let id = deployment.id;
    // Its points are asked over the window and one more on each side, and kept while pans
    // stay within (`row_range`); a busy row's server counts are the window's, asked again
    // each pan. Only the filters and the range decide what is asked (not the whole query:
    // a pan changes its window).
    let filters = Memo::new(move |_| chart.query.with(|q| q.filters.clone()));
    // Whether the last answer was the server's counts (read, not tracked, by the range).
    let was_busy = StoredValue::new(false);
    let range = Memo::new(move |held: Option<&RowRange>| {
        let frame = chart.drawn.get();
        row_range(held.copied(), frame.from, frame.to, was_busy.get_value())
    });
    let runs = context.resource(Topic::FlowRuns, move |client| {
        let range = range.get();
        // The window drawn now (a refresh of a held range may find the row busy).
        let window = chart.drawn.with_untracked(|f| (f.from, f.to));
        row_runs(client, id, filters.get(), range, window, platform::now())
    });
    // The last good answer stays drawn while a refresh fails; the failure is said beside
    // the name.
    let last_good = Memo::new(
        move |previous: Option<&Option<Arc<RowRuns>>>| match runs.get() {
            Some(Ok(runs)) => {
                was_busy.set_value(matches!(*runs, RowRuns::Busy(_)));
                Some(runs)
            }
            _ => previous.cloned().flatten(),
        },
    );
    let failed = move || match runs.get() {
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    let layout = Memo::new(move |_| {
        let frame = chart.drawn.get();
        last_good.get().map(|runs| match &*runs {
            RowRuns::Points { runs, median } => row_layout(runs, &frame, *median, CELLS),
            RowRuns::Busy(buckets) => dense_row(buckets, &frame),
        })
    });
    let busy = move || matches!(last_good.get().as_deref(), Some(RowRuns::Busy(_)));
    let name = deployment.name.clone();
    let href = context.href(&routes::deployment(id));
    let label = {
        let name = name.clone();
        move || match layout.get() {
            None => format!("{name}: loading runs"),
            Some(l) => format!(
                "{name}: {} {} in the window{}",
                l.runs,
                if l.runs == 1 { "run" } else { "runs" },
                if busy() {
                    ", counted by the server"
                } else {
                    ""
                }
            ),
        }
    };
    // Its own transition: the chart around it shows without waiting for this row's runs
    // (an enclosing one would hold every row back until the slowest had answered), and a
    // refresh keeps the row as it is until the new answer is in.
    let loading_name = name.clone();
    let loading_top = top.clone();
    let fallback = move || {
        view! {
            <div class="tl-row" style:top=loading_top.clone() data-testid="timeline-row-loading">
                <span class="tl-row__name" title=loading_name.clone()>
                    {loading_name.clone()}
                </span>
                <span class="tl-track">
                    <span class="tl-loading">"Loading…"</span>
                </span>
            </div>
        }
    };
    view! {
        <Transition fallback>
            <div
                class="tl-row"
                role="group"
                aria-label=label
                style:top=top
                data-testid="timeline-row"
                data-deployment-id=id.to_string()
                data-runs=move || layout.get().map(|l| l.runs.to_string())
                data-busy=move || busy().then_some("true")
            >
                <span class="tl-row__name">
                    <a href=href title=name.clone()>
                        {name.clone()}
                    </a>
                    {move || {
                        failed()
                            .map(|error| {
                                view! {
                                    <span
                                        class="tl-row__error"
                                        role="status"
                                        title=format!("Runs could not be loaded: {error}")
                                    >
                                        "⚠ not loaded"
                                    </span>
                                }
                            })
                    }}
                </span>
                <span class="tl-track">
                    <span class="tl-marks">
                        <RowMarks
                            layout=Signal::derive(move || layout.get().unwrap_or_default())
                            deployment=name
                            chart
                        />
                    </span>
                </span>
            </div>
        </Transition>
    }
}

/// A row's counted cells and bars.
#[component]
fn RowMarks(layout: Signal<RowLayout>, deployment: String, chart: ChartContext) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let deployment = StoredValue::new(deployment);
    let dense = move || layout.with(|l| l.dense.clone());
    // A bar is drawn anew only when what it says changed (`Bar::identity`): a pan or zoom
    // moves the bars it keeps (their places, read from `places`), and they keep their nodes
    // (and the focus).
    let bars = move || layout.with(|l| l.bars.clone());
    let places = Memo::new(move |_| {
        layout.with(|l| {
            l.bars
                .iter()
                .map(|bar| (bar.id, bar.place()))
                .collect::<HashMap<Uuid, Place>>()
        })
    });
    let dense_key = |cell: &Dense| {
        (
            (cell.x0 * 1e6) as i64,
            cell.total(),
            cell.worst().as_str().to_string(),
        )
    };
    view! {
        <For
            each=dense
            key=dense_key
            children=move |cell: Dense| {
                let words = format!("{}; zoom in to see them", describe_dense(&cell));
                let (x0, x1) = (cell.x0, cell.x1);
                view! {
                    <button
                        type="button"
                        class=format!("tl-dense {}", css_class(&cell.worst()))
                        tabindex="-1"
                        data-x=format!("{x0:.5}")
                        data-count=cell.total()
                        style:left=format!("{:.3}%", x0 * 100.0)
                        style:width=format!("{:.3}%", (x1 - x0) * 100.0)
                        aria-label=words.clone()
                        title=words.clone()
                        on:focus={
                            let words = words.clone();
                            move |_| {
                                chart
                                    .pointed
                                    .set(
                                        Some(Pointed {
                                            run: None,
                                            text: words.clone(),
                                        }),
                                    )
                            }
                        }
                        on:click=move |_| chart.zoom_into.run((x0, x1))
                    >
                        <span aria-hidden="true">{cell.glyph()}</span>
                    </button>
                }
            }
        />
        <For
            each=bars
            key=Bar::identity
            children=move |bar: Bar| {
                let id = bar.id;
                let place = Memo::new(move |_| {
                    places.with(|p| p.get(&id).copied()).unwrap_or_default()
                });
                let text = describe(&bar, |at| said(&context, at));
                let pointed = Pointed {
                    run: Some(bar.id),
                    text: format!("{}: {text}", deployment.get_value()),
                };
                let point = move || chart.pointed.set(Some(pointed.clone()));
                let point_too = point.clone();
                let kind = match bar.kind {
                    BarKind::Ran => "",
                    BarKind::Running => " tl-bar--running",
                    BarKind::Planned => " tl-bar--planned",
                    BarKind::Late => " tl-bar--late",
                };
                let late = move || {
                    let place = place.get();
                    place
                        .late_from
                        .map(|from| {
                            view! {
                                <span
                                    class="tl-late"
                                    aria-hidden="true"
                                    style:left=format!("{:.3}%", from * 100.0)
                                    style:width=format!("{:.3}%", (place.x0 - from) * 100.0)
                                    style:top=format!("{}px", 4 + place.lane * 11)
                                ></span>
                            }
                        })
                };
                let (kind_of, state) = (bar.kind, bar.state_type.clone());
                view! {
                    {late}
                    <a
                        class=format!("tl-bar {}{kind}", css_class(&bar.state_type))
                        href=context.href(&routes::flow_run(bar.id))
                        tabindex="-1"
                        data-testid="timeline-bar"
                        data-run-id=bar.id.to_string()
                        data-state=bar.state_type.as_str().to_string()
                        data-x=move || format!("{:.5}", place.get().x0)
                        style:left=move || format!("{:.3}%", place.get().x0 * 100.0)
                        style:width=move || {
                            let p = place.get();
                            format!("{:.3}%", (p.x1 - p.x0) * 100.0)
                        }
                        style:top=move || format!("{}px", 4 + place.get().lane * 11)
                        aria-label=text.clone()
                        title=text
                        on:focus=move |_| point()
                        on:mouseenter=move |_| point_too()
                    >
                        <span aria-hidden="true">
                            {move || {
                                let p = place.get();
                                glyph_of(kind_of, &state, p.x1 - p.x0)
                            }}
                        </span>
                    </a>
                }
            }
        />
    }
}

/// A bar's glyph: `!` when late (narrow enough for any bar); none in another bar too narrow
/// to hold its glyph, whose state is in its name and title.
fn glyph_of(kind: BarKind, state: &StateType, width: f64) -> &'static str {
    match kind {
        BarKind::Late => "!",
        _ if width < 0.015 => "",
        _ => glyph(state),
    }
}

/// A work pool's lane: how many runs it holds over the window against its limit.
#[component]
pub fn PoolLane(
    /// The pool's name.
    name: String,
    /// Its concurrency limit, if it has one.
    limit: Option<i64>,
    chart: ChartContext,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let pool = name.clone();
    // Asked over the window and one more on each side, kept while pans stay within it.
    let range = Memo::new(move |held: Option<&(DateTime<Utc>, DateTime<Utc>)>| {
        let frame = chart.drawn.get();
        lane_range(held.copied(), frame.from, frame.to)
    });
    let runs = context.resource(Topic::FlowRuns, move |client| {
        let (from, to) = range.get();
        lane_runs(client, pool.clone(), from, to)
    });
    let last_good = Memo::new(move |previous: Option<&Option<_>>| match runs.get() {
        Some(Ok(lane)) => Some(lane),
        _ => previous.cloned().flatten(),
    });
    let cells = Memo::new(move |_| {
        let frame = chart.drawn.get();
        last_good
            .get()
            .map(|lane| pool_lane(&lane.runs, &frame, lane.median, LANE_CELLS, lane.known_from))
    });
    let summary = {
        let name = name.clone();
        move || match cells.get() {
            Some(cells) => lane_summary(&name, &cells, limit),
            None => format!("Work pool {name}: loading its runs"),
        }
    };
    let failed = move || match runs.get() {
        Some(Err(error)) => Some(format!("⚠ not loaded: {error}")),
        _ => None,
    };
    // The lane's scale: its highest column, or its limit when that is higher.
    let scale = Memo::new(move |_| {
        let top = cells.with(|c| {
            c.as_ref()
                .and_then(|c| c.iter().map(|c| c.planned).max())
                .unwrap_or(0)
        });
        f64::from(top.max(1)).max(limit.unwrap_or(0).clamp(0, 1_000_000) as f64)
    });
    // Not moved with the columns during a pan: it spans the whole track.
    let limit_line = move || {
        limit.filter(|l| *l > 0).map(|l| {
            view! {
                <span
                    class="tl-lane__limit"
                    style:bottom=format!("{:.1}%", l as f64 / scale.get() * 100.0)
                ></span>
            }
        })
    };
    let drawn = move || {
        let cells = cells.get().unwrap_or_default();
        let scale = scale.get();
        cells
            .iter()
            .filter(|c| c.planned > 0 || c.unknown)
            .map(|cell: &LaneCell| {
                let over = over_limit(cell, limit);
                let class = if cell.unknown {
                    "tl-lane__cell tl-lane__cell--unknown"
                } else if over {
                    "tl-lane__cell tl-lane__cell--over"
                } else {
                    "tl-lane__cell"
                };
                let height = |n: u32| format!("{:.1}%", f64::from(n) / scale * 100.0);
                view! {
                    <span
                        class=class
                        style:left=format!("{:.3}%", cell.x0 * 100.0)
                        style:width=format!("{:.3}%", (cell.x1 - cell.x0) * 100.0)
                    >
                        <span class="tl-lane__planned" style:height=height(cell.planned)></span>
                        <span class="tl-lane__held" style:height=height(cell.held)></span>
                    </span>
                }
            })
            .collect_view()
    };
    // Its own transition, as a deployment's row has.
    let loading_name = name.clone();
    let fallback = move || {
        view! {
            <div class="tl-lane" data-testid="pool-lane-loading">
                <span class="tl-row__name" title=loading_name.clone()>
                    {loading_name.clone()}
                </span>
                <span class="tl-track">
                    <span class="tl-loading">"Loading…"</span>
                </span>
            </div>
        }
    };
    view! {
        <Transition fallback>
            <div class="tl-lane" data-testid="pool-lane" data-pool=name.clone()>
                <span class="tl-row__name">
                    <a href=context.href(&routes::work_pool(&name)) title=name.clone()>
                        {name.clone()}
                    </a>
                    <span class="muted tl-lane__peak">
                        {move || {
                            let peak = cells.get().map_or(0, |cells| lane_peak(&cells));
                            match limit {
                                Some(l) => format!("peak {peak} · limit {l}"),
                                None => format!("peak {peak} · no limit"),
                            }
                        }}
                    </span>
                    <span class="tl-row__error" role="status">
                        {failed}
                    </span>
                </span>
                <span
                    class="tl-track tl-lane__track"
                    role="img"
                    aria-label=summary.clone()
                    title=summary
                >
                    {limit_line}
                    <span class="tl-marks">{drawn}</span>
                </span>
            </div>
        </Transition>
    }
}

/// What the arrow keys move between.
const MARKS: &str = ".tl-bar, .tl-dense";

/// A row's bars and counted cells, left to right.
fn marks_of(row: &web_sys::Element) -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let Ok(list) = row.query_selector_all(MARKS) else {
        return Vec::new();
    };
    let mut marks: Vec<web_sys::Element> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .collect();
    marks.sort_by(|a, b| mark_x(a).total_cmp(&mark_x(b)));
    marks
}

fn mark_x(mark: &web_sys::Element) -> f64 {
    mark.get_attribute("data-x")
        .and_then(|x| x.parse().ok())
        .unwrap_or(0.0)
}

/// Moves the focus by `key` from the focused bar (or, from the chart itself, to the first
/// bar): left and right along its row, Home and End to the row's ends, up and down to the
/// nearest bar in time of the next row that has any. True when the key was used.
pub fn move_focus(chart: &web_sys::Element, key: &str) -> bool {
    use wasm_bindgen::JsCast;
    if !matches!(
        key,
        "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End"
    ) {
        return false;
    }
    let rows: Vec<web_sys::Element> = match chart.query_selector_all(".tl-row") {
        Ok(list) => (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
            .collect(),
        Err(_) => return false,
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|a| a.matches(MARKS).unwrap_or(false) && chart.contains(Some(a)));
    let target = match active {
        None => rows.iter().find_map(|row| marks_of(row).into_iter().next()),
        Some(current) => {
            let row = current.closest(".tl-row").ok().flatten();
            let at = row
                .as_ref()
                .and_then(|row| rows.iter().position(|r| r == row));
            let marks = row.as_ref().map(marks_of).unwrap_or_default();
            let here = marks.iter().position(|m| *m == current).unwrap_or(0);
            let x = mark_x(&current);
            let nearest = |row: &web_sys::Element| {
                marks_of(row)
                    .into_iter()
                    .min_by(|a, b| (mark_x(a) - x).abs().total_cmp(&(mark_x(b) - x).abs()))
            };
            match (key, at) {
                ("ArrowRight", _) => marks.get(here + 1).cloned(),
                ("ArrowLeft", _) => here.checked_sub(1).and_then(|i| marks.get(i).cloned()),
                ("Home", _) => marks.first().cloned(),
                ("End", _) => marks.last().cloned(),
                ("ArrowDown", Some(at)) => rows.iter().skip(at + 1).find_map(nearest),
                ("ArrowUp", Some(at)) => rows.iter().take(at).rev().find_map(nearest),
                _ => None,
            }
        }
    };
    match target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(target) => target.focus().is_ok(),
        None => false,
    }
}

/// Where `client_x` falls across `track`, as a fraction of its width (the middle when the
/// track has no width).
pub fn pointer_fraction(track: &web_sys::Element, client_x: i32) -> f64 {
    let rect = track.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return 0.5;
    }
    ((f64::from(client_x) - rect.left()) / rect.width()).clamp(0.0, 1.0)
}
