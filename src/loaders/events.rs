//! The event feed's loaders: the newest page of a view, the page after a token, and one
//! event by id.

use super::requests::{event_by_id, events_filter};
use crate::api::{ApiError, PrefectClient};
use crate::domain::events::EventsQuery;
use crate::platform;
use crate::schemas::events::{EventPage, ReceivedEvent};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Events per page (the server's maximum).
pub const PAGE_SIZE: u32 = 50;

/// The first page of `query`'s events, in the window ending now.
pub async fn first_page(client: PrefectClient, query: EventsQuery) -> Result<EventPage, ApiError> {
    client
        .events_filter(&events_filter(&query, platform::now()), PAGE_SIZE)
        .await
}

/// The page after the one whose `next_page` held `token`.
pub async fn next_page(client: PrefectClient, token: String) -> Result<EventPage, ApiError> {
    client.events_next(&token).await
}

/// The event `id` (`None`: the server has no such event in the window searched).
pub async fn event(
    client: PrefectClient,
    id: Uuid,
    occurred: Option<DateTime<Utc>>,
) -> Result<Option<ReceivedEvent>, ApiError> {
    let page = client.events_filter(&event_by_id(id, occurred), 1).await?;
    Ok(page.events.into_iter().find(|e| e.id == id))
}
