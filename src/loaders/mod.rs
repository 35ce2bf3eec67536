//! The one home of loaders and request bodies. Each page's file holds the pure functions
//! that build its request bodies (tested natively) and the async loaders that send them
//! through the client, batched and concurrent; pages only wire resources to views.
//! `requests` and `lookups` are what several pages share.

pub mod actions;
pub mod artifacts;
pub mod automation_forms;
pub mod automations;
pub mod block_forms;
pub mod blocks;
pub mod concurrency;
pub mod dashboard;
pub mod deployments;
pub mod events;
pub mod fleet;
pub mod flow_run;
pub mod flow_runs;
pub mod flows;
pub mod logs;
pub mod lookups;
pub mod manage;
pub mod requests;
pub mod run_compare;
pub mod run_history;
pub mod search;
pub mod shell;
pub mod task_run;
pub mod task_runs;
pub mod timeline;
pub mod variables;
pub mod watches;
pub mod work_pools;
