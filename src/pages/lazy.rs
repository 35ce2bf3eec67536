//! Every page but the shell's own is its own WebAssembly chunk: a cold load fetches the shell
//! plus the one page it opens, and the others load when first visited.
//!
//! Each page below is a split point (`wasm_split`, what Leptos's `#[lazy_route]` is built on,
//! used directly for its `fallible` option: a chunk that fails to load gives an error here
//! instead of a panic, which would kill the whole app). The build splits the wasm at these
//! points (scripts/split-wasm.sh, run by Trunk's post_build hook). Outside wasm (native
//! tests) the page is called directly.

use super::{
    ArtifactPage, ArtifactsPage, AutomationsPage, BlockPage, BlocksPage, ConcurrencyLimitsPage,
    DashboardPage, DeploymentPage, DeploymentsPage, EventPage, EventsPage, FlowPage, FlowRunPage,
    FlowRunsPage, FlowsPage, SettingsPage, TaskRunPage, VariablesPage, WorkPoolPage, WorkPoolsPage,
    WorkspacesPage,
};
use crate::components::ErrorPanel;
use crate::platform;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

/// A page's chunk failed to load: the network or the server refused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> Self {
        ChunkError
    }
}

/// True while a page's chunk is on its way (the shell shows "Loading page…"); provided by
/// the shell, read by every lazy route.
#[derive(Clone, Copy, Debug)]
pub struct PageLoading(pub RwSignal<bool>);

/// One lazily loaded page: `$route` is the router's handle, `$chunk` the chunk's name (one
/// chunk per page), `$load` the split function, `$page` the page component.
macro_rules! lazy_page {
    ($route:ident, $chunk:ident, $load:ident, $page:ident) => {
        #[doc = concat!("The route of `", stringify!($page), "`, loaded from its own chunk.")]
        pub struct $route;

        #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
        fn $load() -> Result<AnyView, ChunkError> {
            Ok(view! { <$page /> }.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                // Already loaded: resolves at once, so the flag never shows.
                let loading = use_context::<PageLoading>();
                if let Some(PageLoading(flag)) = loading {
                    flag.set(true);
                }
                let page = $load().await;
                if let Some(PageLoading(flag)) = loading {
                    flag.set(false);
                }
                match page {
                    Ok(page) => page,
                    Err(ChunkError) => view! { <ChunkFailed /> }.into_any(),
                }
            }
        }
    };
}

// A list and its object's page share a chunk (one is usually opened from the other, and they
// share most of their code): fewer, larger chunks compress better and take fewer requests.
lazy_page!(DashboardRoute, dashboard, load_dashboard, DashboardPage);
lazy_page!(FlowRunsRoute, flow_runs, load_flow_runs, FlowRunsPage);
lazy_page!(FlowRunRoute, flow_runs, load_flow_run, FlowRunPage);
// Opened from its flow run's page, and built from the same parts.
lazy_page!(TaskRunRoute, flow_runs, load_task_run, TaskRunPage);
lazy_page!(FlowsRoute, flows, load_flows, FlowsPage);
lazy_page!(FlowRoute, flows, load_flow, FlowPage);
lazy_page!(
    DeploymentsRoute,
    deployments,
    load_deployments,
    DeploymentsPage
);
lazy_page!(
    DeploymentRoute,
    deployments,
    load_deployment,
    DeploymentPage
);
lazy_page!(WorkPoolsRoute, work_pools, load_work_pools, WorkPoolsPage);
lazy_page!(WorkPoolRoute, work_pools, load_work_pool, WorkPoolPage);
lazy_page!(SettingsRoute, settings, load_settings, SettingsPage);
// The server's configuration pages (limits, variables) share a chunk.
lazy_page!(
    ConcurrencyLimitsRoute,
    config,
    load_concurrency_limits,
    ConcurrencyLimitsPage
);
lazy_page!(VariablesRoute, config, load_variables, VariablesPage);
lazy_page!(BlocksRoute, config, load_blocks, BlocksPage);
lazy_page!(BlockRoute, config, load_block, BlockPage);
lazy_page!(ArtifactsRoute, artifacts, load_artifacts, ArtifactsPage);
lazy_page!(ArtifactRoute, artifacts, load_artifact, ArtifactPage);
lazy_page!(EventsRoute, events, load_events, EventsPage);
lazy_page!(EventRoute, events, load_event, EventPage);
lazy_page!(AutomationsRoute, events, load_automations, AutomationsPage);
lazy_page!(WorkspacesRoute, workspaces, load_workspaces, WorkspacesPage);

/// The workspaces page where the router wants a plain view (the fallback while no workspace
/// is chosen), loaded from its chunk.
#[component]
pub fn LazyWorkspaces() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(WorkspacesRoute::view(WorkspacesRoute))}
        </Suspense>
    }
}

/// Shown in place of a page whose chunk did not load; visiting the page again retries.
#[component]
fn ChunkFailed() -> impl IntoView {
    view! {
        <section class="page" data-testid="chunk-failed">
            <ErrorPanel
                title="This page could not be loaded"
                message="Its code did not arrive from the server (the connection dropped or the \
                         server refused it). The rest of the dashboard keeps working; open the \
                         page again or reload to try again."
            />
            <button type="button" on:click=|_| platform::reload()>
                "Reload"
            </button>
        </section>
    }
}
