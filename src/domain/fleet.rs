//! One card of the fleet view: a server's or workspace's last 24 hours and its pools, in a
//! few numbers and one verdict, all from the health module's rules.

use super::health::{self, Health, Verdict};
use super::history::totals_by_type;
use super::totals::StateTotals;
use crate::schemas::responses::HistoryResponse;
use crate::schemas::{StateType, WorkPool, Worker};
use chrono::{DateTime, Utc};

/// What a fleet card shows.
#[derive(Clone, Debug, PartialEq)]
pub struct FleetSummary {
    pub version: String,
    pub by_state: Vec<(StateType, i64)>,
    pub total: i64,
    /// Failed and crashed runs.
    pub failed: i64,
    /// Runs in the "Late" state.
    pub late: i64,
    pub pools: usize,
    /// Pools that are not paused and not ready, with the reason.
    pub pools_not_ready: Vec<(String, Health)>,
    pub workers: usize,
    pub workers_offline: usize,
}

/// Adds up one target's answers. `pools` carries each pool's workers when they loaded;
/// `judge` gives a pool's verdict (`queues::judge_pool` on the evidence every page uses).
pub fn summarize(
    version: String,
    history: &[HistoryResponse],
    pools: &[(WorkPool, Option<Vec<Worker>>)],
    judge: impl Fn(&WorkPool) -> Health,
    now: DateTime<Utc>,
) -> FleetSummary {
    let by_state = totals_by_type(history);
    let totals = StateTotals::from_counts(by_state.iter().map(|(t, c)| (t, *c)));
    let late = history
        .iter()
        .flat_map(|b| &b.states)
        .filter(|s| s.state_name == "Late")
        .map(|s| s.count_runs)
        .fold(0, i64::saturating_add);
    let mut pools_not_ready = Vec::new();
    let (mut workers, mut workers_offline) = (0, 0);
    for (pool, pool_workers) in pools {
        let verdict = judge(pool);
        if verdict.verdict == Verdict::Unhealthy {
            pools_not_ready.push((pool.name.clone(), verdict));
        }
        for worker in pool_workers.iter().flatten() {
            workers += 1;
            if !health::worker_is_online(worker, now) {
                workers_offline += 1;
            }
        }
    }
    FleetSummary {
        version,
        total: totals.total,
        failed: totals.failed,
        late,
        pools: pools.len(),
        pools_not_ready,
        workers,
        workers_offline,
        by_state,
    }
}

fn runs(n: i64) -> String {
    if n == 1 {
        "1 run".into()
    } else {
        format!("{n} runs")
    }
}

/// The card's verdict: pools not ready first, then failed or late runs.
pub fn verdict(summary: &FleetSummary) -> Health {
    let not_ready = &summary.pools_not_ready;
    if !not_ready.is_empty() {
        let names: Vec<&str> = not_ready.iter().map(|(n, _)| n.as_str()).collect();
        let pools = if not_ready.len() == 1 {
            "work pool"
        } else {
            "work pools"
        };
        return Health::new(
            Verdict::Unhealthy,
            format!(
                "{} {pools} not ready: {}",
                not_ready.len(),
                names.join(", ")
            ),
        )
        .with_short(format!("{} not ready", not_ready.len()));
    }
    if summary.failed > 0 || summary.late > 0 {
        return Health::new(
            Verdict::Warning,
            format!(
                "{} failed or crashed and {} late in the last 24 h",
                runs(summary.failed),
                runs(summary.late)
            ),
        )
        .with_short(format!("{} failed, {} late", summary.failed, summary.late));
    }
    Health::new(
        Verdict::Healthy,
        format!(
            "All {} work pools ready; no failed or late runs in the last 24 h",
            summary.pools
        ),
    )
    .with_short("All ready")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        crate::domain::test_now()
    }

    fn history() -> Vec<HistoryResponse> {
        serde_json::from_value(json!([{
            "interval_start": "2026-11-23T12:00:00Z", "interval_end": "2026-11-24T12:00:00Z",
            "states": [
                {"state_type": "COMPLETED", "state_name": "Completed", "count_runs": 5, "sum_estimated_run_time": 1.0, "sum_estimated_lateness": 0.0},
                {"state_type": "FAILED", "state_name": "Failed", "count_runs": 2, "sum_estimated_run_time": 1.0, "sum_estimated_lateness": 0.0},
                {"state_type": "CRASHED", "state_name": "Crashed", "count_runs": 1, "sum_estimated_run_time": 1.0, "sum_estimated_lateness": 0.0},
                {"state_type": "SCHEDULED", "state_name": "Late", "count_runs": 3, "sum_estimated_run_time": 0.0, "sum_estimated_lateness": 9.0},
                {"state_type": "SCHEDULED", "state_name": "Scheduled", "count_runs": 4, "sum_estimated_run_time": 0.0, "sum_estimated_lateness": 0.0},
            ]
        }]))
        .expect("history")
    }

    fn pool(name: &str, status: &str, paused: bool) -> WorkPool {
        serde_json::from_value(
            json!({"id": "00000000-0000-0000-0000-000000000001", "name": name,
            "type": "process", "status": status, "is_paused": paused}),
        )
        .expect("pool")
    }

    fn worker(seconds_ago: i64) -> Worker {
        serde_json::from_value(
            json!({"id": "00000000-0000-0000-0000-000000000002", "name": "w",
            "work_pool_id": "00000000-0000-0000-0000-000000000001", "status": "ONLINE",
            "heartbeat_interval_seconds": 30,
            "last_heartbeat_time": (now() - chrono::Duration::seconds(seconds_ago)).to_rfc3339()}),
        )
        .expect("worker")
    }

    /// Judged on the pool and its workers alone.
    fn judge(pools: &[(WorkPool, Option<Vec<Worker>>)]) -> impl Fn(&WorkPool) -> Health + '_ {
        move |pool| {
            let workers = pools
                .iter()
                .find(|(p, _)| p.name == pool.name)
                .and_then(|(_, w)| w.as_deref());
            health::work_pool(pool, workers, None, now())
        }
    }

    #[test]
    fn counts_failed_late_and_pools_not_ready() {
        let pools = vec![
            (
                pool("a", "READY", false),
                Some(vec![worker(5), worker(600)]),
            ),
            (pool("b", "NOT_READY", false), None),
            (pool("c", "PAUSED", true), Some(vec![])),
        ];
        let s = summarize("3.8.8".into(), &history(), &pools, judge(&pools), now());
        assert_eq!(s.total, 15);
        assert_eq!(s.failed, 3);
        assert_eq!(s.late, 3);
        assert_eq!(s.pools, 3);
        assert_eq!(s.workers, 2);
        assert_eq!(s.workers_offline, 1);
        let names: Vec<&str> = s.pools_not_ready.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["b"], "paused pools are not 'not ready'");
        let v = verdict(&s);
        assert_eq!(v.verdict, Verdict::Unhealthy);
        assert_eq!(v.reason, "1 work pool not ready: b");
    }

    #[test]
    fn warning_for_failed_runs_and_healthy_otherwise() {
        let pools = vec![(pool("a", "READY", false), Some(vec![worker(5)]))];
        let s = summarize("3".into(), &history(), &pools, judge(&pools), now());
        assert_eq!(verdict(&s).verdict, Verdict::Warning);
        assert_eq!(
            verdict(&s).reason,
            "3 runs failed or crashed and 3 runs late in the last 24 h"
        );
        let quiet = summarize("3".into(), &[], &pools, judge(&pools), now());
        assert_eq!(verdict(&quiet).verdict, Verdict::Healthy);
    }
}
