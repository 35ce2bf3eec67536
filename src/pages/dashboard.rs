use crate::api::store::Topic;
use crate::api::{ApiError, PrefectClient};
use crate::app::AppContext;
use crate::components::{Fetched, PendingSection};
use crate::schemas::filters::{DeploymentRequest, FilterRequest, FlowRunRequest};
use crate::schemas::sorting::WorkPoolSort;
use leptos::prelude::*;

/// Totals for the server summary.
#[derive(Clone, Debug, PartialEq)]
struct ServerTotals {
    flow_runs: i64,
    deployments: i64,
    work_pools: usize,
}

async fn server_totals(client: PrefectClient) -> Result<ServerTotals, ApiError> {
    let flow_runs = client.flow_runs_count(&FlowRunRequest::default()).await?;
    let deployments = client
        .deployments_count(&DeploymentRequest::default())
        .await?;
    let work_pools = client
        .work_pools_filter(&FilterRequest::<WorkPoolSort>::default())
        .await?
        .len();
    Ok(ServerTotals {
        flow_runs,
        deployments,
        work_pools,
    })
}

fn totals_view(t: ServerTotals) -> impl IntoView {
    view! {
        <dl class="facts" data-testid="server-totals">
            <dt>"Flow runs"</dt>
            <dd data-testid="total-flow-runs">{t.flow_runs}</dd>
            <dt>"Deployments"</dt>
            <dd data-testid="total-deployments">{t.deployments}</dd>
            <dt>"Work pools"</dt>
            <dd data-testid="total-work-pools">{t.work_pools}</dd>
        </dl>
    }
}

/// The home page: which server this is and its totals; the cards come with issue #6.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let connection = context.connection;
    let store = context.store;
    let client = context.client();
    let totals = LocalResource::new(move || {
        store.track(&Topic::FlowRuns);
        server_totals(client.clone())
    });
    view! {
        <section class="page">
            <h1>"Dashboard"</h1>
            <dl class="facts">
                <dt>"Server"</dt>
                <dd data-testid="api-base">{context.client().api_base().to_string()}</dd>
                <dt>"Status"</dt>
                <dd>{move || connection.read().label()}</dd>
            </dl>
            <Fetched resource=totals title="Server totals" loading="Loading totals…" render=totals_view />
        </section>
        <PendingSection
            title="Flow runs, task runs and work pool health"
            issue=6
            summary="Flow runs by state over a time window, task-run totals, failed and late runs, and work pool health."
        />
    }
}
