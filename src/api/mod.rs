//! The one module that talks to Prefect: URLs, headers, auth, CSRF, timeouts, errors,
//! paging, batching and shared in-flight calls live here; loaders call its typed methods.
//! It depends on `schemas`, `url`, `config` and `platform` only.

pub mod auth;
mod client;
pub mod csrf;
pub mod endpoints;
mod error;
pub mod facts;
mod inflight;
pub mod invalidation;
pub mod json_path;
mod methods;
pub mod paging;
pub mod request;
pub mod resource;
pub mod retry;

pub use auth::Credentials;
pub use client::{decode, fetch_text, request_headers, PrefectClient};
pub use error::{prefect_detail, status_reason, ApiError};
pub use facts::ServerFacts;
pub use inflight::InFlight;
pub use request::{ApiRequest, Method};
pub use resource::ApiResource;
