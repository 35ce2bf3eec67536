//! The app's own paths, below the router base: every in-app link is built here and turned
//! into an address by `AppContext::href`. Pure.

use crate::domain::events::ResourcePage;
use crate::domain::log_search::{LogOwner, LogView};
use crate::domain::search::HitPage;
use crate::url::encode_component;
use uuid::Uuid;

pub const DASHBOARD: &str = "/";
pub const FLOW_RUNS: &str = "/flow-runs";
pub const TIMELINE: &str = "/timeline";
pub const TASK_RUNS: &str = "/task-runs";
pub const FLOWS: &str = "/flows";
pub const DEPLOYMENTS: &str = "/deployments";
pub const WORK_POOLS: &str = "/work-pools";
pub const ARTIFACTS: &str = "/artifacts";
pub const BLOCKS: &str = "/blocks";
pub const CONCURRENCY_LIMITS: &str = "/concurrency-limits";
pub const VARIABLES: &str = "/variables";
pub const EVENTS: &str = "/events";
pub const AUTOMATIONS: &str = "/automations";
pub const WORKSPACES: &str = "/workspaces";
pub const SETTINGS: &str = "/settings";

/// Every page's route (`app.rs`, as the preload script matches an address) and the split
/// point its code is in (`pages/lazy.rs`): a list by its first path segment, an object's
/// page by its first segment and `/*` (anything after it), a page inside an object's page
/// by `first/*/third/*` (exactly four segments). `scripts/split-wasm.py` reads this table
/// from `scripts/split-rules.json`, which `build_rules` writes and checks.
pub const PAGE_CHUNKS: &[(&str, &str)] = &[
    ("", "dashboard"),
    ("flow-runs", "flow_runs"),
    ("flow-runs/*", "flow_run"),
    ("timeline", "timeline"),
    ("task-runs", "task_runs"),
    ("task-runs/*", "task_run"),
    ("flows", "flows"),
    ("flows/*", "flow"),
    ("deployments", "deployments"),
    ("deployments/*", "deployment"),
    ("work-pools", "work_pools"),
    ("work-pools/*", "work_pool"),
    ("work-pools/*/queues/*", "work_queue"),
    ("concurrency-limits", "concurrency_limits"),
    ("variables", "variables"),
    ("blocks", "blocks"),
    ("blocks/*", "block"),
    ("artifacts", "artifacts"),
    ("artifacts/*", "artifact"),
    ("events", "events"),
    ("events/*", "event"),
    ("automations", "automations"),
    ("settings", "settings"),
    ("workspaces", "workspaces"),
];

/// Split points loaded on demand, not by a route: the search dialog, the custom-run form,
/// the flow-run actions' confirmation, the forms that change what runs and the watcher
/// (`pages/lazy.rs`).
pub const ON_DEMAND_CHUNKS: &[&str] = &["search", "custom_run", "run_action", "forms", "watcher"];

/// A router path (`/work-pools/:name/queues/:queue`) as [`PAGE_CHUNKS`] writes it
/// (`work-pools/*/queues/*`).
pub fn chunk_pattern(router_path: &str) -> String {
    let parts: Vec<&str> = router_path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        [] | [""] => String::new(),
        [one] => (*one).to_string(),
        [first, _, third, _] if !third.starts_with(':') => format!("{first}/*/{third}/*"),
        [first, ..] => format!("{first}/*"),
    }
}

/// The runs list with a view's query string (`?state=Failed`, or empty).
pub fn flow_runs(query_string: &str) -> String {
    format!("{FLOW_RUNS}{query_string}")
}

pub fn timeline(query_string: &str) -> String {
    format!("{TIMELINE}{query_string}")
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

/// The comparison of two flow runs: a path below the runs' own (`/flow-runs/:id` with the id
/// `compare`, so it is in the run page's chunk, which shows it).
pub const COMPARE_RUNS: &str = "/flow-runs/compare";

/// The comparison of run `a` with run `b` (either may be left to choose).
pub fn compare_runs(a: Option<Uuid>, b: Option<Uuid>) -> String {
    let pairs: Vec<String> = [("a", a), ("b", b)]
        .into_iter()
        .filter_map(|(key, id)| id.map(|id| format!("{key}={id}")))
        .collect();
    if pairs.is_empty() {
        COMPARE_RUNS.to_string()
    } else {
        format!("{COMPARE_RUNS}?{}", pairs.join("&"))
    }
}

pub fn task_run(id: Uuid) -> String {
    format!("{TASK_RUNS}/{id}")
}

/// The query string of a run's logs: level, search (when there is one) and page.
fn logs_query(view: &LogView) -> String {
    let (level, page) = (view.min_level, view.page);
    let search = view.search.trim();
    if search.is_empty() {
        format!("?level={level}&logs_page={page}")
    } else {
        format!(
            "?level={level}&logs_q={}&logs_page={page}",
            encode_component(search)
        )
    }
}

/// A run's page (a flow run's or a task run's) at its logs' level, search and page.
pub fn run_logs(owner: LogOwner, view: &LogView) -> String {
    let query = logs_query(view);
    match owner {
        LogOwner::FlowRun(id) => format!("{}{query}", flow_run(id)),
        LogOwner::TaskRun(id) => format!("{}{query}", task_run(id)),
    }
}

/// The artifacts list with a view's query string.
pub fn artifacts(query_string: &str) -> String {
    format!("{ARTIFACTS}{query_string}")
}

/// One artifact key's page; the key is one escaped path segment.
pub fn artifact_key(key: &str) -> String {
    format!("{ARTIFACTS}/key/{}", encode_component(key))
}

/// The blocks list: name search, block type slug, page (each left out at its default).
pub fn blocks(search: &str, slug: Option<&str>, page: u32) -> String {
    let mut pairs = Vec::new();
    if !search.is_empty() {
        pairs.push(("q", search.to_string()));
    }
    if let Some(slug) = slug {
        pairs.push(("type", slug.to_string()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    format!("{BLOCKS}{}", crate::url::query_string(&pairs))
}

/// The block catalog (on the blocks page), its type search left out when empty.
pub fn block_catalog(search: &str) -> String {
    let mut pairs = vec![("catalog", "1".to_string())];
    if !search.is_empty() {
        pairs.push(("q", search.to_string()));
    }
    format!("{BLOCKS}{}", crate::url::query_string(&pairs))
}

pub fn block(id: Uuid) -> String {
    format!("{BLOCKS}/{id}")
}

/// The variables list with a view's query string.
/// The task runs list with a view's query string.
pub fn task_runs(query_string: &str) -> String {
    format!("{TASK_RUNS}{query_string}")
}

pub fn variables(query_string: &str) -> String {
    format!("{VARIABLES}{query_string}")
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

/// A work queue's page: its pool's page, then the queue's name, each one escaped segment.
pub fn work_queue(pool: &str, queue: &str) -> String {
    format!("{}/queues/{}", work_pool(pool), encode_component(queue))
}

/// The event feed with a view's query string.
pub fn events(query_string: &str) -> String {
    format!("{EVENTS}{query_string}")
}

/// The feed of one resource's events (its own and those it is related to).
pub fn events_of(resource_id: &str) -> String {
    events(&crate::url::query_string(&[(
        "resource",
        resource_id.to_string(),
    )]))
}

/// One event's page; with when it occurred, its lookup asks for that second only.
pub fn event(id: Uuid, occurred: Option<chrono::DateTime<chrono::Utc>>) -> String {
    match occurred {
        Some(at) => format!(
            "{EVENTS}/event/{id}?occurred={}",
            encode_component(&at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        ),
        None => format!("{EVENTS}/event/{id}"),
    }
}

/// The page a resource of an event links to.
pub fn resource(page: &ResourcePage) -> String {
    match page {
        ResourcePage::FlowRun(id) => flow_run(*id),
        ResourcePage::TaskRun(id) => task_run(*id),
        ResourcePage::Flow(id) => flow(*id),
        ResourcePage::Deployment(id) => deployment(*id),
        ResourcePage::WorkPool(name) => work_pool(name),
        ResourcePage::WorkQueue { pool, queue } => work_queue(pool, queue),
        ResourcePage::Block(id) => block(*id),
        ResourcePage::Automations => AUTOMATIONS.to_string(),
        ResourcePage::ConcurrencyLimits => CONCURRENCY_LIMITS.to_string(),
    }
}

/// The page a search hit opens.
pub fn search_hit(page: &HitPage) -> String {
    match page {
        HitPage::FlowRun(id) => flow_run(*id),
        HitPage::Flow(id) => flow(*id),
        HitPage::Deployment(id) => deployment(*id),
        HitPage::WorkPool(name) => work_pool(name),
        HitPage::WorkQueue { pool, queue } => work_queue(pool, queue),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let id = Uuid::from_u128(1);
        assert_eq!(flow_run(id), format!("/flow-runs/{id}"));
        let b = Uuid::from_u128(2);
        assert_eq!(
            compare_runs(Some(id), Some(b)),
            format!("/flow-runs/compare?a={id}&b={b}")
        );
        assert_eq!(
            compare_runs(None, Some(b)),
            format!("/flow-runs/compare?b={b}")
        );
        assert_eq!(compare_runs(None, None), "/flow-runs/compare");
        assert_eq!(flow_runs("?state=Late"), "/flow-runs?state=Late");
        assert_eq!(work_pool("my pool/é"), "/work-pools/my%20pool%2F%C3%A9");
        assert_eq!(work_queue("p/1", "q ?"), "/work-pools/p%2F1/queues/q%20%3F");
        assert_eq!(deployment(id), format!("/deployments/{id}"));
        assert_eq!(flow(id), format!("/flows/{id}"));
        assert_eq!(
            events_of("prefect.flow-run.x y"),
            "/events?resource=prefect.flow-run.x%20y"
        );
        let at = chrono::DateTime::from_timestamp(0, 0).unwrap_or_default();
        assert_eq!(
            event(id, Some(at)),
            format!("/events/event/{id}?occurred=1970-01-01T00%3A00%3A00.000000Z")
        );
        assert_eq!(
            resource(&ResourcePage::WorkPool("a/b".into())),
            "/work-pools/a%2Fb"
        );
        assert_eq!(flows("?q=etl"), "/flows?q=etl");
        assert_eq!(task_run(id), format!("/task-runs/{id}"));
        assert_eq!(artifact_key("a b/c"), "/artifacts/key/a%20b%2Fc");
        assert_eq!(
            blocks("db", Some("secret"), 2),
            "/blocks?q=db&type=secret&page=2"
        );
        assert_eq!(blocks("", None, 1), "/blocks");
        assert_eq!(block(id), format!("/blocks/{id}"));
        let view = |min_level, search: &str, page| LogView {
            min_level,
            search: search.into(),
            page,
        };
        assert_eq!(
            run_logs(LogOwner::FlowRun(id), &view(30, " ", 2)),
            format!("/flow-runs/{id}?level=30&logs_page=2")
        );
        assert_eq!(
            run_logs(LogOwner::TaskRun(id), &view(0, " \"time out\" &x ", 1)),
            format!("/task-runs/{id}?level=0&logs_q=%22time%20out%22%20%26x&logs_page=1")
        );
    }
}
