//! End-to-end tests: the release build behind the repo's nginx config, a real Prefect
//! server, and headless Chromium. Run by `make test` (needs `--features e2e`).

#[path = "../support/mod.rs"]
mod support;

mod actions;
mod api_client;
mod artifacts;
mod automations_manage;
mod blocks;
mod blocks_manage;
mod bulk;
mod config_pages;
mod console;
mod design;
mod events;
mod faults;
mod flow_runs;
mod flows;
mod health;
mod hostile;
mod live;
mod log_counts;
mod manage;
mod origins;
mod release;
mod replicas;
mod run_compare;
mod run_history;
mod run_once;
mod run_script;
mod schema_requests;
mod search_views;
mod security;
mod shell;
mod task_runs;
mod timeline;
mod watch;
mod worker_actions;
mod workspaces;
