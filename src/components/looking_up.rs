use leptos::prelude::*;

/// What stands in a cell (or beside a name) while its value is still being looked up:
/// "…", muted, announced as busy, with `title` saying what is coming (e.g. "Looking up…").
pub fn looking_up(title: &'static str) -> AnyView {
    view! {
        <span class="muted" aria-busy="true" title=title>
            "…"
        </span>
    }
    .into_any()
}
