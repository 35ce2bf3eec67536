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

/// By id: an event never changes once received (equal events have equal ids).
impl std::hash::Hash for ReceivedEvent {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
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
    /// The `page-token` query value of `next_page`, percent-decoded (the request encodes it
    /// again); `None` when there is no next page or no token in it.
    pub fn next_page_token(&self) -> Option<String> {
        let url = self.next_page.as_deref()?;
        let query = url.split_once('?')?.1;
        let raw = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("page-token="))?;
        Some(percent_decode(raw)).filter(|t| !t.is_empty())
    }
}

/// `%XX` escapes decoded; anything not a valid escape (or not UTF-8 after) is kept as sent.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(value as u8);
                i += 3;
            }
            (Some(&b), _, _) => {
                out.push(b);
                i += 1;
            }
            _ => break,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Which events (`EventFilter`): always a time window; the rest only when set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventFilter {
    pub occurred: EventOccurredFilter,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventNameFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any_resource: Option<EventAnyResourceFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<EventIdFilter>,
    pub order: EventOrder,
}

/// `EventOccurredFilter`: since and until, both inclusive.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventOccurredFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
}

/// `EventNameFilter`: names starting with any of `prefix`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventNameFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefix: Vec<String>,
}

/// `EventAnyResourceFilter`: the resource or any related one has one of these ids, or an
/// id starting with one of `id_prefix`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventAnyResourceFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id_prefix: Vec<String>,
}

/// `EventIDFilter`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventIdFilter {
    pub id: Vec<Uuid>,
}

/// `EventOrder`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum EventOrder {
    #[serde(rename = "ASC")]
    Asc,
    #[default]
    #[serde(rename = "DESC")]
    Desc,
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
