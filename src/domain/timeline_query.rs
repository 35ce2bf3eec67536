//! The timeline's view as URL state: its window (a preset that follows now, or a fixed span
//! after a zoom or a pan), how rows are grouped, and the runs page's filters. Parsing never
//! fails and never yields a window the arithmetic cannot take: bad values fall back, spans
//! are clamped.

use super::runs_query::RunsQuery;
use crate::schemas::Timestamp;
use chrono::{DateTime, Duration, TimeZone, Utc};

/// The shortest window a zoom reaches: five minutes.
pub const MIN_SPAN: i64 = 300;
/// The longest: 31 days.
pub const MAX_SPAN: i64 = 31 * 86_400;

/// Preset windows: URL key, label, seconds before now, seconds after now.
const PRESETS: [(&str, &str, i64, i64); 6] = [
    ("past-1h", "Past hour", 3600, 0),
    ("around-now", "12 hours either side of now", 43_200, 43_200),
    ("past-24h", "Past 24 hours", 86_400, 0),
    ("past-7d", "Past 7 days", 7 * 86_400, 0),
    ("next-24h", "Next 24 hours", 0, 86_400),
    ("next-7d", "Next 7 days", 0, 7 * 86_400),
];

/// One of the preset windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset(usize);

impl Default for Preset {
    /// Twelve hours either side of now: what ran and what is scheduled next.
    fn default() -> Self {
        Preset(1)
    }
}

impl Preset {
    pub fn parse(key: &str) -> Option<Preset> {
        PRESETS.iter().position(|p| p.0 == key).map(Preset)
    }

    pub fn all() -> impl Iterator<Item = Preset> {
        (0..PRESETS.len()).map(Preset)
    }

    fn entry(self) -> (&'static str, &'static str, i64, i64) {
        PRESETS.get(self.0).copied().unwrap_or(PRESETS[1])
    }

    pub fn key(self) -> &'static str {
        self.entry().0
    }

    pub fn label(self) -> &'static str {
        self.entry().1
    }
}

/// What the timeline spans.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimelineWindow {
    /// Moves with now.
    Preset(Preset),
    /// Fixed, [from, to), after a zoom or a pan; span within [`MIN_SPAN`]..=[`MAX_SPAN`].
    Fixed(DateTime<Utc>, DateTime<Utc>),
}

impl Default for TimelineWindow {
    fn default() -> Self {
        TimelineWindow::Preset(Preset::default())
    }
}

/// The earliest and latest instants a window may reach (years 1970 to 9000): any shift or
/// zoom from there stays well inside chrono's range.
fn clamp_instant(at: DateTime<Utc>) -> DateTime<Utc> {
    let earliest = Utc.timestamp_opt(0, 0).single().unwrap_or(at);
    let latest = Utc.timestamp_opt(221_845_392_000, 0).single().unwrap_or(at);
    at.clamp(earliest, latest)
}

impl TimelineWindow {
    /// [from, to) at `now`.
    pub fn bounds(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        match self {
            TimelineWindow::Preset(p) => {
                let (_, _, before, after) = p.entry();
                (
                    now - Duration::seconds(before),
                    now + Duration::seconds(after),
                )
            }
            TimelineWindow::Fixed(from, to) => (*from, *to),
        }
    }

    /// A fixed window of `span` seconds (clamped) centred on `centre`.
    fn around(centre: DateTime<Utc>, span: i64) -> TimelineWindow {
        let span = span.clamp(MIN_SPAN, MAX_SPAN);
        let centre = clamp_instant(centre);
        let from = centre - Duration::seconds(span / 2);
        TimelineWindow::Fixed(from, from + Duration::seconds(span))
    }

    /// Zoomed by `factor` (< 1 in, > 1 out) about the fraction `at` (0 = left edge) of the
    /// window, which stays under the pointer.
    pub fn zoom(&self, factor: f64, at: f64, now: DateTime<Utc>) -> TimelineWindow {
        let (from, to) = self.bounds(now);
        let span = (to - from).num_seconds() as f64;
        let at = if at.is_finite() {
            at.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let factor = if factor.is_finite() && factor > 0.0 {
            factor
        } else {
            1.0
        };
        let next = (span * factor).clamp(MIN_SPAN as f64, MAX_SPAN as f64);
        let pivot = from + Duration::seconds((span * at) as i64);
        let next_from = pivot - Duration::seconds((next * at) as i64);
        TimelineWindow::around(
            next_from + Duration::seconds((next / 2.0) as i64),
            next as i64,
        )
    }

    /// Moved by `fraction` of its span (negative: earlier).
    pub fn pan(&self, fraction: f64, now: DateTime<Utc>) -> TimelineWindow {
        let (from, to) = self.bounds(now);
        let span = (to - from).num_seconds();
        let fraction = if fraction.is_finite() {
            fraction.clamp(-10.0, 10.0)
        } else {
            0.0
        };
        let shift = Duration::seconds((span as f64 * fraction) as i64);
        TimelineWindow::around(from + Duration::seconds(span / 2) + shift, span)
    }

    /// The part of the window between the fractions `x0` and `x1` of it (a counted cell's
    /// span), as a fixed window (at least [`MIN_SPAN`] long).
    pub fn part(&self, x0: f64, x1: f64, now: DateTime<Utc>) -> TimelineWindow {
        let (from, to) = self.bounds(now);
        let span = (to - from).num_seconds() as f64;
        let fraction = |x: f64| {
            if x.is_finite() {
                x.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let (a, b) = (fraction(x0.min(x1)), fraction(x0.max(x1)));
        let centre = from + Duration::seconds((span * (a + b) / 2.0) as i64);
        TimelineWindow::around(centre, (span * (b - a)) as i64)
    }

    /// Says the window in words for a heading or a screen reader.
    pub fn label(&self) -> String {
        match self {
            TimelineWindow::Preset(p) => p.label().to_string(),
            TimelineWindow::Fixed(from, to) => {
                let minutes = |at: &DateTime<Utc>| {
                    let mut text = super::format::utc_datetime(*at);
                    text.truncate(16);
                    text
                };
                format!("{} to {} UTC", minutes(from), minutes(to))
            }
        }
    }
}

/// How rows are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Group {
    #[default]
    Flow,
    WorkPool,
}

impl Group {
    pub fn key(self) -> &'static str {
        match self {
            Group::Flow => "flow",
            Group::WorkPool => "pool",
        }
    }
}

/// Everything the timeline shows, as read from and written to the URL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineQuery {
    pub window: TimelineWindow,
    pub group: Group,
    /// The runs page's filters (states, flows, deployments, pools, tags, name, subflows);
    /// its window, sort and page are not used.
    pub filters: RunsQuery,
}

/// Keys of the runs page the timeline does not read.
const UNUSED_RUNS_KEYS: [&str; 7] = ["range", "from", "to", "sort", "page", "size", "logs"];

impl TimelineQuery {
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> TimelineQuery {
        let fixed = match (
            get("from").and_then(Timestamp::parse),
            get("to").and_then(Timestamp::parse),
        ) {
            (Some(from), Some(to)) if from < to => {
                let span = (to.0 - from.0).num_seconds();
                let centre = from.0 + Duration::seconds(span / 2);
                Some(TimelineWindow::around(centre, span))
            }
            _ => None,
        };
        let window = fixed.unwrap_or_else(|| {
            TimelineWindow::Preset(get("window").and_then(Preset::parse).unwrap_or_default())
        });
        let group = match get("group") {
            Some("pool") => Group::WorkPool,
            _ => Group::Flow,
        };
        let filters = RunsQuery::from_pairs(|k| {
            if UNUSED_RUNS_KEYS.contains(&k) {
                None
            } else {
                get(k)
            }
        });
        TimelineQuery {
            window,
            group,
            filters,
        }
    }

    /// The pairs that differ from the defaults, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        match self.window {
            TimelineWindow::Preset(p) if p == Preset::default() => {}
            TimelineWindow::Preset(p) => pairs.push(("window", p.key().to_string())),
            TimelineWindow::Fixed(from, to) => {
                pairs.push(("from", Timestamp(from).to_wire()));
                pairs.push(("to", Timestamp(to).to_wire()));
            }
        }
        if self.group != Group::default() {
            pairs.push(("group", self.group.key().to_string()));
        }
        let filters = RunsQuery {
            window: RunsQuery::default().window,
            sort: RunsQuery::default().sort,
            page: 1,
            page_size: RunsQuery::default().page_size,
            ..self.filters.clone()
        };
        pairs.extend(filters.to_pairs());
        pairs
    }

    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&self.to_pairs())
    }

    /// The same view over another window.
    pub fn with_window(&self, window: TimelineWindow) -> TimelineQuery {
        TimelineQuery {
            window,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(query: &str) -> TimelineQuery {
        let pairs: HashMap<&str, &str> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .collect();
        TimelineQuery::from_pairs(|k| pairs.get(k).copied())
    }

    #[test]
    fn presets_follow_now_and_round_trip() {
        let now = crate::domain::test_now();
        let q = parse("window=next-7d&group=pool&state_type=FAILED");
        assert_eq!(q.group, Group::WorkPool);
        let (from, to) = q.window.bounds(now);
        assert_eq!((from, to - from), (now, Duration::days(7)));
        assert_eq!(
            q.to_query_string(),
            "?window=next-7d&group=pool&state_type=FAILED"
        );
        assert_eq!(parse("").to_query_string(), "");
        assert_eq!(parse("window=past-1y").window, TimelineWindow::default());
        let (from, to) = TimelineWindow::default().bounds(now);
        assert_eq!(
            (now - from, to - now),
            (Duration::hours(12), Duration::hours(12))
        );
        // The runs page's window, sort and page are not the timeline's.
        assert_eq!(parse("range=7d&page=3&sort=NAME_ASC").to_query_string(), "");
    }

    #[test]
    fn zoom_and_pan_keep_the_window_sane() {
        let now = crate::domain::test_now();
        let day = TimelineWindow::default();
        let half = day.zoom(0.5, 1.0, now);
        let (from, to) = half.bounds(now);
        assert_eq!(to - from, Duration::hours(12));
        assert_eq!(
            to,
            now + Duration::hours(12),
            "the right edge stays under the pointer"
        );
        let later = half.pan(0.25, now);
        assert_eq!(later.bounds(now).0 - from, Duration::hours(3));
        // Zoom stops at five minutes and at 31 days, whatever the factor.
        let tiny = day.zoom(1e-12, 0.5, now);
        assert_eq!(
            tiny.bounds(now).1 - tiny.bounds(now).0,
            Duration::seconds(MIN_SPAN)
        );
        let huge = day.zoom(f64::INFINITY, 0.5, now).zoom(1e9, f64::NAN, now);
        assert_eq!(
            huge.bounds(now).1 - huge.bounds(now).0,
            Duration::seconds(MAX_SPAN)
        );
        let cell = day.part(0.5, 0.75, now);
        assert_eq!(cell.bounds(now).1 - cell.bounds(now).0, Duration::hours(6));
        assert_eq!(cell.bounds(now).0, now);
        let far = day.pan(f64::MAX, now);
        assert!(far.bounds(now).0 > now);
    }

    #[test]
    fn any_address_parses_to_a_window_the_arithmetic_survives() {
        let now = crate::domain::test_now();
        for query in [
            "from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z",
            "from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:01Z",
            "from=9999-12-31T23:59:58Z&to=9999-12-31T23:59:59Z",
            "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
            "window=%00&group=%FF",
        ] {
            let q = parse(query);
            let (from, to) = q.window.bounds(now);
            let span = (to - from).num_seconds();
            assert!((MIN_SPAN..=MAX_SPAN).contains(&span), "{query}: {span}");
            for step in [q.window.zoom(0.1, 0.0, now), q.window.pan(-10.0, now)] {
                let (a, b) = step.bounds(now);
                assert!(a < b, "{query}");
            }
        }
    }
}
