//! Concurrency limits: global limits with their slots in use against the limit and their
//! slot decay, and tag limits with the task runs holding their slots (linked, looked up in
//! one request). Every verdict has a glyph and words.

use crate::api::invalidation::Topic;
use crate::api::{ApiError, PrefectClient};
use crate::components::{
    ActionFuture, ActionState, ActionStatus, ConfirmAction, FetchedSignal, KeyedPart, KeyedRow,
    ManagedForm, OnDemandForm, SlotsMeter, StateBadge, Time,
};
use crate::context::AppContext;
use crate::domain::concurrency::{decay, global_only};
use crate::domain::keyed::Keyed;
use crate::domain::limit_forms::{global_reset_words, tag_reset_words};
use crate::hooks::use_page_title;
use crate::loaders::concurrency::{concurrency_page, ConcurrencyPage};
use crate::loaders::manage::{
    delete_concurrency_limit_by_tag, delete_global_concurrency_limit,
    reset_concurrency_limit_by_tag, reset_global_concurrency_limit,
};
use crate::routes;
use crate::schemas::{GlobalConcurrencyLimitResponse, StateType, Timestamp};
use leptos::prelude::*;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone, Debug, Hash)]
struct GlobalRow {
    id: Uuid,
    /// The limit as the API said it (what its edit starts from).
    json: String,
    name: String,
    active: bool,
    /// Slots in use and the limit.
    slots: (i64, i64),
    decay: String,
    updated: Option<Timestamp>,
}

/// The page's changes to limits, for their rows (none when read-only).
#[derive(Clone, Copy)]
struct LimitActions(ActionState);

/// A row's action: `call` made on each confirm, with the page's client.
fn act<F>(call: impl Fn(PrefectClient) -> F + Send + Sync + 'static) -> Callback<(), ActionFuture>
where
    F: std::future::Future<Output = Result<String, ApiError>> + 'static,
{
    let context = expect_context::<AppContext>();
    Callback::new(move |()| Box::pin(call(context.client())) as ActionFuture)
}

/// A global limit's Edit…, Reset and Delete.
fn global_actions(row: &GlobalRow, state: ActionState) -> impl IntoView {
    let limit: Option<GlobalConcurrencyLimitResponse> = serde_json::from_str(&row.json).ok();
    let edit = limit.clone().map(|limit| {
        view! { <OnDemandForm label="Edit…" form=ManagedForm::EditGlobalLimit(limit) state /> }
    });
    let reset_words = limit.as_ref().map_or_else(
        || "Its slots in use are freed.".to_string(),
        global_reset_words,
    );
    let (id, name) = (row.id, row.name.clone());
    let reset = {
        let name = name.clone();
        act(move |client| reset_global_concurrency_limit(client, id, name.clone()))
    };
    let delete = {
        let name = name.clone();
        act(move |client| delete_global_concurrency_limit(client, id, name.clone()))
    };
    view! {
        <td class="cell-actions">
            <span class="actions">
                {edit}
                <ConfirmAction
                    state
                    label="Reset"
                    title=format!("Reset the global limit {name}?")
                    body=reset_words
                    confirm="Reset limit"
                    act=reset
                    topics=vec![Topic::FlowRuns]
                />
                <ConfirmAction
                    state
                    label="Delete"
                    title=format!("Delete the global limit {name}?")
                    body="What takes it runs without it from now on (a concurrency() call that \
                    names it waits for nothing). This cannot be undone."
                    confirm="Delete limit"
                    act=delete
                    topics=vec![Topic::FlowRuns]
                    danger=true
                />
            </span>
        </td>
    }
}

fn global_view(row: GlobalRow) -> impl IntoView {
    let actions =
        use_context::<LimitActions>().map(|LimitActions(state)| global_actions(&row, state));
    let data_name = row.name.clone();
    view! {
        <tr data-testid="global-limit-row" data-name=data_name>
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
            {actions}
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

/// A tag limit's Reset and Delete.
fn tag_actions(row: &TagRow, state: ActionState) -> impl IntoView {
    let held: Vec<String> = row.holders.iter().map(|h| h.name.clone()).collect();
    let tag = row.tag.clone();
    let reset = {
        let tag = tag.clone();
        act(move |client| reset_concurrency_limit_by_tag(client, tag.clone()))
    };
    let delete = {
        let tag = tag.clone();
        act(move |client| delete_concurrency_limit_by_tag(client, tag.clone()))
    };
    view! {
        <td class="cell-actions">
            <span class="actions">
                <ConfirmAction
                    state
                    label="Reset"
                    title=format!("Reset the limit of the tag {tag}?")
                    body=tag_reset_words(&held)
                    confirm="Reset limit"
                    act=reset
                    topics=vec![Topic::FlowRuns]
                />
                <ConfirmAction
                    state
                    label="Delete"
                    title=format!("Delete the limit of the tag {tag}?")
                    body="Task runs with this tag run without a limit from now on. This cannot \
                    be undone."
                    confirm="Delete limit"
                    act=delete
                    topics=vec![Topic::FlowRuns]
                    danger=true
                />
            </span>
        </td>
    }
}

fn tag_view(row: TagRow) -> impl IntoView {
    let actions = use_context::<LimitActions>().map(|LimitActions(state)| tag_actions(&row, state));
    let data_tag = row.tag.clone();
    view! {
        <tr data-testid="tag-limit-row" data-tag=data_tag>
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
            {actions}
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
    // New, edit, reset and delete, hidden when read-only.
    let state = ActionState::default();
    if !context.read_only() {
        provide_context(LimitActions(state));
    }
    view! {
        <section class="page">
            <h1>"Concurrency limits"</h1>
            {(!context.read_only())
                .then(|| {
                    view! {
                        <p data-testid="limits-status">
                            <ActionStatus state />
                        </p>
                    }
                })}
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
    let actions = use_context::<LimitActions>();
    let global = Signal::derive(move || {
        let page = page.get();
        let tags = page.tags.as_deref().unwrap_or_default();
        page.global.as_ref().map_err(Clone::clone).map(|limits| {
            global_only(limits, tags)
                .into_iter()
                .map(|l| {
                    let row = GlobalRow {
                        id: l.id,
                        json: serde_json::to_string(l).unwrap_or_default(),
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
    // The tags that have a limit (a new one for them is refused: the server would change it).
    let existing = Memo::new(move |_| {
        page.with(|p| {
            p.tags
                .as_ref()
                .map(|t| t.iter().map(|l| l.tag.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let new_global = actions.map(|LimitActions(state)| {
        view! {
            <div class="actions" data-testid="global-limits-actions">
                <OnDemandForm label="New global limit…" form=ManagedForm::NewGlobalLimit state />
            </div>
        }
    });
    let new_tag = move || {
        actions.map(|LimitActions(state)| {
            let form = ManagedForm::NewTagLimit(existing.get());
            view! {
                <div class="actions" data-testid="tag-limits-actions">
                    <OnDemandForm label="New tag limit…" form state />
                </div>
            }
        })
    };
    let (global_headers, tag_headers): (&'static [&'static str], &'static [&'static str]) =
        if actions.is_some() {
            (
                &[
                    "Name",
                    "Status",
                    "Slots in use",
                    "Slot decay",
                    "Updated",
                    "Actions",
                ],
                &["Tag", "Slots in use", "Held by", "Actions"],
            )
        } else {
            (
                &["Name", "Status", "Slots in use", "Slot decay", "Updated"],
                &["Tag", "Slots in use", "Held by"],
            )
        };
    view! {
        <h2>"Global limits"</h2>
        {new_global}
        <p class="muted">
            "Limits by name, taken by Prefect's concurrency() and rate_limit() and by deployments (tag limits are below)."
        </p>
        <KeyedPart
            title="Global limits"
            testid="global-limits"
            class="table--compact"
            headers=global_headers
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
        {new_tag}
        {holders_failed}
        <KeyedPart
            title="Tag limits"
            testid="tag-limits"
            class="table--compact"
            headers=tag_headers
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
