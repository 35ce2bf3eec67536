//! Counts by state type summed the way every page says them: "failed" is Failed plus
//! Crashed, and shares are of the runs that finished (everything but Running).

use crate::schemas::StateType;

/// Totals over one set of runs (flow runs or task runs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateTotals {
    pub total: i64,
    pub completed: i64,
    /// Failed and crashed.
    pub failed: i64,
    pub running: i64,
}

impl StateTotals {
    /// Sums `(state type, count)` pairs; counts saturate instead of overflowing.
    pub fn from_counts<'a>(counts: impl IntoIterator<Item = (&'a StateType, i64)>) -> StateTotals {
        let mut totals = StateTotals::default();
        for (state_type, count) in counts {
            totals.total = totals.total.saturating_add(count);
            let bucket = match state_type {
                StateType::Completed => &mut totals.completed,
                StateType::Failed | StateType::Crashed => &mut totals.failed,
                StateType::Running => &mut totals.running,
                _ => continue,
            };
            *bucket = bucket.saturating_add(count);
        }
        totals
    }

    /// Runs that are not running any more.
    pub fn finished(&self) -> i64 {
        self.total.saturating_sub(self.running)
    }

    /// `n` as a whole percentage of the finished runs (" (75 %)"), empty when none finished.
    pub fn share(&self, n: i64) -> String {
        let finished = self.finished();
        if finished > 0 {
            format!(" ({:.0} %)", n as f64 * 100.0 / finished as f64)
        } else {
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_includes_crashed_and_shares_are_of_finished_runs() {
        let counts = [
            (StateType::Completed, 6),
            (StateType::Failed, 1),
            (StateType::Crashed, 1),
            (StateType::Running, 2),
            (StateType::Scheduled, 0),
        ];
        let totals = StateTotals::from_counts(counts.iter().map(|(t, c)| (t, *c)));
        assert_eq!(totals.total, 10);
        assert_eq!(totals.failed, 2);
        assert_eq!(totals.finished(), 8);
        assert_eq!(totals.share(totals.completed), " (75 %)");
        assert_eq!(StateTotals::default().share(0), "");
        let huge = [
            (StateType::Failed, i64::MAX),
            (StateType::Crashed, i64::MAX),
        ];
        let totals = StateTotals::from_counts(huge.iter().map(|(t, c)| (t, *c)));
        assert_eq!((totals.total, totals.failed), (i64::MAX, i64::MAX));
    }
}
