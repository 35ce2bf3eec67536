//! Run counts of the flows on the flows list.
//!
//! Prefect 3.8 has no run count grouped by flow (`/ui/flows/` answers deployment counts and
//! next runs only), so each flow is counted by its own `/flow_runs/count`. This keeps those
//! requests few: a flow is counted once, then again only when the list shows it a newer run
//! or its count is older than `MAX_AGE_MS` (scheduled runs do not show as newest), and never
//! twice at once.

use std::collections::HashMap;
use uuid::Uuid;

/// A count older than this is taken again on the list's next refresh.
pub const MAX_AGE_MS: f64 = 5.0 * 60_000.0;

/// What the list knows of one flow's run count.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RunCount {
    /// Being counted.
    Counting,
    Counted(i64),
    /// The count failed, with the reason shown on hover.
    Failed(String),
}

#[derive(Clone, Debug)]
struct Entry {
    /// The flow's newest run when it was counted.
    newest: Option<Uuid>,
    at_ms: f64,
    count: RunCount,
}

/// The counts of the flows on the current page.
#[derive(Clone, Debug, Default)]
pub struct RunCounts {
    entries: HashMap<Uuid, Entry>,
}

impl RunCounts {
    /// The count shown for `flow`, if it was asked for.
    pub fn get(&self, flow: Uuid) -> Option<&RunCount> {
        self.entries.get(&flow).map(|e| &e.count)
    }

    /// The flows of `page` (each with its newest run) to count now, marked as counting;
    /// flows no longer on the page are forgotten.
    pub fn start(&mut self, page: &[(Uuid, Option<Uuid>)], now_ms: f64) -> Vec<Uuid> {
        self.entries
            .retain(|id, _| page.iter().any(|(flow, _)| flow == id));
        let mut due = Vec::new();
        for &(flow, newest) in page {
            let stale = match self.entries.get(&flow) {
                None => true,
                Some(e) if e.newest != newest => true,
                Some(e) => match e.count {
                    RunCount::Counting => false,
                    RunCount::Failed(_) => true,
                    RunCount::Counted(_) => now_ms - e.at_ms >= MAX_AGE_MS || now_ms < e.at_ms,
                },
            };
            if stale && !due.contains(&flow) {
                let count = match self.entries.get(&flow).map(|e| &e.count) {
                    // The old number stays on screen until the new one comes.
                    Some(RunCount::Counted(n)) => RunCount::Counted(*n),
                    _ => RunCount::Counting,
                };
                self.entries.insert(
                    flow,
                    Entry {
                        newest,
                        at_ms: now_ms,
                        count,
                    },
                );
                due.push(flow);
            }
        }
        due
    }

    /// Whether a count started at `started_ms` is still awaited for `flow`.
    fn awaited(&self, flow: Uuid, started_ms: f64) -> bool {
        self.entries
            .get(&flow)
            .is_some_and(|e| e.at_ms == started_ms)
    }

    /// Records the answer to the count started at `started_ms`; an answer overtaken by a
    /// later start, or for a flow that left the page, is dropped.
    pub fn finish(&mut self, flow: Uuid, started_ms: f64, count: Result<i64, String>) {
        if !self.awaited(flow, started_ms) {
            return;
        }
        if let Some(entry) = self.entries.get_mut(&flow) {
            entry.count = match count {
                Ok(n) => RunCount::Counted(n.max(0)),
                Err(reason) => RunCount::Failed(reason),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn counts_each_flow_once_until_it_has_a_newer_run() {
        let mut counts = RunCounts::default();
        let page = [(id(1), Some(id(10))), (id(2), None)];
        assert_eq!(counts.start(&page, 0.0), vec![id(1), id(2)]);
        assert_eq!(counts.get(id(1)), Some(&RunCount::Counting));
        // A refresh while counting asks nothing again.
        assert!(counts.start(&page, 1.0).is_empty());
        counts.finish(id(1), 0.0, Ok(7));
        counts.finish(id(2), 0.0, Err("502".into()));
        assert_eq!(counts.get(id(1)), Some(&RunCount::Counted(7)));
        assert_eq!(counts.get(id(2)), Some(&RunCount::Failed("502".into())));
        // A failed count is tried again; a counted one only with a newer run.
        assert_eq!(counts.start(&page, 2.0), vec![id(2)]);
        let newer = [(id(1), Some(id(11))), (id(2), None)];
        assert_eq!(counts.start(&newer, 3.0), vec![id(1)]);
        // The old number stays until the new one comes.
        assert_eq!(counts.get(id(1)), Some(&RunCount::Counted(7)));
        counts.finish(id(1), 3.0, Ok(8));
        assert_eq!(counts.get(id(1)), Some(&RunCount::Counted(8)));
    }

    #[test]
    fn old_counts_are_taken_again() {
        let mut counts = RunCounts::default();
        let page = [(id(1), None)];
        counts.start(&page, 0.0);
        counts.finish(id(1), 0.0, Ok(3));
        assert!(counts.start(&page, MAX_AGE_MS - 1.0).is_empty());
        assert_eq!(counts.start(&page, MAX_AGE_MS), vec![id(1)]);
        // A clock that went back counts again rather than never.
        counts.finish(id(1), MAX_AGE_MS, Ok(3));
        assert_eq!(counts.start(&page, 5.0), vec![id(1)]);
    }

    #[test]
    fn late_or_foreign_answers_are_dropped() {
        let mut counts = RunCounts::default();
        counts.start(&[(id(1), Some(id(10)))], 0.0);
        // A newer run starts a second count before the first answers.
        counts.start(&[(id(1), Some(id(11)))], 1.0);
        counts.finish(id(1), 0.0, Ok(1));
        assert_eq!(counts.get(id(1)), Some(&RunCount::Counting));
        counts.finish(id(1), 1.0, Ok(2));
        assert_eq!(counts.get(id(1)), Some(&RunCount::Counted(2)));
        // Another page: the flow is forgotten and its answer dropped.
        counts.start(&[(id(1), Some(id(11)))], 2.0);
        assert!(counts.start(&[(id(2), None)], 3.0) == vec![id(2)]);
        counts.finish(id(1), 2.0, Ok(9));
        assert_eq!(counts.get(id(1)), None);
        // Duplicate rows are counted once; a negative answer reads as zero.
        let mut counts = RunCounts::default();
        assert_eq!(
            counts.start(&[(id(3), None), (id(3), None)], 0.0),
            vec![id(3)]
        );
        counts.finish(id(3), 0.0, Ok(-4));
        assert_eq!(counts.get(id(3)), Some(&RunCount::Counted(0)));
    }
}
