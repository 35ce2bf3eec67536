use leptos::prelude::*;

/// Placeholder for a section whose issue is not built yet, saying what will come.
#[component]
pub fn PendingSection(
    /// The section's heading.
    title: &'static str,
    /// The project issue that builds it.
    issue: u32,
    /// One sentence on what it will show.
    summary: &'static str,
) -> impl IntoView {
    view! {
        <section class="page" data-testid="pending-section">
            <h1>{title}</h1>
            <p class="muted">{summary}</p>
            <p class="muted">{format!("This section is built in issue #{issue}.")}</p>
        </section>
    }
}
