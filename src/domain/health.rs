//! Health that explains itself: server fields in, a verdict and one sentence of why out.
//!
//! Every health indicator on every page comes from here. The rules follow Prefect's own:
//! a worker is offline after `heartbeat_interval_seconds` (30 s when unset) times 3 without a
//! heartbeat (`INACTIVITY_HEARTBEAT_MULTIPLE`); a pool is ready when one of its workers is
//! online; a queue is healthy per `WorkQueueHealthPolicy::evaluate_health_status`; a
//! deployment is ready when its work queue was polled in the last 60 s.

use super::format::span;
use crate::schemas::{
    Deployment, DeploymentStatus, Timestamp, WorkPool, WorkPoolStatus, WorkQueue,
    WorkQueueHealthPolicy, WorkQueueStatus, WorkQueueStatusDetail, Worker, WorkerStatus,
};
use chrono::{DateTime, Utc};

/// Prefect's `DEFAULT_HEARTBEAT_INTERVAL_SECONDS`.
pub const DEFAULT_HEARTBEAT_INTERVAL_SECONDS: i64 = 30;
/// Prefect's `INACTIVITY_HEARTBEAT_MULTIPLE`: missed heartbeats before a worker is offline.
pub const INACTIVITY_HEARTBEAT_MULTIPLE: i64 = 3;
/// Prefect's `deployment_last_polled_timeout_seconds` default.
pub const DEPLOYMENT_POLL_TIMEOUT_SECONDS: i64 = 60;

/// The five verdicts, each with a glyph and a word so colour is never the only signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Healthy,
    Paused,
    Unknown,
    Warning,
    Unhealthy,
}

impl Verdict {
    pub fn glyph(self) -> &'static str {
        match self {
            Verdict::Healthy => "●",
            Verdict::Warning => "▲",
            Verdict::Unhealthy => "✕",
            Verdict::Paused => "‖",
            Verdict::Unknown => "?",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Healthy => "Healthy",
            Verdict::Warning => "Warning",
            Verdict::Unhealthy => "Unhealthy",
            Verdict::Paused => "Paused",
            Verdict::Unknown => "Unknown",
        }
    }

    /// `health--healthy`, ...
    pub fn css_class(self) -> &'static str {
        match self {
            Verdict::Healthy => "health--healthy",
            Verdict::Warning => "health--warning",
            Verdict::Unhealthy => "health--unhealthy",
            Verdict::Paused => "health--paused",
            Verdict::Unknown => "health--unknown",
        }
    }
}

/// A verdict, the sentence that explains it, and the few words a pill shows ("53 late",
/// "No worker", "Over limit 48/10") with the sentence on hover and focus.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Health {
    pub verdict: Verdict,
    pub reason: String,
    pub short: String,
}

/// The longest lead ("Not ready" of "Not ready: ...") a pill takes as its words.
const SHORT_LEAD_CHARS: usize = 24;

impl Health {
    /// A verdict and its sentence; the pill's words are the sentence's lead before ": "
    /// when it is short, else the verdict's word (`with_short` says better).
    pub fn new(verdict: Verdict, reason: impl Into<String>) -> Health {
        let reason = reason.into();
        let short = match reason.split_once(": ") {
            Some((lead, _)) if lead.chars().count() <= SHORT_LEAD_CHARS => lead.to_string(),
            _ => verdict.label().to_string(),
        };
        Health {
            verdict,
            reason,
            short,
        }
    }

    /// The same verdict and sentence with `short` as the pill's words.
    pub fn with_short(mut self, short: impl Into<String>) -> Health {
        self.short = short.into();
        self
    }

    /// For a thing whose data did not arrive.
    pub fn unknown(why: &str) -> Health {
        Health::new(Verdict::Unknown, format!("Unknown: {why}"))
    }

    /// The verdict's word for a screen reader to say before the reason, or None when the
    /// reason already starts with it ("Unhealthy: ..." is not read as "Unhealthy: Unhealthy").
    pub fn spoken_verdict(&self) -> Option<&'static str> {
        let label = self.verdict.label();
        (!self.reason.starts_with(label)).then_some(label)
    }

    /// The worst of several (for a summary of many things).
    pub fn worst(items: &[Health]) -> Option<&Health> {
        items.iter().max_by_key(|h| h.verdict)
    }
}

fn seconds_since(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - then).num_seconds()
}

pub(crate) fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How often a worker promised to heartbeat.
pub fn heartbeat_interval(worker: &Worker) -> i64 {
    worker
        .heartbeat_interval_seconds
        .filter(|s| *s > 0)
        .unwrap_or(DEFAULT_HEARTBEAT_INTERVAL_SECONDS)
}

/// Whether a worker counts as online now: heard from within 3 intervals and not marked
/// offline by the server.
pub fn worker_is_online(worker: &Worker, now: DateTime<Utc>) -> bool {
    worker.status != WorkerStatus::Offline
        && worker.last_heartbeat_time.is_some_and(|at| {
            seconds_since(at.0, now)
                <= heartbeat_interval(worker).saturating_mul(INACTIVITY_HEARTBEAT_MULTIPLE)
        })
}

/// The command that starts a worker for `pool`, when the pool needs one and none of
/// `workers` is online (not for a paused, push or managed pool), as Prefect's UI suggests:
/// `prefect worker start --pool demo-pool`, the name quoted for a POSIX shell when it has to
/// be.
pub fn worker_start_hint(
    pool: &WorkPool,
    workers: &[Worker],
    now: DateTime<Utc>,
) -> Option<String> {
    let needs_one = !(pool.is_paused || pool.is_push_pool() || pool.is_managed_pool());
    let none_online = !workers.iter().any(|w| worker_is_online(w, now));
    (needs_one && none_online)
        .then(|| format!("prefect worker start --pool {}", shell_word(&pool.name)))
}

/// `word` as one word of a POSIX shell: as it is when it is plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@%+=,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A worker: online, late with its heartbeat, or offline.
pub fn worker(worker: &Worker, now: DateTime<Utc>) -> Health {
    let every = heartbeat_interval(worker);
    let Some(last) = worker.last_heartbeat_time else {
        return Health::new(
            Verdict::Unhealthy,
            format!(
                "Offline: it never sent a heartbeat (expected every {})",
                span(every)
            ),
        );
    };
    let age = seconds_since(last.0, now);
    let expected = format!("expected every {}", span(every));
    if !worker_is_online(worker, now) {
        return Health::new(
            Verdict::Unhealthy,
            format!("Offline: no heartbeat for {} ({expected})", span(age)),
        );
    }
    if age > every {
        return Health::new(
            Verdict::Warning,
            format!(
                "Online, but the last heartbeat was {} ago ({expected})",
                span(age)
            ),
        )
        .with_short("Heartbeat late");
    }
    Health::new(
        Verdict::Healthy,
        format!("Online: last heartbeat {} ago ({expected})", span(age)),
    )
}

/// A work pool, from its own fields, its workers (when asked for; otherwise the server's
/// status stands for them) and its late runs.
pub fn work_pool(
    pool: &WorkPool,
    workers: Option<&[Worker]>,
    late_runs: Option<i64>,
    now: DateTime<Utc>,
) -> Health {
    if pool.is_paused || pool.status == Some(WorkPoolStatus::Paused) {
        return Health::new(
            Verdict::Paused,
            "Paused: its workers get no new runs until it is resumed",
        );
    }
    let late = late_runs.unwrap_or(0);
    let late_note = if late > 0 {
        format!("; {} waiting", plural(late, "late run", "late runs"))
    } else {
        String::new()
    };
    if pool.is_push_pool() || pool.is_managed_pool() {
        let kind = if pool.is_push_pool() {
            "push"
        } else {
            "managed"
        };
        return Health::new(
            Verdict::Healthy,
            format!("Ready: a {kind} pool needs no worker{late_note}"),
        );
    }
    let Some(workers) = workers else {
        return match &pool.status {
            Some(WorkPoolStatus::Ready) => Health::new(
                Verdict::Healthy,
                format!("Ready: the server reports a worker online{late_note}"),
            ),
            Some(WorkPoolStatus::NotReady) => Health::new(
                Verdict::Unhealthy,
                "Not ready: the server reports no worker online",
            )
            .with_short("No worker"),
            _ => Health::unknown("the server did not report a status for this pool"),
        };
    };
    let online: Vec<&Worker> = workers
        .iter()
        .filter(|w| worker_is_online(w, now))
        .collect();
    if online.is_empty() {
        let latest = workers
            .iter()
            .filter_map(|w| w.last_heartbeat_time.map(|at| (at, w)))
            .max_by_key(|(at, _)| at.0);
        let reason = match latest {
            None => format!(
                "Not ready: no worker has ever sent a heartbeat; start one with `prefect worker start --pool {}`",
                pool.name
            ),
            Some((at, w)) => format!(
                "Not ready: no worker has sent a heartbeat for {} (expected every {})",
                span(seconds_since(at.0, now)),
                span(heartbeat_interval(w))
            ),
        };
        return Health::new(Verdict::Unhealthy, reason).with_short("No worker");
    }
    let freshest = online
        .iter()
        .filter_map(|w| w.last_heartbeat_time)
        .map(|at| seconds_since(at.0, now))
        .min()
        .unwrap_or(0);
    Health::new(
        Verdict::Healthy,
        format!(
            "Ready: {} online, last heartbeat {} ago{late_note}",
            plural(online.len() as i64, "worker", "workers"),
            span(freshest)
        ),
    )
}

/// A work queue, by Prefect's `WorkQueueHealthPolicy`: late runs beyond the policy's maximum,
/// or no poll within its window, make it unhealthy. Exactly at a limit is still healthy.
pub fn work_queue(
    queue: &WorkQueue,
    late_runs: i64,
    policy: &WorkQueueHealthPolicy,
    now: DateTime<Utc>,
) -> Health {
    if queue.is_paused || queue.status == Some(WorkQueueStatus::Paused) {
        return Health::new(Verdict::Paused, "Paused: its runs wait until it is resumed");
    }
    let last_polled = queue.last_polled.map(|t| t.0);
    if policy.evaluate_health_status(late_runs, last_polled, now) {
        let polled = last_polled
            .map(|at| format!("polled {} ago", span(seconds_since(at, now))))
            .unwrap_or_else(|| "poll age not checked".into());
        let late = if late_runs == 0 {
            "no late runs".to_string()
        } else {
            plural(late_runs, "late run", "late runs")
        };
        return Health::new(Verdict::Healthy, format!("Healthy: {polled}, {late}"));
    }
    let mut why = Vec::new();
    let mut short = Vec::new();
    if let Some(maximum) = policy.maximum_late_runs.filter(|m| late_runs > *m) {
        why.push(format!(
            "{}, at most {maximum} allowed",
            plural(late_runs, "late run", "late runs")
        ));
        short.push(format!("{late_runs} late"));
    }
    if let Some(maximum) = policy.maximum_seconds_since_last_polled {
        match last_polled {
            None => {
                why.push("no worker has ever polled it".into());
                short.push("Never polled".into());
            }
            Some(at) if (now - at).num_milliseconds() > maximum.saturating_mul(1000) => {
                let age = span(seconds_since(at, now));
                why.push(format!(
                    "last polled {age} ago, at most {} allowed",
                    span(maximum)
                ));
                short.push(format!("Not polled for {age}"));
            }
            Some(_) => {}
        }
    }
    let health = Health::new(Verdict::Unhealthy, format!("Unhealthy: {}", why.join("; ")));
    match short.first() {
        Some(first) => health.with_short(first.clone()),
        None => health,
    }
}

/// A queue judged by the server's own answer to `GET /work_queues/{id}/status`: its late-run
/// count, last poll and policy.
pub fn work_queue_status(
    queue: &WorkQueue,
    status: &WorkQueueStatusDetail,
    now: DateTime<Utc>,
) -> Health {
    let mut polled = queue.clone();
    polled.last_polled = status.last_polled.or(queue.last_polled);
    work_queue(
        &polled,
        status.late_runs_count,
        &status.health_check_policy,
        now,
    )
}

/// The newest heartbeat among workers.
pub fn last_heartbeat(workers: &[Worker]) -> Option<Timestamp> {
    workers
        .iter()
        .filter_map(|w| w.last_heartbeat_time)
        .max_by_key(|t| t.0)
}

/// A deployment: paused, or ready when a worker (or `.serve()`) polled it lately.
pub fn deployment(deployment: &Deployment, now: DateTime<Utc>) -> Health {
    if deployment.paused {
        return Health::new(Verdict::Paused, "Paused: no new runs are scheduled");
    }
    let polled = deployment
        .last_polled
        .map(|at| span(seconds_since(at.0, now)));
    let source = match (&deployment.work_pool_name, &deployment.work_queue_name) {
        (Some(pool), Some(queue)) => format!("work queue {queue} of pool {pool}"),
        (Some(pool), None) => format!("work pool {pool}"),
        _ => "its runner".to_string(),
    };
    match deployment.status {
        Some(DeploymentStatus::Ready) => Health::new(
            Verdict::Healthy,
            match polled {
                Some(age) => format!("Ready: {source} was polled {age} ago"),
                None => format!("Ready: {source} is being polled"),
            },
        ),
        Some(DeploymentStatus::NotReady) => Health::new(
            Verdict::Unhealthy,
            match polled {
                Some(age) => format!(
                    "Not ready: {source} was last polled {age} ago, at most {} allowed",
                    span(DEPLOYMENT_POLL_TIMEOUT_SECONDS)
                ),
                None => format!("Not ready: nothing has polled {source} yet"),
            },
        ),
        Some(DeploymentStatus::Disabled) => Health::new(
            Verdict::Paused,
            "Disabled: Prefect will not run it until enabled",
        ),
        Some(DeploymentStatus::Unknown(ref other)) => {
            Health::unknown(&format!("the server reports status {other}"))
        }
        None => Health::unknown("the server did not report a status"),
    }
}

#[cfg(test)]
mod spoken_tests {
    use super::*;

    #[test]
    fn a_verdict_is_said_once() {
        let said = |h: Health| {
            format!(
                "{}{}",
                h.spoken_verdict()
                    .map(|l| format!("{l}: "))
                    .unwrap_or_default(),
                h.reason
            )
        };
        assert_eq!(
            said(Health::new(Verdict::Unhealthy, "Unhealthy: x")),
            "Unhealthy: x"
        );
        assert_eq!(
            said(Health::new(Verdict::Healthy, "Ready: x")),
            "Healthy: Ready: x"
        );
        assert_eq!(said(Health::unknown("why")), "Unknown: why");
    }
}

#[cfg(test)]
#[path = "health_tests.rs"]
mod tests;
