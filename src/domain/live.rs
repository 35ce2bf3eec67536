//! Prefect's events stream (`/api/events/out`): the filter each page needs, what an event
//! means for the views on screen, de-duplication and coalescing in bounded memory, the
//! reconnect backoff, and the words the header uses for each mode.

use crate::api::invalidation::Topic;
use crate::schemas::events::ReceivedEvent;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet, VecDeque};
use uuid::Uuid;

/// What the open page shows, so the stream carries only events that can change it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveScope {
    /// Runs lists and counts (runs page, dashboard, a deployment's or a pool's runs).
    pub flow_runs: bool,
    /// A run's page (or the comparison's two runs): their own events and their task runs'.
    pub runs: Vec<Uuid>,
    /// Pools, queues, workers and deployments (their status and health).
    pub health: bool,
    /// Task runs lists: every task run's events.
    pub task_runs: bool,
    /// Runs lists narrowed by their filters: only events related to one of these resources
    /// (`prefect.deployment.<id>`, `prefect.flow.<id>`, `prefect.tag.<name>`); empty: all.
    pub related: Vec<String>,
    /// The event feed: every event.
    pub events: bool,
}

impl LiveScope {
    /// Nothing on screen can change from an event.
    pub fn is_empty(&self) -> bool {
        !self.flow_runs && self.runs.is_empty() && !self.health && !self.task_runs && !self.events
    }
}

const HEALTH_PREFIXES: [&str; 4] = [
    "prefect.work-pool.",
    "prefect.work-queue.",
    "prefect.worker.",
    "prefect.deployment.",
];

/// The `{"type":"filter",...}` message for `scope`, events from `since` on. `until` is a year
/// ahead: the server checks live events against it too, and it defaults to "now".
pub fn filter_message(scope: &LiveScope, since: DateTime<Utc>) -> Value {
    let mut filter = json!({
        "occurred": {
            "since": wire(since),
            "until": wire(since + Duration::days(365)),
        },
    });
    if scope.events {
        // The feed shows every event; narrowing for the other pages would hide some.
    } else if !scope.runs.is_empty() {
        let ids: Vec<String> = scope
            .runs
            .iter()
            .map(|run| format!("prefect.flow-run.{run}"))
            .collect();
        filter["any_resource"] = json!({"id": ids});
        filter["event"] = json!({"prefix": ["prefect.flow-run.", "prefect.task-run."]});
    } else {
        let mut prefixes = Vec::new();
        if scope.flow_runs {
            prefixes.push("prefect.flow-run.");
        }
        if scope.task_runs {
            prefixes.push("prefect.task-run.");
        }
        if scope.health {
            prefixes.extend(HEALTH_PREFIXES);
        } else if !scope.related.is_empty() {
            filter["related"] = json!({"id": scope.related});
        }
        filter["event"] = json!({"prefix": prefixes});
    }
    json!({"type": "filter", "filter": filter, "backfill": true})
}

/// The logs stream's `{"type":"filter"}` message: one run's logs from `since` on (the logs
/// stream has no backfill; what came before is in the page's fetch).
pub fn logs_filter_message(run: Uuid, since: DateTime<Utc>) -> Value {
    json!({
        "type": "filter",
        "filter": {
            "flow_run_id": {"any_": [run]},
            "timestamp": {"after_": wire(since)},
        },
    })
}

/// How the open run's logs reach the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogsMode {
    /// Not known yet, or the run is final (nothing more will come).
    Still,
    /// Pushed from `/api/logs/out`.
    Streamed,
    /// Fetched again every few seconds while the run is unfinished.
    Polled { every_seconds: u64 },
}

/// How a run's logs reach the page: still while the run is final or the server's settings
/// are not known yet; streamed where the server streams logs and the stream has not broken;
/// otherwise polled every `every_seconds`.
pub fn logs_mode(
    unfinished: bool,
    server_streams: Option<bool>,
    stream_broken: bool,
    every_seconds: u64,
) -> LogsMode {
    match (unfinished, server_streams) {
        (false, _) | (true, None) => LogsMode::Still,
        (true, Some(true)) if !stream_broken => LogsMode::Streamed,
        (true, Some(_)) => LogsMode::Polled { every_seconds },
    }
}

/// The words beside the logs' heading.
pub fn logs_mode_label(mode: LogsMode) -> Option<String> {
    match mode {
        LogsMode::Still => None,
        LogsMode::Streamed => Some("Live: new logs are pushed by the server".into()),
        LogsMode::Polled { every_seconds } => Some(format!(
            "Refreshing every {every_seconds} s while the run is unfinished (this server does \
             not stream logs)"
        )),
    }
}

/// The `{"type":"auth"}` message: the Basic auth string or the API key, `null` without.
pub fn auth_message(token: Option<&str>) -> Value {
    json!({"type": "auth", "token": token})
}

fn wire(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// What the server sent on the socket.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    AuthSuccess,
    Event(LiveEvent),
    /// A log line from `/api/logs/out`, for the run it names.
    Log {
        flow_run_id: Option<Uuid>,
    },
    /// Anything else (a message type this dashboard does not know): ignored.
    Other,
}

/// The parts of an event the dashboard uses.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveEvent {
    pub id: Uuid,
    pub occurred: DateTime<Utc>,
    /// `prefect.flow-run.Running`, ...
    pub event: String,
    /// `prefect.flow-run.<id>`, ...
    pub resource: String,
    /// The related resources' ids (`prefect.deployment.<id>`, `prefect.flow-run.<id>`).
    pub related: Vec<String>,
    /// The whole event as the message carried it (read once; the feed decodes it in full).
    pub body: Value,
}

impl LiveEvent {
    /// The whole event, for the event feed; `None` when it does not decode.
    pub fn received(&self) -> Option<ReceivedEvent> {
        ReceivedEvent::deserialize(&self.body).ok()
    }
}

/// Reads one message, once; what cannot be read is [`Incoming::Other`], never a panic.
pub fn parse(text: &str) -> Incoming {
    let Ok(mut value) = serde_json::from_str::<Value>(text) else {
        return Incoming::Other;
    };
    match value.get("type").and_then(Value::as_str) {
        Some("auth_success") => Incoming::AuthSuccess,
        Some("event") => value
            .get_mut("event")
            .map(Value::take)
            .and_then(event)
            .map_or(Incoming::Other, Incoming::Event),
        Some("log") => match value.get("log") {
            Some(log) if log.is_object() => Incoming::Log {
                flow_run_id: log
                    .get("flow_run_id")
                    .and_then(Value::as_str)
                    .and_then(|id| Uuid::parse_str(id).ok()),
            },
            _ => Incoming::Other,
        },
        _ => Incoming::Other,
    }
}

fn event(value: Value) -> Option<LiveEvent> {
    let id = Uuid::parse_str(value.get("id")?.as_str()?).ok()?;
    let occurred = DateTime::parse_from_rfc3339(value.get("occurred")?.as_str()?)
        .ok()?
        .to_utc();
    let resource_id = |r: &Value| {
        r.get("prefect.resource.id")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Some(LiveEvent {
        id,
        occurred,
        event: value.get("event")?.as_str()?.to_string(),
        resource: resource_id(value.get("resource")?)?,
        related: value
            .get("related")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(resource_id).collect())
            .unwrap_or_default(),
        body: value,
    })
}

fn id_of(resource: &str, kind: &str) -> Option<Uuid> {
    resource
        .strip_prefix("prefect.")?
        .strip_prefix(kind)?
        .strip_prefix('.')
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// The views an event changes. A run's state change touches every runs list, its own page
/// and, through their run tables and health, its deployment's and its pool's pages.
pub fn topics(event: &LiveEvent) -> Vec<Topic> {
    // The event feed is not refetched: it shows the pushed events themselves.
    let mut topics = Vec::new();
    let related = |kind: &'static str| event.related.iter().filter_map(move |r| id_of(r, kind));
    if let Some(run) = id_of(&event.resource, "flow-run") {
        topics.push(Topic::FlowRuns);
        topics.push(Topic::FlowRun(run));
        // A subflow's parent shows it.
        topics.extend(related("flow-run").map(Topic::FlowRun));
        if related("deployment").next().is_some() {
            topics.push(Topic::Deployments);
        }
        if related("work-pool").next().is_some() {
            topics.push(Topic::WorkPools);
        }
    } else if let Some(task_run) = id_of(&event.resource, "task-run") {
        topics.push(Topic::TaskRun(task_run));
        topics.extend(related("flow-run").map(Topic::FlowRun));
        topics.push(Topic::TaskRuns);
    } else if ["work-pool", "work-queue", "worker"]
        .iter()
        .any(|kind| event.resource.starts_with(&format!("prefect.{kind}.")))
    {
        topics.push(Topic::WorkPools);
        topics.push(Topic::Deployments);
    } else if event.resource.starts_with("prefect.deployment.") {
        topics.push(Topic::Deployments);
    }
    topics
}

/// Event ids already applied, the last `capacity` of them: a reconnect's overlap is
/// skipped and memory stays bounded however long the stream runs.
#[derive(Clone, Debug)]
pub struct SeenIds {
    order: VecDeque<Uuid>,
    set: HashSet<Uuid>,
    capacity: usize,
}

impl SeenIds {
    pub fn new(capacity: usize) -> Self {
        SeenIds {
            order: VecDeque::with_capacity(capacity.min(4096)),
            set: HashSet::with_capacity(capacity.min(4096)),
            capacity: capacity.max(1),
        }
    }

    /// True the first time `id` is seen.
    pub fn first_time(&mut self, id: Uuid) -> bool {
        if !self.set.insert(id) {
            return false;
        }
        self.order.push_back(id);
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// At most one refetch per topic per window: the first event of a burst refetches at once
/// (leading edge), the rest of the burst once more when the window ends (trailing edge).
/// While events keep coming the window doubles, up to `max_ms` (a busy server costs one
/// refetch per view every few seconds, not one per event); after a quiet spell it is back
/// to `base_ms`.
#[derive(Clone, Debug)]
pub struct Coalescer {
    base_ms: f64,
    max_ms: f64,
    topics: HashMap<Topic, Window>,
    pending: HashSet<Topic>,
}

#[derive(Clone, Copy, Debug)]
struct Window {
    last_fired: f64,
    length: f64,
}

/// What to do with a topic an event touched.
#[derive(Clone, Debug, PartialEq)]
pub enum Coalesced {
    /// Refetch now.
    Now,
    /// Refetch at this time (ms); arm a timer.
    At(f64),
    /// A refetch is already due.
    Pending,
}

impl Coalescer {
    pub fn new(base_ms: f64, max_ms: f64) -> Self {
        Coalescer {
            base_ms,
            max_ms: max_ms.max(base_ms),
            topics: HashMap::new(),
            pending: HashSet::new(),
        }
    }

    /// Quiet this long, a topic's window is back to the base.
    fn quiet_ms(&self) -> f64 {
        self.max_ms * 2.0
    }

    pub fn touch(&mut self, topic: Topic, now_ms: f64) -> Coalesced {
        if self.pending.contains(&topic) {
            return Coalesced::Pending;
        }
        let quiet = self.quiet_ms();
        match self.topics.get_mut(&topic) {
            Some(window) if now_ms - window.last_fired < window.length => {
                let at = window.last_fired + window.length;
                self.pending.insert(topic);
                Coalesced::At(at)
            }
            Some(window) => {
                if now_ms - window.last_fired >= quiet {
                    window.length = self.base_ms;
                }
                window.last_fired = now_ms;
                Coalesced::Now
            }
            None => {
                self.topics.insert(
                    topic,
                    Window {
                        last_fired: now_ms,
                        length: self.base_ms,
                    },
                );
                Coalesced::Now
            }
        }
    }

    /// The timer for `topic` fired (the burst went on): refetch it now, and wait longer
    /// before the next one.
    pub fn fire(&mut self, topic: &Topic, now_ms: f64) {
        self.pending.remove(topic);
        let (base, max) = (self.base_ms, self.max_ms);
        let window = self.topics.entry(topic.clone()).or_insert(Window {
            last_fired: now_ms,
            length: base,
        });
        window.last_fired = now_ms;
        window.length = (window.length * 2.0).min(max);
    }

    /// The window `topic` is in now (for tests and the curious).
    pub fn window_ms(&self, topic: &Topic) -> f64 {
        self.topics.get(topic).map_or(self.base_ms, |w| w.length)
    }

    /// Forget topics quiet for long (bounded memory across navigation).
    pub fn prune(&mut self, now_ms: f64) {
        let quiet = self.quiet_ms();
        let pending = &self.pending;
        self.topics
            .retain(|topic, w| pending.contains(topic) || now_ms - w.last_fired < quiet);
    }
}

/// A connection proves it works by delivering something or by staying up this long after
/// the server accepted it. One that closes sooner (a proxy or server that drops the stream
/// right after `auth_success`) counts as a failure: the backoff grows instead of starting
/// over, and the page falls back to polling.
pub const PROVEN_AFTER_MS: f64 = 10_000.0;

/// How one stream's connections have gone: the reconnect policy the events stream and the
/// logs stream share (pure; the callbacks own one each).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reconnects {
    /// Connections in a row that did not prove themselves.
    failures: u32,
    /// Some connection of this page load proved itself (the stream can work here).
    proved: bool,
    /// When the current connection was accepted (`auth_success`), ms.
    accepted_at: Option<f64>,
    /// The current connection delivered something.
    delivered: bool,
}

impl Reconnects {
    /// A deliberate new start (another page, the tab shown again, a sign-in): the count
    /// begins afresh; whether a connection of this page load ever proved itself stays.
    pub fn restart(&mut self) {
        *self = Reconnects {
            proved: self.proved,
            ..Reconnects::default()
        };
    }

    /// The server accepted the current connection at `now_ms`.
    pub fn accepted(&mut self, now_ms: f64) {
        self.accepted_at = Some(now_ms);
        self.delivered = false;
    }

    /// The current connection delivered an event or a line.
    pub fn delivered(&mut self) {
        self.delivered = true;
    }

    /// Whether the current connection has proven itself by `now_ms`.
    pub fn working(&self, now_ms: f64) -> bool {
        self.delivered
            || self
                .accepted_at
                .is_some_and(|at| now_ms - at >= PROVEN_AFTER_MS)
    }

    /// Some connection of this page load proved itself (it was really live).
    pub fn proved(&self) -> bool {
        self.proved
    }

    /// The current connection closed at `now_ms`: failures in a row now (1 after one that
    /// worked: the count starts over, from the first backoff step).
    pub fn closed(&mut self, now_ms: f64) -> u32 {
        if self.working(now_ms) {
            self.proved = true;
            self.failures = 1;
        } else {
            self.failures = self.failures.saturating_add(1);
        }
        self.accepted_at = None;
        self.delivered = false;
        self.failures
    }

    /// Failures in a row so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

/// How long to wait before reconnect attempt `attempt` (0-based): 0.5 s doubling to 30 s,
/// with `jitter` in [0, 1) spreading it over its upper half.
pub fn reconnect_delay_ms(attempt: u32, jitter: f64) -> f64 {
    let base = (500.0 * 2f64.powi(attempt.min(16) as i32)).min(30_000.0);
    base * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// Whether `failures` connections failed in a row mean polling instead (and saying why):
/// 3 when the stream never worked on this page load (a proxy that does not pass upgrades,
/// the stream off), 8 (half a minute of backoff) when it worked and dropped (a restart).
pub fn falls_back(failures: u32, was_live: bool) -> bool {
    failures >= if was_live { 8 } else { 3 }
}

/// Why the stream cannot be used, in words for the header: from the close code, whether the
/// socket ever opened, and whether the server accepted its credentials.
pub fn fallback_reason(code: u16, opened: bool, authenticated: bool) -> String {
    match (code, opened, authenticated) {
        (1008, _, _) => "the server refused the stream's credentials".into(),
        (1002 | 1003, _, true) => "the server refused the stream's filter".into(),
        (_, false, _) => "the events stream did not open (a proxy that does not pass WebSocket \
            upgrades, or a server with the stream off)"
            .into(),
        (_, true, _) => format!("the events stream keeps closing (code {code})"),
    }
}

/// Where the stream starts. What is on screen was fetched from `fetched_from` on (the page
/// load, then each deliberate reconnect: another page or filter, the tab shown again, a
/// sign-in, each of which fetches what it shows), so the stream starts just before it (2 s
/// for the browser's clock against the server's). After a drop (`lost`), a minute before the
/// last event seen (ids already applied are skipped). Never further back than the server's
/// 15-minute backfill.
pub fn resume_since(
    last_seen: Option<DateTime<Utc>>,
    fetched_from: DateTime<Utc>,
    lost: bool,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let from = match last_seen {
        Some(at) if lost => at - Duration::minutes(1),
        _ => fetched_from - Duration::seconds(2),
    };
    from.max(now - Duration::minutes(15))
}

/// The stream's URL for an API base (absolute, or relative to the page's origin).
pub fn socket_url(api_base: &str, page_origin: &str, path: &str) -> Option<String> {
    let base = api_base.trim_end_matches('/');
    let absolute = if base.starts_with("http://") || base.starts_with("https://") {
        base.to_string()
    } else if base.starts_with('/') {
        format!("{}{base}", page_origin.trim_end_matches('/'))
    } else {
        return None;
    };
    let ws = if let Some(rest) = absolute.strip_prefix("https://") {
        format!("wss://{rest}")
    } else {
        format!("ws://{}", absolute.strip_prefix("http://")?)
    };
    Some(format!("{ws}{path}"))
}

/// How a target's data reaches the page, for the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveMode {
    /// Opening the stream.
    Connecting,
    /// Events arrive as they happen.
    Live,
    /// Nothing on this page changes from events (the fleet view streams per target).
    Idle,
    /// The stream is closed while the tab is hidden.
    Paused,
    /// No stream: the page polls, and says why.
    Polling { reason: String },
}

/// "Live", "Connecting…", "Polling every 30 s: <why>".
pub fn mode_label(mode: &LiveMode, interval_seconds: u32) -> String {
    match mode {
        LiveMode::Connecting => "Connecting to live updates…".into(),
        LiveMode::Live => "Live".into(),
        LiveMode::Idle => "Live updates idle on this page".into(),
        LiveMode::Paused => "Live updates paused while the tab is hidden".into(),
        LiveMode::Polling { reason } => {
            format!("Polling every {interval_seconds} s: {reason}")
        }
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
