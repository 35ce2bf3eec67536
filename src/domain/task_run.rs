//! A task run's page in words: its retry policy, its cache, and where each of its inputs
//! came from. Pure.

use super::format::duration;
use super::totals::StateTotals;
use crate::schemas::{
    RetryDelay, RunInput, StateType, TaskInputs, TaskRun, TaskRunPolicy, Timestamp,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The retry policy as a sentence: "No retries", "2 retries, 10s apart", "3 retries, after
/// 1s, 2s, 4s", with the jitter factor when set. Deprecated fields count when the new ones
/// A run's task runs in a run's header: how many, and the words for the failed or crashed
/// among them ("1 of 4 failed"), None when none did.
pub fn failed_of(tasks: &[TaskRun]) -> (usize, Option<String>) {
    // What counts as failed is the totals' rule (failed or crashed), as on the dashboard.
    let types: Vec<StateType> = tasks.iter().map(TaskRun::shown_state_type).collect();
    let failed = StateTotals::from_counts(types.iter().map(|t| (t, 1))).failed;
    let words = (failed > 0).then(|| format!("{failed} of {} failed", tasks.len()));
    (tasks.len(), words)
}

/// are unset (`populate_deprecated_fields`).
pub fn retry_policy(policy: &TaskRunPolicy) -> String {
    let mut policy = policy.clone();
    policy.populate_deprecated_fields();
    let retries = policy.retries.unwrap_or(0);
    if retries <= 0 {
        return "No retries".into();
    }
    let count = if retries == 1 {
        "1 retry".to_string()
    } else {
        format!("{retries} retries")
    };
    let seconds = |n: &serde_json::Number| duration(n.as_f64().unwrap_or(0.0));
    let delay = match &policy.retry_delay {
        Some(RetryDelay::Seconds(n)) if n.as_f64().unwrap_or(0.0) > 0.0 => {
            format!(", {} apart", seconds(n))
        }
        Some(RetryDelay::PerAttempt(list)) if !list.is_empty() => format!(
            ", after {}",
            list.iter().map(seconds).collect::<Vec<_>>().join(", ")
        ),
        _ => ", at once".to_string(),
    };
    let jitter = match policy.retry_jitter_factor {
        Some(f) if f.is_finite() && f > 0.0 => format!(", jitter factor {f}"),
        _ => String::new(),
    };
    format!("{count}{delay}{jitter}")
}

/// Where the task run's cache stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cache {
    /// No cache key: nothing was cached.
    None,
    /// Cached without an expiration.
    Forever,
    /// Cached until then (still valid at `now`).
    Until(Timestamp),
    /// The cache expired then.
    Expired(Timestamp),
}

pub fn cache(key: Option<&str>, expiration: Option<Timestamp>, now: DateTime<Utc>) -> Cache {
    if key.is_none_or(|k| k.is_empty()) {
        return Cache::None;
    }
    match expiration {
        None => Cache::Forever,
        Some(at) if at.0 > now => Cache::Until(at),
        Some(at) => Cache::Expired(at),
    }
}

/// One input of a task run: its parameter name and what fed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub sources: Vec<RunInput>,
}

/// The inputs in parameter order (by name, as the server keeps them), each with its sources.
pub fn inputs(task_inputs: &TaskInputs) -> Vec<Input> {
    task_inputs
        .iter()
        .map(|(name, sources)| Input {
            name: name.clone(),
            sources: sources.clone(),
        })
        .collect()
}

/// The task runs and the flow runs whose results fed `task_inputs`, each once, in order of
/// first mention: what one lookup per kind fetches.
pub fn upstream(task_inputs: &TaskInputs) -> (Vec<Uuid>, Vec<Uuid>) {
    let (mut tasks, mut flows) = (Vec::new(), Vec::new());
    for input in task_inputs.values().flatten() {
        let (list, id) = match input {
            RunInput::TaskRun { id } => (&mut tasks, *id),
            RunInput::FlowRun { id } => (&mut flows, *id),
            _ => continue,
        };
        if !list.contains(&id) {
            list.push(id);
        }
    }
    (tasks, flows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_now;
    use serde_json::json;

    fn policy(value: serde_json::Value) -> TaskRunPolicy {
        serde_json::from_value(value).unwrap_or_default()
    }

    #[test]
    fn retry_policies_in_words() {
        assert_eq!(retry_policy(&TaskRunPolicy::default()), "No retries");
        assert_eq!(
            retry_policy(&policy(json!({"retries": 2, "retry_delay": 0}))),
            "2 retries, at once"
        );
        assert_eq!(
            retry_policy(&policy(json!({"retries": 1, "retry_delay": 10}))),
            "1 retry, 10s apart"
        );
        assert_eq!(
            retry_policy(&policy(
                json!({"retries": 3, "retry_delay": [1, 2, 4], "retry_jitter_factor": 0.5})
            )),
            "3 retries, after 1s, 2s, 4s, jitter factor 0.5"
        );
        assert_eq!(
            retry_policy(&policy(
                json!({"max_retries": 4, "retry_delay_seconds": 90})
            )),
            "4 retries, 1m 30s apart",
            "the deprecated fields when the new ones are unset"
        );
        assert_eq!(retry_policy(&policy(json!({"retries": -3}))), "No retries");
        assert!(
            retry_policy(&policy(
                json!({"retries": 9_000_000_000_i64, "retry_delay": 1e300})
            ))
            .starts_with("9000000000 retries, "),
            "huge numbers stay text"
        );
    }

    #[test]
    fn cache_states() {
        let now = test_now();
        let at = |s: i64| Timestamp(now + chrono::Duration::seconds(s));
        assert_eq!(cache(None, Some(at(10)), now), Cache::None);
        assert_eq!(cache(Some(""), None, now), Cache::None);
        assert_eq!(cache(Some("k"), None, now), Cache::Forever);
        assert_eq!(cache(Some("k"), Some(at(10)), now), Cache::Until(at(10)));
        assert_eq!(
            cache(Some("k"), Some(at(-10)), now),
            Cache::Expired(at(-10))
        );
    }

    #[test]
    fn inputs_and_their_upstream_runs() {
        let t1 = Uuid::from_u128(1);
        let t2 = Uuid::from_u128(2);
        let f1 = Uuid::from_u128(3);
        let task_inputs: TaskInputs = serde_json::from_value(json!({
            "rows": [{"input_type": "task_run", "id": t1}],
            "extra": [
                {"input_type": "task_run", "id": t2},
                {"input_type": "task_run", "id": t1},
                {"input_type": "flow_run", "id": f1},
                {"input_type": "parameter", "name": "days"},
                {"input_type": "constant", "type": "int"}
            ],
            "none": []
        }))
        .unwrap_or_default();
        let listed = inputs(&task_inputs);
        assert_eq!(
            listed.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
            ["extra", "none", "rows"]
        );
        assert_eq!(listed[0].sources.len(), 5);
        assert_eq!(upstream(&task_inputs), (vec![t2, t1], vec![f1]));
        assert_eq!(upstream(&TaskInputs::new()), (vec![], vec![]));
    }

    #[test]
    fn a_header_counts_task_runs_and_names_the_failed() {
        let task = |state: &str| -> TaskRun {
            serde_json::from_value(json!({
                "id": Uuid::from_u128(1), "flow_run_id": Uuid::from_u128(2), "name": "t", "task_key": "k",
                "dynamic_key": "0",
                "state": {"type": state, "name": state, "timestamp": "2026-12-06T00:00:00Z"},
            }))
            .expect("task run")
        };
        assert_eq!(failed_of(&[]), (0, None));
        let tasks = [
            task("COMPLETED"),
            task("FAILED"),
            task("CRASHED"),
            task("RUNNING"),
        ];
        assert_eq!(failed_of(&tasks), (4, Some("2 of 4 failed".into())));
    }
}
