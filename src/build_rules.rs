//! The rules the build's Python (`scripts/split-wasm.py` and the preload script it writes)
//! needs from Rust, written by Rust: the route table and split points ([`routes`]), the
//! workspace-scope mark ([`crate::config::scope`]), `config.json`'s defaults
//! ([`Config::default`]), the credentials key prefix ([`crate::api::auth`]) and each page's
//! first read ([`page_reads`]). They live in
//! `scripts/split-rules.json`; the native test below fails when that file is not what this
//! module says (`UPDATE_SPLIT_RULES=1 cargo test --lib build_rules` rewrites it), and the
//! build fails when the split points in the wasm are not the file's.

use crate::api::auth::CREDENTIALS_KEY_PREFIX;
use crate::api::endpoints;
use crate::api::request::ApiRequest;
use crate::config::scope::SCOPE_MARK;
use crate::config::Config;
use crate::domain::list_query::ListQuery;
use crate::routes::{ON_DEMAND_CHUNKS, PAGE_CHUNKS};
use serde_json::{json, Value};

/// Where the rules are kept for the build's scripts, from the crate's root.
pub const RULES_FILE: &str = "scripts/split-rules.json";

/// The rules, as the file holds them.
pub fn rules() -> Value {
    let defaults = Config::default();
    let config = serde_json::to_value(&defaults).unwrap_or(Value::Null);
    json!({
        "page_chunks": PAGE_CHUNKS.iter().map(|(route, chunk)| (route.to_string(), json!(chunk))).collect::<serde_json::Map<_, _>>(),
        "on_demand_chunks": ON_DEMAND_CHUNKS,
        "scope_mark": SCOPE_MARK.to_string(),
        "credentials_key_prefix": CREDENTIALS_KEY_PREFIX,
        "page_reads": page_reads(),
        "config_defaults": {
            "api_base": config["api_base"],
            "auth": config["auth"],
            "kind": config["kind"],
        },
    })
}

/// The read each page asks first for its content, by its route (as `PAGE_CHUNKS` writes
/// it), so the head script can ask it while the app downloads: its key
/// ([`ApiRequest::prefetch_key`], the name the client looks the answer up by), method, path
/// below the API base and body. An object's page reads it by id (`{id}` in key and path; the
/// head script asks only for an id that is a UUID); a list's page reads it as at its
/// defaults (the head script asks only for an address without a query, and a POST only when
/// the server's settings say CSRF is off). Built from what the loaders call
/// (`loaders::work_pools::pools`, `flows::flows`, `deployments::deployments`,
/// `flow_run::run`, `deployments::deployment`, `flows::flow`, `task_run::task_run`).
pub fn page_reads() -> serde_json::Map<String, Value> {
    use crate::loaders::{deployments, flows, work_pools};
    let id = uuid::Uuid::nil();
    let list = ListQuery::default();
    let read = |request: ApiRequest| {
        let by_id = |text: String| text.replace(&id.to_string(), "{id}");
        json!({
            "key": by_id(request.prefetch_key()),
            "method": request.method.as_str(),
            "path": by_id(request.path_and_query()),
            "body": request.body.as_ref().map(Value::to_string),
        })
    };
    let pools = || endpoints::work_pools_filter(&work_pools::pools_request()).request;
    [
        ("", pools()),
        ("work-pools", pools()),
        (
            "flows",
            endpoints::flows_paginate(&flows::page_request(&list)).request,
        ),
        (
            "deployments",
            endpoints::deployments_paginate(&deployments::page_request(&list)).request,
        ),
        ("flow-runs/*", endpoints::flow_run(id).request),
        ("deployments/*", endpoints::deployment(id).request),
        ("flows/*", endpoints::flow(id).request),
        ("task-runs/*", endpoints::task_run(id).request),
    ]
    .into_iter()
    .map(|(route, request)| (route.to_string(), read(request)))
    .collect()
}

/// The file's text for [`rules`].
pub fn rules_text() -> String {
    let mut text = serde_json::to_string_pretty(&rules()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::chunk_pattern;
    use std::collections::BTreeSet;

    /// The `path!("…")` routes of `app.rs`.
    fn router_paths() -> BTreeSet<String> {
        let app = include_str!("app.rs");
        app.split("path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect()
    }

    /// The split points of `pages/lazy.rs`: each `lazy_page!`'s second argument and each
    /// `wasm_split(name, …)` written out.
    fn split_points() -> BTreeSet<String> {
        let lazy = include_str!("pages/lazy.rs");
        let pages = lazy
            .split("lazy_page!(")
            .skip(1)
            .filter_map(|rest| rest.split(',').nth(1).map(|name| name.trim().to_string()));
        let on_demand = lazy
            .split("wasm_split::wasm_split(")
            .skip(1)
            .filter_map(|rest| rest.split(',').next())
            .map(str::trim)
            .filter(|name| !name.starts_with('$'))
            .map(str::to_string);
        pages
            .chain(on_demand)
            .filter(|n| !n.is_empty() && !n.contains('$'))
            .collect()
    }

    #[test]
    fn every_route_and_split_point_is_in_the_table() {
        let table: BTreeSet<String> = PAGE_CHUNKS.iter().map(|(r, _)| r.to_string()).collect();
        let routes: BTreeSet<String> = router_paths().iter().map(|p| chunk_pattern(p)).collect();
        assert_eq!(routes, table, "app.rs's routes against routes::PAGE_CHUNKS");
        let chunks: BTreeSet<String> = PAGE_CHUNKS
            .iter()
            .map(|(_, c)| c.to_string())
            .chain(ON_DEMAND_CHUNKS.iter().map(|c| c.to_string()))
            .collect();
        assert_eq!(split_points(), chunks, "pages/lazy.rs's split points");
        assert_eq!(
            chunk_pattern("/work-pools/:name/queues/:queue"),
            "work-pools/*/queues/*"
        );
        assert_eq!(chunk_pattern("/artifacts/key/:key"), "artifacts/*");
        assert_eq!(chunk_pattern("/"), "");
    }

    #[test]
    fn the_build_reads_what_rust_says() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RULES_FILE);
        let want = rules_text();
        if std::env::var_os("UPDATE_SPLIT_RULES").is_some() {
            std::fs::write(&path, &want).expect("write the rules file");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            have, want,
            "{RULES_FILE} is not what Rust says: run `UPDATE_SPLIT_RULES=1 cargo test --lib build_rules`"
        );
        assert_eq!(rules()["config_defaults"]["auth"], "none");
        assert_eq!(rules()["config_defaults"]["kind"], "server");
    }

    #[test]
    fn each_first_read_is_a_pages_and_names_what_the_client_looks_up() {
        let routes: BTreeSet<&str> = PAGE_CHUNKS.iter().map(|(r, _)| *r).collect();
        let reads = page_reads();
        assert_eq!(reads.len(), 8);
        for (route, read) in &reads {
            assert!(routes.contains(route.as_str()), "{route} is a page's route");
            let (key, path) = (read["key"].as_str(), read["path"].as_str());
            let by_id = route.ends_with("/*");
            assert_eq!(
                read["method"],
                if by_id { "GET" } else { "POST" },
                "{route}"
            );
            assert_eq!(
                path.is_some_and(|p| p.ends_with("/{id}")),
                by_id,
                "an object's page reads it by id: {read}"
            );
            let body = read["body"]
                .as_str()
                .map(|b| format!(" {b}"))
                .unwrap_or_default();
            assert_eq!(
                key.map(str::to_string),
                path.map(|p| format!("{} {p}{body}", read["method"].as_str().unwrap_or_default())),
                "{read}"
            );
        }
        let id = uuid::Uuid::from_u128(7);
        let template = reads["flow-runs/*"]["key"].as_str().unwrap_or_default();
        assert_eq!(
            template.replace("{id}", &id.to_string()),
            endpoints::flow_run(id).request.prefetch_key(),
            "the client looks up that very key"
        );
        assert!(
            reads["flows"]["body"]
                .as_str()
                .is_some_and(|b| b.contains("\"limit\":50")),
            "{}",
            reads["flows"]
        );
    }
}
