use super::{FilterChips, StateBadge};
use crate::api::ApiResource;
use crate::domain::runs_query::{RunsQuery, Window, PAGE_SIZES, STATE_NAMES};
use crate::domain::time_range::TimeRange;
use crate::hooks::debounced;
use crate::loaders::flow_runs::FilterOptions;
use crate::schemas::responses::Named;
use crate::schemas::sorting::FlowRunSort;
use crate::schemas::StateType;
use leptos::prelude::*;

/// The flow-runs filter form. Every control writes the whole view into the URL through `go`
/// and goes back to page 1.
#[component]
pub fn RunsFilters(
    /// The view as read from the URL.
    query: Memo<RunsQuery>,
    /// Navigates to a new view.
    go: Callback<RunsQuery>,
    /// What the selects offer.
    options: ApiResource<FilterOptions>,
    /// Only what narrows the runs: no window, sort or page size (the timeline has its own
    /// window and draws every run).
    #[prop(optional)]
    filters_only: bool,
) -> impl IntoView {
    let set = move |change: &dyn Fn(&mut RunsQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.page = 1;
        go.run(next);
    };
    let range_value = move || match query.get().window {
        Window::Recent(r) => r.key().to_string(),
        Window::Between(..) => "custom".to_string(),
    };
    let state_boxes = STATE_NAMES
        .iter()
        .map(|(name, state_type)| {
            let name = name.to_string();
            let checked = {
                let name = name.clone();
                move || query.get().states.contains(&name)
            };
            let toggle = {
                let name = name.clone();
                move |_| {
                    set(&|q: &mut RunsQuery| {
                        if let Some(i) = q.states.iter().position(|s| *s == name) {
                            q.states.remove(i);
                        } else {
                            q.states.push(name.clone());
                        }
                    })
                }
            };
            view! {
                <label class="filters__state">
                    <input
                        type="checkbox"
                        name="state"
                        value=name.clone()
                        prop:checked=checked
                        on:change=toggle
                    />
                    <StateBadge state_type=state_type.clone() name=name />
                </label>
            }
        })
        .collect_view();
    let type_boxes = StateType::KNOWN
        .iter()
        .map(|state_type| {
            let checked = {
                let state_type = state_type.clone();
                move || query.get().state_types.contains(&state_type)
            };
            let toggle = {
                let state_type = state_type.clone();
                move |_| {
                    set(&|q: &mut RunsQuery| {
                        if let Some(i) = q.state_types.iter().position(|t| *t == state_type) {
                            q.state_types.remove(i);
                        } else {
                            q.state_types.push(state_type.clone());
                        }
                    })
                }
            };
            view! {
                <label class="filters__state">
                    <input
                        type="checkbox"
                        name="state_type"
                        value=state_type.as_str().to_string()
                        prop:checked=checked
                        on:change=toggle
                    />
                    <StateBadge state_type=state_type.clone() />
                </label>
            }
        })
        .collect_view();
    // The box follows the address (back, a saved view, a removed chip), but not while what
    // it holds already says the same (a space typed last stays).
    let search = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let name = query.with(|q| q.name.clone());
        if let Some(input) = search.get() {
            if input.value().trim() != name {
                input.set_value(&name);
            }
        }
    });
    // Typing narrows the list once the typing pauses; Enter or leaving the box at once.
    let search_for = move |v: String| {
        let v = v.trim().to_string();
        if query.with_untracked(|q| q.name != v) {
            set(&|q: &mut RunsQuery| q.name = v.clone());
        }
    };
    let typed = debounced(search_for);
    let chips = Signal::derive(move || {
        let named = |pick: fn(&FilterOptions) -> &Vec<Named>, id: uuid::Uuid| {
            options
                .get()
                .and_then(Result::ok)
                .and_then(|o| pick(&o).iter().find(|n| n.id == id).map(|n| n.name.clone()))
        };
        query.with(|q| {
            q.chips(
                |id| named(|o| &o.flows, id),
                |id| named(|o| &o.deployments, id),
            )
        })
    });
    let select_options = move |pick: fn(&FilterOptions) -> Vec<(String, String)>| {
        options
            .get()
            .and_then(Result::ok)
            .map(|o| pick(&o))
            .unwrap_or_default()
    };
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() data-testid="filters">
            <div class="filters__row">
                <label class="filters__search">
                    <span class="visually-hidden">"Run name contains"</span>
                    <input
                        type="search"
                        name="q"
                        placeholder="Search runs by name"
                        node_ref=search
                        on:input:target=move |ev| typed.run(ev.target().value())
                        on:change:target=move |ev| search_for(ev.target().value())
                    />
                </label>
                <Show when=move || !filters_only>
                    <label>
                        <span class="visually-hidden">"Window"</span>
                        <select
                            name="range"
                            prop:value=range_value
                            on:change:target=move |ev| {
                                let value = ev.target().value();
                                if let Some(range) = TimeRange::parse(&value) {
                                    set(&|q: &mut RunsQuery| q.window = Window::Recent(range))
                                }
                            }
                        >
                            {TimeRange::all()
                                .map(|r| view! { <option value=r.key()>{r.label()}</option> })
                                .collect_view()}
                            <option value="custom" disabled=true>
                                "Chosen bucket"
                            </option>
                        </select>
                    </label>
                </Show>
                <details class="filters__menu" data-testid="state-filter">
                    <summary>
                        {move || {
                            let q = query.get();
                            match q.state_types.len() + q.states.len() {
                                0 => "All states".to_string(),
                                n => format!("States ({n})"),
                            }
                        }}
                    </summary>
                    <div class="filters__popover">
                        <fieldset>
                            <legend>"State types"</legend>
                            {type_boxes}
                        </fieldset>
                        <fieldset class="filters__names">
                            <legend>"State names"</legend>
                            {state_boxes}
                        </fieldset>
                    </div>
                </details>
                <OneOf
                    label="Flow"
                    name="flow"
                    all="All flows"
                    options=Signal::derive(move || {
                        select_options(|o| {
                            o.flows.iter().map(|f| (f.id.to_string(), f.name.clone())).collect()
                        })
                    })
                    chosen=Signal::derive(move || {
                        query.with(|q| q.flows.first().map(ToString::to_string))
                    })
                    pick=Callback::new(move |v: String| {
                        set(
                            &|q: &mut RunsQuery| {
                                q.flows = uuid::Uuid::parse_str(&v).into_iter().collect();
                            },
                        )
                    })
                />
                <OneOf
                    label="Deployment"
                    name="deployment"
                    all="All deployments"
                    options=Signal::derive(move || {
                        select_options(|o| {
                            o.deployments
                                .iter()
                                .map(|d| (d.id.to_string(), d.name.clone()))
                                .collect()
                        })
                    })
                    chosen=Signal::derive(move || {
                        query.with(|q| q.deployments.first().map(ToString::to_string))
                    })
                    pick=Callback::new(move |v: String| {
                        set(
                            &|q: &mut RunsQuery| {
                                q.deployments = uuid::Uuid::parse_str(&v).into_iter().collect();
                            },
                        )
                    })
                />
                <OneOf
                    label="Work pool"
                    name="pool"
                    all="All work pools"
                    options=Signal::derive(move || {
                        select_options(|o| {
                            o.work_pools.iter().map(|p| (p.name.clone(), p.name.clone())).collect()
                        })
                    })
                    chosen=Signal::derive(move || query.with(|q| q.work_pools.first().cloned()))
                    pick=Callback::new(move |v: String| {
                        set(
                            &|q: &mut RunsQuery| {
                                q.work_pools = if v.is_empty() { vec![] } else { vec![v.clone()] };
                            },
                        )
                    })
                />
                <details class="filters__menu filters__more" data-testid="more-filters">
                    <summary>"More filters"</summary>
                    <div class="filters__popover">
                        <label>
                            "Tag "
                            <input
                                type="text"
                                name="tag"
                                placeholder="tag"
                                prop:value=move || query.get().tags.join(",")
                                on:change:target=move |ev| {
                                    let v = ev.target().value();
                                    set(
                                        &|q: &mut RunsQuery| {
                                            q.tags = v
                                                .split(',')
                                                .map(str::trim)
                                                .filter(|t| !t.is_empty())
                                                .map(str::to_string)
                                                .collect();
                                        },
                                    )
                                }
                            />
                        </label>
                        <label class="filters__check">
                            <input
                                type="checkbox"
                                name="hide-subflows"
                                prop:checked=move || query.get().hide_subflows
                                on:change:target=move |ev| {
                                    let v = ev.target().checked();
                                    set(&|q: &mut RunsQuery| q.hide_subflows = v)
                                }
                            />
                            " Hide subflows"
                        </label>
                        <Show when=move || !filters_only>
                            <label
                                class="filters__check"
                                title="Runs among those that wrote the newest 2,000 ERROR or CRITICAL lines since the window's start (Prefect cannot filter runs by their logs)"
                            >
                                <input
                                    type="checkbox"
                                    name="with-errors"
                                    data-testid="filter-with-errors"
                                    prop:checked=move || query.get().with_errors
                                    on:change:target=move |ev| {
                                        let v = ev.target().checked();
                                        set(&|q: &mut RunsQuery| q.with_errors = v)
                                    }
                                />
                                " Errors in its logs"
                            </label>
                        </Show>
                        <Show when=move || !filters_only>
                            <label>
                                "Sort "
                                <select
                                    name="sort"
                                    prop:value=move || query.get().sort.as_str().to_string()
                                    on:change:target=move |ev| {
                                        let v = ev.target().value();
                                        set(
                                            &|q: &mut RunsQuery| q.sort = FlowRunSort::from_wire(&v),
                                        )
                                    }
                                >
                                    <option value="EXPECTED_START_TIME_DESC">"Newest first"</option>
                                    <option value="EXPECTED_START_TIME_ASC">"Oldest first"</option>
                                    <option value="START_TIME_DESC">"Started, newest first"</option>
                                    <option value="NAME_ASC">"Name A–Z"</option>
                                    <option value="NAME_DESC">"Name Z–A"</option>
                                </select>
                            </label>
                            <label>
                                "Per page "
                                <select
                                    name="size"
                                    prop:value=move || query.get().page_size.to_string()
                                    on:change:target=move |ev| {
                                        let v = ev.target().value().parse().unwrap_or(50);
                                        set(&|q: &mut RunsQuery| q.page_size = v)
                                    }
                                >
                                    {PAGE_SIZES
                                        .iter()
                                        .map(|n| {
                                            view! { <option value=n.to_string()>{*n}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                        </Show>
                    </div>
                </details>
            </div>
            <FilterChips
                chips
                cleared=Signal::derive(move || query.with(RunsQuery::unfiltered))
                go
            />
        </form>
    }
}

/// One of the server's objects to narrow the runs to (a flow, a deployment, a work pool), or
/// all of them: a select whose label is for screen readers (its first option says it all).
#[component]
fn OneOf(
    /// What is chosen ("Flow").
    label: &'static str,
    /// The control's name.
    name: &'static str,
    /// The first option, meaning no filter ("All flows").
    all: &'static str,
    /// (value, name) of each choice.
    options: Signal<Vec<(String, String)>>,
    /// The value in the address, if any.
    chosen: Signal<Option<String>>,
    /// Called with the value picked ("" for all).
    pick: Callback<String>,
) -> impl IntoView {
    view! {
        <label>
            <span class="visually-hidden">{label}</span>
            <select name=name on:change:target=move |ev| pick.run(ev.target().value())>
                <option value="">{all}</option>
                {move || {
                    let chosen = chosen.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(value, shown)| {
                            let selected = chosen.as_deref() == Some(value.as_str());
                            view! {
                                <option value=value selected=selected>
                                    {shown}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}
