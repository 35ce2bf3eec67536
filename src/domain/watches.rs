//! Watches: a run, a deployment or a work pool the user asked to be told about, kept per
//! target in local storage like saved views, and what each check of them has to say: a
//! watched run reached a final state, a watched deployment's run failed or crashed, a
//! watched pool stopped being ready. Each note is said once.

use crate::schemas::StateType;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The most watches kept for a target.
pub const MAX_WATCHES: usize = 100;
/// The most notes one check shows (the rest summed up in one more).
pub const MAX_NOTES: usize = 3;

/// What is watched.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Watch {
    FlowRun { id: Uuid, name: String },
    Deployment { id: Uuid, name: String },
    WorkPool { name: String },
}

impl Watch {
    /// The watch as the toggle says it ("this run").
    pub fn noun(&self) -> &'static str {
        match self {
            Watch::FlowRun { .. } => "this run",
            Watch::Deployment { .. } => "this deployment",
            Watch::WorkPool { .. } => "this work pool",
        }
    }

    /// Whether `other` watches the same thing (names may have changed).
    pub fn same_target(&self, other: &Watch) -> bool {
        match (self, other) {
            (Watch::FlowRun { id: a, .. }, Watch::FlowRun { id: b, .. })
            | (Watch::Deployment { id: a, .. }, Watch::Deployment { id: b, .. }) => a == b,
            (Watch::WorkPool { name: a }, Watch::WorkPool { name: b }) => a == b,
            _ => false,
        }
    }
}

/// The local-storage key of a target's watches (its router base, as saved views).
pub fn storage_key(router_base: &str) -> String {
    format!(
        "prefect-dashboard.watches:{}",
        router_base.trim_end_matches('/')
    )
}

/// The stored watches; anything unreadable is dropped, names cut to 200 characters, at most
/// [`MAX_WATCHES`], each target once.
pub fn parse(text: &str) -> Vec<Watch> {
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return Vec::new();
    };
    let mut watches: Vec<Watch> = Vec::new();
    for value in values.into_iter().take(MAX_WATCHES * 2) {
        let Ok(watch) = serde_json::from_value::<Watch>(value) else {
            continue;
        };
        let watch = match watch {
            Watch::FlowRun { id, name } => Watch::FlowRun {
                id,
                name: cut(name),
            },
            Watch::Deployment { id, name } => Watch::Deployment {
                id,
                name: cut(name),
            },
            Watch::WorkPool { name } if !name.is_empty() => Watch::WorkPool { name: cut(name) },
            Watch::WorkPool { .. } => continue,
        };
        if watches.len() < MAX_WATCHES && !watches.iter().any(|w| w.same_target(&watch)) {
            watches.push(watch);
        }
    }
    watches
}

pub fn to_storage(watches: &[Watch]) -> String {
    serde_json::to_string(watches).unwrap_or_else(|_| "[]".into())
}

fn cut(name: String) -> String {
    name.chars().take(200).collect()
}

/// The list with `watch` added, or removed when it is there; false when the list is full.
pub fn toggle(watches: &[Watch], watch: &Watch) -> Option<Vec<Watch>> {
    if watches.iter().any(|w| w.same_target(watch)) {
        return Some(
            watches
                .iter()
                .filter(|w| !w.same_target(watch))
                .cloned()
                .collect(),
        );
    }
    (watches.len() < MAX_WATCHES).then(|| {
        let mut next = watches.to_vec();
        next.push(watch.clone());
        next
    })
}

/// What a check found, for the watches it was asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Each watched run's name and state.
    pub runs: HashMap<Uuid, (String, StateType, String)>,
    /// Runs of watched deployments that failed or crashed lately: id, name, deployment,
    /// state name.
    pub failures: Vec<(Uuid, String, Uuid, String)>,
    /// Each watched pool's status (`READY`, `NOT_READY`, `PAUSED`).
    pub pools: HashMap<String, String>,
}

/// One notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub title: String,
    pub body: String,
    /// The browser replaces an earlier note with the same tag.
    pub tag: String,
}

/// What the watcher remembers between checks.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    /// The last state seen of each watched run.
    runs: HashMap<Uuid, StateType>,
    /// Failures already said (or there before the watch began).
    failures: HashSet<Uuid>,
    /// The last status seen of each watched pool.
    pools: HashMap<String, String>,
    /// The first check only learns what is there: nothing is said of it.
    primed: HashSet<String>,
}

impl Memory {
    /// The notes `snapshot` calls for against what was seen before, for `watches`; the
    /// memory then holds the snapshot. What is there when a watch begins is not news.
    pub fn notes(&mut self, watches: &[Watch], snapshot: &Snapshot) -> Vec<Note> {
        let mut notes = Vec::new();
        for watch in watches {
            let key = serde_json::to_string(watch).unwrap_or_default();
            let first = self.primed.insert(key);
            match watch {
                Watch::FlowRun { id, .. } => {
                    let Some((name, state, state_name)) = snapshot.runs.get(id) else {
                        continue;
                    };
                    let before = self.runs.insert(*id, state.clone());
                    let newly_final =
                        state.is_terminal() && before.as_ref().is_some_and(|b| !b.is_terminal());
                    if !first && newly_final {
                        notes.push(Note {
                            title: format!("{name}: {state_name}"),
                            body: format!("The run {name} you watch ended {state_name}."),
                            tag: format!("run-{id}"),
                        });
                    }
                }
                Watch::Deployment { id, name } => {
                    for (run, run_name, deployment, state_name) in &snapshot.failures {
                        if deployment != id || !self.failures.insert(*run) || first {
                            continue;
                        }
                        notes.push(Note {
                            title: format!("{name}: a run {}", state_name.to_lowercase()),
                            body: format!("{run_name} of the deployment {name} {state_name}."),
                            tag: format!("run-{run}"),
                        });
                    }
                }
                Watch::WorkPool { name } => {
                    let Some(status) = snapshot.pools.get(name) else {
                        continue;
                    };
                    let before = self.pools.insert(name.clone(), status.clone());
                    if !first && before.as_deref() == Some("READY") && status != "READY" {
                        notes.push(Note {
                            title: format!("{name}: {}", status_words(status)),
                            body: format!(
                                "The work pool {name} you watch is no longer ready: {}.",
                                status_words(status)
                            ),
                            tag: format!("pool-{name}"),
                        });
                    }
                }
            }
        }
        if notes.len() > MAX_NOTES {
            let more = notes.len() - MAX_NOTES;
            notes.truncate(MAX_NOTES);
            notes.push(Note {
                title: format!("{more} more"),
                body: format!("{more} more things you watch changed."),
                tag: "more".into(),
            });
        }
        notes
    }
}

/// A pool status in words ("not ready", "paused").
fn status_words(status: &str) -> String {
    status.replace('_', " ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_snapshot(id: Uuid, state: StateType) -> Snapshot {
        let name = state.default_name();
        Snapshot {
            runs: [(id, ("crimson-fox".to_string(), state, name))].into(),
            ..Snapshot::default()
        }
    }

    #[test]
    fn a_watched_run_is_told_once_when_it_ends_not_when_it_was_over_already() {
        let id = Uuid::from_u128(1);
        let watches = [Watch::FlowRun {
            id,
            name: "crimson-fox".into(),
        }];
        let mut memory = Memory::default();
        assert!(memory
            .notes(&watches, &run_snapshot(id, StateType::Running))
            .is_empty());
        assert!(memory
            .notes(&watches, &run_snapshot(id, StateType::Running))
            .is_empty());
        let notes = memory.notes(&watches, &run_snapshot(id, StateType::Failed));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].title, "crimson-fox: Failed");
        assert!(memory
            .notes(&watches, &run_snapshot(id, StateType::Failed))
            .is_empty());
        let mut late = Memory::default();
        assert!(late
            .notes(&watches, &run_snapshot(id, StateType::Completed))
            .is_empty());
    }

    #[test]
    fn a_watched_deployment_tells_of_new_failures_and_a_pool_of_losing_ready() {
        let dep = Uuid::from_u128(9);
        let watches = [
            Watch::Deployment {
                id: dep,
                name: "nightly".into(),
            },
            Watch::WorkPool { name: "k8s".into() },
        ];
        let old = (
            Uuid::from_u128(1),
            "old-run".to_string(),
            dep,
            "Failed".to_string(),
        );
        let mut memory = Memory::default();
        let first = Snapshot {
            failures: vec![old.clone()],
            pools: [("k8s".to_string(), "READY".to_string())].into(),
            ..Snapshot::default()
        };
        assert!(
            memory.notes(&watches, &first).is_empty(),
            "what was there is not news"
        );
        let new = (
            Uuid::from_u128(2),
            "new-run".to_string(),
            dep,
            "Crashed".to_string(),
        );
        let second = Snapshot {
            failures: vec![old, new],
            pools: [("k8s".to_string(), "NOT_READY".to_string())].into(),
            ..Snapshot::default()
        };
        let notes = memory.notes(&watches, &second);
        let titles: Vec<&str> = notes.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["nightly: a run crashed", "k8s: not ready"]);
        assert!(memory.notes(&watches, &second).is_empty());
    }

    #[test]
    fn stored_watches_survive_anything_and_stay_bounded() {
        assert!(parse("not json").is_empty());
        let id = Uuid::from_u128(3);
        let long = "x".repeat(500);
        let text = serde_json::json!([
            {"kind": "flow_run", "id": id, "name": long},
            {"kind": "flow_run", "id": id, "name": "again"},
            {"kind": "work_pool", "name": ""},
            {"kind": "bogus"},
            42
        ])
        .to_string();
        let watches = parse(&text);
        assert_eq!(watches.len(), 1);
        assert!(matches!(&watches[0], Watch::FlowRun { name, .. } if name.chars().count() == 200));
        assert_eq!(parse(&to_storage(&watches)), watches);
        let many: Vec<serde_json::Value> = (0..500u128)
            .map(|i| serde_json::json!({"kind": "deployment", "id": Uuid::from_u128(i), "name": "d"}))
            .collect();
        assert_eq!(
            parse(&serde_json::Value::from(many).to_string()).len(),
            MAX_WATCHES
        );
        let pool = Watch::WorkPool { name: "k8s".into() };
        let on = toggle(&[], &pool).unwrap_or_default();
        assert_eq!(on.len(), 1);
        assert_eq!(toggle(&on, &pool), Some(Vec::new()));
        assert_eq!(
            storage_key("/targets/b/"),
            "prefect-dashboard.watches:/targets/b"
        );
    }
}
