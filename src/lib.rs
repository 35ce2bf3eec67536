//! prefect-dashboard: a browser dashboard for Prefect.
//!
//! Data flows one way, and modules import only from the layers before them (checked by
//! `scripts/check-module-cycles.py` in `make test`):
//! `url`, `schemas` -> `config` -> `platform` -> `api` (client) -> `domain` (rules) ->
//! `loaders` (request bodies and loaders) -> `session`, `live` (the events stream), `context`,
//! `hooks` -> `components`
//! (`routes` -> `saved_views`: the app's paths and the views saved of them, pure)
//! -> `pages` -> `app`. `url`, `schemas`, `config`, `domain` and the request bodies are pure
//! and tested natively.

pub mod api;
mod app;
pub mod build_rules;
pub mod components;
pub mod config;
pub mod context;
pub mod domain;
pub mod hooks;
pub mod live;
pub mod loaders;
pub mod pages;
pub mod platform;
pub mod routes;
pub mod saved_views;
pub mod schemas;
pub mod session;
pub mod url;

pub use app::App;

/// Installs the panic hook and mounts the app on `<body>`.
pub fn start() {
    platform::install_panic_hook();
    leptos::mount::mount_to_body(App);
}
