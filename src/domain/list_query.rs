//! URL state of the deployments list and the dashboard: a search, tags, a time range, a page.
//! Parsing never fails; bad values fall back to the defaults and drop out of the URL.

use super::time_range::{parse_list, parse_page, parse_range, parse_search, TimeRange};
use chrono::{DateTime, Utc};

/// The view settings a list page or the dashboard keeps in its query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    /// Name search (`q`).
    pub search: String,
    /// Tags, any of which must match (`tag=a,b`).
    pub tags: Vec<String>,
    /// A preset window (`range=24h`).
    pub range: TimeRange,
    /// 1-based page (`page`).
    pub page: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            search: String::new(),
            tags: Vec::new(),
            range: TimeRange::default(),
            page: 1,
        }
    }
}

impl ListQuery {
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> ListQuery {
        ListQuery {
            search: parse_search(get("q")),
            tags: parse_list(get("tag")),
            range: parse_range(get("range")),
            page: parse_page(get("page")),
        }
    }

    /// The query string for these settings (`?q=etl&tag=a`), empty at the defaults.
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&self.pairs())
    }

    /// The settings that differ from the defaults, as query pairs in a stable order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if !self.tags.is_empty() {
            pairs.push(("tag", self.tags.join(",")));
        }
        if self.range != TimeRange::default() {
            pairs.push(("range", self.range.key().to_string()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    /// [now − range, now).
    pub fn bounds(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        self.range.bounds(now)
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
        assert_eq!(q.range.seconds(), 7 * 86_400);
        assert_eq!(q.to_query_string(), "?q=etl&tag=a%2Cb&range=7d&page=3");
        let bad = parse(&[("range", "1y"), ("page", "0")]);
        assert_eq!(bad, ListQuery::default());
        assert_eq!(bad.to_query_string(), "");
        assert_eq!(bad.range.label(), "Past 24 hours");
    }
}
