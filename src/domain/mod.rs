//! Pure business rules: no browser, no Leptos; every rule tested with `cargo test`.

pub mod connection;
pub mod theme;
