//! State changes the events stream announced, applied to the rows on screen at once.
//!
//! A flow run's state-change event (`prefect.flow-run.<Name>`) names the new state on its
//! resource (`prefect.state-type`, `prefect.state-name`, `prefect.state-timestamp`): all a
//! runs-list row needs. The row shows it before any refetch; a refetch still follows
//! (coalesced) for what an event cannot tell (new rows, counts, histories), and a fetched
//! state at least as new as the event's wins. Events can arrive out of order across API
//! replicas: the newest state per run is kept, by its timestamp. Memory is bounded: the
//! last `capacity` runs.

use super::live::LiveEvent;
use crate::schemas::StateType;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use uuid::Uuid;

/// A run's new state as its event told it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateChange {
    pub run: Uuid,
    pub state_type: StateType,
    pub name: String,
    /// The state's timestamp (the event's `occurred` where the label is missing).
    pub at: DateTime<Utc>,
}

/// The state change `event` announces, if it is a flow run's and names the state's type.
pub fn state_change(event: &LiveEvent) -> Option<StateChange> {
    let id = event.resource.strip_prefix("prefect.flow-run.")?;
    let run = Uuid::parse_str(id).ok()?;
    let suffix = event.event.strip_prefix("prefect.flow-run.")?;
    let resource = event.body.get("resource")?;
    let label = |key: &str| resource.get(key).and_then(Value::as_str);
    let state_type = StateType::from_wire(label("prefect.state-type")?);
    if let StateType::Unknown(_) = state_type {
        return None;
    }
    let name = match label("prefect.state-name") {
        Some(name) if !name.is_empty() => name.to_string(),
        _ if !suffix.is_empty() => suffix.to_string(),
        _ => state_type.default_name(),
    };
    let at = label("prefect.state-timestamp")
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map_or(event.occurred, |t| t.to_utc());
    Some(StateChange {
        run,
        state_type,
        name,
        at,
    })
}

/// The newest announced state of each of the last `capacity` runs announced.
#[derive(Clone, Debug)]
pub struct AppliedStates {
    /// Each run's newest change and when it was kept (a count of changes kept).
    latest: HashMap<Uuid, (StateChange, u64)>,
    /// Runs in the order their changes were kept; an entry whose count is not its run's
    /// latest is stale and skipped (dropped when the queue outgrows twice the capacity).
    order: VecDeque<(Uuid, u64)>,
    kept: u64,
    capacity: usize,
}

impl AppliedStates {
    pub fn new(capacity: usize) -> Self {
        AppliedStates {
            latest: HashMap::new(),
            order: VecDeque::new(),
            kept: 0,
            capacity: capacity.max(1),
        }
    }

    /// Keeps `change` unless its run has one as new already; true when kept.
    pub fn apply(&mut self, change: StateChange) -> bool {
        if self
            .latest
            .get(&change.run)
            .is_some_and(|(kept, _)| kept.at >= change.at)
        {
            return false;
        }
        self.kept += 1;
        self.order.push_back((change.run, self.kept));
        self.latest.insert(change.run, (change, self.kept));
        while self.latest.len() > self.capacity {
            let Some((run, count)) = self.order.pop_front() else {
                break;
            };
            if self.latest.get(&run).is_some_and(|(_, c)| *c == count) {
                self.latest.remove(&run);
            }
        }
        if self.order.len() > 2 * self.capacity {
            let latest = &self.latest;
            self.order
                .retain(|(run, count)| latest.get(run).is_some_and(|(_, c)| c == count));
        }
        true
    }

    /// `run`'s announced state when it is newer than the one fetched (`fetched` is that
    /// state's timestamp; none fetched: any announced one is newer).
    pub fn newer_than(&self, run: Uuid, fetched: Option<DateTime<Utc>>) -> Option<&StateChange> {
        self.latest
            .get(&run)
            .map(|(change, _)| change)
            .filter(|change| fetched.is_none_or(|at| change.at > at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::live::{parse, Incoming};
    use serde_json::json;

    fn event(resource: Value, name: &str) -> LiveEvent {
        let message = json!({"type": "event", "event": {
            "id": Uuid::from_u128(99), "occurred": "2026-12-07T10:00:00Z",
            "event": name, "resource": resource, "related": [],
        }});
        match parse(&message.to_string()) {
            Incoming::Event(event) => event,
            other => panic!("not an event: {other:?}"),
        }
    }

    fn run(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.to_utc())
            .expect("time")
    }

    #[test]
    fn a_state_change_event_names_the_rows_new_state() {
        let e = event(
            json!({
                "prefect.resource.id": format!("prefect.flow-run.{}", run(1)),
                "prefect.state-type": "FAILED", "prefect.state-name": "Boom",
                "prefect.state-timestamp": "2026-12-07T10:00:01.250000+00:00",
            }),
            "prefect.flow-run.Boom",
        );
        let change = state_change(&e).expect("a change");
        assert_eq!(change.run, run(1));
        assert_eq!(change.state_type, StateType::Failed);
        assert_eq!(change.name, "Boom");
        assert_eq!(change.at, at("2026-12-07T10:00:01.25Z"));
    }

    #[test]
    fn what_an_event_does_not_say_is_not_guessed() {
        let id = format!("prefect.flow-run.{}", run(1));
        // No state type: not a state change this dashboard can apply.
        assert!(state_change(&event(
            json!({"prefect.resource.id": id}),
            "prefect.flow-run.X"
        ))
        .is_none());
        // A type it does not know.
        let odd = json!({"prefect.resource.id": id, "prefect.state-type": "WEIRD"});
        assert!(state_change(&event(odd, "prefect.flow-run.X")).is_none());
        // A task run's, a deployment's, a bad id.
        let task = json!({"prefect.resource.id": format!("prefect.task-run.{}", run(1)),
                          "prefect.state-type": "RUNNING"});
        assert!(state_change(&event(task, "prefect.task-run.Running")).is_none());
        let bad = json!({"prefect.resource.id": "prefect.flow-run.nope",
                         "prefect.state-type": "RUNNING"});
        assert!(state_change(&event(bad, "prefect.flow-run.Running")).is_none());
        // No name or timestamp label: the event's name and time.
        let bare = json!({"prefect.resource.id": id, "prefect.state-type": "RUNNING",
                          "prefect.state-timestamp": "yesterday"});
        let change = state_change(&event(bare, "prefect.flow-run.Running")).expect("change");
        assert_eq!(change.name, "Running");
        assert_eq!(change.at, at("2026-12-07T10:00:00Z"));
    }

    fn change(n: u128, name: &str, when: &str) -> StateChange {
        StateChange {
            run: run(n),
            state_type: StateType::Running,
            name: name.into(),
            at: at(when),
        }
    }

    #[test]
    fn the_newest_state_wins_whatever_order_events_come_in() {
        let mut states = AppliedStates::new(10);
        assert!(states.apply(change(1, "b", "2026-12-07T10:00:02Z")));
        // An older one from the other replica, late: ignored; the same one again: ignored.
        assert!(!states.apply(change(1, "a", "2026-12-07T10:00:01Z")));
        assert!(!states.apply(change(1, "b", "2026-12-07T10:00:02Z")));
        assert_eq!(
            states.newer_than(run(1), None).map(|c| c.name.as_str()),
            Some("b")
        );
        // A fetched state as new as the event's wins; an older one does not.
        assert!(states
            .newer_than(run(1), Some(at("2026-12-07T10:00:02Z")))
            .is_none());
        assert!(states
            .newer_than(run(1), Some(at("2026-12-07T10:00:01Z")))
            .is_some());
        assert!(states.newer_than(run(2), None).is_none());
    }

    #[test]
    fn memory_holds_the_last_runs_only() {
        let mut states = AppliedStates::new(3);
        for n in 0..1000 {
            states.apply(change(n, "x", "2026-12-07T10:00:00Z"));
        }
        assert_eq!(states.latest.len(), 3);
        assert!(states.newer_than(run(999), None).is_some());
        assert!(states.newer_than(run(996), None).is_none());
        // A run changed again is the newest: the oldest other run leaves.
        states.apply(change(997, "y", "2026-12-07T10:00:01Z"));
        states.apply(change(5000, "z", "2026-12-07T10:00:01Z"));
        assert!(states.newer_than(run(997), None).is_some());
        assert!(states.newer_than(run(998), None).is_none());
        // Many changes of the same runs: the queue stays bounded.
        for second in 0..50 {
            for n in [997, 999, 5000] {
                states.apply(change(n, "w", &format!("2026-12-07T10:01:{second:02}Z")));
            }
        }
        assert_eq!(states.latest.len(), 3);
        assert!(states.order.len() <= 6);
    }
}
