//! The Rust port of Prefect's client schemas (`prefect.client.schemas`), checked against
//! Prefect 3.8.8's wire format: field names, optionality and defaults as the server sends
//! them; unknown fields ignored; unknown enum values kept; behaviour methods included.
//! Pure serde + chrono + uuid: compiles and is tested natively. See docs/schemas.md for
//! the model-by-model coverage table.

pub mod actions;
pub mod automations;
pub mod blocks;
pub mod cloud;
pub mod deployment;
pub mod events;
pub mod filters;
pub mod flow_run;
pub mod graph;
pub mod misc;
pub mod responses;
pub mod run_input;
pub mod sorting;
pub mod state;
pub mod task_run;
pub mod ui;
pub mod wire;

pub use blocks::*;
pub use cloud::*;
pub use deployment::*;
pub use flow_run::*;
pub use misc::*;
pub use run_input::*;
pub use state::*;
pub use task_run::*;
pub use wire::{CreatedBy, KeyValueLabels, Timestamp, UpdatedBy, ValidationError};
pub use work_pool::*;

/// The server's cap on `limit` and on ids per `/ui/*` batch call.
pub const MAX_LIMIT: u32 = 200;

pub mod work_pool;
