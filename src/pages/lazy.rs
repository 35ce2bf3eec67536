//! Every page but the shell's own is its own WebAssembly chunk: a cold load fetches the shell
//! plus the one page it opens, and the others load when first visited.
//!
//! Each page below is a split point (`wasm_split`, what Leptos's `#[lazy_route]` is built on,
//! used directly for its `fallible` option: a chunk that fails to load gives an error here
//! instead of a panic, which would kill the whole app). The build splits the wasm at these
//! points (scripts/split-wasm.py, which Trunk's post_build hook runs through
//! scripts/post-build.sh). Outside wasm (native tests) the page is called directly.

use super::{
    ArtifactPage, ArtifactsPage, AutomationsPage, BlockPage, BlocksPage, ConcurrencyLimitsPage,
    DashboardPage, DeploymentPage, DeploymentsPage, EventPage, EventsPage, FlowPage, FlowRunPage,
    FlowRunsPage, FlowsPage, SettingsPage, TaskRunPage, TaskRunsPage, TimelinePage, VariablesPage,
    WorkPoolPage, WorkPoolsPage, WorkQueuePage, WorkspacesPage,
};
use crate::api::resource::poll_now;
use crate::components::{
    custom_run_dialog, forms_view, run_action_dialog, ChunkError, CustomRunDialogView, ErrorPanel,
    FormsView, OnDemand, PartLoader, RunActionDialogView, SearchDialog, WatchStore, Watcher,
};
use crate::context::AppContext;
use crate::domain::search::opens_search;
use crate::platform;
use futures::channel::oneshot;
use futures::future::{join, select, LocalBoxFuture};
use leptos::prelude::*;
use leptos_router::LazyRoute;
use std::time::Duration;

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
            let page = view! { <$page /> }.into_any();
            platform::mark("page built");
            Ok(page)
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
                platform::mark(concat!("route ", stringify!($chunk)));
                let mut page = std::pin::pin!($load());
                // A cold load: the chunk is on its way. The page runs once both it and the
                // server's settings are in (see `settings_known`).
                let page = match poll_now(page.as_mut()) {
                    std::task::Poll::Ready(page) => page,
                    std::task::Poll::Pending => {
                        let settings = async {
                            settings_known().await;
                            platform::mark("settings known");
                        };
                        let chunk = async {
                            let page = page.await;
                            platform::mark("chunk loaded");
                            page
                        };
                        join(settings, chunk).await.1
                    }
                };
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

/// How long a page that is ready waits for the server's settings before it runs anyway.
const SETTINGS_WAIT: Duration = Duration::from_millis(300);

/// Resolves once the server's settings are known, or after `SETTINGS_WAIT`. A page's POSTs
/// (most of its reads: `…/filter`, `…/count`) wait for them (do they need a CSRF token?).
/// The settings usually answer while the page's chunk is still compiling, but their answer
/// is read only once the main thread is free: if the page ran first, its POSTs went out only
/// after its first render, tens of milliseconds later than its GETs. Known before the page
/// runs, every request goes out as its resource is made.
async fn settings_known() {
    let Some(context) = use_context::<AppContext>() else {
        return;
    };
    let client = context.client();
    let (done, waited) = oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        SETTINGS_WAIT,
    );
    let (found, known) = oneshot::channel::<()>();
    leptos::task::spawn_local(async move {
        crate::loaders::shell::warm_server_facts(client).await;
        platform::mark("facts");
        let _ = found.send(());
    });
    select(known, waited).await;
}

// A split point per page: a cold load fetches only what its page needs (the runs list not a
// run's logs and graph, a run's page not the list's filters and bulk actions), in one bundle
// (scripts/split-wasm.py); code two pages share is in chunks both load.
lazy_page!(DashboardRoute, dashboard, load_dashboard, DashboardPage);
lazy_page!(FlowRunsRoute, flow_runs, load_flow_runs, FlowRunsPage);
lazy_page!(FlowRunRoute, flow_run, load_flow_run, FlowRunPage);
lazy_page!(TimelineRoute, timeline, load_timeline, TimelinePage);
lazy_page!(TaskRunRoute, task_run, load_task_run, TaskRunPage);
lazy_page!(TaskRunsRoute, task_runs, load_task_runs, TaskRunsPage);
lazy_page!(FlowsRoute, flows, load_flows, FlowsPage);
lazy_page!(FlowRoute, flow, load_flow, FlowPage);
lazy_page!(
    DeploymentsRoute,
    deployments,
    load_deployments,
    DeploymentsPage
);
lazy_page!(DeploymentRoute, deployment, load_deployment, DeploymentPage);
lazy_page!(WorkPoolsRoute, work_pools, load_work_pools, WorkPoolsPage);
lazy_page!(WorkPoolRoute, work_pool, load_work_pool, WorkPoolPage);
lazy_page!(WorkQueueRoute, work_queue, load_work_queue, WorkQueuePage);
lazy_page!(SettingsRoute, settings, load_settings, SettingsPage);
lazy_page!(
    ConcurrencyLimitsRoute,
    concurrency_limits,
    load_concurrency_limits,
    ConcurrencyLimitsPage
);
lazy_page!(VariablesRoute, variables, load_variables, VariablesPage);
lazy_page!(BlocksRoute, blocks, load_blocks, BlocksPage);
lazy_page!(BlockRoute, block, load_block, BlockPage);
lazy_page!(ArtifactsRoute, artifacts, load_artifacts, ArtifactsPage);
lazy_page!(ArtifactRoute, artifact, load_artifact, ArtifactPage);
lazy_page!(EventsRoute, events, load_events, EventsPage);
lazy_page!(EventRoute, event, load_event, EventPage);
lazy_page!(
    AutomationsRoute,
    automations,
    load_automations,
    AutomationsPage
);
lazy_page!(WorkspacesRoute, workspaces, load_workspaces, WorkspacesPage);

/// The workspaces page where the router wants a plain view (the fallback while no workspace
/// is chosen), loaded from its chunk.
#[component]
pub fn LazyWorkspaces() -> impl IntoView {
    view! { <Suspense fallback=|| ()>{Suspend::new(WorkspacesRoute::view(WorkspacesRoute))}</Suspense> }
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

/// The search dialog, given whether it is open: what the search chunk hands the shell.
type SearchDialogView = fn(RwSignal<bool>) -> AnyView;

fn search_dialog(open: RwSignal<bool>) -> AnyView {
    view! { <SearchDialog open /> }.into_any()
}

#[::leptos::wasm_split::wasm_split(search, fallible, wasm_split_path = ::leptos::wasm_split)]
fn load_search() -> Result<SearchDialogView, ChunkError> {
    Ok(search_dialog)
}

#[::leptos::wasm_split::wasm_split(custom_run, fallible, wasm_split_path = ::leptos::wasm_split)]
fn load_custom_run() -> Result<CustomRunDialogView, ChunkError> {
    Ok(custom_run_dialog)
}

fn fetch_custom_run() -> LocalBoxFuture<'static, Result<CustomRunDialogView, ChunkError>> {
    Box::pin(load_custom_run())
}

#[::leptos::wasm_split::wasm_split(run_action, fallible, wasm_split_path = ::leptos::wasm_split)]
fn load_run_action() -> Result<RunActionDialogView, ChunkError> {
    Ok(run_action_dialog)
}

fn fetch_run_action() -> LocalBoxFuture<'static, Result<RunActionDialogView, ChunkError>> {
    Box::pin(load_run_action())
}

#[::leptos::wasm_split::wasm_split(forms, fallible, wasm_split_path = ::leptos::wasm_split)]
fn load_forms() -> Result<FormsView, ChunkError> {
    Ok(forms_view)
}

fn fetch_forms() -> LocalBoxFuture<'static, Result<FormsView, ChunkError>> {
    Box::pin(load_forms())
}

type WatcherView = fn() -> AnyView;

fn watcher_view() -> AnyView {
    view! { <Watcher /> }.into_any()
}

#[::leptos::wasm_split::wasm_split(watcher, fallible, wasm_split_path = ::leptos::wasm_split)]
fn load_watcher() -> Result<WatcherView, ChunkError> {
    Ok(watcher_view)
}

/// The watcher (`components::Watcher`), fetched as its own chunk once something is watched:
/// a cold load of a tab that watches nothing does not carry its checks. Under the shell,
/// inside the router.
#[component]
pub fn WatcherLauncher() -> impl IntoView {
    let Some(store) = use_context::<WatchStore>() else {
        return ().into_any();
    };
    let part = OnDemand::<WatcherView>::default();
    Effect::new(move |_| {
        if store.watches.with(|w| !w.is_empty()) {
            part.fetch(load_watcher);
        }
    });
    view! {
        {part.failure_note("watcher-failed", "Watching")}
        {move || part.part.get().map(|view| view())}
    }
    .into_any()
}

/// Provides the loaders of the parts fetched on first use from inside a page (the custom-run
/// form, the flow-run actions' confirmation, the forms that change what runs); the shell
/// calls it above its routes.
pub fn provide_on_demand_parts() {
    provide_context(PartLoader(fetch_custom_run));
    provide_context(PartLoader(fetch_run_action));
    provide_context(PartLoader(fetch_forms));
}

/// The top bar's Search button and its shortcuts (Ctrl+K, Cmd+K, or `/` outside a text
/// field). The search itself is its own chunk, fetched when it is first opened, so a cold
/// load of any page does not carry it. Must render inside `<Router>`.
#[component]
pub fn SearchLauncher() -> impl IntoView {
    let open = RwSignal::new(false);
    let dialog = OnDemand::<SearchDialogView>::default();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let in_field = platform::is_text_field(ev.target());
        let modifier = ev.ctrl_key() || ev.meta_key();
        if opens_search(&ev.key(), modifier, ev.alt_key(), in_field) && !open.get_untracked() {
            ev.prevent_default();
            open.set(true);
        }
    });
    on_cleanup(move || handle.remove());
    // The first opening fetches the chunk; a failed fetch is said (and closes it), and the
    // next opening tries again.
    Effect::new(move |_| {
        if open.get() {
            dialog.fetch(load_search);
        }
    });
    Effect::new(move |_| {
        if dialog.failed.get() {
            open.set(false);
        }
    });
    view! {
        <button
            type="button"
            class="search-button"
            data-testid="search-open"
            aria-keyshortcuts="Control+K Meta+K /"
            on:click=move |_| open.set(true)
        >
            <span aria-hidden="true">"⌕ "</span>
            "Search"
            <kbd class="muted">"Ctrl K"</kbd>
        </button>
        {dialog.failure_note("search-failed", "The search")}
        {move || dialog.part.get().map(|view| view(open))}
    }
}
