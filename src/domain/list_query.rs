//! URL state of the deployments list and the dashboard: a search, tags, a time range, a page.
//! Parsing never fails; bad values fall back to the defaults and drop out of the URL.

use super::time_range::{parse_list, parse_page, parse_range, parse_search, TimeRange};
use chrono::{DateTime, Utc};

/// One active filter as a removable chip: what it says, and the view without it (page 1).
/// Every list page's query (`Q`) makes its own.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterChip<Q> {
    pub label: String,
    pub without: Q,
}

/// A page's view whose filters show as chips: each chip is the view without one filter,
/// and the address is the view.
pub trait Filters: Clone + PartialEq + Send + Sync + 'static {
    /// The active filters, each with the view without it (page 1).
    fn chips(&self) -> Vec<FilterChip<Self>>;
    /// The same settings (window, sort) with no filter.
    fn unfiltered(&self) -> Self;
    /// The view as a query string (`?q=etl`), empty at the defaults.
    fn query_string(&self) -> String;
}

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

impl Filters for ListQuery {
    /// The search and each tag as a chip whose removal drops that one (the window stays:
    /// it is a setting, not a filter).
    fn chips(&self) -> Vec<FilterChip<ListQuery>> {
        let mut chips = Vec::new();
        if !self.search.is_empty() {
            chips.push(FilterChip {
                label: format!("Name contains \u{201c}{}\u{201d}", self.search),
                without: ListQuery {
                    search: String::new(),
                    page: 1,
                    ..self.clone()
                },
            });
        }
        for tag in &self.tags {
            chips.push(FilterChip {
                label: format!("Tag: {tag}"),
                without: ListQuery {
                    tags: self.tags.iter().filter(|t| *t != tag).cloned().collect(),
                    page: 1,
                    ..self.clone()
                },
            });
        }
        chips
    }

    /// The same window with no search and no tags.
    fn unfiltered(&self) -> ListQuery {
        ListQuery {
            range: self.range,
            ..ListQuery::default()
        }
    }

    fn query_string(&self) -> String {
        self.to_query_string()
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

    #[test]
    fn each_chip_drops_one_filter_and_keeps_the_window() {
        let q = parse(&[("q", "etl"), ("tag", "a,b"), ("range", "7d"), ("page", "3")]);
        let chips = q.chips();
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Name contains \u{201c}etl\u{201d}", "Tag: a", "Tag: b"]
        );
        assert_eq!(chips[0].without.to_query_string(), "?tag=a%2Cb&range=7d");
        assert_eq!(chips[1].without.to_query_string(), "?q=etl&tag=b&range=7d");
        assert_eq!(q.unfiltered().to_query_string(), "?range=7d");
        assert!(ListQuery::default().chips().is_empty());
    }
}
