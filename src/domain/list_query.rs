//! URL state of the list pages and the dashboard: a search, tags, a time range, a page.
//! Parsing never fails; bad values fall back to the defaults and drop out of the URL.

use super::runs_query::RANGES;
use chrono::{DateTime, Duration, Utc};

/// The view settings a list page or the dashboard keeps in its query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    /// Name search (`q`).
    pub search: String,
    /// Tags, any of which must match (`tag=a,b`).
    pub tags: Vec<String>,
    /// A preset from `RANGES` (`range=24h`).
    pub range: String,
    /// 1-based page (`page`).
    pub page: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            search: String::new(),
            tags: Vec::new(),
            range: "24h".into(),
            page: 1,
        }
    }
}

impl ListQuery {
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> ListQuery {
        let default = ListQuery::default();
        ListQuery {
            search: get("q").unwrap_or_default().trim().to_string(),
            tags: get("tag")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            range: get("range")
                .filter(|r| RANGES.iter().any(|(key, _, _)| key == r))
                .map_or(default.range, str::to_string),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The query string for these settings (`?q=etl&tag=a`), empty at the defaults.
    pub fn to_query_string(&self) -> String {
        let default = ListQuery::default();
        let mut pairs = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if !self.tags.is_empty() {
            pairs.push(("tag", self.tags.join(",")));
        }
        if self.range != default.range {
            pairs.push(("range", self.range.clone()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        crate::url::query_string(&pairs)
    }

    /// The range's length.
    pub fn range_seconds(&self) -> i64 {
        RANGES
            .iter()
            .find(|(key, _, _)| *key == self.range)
            .map_or(86_400, |(_, _, seconds)| *seconds)
    }

    /// The range's label ("Past 24 hours").
    pub fn range_label(&self) -> &'static str {
        RANGES
            .iter()
            .find(|(key, _, _)| *key == self.range)
            .map_or("Past 24 hours", |(_, label, _)| *label)
    }

    /// [now − range, now).
    pub fn bounds(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (now - Duration::seconds(self.range_seconds()), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> ListQuery {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        ListQuery::from_pairs(|k| map.get(k).copied())
    }

    #[test]
    fn round_trips_and_falls_back() {
        let q = parse(&[
            ("q", " etl "),
            ("tag", "a, b,,"),
            ("range", "7d"),
            ("page", "3"),
        ]);
        assert_eq!(q.search, "etl");
        assert_eq!(q.tags, vec!["a", "b"]);
        assert_eq!(q.range_seconds(), 7 * 86_400);
        assert_eq!(q.to_query_string(), "?q=etl&tag=a%2Cb&range=7d&page=3");
        let bad = parse(&[("range", "1y"), ("page", "0")]);
        assert_eq!(bad, ListQuery::default());
        assert_eq!(bad.to_query_string(), "");
        assert_eq!(bad.range_label(), "Past 24 hours");
    }
}
