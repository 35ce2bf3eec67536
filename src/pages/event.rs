//! One event (`/events/event/<id>?occurred=…`): its name in words, when it occurred and was
//! received, its resource and every related one (linked to their pages and to their own
//! events), and its payload as JSON text.

use super::events::{state_of, ResourceLink};
use crate::api::invalidation::Topic;
use crate::components::{ErrorPanel, Fetched, IdPage, Time};
use crate::context::AppContext;
use crate::domain::events::{event_label, related_pool, resource_role};
use crate::hooks::use_object_title;
use crate::loaders::events::event;
use crate::routes;
use crate::schemas::events::{ReceivedEvent, Resource};
use crate::schemas::Timestamp;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

/// The event page.
#[component]
pub fn EventPage() -> impl IntoView {
    view! {
        <IdPage
            what="Event"
            back=routes::EVENTS
            back_label="All events"
            page=|id| view! { <EventView id /> }
        />
    }
}

#[component]
fn EventView(id: Uuid) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let query = use_query_map();
    // A bad `occurred` is no hint: the wider search still finds the event.
    let occurred = Memo::new(move |_| {
        query.with(|q| {
            q.get_str("occurred")
                .and_then(Timestamp::parse)
                .map(|t| t.0)
        })
    });
    let data = context.resource(Topic::Connection, move |client| {
        event(client, id, occurred.get())
    });
    use_object_title("Event", move || match data.get() {
        Some(Ok(found)) => Option::as_ref(&found).map(|e| vec![event_label(&e.event)]),
        _ => None,
    });
    view! {
        <section class="page">
            <p>
                <a href=context.href(routes::EVENTS)>"Events"</a>
            </p>
            <Fetched
                resource=data
                title="This event"
                loading="Loading the event…"
                render=move |found| match found {
                    Some(event) => view! { <EventDetails event /> }.into_any(),
                    None => {
                        view! {
                            <h1>"Event"</h1>
                            <ErrorPanel
                                title="No such event"
                                message="The server has no event with this id in the time searched \
                                (events are kept for a limited time)."
                            />
                        }
                            .into_any()
                    }
                }
            />
        </section>
    }
}

/// A resource's labels as a table, with links to its page and its events.
#[component]
fn ResourceLabels(
    /// The labels, `prefect.resource.id` among them.
    resource: Resource,
    /// `data-testid` of the block.
    testid: &'static str,
    /// The work pool among the event's related resources (a queue links by it).
    pool: Option<String>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let id = resource
        .get("prefect.resource.id")
        .cloned()
        .unwrap_or_default();
    let role = resource_role(&resource);
    let events = context.href(&routes::events_of(&id));
    let labels = resource
        .iter()
        .map(|(k, v)| {
            view! {
                <tr>
                    <td>
                        <code>{k.clone()}</code>
                    </td>
                    <td>
                        <code class="wrap">{v.clone()}</code>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card" data-testid=testid>
            <h3>
                <span class="muted">{role}" "</span>
                <ResourceLink resource=resource.clone() pool />
                " "
                {state_of(&resource)}
            </h3>
            <p>
                <a href=events data-testid="resource-events">
                    "Its events"
                </a>
            </p>
            <table class="table--compact">
                <tbody>{labels}</tbody>
            </table>
        </div>
    }
}

#[component]
fn EventDetails(
    /// The event, as the server sent it.
    event: ReceivedEvent,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let payload = serde_json::to_string_pretty(&event.payload).unwrap_or_default();
    let follows = event.follows.map(|id| {
        view! {
            <div class="stat stat--wide">
                <dt>"Follows"</dt>
                <dd>
                    <a href=context.href(&routes::event(id, None)) data-testid="event-follows">
                        {id.to_string()}
                    </a>
                </dd>
            </div>
        }
    });
    let pool = related_pool(&event.related);
    let related = event
        .related
        .iter()
        .map(|r| view! { <ResourceLabels resource=r.clone() testid="event-related" pool=pool.clone() /> })
        .collect_view();
    view! {
        <h1 data-testid="event-label">{event_label(&event.event)}</h1>
        <dl class="facts stats">
            <div class="stat stat--wide">
                <dt>"Event"</dt>
                <dd>
                    <code data-testid="event-name">{event.event.clone()}</code>
                </dd>
            </div>
            <div class="stat">
                <dt>"Occurred"</dt>
                <dd>
                    <Time at=Some(event.occurred) />
                </dd>
            </div>
            <div class="stat">
                <dt>"Received"</dt>
                <dd>
                    <Time at=event.received />
                </dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Id"</dt>
                <dd>
                    <code data-testid="event-id">{event.id.to_string()}</code>
                </dd>
            </div>
            {follows}
        </dl>
        <h2>"Resource"</h2>
        <ResourceLabels resource=event.resource.clone() testid="event-resource" pool />
        <h2>{format!("Related ({})", event.related.len())}</h2>
        {event.related.is_empty().then(|| view! { <p class="muted">"None."</p> })}
        <div class="cards">{related}</div>
        <h2>"Payload"</h2>
        <pre class="json" data-testid="event-payload">
            {payload}
        </pre>
    }
}
