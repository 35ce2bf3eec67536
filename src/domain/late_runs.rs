//! Late runs counted per work pool and per queue: the server's count per queue, or, where
//! there are too many queues to ask each, one list of Prefect's "Late" runs.

use crate::schemas::FlowRun;
use crate::schemas::MAX_LIMIT;
use std::collections::HashMap;

/// Late runs per work pool and per queue.
#[derive(Clone, Debug, Default)]
pub struct LateRuns {
    pub by_pool: HashMap<String, i64>,
    pub by_queue: HashMap<(String, String), i64>,
    /// More late runs exist than one request returns: counts are lower bounds.
    pub capped: bool,
}

impl LateRuns {
    /// From the server's count per queue (`((pool, queue), count)`): a pool's is the sum of
    /// its queues' (a run in a pool is always in one of its queues). Exact, never capped.
    pub fn from_queue_counts(
        counts: impl IntoIterator<Item = ((String, String), i64)>,
    ) -> LateRuns {
        let mut late = LateRuns::default();
        for ((pool, queue), count) in counts {
            let in_pool = late.by_pool.entry(pool.clone()).or_default();
            *in_pool = in_pool.saturating_add(count);
            late.by_queue.insert((pool, queue), count);
        }
        late
    }

    /// From one list of late runs (up to 200), counted by their pool and queue: lower
    /// bounds when the list was full.
    pub fn from_runs(runs: &[FlowRun]) -> LateRuns {
        let mut late = LateRuns {
            capped: runs.len() as u32 >= MAX_LIMIT,
            ..Default::default()
        };
        for run in runs {
            if let Some(pool) = &run.work_pool_name {
                *late.by_pool.entry(pool.clone()).or_default() += 1;
                if let Some(queue) = &run.work_queue_name {
                    *late
                        .by_queue
                        .entry((pool.clone(), queue.clone()))
                        .or_default() += 1;
                }
            }
        }
        late
    }

    /// Late runs in `pool` (0 when the list names none there).
    pub fn in_pool(&self, pool: &str) -> i64 {
        self.by_pool.get(pool).copied().unwrap_or(0)
    }

    /// "3", or "200+" when the request was capped.
    pub fn text(&self, count: i64) -> String {
        if self.capped && count > 0 {
            format!("{count}+")
        } else {
            count.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn late(pool: Option<&str>, queue: Option<&str>) -> FlowRun {
        serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000001", "name": "r",
            "flow_id": "00000000-0000-0000-0000-000000000002",
            "work_pool_name": pool, "work_queue_name": queue,
        }))
        .expect("run")
    }

    #[test]
    fn counts_per_pool_and_queue_and_says_when_capped() {
        let runs = [
            late(Some("a"), Some("default")),
            late(Some("a"), Some("default")),
            late(Some("a"), None),
            late(None, None),
        ];
        let counts = LateRuns::from_runs(&runs);
        assert_eq!(counts.by_pool.get("a"), Some(&3));
        assert_eq!((counts.in_pool("a"), counts.in_pool("none")), (3, 0));
        assert_eq!(
            counts.by_queue.get(&("a".into(), "default".into())),
            Some(&2)
        );
        assert_eq!(counts.text(3), "3");
        let many: Vec<FlowRun> = (0..MAX_LIMIT).map(|_| late(Some("a"), None)).collect();
        let capped = LateRuns::from_runs(&many);
        assert_eq!(capped.text(200), "200+");
        assert_eq!(capped.text(0), "0");
    }

    #[test]
    fn queue_counts_add_up_to_their_pools_and_are_never_capped() {
        let key = |pool: &str, queue: &str| (pool.to_string(), queue.to_string());
        let counts = LateRuns::from_queue_counts([
            (key("a", "default"), 250),
            (key("a", "gpu"), 3),
            (key("b", "default"), 0),
            (key("c", "huge"), i64::MAX),
            (key("c", "more"), 1),
        ]);
        assert_eq!(counts.in_pool("a"), 253);
        assert_eq!(counts.text(counts.in_pool("a")), "253");
        assert_eq!(counts.by_queue.get(&key("a", "gpu")), Some(&3));
        assert_eq!(counts.in_pool("b"), 0);
        assert_eq!(counts.in_pool("c"), i64::MAX, "saturates, never wraps");
        assert!(!counts.capped);
    }
}
