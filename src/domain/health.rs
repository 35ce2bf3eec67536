//! Health that explains itself: server fields in, a verdict and one sentence of why out.
//!
//! Every health indicator on every page comes from here. The rules follow Prefect's own:
//! a worker is offline after `heartbeat_interval_seconds` (30 s when unset) times 3 without a
//! heartbeat (`INACTIVITY_HEARTBEAT_MULTIPLE`); a pool is ready when one of its workers is
//! online; a queue is healthy per `WorkQueueHealthPolicy::evaluate_health_status`; a
//! deployment is ready when its work queue was polled in the last 60 s.

use crate::schemas::{
    Deployment, DeploymentStatus, WorkPool, WorkPoolStatus, WorkQueue, WorkQueueHealthPolicy,
    WorkQueueStatus, Worker, WorkerStatus,
};
use chrono::{DateTime, Utc};

/// Prefect's `DEFAULT_HEARTBEAT_INTERVAL_SECONDS`.
pub const DEFAULT_HEARTBEAT_INTERVAL_SECONDS: i64 = 30;
/// Prefect's `INACTIVITY_HEARTBEAT_MULTIPLE`: missed heartbeats before a worker is offline.
pub const INACTIVITY_HEARTBEAT_MULTIPLE: i64 = 3;
/// Prefect's `deployment_last_polled_timeout_seconds` default.
pub const DEPLOYMENT_POLL_TIMEOUT_SECONDS: i64 = 60;

/// The five verdicts, each with a glyph and a word so colour is never the only signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

/// A verdict and the sentence that explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Health {
    pub verdict: Verdict,
    pub reason: String,
}

impl Health {
    pub fn new(verdict: Verdict, reason: impl Into<String>) -> Health {
        Health {
            verdict,
            reason: reason.into(),
        }
    }

    /// For a thing whose data did not arrive.
    pub fn unknown(why: &str) -> Health {
        Health::new(Verdict::Unknown, format!("Unknown: {why}"))
    }

    /// The worst of several (for a summary of many things).
    pub fn worst(items: &[Health]) -> Option<&Health> {
        items.iter().max_by_key(|h| h.verdict)
    }
}

/// A span in words for a sentence: `45 s`, `90 s`, `6 min`, `2 h 5 min`, `3 d 4 h`.
pub fn span(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 120 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        let minutes = (s % 3600) / 60;
        if minutes == 0 {
            format!("{} h", s / 3600)
        } else {
            format!("{} h {minutes} min", s / 3600)
        }
    } else {
        let hours = (s % 86_400) / 3600;
        if hours == 0 {
            format!("{} d", s / 86_400)
        } else {
            format!("{} d {hours} h", s / 86_400)
        }
    }
}

fn seconds_since(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - then).num_seconds()
}

fn plural(n: i64, one: &str, many: &str) -> String {
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
            seconds_since(at.0, now) <= heartbeat_interval(worker) * INACTIVITY_HEARTBEAT_MULTIPLE
        })
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
        );
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
            ),
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
        return Health::new(Verdict::Unhealthy, reason);
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
    if let Some(maximum) = policy.maximum_late_runs.filter(|m| late_runs > *m) {
        why.push(format!(
            "{}, at most {maximum} allowed",
            plural(late_runs, "late run", "late runs")
        ));
    }
    if let Some(maximum) = policy.maximum_seconds_since_last_polled {
        match last_polled {
            None => why.push("no worker has ever polled it".into()),
            Some(at) if (now - at).num_milliseconds() > maximum * 1000 => why.push(format!(
                "last polled {} ago, at most {} allowed",
                span(seconds_since(at, now)),
                span(maximum)
            )),
            Some(_) => {}
        }
    }
    Health::new(Verdict::Unhealthy, format!("Unhealthy: {}", why.join("; ")))
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

/// The server-reported status words Prefect uses (`READY`, `NOT_READY`, `PAUSED`).
pub fn deployment_status_label(deployment: &Deployment) -> &str {
    deployment.status.as_ref().map_or("—", |s| s.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::Timestamp;
    use chrono::Duration;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        crate::domain::test_now()
    }

    fn ago(seconds: i64) -> Option<Timestamp> {
        Some(Timestamp(now() - Duration::seconds(seconds)))
    }

    fn a_worker(last: Option<Timestamp>, interval: Option<i64>, status: &str) -> Worker {
        let mut w: Worker = serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000001",
            "name": "w",
            "work_pool_id": "00000000-0000-0000-0000-000000000002",
            "status": status,
        }))
        .expect("worker");
        w.last_heartbeat_time = last;
        w.heartbeat_interval_seconds = interval;
        w
    }

    fn a_pool(pool_type: &str, paused: bool, status: &str) -> WorkPool {
        serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000003",
            "name": "demo-pool", "type": pool_type, "is_paused": paused, "status": status,
        }))
        .expect("pool")
    }

    fn a_queue(paused: bool, last: Option<Timestamp>) -> WorkQueue {
        let mut q: WorkQueue = serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000004", "name": "default",
            "is_paused": paused,
        }))
        .expect("queue");
        q.last_polled = last;
        q
    }

    fn a_deployment(paused: bool, status: Option<&str>, last: Option<Timestamp>) -> Deployment {
        let mut d: Deployment = serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000005", "name": "etl-hourly",
            "flow_id": "00000000-0000-0000-0000-000000000006", "paused": paused,
            "work_pool_name": "demo-pool", "work_queue_name": "default", "status": status,
        }))
        .expect("deployment");
        d.last_polled = last;
        d
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(-3), "0 s");
        assert_eq!(span(45), "45 s");
        assert_eq!(span(90), "90 s");
        assert_eq!(span(360), "6 min");
        assert_eq!(span(7200), "2 h");
        assert_eq!(span(7500), "2 h 5 min");
        assert_eq!(span(86_400 * 3), "3 d");
        assert_eq!(span(86_400 * 3 + 3600 * 4), "3 d 4 h");
    }

    #[test]
    fn a_worker_is_offline_after_three_missed_heartbeats() {
        let fresh = worker(&a_worker(ago(5), Some(30), "ONLINE"), now());
        assert_eq!(fresh.verdict, Verdict::Healthy);
        assert_eq!(
            fresh.reason,
            "Online: last heartbeat 5 s ago (expected every 30 s)"
        );
        let late = worker(&a_worker(ago(31), Some(30), "ONLINE"), now());
        assert_eq!(late.verdict, Verdict::Warning);
        // Exactly three intervals is still online, one second more is not.
        let edge = a_worker(ago(90), Some(30), "ONLINE");
        assert!(worker_is_online(&edge, now()));
        let gone = worker(&a_worker(ago(91), Some(30), "ONLINE"), now());
        assert_eq!(gone.verdict, Verdict::Unhealthy);
        assert_eq!(
            gone.reason,
            "Offline: no heartbeat for 91 s (expected every 30 s)"
        );
        // Without an interval Prefect's default 30 s applies; the server's OFFLINE wins.
        assert!(!worker_is_online(&a_worker(ago(91), None, "ONLINE"), now()));
        assert!(!worker_is_online(
            &a_worker(ago(1), Some(30), "OFFLINE"),
            now()
        ));
        let never = worker(&a_worker(None, None, "OFFLINE"), now());
        assert!(never.reason.contains("never sent a heartbeat"), "{never:?}");
    }

    #[test]
    fn a_pool_is_ready_while_one_worker_is_online() {
        let pool = a_pool("process", false, "READY");
        let workers = [
            a_worker(ago(400), Some(30), "OFFLINE"),
            a_worker(ago(4), Some(30), "ONLINE"),
        ];
        let ok = work_pool(&pool, Some(&workers), Some(0), now());
        assert_eq!(ok.verdict, Verdict::Healthy);
        assert_eq!(ok.reason, "Ready: 1 worker online, last heartbeat 4 s ago");
        // Late runs make their queue unhealthy; the ready pool only mentions them.
        let late = work_pool(&pool, Some(&workers), Some(3), now());
        assert_eq!(late.verdict, Verdict::Healthy);
        assert!(late.reason.ends_with("; 3 late runs waiting"), "{late:?}");
    }

    #[test]
    fn a_pool_whose_workers_went_quiet_is_not_ready_and_says_for_how_long() {
        let pool = a_pool("process", false, "READY");
        let workers = [a_worker(ago(360), Some(30), "ONLINE")];
        let h = work_pool(&pool, Some(&workers), None, now());
        assert_eq!(h.verdict, Verdict::Unhealthy);
        assert_eq!(
            h.reason,
            "Not ready: no worker has sent a heartbeat for 6 min (expected every 30 s)"
        );
        let empty = work_pool(&pool, Some(&[]), None, now());
        assert!(
            empty
                .reason
                .contains("prefect worker start --pool demo-pool"),
            "{empty:?}"
        );
    }

    #[test]
    fn paused_and_push_pools_and_missing_workers() {
        let paused = work_pool(
            &a_pool("process", true, "PAUSED"),
            Some(&[]),
            Some(9),
            now(),
        );
        assert_eq!(paused.verdict, Verdict::Paused);
        let push = work_pool(
            &a_pool("cloud-run:push", false, "READY"),
            Some(&[]),
            None,
            now(),
        );
        assert_eq!(push.verdict, Verdict::Healthy);
        assert!(push.reason.contains("push pool"));
        let managed = work_pool(
            &a_pool("prefect:managed", false, "READY"),
            None,
            None,
            now(),
        );
        assert!(managed.reason.contains("managed pool"));
        let server_says = work_pool(&a_pool("process", false, "NOT_READY"), None, None, now());
        assert_eq!(server_says.verdict, Verdict::Unhealthy);
        let mut agent = a_pool("prefect-agent", false, "READY");
        agent.status = None;
        assert_eq!(
            work_pool(&agent, None, None, now()).verdict,
            Verdict::Unknown
        );
    }

    #[test]
    fn queue_health_matches_evaluate_health_status_at_its_boundaries() {
        let policy = WorkQueueHealthPolicy::default();
        // (late runs, seconds since the last poll, healthy?)
        let cases = [
            (0, Some(0), true),
            (0, Some(60), true),
            (0, Some(61), false),
            (1, Some(5), false),
            (0, None, false),
        ];
        for (late, polled, healthy) in cases {
            let last = polled.and_then(ago);
            let h = work_queue(&a_queue(false, last), late, &policy, now());
            assert_eq!(
                policy.evaluate_health_status(late, last.map(|t| t.0), now()),
                healthy,
                "policy {late} {polled:?}"
            );
            assert_eq!(h.verdict == Verdict::Healthy, healthy, "{h:?}");
        }
        let late = work_queue(&a_queue(false, ago(5)), 3, &policy, now());
        assert_eq!(late.reason, "Unhealthy: 3 late runs, at most 0 allowed");
        let stale = work_queue(&a_queue(false, ago(360)), 0, &policy, now());
        assert_eq!(
            stale.reason,
            "Unhealthy: last polled 6 min ago, at most 60 s allowed"
        );
        let never = work_queue(&a_queue(false, None), 1, &policy, now());
        assert_eq!(
            never.reason,
            "Unhealthy: 1 late run, at most 0 allowed; no worker has ever polled it"
        );
        let paused = work_queue(&a_queue(true, None), 5, &policy, now());
        assert_eq!(paused.verdict, Verdict::Paused);
        // A policy without limits is always healthy.
        let lax = WorkQueueHealthPolicy {
            maximum_late_runs: None,
            maximum_seconds_since_last_polled: None,
        };
        assert_eq!(
            work_queue(&a_queue(false, None), 50, &lax, now()).verdict,
            Verdict::Healthy
        );
    }

    #[test]
    fn deployment_health_follows_the_server_status_and_says_what_polls_it() {
        let ready = deployment(&a_deployment(false, Some("READY"), ago(12)), now());
        assert_eq!(ready.verdict, Verdict::Healthy);
        assert_eq!(
            ready.reason,
            "Ready: work queue default of pool demo-pool was polled 12 s ago"
        );
        let quiet = deployment(&a_deployment(false, Some("NOT_READY"), ago(600)), now());
        assert_eq!(quiet.verdict, Verdict::Unhealthy);
        assert_eq!(
            quiet.reason,
            "Not ready: work queue default of pool demo-pool was last polled 10 min ago, at most 60 s allowed"
        );
        let never = deployment(&a_deployment(false, Some("NOT_READY"), None), now());
        assert!(never.reason.contains("nothing has polled"));
        let paused = deployment(&a_deployment(true, Some("READY"), ago(1)), now());
        assert_eq!(paused.verdict, Verdict::Paused);
        assert_eq!(
            deployment(&a_deployment(false, None, None), now()).verdict,
            Verdict::Unknown
        );
    }

    #[test]
    fn the_worst_verdict_summarises_many() {
        let items = [
            Health::new(Verdict::Healthy, "a"),
            Health::new(Verdict::Unhealthy, "b"),
            Health::new(Verdict::Paused, "c"),
        ];
        assert_eq!(
            Health::worst(&items).map(|h| h.verdict),
            Some(Verdict::Unhealthy)
        );
        assert_eq!(
            Health::unknown("the server did not answer").reason,
            "Unknown: the server did not answer"
        );
    }
}
