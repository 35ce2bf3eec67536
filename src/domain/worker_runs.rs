//! What each worker is running, from the workers' own events: a worker says
//! `prefect.worker.submitted-flow-run` when it starts a run's infrastructure and
//! `prefect.worker.executed-flow-run` when that ends, each with the run as a related resource
//! (role `flow-run`). A run whose newest such event is a submission, and whose state is not
//! final, is still on its worker. Pure; bounded by the events read.

use crate::schemas::events::ReceivedEvent;
use crate::schemas::FlowRun;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

pub const SUBMITTED: &str = "prefect.worker.submitted-flow-run";
pub const EXECUTED: &str = "prefect.worker.executed-flow-run";

/// One worker event about one run.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerEvent {
    /// The worker's name (`prefect.resource.name`; its resource id's tail if it has none).
    pub worker: String,
    pub run: Uuid,
    pub run_name: String,
    pub submitted: bool,
    pub occurred: DateTime<Utc>,
}

impl WorkerEvent {
    /// The worker event `event` is, if it is one naming a flow run.
    pub fn of(event: &ReceivedEvent) -> Option<WorkerEvent> {
        let submitted = match event.event.as_str() {
            SUBMITTED => true,
            EXECUTED => false,
            _ => return None,
        };
        let worker = event
            .resource
            .get("prefect.resource.name")
            .cloned()
            .or_else(|| {
                event
                    .resource_id()
                    .and_then(|id| id.rsplit('.').next())
                    .map(str::to_string)
            })?;
        let run = event.related.iter().find_map(|r| {
            let is_run = r.get("prefect.resource.role").map(String::as_str) == Some("flow-run");
            let id = r
                .get("prefect.resource.id")?
                .strip_prefix("prefect.flow-run.")?;
            let id = Uuid::parse_str(id).ok().filter(|_| is_run)?;
            Some((
                id,
                r.get("prefect.resource.name").cloned().unwrap_or_default(),
            ))
        })?;
        Some(WorkerEvent {
            worker,
            run: run.0,
            run_name: run.1,
            submitted,
            occurred: event.occurred.0,
        })
    }
}

/// A run a worker submitted and has not said it finished.
#[derive(Clone, Debug, PartialEq)]
pub struct Submitted {
    pub worker: String,
    pub run: Uuid,
    pub run_name: String,
    pub at: DateTime<Utc>,
}

/// The runs whose newest worker event (of `events`, any order) is a submission.
pub fn submitted(events: &[WorkerEvent]) -> Vec<Submitted> {
    let mut newest: HashMap<Uuid, &WorkerEvent> = HashMap::new();
    for event in events {
        newest
            .entry(event.run)
            .and_modify(|seen| {
                // An executed event at the same instant ends it.
                if event.occurred > seen.occurred
                    || (event.occurred == seen.occurred && !event.submitted)
                {
                    *seen = event;
                }
            })
            .or_insert(event);
    }
    let mut out: Vec<Submitted> = newest
        .into_values()
        .filter(|e| e.submitted)
        .map(|e| Submitted {
            worker: e.worker.clone(),
            run: e.run,
            run_name: e.run_name.clone(),
            at: e.occurred,
        })
        .collect();
    out.sort_by_key(|s| (s.at, s.run));
    out
}

/// A run on a worker, as its row shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct OnWorker {
    pub run: Uuid,
    pub name: String,
    /// The run as read now (None: the server no longer has it).
    pub flow_run: Option<FlowRun>,
    /// When the worker submitted it.
    pub submitted: DateTime<Utc>,
    /// Seconds since it started (or since it was submitted, before it starts).
    pub running_for: f64,
}

/// Each worker's unfinished runs, workers by name, runs oldest first. `runs` are the
/// submitted runs as the server has them now: one in a final state has finished, whatever
/// its worker said (a worker that died says nothing).
pub fn by_worker(
    submitted: &[Submitted],
    runs: &[FlowRun],
    now: DateTime<Utc>,
) -> BTreeMap<String, Vec<OnWorker>> {
    let runs: HashMap<Uuid, &FlowRun> = runs.iter().map(|r| (r.id, r)).collect();
    let mut out: BTreeMap<String, Vec<OnWorker>> = BTreeMap::new();
    for s in submitted {
        let run = runs.get(&s.run).copied();
        if run.is_some_and(FlowRun::is_finished) {
            continue;
        }
        let since = run.and_then(|r| r.start_time).map_or(s.at, |t| t.0);
        let running_for = ((now - since).num_milliseconds() as f64 / 1000.0).max(0.0);
        out.entry(s.worker.clone()).or_default().push(OnWorker {
            run: s.run,
            name: run.map_or_else(|| s.run_name.clone(), |r| r.name.clone()),
            flow_run: run.cloned(),
            submitted: s.at,
            running_for,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::Timestamp;
    use serde_json::json;

    fn event(name: &str, worker: &str, run: Uuid, at: i64) -> ReceivedEvent {
        serde_json::from_value(json!({
            "occurred": Timestamp(DateTime::from_timestamp(1_700_000_000 + at, 0).unwrap_or_default()),
            "event": name,
            "resource": {"prefect.resource.id": format!("prefect.worker.process.{worker}"),
                         "prefect.resource.name": worker},
            "related": [
                {"prefect.resource.id": "prefect.deployment.x", "prefect.resource.role": "deployment"},
                {"prefect.resource.id": format!("prefect.flow-run.{run}"),
                 "prefect.resource.role": "flow-run", "prefect.resource.name": format!("run-{at}")},
            ],
            "id": Uuid::from_u128((at as u128) << 8 | name.len() as u128),
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_run_is_on_its_worker_from_its_submission_until_it_was_executed() {
        let (r1, r2, r3) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let events: Vec<WorkerEvent> = [
            event(EXECUTED, "w1", r1, 50),
            event(SUBMITTED, "w1", r1, 10),
            event(SUBMITTED, "w1", r2, 20),
            event(SUBMITTED, "w2", r3, 30),
            event("prefect.worker.started", "w2", r3, 40),
        ]
        .iter()
        .filter_map(WorkerEvent::of)
        .collect();
        assert_eq!(events.len(), 4, "only the two kinds");
        let open = submitted(&events);
        let runs: Vec<(Uuid, &str)> = open.iter().map(|s| (s.run, s.worker.as_str())).collect();
        assert_eq!(runs, vec![(r2, "w1"), (r3, "w2")]);
        assert_eq!(open[0].run_name, "run-20");
    }

    #[test]
    fn a_run_in_a_final_state_has_finished_whatever_its_worker_said() {
        let (r1, r2, r3) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let at = |s: i64| DateTime::from_timestamp(1_700_000_000 + s, 0).unwrap_or_default();
        let open = vec![
            Submitted {
                worker: "w".into(),
                run: r1,
                run_name: "a".into(),
                at: at(0),
            },
            Submitted {
                worker: "w".into(),
                run: r2,
                run_name: "b".into(),
                at: at(5),
            },
            Submitted {
                worker: "v".into(),
                run: r3,
                run_name: "gone".into(),
                at: at(7),
            },
        ];
        let run = |id: Uuid, state: &str, start: Option<i64>| -> FlowRun {
            serde_json::from_value(json!({
                "id": id, "name": format!("n{id}"), "flow_id": Uuid::nil(),
                "state": {"type": state, "name": state, "timestamp": Timestamp(at(0))},
                "state_type": state,
                "start_time": start.map(|s| Timestamp(at(s))),
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let runs = vec![run(r1, "COMPLETED", Some(1)), run(r2, "RUNNING", Some(10))];
        let shown = by_worker(&open, &runs, at(70));
        assert_eq!(shown.len(), 2);
        assert_eq!(shown["w"].len(), 1, "the completed one is not shown");
        assert_eq!(shown["w"][0].running_for, 60.0, "since it started");
        assert_eq!(
            shown["v"][0].name, "gone",
            "a run the server lost keeps its event's name"
        );
        assert_eq!(shown["v"][0].running_for, 63.0, "since it was submitted");
    }
}
