//! Concurrency limits: global limits with their slots in use against the limit and their
//! slot decay, and tag limits with the task runs holding their slots (linked, looked up in
//! one request). Every verdict has a glyph and words.

use crate::api::invalidation::Topic;
use crate::components::{FetchedSignal, KeyedPart, KeyedRow, SlotsMeter, StateBadge, Time};
use crate::context::AppContext;
use crate::domain::concurrency::{decay, global_only};
use crate::domain::keyed::Keyed;
use crate::hooks::use_page_title;
use crate::loaders::concurrency::{concurrency_page, ConcurrencyPage};
use crate::routes;
use crate::schemas::{StateType, Timestamp};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug, Hash)]
struct GlobalRow {
    name: String,
    active: bool,
    /// Slots in use and the limit.
    slots: (i64, i64),
    decay: String,
    updated: Option<Timestamp>,
}

fn global_view(row: GlobalRow) -> impl IntoView {
    view! {
        <tr data-testid="global-limit-row">
            <td data-testid="limit-name">{row.name}</td>
            <td>
                {if row.active {
                    view! {
                        <span>
                            <span aria-hidden="true">"● "</span>
                            "Active"
                        </span>
                    }
                        .into_any()
                } else {
                    view! {
                        <span class="muted">
                            <span aria-hidden="true">"○ "</span>
                            "Inactive: not enforced"
                        </span>
                    }
                        .into_any()
                }}
            </td>
            <td>
                <SlotsMeter active=row.slots.0 limit=row.slots.1 words=true />
            </td>
            <td>{row.decay}</td>
            <td>
                <Time at=row.updated relative=true />
            </td>
        </tr>
    }
}

/// A task run holding a tag slot: linked by name with its state (by id when not found).
#[derive(Clone, Debug, Hash)]
struct Holder {
    href: String,
    name: String,
    state: Option<(StateType, Option<String>)>,
}

#[derive(Clone, Debug, Hash)]
struct TagRow {
    tag: String,
    /// Slots in use and the limit.
    slots: (i64, i64),
    holders: Vec<Holder>,
}

fn tag_view(row: TagRow) -> impl IntoView {
    view! {
        <tr data-testid="tag-limit-row">
            <td data-testid="limit-tag">{row.tag}</td>
            <td>
                <SlotsMeter active=row.slots.0 limit=row.slots.1 words=true />
            </td>
            <td>
                {if row.holders.is_empty() {
                    view! { <span class="muted">"—"</span> }.into_any()
                } else {
                    view! {
                        <ul class="plain" data-testid="limit-holders">
                            {row
                                .holders
                                .into_iter()
                                .map(|h| {
                                    view! {
                                        <li>
                                            {h
                                                .state
                                                .map(|(state_type, name)| {
                                                    view! {
                                                        <StateBadge state_type name />
                                                        " "
                                                    }
                                                })} <a href=h.href data-testid="limit-holder">
                                                {h.name}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </td>
        </tr>
    }
}

/// The concurrency limits page.
#[component]
pub fn ConcurrencyLimitsPage() -> impl IntoView {
    use_page_title("Concurrency limits");
    let context = expect_context::<AppContext>();
    // Limits change with runs: the runs topic refreshes them (events, or the shell's poll).
    let data = context.resource(Topic::FlowRuns, move |client| async move {
        Ok(concurrency_page(client).await)
    });
    view! {
        <section class="page">
            <h1>"Concurrency limits"</h1>
            <FetchedSignal
                resource=data
                title="Concurrency limits"
                loading="Loading the limits…"
                render=move |page| view! { <LimitTables page /> }
            />
        </section>
    }
}

#[component]
fn LimitTables(
    /// Both kinds of limits and the holders of tag slots.
    page: Signal<Arc<ConcurrencyPage>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let global = Signal::derive(move || {
        let page = page.get();
        let tags = page.tags.as_deref().unwrap_or_default();
        page.global.as_ref().map_err(Clone::clone).map(|limits| {
            global_only(limits, tags)
                .into_iter()
                .map(|l| {
                    let row = GlobalRow {
                        name: l.name.clone(),
                        active: l.active,
                        slots: (l.active_slots, l.limit),
                        decay: decay(l.slot_decay_per_second),
                        updated: l.updated,
                    };
                    KeyedRow::new(Keyed::new(l.id.to_string(), row), global_view)
                })
                .collect::<Vec<_>>()
        })
    });
    let tags = Signal::derive(move || {
        let page = page.get();
        let found = page.holders.as_ref().ok();
        page.tags.clone().map(|limits| {
            limits
                .iter()
                .map(|l| {
                    let holders = l
                        .active_slots
                        .iter()
                        .map(|id| {
                            let task_run = found.and_then(|all| all.iter().find(|t| t.id == *id));
                            Holder {
                                href: context.href(&routes::task_run(*id)),
                                name: task_run.map_or_else(|| id.to_string(), |t| t.name.clone()),
                                state: task_run.and_then(|t| {
                                    let state = t.state.as_ref()?;
                                    Some((state.state_type.clone(), Some(state.display_name())))
                                }),
                            }
                        })
                        .collect();
                    let row = TagRow {
                        tag: l.tag.clone(),
                        slots: (l.active_slots.len() as i64, l.concurrency_limit),
                        holders,
                    };
                    KeyedRow::new(Keyed::new(l.id.to_string(), row), tag_view)
                })
                .collect::<Vec<_>>()
        })
    });
    let holders_failed = move || {
        page.get()
            .holders
            .as_ref()
            .err()
            .map(|error| view! {
                <p class="muted" data-testid="holders-error">
                    {format!(
                        "The task runs holding slots could not be named ({error}); they show by id.",
                    )}
                </p>
            })
    };
    view! {
        <h2>"Global limits"</h2>
        <p class="muted">
            "Limits by name, taken by Prefect's concurrency() and rate_limit() and by deployments (tag limits are below)."
        </p>
        <KeyedPart
            title="Global limits"
            testid="global-limits"
            class="table--compact"
            headers=&["Name", "Status", "Slots in use", "Slot decay", "Updated"]
            part=global
            empty=|| {
                view! {
                    <p class="muted" data-testid="no-global-limits">
                        "No global concurrency limits. Make one with prefect gcl create NAME --limit 5."
                    </p>
                }
            }
        />
        <h2>"Tag limits"</h2>
        <p class="muted">"Task runs with a limited tag wait for one of its slots."</p>
        {holders_failed}
        <KeyedPart
            title="Tag limits"
            testid="tag-limits"
            class="table--compact"
            headers=&["Tag", "Slots in use", "Held by"]
            part=tags
            empty=|| {
                view! {
                    <p class="muted" data-testid="no-tag-limits">
                        "No tag concurrency limits. Make one with prefect concurrency-limit create TAG 5."
                    </p>
                }
            }
        />
    }
}
