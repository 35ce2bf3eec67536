//! The timeline (`/timeline`): every deployment's runs in one window, past and scheduled,
//! and the load on each work pool underneath. Window, grouping and filters live in the URL.

use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::components::timeline_chart::{
    move_focus, pointer_fraction, ChartContext, Pointed, PoolLane, TimelineAxis, TimelineRows,
};
use crate::components::{ApiErrorPanel, Clock, RunsFilters, SavedViewsBar};
use crate::context::AppContext;
use crate::domain::live::LiveScope;
use crate::domain::runs_query::RunsQuery;
use crate::domain::runs_timeline::{grouped, pan_shift, Frame};
use crate::domain::timeline_query::{Group, Preset, TimelineQuery, TimelineWindow};
use crate::hooks::use_page_title;
use crate::live::use_live;
use crate::loaders::flow_runs::filter_choices;
use crate::loaders::timeline::{run_name, timeline_rows, TimelineRows as Rows, MAX_ROWS};
use crate::platform;
use crate::routes;
use leptos::ev::{KeyboardEvent, WheelEvent};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::sync::Arc;
use std::time::Duration;

/// How long after the last pan step the rows and lanes are laid out for the new window
/// (keys held down or a wheel pan well within it).
const PAN_SETTLES: Duration = Duration::from_millis(250);

/// The timeline page.
#[component]
pub fn TimelinePage() -> impl IntoView {
    use_page_title("Timeline");
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| TimelineQuery::from_pairs(|k| m.get_str(k))));
    let filters = Memo::new(move |_| query.get().filters);
    let group = Memo::new(move |_| query.get().group);
    use_live(move || LiveScope {
        flow_runs: true,
        related: filters.get().related_resources(),
        ..LiveScope::default()
    });
    let clock = use_context::<Clock>();
    let frame = Memo::new(move |_| {
        let now = clock.map_or_else(platform::now, |c| c.get());
        let (from, to) = query.with(|q| q.window.bounds(now));
        Frame { from, to, now }
    });
    let navigate = use_navigate();
    let go = Callback::new(move |(next, replace): (TimelineQuery, bool)| {
        navigate(
            &context.href(&routes::timeline(&next.to_query_string())),
            NavigateOptions {
                replace,
                ..Default::default()
            },
        );
    });
    let set_window = move |window: TimelineWindow, replace: bool| {
        go.run((query.get_untracked().with_window(window), replace));
    };
    let zoom = move |factor: f64, at: f64, replace: bool| {
        let window = query.get_untracked().window;
        set_window(window.zoom(factor, at, platform::now()), replace);
    };
    let pan = move |fraction: f64, replace: bool| {
        let window = query.get_untracked().window;
        set_window(window.pan(fraction, platform::now()), replace);
    };
    // A pan moves what is drawn at once (one style on the chart) and lays it out for the new
    // window once panning stops; anything else (a zoom, a jump) lays it out at once.
    let drawn = RwSignal::new(frame.get_untracked());
    let settling = StoredValue::new(0u64);
    Effect::new(move |_| {
        let view = frame.get();
        let generation = settling.get_value().wrapping_add(1);
        settling.set_value(generation);
        match pan_shift(&drawn.get_untracked(), &view) {
            Some(shift) if shift != 0.0 => set_timeout(
                move || {
                    if settling.try_get_value() == Some(generation) {
                        if let Some(view) = frame.try_get_untracked() {
                            drawn.try_set(view);
                        }
                    }
                },
                PAN_SETTLES,
            ),
            _ => drawn.set(view),
        }
    });
    let shift = Memo::new(move |_| pan_shift(&drawn.get(), &frame.get()).unwrap_or(0.0));
    let pointed = RwSignal::new(None::<Pointed>);
    let chart = ChartContext {
        query,
        frame,
        drawn: drawn.into(),
        pointed,
        zoom_into: Callback::new(move |(x0, x1): (f64, f64)| {
            let window = query.get_untracked().window;
            set_window(window.part(x0, x1, platform::now()), false);
        }),
    };
    let go_filters = Callback::new(move |filters: RunsQuery| {
        go.run((
            TimelineQuery {
                filters,
                ..query.get_untracked()
            },
            false,
        ))
    });
    let rows = context.resource(Topic::Deployments, move |client| {
        timeline_rows(client, filters.get())
    });
    let options = context.resource(Topic::Choices, filter_choices);
    let pointed_run = Memo::new(move |_| pointed.get().and_then(|p| p.run));
    let name = context.follow_up(Topic::FlowRuns, pointed_run, run_name);
    let chart_ref = NodeRef::<leptos::html::Div>::new();
    let on_key = move |ev: KeyboardEvent| {
        if platform::is_text_field(ev.target()) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        let handled = match key.as_str() {
            "+" | "=" => {
                zoom(0.5, 0.5, false);
                true
            }
            "-" | "_" => {
                zoom(2.0, 0.5, false);
                true
            }
            "[" => {
                pan(-0.25, false);
                true
            }
            "]" => {
                pan(0.25, false);
                true
            }
            _ => chart_ref
                .get()
                .is_some_and(|chart| move_focus(&chart, &key)),
        };
        if handled {
            ev.prevent_default();
        }
    };
    // Ctrl (or ⌘) and the wheel zoom about the pointer; Shift and the wheel pan. Each step
    // replaces the address rather than adding to the history.
    let on_wheel = move |ev: WheelEvent| {
        if ev.ctrl_key() || ev.meta_key() {
            let at = chart_ref
                .get()
                .and_then(|chart| chart.query_selector(".tl-axis__track").ok().flatten())
                .map_or(0.5, |track| pointer_fraction(&track, ev.client_x()));
            zoom(if ev.delta_y() > 0.0 { 1.25 } else { 0.8 }, at, true);
            ev.prevent_default();
        } else if ev.shift_key() {
            let delta = if ev.delta_x() != 0.0 {
                ev.delta_x()
            } else {
                ev.delta_y()
            };
            pan(delta.signum() * 0.1, true);
            ev.prevent_default();
        }
    };
    // Read through memos owned by the page, not inside a `Fetched` frame: its transition
    // would hold the chart until every row's and lane's runs were in (the slowest lane
    // decided the first draw). A failed refresh says so above the chart, which stays.
    let answer = Memo::new_with_compare(move |_| rows.get(), |_, _| true);
    let last_good = Memo::new(
        move |previous: Option<&Option<Arc<Rows>>>| match answer.get() {
            Some(Ok(found)) => Some(found),
            _ => previous.cloned().flatten(),
        },
    );
    // Rendered once: a refresh that finds the same deployments changes nothing on screen
    // (the rows keep their runs, the scroll stays where it is).
    let render = move |found: Signal<Arc<Rows>>| {
        let items = Memo::new(move |_| {
            Arc::new(found.with(|f| grouped(&f.deployments, &f.flows, group.get())))
        });
        let pools = Memo::new(move |_| found.with(|f| f.pools.clone()));
        let empty = move || found.with(|f| f.deployments.is_empty());
        let more = move || {
            found.with(|f| f.more).then(|| {
                view! {
                    <p class="stale" role="status">
                        {format!(
                            "Showing the first {MAX_ROWS} deployments by name: narrow them with the filters.",
                        )}
                    </p>
                }
            })
        };
        view! {
            <Show
                when=move || !empty()
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="timeline-empty">
                            "No deployments match these filters: remove a filter to see their runs."
                        </p>
                    }
                }
            >
                {more}
                <div
                    class="tl-chart"
                    node_ref=chart_ref
                    tabindex="0"
                    role="region"
                    aria-label=move || format!("Runs by deployment, {}", query.get().window.label())
                    aria-describedby="timeline-keys"
                    data-testid="timeline"
                    style:--tl-shift=move || format!("{:.4}%", shift.get() * 100.0)
                    on:keydown=on_key
                    on:wheel=on_wheel
                >
                    <TimelineAxis chart />
                    <TimelineRows items chart />
                    <h2 class="tl-lanes__title">"Work pools: runs held at once"</h2>
                    <For
                        each=move || pools.get()
                        key=|pool| pool.clone()
                        children=move |(name, limit)| view! { <PoolLane name limit chart /> }
                    />
                </div>
            </Show>
        }
    };
    let details = move || {
        let pointed = pointed.get()?;
        let name = match name.get() {
            FollowUp::Found(found) => found.as_ref().clone().map(|n| format!("{n} — ")),
            _ => None,
        };
        Some(format!("{}{}", name.unwrap_or_default(), pointed.text))
    };
    view! {
        <section class="page timeline-page">
            <h1>"Timeline"</h1>
            <SavedViewsBar path=routes::TIMELINE />
            <RunsFilters query=filters go=go_filters options filters_only=true />
            <WindowControls
                query
                go
                zoom=Callback::new(move |factor| zoom(factor, 0.5, false))
                pan=Callback::new(move |by| pan(by, false))
            />
            <p class="tl-details" aria-live="polite" data-testid="timeline-details">
                {move || {
                    details().unwrap_or_else(|| "Point at or focus a run to see it here.".into())
                }}
            </p>
            {move || {
                answer
                    .get()
                    .and_then(Result::err)
                    .map(|error| view! { <ApiErrorPanel title="Deployments" error /> })
            }}
            <Show
                when=move || last_good.with(Option::is_some)
                fallback=|| view! { <p class="muted">"Loading deployments…"</p> }
            >
                {render(Signal::derive(move || last_good.get().unwrap_or_default()))}
            </Show>
            <p class="muted tl-keys" id="timeline-keys">
                "Keys: arrows move between runs, Enter opens one, + and − zoom, [ and ] move earlier and later. Ctrl and the wheel zoom, Shift and the wheel pan."
            </p>
        </section>
    }
}

/// The window's preset, grouping, zoom and pan.
#[component]
fn WindowControls(
    query: Memo<TimelineQuery>,
    /// Navigates to a view (and whether it replaces the address).
    go: Callback<(TimelineQuery, bool)>,
    /// Zooms by a factor about the middle.
    zoom: Callback<f64>,
    /// Pans by a fraction of the window.
    pan: Callback<f64>,
) -> impl IntoView {
    let preset = move || match query.get().window {
        TimelineWindow::Preset(p) => p.key().to_string(),
        TimelineWindow::Fixed(..) => "custom".to_string(),
    };
    let pick = move |key: String| {
        if let Some(p) = Preset::parse(&key) {
            go.run((
                query.get_untracked().with_window(TimelineWindow::Preset(p)),
                false,
            ));
        }
    };
    let regroup = move |key: String| {
        let group = if key == "pool" {
            Group::WorkPool
        } else {
            Group::Flow
        };
        go.run((
            TimelineQuery {
                group,
                ..query.get_untracked()
            },
            false,
        ));
    };
    view! {
        <div class="tl-controls" role="toolbar" aria-label="Window">
            <label>
                "Window "
                <select
                    name="window"
                    prop:value=preset
                    on:change:target=move |ev| pick(ev.target().value())
                >
                    {Preset::all()
                        .map(|p| view! { <option value=p.key()>{p.label()}</option> })
                        .collect_view()}
                    <option value="custom" disabled=true>
                        "Zoomed"
                    </option>
                </select>
            </label>
            <label>
                "Rows by "
                <select
                    name="group"
                    prop:value=move || query.get().group.key()
                    on:change:target=move |ev| regroup(ev.target().value())
                >
                    <option value="flow">"Flow"</option>
                    <option value="pool">"Work pool"</option>
                </select>
            </label>
            <button type="button" on:click=move |_| pan.run(-0.5) title="Earlier ([)">
                "◀ Earlier"
            </button>
            <button type="button" on:click=move |_| zoom.run(0.5) title="Zoom in (+)">
                "+ Zoom in"
            </button>
            <button type="button" on:click=move |_| zoom.run(2.0) title="Zoom out (−)">
                "− Zoom out"
            </button>
            <button type="button" on:click=move |_| pan.run(0.5) title="Later (])">
                "Later ▶"
            </button>
            <span class="tl-controls__window" data-testid="timeline-window">
                {move || query.get().window.label()}
            </span>
        </div>
    }
}
