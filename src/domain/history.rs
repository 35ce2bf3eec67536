//! The flow-run history chart, from the server's aggregated buckets: correct at any number
//! of runs, because the server counts and we only stack.

use crate::schemas::responses::HistoryResponse;
use crate::schemas::{StateType, Timestamp};

/// Bucket sizes the chart uses, smallest first.
const BUCKETS: [i64; 11] = [
    60, 300, 600, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400, 604_800,
];
/// At most this many bars.
pub const MAX_BARS: i64 = 60;

/// The smallest "round" bucket giving at most `MAX_BARS` bars over `span_seconds`.
pub fn bucket_seconds(span_seconds: i64) -> i64 {
    BUCKETS
        .iter()
        .copied()
        .find(|b| span_seconds <= b * MAX_BARS)
        .unwrap_or(BUCKETS[BUCKETS.len() - 1])
}

/// Stacking order, bottom to top: healthy first, problems on top where they catch the eye.
pub const STACK_ORDER: [StateType; 9] = [
    StateType::Completed,
    StateType::Running,
    StateType::Pending,
    StateType::Scheduled,
    StateType::Paused,
    StateType::Cancelling,
    StateType::Cancelled,
    StateType::Crashed,
    StateType::Failed,
];

/// One state type's part of a bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub state_type: StateType,
    pub count: i64,
    /// Bottom and top in chart units (0 = axis, 1 = the tallest bar's top).
    pub y0: f64,
    pub y1: f64,
}

/// One bucket.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub start: Timestamp,
    pub end: Timestamp,
    pub total: i64,
    pub segments: Vec<Segment>,
}

/// The whole chart.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryLayout {
    pub bars: Vec<Bar>,
    pub max_total: i64,
    pub total: i64,
}

/// Adds counts from the server, saturating at `i64::MAX` instead of wrapping.
pub fn saturating_sum(counts: impl IntoIterator<Item = i64>) -> i64 {
    counts.into_iter().fold(0, i64::saturating_add)
}

/// Stacks the buckets; unknown state types go on top, in the order they come.
pub fn layout(buckets: &[HistoryResponse]) -> HistoryLayout {
    let max_total = buckets
        .iter()
        .map(|b| saturating_sum(b.states.iter().map(|s| s.count_runs)))
        .max()
        .unwrap_or(0);
    let scale = if max_total > 0 { max_total as f64 } else { 1.0 };
    let bars: Vec<Bar> = buckets
        .iter()
        .map(|bucket| {
            let mut by_type: Vec<(StateType, i64)> = Vec::new();
            for state in &bucket.states {
                match by_type.iter_mut().find(|(t, _)| *t == state.state_type) {
                    Some((_, count)) => *count = count.saturating_add(state.count_runs),
                    None => by_type.push((state.state_type.clone(), state.count_runs)),
                }
            }
            by_type.sort_by_key(|(t, _)| {
                STACK_ORDER
                    .iter()
                    .position(|o| o == t)
                    .unwrap_or(STACK_ORDER.len())
            });
            let mut y = 0.0;
            let segments = by_type
                .into_iter()
                .filter(|(_, count)| *count > 0)
                .map(|(state_type, count)| {
                    let y0 = y;
                    // At most the chart's height, also where saturated sums undercount.
                    y = (y + count as f64 / scale).min(1.0);
                    Segment {
                        state_type,
                        count,
                        y0,
                        y1: y,
                    }
                })
                .collect::<Vec<_>>();
            Bar {
                start: bucket.interval_start,
                end: bucket.interval_end,
                total: saturating_sum(segments.iter().map(|s| s.count)),
                segments,
            }
        })
        .collect();
    let total = saturating_sum(bars.iter().map(|b| b.total));
    HistoryLayout {
        bars,
        max_total,
        total,
    }
}

/// Runs per state type over all buckets, in stacking order (unknown types last).
pub fn totals_by_type(buckets: &[HistoryResponse]) -> Vec<(StateType, i64)> {
    let mut totals: Vec<(StateType, i64)> = Vec::new();
    for state in buckets.iter().flat_map(|b| &b.states) {
        match totals.iter_mut().find(|(t, _)| *t == state.state_type) {
            Some((_, count)) => *count = count.saturating_add(state.count_runs),
            None => totals.push((state.state_type.clone(), state.count_runs)),
        }
    }
    totals.retain(|(_, count)| *count > 0);
    totals.sort_by_key(|(t, _)| {
        STACK_ORDER
            .iter()
            .position(|o| o == t)
            .unwrap_or(STACK_ORDER.len())
    });
    totals
}

impl HistoryLayout {
    /// The window the bars cover: the first bucket's start to the last one's end.
    pub fn span(&self) -> Option<(Timestamp, Timestamp)> {
        Some((self.bars.first()?.start, self.bars.last()?.end))
    }

    /// Where the runs are when they crowd into a few buckets (at most a tenth of them,
    /// and fewer than all): from the first bucket with runs to the end of the last. The
    /// chart says so in words, since its bars then leave most of the box empty.
    pub fn crowded(&self) -> Option<(Timestamp, Timestamp)> {
        let busy: Vec<&Bar> = self.bars.iter().filter(|b| b.total > 0).collect();
        let (first, last) = (busy.first()?, busy.last()?);
        let few = busy.len() * 10 <= self.bars.len() && busy.len() < self.bars.len();
        few.then_some((first.start, last.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::responses::HistoryResponseState;

    fn state(t: StateType, name: &str, n: i64) -> HistoryResponseState {
        HistoryResponseState {
            state_type: t,
            state_name: name.into(),
            count_runs: n,
            sum_estimated_run_time: 0.0,
            sum_estimated_lateness: 0.0,
        }
    }

    fn bucket(minute: i64, states: Vec<HistoryResponseState>) -> HistoryResponse {
        let at = |m: i64| {
            Timestamp::parse("2026-01-01T00:00:00Z")
                .map(|t| Timestamp(t.0 + chrono::Duration::minutes(m)))
                .expect("t")
        };
        HistoryResponse {
            interval_start: at(minute),
            interval_end: at(minute + 1),
            states,
        }
    }

    #[test]
    fn runs_crowded_into_a_few_buckets_are_said_where() {
        let run = || vec![state(StateType::Completed, "Completed", 3)];
        let mut buckets: Vec<HistoryResponse> = (0..48).map(|m| bucket(m, Vec::new())).collect();
        buckets[46] = bucket(46, run());
        let chart = layout(&buckets);
        assert_eq!(
            chart.span(),
            Some((buckets[0].interval_start, buckets[47].interval_end))
        );
        assert_eq!(
            chart.crowded(),
            Some((buckets[46].interval_start, buckets[46].interval_end))
        );
        buckets[10] = bucket(10, run());
        assert_eq!(
            layout(&buckets).crowded(),
            Some((buckets[10].interval_start, buckets[46].interval_end))
        );
        for (m, slot) in buckets.iter_mut().enumerate().take(10) {
            *slot = bucket(m as i64, run());
        }
        assert_eq!(layout(&buckets).crowded(), None, "spread out");
        assert_eq!(
            layout(&[bucket(0, run())]).crowded(),
            None,
            "one bucket in all"
        );
        assert_eq!(layout(&[]).span(), None);
        assert_eq!(layout(&[bucket(0, Vec::new())]).crowded(), None);
    }

    #[test]
    fn bucket_sizes_keep_the_bar_count_readable() {
        assert_eq!(bucket_seconds(3600), 60);
        assert_eq!(bucket_seconds(86_400), 1800);
        assert_eq!(bucket_seconds(7 * 86_400), 10_800);
        assert_eq!(bucket_seconds(30 * 86_400), 43_200);
        assert_eq!(bucket_seconds(10 * 365 * 86_400), 604_800);
        for span in [1, 59, 3601, 200_000, 5_000_000] {
            assert!(span / bucket_seconds(span) <= MAX_BARS || bucket_seconds(span) == 604_800);
        }
    }

    #[test]
    fn counts_near_the_limit_saturate() {
        let max = i64::MAX;
        let buckets = [
            bucket(
                0,
                vec![
                    state(StateType::Completed, "Completed", max),
                    state(StateType::Completed, "Completed", max),
                    state(StateType::Failed, "Failed", max - 1),
                ],
            ),
            bucket(1, vec![state(StateType::Failed, "Failed", max)]),
        ];
        let chart = layout(&buckets);
        assert_eq!((chart.total, chart.max_total), (max, max));
        assert_eq!(chart.bars[0].total, max);
        for segment in chart.bars.iter().flat_map(|b| &b.segments) {
            assert!(segment.y1.is_finite() && segment.y1 <= 1.0, "{segment:?}");
        }
        assert_eq!(
            totals_by_type(&buckets),
            vec![(StateType::Completed, max), (StateType::Failed, max)]
        );
    }

    #[test]
    fn stacks_by_type_in_a_fixed_order_and_scales_to_the_tallest() {
        let chart = layout(&[
            bucket(
                0,
                vec![
                    state(StateType::Failed, "Failed", 2),
                    state(StateType::Completed, "Completed", 6),
                    state(StateType::Failed, "TimedOut", 2),
                ],
            ),
            bucket(1, vec![state(StateType::Scheduled, "Late", 5)]),
            bucket(2, vec![]),
        ]);
        assert_eq!(chart.total, 15);
        assert_eq!(chart.max_total, 10);
        let first = &chart.bars[0];
        assert_eq!(first.total, 10);
        assert_eq!(
            first
                .segments
                .iter()
                .map(|s| (s.state_type.clone(), s.count))
                .collect::<Vec<_>>(),
            vec![(StateType::Completed, 6), (StateType::Failed, 4)]
        );
        assert!(
            (first.segments[1].y1 - 1.0).abs() < 1e-9,
            "the tallest bar reaches the top"
        );
        assert!((chart.bars[1].segments[0].y1 - 0.5).abs() < 1e-9);
        assert!(chart.bars[2].segments.is_empty());
        assert_eq!(layout(&[]).total, 0);
    }

    #[test]
    fn totals_by_type_sum_every_bucket() {
        let buckets = [
            bucket(
                0,
                vec![
                    state(StateType::Failed, "Failed", 2),
                    state(StateType::Completed, "Completed", 6),
                ],
            ),
            bucket(
                1,
                vec![
                    state(StateType::Failed, "TimedOut", 1),
                    state(StateType::Running, "Running", 0),
                ],
            ),
        ];
        assert_eq!(
            totals_by_type(&buckets),
            vec![(StateType::Completed, 6), (StateType::Failed, 3)]
        );
    }

    #[test]
    fn a_hundred_thousand_runs_are_just_bigger_numbers() {
        let buckets: Vec<_> = (0..48)
            .map(|m| {
                bucket(
                    m,
                    vec![
                        state(StateType::Completed, "Completed", 2000),
                        state(StateType::Failed, "Failed", 84),
                    ],
                )
            })
            .collect();
        let chart = layout(&buckets);
        assert_eq!(chart.total, 48 * 2084);
        assert!(chart.total > 100_000);
    }
}
