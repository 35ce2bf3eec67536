//! prefect-dashboard: a browser dashboard for Prefect.
//!
//! Data flows one way: `config` -> `api` (client) -> `schemas` -> `domain` -> `components`
//! and `pages`. `config`, `targets`, `schemas` and `domain` are pure and tested natively.

pub mod api;
mod app;
pub mod components;
pub mod config;
pub mod domain;
pub mod pages;
pub mod platform;
pub mod schemas;
pub mod session;
pub mod targets;

pub use app::App;

/// Installs the panic hook and mounts the app on `<body>`.
pub fn start() {
    platform::install_panic_hook();
    leptos::mount::mount_to_body(App);
}
