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
    Deployments,
    WorkPools,
}

/// The invalidation registry: versions that resources depend on; cheap to copy.
#[derive(Clone, Copy)]
pub struct Invalidations {
    epoch: RwSignal<u64>,
    topics: RwSignal<HashMap<Topic, u64>>,
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
            topics: RwSignal::new(HashMap::new()),
        }
    }

    /// Call inside a resource's source closure: it refetches on `invalidate_all` and on
    /// `invalidate(topic)`.
    pub fn track(&self, topic: &Topic) -> (u64, u64) {
        let epoch = self.epoch.get();
        let version = self.topics.with(|t| t.get(topic).copied().unwrap_or(0));
        (epoch, version)
    }

    /// Everything refetches (new credentials, manual refresh, refresh interval).
    pub fn invalidate_all(&self) {
        self.epoch.update(|e| *e += 1);
    }

    /// Views of `topic` refetch; others keep what they have.
    pub fn invalidate(&self, topic: Topic) {
        self.topics.update(|t| *t.entry(topic).or_insert(0) += 1);
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
}
