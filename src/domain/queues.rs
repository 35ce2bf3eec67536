//! Work queue verdicts, one rule for every page: a queue is judged by Prefect's
//! `WorkQueueHealthPolicy` against the best evidence the page has (the server's
//! `/work_queues/{id}/status` answer, or a count from one list of late runs), and a pool's
//! queues count against it only while the pool itself is working.

use super::health::{self, Health, Verdict};
use super::late_runs::LateRuns;
use crate::schemas::{WorkPool, WorkQueue, WorkQueueHealthPolicy, WorkQueueStatusDetail};
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

/// The queues of `pool` that are not healthy, with their verdicts. A paused pool's queues
/// wait with it, so they never count against it.
pub fn issues(
    pool: &WorkPool,
    pool_verdict: &Health,
    queues: &[WorkQueue],
    late: Option<&LateRuns>,
    now: DateTime<Utc>,
) -> Vec<(String, Health)> {
    if pool_verdict.verdict == Verdict::Paused {
        return Vec::new();
    }
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
        .filter(|(_, h)| h.verdict != Verdict::Healthy)
        .collect()
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
        let found = issues(&working, &ready, &queues, Some(&late), now);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "b");
        assert!(
            found[0].1.reason.contains("2 late runs"),
            "{:?}",
            found[0].1
        );
        let paused = Health::new(Verdict::Paused, "Paused");
        assert!(issues(&pool("p", true), &paused, &queues, Some(&late), now).is_empty());
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
