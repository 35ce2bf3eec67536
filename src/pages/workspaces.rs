use crate::components::PendingSection;
use leptos::prelude::*;

/// The Workspaces section (built in issue #7).
#[component]
pub fn WorkspacesPage() -> impl IntoView {
    view! {
        <PendingSection
            title="Workspaces"
            issue=7
            summary="Prefect Cloud workspaces and several servers side by side."
        />
    }
}
