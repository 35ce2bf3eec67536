use crate::app::AppContext;
use crate::components::PendingSection;
use leptos::prelude::*;

/// The home page: for now, which server this is; the cards come with issue #6.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let connection = context.connection;
    view! {
        <section class="page">
            <h1>"Dashboard"</h1>
            <dl class="facts">
                <dt>"Server"</dt>
                <dd data-testid="api-base">{context.client.api_base().to_string()}</dd>
                <dt>"Status"</dt>
                <dd>{move || connection.read().label()}</dd>
            </dl>
        </section>
        <PendingSection
            title="Flow runs, task runs and work pool health"
            issue=6
            summary="Flow runs by state over a time window, task-run totals, failed and late runs, and work pool health."
        />
    }
}
