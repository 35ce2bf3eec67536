//! A run's state history as segments over time: each state lasts until the next one; a
//! run that is not finished has its last segment grow to now.

use crate::schemas::{State, StateType, Timestamp};
use chrono::{DateTime, Utc};

/// One state on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineSegment {
    pub state_type: StateType,
    pub name: String,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Seconds.
    pub duration: f64,
    /// Left and right edges as fractions of the whole timeline (0..=1).
    pub x0: f64,
    pub x1: f64,
}

/// Lays out `states` (any order); the final state of a finished run is a point in time.
pub fn layout(states: &[State], now: DateTime<Utc>) -> Vec<TimelineSegment> {
    let mut sorted: Vec<&State> = states.iter().collect();
    sorted.sort_by_key(|s| s.timestamp);
    let Some(first) = sorted.first() else {
        return Vec::new();
    };
    let start = first.timestamp.0;
    let last_end = match sorted.last() {
        Some(last) if last.is_final() => last.timestamp.0,
        Some(last) => now.max(last.timestamp.0),
        None => start,
    };
    let span = (last_end - start).num_milliseconds().max(1) as f64;
    sorted
        .iter()
        .enumerate()
        .map(|(i, state)| {
            let seg_start = state.timestamp.0;
            let seg_end = match sorted.get(i + 1) {
                Some(next) => next.timestamp.0,
                None => last_end,
            };
            TimelineSegment {
                state_type: state.state_type.clone(),
                name: state.display_name(),
                start: Timestamp(seg_start),
                end: Timestamp(seg_end),
                duration: (seg_end - seg_start).num_milliseconds() as f64 / 1000.0,
                x0: (seg_start - start).num_milliseconds() as f64 / span,
                x1: (seg_end - start).num_milliseconds() as f64 / span,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> Timestamp {
        Timestamp(Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("t"))
    }

    #[test]
    fn one_segment_per_state_ending_at_the_next() {
        let states = vec![
            State::new(StateType::Running, at(10)),
            State::new(StateType::Scheduled, at(0)),
            State::new(StateType::Pending, at(5)),
            State::new(StateType::Completed, at(40)),
        ];
        let segments = layout(&states, *at(1000));
        assert_eq!(segments.len(), 4);
        assert_eq!(
            segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["Scheduled", "Pending", "Running", "Completed"]
        );
        assert_eq!(segments[2].duration, 30.0);
        assert_eq!((segments[0].x0, segments[3].x1), (0.0, 1.0));
        assert_eq!(segments[3].duration, 0.0, "a final state is a point");
    }

    #[test]
    fn a_running_run_grows_to_now() {
        let states = vec![
            State::new(StateType::Pending, at(0)),
            State::new(StateType::Running, at(10)),
        ];
        let segments = layout(&states, *at(70));
        assert_eq!(segments[1].duration, 60.0);
        assert_eq!(segments[1].x1, 1.0);
        assert!(layout(&[], *at(0)).is_empty());
    }
}
