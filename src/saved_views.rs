//! Saved views: a name for a list page's filters (its path and query string), kept per
//! target in local storage. One view per page may be its default: the sidebar opens the
//! page with it, while the page's plain address still shows everything. A view travels as
//! a link (its filters plus `view=<name>`), which offers to save it under that name. Pure.

use crate::domain::format::bounded_text;
use serde::{Deserialize, Serialize};

/// The pages whose filters can be saved, with their names in the sidebar.
pub const VIEW_PAGES: [(&str, &str); 10] = [
    (crate::routes::DASHBOARD, "Dashboard"),
    (crate::routes::FLOW_RUNS, "Flow runs"),
    (crate::routes::TIMELINE, "Timeline"),
    (crate::routes::TASK_RUNS, "Task runs"),
    (crate::routes::FLOWS, "Flows"),
    (crate::routes::DEPLOYMENTS, "Deployments"),
    (crate::routes::EVENTS, "Events"),
    (crate::routes::ARTIFACTS, "Artifacts"),
    (crate::routes::VARIABLES, "Variables"),
    (crate::routes::BLOCKS, "Blocks"),
];

/// The query parameter a shared view's link names it by.
pub const NAME_PARAM: &str = "view";
/// Longest name kept, in characters.
pub const MAX_NAME: usize = 80;
/// Longest query string kept, in bytes (longer ones are not saved).
pub const MAX_QUERY: usize = 4000;
/// Views kept per target; saving more replaces none and is refused.
pub const MAX_VIEWS: usize = 100;

/// One saved view.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    /// The page, one of [`VIEW_PAGES`].
    pub path: String,
    /// `?a=b&c=d` without paging, or empty.
    #[serde(default)]
    pub query: String,
    /// The sidebar opens the page with this view.
    #[serde(default)]
    pub default: bool,
}

impl SavedView {
    /// The page and its filters, below the router base.
    pub fn route(&self) -> String {
        format!("{}{}", self.path, self.query)
    }

    /// The link that shares it: its filters and its name.
    pub fn share_route(&self) -> String {
        let name = format!("{NAME_PARAM}={}", crate::url::encode_component(&self.name));
        match self.query.is_empty() {
            true => format!("{}?{name}", self.path),
            false => format!("{}{}&{name}", self.path, self.query),
        }
    }
}

/// The page's name in the sidebar, when its filters can be saved.
pub fn page_label(path: &str) -> Option<&'static str> {
    VIEW_PAGES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, label)| *label)
}

/// A view's name as kept: trimmed, no control characters, at most [`MAX_NAME`] characters;
/// `None` when nothing is left.
pub fn clean_name(name: &str) -> Option<String> {
    Some(bounded_text(name, MAX_NAME)).filter(|n| !n.is_empty())
}

/// The filters of a page's query string (`?a=1&page=3`, with or without its `?`): every
/// parameter as it was sent but the page number and a shared view's name; empty when none
/// is left; `None` when it is too long to keep.
pub fn view_query(search: &str) -> Option<String> {
    let raw = search.strip_prefix('?').unwrap_or(search);
    let kept: Vec<&str> = raw
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            key != "page" && key != NAME_PARAM
        })
        .collect();
    let query = match kept.is_empty() {
        true => String::new(),
        false => format!("?{}", kept.join("&")),
    };
    (query.len() <= MAX_QUERY && !query.chars().any(char::is_control)).then_some(query)
}

/// The name a shared link carries (`view=<name>`), cleaned; `None` without one.
pub fn shared_name(name: Option<&str>) -> Option<String> {
    name.and_then(clean_name)
}

/// The views stored as text: whatever does not read as a view (another version's format,
/// a page that is gone, a bad name or query) is dropped, as are repeats of a page and name
/// and a second default for one page. Never fails.
pub fn parse_views(text: &str) -> Vec<SavedView> {
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return Vec::new();
    };
    let mut views: Vec<SavedView> = Vec::new();
    for value in values {
        let Ok(view) = serde_json::from_value::<SavedView>(value) else {
            continue;
        };
        let (Some(name), Some(query)) = (clean_name(&view.name), view_query(&view.query)) else {
            continue;
        };
        if page_label(&view.path).is_none()
            || views.iter().any(|v| v.path == view.path && v.name == name)
            || views.len() >= MAX_VIEWS
        {
            continue;
        }
        let default = view.default && default_for(&views, &view.path).is_none();
        views.push(SavedView {
            name,
            query,
            default,
            path: view.path,
        });
    }
    views
}

/// The views as stored text.
pub fn to_storage(views: &[SavedView]) -> String {
    serde_json::to_string(views).unwrap_or_else(|_| "[]".into())
}

/// Why a view could not be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    NoName,
    NotAViewPage,
    TooLong,
    TooMany,
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SaveError::NoName => "Give the view a name.",
            SaveError::NotAViewPage => "This page's filters cannot be saved.",
            SaveError::TooLong => "These filters are too long to save.",
            SaveError::TooMany => "There are 100 saved views already: delete one first.",
        })
    }
}

/// `views` with `path`'s current filters (`search`, its query string) saved as `name`; a
/// view of that page and name is replaced (keeping whether it is the default).
pub fn save(
    views: &[SavedView],
    path: &str,
    search: &str,
    name: &str,
) -> Result<Vec<SavedView>, SaveError> {
    let name = clean_name(name).ok_or(SaveError::NoName)?;
    if page_label(path).is_none() {
        return Err(SaveError::NotAViewPage);
    }
    let query = view_query(search).ok_or(SaveError::TooLong)?;
    let mut out = views.to_vec();
    let full = out.len() >= MAX_VIEWS;
    match out.iter_mut().find(|v| v.path == path && v.name == name) {
        Some(existing) => existing.query = query,
        None if full => return Err(SaveError::TooMany),
        None => out.push(SavedView {
            name,
            path: path.to_string(),
            query,
            default: false,
        }),
    }
    Ok(out)
}

/// `views` without `path`'s view `name`.
pub fn remove(views: &[SavedView], path: &str, name: &str) -> Vec<SavedView> {
    views
        .iter()
        .filter(|v| !(v.path == path && v.name == name))
        .cloned()
        .collect()
}

/// `views` with `name` as `path`'s default (the page's others not), or none when `None`.
pub fn set_default(views: &[SavedView], path: &str, name: Option<&str>) -> Vec<SavedView> {
    views
        .iter()
        .map(|v| SavedView {
            default: if v.path == path {
                Some(v.name.as_str()) == name
            } else {
                v.default
            },
            ..v.clone()
        })
        .collect()
}

/// `path`'s default view.
pub fn default_for<'a>(views: &'a [SavedView], path: &str) -> Option<&'a SavedView> {
    views.iter().find(|v| v.path == path && v.default)
}

/// `path`'s views, by name.
pub fn views_of<'a>(views: &'a [SavedView], path: &str) -> Vec<&'a SavedView> {
    let mut of: Vec<&SavedView> = views.iter().filter(|v| v.path == path).collect();
    of.sort_by_key(|a| a.name.to_lowercase());
    of
}

/// Where a target's views are stored: one key per dashboard path, target and workspace.
pub fn storage_key(router_base: &str) -> String {
    format!(
        "prefect-dashboard.views:{}",
        router_base.trim_end_matches('/')
    )
}

/// The sidebar link of a section: its default view when it has one.
pub fn section_route(views: &[SavedView], path: &str) -> String {
    default_for(views, path)
        .map(SavedView::route)
        .unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(views: &[SavedView]) -> Vec<(&str, &str, bool)> {
        views
            .iter()
            .map(|v| (v.name.as_str(), v.query.as_str(), v.default))
            .collect()
    }

    #[test]
    fn a_view_keeps_the_filters_but_not_the_page() {
        assert_eq!(
            view_query("?state=Failed&page=3&q=etl%20x&view=Mine").as_deref(),
            Some("?state=Failed&q=etl%20x")
        );
        assert_eq!(view_query("page=2").as_deref(), Some(""));
        assert_eq!(view_query("").as_deref(), Some(""));
        assert_eq!(view_query("?&&a=1&").as_deref(), Some("?a=1"));
        assert_eq!(view_query(&format!("?q={}", "x".repeat(MAX_QUERY))), None);
        assert_eq!(view_query("?q=a\nb"), None);
    }

    #[test]
    fn saving_replaces_by_name_and_defaults_are_one_per_page() {
        let views = save(&[], "/flow-runs", "?state=Failed", "  Failures ").unwrap_or_default();
        let views = save(&views, "/flow-runs", "?range=7d", "Week").unwrap_or_default();
        let views = set_default(&views, "/flow-runs", Some("Week"));
        let views = save(&views, "/flow-runs", "?range=30d&page=2", "Week").unwrap_or_default();
        assert_eq!(
            runs(&views),
            vec![
                ("Failures", "?state=Failed", false),
                ("Week", "?range=30d", true)
            ]
        );
        assert_eq!(section_route(&views, "/flow-runs"), "/flow-runs?range=30d");
        assert_eq!(section_route(&views, "/flows"), "/flows");
        let views = set_default(&views, "/flow-runs", Some("Failures"));
        assert_eq!(
            default_for(&views, "/flow-runs").map(|v| v.name.as_str()),
            Some("Failures")
        );
        let views = set_default(&views, "/flow-runs", None);
        assert_eq!(default_for(&views, "/flow-runs"), None);
        let views = remove(&views, "/flow-runs", "Week");
        assert_eq!(runs(&views), vec![("Failures", "?state=Failed", false)]);
        assert_eq!(
            save(&views, "/flow-runs", "", " \t"),
            Err(SaveError::NoName)
        );
        assert_eq!(
            save(&views, "/settings", "", "x"),
            Err(SaveError::NotAViewPage)
        );
        let long = "n".repeat(500);
        let views = save(&views, "/flows", "", &long).unwrap_or_default();
        assert_eq!(views.last().map(|v| v.name.chars().count()), Some(MAX_NAME));
    }

    #[test]
    fn at_most_a_hundred_views() {
        let mut views = Vec::new();
        for n in 0..MAX_VIEWS {
            views = save(&views, "/events", "", &format!("v{n}")).unwrap_or_default();
        }
        assert_eq!(views.len(), MAX_VIEWS);
        assert_eq!(
            save(&views, "/events", "", "one more"),
            Err(SaveError::TooMany)
        );
        assert!(
            save(&views, "/events", "?range=7d", "v3").is_ok(),
            "a replacement"
        );
    }

    #[test]
    fn stored_text_round_trips_and_junk_is_dropped() {
        let views = save(&[], "/deployments", "?q=etl", "ETL").unwrap_or_default();
        let views = set_default(&views, "/deployments", Some("ETL"));
        assert_eq!(parse_views(&to_storage(&views)), views);
        for junk in ["", "{}", "null", "[1,2]", "not json", "[{\"name\":3}]"] {
            assert_eq!(parse_views(junk), Vec::new(), "{junk}");
        }
        let text = r#"[
            {"name":"A","path":"/flow-runs","query":"?x=1","default":true},
            {"name":"B","path":"/flow-runs","query":"x=2&page=9","default":true},
            {"name":"A","path":"/flow-runs","query":"?dup=1"},
            {"name":"gone","path":"/nowhere","query":""},
            {"name":"   ","path":"/flows","query":""},
            {"name":"C","path":"/flows"}
        ]"#;
        let views = parse_views(text);
        assert_eq!(
            views
                .iter()
                .map(|v| (
                    v.name.as_str(),
                    v.path.as_str(),
                    v.query.as_str(),
                    v.default
                ))
                .collect::<Vec<_>>(),
            vec![
                ("A", "/flow-runs", "?x=1", true),
                ("B", "/flow-runs", "?x=2", false),
                ("C", "/flows", "", false),
            ]
        );
    }

    #[test]
    fn a_view_is_shared_as_a_link_with_its_name() {
        let view = SavedView {
            name: "Late & failed".into(),
            path: "/flow-runs".into(),
            query: "?state=Late".into(),
            default: false,
        };
        assert_eq!(
            view.share_route(),
            "/flow-runs?state=Late&view=Late%20%26%20failed"
        );
        let bare = SavedView {
            query: String::new(),
            ..view
        };
        assert_eq!(bare.share_route(), "/flow-runs?view=Late%20%26%20failed");
        assert_eq!(shared_name(Some("  Mine ")).as_deref(), Some("Mine"));
        assert_eq!(shared_name(Some(" ")), None);
        assert_eq!(
            storage_key("/dash/@acme"),
            "prefect-dashboard.views:/dash/@acme"
        );
        assert_eq!(storage_key(""), "prefect-dashboard.views:");
    }
}
