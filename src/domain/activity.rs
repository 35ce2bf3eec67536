//! Recent-run activity bars and next runs, grouped from one batched list of runs.

use crate::schemas::{FlowRun, StateType, Timestamp};
use std::collections::HashMap;
use std::hash::Hash;

/// Bars per row (Prefect's own UI fits about as many into a table cell).
pub const BARS: usize = 12;

/// One run as a bar: colour by state type, height by run time.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityBar {
    pub state_type: StateType,
    pub label: String,
    /// 0..=1, on a log scale of the row's longest run.
    pub height: f64,
}

impl Hash for ActivityBar {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.state_type.hash(state);
        self.label.hash(state);
        self.height.to_bits().hash(state);
    }
}

/// The newest `per` runs for each key, newest first, from runs sorted newest first.
pub fn recent_by<K: Hash + Eq>(
    runs: &[FlowRun],
    key: impl Fn(&FlowRun) -> Option<K>,
    per: usize,
) -> HashMap<K, Vec<FlowRun>> {
    let mut groups: HashMap<K, Vec<FlowRun>> = HashMap::new();
    for run in runs {
        if let Some(k) = key(run) {
            let group = groups.entry(k).or_default();
            if group.len() < per {
                group.push(run.clone());
            }
        }
    }
    groups
}

/// One key's share of a list of runs: how many it has, and its newest.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyShare<K> {
    pub key: K,
    pub count: usize,
    pub newest: FlowRun,
}

/// The first `n` keys to appear in runs sorted newest first (so the keys with the newest
/// runs, newest first), each with how many of the runs are its own. Linear in the runs.
pub fn newest_keys<K: Hash + Eq + Clone>(
    runs: &[FlowRun],
    key: impl Fn(&FlowRun) -> K,
    n: usize,
) -> Vec<KeyShare<K>> {
    let mut shares: Vec<KeyShare<K>> = Vec::new();
    let mut index: HashMap<K, usize> = HashMap::new();
    for run in runs {
        let k = key(run);
        match index.get(&k) {
            Some(&i) => shares[i].count += 1,
            None if shares.len() < n => {
                index.insert(k.clone(), shares.len());
                shares.push(KeyShare {
                    key: k,
                    count: 1,
                    newest: run.clone(),
                });
            }
            None => {}
        }
    }
    shares
}

/// The earliest expected start per key.
pub fn next_by<K: Hash + Eq>(
    runs: &[FlowRun],
    key: impl Fn(&FlowRun) -> Option<K>,
) -> HashMap<K, FlowRun> {
    let mut next: HashMap<K, FlowRun> = HashMap::new();
    for run in runs {
        let Some(k) = key(run) else { continue };
        let sooner = |current: &FlowRun| {
            run.expected_start_time.map(|t| t.0) < current.expected_start_time.map(|t| t.0)
        };
        match next.get(&k) {
            Some(current) if !sooner(current) => {}
            _ => {
                next.insert(k, run.clone());
            }
        }
    }
    next
}

/// Bars oldest to newest (left to right) for runs given newest first.
pub fn bars(runs_newest_first: &[FlowRun]) -> Vec<ActivityBar> {
    let longest = runs_newest_first
        .iter()
        .map(|r| r.estimated_run_time.max(0.0))
        .fold(0.0, f64::max);
    let scale = (1.0 + longest).ln();
    runs_newest_first
        .iter()
        .rev()
        .map(|run| {
            let seconds = run.estimated_run_time.max(0.0);
            let state_type = run.shown_state_type();
            let name = run.current_state_name().unwrap_or_default();
            ActivityBar {
                label: format!("{}: {name}, {}", run.name, super::format::duration(seconds)),
                state_type,
                height: if scale > 0.0 {
                    (0.15 + 0.85 * (1.0 + seconds).ln() / scale).min(1.0)
                } else {
                    0.15
                },
            }
        })
        .collect()
}

/// "Last 3 runs: 2 completed, 1 failed" for screen readers and tooltips.
pub fn summary(bars: &[ActivityBar]) -> String {
    if bars.is_empty() {
        return "No recent runs".into();
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for bar in bars {
        let name = bar.state_type.default_name().to_lowercase();
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(n, c)| format!("{c} {n}")).collect();
    let runs = if bars.len() == 1 { "run" } else { "runs" };
    format!("Last {} {runs}: {}", bars.len(), parts.join(", "))
}

/// "7 runs · 5 completed": a compact line under bars (the summary says the rest).
pub fn completion(bars: &[ActivityBar]) -> String {
    let completed = bars
        .iter()
        .filter(|b| b.state_type == StateType::Completed)
        .count();
    let runs = if bars.len() == 1 { "run" } else { "runs" };
    format!("{} {runs} · {completed} completed", bars.len())
}

/// When a run is expected to start, for "next run" cells.
pub fn expected(run: &FlowRun) -> Option<Timestamp> {
    run.next_scheduled_start_time.or(run.expected_start_time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use uuid::Uuid;

    fn run(deployment: u8, state: &str, seconds: f64, start: &str) -> FlowRun {
        let id = format!("{deployment}{}", start.replace(['-', ':', 'T', 'Z'], ""));
        serde_json::from_value(json!({
            "id": Uuid::from_u128(id.parse().unwrap_or_default()),
            "name": format!("run-{deployment}-{start}"),
            "flow_id": Uuid::nil(),
            "deployment_id": format!("00000000-0000-0000-0000-00000000000{deployment}"),
            "state_type": state,
            "estimated_run_time": seconds,
            "expected_start_time": start,
        }))
        .expect("run")
    }

    #[test]
    fn groups_keep_the_newest_runs_per_key() {
        let runs = vec![
            run(1, "COMPLETED", 5.0, "2026-01-03T00:00:00Z"),
            run(2, "FAILED", 50.0, "2026-01-02T12:00:00Z"),
            run(1, "FAILED", 1.0, "2026-01-02T00:00:00Z"),
            run(1, "COMPLETED", 1.0, "2026-01-01T00:00:00Z"),
        ];
        let groups = recent_by(&runs, |r| r.deployment_id, 2);
        assert_eq!(groups.len(), 2);
        let first = &groups[&runs[0].deployment_id.expect("id")];
        assert_eq!(first.len(), 2);
        let bars = bars(first);
        assert_eq!(bars[0].state_type, StateType::Failed, "oldest on the left");
        assert!(bars[1].height > bars[0].height);
        assert!(bars.iter().all(|b| (0.0..=1.0).contains(&b.height)));
        assert_eq!(summary(&bars), "Last 2 runs: 1 failed, 1 completed");
        assert_eq!(summary(&[]), "No recent runs");
        assert_eq!(completion(&bars), "2 runs · 1 completed");
        assert_eq!(completion(&bars[..1]), "1 run · 0 completed");
    }

    #[test]
    fn newest_keys_come_in_the_order_of_their_newest_run_with_their_counts() {
        let runs = vec![
            run(2, "FAILED", 1.0, "2026-01-04T00:00:00Z"),
            run(1, "FAILED", 1.0, "2026-01-03T00:00:00Z"),
            run(2, "CRASHED", 1.0, "2026-01-02T00:00:00Z"),
            run(3, "FAILED", 1.0, "2026-01-01T12:00:00Z"),
            run(2, "FAILED", 1.0, "2026-01-01T00:00:00Z"),
        ];
        let shares = newest_keys(&runs, |r| r.deployment_id, 2);
        let keys: Vec<_> = shares.iter().map(|s| (s.key, s.count)).collect();
        assert_eq!(
            keys,
            [(runs[0].deployment_id, 3), (runs[1].deployment_id, 1)],
            "the third key is past n, and its runs count for nobody"
        );
        assert_eq!(shares[0].newest.id, runs[0].id);
        assert!(newest_keys(&runs, |r| r.deployment_id, 0).is_empty());
    }

    #[test]
    fn next_is_the_earliest_per_key() {
        let runs = vec![
            run(1, "SCHEDULED", 0.0, "2026-01-03T00:00:00Z"),
            run(1, "SCHEDULED", 0.0, "2026-01-02T00:00:00Z"),
            run(2, "SCHEDULED", 0.0, "2026-01-05T00:00:00Z"),
        ];
        let next = next_by(&runs, |r| r.deployment_id);
        let one = &next[&runs[0].deployment_id.expect("id")];
        assert_eq!(one.id, runs[1].id);
        assert_eq!(next.len(), 2);
        // All zero run times still give visible bars.
        assert!(bars(&runs).iter().all(|b| b.height > 0.0));
    }
}
