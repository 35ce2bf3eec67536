//! Which data must be fetched again. Resources read `track` in their source so they refetch
//! when told: after signing in (`invalidate_all`), on a refresh tick, when a hidden tab is
//! shown again, or when something says "this run changed" (`invalidate`).

use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// What fetched data is about, so a change can refetch just the views that show it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Server reachability, version and auth.
    Connection,
    /// Any list or count of flow runs.
    FlowRuns,
    /// One flow run (its page, states, graph, logs).
    FlowRun(Uuid),
    /// One flow run's logs.
    FlowRunLogs(Uuid),
    /// One task run (its page: states, inputs, logs, artifacts).
    TaskRun(Uuid),
    /// Any list of task runs (the task runs page).
    TaskRuns,
    Deployments,
    WorkPools,
    /// The event feed (refetched only on a reconnect: it shows pushed events as they come).
    Events,
    /// The automations list.
    Automations,
    /// The variables list.
    Variables,
    /// The blocks list and each block's page.
    Blocks,
    /// Choices loaded once per visit (the runs page's filter lists, a workspace's handle):
    /// no event changes them; only a refetch of everything (a sign-in, a reconnect) does.
    Choices,
}

/// The invalidation registry: versions that resources depend on; cheap to copy.
///
/// Each topic has its own signal, so invalidating one refetches only the resources that
/// track it (one map signal would wake every resource on the page for any run's event).
/// A topic gets its signal when something first tracks it; invalidating a topic nobody
/// tracks stores nothing, so a stream of events about other runs never grows the map.
#[derive(Clone, Copy)]
pub struct Invalidations {
    epoch: RwSignal<u64>,
    topics: StoredValue<HashMap<Topic, ArcRwSignal<u64>>>,
}

impl Default for Invalidations {
    fn default() -> Self {
        Invalidations::new()
    }
}

impl Invalidations {
    pub fn new() -> Invalidations {
        Invalidations {
            epoch: RwSignal::new(0),
            topics: StoredValue::new(HashMap::new()),
        }
    }

    /// Call inside a resource's source closure: it refetches on `invalidate_all` and on
    /// `invalidate(topic)`.
    pub fn track(&self, topic: &Topic) -> (u64, u64) {
        let epoch = self.epoch.get();
        let version = self
            .topics
            .try_update_value(|t| {
                t.entry(topic.clone())
                    .or_insert_with(|| ArcRwSignal::new(0))
                    .clone()
            })
            .map_or(0, |signal| signal.get());
        (epoch, version)
    }

    /// Everything refetches (new credentials, manual refresh, refresh interval).
    pub fn invalidate_all(&self) {
        self.epoch.update(|e| *e += 1);
    }

    /// Views of `topic` refetch; others keep what they have.
    pub fn invalidate(&self, topic: Topic) {
        if let Some(signal) = self
            .topics
            .try_with_value(|t| t.get(&topic).cloned())
            .flatten()
        {
            signal.update(|v| *v = v.wrapping_add(1));
        }
    }

    /// `topic`'s version now, not tracked (None while nothing tracks it): a caller can tell
    /// whether it was invalidated since it last looked.
    pub fn version(&self, topic: &Topic) -> Option<u64> {
        self.topics
            .try_with_value(|t| t.get(topic).map(|signal| signal.get_untracked()))
            .flatten()
    }

    /// How many topics are tracked (bounded by what pages showed, not by events).
    pub fn tracked_topics(&self) -> usize {
        self.topics.try_with_value(HashMap::len).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalidation_changes_only_what_it_names() {
        let owner = Owner::new();
        owner.set();
        let invalidations = Invalidations::new();
        let run = Topic::FlowRun(Uuid::from_u128(1));
        let before_run = invalidations.track(&run);
        let before_pools = invalidations.track(&Topic::WorkPools);
        invalidations.invalidate(run.clone());
        assert_ne!(invalidations.track(&run), before_run);
        assert_eq!(invalidations.track(&Topic::WorkPools), before_pools);
        invalidations.invalidate_all();
        assert_ne!(invalidations.track(&Topic::WorkPools), before_pools);
    }

    #[test]
    fn a_topic_wakes_only_its_own_trackers_and_untracked_topics_store_nothing() {
        let owner = Owner::new();
        owner.set();
        let invalidations = Invalidations::new();
        let run = Topic::FlowRun(Uuid::from_u128(1));
        let runs_woken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let pools_woken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (r, p) = (runs_woken.clone(), pools_woken.clone());
        let runs = Memo::new(move |_| {
            invalidations.track(&run);
            r.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        });
        let pools = Memo::new(move |_| {
            invalidations.track(&Topic::WorkPools);
            p.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        });
        let (_, _) = (runs.get_untracked(), pools.get_untracked());
        assert_eq!(invalidations.tracked_topics(), 2);
        invalidations.invalidate(Topic::FlowRun(Uuid::from_u128(1)));
        let (_, _) = (runs.get_untracked(), pools.get_untracked());
        assert_eq!(runs_woken.load(std::sync::atomic::Ordering::SeqCst), 2);
        assert_eq!(pools_woken.load(std::sync::atomic::Ordering::SeqCst), 1);
        for n in 2..1000 {
            invalidations.invalidate(Topic::FlowRun(Uuid::from_u128(n)));
        }
        assert_eq!(invalidations.tracked_topics(), 2);
    }
}
