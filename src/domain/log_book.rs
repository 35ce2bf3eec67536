//! A run's whole log as the dashboard reads it for a search or a download: every line once
//! (by id), oldest first, and never more than a stated cap, however much a flow logs. A
//! book kept across refreshes of an unfinished run reads only what came after its newest
//! line (with a margin for lines that arrive late). Pure.

use crate::schemas::{Log, Timestamp};
use std::collections::HashSet;
use uuid::Uuid;

/// The most lines a whole-log read takes; past it the read stops and says so.
pub const MAX_WHOLE_LOG_LINES: usize = 100_000;
/// The most text (messages and logger names) a whole-log read takes.
pub const MAX_WHOLE_LOG_BYTES: usize = 50_000_000;
/// How far before its newest line a book reads again: lines a worker sends late, with an
/// older time, are still found.
pub const OVERLAP_SECONDS: i64 = 30;

/// The lines read so far.
#[derive(Clone, Debug, Default)]
pub struct LogBook {
    lines: Vec<Log>,
    ids: HashSet<Uuid>,
    bytes: usize,
    full: bool,
}

impl LogBook {
    /// Adds a page of lines (those already in the book are skipped); false once the book is
    /// full, and reading should stop.
    pub fn take(&mut self, page: Vec<Log>) -> bool {
        let mut in_order = true;
        for log in page {
            if self.full {
                break;
            }
            if self.ids.contains(&log.id) {
                continue;
            }
            let size = log.message.len().saturating_add(log.name.len());
            if self.lines.len() >= MAX_WHOLE_LOG_LINES
                || self.bytes.saturating_add(size) > MAX_WHOLE_LOG_BYTES
            {
                self.full = true;
                break;
            }
            if self
                .lines
                .last()
                .is_some_and(|l| l.timestamp > log.timestamp)
            {
                in_order = false;
            }
            self.ids.insert(log.id);
            self.bytes += size;
            self.lines.push(log);
        }
        if !in_order {
            // A late line from the overlap: stable, so equal times keep their order.
            self.lines.sort_by_key(|l| l.timestamp);
        }
        !self.full
    }

    /// Where the next read starts: nothing yet read means from the beginning (None).
    pub fn resume_after(&self) -> Option<Timestamp> {
        // The lines are kept in time order: the newest is the last.
        self.lines
            .last()
            .map(|l| Timestamp(l.timestamp.0 - chrono::Duration::seconds(OVERLAP_SECONDS)))
    }

    /// The lines, oldest first.
    pub fn lines(&self) -> &[Log] {
        &self.lines
    }

    /// The cap was reached: the log goes on past these lines.
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// What a cut-off read says, when it was cut.
    pub fn cut_note(&self) -> Option<String> {
        self.full.then(|| {
            format!(
                "Only the first {} lines were read: the log is longer than the dashboard reads \
                 at once ({MAX_WHOLE_LOG_LINES} lines or {} MB).",
                self.lines.len(),
                MAX_WHOLE_LOG_BYTES / 1_000_000
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn log(n: u128, second: u32, message: &str) -> Log {
        serde_json::from_value(json!({
            "id": Uuid::from_u128(n), "name": "prefect", "level": 20, "message": message,
            "timestamp": format!("2026-12-01T10:00:{second:02}Z"),
        }))
        .expect("log")
    }

    #[test]
    fn each_line_once_oldest_first_and_the_next_read_overlaps() {
        let mut book = LogBook::default();
        assert_eq!(book.resume_after(), None);
        assert!(book.take(vec![log(1, 0, "a"), log(2, 40, "b")]));
        // Read again from 30 s before the newest: the known line is skipped, a late one is
        // put in its place.
        assert!(book.take(vec![log(2, 40, "b"), log(3, 20, "late"), log(4, 50, "c")]));
        let messages: Vec<&str> = book.lines().iter().map(|l| l.message.as_str()).collect();
        assert_eq!(messages, ["a", "late", "b", "c"]);
        assert_eq!(
            book.resume_after().map(|t| t.0.to_rfc3339()),
            Some("2026-12-01T10:00:20+00:00".to_string())
        );
        assert!(book.cut_note().is_none());
    }

    #[test]
    fn a_vast_log_stops_at_the_cap_and_says_so() {
        let mut book = LogBook::default();
        let big = "x".repeat(1_000_000);
        let mut n = 0;
        while book.take(vec![log(n, 0, &big)]) {
            n += 1;
            assert!(n < 1_000, "the byte cap stops it");
        }
        assert_eq!(book.lines().len(), 49);
        assert!(book.is_full());
        assert!(book
            .cut_note()
            .is_some_and(|n| n.contains("first 49 lines")));
        // Full: nothing more is taken.
        assert!(!book.take(vec![log(5_000, 1, "more")]));
        assert_eq!(book.lines().len(), 49);
        let mut book = LogBook::default();
        let page: Vec<Log> = (0..(MAX_WHOLE_LOG_LINES as u128 + 10))
            .map(|i| log(i, 0, ""))
            .collect();
        assert!(!book.take(page));
        assert_eq!(book.lines().len(), MAX_WHOLE_LOG_LINES);
    }
}
