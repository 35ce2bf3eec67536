//! How many WARNING and ERROR (with CRITICAL) lines each run of a page wrote. Prefect has no
//! count of logs, so the lines are read: one scan per level band for the whole page, in
//! pages of the server's limit, oldest first; a run is dropped from the scan once it reaches
//! the cap (shown "99+"), and a scan stops after a few pages (runs it did not finish show
//! "N+"). Lines are told apart by id, so a page that starts at the last one's timestamp
//! (the server's `after_` takes equal times too) counts none twice.

use crate::schemas::responses::LogRef;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Python's WARNING level.
pub const WARNING: i64 = 30;
/// Python's ERROR level (CRITICAL is 50: counted with errors).
pub const ERROR: i64 = 40;
/// Lines of a band counted per run before it says "99+".
pub const CAP: u32 = 99;
/// Pages a scan reads at most.
pub const MAX_PAGES: usize = 5;

/// One band's count for one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Count {
    pub lines: u32,
    /// There may be more than `lines` (the cap or the scan's end cut it).
    pub more: bool,
}

impl Count {
    /// "3", "99+", "0" (or "12+" when the scan stopped early).
    pub fn text(&self) -> String {
        if self.lines > CAP {
            format!("{CAP}+")
        } else if self.more {
            format!("{}+", self.lines)
        } else {
            self.lines.to_string()
        }
    }
}

/// A run's warning and error lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LogCounts {
    pub warnings: Count,
    /// ERROR and CRITICAL.
    pub errors: Count,
}

impl LogCounts {
    /// In words for a screen reader and a tooltip: "3 warning lines, 1 error line".
    pub fn describe(&self) -> String {
        let words = |count: &Count, one: &str| {
            let text = count.text();
            let plural = if text == "1" { "" } else { "s" };
            format!("{text} {one} line{plural}")
        };
        format!(
            "{}, {}",
            words(&self.warnings, "warning"),
            words(&self.errors, "error")
        )
    }

    pub fn is_clean(&self) -> bool {
        self.warnings.lines == 0
            && self.errors.lines == 0
            && !self.warnings.more
            && !self.errors.more
    }
}

/// One band's scan over a page of runs.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The runs still scanned (not at the cap).
    pub open: Vec<Uuid>,
    counts: HashMap<Uuid, u32>,
    seen: HashSet<Uuid>,
    /// Where the next page starts: the last line's time.
    pub after: Option<crate::schemas::Timestamp>,
    pages: usize,
    done: bool,
}

impl Scan {
    pub fn new(runs: &[Uuid]) -> Scan {
        Scan {
            open: runs.to_vec(),
            counts: runs.iter().map(|id| (*id, 0)).collect(),
            done: runs.is_empty(),
            ..Scan::default()
        }
    }

    /// Whether another page is wanted.
    pub fn wants_more(&self) -> bool {
        !self.done && self.pages < MAX_PAGES
    }

    /// Counts a page read with limit `limit`, oldest first.
    pub fn add(&mut self, page: &[LogRef], limit: usize) {
        self.pages += 1;
        let mut new = 0;
        for line in page {
            if !self.seen.insert(line.id) {
                continue;
            }
            new += 1;
            if let Some(count) = line.flow_run_id.and_then(|id| self.counts.get_mut(&id)) {
                *count = count.saturating_add(1);
            }
        }
        let counts = &self.counts;
        self.open
            .retain(|id| counts.get(id).copied().unwrap_or(0) <= CAP);
        self.after = page.last().map(|line| line.timestamp);
        // A short page is the end, as is every run at the cap.
        self.done = page.len() < limit || self.open.is_empty();
        // A full page of lines already counted (more lines at one time than a page holds)
        // cannot move on: the scan stops, its open runs said "at least".
        if !self.done && new == 0 {
            self.pages = MAX_PAGES;
        }
    }

    /// The count of `run`: exact unless the scan stopped with the run still open.
    pub fn count(&self, run: &Uuid) -> Count {
        let lines = self.counts.get(run).copied().unwrap_or(0);
        Count {
            lines,
            more: lines > CAP || (!self.done && self.open.contains(run)),
        }
    }
}

/// Both bands' counts per run.
pub fn counts(runs: &[Uuid], warnings: &Scan, errors: &Scan) -> HashMap<Uuid, LogCounts> {
    runs.iter()
        .map(|id| {
            (
                *id,
                LogCounts {
                    warnings: warnings.count(id),
                    errors: errors.count(id),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_now;
    use crate::schemas::Timestamp;
    use chrono::Duration;

    fn line(n: u128, run: u128, seconds: i64) -> LogRef {
        LogRef {
            id: Uuid::from_u128(n),
            flow_run_id: Some(Uuid::from_u128(run)),
            level: 30,
            timestamp: Timestamp(test_now() + Duration::seconds(seconds)),
        }
    }

    #[test]
    fn a_short_page_is_the_whole_count() {
        let runs = [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)];
        let mut scan = Scan::new(&runs);
        assert!(scan.wants_more());
        scan.add(&[line(10, 1, 0), line(11, 1, 1), line(12, 2, 2)], 200);
        assert!(!scan.wants_more());
        assert_eq!(
            scan.count(&runs[0]),
            Count {
                lines: 2,
                more: false
            }
        );
        assert_eq!(scan.count(&runs[2]).text(), "0");
    }

    #[test]
    fn a_run_past_the_cap_leaves_the_scan_and_says_99_plus() {
        let runs = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let mut scan = Scan::new(&runs);
        let page: Vec<LogRef> = (0..150).map(|i| line(100 + i, 1, i as i64)).collect();
        scan.add(&page, 150);
        assert_eq!(scan.open, vec![runs[1]], "run 1 is past the cap");
        assert!(scan.wants_more(), "run 2 may have lines after these");
        assert_eq!(
            scan.after,
            Some(Timestamp(test_now() + Duration::seconds(149)))
        );
        // The next page starts at the last time: that line again (not counted twice), then
        // run 2's one line.
        scan.add(&[line(249, 1, 149), line(500, 2, 200)], 150);
        assert!(!scan.wants_more());
        assert_eq!(scan.count(&runs[0]).text(), "99+");
        assert_eq!(
            scan.count(&runs[1]),
            Count {
                lines: 1,
                more: false
            }
        );
    }

    #[test]
    fn a_scan_that_runs_out_of_pages_says_at_least() {
        let runs = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let mut scan = Scan::new(&runs);
        for page in 0..MAX_PAGES {
            let lines: Vec<LogRef> = (0..2)
                .map(|i| {
                    line(
                        (page * 10 + i) as u128,
                        1 + i as u128,
                        (page * 10 + i) as i64,
                    )
                })
                .collect();
            scan.add(&lines, 2);
        }
        assert!(!scan.wants_more());
        assert_eq!(scan.count(&runs[0]).text(), "5+");
        // Lines all at one time, more than a page: it cannot move on, and says so.
        let mut stuck = Scan::new(&runs);
        let same: Vec<LogRef> = (0..2).map(|i| line(900 + i, 1, 0)).collect();
        stuck.add(&same, 2);
        stuck.add(&same, 2);
        assert!(!stuck.wants_more());
        assert_eq!(stuck.count(&runs[0]).text(), "2+");
        let none = Scan::new(&[]);
        assert!(!none.wants_more());
    }

    #[test]
    fn counts_in_words() {
        let counts = LogCounts {
            warnings: Count {
                lines: 1,
                more: false,
            },
            errors: Count {
                lines: 120,
                more: true,
            },
        };
        assert_eq!(counts.describe(), "1 warning line, 99+ error lines");
        assert!(!counts.is_clean());
        assert!(LogCounts::default().is_clean());
    }
}
