//! Concurrency limits in words: how full a limit is, what its slot decay means, and which
//! task runs hold tag-limit slots (looked up in one request). Pure.

use super::format::duration;
use crate::schemas::{ConcurrencyLimit, GlobalConcurrencyLimitResponse};
use uuid::Uuid;

/// How full a limit is, judged from its active slots against its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// Nothing holds a slot.
    Idle,
    /// Some slots are held, some free.
    InUse,
    /// Every slot is held: new work waits for one.
    Full,
    /// More slots held than the limit (it was lowered while they were held).
    Over,
    /// A limit of 0 (or less): it admits nothing.
    Blocking,
}

pub fn usage(active: i64, limit: i64) -> Usage {
    if limit <= 0 {
        Usage::Blocking
    } else if active <= 0 {
        Usage::Idle
    } else if active < limit {
        Usage::InUse
    } else if active == limit {
        Usage::Full
    } else {
        Usage::Over
    }
}

impl Usage {
    /// The glyph and the words beside the numbers (not only a colour).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Usage::Idle => ("○", "Idle"),
            Usage::InUse => ("◐", "In use"),
            Usage::Full => ("●", "Full: new work waits for a slot"),
            Usage::Over => ("▲", "Over its limit: it was lowered while slots were held"),
            Usage::Blocking => ("■", "Admits nothing: the limit is 0"),
        }
    }

    /// The class of its badge (`usage--full`...).
    pub fn class(self) -> &'static str {
        match self {
            Usage::Idle => "usage--idle",
            Usage::InUse => "usage--in-use",
            Usage::Full => "usage--full",
            Usage::Over => "usage--over",
            Usage::Blocking => "usage--blocking",
        }
    }
}

/// "3 / 10": active slots over the limit, negatives shown as 0.
pub fn slots(active: i64, limit: i64) -> String {
    format!("{} / {}", active.max(0), limit.max(0))
}

/// The share of the limit in use, within 0-1, for a bar (a full or blocking limit is 1).
pub fn fill(active: i64, limit: i64) -> f64 {
    if limit <= 0 {
        return 1.0;
    }
    (active.max(0) as f64 / limit as f64).clamp(0.0, 1.0)
}

/// What a global limit's slot decay means: slots free themselves at this rate (a rate
/// limit), or are held until released.
pub fn decay(per_second: f64) -> String {
    if !per_second.is_finite() || per_second <= 0.0 {
        return "None: slots are held until released".into();
    }
    format!(
        "{per_second} slots/s (a slot frees itself after {})",
        duration(1.0 / per_second)
    )
}

/// The task runs holding slots of any of `limits`, each once, in order: what one lookup by
/// id fetches (the first 200; `Prefect` caps a filter there).
pub fn holders(limits: &[ConcurrencyLimit]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = Vec::new();
    for id in limits.iter().flat_map(|l| l.active_slots.iter()) {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    ids
}

/// The global limits that are not tag limits: Prefect keeps each tag limit as a global
/// limit named `tag:<tag>` (the same id), which the tag table shows already.
pub fn global_only<'a>(
    global: &'a [GlobalConcurrencyLimitResponse],
    tags: &[ConcurrencyLimit],
) -> Vec<&'a GlobalConcurrencyLimitResponse> {
    global
        .iter()
        .filter(|g| {
            !tags
                .iter()
                .any(|t| t.id == g.id || g.name == format!("tag:{}", t.tag))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn usage_from_slots_and_limit() {
        assert_eq!(usage(0, 10), Usage::Idle);
        assert_eq!(usage(3, 10), Usage::InUse);
        assert_eq!(usage(10, 10), Usage::Full);
        assert_eq!(usage(12, 10), Usage::Over);
        assert_eq!(usage(0, 0), Usage::Blocking);
        assert_eq!(usage(i64::MAX, i64::MIN), Usage::Blocking);
        assert_eq!(usage(-5, 3), Usage::Idle);
        assert_eq!(slots(-1, 4), "0 / 4");
        assert_eq!(fill(5, 10), 0.5);
        assert_eq!(fill(50, 10), 1.0);
        assert_eq!(fill(0, 0), 1.0);
        assert_eq!(fill(i64::MAX, i64::MAX), 1.0);
        for u in [
            Usage::Idle,
            Usage::InUse,
            Usage::Full,
            Usage::Over,
            Usage::Blocking,
        ] {
            assert!(!u.label().0.is_empty() && !u.label().1.is_empty());
        }
    }

    #[test]
    fn a_decaying_slot_frees_itself_after_one_over_the_rate() {
        // No decay (zero, negative or not a number): slots wait for their release.
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(decay(rate).starts_with("None"), "{rate}");
        }
        assert!(decay(0.5).ends_with("after 2s)"));
        assert!(decay(2.0).ends_with("after 0.5s)"));
        assert!(decay(1.0 / 90.0).ends_with("after 1m 30s)"));
    }

    #[test]
    fn holders_once_each() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let limits: Vec<ConcurrencyLimit> = serde_json::from_value(json!([
            {"id": Uuid::from_u128(10), "tag": "db", "concurrency_limit": 2, "active_slots": [a, b]},
            {"id": Uuid::from_u128(11), "tag": "api", "concurrency_limit": 1, "active_slots": [b]},
            {"id": Uuid::from_u128(12), "tag": "idle", "concurrency_limit": 1}
        ]))
        .expect("limits");
        assert_eq!(holders(&limits), [a, b]);
        let global: Vec<GlobalConcurrencyLimitResponse> = serde_json::from_value(json!([
            {"id": limits[0].id, "name": "tag:db", "limit": 2, "active": true, "active_slots": 2},
            {"id": Uuid::from_u128(20), "name": "tag:api", "limit": 1, "active": true, "active_slots": 1},
            {"id": Uuid::from_u128(21), "name": "warehouse", "limit": 3, "active": true, "active_slots": 0}
        ]))
        .expect("global limits");
        let names: Vec<&str> = global_only(&global, &limits)
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        assert_eq!(names, ["warehouse"]);
    }
}
