//! Work queue verdicts, one rule for every page: a queue is judged by Prefect's
//! `WorkQueueHealthPolicy` against the best evidence the page has (the server's
//! `/work_queues/{id}/status` answer, or the late runs counted per queue), and a pool's
//! queues count against it only while the pool itself is working.

use super::health::{self, plural, Health, Verdict};
use super::late_runs::LateRuns;
use crate::api::ApiError;
use crate::schemas::{WorkPool, WorkQueue, WorkQueueHealthPolicy, WorkQueueStatusDetail, Worker};
use chrono::{DateTime, Utc};

/// What a queue's verdict is based on.
#[derive(Clone, Copy, Debug)]
pub enum QueueEvidence<'a> {
    /// The server's status answer: its late-run count, last poll and policy.
    Status(&'a WorkQueueStatusDetail),
    /// Late runs counted from one list of Prefect's "Late" runs, judged by the policy the
    /// server applies to every queue (`WorkQueueHealthPolicy::default()`).
    LateRuns(i64),
    /// The status was asked for and did not come; the text says why.
    Unanswered(&'a str),
}

/// A queue's verdict from its `/work_queues/{id}/status` answer, or "unknown" with why the
/// answer did not come.
pub fn verdict_of_status(
    queue: &WorkQueue,
    status: &Result<WorkQueueStatusDetail, ApiError>,
    now: DateTime<Utc>,
) -> Health {
    match status {
        Ok(detail) => verdict(queue, QueueEvidence::Status(detail), now),
        Err(error) => verdict(queue, QueueEvidence::Unanswered(&error.to_string()), now),
    }
}

/// A queue's verdict from `evidence`.
pub fn verdict(queue: &WorkQueue, evidence: QueueEvidence, now: DateTime<Utc>) -> Health {
    match evidence {
        QueueEvidence::Status(detail) => health::work_queue_status(queue, detail, now),
        QueueEvidence::LateRuns(late) => {
            health::work_queue(queue, late, &WorkQueueHealthPolicy::default(), now)
        }
        QueueEvidence::Unanswered(error) => Health::unknown(&format!(
            "the server did not answer for its status ({error})"
        )),
    }
}

/// Every queue of `pool`, by name, judged from the late runs counted per queue (the dashboard's
/// evidence). Judged once; [`issues`] and [`pool_verdict`] both read the result.
pub fn queue_verdicts(
    pool: &WorkPool,
    queues: &[WorkQueue],
    late: Option<&LateRuns>,
    now: DateTime<Utc>,
) -> Vec<(String, Health)> {
    queues
        .iter()
        .filter(|q| q.work_pool_name.as_deref() == Some(pool.name.as_str()))
        .map(|q| {
            let count = late
                .and_then(|l| l.by_queue.get(&(pool.name.clone(), q.name.clone())))
                .copied()
                .unwrap_or(0);
            (
                q.name.clone(),
                verdict(q, QueueEvidence::LateRuns(count), now),
            )
        })
        .collect()
}

/// Everything a pool is judged by, gathered once for every page that shows a verdict
/// (`loaders::work_pools::pools_evidence`). `None`: that part could not be loaded, and the
/// verdict says it did not look at it.
#[derive(Clone, Copy, Debug, Default)]
pub struct PoolEvidence<'a> {
    /// The pool's workers.
    pub workers: Option<&'a [Worker]>,
    /// Queues of any pool; the pool's own are picked by `work_pool_name`.
    pub queues: Option<&'a [WorkQueue]>,
    /// Prefect's "Late" runs, counted per pool and queue.
    pub late: Option<&'a LateRuns>,
}

/// A pool's verdict and its queues that are not healthy: the one judgement of a pool, the
/// same on the dashboard, the pools list, the pool's page and the fleet view.
pub fn judge_pool(
    pool: &WorkPool,
    evidence: PoolEvidence,
    now: DateTime<Utc>,
) -> (Health, Vec<(String, Health)>) {
    let late_count = evidence.late.map(|l| l.in_pool(&pool.name));
    let own = health::work_pool(pool, evidence.workers, late_count, now);
    let verdicts = evidence
        .queues
        .map(|all| queue_verdicts(pool, all, evidence.late, now))
        .unwrap_or_default();
    let unhealthy = issues(&own, &verdicts);
    let mut verdict = pool_verdict(
        own,
        verdicts.iter().map(|(_, h)| h),
        pool.active_slots,
        pool.concurrency_limit,
        late_count,
    );
    let unseen: Vec<&str> = [
        (evidence.workers.is_none(), "its workers"),
        (evidence.queues.is_none(), "its queues"),
        (evidence.late.is_none(), "its late runs"),
    ]
    .into_iter()
    .filter_map(|(missing, part)| missing.then_some(part))
    .collect();
    if !unseen.is_empty() && verdict.verdict != Verdict::Paused {
        verdict.reason = format!(
            "{} (not looked at: {}, which could not be loaded)",
            verdict.reason,
            unseen.join(", ")
        );
    }
    (verdict, unhealthy)
}

/// The queues that are not healthy, from [`queue_verdicts`]. A paused pool's queues wait
/// with it, so they never count against it.
pub fn issues(pool_verdict: &Health, verdicts: &[(String, Health)]) -> Vec<(String, Health)> {
    if pool_verdict.verdict == Verdict::Paused {
        return Vec::new();
    }
    verdicts
        .iter()
        .filter(|(_, h)| h.verdict != Verdict::Healthy)
        .cloned()
        .collect()
}

/// A pool's verdict with everything the page knows about it, so it never contradicts itself:
/// its own (`base`, from its status and workers), its queues' verdicts, its slots in use
/// against its concurrency limit, and its late runs. A paused pool stays paused. Over its
/// limit, or with every queue unhealthy, it is unhealthy; some unhealthy queues or late runs
/// make a healthy pool a warning. The sentence names each finding, then the pool's own.
pub fn pool_verdict<'a>(
    base: Health,
    queue_verdicts: impl IntoIterator<Item = &'a Health>,
    active_slots: Option<i64>,
    limit: Option<i64>,
    late_runs: Option<i64>,
) -> Health {
    if base.verdict == Verdict::Paused {
        return base;
    }
    let mut findings = Vec::new();
    // The pill's words: the first finding, shortest.
    let mut short = Vec::new();
    let mut verdict = base.verdict;
    if let (Some(active), Some(limit)) = (active_slots, limit) {
        if limit >= 0 && active > limit {
            findings.push(format!(
                "{active} of {limit} slots in use (over its concurrency limit)"
            ));
            short.push(format!("Over limit {active}/{limit}"));
            verdict = Verdict::Unhealthy;
        }
    }
    let (unhealthy, total) = queue_verdicts
        .into_iter()
        .fold((0usize, 0usize), |(bad, all), h| {
            (bad + usize::from(h.verdict == Verdict::Unhealthy), all + 1)
        });
    if unhealthy > 0 {
        if unhealthy == total {
            findings.push(if total == 1 {
                "its only queue is unhealthy".to_string()
            } else {
                format!("all {total} of its queues are unhealthy")
            });
            short.push(if total == 1 {
                "Queue unhealthy".to_string()
            } else {
                format!("{total} queues unhealthy")
            });
            verdict = Verdict::Unhealthy;
        } else {
            findings.push(format!("{unhealthy} of {total} queues unhealthy"));
            short.push(format!("{unhealthy}/{total} queues unhealthy"));
            verdict = verdict.max(Verdict::Warning);
        }
    }
    let late = late_runs.unwrap_or(0);
    if late > 0 {
        verdict = verdict.max(Verdict::Warning);
        short.push(format!("{late} late"));
    }
    if verdict == base.verdict {
        return base;
    }
    let word = match verdict {
        Verdict::Unhealthy => "Unhealthy",
        _ => "Needs attention",
    };
    // `health::work_pool` names late runs in some of its sentences: said once.
    if late > 0 && !base.reason.contains("late run") {
        findings.push(format!("{} waiting", plural(late, "late run", "late runs")));
    }
    let own = base
        .reason
        .split_once(": ")
        .map_or(base.reason.as_str(), |(_, rest)| rest);
    let findings = if findings.is_empty() {
        String::new()
    } else {
        format!("{}; ", findings.join("; "))
    };
    let health = Health::new(verdict, format!("{word}: {findings}workers: {own}"));
    match short.first() {
        Some(first) => health.with_short(first.clone()),
        None => health,
    }
}

/// A pool's late runs as the sum of its queues' status answers (those that came).
pub fn pool_late_runs<'a, E: 'a>(
    statuses: impl IntoIterator<Item = &'a Result<WorkQueueStatusDetail, E>>,
) -> i64 {
    statuses
        .into_iter()
        .filter_map(|s| s.as_ref().ok())
        .fold(0i64, |sum, s| sum.saturating_add(s.late_runs_count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_verdict_takes_its_queues_slots_and_late_runs_into_account() {
        let ready = Health::new(
            Verdict::Healthy,
            "Ready: 2 workers online, last heartbeat 3s ago; 37 late runs waiting",
        );
        let bad = Health::new(Verdict::Unhealthy, "Unhealthy: 12 late runs");
        let good = Health::new(Verdict::Healthy, "Healthy");
        // Every queue unhealthy, over its limit, late runs: never a green "Ready".
        let worst = pool_verdict(
            ready.clone(),
            &[bad.clone(), bad.clone()],
            Some(48),
            Some(10),
            Some(37),
        );
        assert_eq!(worst.verdict, Verdict::Unhealthy);
        for part in [
            "48 of 10 slots in use",
            "all 2 of its queues are unhealthy",
            "37 late runs waiting",
            "2 workers online",
        ] {
            assert!(worst.reason.contains(part), "{}", worst.reason);
        }
        // The pill's words name the first finding; the sentence has them all.
        assert_eq!(worst.short, "Over limit 48/10");
        let some = pool_verdict(
            ready.clone(),
            &[bad.clone(), good.clone()],
            None,
            None,
            None,
        );
        assert_eq!(some.short, "1/2 queues unhealthy");
        let late = pool_verdict(
            Health::new(Verdict::Healthy, "Ready: 1 worker online"),
            std::slice::from_ref(&good),
            None,
            None,
            Some(53),
        );
        assert_eq!(
            (late.verdict, late.short.as_str()),
            (Verdict::Warning, "53 late")
        );
        assert_eq!(
            worst.reason.matches("late run").count(),
            1,
            "{}",
            worst.reason
        );
        // Some queues unhealthy: a warning that says how many.
        let some = pool_verdict(
            Health::new(Verdict::Healthy, "Ready: 1 worker online"),
            &[bad.clone(), good.clone()],
            Some(1),
            Some(10),
            Some(0),
        );
        assert_eq!(some.verdict, Verdict::Warning);
        assert!(
            some.reason.contains("1 of 2 queues unhealthy"),
            "{}",
            some.reason
        );
        // Late runs alone: a warning too.
        let late = pool_verdict(
            Health::new(Verdict::Healthy, "Ready: 1 worker online"),
            std::slice::from_ref(&good),
            None,
            None,
            Some(3),
        );
        assert_eq!(late.verdict, Verdict::Warning);
        assert!(
            late.reason.contains("3 late runs waiting"),
            "{}",
            late.reason
        );
        // All well: the pool's own sentence, unchanged; at the limit is not over it.
        let fine = Health::new(Verdict::Healthy, "Ready: 1 worker online");
        assert_eq!(
            pool_verdict(fine.clone(), &[good], Some(10), Some(10), Some(0)),
            fine
        );
        // Paused stays paused; numbers near the limits do not overflow.
        let paused = Health::new(Verdict::Paused, "Paused");
        assert_eq!(
            pool_verdict(
                paused.clone(),
                std::slice::from_ref(&bad),
                Some(i64::MAX),
                Some(0),
                Some(i64::MAX)
            ),
            paused
        );
        assert_eq!(
            pool_verdict(fine.clone(), &[], Some(i64::MAX), Some(i64::MAX - 1), None).verdict,
            Verdict::Unhealthy
        );
    }
    use crate::domain::test_now;
    use serde_json::json;

    fn queue(name: &str, pool: &str, polled_seconds_ago: i64) -> WorkQueue {
        let polled = test_now() - chrono::Duration::seconds(polled_seconds_ago);
        serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000001",
            "name": name,
            "work_pool_name": pool,
            "is_paused": false,
            "priority": 1,
            "last_polled": polled.to_rfc3339(),
        }))
        .expect("queue")
    }

    fn pool(name: &str, paused: bool) -> WorkPool {
        serde_json::from_value(json!({"name": name, "type": "process", "is_paused": paused}))
            .expect("pool")
    }

    fn status(late: i64, polled_seconds_ago: i64) -> WorkQueueStatusDetail {
        let polled = test_now() - chrono::Duration::seconds(polled_seconds_ago);
        serde_json::from_value(json!({
            "healthy": late == 0,
            "late_runs_count": late,
            "last_polled": polled.to_rfc3339(),
            "health_check_policy": {"maximum_late_runs": 0, "maximum_seconds_since_last_polled": 60},
        }))
        .expect("status")
    }

    #[test]
    fn the_same_queue_gets_the_same_verdict_from_either_evidence() {
        let q = queue("default", "p", 5);
        let now = test_now();
        for late in [0, 3] {
            let from_status = verdict(&q, QueueEvidence::Status(&status(late, 5)), now);
            let from_count = verdict(&q, QueueEvidence::LateRuns(late), now);
            assert_eq!(from_status, from_count, "{late} late runs");
        }
        assert_eq!(
            verdict(&q, QueueEvidence::Unanswered("HTTP 500"), now).verdict,
            Verdict::Unknown
        );
    }

    #[test]
    fn only_a_working_pools_unhealthy_queues_are_issues() {
        let now = test_now();
        let queues = [
            queue("a", "p", 5),
            queue("b", "p", 5),
            queue("c", "other", 5),
        ];
        let mut late = LateRuns::default();
        late.by_queue.insert(("p".into(), "b".into()), 2);
        late.by_queue.insert(("other".into(), "c".into()), 9);
        let working = pool("p", false);
        let ready = Health::new(Verdict::Healthy, "Ready");
        let found = issues(&ready, &queue_verdicts(&working, &queues, Some(&late), now));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "b");
        assert!(
            found[0].1.reason.contains("2 late runs"),
            "{:?}",
            found[0].1
        );
        let paused = Health::new(Verdict::Paused, "Paused");
        let paused_pool = pool("p", true);
        assert!(issues(
            &paused,
            &queue_verdicts(&paused_pool, &queues, Some(&late), now)
        )
        .is_empty());
    }

    #[test]
    fn a_pools_health_names_its_late_queue_and_counts_it() {
        let now = test_now();
        let queues = [queue("a", "p", 5), queue("b", "p", 5)];
        let mut late = LateRuns::default();
        late.by_pool.insert("p".into(), 2);
        late.by_queue.insert(("p".into(), "b".into()), 2);
        let evidence = PoolEvidence {
            workers: None,
            queues: Some(&queues),
            late: Some(&late),
        };
        let (verdict, unhealthy) = judge_pool(&pool("p", false), evidence, now);
        assert_eq!(unhealthy.len(), 1);
        assert_eq!(unhealthy[0].0, "b");
        assert_ne!(verdict.verdict, Verdict::Healthy, "{verdict:?}");
        assert!(verdict.reason.contains("late"), "{verdict:?}");
        assert!(
            verdict
                .reason
                .ends_with("(not looked at: its workers, which could not be loaded)"),
            "{verdict:?}"
        );
        // Without the late runs (they could not be loaded) nothing is late, and it says so.
        let (without, none) = judge_pool(
            &pool("p", false),
            PoolEvidence {
                late: None,
                ..evidence
            },
            now,
        );
        assert!(none.is_empty());
        assert!(
            without.reason.contains("its workers, its late runs"),
            "{without:?}"
        );
    }

    #[test]
    fn pool_late_runs_sum_what_answered() {
        let statuses: Vec<Result<WorkQueueStatusDetail, String>> = vec![
            Ok(status(2, 1)),
            Err("down".into()),
            Ok(status(i64::MAX, 1)),
        ];
        assert_eq!(pool_late_runs(&statuses), i64::MAX);
        assert_eq!(pool_late_runs(&statuses[..2]), 2);
    }
}
