//! The URL state every list page reads the same way: a preset time window ending now, a
//! search, tags and a page. Parsing never fails; bad values fall back to the defaults.

use chrono::{DateTime, Duration, Utc};

/// Preset windows, ending now: URL key, label, length in seconds.
const RANGES: [(&str, &str, i64); 4] = [
    ("1h", "Past hour", 3600),
    ("24h", "Past 24 hours", 86_400),
    ("7d", "Past 7 days", 7 * 86_400),
    ("30d", "Past 30 days", 30 * 86_400),
];

/// One of the preset windows (`range=7d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeRange(usize);

impl Default for TimeRange {
    /// The past 24 hours.
    fn default() -> Self {
        TimeRange(1)
    }
}

impl TimeRange {
    /// The preset with this URL key, if any.
    pub fn parse(key: &str) -> Option<TimeRange> {
        RANGES.iter().position(|(k, _, _)| *k == key).map(TimeRange)
    }

    /// Every preset, shortest first (for a select).
    pub fn all() -> impl Iterator<Item = TimeRange> {
        (0..RANGES.len()).map(TimeRange)
    }

    fn entry(self) -> (&'static str, &'static str, i64) {
        RANGES.get(self.0).copied().unwrap_or(RANGES[1])
    }

    /// The URL key, e.g. `24h`.
    pub fn key(self) -> &'static str {
        self.entry().0
    }

    /// The label, e.g. "Past 24 hours".
    pub fn label(self) -> &'static str {
        self.entry().1
    }

    pub fn seconds(self) -> i64 {
        self.entry().2
    }

    /// [now − range, now).
    pub fn bounds(self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (now - Duration::seconds(self.seconds()), now)
    }
}

/// `range=`: a preset, or the default.
pub fn parse_range(value: Option<&str>) -> TimeRange {
    value.and_then(TimeRange::parse).unwrap_or_default()
}

/// A comma-separated list (`tag=a, b,,` -> `a`, `b`).
pub fn parse_list(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `page=`: 1-based; anything else is page 1.
pub fn parse_page(value: Option<&str>) -> u32 {
    value
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// `q=`: a search, trimmed.
pub fn parse_search(value: Option<&str>) -> String {
    value.unwrap_or_default().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_fallbacks() {
        let week = TimeRange::parse("7d").expect("7d");
        assert_eq!(
            (week.key(), week.label(), week.seconds()),
            ("7d", "Past 7 days", 604_800)
        );
        assert_eq!(TimeRange::default().key(), "24h");
        assert_eq!(parse_range(Some("1y")), TimeRange::default());
        assert_eq!(
            TimeRange::all().map(TimeRange::key).collect::<Vec<_>>(),
            ["1h", "24h", "7d", "30d"]
        );
        let now = crate::domain::test_now();
        assert_eq!(week.bounds(now).1 - week.bounds(now).0, Duration::days(7));
        assert_eq!(parse_list(Some("a, b,,")), ["a", "b"]);
        assert_eq!(
            parse_page(Some("4294967296")),
            1,
            "past u32 is page 1, not a panic"
        );
        assert_eq!(parse_page(Some("-3")), 1);
        assert_eq!(parse_page(Some("3")), 3);
        assert_eq!(parse_search(Some(" etl ")), "etl");
    }
}
