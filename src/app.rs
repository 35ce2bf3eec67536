//! The shell: loads `config.json`, builds the app context once, and routes the sections.

use crate::api::{ApiResource, Credentials};
use crate::components::{
    ConnectionStatus, ErrorPanel, LiveStatus, LoginPrompt, SavedViewsNav, SavedViewsStore,
    TargetName,
};
use crate::config::Config;
use crate::context::AppContext;
use crate::domain::sign_in;
use crate::domain::theme::Theme;
use crate::domain::time_zone::TimeZoneChoice;
use crate::hooks::{use_document_visibility, use_refresh};
use crate::live;
use crate::loaders::shell;
use crate::pages::lazy::{
    ArtifactRoute, ArtifactsRoute, AutomationsRoute, BlockRoute, BlocksRoute,
    ConcurrencyLimitsRoute, DashboardRoute, DeploymentRoute, DeploymentsRoute, EventRoute,
    EventsRoute, FlowRoute, FlowRunRoute, FlowRunsRoute, FlowsRoute, LazyWorkspaces, PageLoading,
    SearchLauncher, SettingsRoute, TaskRunRoute, TaskRunsRoute, TimelineRoute, VariablesRoute,
    WatcherLauncher, WorkPoolRoute, WorkPoolsRoute, WorkQueueRoute, WorkspacesRoute,
};
use crate::pages::NotFoundPage;
use crate::platform;
use crate::routes;
use crate::saved_views::section_route;
use crate::url::{app_path, base_path};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use leptos_router::Lazy;
use std::time::Duration;

const THEME_KEY: &str = "prefect-dashboard.theme";
const TIME_ZONE_KEY: &str = "prefect-dashboard.time-zone";

/// Where the app is mounted: the document's base URI, or the site root outside a browser.
fn base_uri() -> String {
    platform::document_base_uri().unwrap_or_else(|| "http://localhost/".to_string())
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    platform::mark("app");
    let theme = RwSignal::new(
        platform::preference(THEME_KEY)
            .map(|t| Theme::parse(&t))
            .unwrap_or_default(),
    );
    Effect::new(move |_| {
        let theme = theme.get();
        platform::set_root_attribute("data-theme", theme.root_attribute());
        platform::set_preference(THEME_KEY, theme.as_str());
    });
    let config = ApiResource::infallible(|| shell::config(base_uri()));
    // Not a <Suspense>: every resource read under one (a page's lookups, the filter choices,
    // the connection check) would register with it, and a Suspense shows its fallback again
    // whenever one of them loads, hiding the whole app until the slowest answer is in. Pages
    // wait for their own data in their own frames (`Fetched`).
    move || match config.cloned() {
        None => view! {
            <p class="boot" role="status">
                "Loading configuration…"
            </p>
        }
        .into_any(),
        Some(Ok(config)) => view! { <Shell config theme /> }.into_any(),
        Some(Err(error)) => view! {
            <main class="boot">
                <h1>"Prefect dashboard"</h1>
                <ErrorPanel title="The dashboard could not start" message=error.to_string() />
            </main>
        }
        .into_any(),
    }
}

#[component]
fn Shell(config: Config, theme: RwSignal<Theme>) -> impl IntoView {
    platform::mark("shell");
    let refresh = Duration::from_secs(u64::from(config.refresh_interval_seconds));
    let time_zone = RwSignal::new(
        platform::preference(TIME_ZONE_KEY)
            .map(|z| TimeZoneChoice::parse(&z))
            .unwrap_or_default(),
    );
    Effect::new(move |_| platform::set_preference(TIME_ZONE_KEY, time_zone.read().as_str()));
    let base_uri = base_uri();
    let pathname = platform::location_pathname().unwrap_or_default();
    let context = match AppContext::new(config, base_uri.clone(), &pathname, theme, time_zone) {
        Ok(context) => context,
        Err(slug) => return unknown_target(&base_uri, &slug),
    };
    let visible = use_document_visibility();
    let feed = live::start(
        context.client(),
        context.invalidations,
        visible,
        context.connection,
        context.with_site(|s| s.config.live_updates),
    );
    provide_context(feed);
    use_refresh(
        context.invalidations,
        refresh,
        Some(feed),
        context.client_store(),
    );
    let interval_seconds = context.with_site(|s| s.config.refresh_interval_seconds);
    let connection = context.connection;
    let needs_workspace = context.needs_workspace();
    let next_theme = move |_| theme.update(|t| *t = t.next());
    let base = context.with_site(|s| s.base.clone());
    provide_context(context);
    crate::components::provide_clock();
    provide_context(SavedViewsStore::load(&base));
    provide_context(crate::components::WatchStore::load(&base));
    let nav_open = RwSignal::new(false);
    let nav_toggle = NodeRef::<leptos::html::Button>::new();
    let page_loading = RwSignal::new(false);
    provide_context(PageLoading(page_loading));
    let signed_out = Memo::new(move |_| connection.with(sign_in::needs_sign_in));
    let needs_sign_in = move || signed_out.get();
    let rejected = Signal::derive(move || {
        connection.with(|c| sign_in::credentials_rejected(c, context.client().has_credentials()))
    });
    let prompt_mode = sign_in::sign_in_form(context.target().auth_mode());
    let destination = sign_in::credentials_destination(&context.root_api_base(&context.target()));
    let on_submit = Callback::new(move |(credentials, remember): (Credentials, bool)| {
        context.sign_in(Some(credentials), remember);
    });
    crate::pages::lazy::provide_on_demand_parts();
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <header class="topbar">
                <button
                    class="nav-toggle"
                    type="button"
                    data-testid="nav-toggle"
                    node_ref=nav_toggle
                    aria-controls="sections"
                    aria-expanded=move || if nav_open.get() { "true" } else { "false" }
                    on:click=move |_| nav_open.update(|open| *open = !*open)
                >
                    <span aria-hidden="true">"☰"</span>
                    " Menu"
                </button>
                <span class="brand">"Prefect dashboard"</span>
                <TargetName />
                <SearchLauncher />
                <ConnectionStatus connection />
                <LiveStatus feed interval_seconds connection />
                <button
                    class="theme-toggle"
                    type="button"
                    on:click=next_theme
                    aria-label=move || format!("Theme: {}. Change theme", theme.get().label())
                    title=move || format!("Theme: {}", theme.get().label())
                >
                    <span aria-hidden="true">"◐"</span>
                    {move || theme.get().label()}
                </button>
            </header>
            <SectionNav open=nav_open toggle=nav_toggle />
            <main id="main" class="content" tabindex="-1">
                <Show when=move || page_loading.get()>
                    <p class="boot" role="status" data-testid="page-loading">
                        "Loading page…"
                    </p>
                </Show>
                <Show when=needs_sign_in>
                    <LoginPrompt
                        mode=prompt_mode
                        rejected
                        on_submit
                        target_name=context.target().name
                        host=destination.0.clone()
                        warning=destination.1.clone()
                    />
                </Show>
                <Show
                    when=move || !needs_workspace
                    fallback=|| {
                        view! {
                            <Routes fallback=|| view! { <LazyWorkspaces /> }>
                                <Route
                                    path=path!("/settings")
                                    view={Lazy::<SettingsRoute>::new()}
                                />
                            </Routes>
                        }
                    }
                >
                    // Signed out (forgotten credentials, a 401): the pages unmount, so nothing
                    // fetched with the old credentials stays on screen (Settings, which shows
                    // none, stays reachable); signing in mounts them afresh.
                    <Show
                        when=move || !signed_out.get()
                        fallback=|| {
                            view! {
                                <Routes fallback=|| ()>
                                    <Route
                                        path=path!("/settings")
                                        view={Lazy::<SettingsRoute>::new()}
                                    />
                                </Routes>
                            }
                        }
                    >
                        <Routes fallback=|| view! { <NotFoundPage /> }>
                            <Route path=path!("/") view={Lazy::<DashboardRoute>::new()} />
                            <Route path=path!("/flow-runs") view={Lazy::<FlowRunsRoute>::new()} />
                            <Route
                                path=path!("/flow-runs/:id")
                                view={Lazy::<FlowRunRoute>::new()}
                            />
                            <Route path=path!("/timeline") view={Lazy::<TimelineRoute>::new()} />
                            <Route path=path!("/task-runs") view={Lazy::<TaskRunsRoute>::new()} />
                            <Route
                                path=path!("/task-runs/:id")
                                view={Lazy::<TaskRunRoute>::new()}
                            />
                            <Route path=path!("/flows") view={Lazy::<FlowsRoute>::new()} />
                            <Route path=path!("/flows/:id") view={Lazy::<FlowRoute>::new()} />
                            <Route
                                path=path!("/deployments")
                                view={Lazy::<DeploymentsRoute>::new()}
                            />
                            <Route
                                path=path!("/deployments/:id")
                                view={Lazy::<DeploymentRoute>::new()}
                            />
                            <Route path=path!("/work-pools") view={Lazy::<WorkPoolsRoute>::new()} />
                            <Route
                                path=path!("/work-pools/:name")
                                view={Lazy::<WorkPoolRoute>::new()}
                            />
                            <Route
                                path=path!("/work-pools/:name/queues/:queue")
                                view={Lazy::<WorkQueueRoute>::new()}
                            />
                            <Route
                                path=path!("/concurrency-limits")
                                view={Lazy::<ConcurrencyLimitsRoute>::new()}
                            />
                            <Route path=path!("/variables") view={Lazy::<VariablesRoute>::new()} />
                            <Route path=path!("/blocks") view={Lazy::<BlocksRoute>::new()} />
                            <Route path=path!("/blocks/:id") view={Lazy::<BlockRoute>::new()} />
                            <Route path=path!("/artifacts") view={Lazy::<ArtifactsRoute>::new()} />
                            <Route
                                path=path!("/artifacts/key/:key")
                                view={Lazy::<ArtifactRoute>::new()}
                            />
                            <Route path=path!("/events") view={Lazy::<EventsRoute>::new()} />
                            <Route
                                path=path!("/events/event/:id")
                                view={Lazy::<EventRoute>::new()}
                            />
                            <Route
                                path=path!("/automations")
                                view={Lazy::<AutomationsRoute>::new()}
                            />
                            <Route
                                path=path!("/workspaces")
                                view={Lazy::<WorkspacesRoute>::new()}
                            />
                            <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} />
                        </Routes>
                    </Show>
                </Show>
            </main>
            <WatcherLauncher />
        </Router>
    }
    .into_any()
}

/// A group of sections in the sidebar: its heading (none for the first) and its (path, name)s.
type SectionGroup = (
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

/// The sections of the app, in groups, in the sidebar (at a phone's width a menu the top
/// bar's button opens: `open`; it closes on the next page and on Escape). Must render
/// inside `<Router>`.
#[component]
fn SectionNav(
    /// Whether the menu is open at a phone's width (the sidebar is always shown on wider
    /// screens).
    open: RwSignal<bool>,
    /// The top bar's menu button, which gets the focus back when Escape closes the menu.
    toggle: NodeRef<leptos::html::Button>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let views = expect_context::<SavedViewsStore>().views;
    let location = use_location();
    // Any navigation (a link here, back, a link on the page) closes the menu.
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        open.set(false);
    });
    let groups: [SectionGroup; 4] = [
        (
            None,
            &[
                (routes::DASHBOARD, "Dashboard"),
                (routes::FLOW_RUNS, "Flow runs"),
                (routes::TIMELINE, "Timeline"),
                (routes::TASK_RUNS, "Task runs"),
            ],
        ),
        (
            Some("Orchestration"),
            &[
                (routes::FLOWS, "Flows"),
                (routes::DEPLOYMENTS, "Deployments"),
                (routes::WORK_POOLS, "Work pools"),
                (routes::AUTOMATIONS, "Automations"),
            ],
        ),
        (
            Some("Observe"),
            &[(routes::EVENTS, "Events"), (routes::ARTIFACTS, "Artifacts")],
        ),
        (
            Some("Configuration"),
            &[
                (routes::CONCURRENCY_LIMITS, "Concurrency"),
                (routes::VARIABLES, "Variables"),
                (routes::BLOCKS, "Blocks"),
                (routes::WORKSPACES, "Workspaces"),
                (routes::SETTINGS, "Settings"),
            ],
        ),
    ];
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <nav
            id="sections"
            class="sidebar"
            class:sidebar--open=move || open.get()
            aria-label="Sections"
            on:keydown=on_keydown
        >
            {groups
                .into_iter()
                .map(|(heading, sections)| {
                    let links = sections
                        .iter()
                        .map(|&(path, label)| {
                            let href = move || {
                                context.href(&views.with(|v| section_route(v, path)))
                            };
                            let here = context.href(path);
                            let current = move || {
                                location.pathname.with(|p| *p == here).then_some("page")
                            };
                            // A page with a default view opens with it; either way the section
                            // is current on its page, whatever the filters.
                            view! {
                                <li>
                                    <a href=href aria-current=current>
                                        {label}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        {heading
                            .map(|heading| {
                                view! {
                                    <h2 class="sidebar__heading">{heading}</h2>
                                }
                            })}
                        <ul>{links}</ul>
                    }
                })
                .collect_view()}
            <SavedViewsNav />
        </nav>
    }
}

/// The page for an address naming a target config.json does not list.
fn unknown_target(base_uri: &str, slug: &str) -> AnyView {
    let home = app_path(&base_path(base_uri), routes::WORKSPACES);
    view! {
        <main class="boot">
            <h1>"Prefect dashboard"</h1>
            <ErrorPanel
                title="No such server or account"
                message=format!("config.json lists no target called \"{slug}\".")
            />
            <a href=home rel="external">
                "See the configured targets"
            </a>
        </main>
    }
    .into_any()
}
