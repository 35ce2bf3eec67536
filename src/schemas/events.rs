//! Events (`/events/filter`, `/events/count-by/*`, and the `/events/out` websocket).

use super::wire::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A resource: labels, at least `prefect.resource.id` (`Resource`).
pub type Resource = BTreeMap<String, String>;
/// A related resource: also has `prefect.resource.role` (`RelatedResource`).
pub type RelatedResource = BTreeMap<String, String>;

/// An event as the server received it (`ReceivedEvent`; `Event` plus `received`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedEvent {
    pub occurred: Timestamp,
    pub event: String,
    pub resource: Resource,
    #[serde(default)]
    pub related: Vec<RelatedResource>,
    #[serde(default)]
    pub payload: serde_json::Map<String, serde_json::Value>,
    pub id: Uuid,
    #[serde(default)]
    pub follows: Option<Uuid>,
    #[serde(default)]
    pub received: Option<Timestamp>,
}

impl ReceivedEvent {
    /// `resource["prefect.resource.id"]`, e.g. `prefect.flow-run.<uuid>`.
    pub fn resource_id(&self) -> Option<&str> {
        self.resource.get("prefect.resource.id").map(String::as_str)
    }
}

/// A page of events (`EventPage`). Use only the `page-token` of `next_page`: its host and
/// path are built by the server and can be wrong behind a proxy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    pub events: Vec<ReceivedEvent>,
    pub total: i64,
    #[serde(default)]
    pub next_page: Option<String>,
}

impl EventPage {
    /// The `page-token` query value of `next_page`.
    pub fn next_page_token(&self) -> Option<&str> {
        let url = self.next_page.as_deref()?;
        let query = url.split_once('?')?.1;
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("page-token="))
    }
}

/// One bucket of `/events/count-by/{countable}` (`EventCount`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventCount {
    pub value: String,
    pub label: String,
    pub count: i64,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
}
