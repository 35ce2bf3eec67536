//! The app's own paths, below the router base: every in-app link is built here and turned
//! into an address by `AppContext::href`. Pure.

use crate::url::encode_component;
use uuid::Uuid;

pub const DASHBOARD: &str = "/";
pub const FLOW_RUNS: &str = "/flow-runs";
pub const FLOWS: &str = "/flows";
pub const DEPLOYMENTS: &str = "/deployments";
pub const WORK_POOLS: &str = "/work-pools";
pub const WORKSPACES: &str = "/workspaces";
pub const SETTINGS: &str = "/settings";

/// The runs list with a view's query string (`?state=Failed`, or empty).
pub fn flow_runs(query_string: &str) -> String {
    format!("{FLOW_RUNS}{query_string}")
}

/// The flows list with a view's query string.
pub fn flows(query_string: &str) -> String {
    format!("{FLOWS}{query_string}")
}

pub fn flow(id: Uuid) -> String {
    format!("{FLOWS}/{id}")
}

pub fn flow_run(id: Uuid) -> String {
    format!("{FLOW_RUNS}/{id}")
}

/// A flow run's page with its log filter, search and page.
pub fn flow_run_logs(id: Uuid, min_level: i64, search: &str, page: u32) -> String {
    let search = search.trim();
    if search.is_empty() {
        format!("{FLOW_RUNS}/{id}?level={min_level}&logs_page={page}")
    } else {
        format!(
            "{FLOW_RUNS}/{id}?level={min_level}&logs_q={}&logs_page={page}",
            encode_component(search)
        )
    }
}

/// The deployments list with a view's query string.
pub fn deployments(query_string: &str) -> String {
    format!("{DEPLOYMENTS}{query_string}")
}

pub fn deployment(id: Uuid) -> String {
    format!("{DEPLOYMENTS}/{id}")
}

/// A work pool's page; the name is one escaped path segment.
pub fn work_pool(name: &str) -> String {
    format!("{WORK_POOLS}/{}", encode_component(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let id = Uuid::from_u128(1);
        assert_eq!(flow_run(id), format!("/flow-runs/{id}"));
        assert_eq!(flow_runs("?state=Late"), "/flow-runs?state=Late");
        assert_eq!(work_pool("my pool/é"), "/work-pools/my%20pool%2F%C3%A9");
        assert_eq!(deployment(id), format!("/deployments/{id}"));
        assert_eq!(flow(id), format!("/flows/{id}"));
        assert_eq!(flows("?q=etl"), "/flows?q=etl");
        assert_eq!(
            flow_run_logs(id, 30, " ", 2),
            format!("/flow-runs/{id}?level=30&logs_page=2")
        );
        assert_eq!(
            flow_run_logs(id, 0, " \"time out\" &x ", 1),
            format!("/flow-runs/{id}?level=0&logs_q=%22time%20out%22%20%26x&logs_page=1")
        );
    }
}
