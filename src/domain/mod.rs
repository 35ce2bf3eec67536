//! Pure business rules: no browser, no Leptos; every rule tested with `cargo test`. Depends on
//! `schemas`, `config` and `url`, and on `api` only for the `ApiError` type it judges.

pub mod actions;
pub mod activity;
pub mod applied_states;
pub mod artifact;
pub mod automation_forms;
pub mod automations;
pub mod block_forms;
pub mod blocks;
pub mod concurrency;
pub mod connection;
pub mod deployment_forms;
pub mod duration_trend;
pub mod events;
pub mod fleet;
pub mod format;
pub mod forms;
pub mod gantt;
pub mod health;
pub mod history;
pub mod keyed;
pub mod known_names;
pub mod late_runs;
pub mod limit_forms;
pub mod list_query;
pub mod live;
pub mod log_book;
pub mod log_counts;
pub mod log_links;
pub mod log_search;
pub mod markdown;
pub mod next_runs;
pub mod page_title;
pub mod parameter_form;
pub mod parameters;
pub mod queues;
pub mod refresh;
pub mod resume_input;
pub mod rrule;
pub mod run_compare;
pub mod run_counts;
pub mod run_grid;
pub mod runs_query;
pub mod runs_timeline;
pub mod schedule;
pub mod schedule_forms;
pub mod search;
pub mod sign_in;
pub mod states;
pub mod task_run;
pub mod task_runs_query;
pub mod theme;
pub mod time_range;
pub mod time_zone;
pub mod timeline;
pub mod timeline_query;
pub mod totals;
pub mod variable_forms;
pub mod variables;
pub mod viewport;
pub mod watches;
pub mod work_pool_forms;
pub mod worker_runs;

/// The fixed "now" of the domain tests: 2026-11-24 12:00 UTC.
#[cfg(test)]
pub(crate) fn test_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_795_521_600, 0).unwrap_or_default()
}
