//! The event feed: its view in the URL (resource, event name prefix, time window, order),
//! the filter it asks for, event names in words and the pages an event's resources have.

use crate::domain::format::bounded_text;
use crate::domain::time_range::{parse_range, TimeRange};
use crate::schemas::events::{ReceivedEvent, Resource};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Event name prefixes offered as suggestions (any prefix can be typed).
pub const EVENT_PREFIXES: [&str; 8] = [
    "prefect.flow-run.",
    "prefect.task-run.",
    "prefect.deployment.",
    "prefect.work-pool.",
    "prefect.work-queue.",
    "prefect.worker.",
    "prefect.automation.",
    "prefect.block.",
];

/// The feed's view, read from the URL: never fails, bad values fall back to the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EventsQuery {
    /// A resource id or the start of one (`prefect.flow-run.<id>`, `prefect.deployment.`).
    pub resource: String,
    /// The start of the event's name (`prefect.flow-run.Failed`, `prefect.work-pool.`).
    pub event: String,
    pub range: TimeRange,
    pub oldest_first: bool,
}

impl EventsQuery {
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> EventsQuery {
        EventsQuery {
            resource: bounded_text(get("resource").unwrap_or_default(), 300),
            event: bounded_text(get("event").unwrap_or_default(), 200),
            range: parse_range(get("range")),
            oldest_first: get("order").map(str::trim) == Some("asc"),
        }
    }

    /// `?resource=..&event=..&range=..&order=asc`, each left out at its default.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if !self.resource.is_empty() {
            pairs.push(("resource", self.resource.clone()));
        }
        if !self.event.is_empty() {
            pairs.push(("event", self.event.clone()));
        }
        if self.range != TimeRange::default() {
            pairs.push(("range", self.range.key().to_string()));
        }
        if self.oldest_first {
            pairs.push(("order", "asc".to_string()));
        }
        crate::url::query_string(&pairs)
    }
}

impl EventsQuery {
    /// `event` belongs in this view (for events pushed by the stream, which carries every
    /// event): the resource prefix matches its resource or a related one, the name prefix
    /// its name, and it occurred inside the window ending `now`.
    pub fn matches(&self, event: &ReceivedEvent, now: DateTime<Utc>) -> bool {
        let id_matches = |r: &Resource| {
            r.get("prefect.resource.id")
                .is_some_and(|id| id.starts_with(&self.resource))
        };
        let (since, _) = self.range.bounds(now);
        event.occurred.0 >= since
            && event.event.starts_with(&self.event)
            && (self.resource.is_empty()
                || id_matches(&event.resource)
                || event.related.iter().any(id_matches))
    }
}

/// When the oldest of `events` occurred.
pub fn oldest_occurred<'a>(
    events: impl Iterator<Item = &'a ReceivedEvent>,
) -> Option<DateTime<Utc>> {
    events.map(|e| e.occurred.0).min()
}

/// The events pushed by the stream that belong on screen in `query`'s view: those it
/// matches; newest first, while older pages remain, only those no older than the oldest
/// loaded (older ones come with their pages: the stream's catch-up reaches a minute back);
/// oldest first, none until the last page is in (they belong at its end).
pub fn pushed_in_view(
    query: &EventsQuery,
    pushed: &[ReceivedEvent],
    oldest_loaded: Option<DateTime<Utc>>,
    more_pages: bool,
    now: DateTime<Utc>,
) -> Vec<ReceivedEvent> {
    if query.oldest_first && more_pages {
        return Vec::new();
    }
    let floor = oldest_loaded.filter(|_| more_pages);
    pushed
        .iter()
        .filter(|e| query.matches(e, now))
        .filter(|e| floor.is_none_or(|oldest| e.occurred.0 >= oldest))
        .cloned()
        .collect()
}

/// The count the feed shows: the server's total when its first page came, plus the pushed
/// events none of the loaded pages holds.
pub fn total_with_pushed<'a>(
    server_total: i64,
    loaded: impl Iterator<Item = &'a ReceivedEvent>,
    pushed: &[ReceivedEvent],
) -> i64 {
    let loaded: std::collections::HashSet<Uuid> = loaded.map(|e| e.id).collect();
    let new = pushed.iter().filter(|e| !loaded.contains(&e.id)).count();
    server_total.saturating_add(i64::try_from(new).unwrap_or(i64::MAX))
}

/// An event's name in words: `prefect.flow-run.Completed` → "Flow run Completed",
/// `prefect.work-pool.not-ready` → "Work pool not ready". Names not in Prefect's own
/// `prefect.<kind>.<what>` form are shown as they are.
pub fn event_label(name: &str) -> String {
    let Some(rest) = name
        .strip_prefix("prefect.")
        .or_else(|| name.strip_prefix("prefect-cloud."))
    else {
        return name.to_string();
    };
    let Some((kind, what)) = rest.split_once('.') else {
        return name.to_string();
    };
    let kind = kind.replace('-', " ");
    let mut chars = kind.chars();
    let kind: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{kind} {}", what.replace('-', " "))
}

/// A resource's name (`prefect.resource.name`), else its id, else "unnamed".
pub fn resource_name(resource: &Resource) -> &str {
    resource
        .get("prefect.resource.name")
        .or_else(|| resource.get("prefect.resource.id"))
        .map_or("unnamed", String::as_str)
}

/// What a resource's role is, in words (`prefect.resource.role`), else its kind.
pub fn resource_role(resource: &Resource) -> String {
    resource
        .get("prefect.resource.role")
        .cloned()
        .or_else(|| {
            let id = resource.get("prefect.resource.id")?;
            let kind = id.strip_prefix("prefect.")?.split('.').next()?;
            Some(kind.replace('-', " "))
        })
        .unwrap_or_default()
}

/// The dashboard page of a resource, when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourcePage {
    FlowRun(Uuid),
    TaskRun(Uuid),
    Flow(Uuid),
    Deployment(Uuid),
    /// Work pool pages go by name.
    WorkPool(String),
    /// A queue's page goes by its pool's name and its own.
    WorkQueue {
        pool: String,
        queue: String,
    },
    Block(Uuid),
    Automations,
    ConcurrencyLimits,
}

/// The name of the work pool among an event's related resources: a work queue's page goes
/// by it (Prefect names a queue's pool beside it, in the queue's and its runs' events).
pub fn related_pool(related: &[Resource]) -> Option<String> {
    related
        .iter()
        .find(|r| {
            r.get("prefect.resource.id")
                .is_some_and(|id| id.starts_with("prefect.work-pool."))
        })
        .and_then(|r| r.get("prefect.resource.name"))
        .filter(|name| !name.is_empty())
        .cloned()
}

/// The page `resource` links to: by the kind and id in `prefect.resource.id` (a work queue
/// by its name and `pool`, the event's [`related_pool`]).
pub fn resource_page(resource: &Resource, pool: Option<&str>) -> Option<ResourcePage> {
    let id = resource.get("prefect.resource.id")?;
    let rest = id.strip_prefix("prefect.")?;
    let (kind, tail) = rest.split_once('.')?;
    let uuid = || Uuid::parse_str(tail).ok();
    match kind {
        "flow-run" => uuid().map(ResourcePage::FlowRun),
        "task-run" => uuid().map(ResourcePage::TaskRun),
        "flow" => uuid().map(ResourcePage::Flow),
        "deployment" => uuid().map(ResourcePage::Deployment),
        "block-document" => uuid().map(ResourcePage::Block),
        "work-pool" => resource
            .get("prefect.resource.name")
            .filter(|n| !n.is_empty())
            .map(|n| ResourcePage::WorkPool(n.clone())),
        "work-queue" => {
            let queue = resource
                .get("prefect.resource.name")
                .filter(|n| !n.is_empty())?;
            Some(ResourcePage::WorkQueue {
                pool: pool.filter(|p| !p.is_empty())?.to_string(),
                queue: queue.clone(),
            })
        }
        "automation" => Some(ResourcePage::Automations),
        "concurrency-limit" => Some(ResourcePage::ConcurrencyLimits),
        _ => None,
    }
}

/// Merges pages of one feed into one list: each event once, in the feed's order (newest
/// first unless `oldest_first`), ties kept in the order they came.
pub fn merge_pages<'a, E: Clone + 'a>(
    pages: impl IntoIterator<Item = &'a [E]>,
    id: impl Fn(&E) -> Uuid,
    occurred: impl Fn(&E) -> DateTime<Utc>,
    oldest_first: bool,
) -> Vec<E> {
    let mut seen = std::collections::HashSet::new();
    let mut all: Vec<E> = pages
        .into_iter()
        .flatten()
        .filter(|e| seen.insert(id(e)))
        .cloned()
        .collect();
    all.sort_by(|a, b| {
        let order = occurred(a).cmp(&occurred(b));
        if oldest_first {
            order
        } else {
            order.reverse()
        }
    });
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use serde_json::json;

    fn labels(pairs: &[(&str, &str)]) -> Resource {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_view_round_trips_through_the_url_and_survives_junk() {
        let pairs = [
            ("resource", " prefect.deployment. "),
            ("event", "prefect.flow-run.Failed"),
            ("range", "7d"),
            ("order", "asc"),
        ];
        let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let q = EventsQuery::from_pairs(get);
        assert_eq!(q.resource, "prefect.deployment.");
        assert!(q.oldest_first);
        assert_eq!(
            q.to_query_string(),
            "?resource=prefect.deployment.&event=prefect.flow-run.Failed&range=7d&order=asc"
        );
        let long = "x".repeat(5000);
        let junk = [("range", "99y"), ("order", "sideways"), ("event", &long)];
        let get = |k: &str| junk.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let q = EventsQuery::from_pairs(get);
        assert_eq!(q.range, TimeRange::default());
        assert!(!q.oldest_first);
        assert_eq!(q.event.len(), 200);
        assert_eq!(EventsQuery::default().to_query_string(), "");
    }

    #[test]
    fn event_names_read_as_words() {
        assert_eq!(
            event_label("prefect.flow-run.Completed"),
            "Flow run Completed"
        );
        assert_eq!(
            event_label("prefect.work-pool.not-ready"),
            "Work pool not ready"
        );
        assert_eq!(
            event_label("prefect-cloud.automation.triggered"),
            "Automation triggered"
        );
        assert_eq!(event_label("my.own.event"), "my.own.event");
        assert_eq!(event_label("prefect."), "prefect.");
        assert_eq!(event_label("prefect.ü.x"), "Ü x");
    }

    #[test]
    fn resources_link_to_their_pages() {
        let id = "6f1f7cd4-1b2f-4bb6-9d77-0c0c7b7b5a10";
        let run = labels(&[("prefect.resource.id", &format!("prefect.flow-run.{id}"))]);
        assert_eq!(
            resource_page(&run, None),
            Some(ResourcePage::FlowRun(
                Uuid::parse_str(id).unwrap_or_default()
            ))
        );
        assert_eq!(resource_role(&run), "flow run");
        assert_eq!(resource_name(&run), format!("prefect.flow-run.{id}"));
        let pool = labels(&[
            ("prefect.resource.id", &format!("prefect.work-pool.{id}")),
            ("prefect.resource.name", "my pool"),
            ("prefect.resource.role", "work-pool"),
        ]);
        assert_eq!(
            resource_page(&pool, None),
            Some(ResourcePage::WorkPool("my pool".into()))
        );
        assert_eq!(resource_role(&pool), "work-pool");
        assert_eq!(resource_name(&pool), "my pool");
        let tag = labels(&[("prefect.resource.id", "prefect.tag.etl")]);
        assert_eq!(resource_page(&tag, None), None);
        let bad = labels(&[("prefect.resource.id", "prefect.flow-run.not-a-uuid")]);
        assert_eq!(resource_page(&bad, None), None);
        assert_eq!(resource_page(&labels(&[]), None), None);
        assert_eq!(resource_name(&labels(&[])), "unnamed");
        // A queue goes by its pool, named among the event's related resources.
        let queue = labels(&[
            ("prefect.resource.id", &format!("prefect.work-queue.{id}")),
            ("prefect.resource.name", "default"),
        ]);
        let flow = labels(&[("prefect.resource.id", &format!("prefect.flow.{id}"))]);
        let pool_name = related_pool(&[flow.clone(), pool.clone()]);
        assert_eq!(pool_name.as_deref(), Some("my pool"));
        assert_eq!(
            resource_page(&queue, pool_name.as_deref()),
            Some(ResourcePage::WorkQueue {
                pool: "my pool".into(),
                queue: "default".into()
            })
        );
        assert_eq!(related_pool(&[flow]), None);
        assert_eq!(resource_page(&queue, None), None);
        assert_eq!(resource_page(&queue, Some("")), None);
    }

    #[test]
    fn pushed_events_are_matched_as_the_server_would() {
        let event: ReceivedEvent = serde_json::from_value(json!({
            "id": Uuid::nil(), "occurred": "2026-12-03T12:00:00Z",
            "event": "prefect.flow-run.Failed",
            "resource": {"prefect.resource.id": "prefect.flow-run.abc"},
            "related": [{"prefect.resource.id": "prefect.deployment.d1", "prefect.resource.role": "deployment"}],
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let q = |resource: &str, event: &str| EventsQuery {
            resource: resource.into(),
            event: event.into(),
            ..EventsQuery::default()
        };
        let now = event.occurred.0 + Duration::hours(1);
        assert!(q("", "").matches(&event, now));
        assert!(q("prefect.flow-run.", "prefect.flow-run.F").matches(&event, now));
        assert!(
            q("prefect.deployment.d1", "").matches(&event, now),
            "by a related one"
        );
        assert!(!q("prefect.deployment.d2", "").matches(&event, now));
        assert!(!q("", "prefect.task-run.").matches(&event, now));
        let later = event.occurred.0 + Duration::days(2);
        assert!(!q("", "").matches(&event, later), "outside the window");
    }

    #[test]
    fn pushed_events_join_where_the_loaded_pages_end_and_count_once() {
        let at = |s: i64| DateTime::<Utc>::from_timestamp(s, 0).unwrap_or_default();
        let event = |n: u128, s: i64| -> ReceivedEvent {
            serde_json::from_value(json!({
                "id": Uuid::from_u128(n), "occurred": at(s), "event": "prefect.flow-run.Running",
                "resource": {"prefect.resource.id": "prefect.flow-run.abc"},
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let pushed = [event(1, 100), event(2, 40)];
        let now = at(200);
        let newest = EventsQuery::default();
        let ids = |found: Vec<ReceivedEvent>| found.iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(
            ids(pushed_in_view(&newest, &pushed, Some(at(50)), true, now)),
            vec![Uuid::from_u128(1)],
            "older than the loaded pages: comes with the next page"
        );
        assert_eq!(
            pushed_in_view(&newest, &pushed, Some(at(50)), false, now).len(),
            2
        );
        let oldest = EventsQuery {
            oldest_first: true,
            ..EventsQuery::default()
        };
        assert!(pushed_in_view(&oldest, &pushed, None, true, now).is_empty());
        assert_eq!(pushed_in_view(&oldest, &pushed, None, false, now).len(), 2);
        let loaded = [event(2, 40), event(3, 30)];
        assert_eq!(total_with_pushed(10, loaded.iter(), &pushed), 11);
        assert_eq!(
            total_with_pushed(i64::MAX, loaded.iter(), &pushed),
            i64::MAX
        );
        assert_eq!(oldest_occurred(loaded.iter()), Some(at(30)));
    }

    #[test]
    fn pages_merge_each_event_once_in_order() {
        let at = |s: i64| DateTime::<Utc>::from_timestamp(s, 0).unwrap_or_default();
        let ids: Vec<Uuid> = (0..4u128).map(Uuid::from_u128).collect();
        let first = [(ids[3], at(30)), (ids[2], at(20))];
        let older = [(ids[2], at(20)), (ids[1], at(10)), (ids[0], at(0))];
        let merged = merge_pages([&first[..], &older[..]], |e| e.0, |e| e.1, false);
        let order: Vec<Uuid> = merged.iter().map(|e| e.0).collect();
        assert_eq!(order, vec![ids[3], ids[2], ids[1], ids[0]]);
        let merged = merge_pages([&first[..], &older[..]], |e| e.0, |e| e.1, true);
        assert_eq!(merged.first().map(|e| e.0), Some(ids[0]));
    }
}
