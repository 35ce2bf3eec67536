//! Tests of `domain::health`.

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
    // The pill's words: the first finding, short.
    assert_eq!(
        [&late, &stale, &never].map(|h| h.short.as_str()),
        ["3 late", "Not polled for 6 min", "1 late"]
    );
    let paused = work_queue(&a_queue(true, None), 5, &policy, now());
    assert_eq!(
        (paused.verdict, paused.short.as_str()),
        (Verdict::Paused, "Paused")
    );
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

#[test]
fn a_huge_heartbeat_interval_does_not_wrap() {
    // 2^62 s times three wraps to a negative i64: the worker would read as offline.
    let huge = worker(&a_worker(ago(5), Some(1 << 62), "ONLINE"), now());
    assert_eq!(huge.verdict, Verdict::Healthy, "{}", huge.reason);
    let most = worker(&a_worker(ago(5), Some(i64::MAX), "ONLINE"), now());
    assert_eq!(most.verdict, Verdict::Healthy, "{}", most.reason);
}

#[test]
fn a_pool_without_an_online_worker_says_how_to_start_one() {
    let pool = a_pool("process", false, "NOT_READY");
    let start = Some("prefect worker start --pool demo-pool".to_string());
    assert_eq!(worker_start_hint(&pool, &[], now()), start);
    // Only offline or silent workers: still none online.
    let gone = a_worker(ago(600), Some(30), "OFFLINE");
    let silent = a_worker(ago(120), Some(30), "ONLINE");
    assert_eq!(worker_start_hint(&pool, &[gone, silent], now()), start);
    // One online worker, a paused pool, a push or managed pool: no hint.
    let online = a_worker(ago(5), Some(30), "ONLINE");
    assert_eq!(worker_start_hint(&pool, &[online], now()), None);
    assert_eq!(
        worker_start_hint(&a_pool("process", true, "PAUSED"), &[], now()),
        None
    );
    for kind in ["cloud-run:push", "prefect:managed"] {
        assert_eq!(
            worker_start_hint(&a_pool(kind, false, "READY"), &[], now()),
            None
        );
    }
    // Names a shell would split or expand are quoted, single quotes inside included.
    let mut odd = pool.clone();
    odd.name = "my pool's $HOME".into();
    assert_eq!(
        worker_start_hint(&odd, &[], now()).as_deref(),
        Some("prefect worker start --pool 'my pool'\\''s $HOME'")
    );
    odd.name = String::new();
    assert_eq!(
        worker_start_hint(&odd, &[], now()).as_deref(),
        Some("prefect worker start --pool ''")
    );
}
