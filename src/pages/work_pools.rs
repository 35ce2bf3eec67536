use crate::components::PendingSection;
use leptos::prelude::*;

/// The Work pools section (built in issue #6).
#[component]
pub fn WorkPoolsPage() -> impl IntoView {
    view! {
        <PendingSection
            title="Work pools"
            issue=6
            summary="Work pools, their queues and workers, with health that says why."
        />
    }
}
