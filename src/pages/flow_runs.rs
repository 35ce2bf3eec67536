use crate::components::PendingSection;
use leptos::prelude::*;

/// The Flow runs section (built in issue #5).
#[component]
pub fn FlowRunsPage() -> impl IntoView {
    view! {
        <PendingSection
            title="Flow runs"
            issue=5
            summary="The runs list with filters in the URL, history from the server's buckets, and each run's state timeline and task-run Gantt."
        />
    }
}
