//! Search everywhere: what a typed term finds among runs, flows, deployments, work pools,
//! queues and workers, in one ranked list; the keys that open the search and move through
//! it. Runs, flows and deployments are matched by the server (`like_`, a case-insensitive
//! substring); pools, queues and workers, which Prefect cannot filter by part of a name,
//! by [`matches`] over a directory loaded once per opening. Pure.

use crate::domain::format::bounded_text;
use crate::schemas::{Deployment, Flow, FlowRun, StateType, WorkPool, WorkQueue, Worker};
use uuid::Uuid;

/// The pause after a keystroke before a search is sent.
pub const DEBOUNCE_MS: i32 = 250;
/// Longest term sent, in characters.
pub const MAX_TERM: usize = 100;
/// Hits of each kind shown (and asked of the server).
pub const PER_KIND: usize = 5;

/// What a hit is, in Prefect's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HitKind {
    FlowRun,
    Flow,
    Deployment,
    WorkPool,
    WorkQueue,
    Worker,
}

impl HitKind {
    pub fn label(self) -> &'static str {
        match self {
            HitKind::FlowRun => "Flow run",
            HitKind::Flow => "Flow",
            HitKind::Deployment => "Deployment",
            HitKind::WorkPool => "Work pool",
            HitKind::WorkQueue => "Work queue",
            HitKind::Worker => "Worker",
        }
    }
}

/// The page a hit opens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HitPage {
    FlowRun(Uuid),
    Flow(Uuid),
    Deployment(Uuid),
    /// Pools, and the workers in them, open the pool's page.
    WorkPool(String),
    /// A queue's page goes by its pool's name and its own.
    WorkQueue {
        pool: String,
        queue: String,
    },
}

/// One hit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SearchHit {
    pub kind: HitKind,
    pub name: String,
    /// Where it belongs (a queue's or worker's pool), empty when nothing is worth saying.
    pub detail: String,
    pub page: HitPage,
    /// A run's state (type and name).
    pub state: Option<(StateType, String)>,
}

/// The term as sent: trimmed, no control characters, at most [`MAX_TERM`] characters;
/// `None` when nothing is left (no search).
pub fn clean_term(input: &str) -> Option<String> {
    Some(bounded_text(input, MAX_TERM)).filter(|t| !t.is_empty())
}

/// `name` holds `term`, ignoring case (as the server's `like_`).
pub fn matches(name: &str, term: &str) -> bool {
    name.to_lowercase().contains(&term.to_lowercase())
}

/// How well `name` answers `term`: 0 the whole name, 1 its start, 2 elsewhere, 3 not at all.
fn closeness(name: &str, term: &str) -> u8 {
    let (name, term) = (name.to_lowercase(), term.to_lowercase());
    if name == term {
        0
    } else if name.starts_with(&term) {
        1
    } else if name.contains(&term) {
        2
    } else {
        3
    }
}

/// Every hit, by kind in [`HitKind`]'s order, each kind's closest first (the server's order
/// kept among equals), at most [`PER_KIND`] of a kind.
pub fn ranked(mut hits: Vec<SearchHit>, term: &str) -> Vec<SearchHit> {
    hits.sort_by_key(|h| (h.kind, closeness(&h.name, term)));
    let mut out: Vec<SearchHit> = Vec::with_capacity(hits.len());
    for hit in hits {
        if out.iter().filter(|h| h.kind == hit.kind).count() < PER_KIND {
            out.push(hit);
        }
    }
    out
}

pub fn run_hit(run: &FlowRun, flow_name: Option<&str>) -> SearchHit {
    SearchHit {
        kind: HitKind::FlowRun,
        name: run.name.clone(),
        detail: flow_name.unwrap_or_default().to_string(),
        page: HitPage::FlowRun(run.id),
        state: Some((
            run.shown_state_type(),
            run.current_state_name().unwrap_or_default(),
        )),
    }
}

pub fn flow_hit(flow: &Flow) -> SearchHit {
    SearchHit {
        kind: HitKind::Flow,
        name: flow.name.clone(),
        detail: String::new(),
        page: HitPage::Flow(flow.id),
        state: None,
    }
}

pub fn deployment_hit(deployment: &Deployment, flow_name: Option<&str>) -> SearchHit {
    SearchHit {
        kind: HitKind::Deployment,
        name: deployment.name.clone(),
        detail: flow_name.unwrap_or_default().to_string(),
        page: HitPage::Deployment(deployment.id),
        state: None,
    }
}

/// Pools, queues and workers of a target, loaded once when the search opens.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    pub pools: Vec<WorkPool>,
    pub queues: Vec<WorkQueue>,
    /// Each worker with its pool's name.
    pub workers: Vec<(String, Worker)>,
}

/// The directory's hits for `term`: pools, queues and workers whose name holds it.
pub fn directory_hits(directory: &Directory, term: &str) -> Vec<SearchHit> {
    let pools = directory
        .pools
        .iter()
        .filter(|p| matches(&p.name, term))
        .map(|p| SearchHit {
            kind: HitKind::WorkPool,
            name: p.name.clone(),
            detail: p.pool_type.clone(),
            page: HitPage::WorkPool(p.name.clone()),
            state: None,
        });
    let queues = directory
        .queues
        .iter()
        .filter(|q| matches(&q.name, term))
        .filter_map(|q| {
            let pool = q.work_pool_name.clone()?;
            Some(SearchHit {
                kind: HitKind::WorkQueue,
                name: q.name.clone(),
                detail: format!("in {pool}"),
                page: HitPage::WorkQueue {
                    pool,
                    queue: q.name.clone(),
                },
                state: None,
            })
        });
    let workers = directory
        .workers
        .iter()
        .filter(|(_, w)| matches(&w.name, term))
        .map(|(pool, w)| SearchHit {
            kind: HitKind::Worker,
            name: w.name.clone(),
            detail: format!("in {pool}"),
            page: HitPage::WorkPool(pool.clone()),
            state: None,
        });
    pools.chain(queues).chain(workers).collect()
}

/// The highlighted hit after an arrow key: `delta` steps from `current`, wrapping; none
/// when there are no hits.
pub fn step(current: Option<usize>, len: usize, delta: isize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let len = len as isize;
    let next = match current {
        Some(at) => (at as isize + delta).rem_euclid(len),
        None if delta < 0 => len - 1,
        None => 0,
    };
    Some(next as usize)
}

/// A key that opens the search: Ctrl+K or Cmd+K anywhere, `/` outside a text field.
pub fn opens_search(key: &str, ctrl_or_meta: bool, alt: bool, in_text_field: bool) -> bool {
    if alt {
        return false;
    }
    (ctrl_or_meta && key.eq_ignore_ascii_case("k"))
        || (!ctrl_or_meta && !in_text_field && key == "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hit(kind: HitKind, name: &str) -> SearchHit {
        SearchHit {
            kind,
            name: name.into(),
            detail: String::new(),
            page: HitPage::WorkPool(name.into()),
            state: None,
        }
    }

    #[test]
    fn terms_are_trimmed_and_bounded() {
        assert_eq!(clean_term("  etl \n").as_deref(), Some("etl"));
        assert_eq!(clean_term(" \t "), None);
        assert_eq!(
            clean_term(&"é".repeat(500)).map(|t| t.chars().count()),
            Some(MAX_TERM)
        );
        assert!(matches("Nightly-ETL", "etl"));
        assert!(matches("ÉTÉ", "été"));
        assert!(!matches("nightly", "etl"));
    }

    #[test]
    fn hits_group_by_kind_closest_first_five_each() {
        let hits = vec![
            hit(HitKind::Worker, "w-etl"),
            hit(HitKind::Flow, "my-etl"),
            hit(HitKind::Flow, "etl"),
            hit(HitKind::Flow, "etl-daily"),
            hit(HitKind::FlowRun, "a"),
        ];
        let found: Vec<(HitKind, String)> = ranked(hits, "ETL")
            .into_iter()
            .map(|h| (h.kind, h.name))
            .collect();
        let want = [
            (HitKind::FlowRun, "a"),
            (HitKind::Flow, "etl"),
            (HitKind::Flow, "etl-daily"),
            (HitKind::Flow, "my-etl"),
            (HitKind::Worker, "w-etl"),
        ];
        assert_eq!(found, want.map(|(k, n)| (k, n.to_string())).to_vec());
        let many: Vec<SearchHit> = (0..9)
            .map(|n| hit(HitKind::Flow, &format!("f{n}")))
            .collect();
        assert_eq!(ranked(many, "f").len(), PER_KIND);
    }

    #[test]
    fn the_directory_finds_pools_queues_and_workers_by_part_of_a_name() {
        let pool: WorkPool = serde_json::from_value(json!({
            "id": Uuid::nil(), "name": "etl-pool", "type": "process"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let queue: WorkQueue = serde_json::from_value(json!({
            "id": Uuid::nil(), "name": "etl-high", "work_pool_name": "etl-pool"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let worker: Worker = serde_json::from_value(json!({
            "id": Uuid::nil(), "name": "box-1", "work_pool_id": Uuid::nil()
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let directory = Directory {
            pools: vec![pool],
            queues: vec![queue],
            workers: vec![("etl-pool".into(), worker)],
        };
        let found = directory_hits(&directory, "ETL");
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].detail, "in etl-pool");
        assert_eq!(
            found[1].page,
            HitPage::WorkQueue {
                pool: "etl-pool".into(),
                queue: "etl-high".into()
            }
        );
        let found = directory_hits(&directory, "box");
        assert_eq!(found[0].kind, HitKind::Worker);
        assert!(directory_hits(&directory, "zzz").is_empty());
    }

    #[test]
    fn arrows_wrap_and_keys_open_it() {
        assert_eq!(step(None, 3, 1), Some(0));
        assert_eq!(step(None, 3, -1), Some(2));
        assert_eq!(step(Some(2), 3, 1), Some(0));
        assert_eq!(step(Some(0), 3, -1), Some(2));
        assert_eq!(step(Some(1), 0, 1), None);
        assert!(opens_search("k", true, false, true));
        assert!(opens_search("K", true, false, false));
        assert!(opens_search("/", false, false, false));
        assert!(!opens_search("/", false, false, true));
        assert!(!opens_search("k", false, false, false));
        assert!(!opens_search("k", true, true, false));
    }
}
