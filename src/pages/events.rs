//! The event feed (`/events`): events by resource, name prefix and time window, newest first
//! (or oldest), every filter in the URL; older pages by the server's `next_page` token, and
//! new events pushed by the events stream.

use crate::api::invalidation::Topic;
use crate::api::ApiError;
use crate::components::{
    ApiErrorPanel, FetchedSignal, FilterForm, KeyedRow, KeyedTable, SavedViewsBar, StateBadge, Time,
};
use crate::context::AppContext;
use crate::domain::events::{
    event_label, merge_pages, oldest_occurred, pushed_in_view, related_pool, resource_name,
    resource_page, resource_role, total_with_pushed, EventsQuery, EVENT_PREFIXES,
};
use crate::domain::keyed::Keyed;
use crate::domain::live::LiveScope;
use crate::domain::time_range::TimeRange;
use crate::hooks::use_page_title;
use crate::live::{use_live, LiveFeed};
use crate::loaders::events::{first_page, next_page};
use crate::platform;
use crate::routes;
use crate::schemas::events::{EventPage, ReceivedEvent, Resource};
use crate::schemas::StateType;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;

/// Related resources shown in a row (the event's page has them all).
const RELATED_IN_ROW: usize = 3;

/// A resource as a link to its page when it has one, else its name as text.
#[component]
pub fn ResourceLink(
    /// The resource's labels.
    resource: Resource,
    /// The work pool among the event's related resources (`related_pool`): a work queue
    /// links to its page by it.
    pool: Option<String>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let name = resource_name(&resource).to_string();
    let title = resource
        .get("prefect.resource.id")
        .cloned()
        .unwrap_or_default();
    match resource_page(&resource, pool.as_deref()) {
        Some(page) => view! {
            <a href=context.href(&routes::resource(&page)) title=title class="name">
                {name}
            </a>
        }
        .into_any(),
        None => view! {
            <span title=title class="name">
                {name}
            </span>
        }
        .into_any(),
    }
}

/// A run event's state (its resource's `prefect.state-type` and name), as a badge.
pub fn state_of(resource: &Resource) -> Option<impl IntoView> {
    let kind = resource.get("prefect.state-type")?;
    let name = resource.get("prefect.state-name").cloned();
    Some(view! { <StateBadge state_type=StateType::from_wire(kind) name /> })
}

fn row_view(event: ReceivedEvent) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let href = context.href(&routes::event(event.id, Some(event.occurred.0)));
    let label = event_label(&event.event);
    let more = event.related.len().saturating_sub(RELATED_IN_ROW);
    let pool = related_pool(&event.related);
    let related = event
        .related
        .iter()
        .take(RELATED_IN_ROW)
        .map(|r| {
            let role = resource_role(r);
            view! {
                <li>
                    <span class="muted">{role}": "</span>
                    <ResourceLink resource=r.clone() pool=pool.clone() />
                </li>
            }
        })
        .collect_view();
    view! {
        <tr data-testid="event-row" data-id=event.id.to_string()>
            <td>
                <Time at=Some(event.occurred) relative=true />
            </td>
            <td>
                <a class="primary" href=href title=event.event.clone() data-testid="event-row-name">
                    {label}
                </a>
                <div class="muted small">
                    <code>{event.event.clone()}</code>
                </div>
            </td>
            <td data-testid="event-row-resource">
                {state_of(&event.resource)}" "
                <ResourceLink resource=event.resource.clone() pool=pool.clone() />
            </td>
            <td>
                <ul class="plain-list">{related}</ul>
                {(more > 0)
                    .then(|| view! { <span class="muted">{format!("and {more} more")}</span> })}
            </td>
        </tr>
    }
}

/// Pages after the first that were loaded for one view (older ones, or newer when the feed
/// runs oldest first), with the token of the page after them.
#[derive(Clone, Default)]
struct Later {
    /// The view they belong to (`None`: nothing loaded yet).
    query: Option<EventsQuery>,
    events: Vec<ReceivedEvent>,
    next: Option<String>,
}

/// The event feed page (`/events`).
#[component]
pub fn EventsPage() -> impl IntoView {
    use_page_title("Events");
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| EventsQuery::from_pairs(|k| m.get_str(k))));
    use_live(|| LiveScope {
        events: true,
        ..LiveScope::default()
    });
    let data = context.resource(Topic::Events, move |client| first_page(client, query.get()));
    let feed = use_context::<LiveFeed>();
    // Belongs to the view it was loaded for: another view starts with none.
    let later = RwSignal::new(Later::default());
    let later_error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(false);
    let list_path = context.href(routes::EVENTS);
    let render = move |page: Signal<Arc<EventPage>>| {
        let current = move || {
            later.with(|l| {
                (l.query.as_ref() == Some(&query.get())).then(|| (l.events.clone(), l.next.clone()))
            })
        };
        let next_token = move || match current() {
            Some((_, next)) => next,
            None => page.with(|p| p.next_page_token()),
        };
        // Loaded beyond the first page, for this view.
        let later_events = move || current().map(|(events, _)| events).unwrap_or_default();
        let pushed = Memo::new(move |_| {
            let Some(feed) = feed else {
                return Vec::new();
            };
            let q = query.get();
            let more = next_token().is_some();
            let later = later_events();
            let oldest = page.with(|p| oldest_occurred(p.events.iter().chain(later.iter())));
            feed.recent
                .with(|recent| pushed_in_view(&q, recent, oldest, more, platform::now()))
        });
        let events = Memo::new(move |_| {
            let first = page.get();
            let more = later_events();
            pushed.with(|pushed| {
                merge_pages(
                    [pushed.as_slice(), first.events.as_slice(), more.as_slice()],
                    |e| e.id,
                    |e| e.occurred.0,
                    query.get().oldest_first,
                )
            })
        });
        let total = move || {
            let later = later_events();
            page.with(|p| {
                pushed.with(|pushed| {
                    total_with_pushed(p.total, p.events.iter().chain(later.iter()), pushed)
                })
            })
        };
        let rows = Signal::derive(move || {
            events
                .get()
                .into_iter()
                .map(|e| KeyedRow::new(Keyed::new(e.id.to_string(), e), row_view))
                .collect::<Vec<_>>()
        });
        let load_more = move |_| {
            let Some(token) = next_token() else {
                return;
            };
            if loading.get_untracked() {
                return;
            }
            loading.set(true);
            later_error.set(None);
            let view = query.get_untracked();
            // The first page as it is now joins the loaded ones: a refetch of the first page
            // after new events then leaves no gap before them.
            let shown = events.get_untracked();
            let client = context.client();
            leptos::task::spawn_local(async move {
                match next_page(client, token).await {
                    Ok(more) => {
                        let next = more.next_page_token();
                        let _ = later.try_set(Later {
                            query: Some(view),
                            events: [shown, more.events].concat(),
                            next,
                        });
                    }
                    Err(error) => {
                        let _ = later_error.try_set(Some(error));
                    }
                }
                let _ = loading.try_set(false);
            });
        };
        view! {
            <p class="muted" data-testid="events-count">
                {move || {
                    let shown = events.with(Vec::len);
                    format!("{shown} of {} events in this window", total())
                }}
            </p>
            <Show
                when=move || !rows.with(Vec::is_empty)
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="no-events">
                            "No events match in this window: widen it, or clear the resource and event."
                        </p>
                    }
                }
            >
                <KeyedTable
                    testid="events-table"
                    class="table--compact"
                    headers=&["Occurred", "Event", "Resource", "Related"]
                    rows
                />
            </Show>
            {move || {
                later_error
                    .get()
                    .map(|error| view! { <ApiErrorPanel title="Older events" error /> })
            }}
            <Show when=move || next_token().is_some()>
                <button
                    type="button"
                    data-testid="events-more"
                    on:click=load_more
                    disabled=move || loading.get()
                >
                    {move || {
                        if loading.get() {
                            "Loading…"
                        } else if query.get().oldest_first {
                            "Load newer"
                        } else {
                            "Load older"
                        }
                    }}
                </button>
            </Show>
        }
    };
    view! {
        <section class="page">
            <h1>"Events"</h1>
            <SavedViewsBar path=routes::EVENTS />
            <FilterForm action=list_path>
                <label>
                    <span class="visually-hidden">"Resource"</span>
                    <input
                        type="search"
                        name="resource"
                        placeholder="Resource: prefect.flow-run.<id> or a prefix"
                        prop:value=move || query.get().resource
                    />
                </label>
                <label>
                    <span class="visually-hidden">"Event"</span>
                    <input
                        type="search"
                        name="event"
                        list="event-prefixes"
                        placeholder="Event: a name or its start"
                        prop:value=move || query.get().event
                    />
                </label>
                <datalist id="event-prefixes">
                    {EVENT_PREFIXES
                        .iter()
                        .map(|p| view! { <option value=*p></option> })
                        .collect_view()}
                </datalist>
                <label>
                    <span class="visually-hidden">"When"</span>
                    <select name="range" prop:value=move || query.get().range.key()>
                        {TimeRange::all()
                            .map(|r| view! { <option value=r.key()>{r.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">"Order"</span>
                    <select
                        name="order"
                        prop:value=move || if query.get().oldest_first { "asc" } else { "" }
                    >
                        <option value="">"Newest first"</option>
                        <option value="asc">"Oldest first"</option>
                    </select>
                </label>
            </FilterForm>
            <FetchedSignal resource=data title="Events" loading="Loading events…" render />
        </section>
    }
}
