//! The one module that talks to Prefect: URLs, headers, timeouts and errors live here.

mod client;
mod error;

pub use client::{fetch_text, PrefectClient};
pub use error::ApiError;
