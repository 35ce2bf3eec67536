//! The flow-runs view as URL state: every filter, the sort and the page live in the query
//! string, so a link reproduces the view. Parsing never fails: bad values fall back.

pub use super::list_query::FilterChip;
use super::time_range::{parse_list as list, parse_page, parse_search, TimeRange};
use crate::schemas::sorting::FlowRunSort;
use crate::schemas::{StateType, Timestamp};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Rows per page. Above 200 (the server's cap) a page is fetched in windows of 200.
pub const PAGE_SIZES: [u32; 6] = [25, 50, 100, 200, 1000, 10_000];

/// The time window of the view.
#[derive(Clone, Debug, PartialEq)]
pub enum Window {
    /// A preset ending now, e.g. "24h".
    Recent(TimeRange),
    /// A fixed interval, e.g. a history bucket the user chose: [from, to).
    Between(Timestamp, Timestamp),
}

/// Everything the flow-runs view shows, as read from and written to the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct RunsQuery {
    pub window: Window,
    /// State types (FAILED, CRASHED, ...); empty = all.
    pub state_types: Vec<StateType>,
    /// State names ("Failed", "Late", ...); empty = all.
    pub states: Vec<String>,
    pub flows: Vec<Uuid>,
    pub deployments: Vec<Uuid>,
    pub work_pools: Vec<String>,
    pub tags: Vec<String>,
    /// Substring of the run name.
    pub name: String,
    pub hide_subflows: bool,
    /// Only runs that logged an ERROR or CRITICAL line (`logs=errors`; the runs page only).
    pub with_errors: bool,
    pub sort: FlowRunSort,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

impl Default for RunsQuery {
    fn default() -> Self {
        RunsQuery {
            window: Window::Recent(TimeRange::default()),
            state_types: Vec::new(),
            states: Vec::new(),
            flows: Vec::new(),
            deployments: Vec::new(),
            work_pools: Vec::new(),
            tags: Vec::new(),
            name: String::new(),
            hide_subflows: false,
            with_errors: false,
            sort: FlowRunSort::ExpectedStartTimeDesc,
            page: 1,
            page_size: 50,
        }
    }
}

impl RunsQuery {
    /// Reads the query string's pairs (already decoded); unknown or bad values fall back.
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> RunsQuery {
        let default = RunsQuery::default();
        let window = match (
            get("from").and_then(Timestamp::parse),
            get("to").and_then(Timestamp::parse),
        ) {
            (Some(from), Some(to)) if from < to => Window::Between(from, to),
            _ => get("range")
                .and_then(TimeRange::parse)
                .map_or(default.window, Window::Recent),
        };
        let sort = get("sort")
            .map(FlowRunSort::from_wire)
            .filter(|s| !matches!(s, FlowRunSort::Unknown(_)))
            .unwrap_or(default.sort);
        RunsQuery {
            window,
            state_types: list(get("state_type"))
                .iter()
                .map(|t| StateType::from_wire(t))
                .filter(|t| !matches!(t, StateType::Unknown(_)))
                .collect(),
            states: list(get("state")),
            flows: list(get("flow"))
                .iter()
                .filter_map(|s| Uuid::parse_str(s).ok())
                .collect(),
            deployments: list(get("deployment"))
                .iter()
                .filter_map(|s| Uuid::parse_str(s).ok())
                .collect(),
            work_pools: list(get("pool")),
            tags: list(get("tag")),
            name: parse_search(get("q")),
            hide_subflows: get("subflows") == Some("hide"),
            with_errors: get("logs") == Some("errors"),
            sort,
            page: parse_page(get("page")),
            page_size: get("size")
                .and_then(|p| p.parse().ok())
                .filter(|p| PAGE_SIZES.contains(p))
                .unwrap_or(default.page_size),
        }
    }

    /// The query pairs that differ from the defaults, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let default = RunsQuery::default();
        let mut pairs = Vec::new();
        match &self.window {
            Window::Recent(range) if self.window != default.window => {
                pairs.push(("range", range.key().to_string()))
            }
            Window::Recent(_) => {}
            Window::Between(from, to) => {
                pairs.push(("from", from.to_wire()));
                pairs.push(("to", to.to_wire()));
            }
        }
        let join = |items: &[String]| items.join(",");
        let ids = |items: &[Uuid]| {
            items
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let types = self
            .state_types
            .iter()
            .map(|t| t.as_str().to_string())
            .collect::<Vec<_>>()
            .join(",");
        for (key, value) in [
            ("state_type", types),
            ("state", join(&self.states)),
            ("flow", ids(&self.flows)),
            ("deployment", ids(&self.deployments)),
            ("pool", join(&self.work_pools)),
            ("tag", join(&self.tags)),
            ("q", self.name.clone()),
        ] {
            if !value.is_empty() {
                pairs.push((key, value));
            }
        }
        if self.hide_subflows {
            pairs.push(("subflows", "hide".into()));
        }
        if self.with_errors {
            pairs.push(("logs", "errors".into()));
        }
        if self.sort != default.sort {
            pairs.push(("sort", self.sort.as_str().to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.page_size != default.page_size {
            pairs.push(("size", self.page_size.to_string()));
        }
        pairs
    }

    /// The resources an event must be related to for a run this view shows (its
    /// deployments, flows and tags), for the events stream's filter; empty when the view is
    /// not narrowed by any of them. A superset: the view's own query decides what shows.
    pub fn related_resources(&self) -> Vec<String> {
        let mut related: Vec<String> = Vec::new();
        related.extend(
            self.deployments
                .iter()
                .map(|id| format!("prefect.deployment.{id}")),
        );
        related.extend(self.flows.iter().map(|id| format!("prefect.flow.{id}")));
        related.extend(self.tags.iter().map(|tag| format!("prefect.tag.{tag}")));
        related
    }

    /// The window as [from, to) at `now`.
    pub fn bounds(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        match &self.window {
            Window::Between(from, to) => (from.0, to.0),
            Window::Recent(range) => range.bounds(now),
        }
    }

    /// `?range=7d&state_type=FAILED…` for a link to this view (empty at the defaults).
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&self.to_pairs())
    }

    /// The same view on another page.
    pub fn with_page(&self, page: u32) -> RunsQuery {
        RunsQuery {
            page: page.max(1),
            ..self.clone()
        }
    }
}

/// Prefect's state names, grouped by the type whose colour they take ("Late" is Scheduled).
pub const STATE_NAMES: [(&str, StateType); 19] = [
    ("Scheduled", StateType::Scheduled),
    ("Late", StateType::Scheduled),
    ("Resuming", StateType::Scheduled),
    ("AwaitingRetry", StateType::Scheduled),
    ("AwaitingConcurrencySlot", StateType::Scheduled),
    ("Pending", StateType::Pending),
    ("Submitting", StateType::Pending),
    ("InfrastructurePending", StateType::Pending),
    ("Paused", StateType::Paused),
    ("Suspended", StateType::Paused),
    ("Running", StateType::Running),
    ("Retrying", StateType::Running),
    ("Completed", StateType::Completed),
    ("Cached", StateType::Completed),
    ("Cancelled", StateType::Cancelled),
    ("Cancelling", StateType::Cancelling),
    ("Crashed", StateType::Crashed),
    ("Failed", StateType::Failed),
    ("TimedOut", StateType::Failed),
];

impl RunsQuery {
    /// The filters that narrow the runs (not the window, the sort or the page size), each a
    /// chip whose removal drops that one value. `flow_name` and `deployment_name` name the
    /// ids the page knows; an id shows as itself until then.
    pub fn chips(
        &self,
        flow_name: impl Fn(Uuid) -> Option<String>,
        deployment_name: impl Fn(Uuid) -> Option<String>,
    ) -> Vec<FilterChip<RunsQuery>> {
        let mut chips = Vec::new();
        let mut push = |label: String, change: &dyn Fn(&mut RunsQuery)| {
            let mut without = self.clone();
            change(&mut without);
            without.page = 1;
            chips.push(FilterChip { label, without });
        };
        if !self.name.is_empty() {
            push(
                format!("Name contains \u{201c}{}\u{201d}", self.name),
                &|q| q.name.clear(),
            );
        }
        for t in &self.state_types {
            push(format!("State type: {}", t.default_name()), &|q| {
                q.state_types.retain(|x| x != t)
            });
        }
        for name in &self.states {
            push(format!("State: {name}"), &|q| {
                q.states.retain(|x| x != name)
            });
        }
        for id in &self.flows {
            let shown = flow_name(*id).unwrap_or_else(|| id.to_string());
            push(format!("Flow: {shown}"), &|q| q.flows.retain(|x| x != id));
        }
        for id in &self.deployments {
            let shown = deployment_name(*id).unwrap_or_else(|| id.to_string());
            push(format!("Deployment: {shown}"), &|q| {
                q.deployments.retain(|x| x != id)
            });
        }
        for pool in &self.work_pools {
            push(format!("Work pool: {pool}"), &|q| {
                q.work_pools.retain(|x| x != pool)
            });
        }
        for tag in &self.tags {
            push(format!("Tag: {tag}"), &|q| q.tags.retain(|x| x != tag));
        }
        if self.hide_subflows {
            push("Subflows hidden".to_string(), &|q| q.hide_subflows = false);
        }
        if self.with_errors {
            push("Errors in its logs".to_string(), &|q| q.with_errors = false);
        }
        chips
    }

    /// The view without any of its chips' filters: the same window, sort and page size.
    pub fn unfiltered(&self) -> RunsQuery {
        RunsQuery {
            window: self.window.clone(),
            sort: self.sort.clone(),
            page_size: self.page_size,
            ..RunsQuery::default()
        }
    }
}

#[cfg(test)]
#[path = "runs_query_tests.rs"]
mod tests;
