use crate::components::PendingSection;
use leptos::prelude::*;

/// The Deployments section (built in issue #6).
#[component]
pub fn DeploymentsPage() -> impl IntoView {
    view! {
        <PendingSection
            title="Deployments"
            issue=6
            summary="Deployments with status, schedules in words, recent activity and next runs."
        />
    }
}
