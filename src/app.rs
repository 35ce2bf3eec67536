//! The shell: loads `config.json`, provides the app context once, and routes the sections.

use crate::api::store::{ApiStore, Topic};
use crate::api::{fetch_text, ApiResource, Credentials, PrefectClient};
use crate::components::{ConnectionStatus, ErrorPanel, LoginPrompt, TargetName};
use crate::config::{app_path, base_path, resolve_url, AuthMode, Config, ConfigError};
use crate::domain::connection::Connection;
use crate::domain::theme::Theme;
use crate::domain::time_zone::TimeZoneChoice;
use crate::pages::{
    DashboardPage, DeploymentPage, DeploymentsPage, FlowRunPage, FlowRunsPage, NotFoundPage,
    SettingsPage, WorkPoolPage, WorkPoolsPage, WorkspacesPage,
};
use crate::platform;
use crate::schemas::Workspace;
use crate::session::{store_credentials, target_client};
use crate::targets::{parse_config, scope_from_path, Scope, Target, TargetKind};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

const THEME_KEY: &str = "prefect-dashboard.theme";
const TIME_ZONE_KEY: &str = "prefect-dashboard.time-zone";

/// Everything pages share, provided once by the shell.
#[derive(Clone)]
pub struct AppContext {
    /// The validated runtime configuration.
    pub config: Config,
    client: StoredValue<PrefectClient, LocalStorage>,
    /// The router base, e.g. `/dashboard` (empty at the root).
    pub base: String,
    /// The latest connection verdict for the header and the settings page.
    pub connection: Signal<Connection>,
    /// The theme preference.
    pub theme: RwSignal<Theme>,
    /// What resources track, so they refetch when told.
    pub store: ApiStore,
    /// The zone every time is shown in.
    pub time_zone: RwSignal<TimeZoneChoice>,
    /// The target this page talks to, and the Cloud workspace when there is one.
    pub target: Target,
    pub scope: Scope,
    /// The deploy sub-path without any target scope (`/dashboard`), for links to other
    /// targets, which load the app afresh.
    pub deploy_base: String,
    /// The base URI of the document, to resolve other targets' API bases.
    pub base_uri: String,
}

impl AppContext {
    /// An in-app link under the router base.
    pub fn href(&self, path: &str) -> String {
        app_path(&self.base, path)
    }

    /// The client for the configured server.
    pub fn client(&self) -> PrefectClient {
        self.client.get_value()
    }

    /// Uses new credentials (or none), stores them per the user's choice, and refetches.
    /// They are kept per target (a Cloud key serves all of its workspaces).
    pub fn sign_in(&self, credentials: Option<Credentials>, remember: bool) {
        let root = resolve_url(&self.base_uri, &self.target.api_base);
        store_credentials(&root, credentials.as_ref(), remember);
        self.client().set_credentials(credentials);
        self.store.invalidate_all();
    }

    /// A link that opens another target (a fresh load of the app in that scope).
    pub fn target_href(&self, target: &Target, workspace: Option<&Workspace>) -> String {
        app_path(&self.deploy_base, &target.path(workspace))
    }

    /// A client for any target or Cloud workspace, with its credentials.
    pub fn client_for(&self, target: &Target, scope: &Scope) -> PrefectClient {
        target_client(&self.base_uri, target, scope)
    }
}

/// Where the app is mounted: the document's base URI, or the site root outside a browser.
fn base_uri() -> String {
    platform::document_base_uri().unwrap_or_else(|| "http://localhost/".to_string())
}

async fn load_config() -> Result<Config, ConfigError> {
    let url = resolve_url(&base_uri(), "config.json");
    let (status, text) = fetch_text(&url)
        .await
        .map_err(|message| ConfigError::Unreachable {
            url: url.clone(),
            message,
        })?;
    if !(200..300).contains(&status) {
        return Err(ConfigError::Status { url, status });
    }
    parse_config(&url, &text)
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
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
    let config = ApiResource::infallible(load_config);
    view! {
        <Suspense fallback=|| view! { <p class="boot" role="status">"Loading configuration…"</p> }>
            {move || {
                config
                    .cloned()
                    .map(|result| match result {
                        Ok(config) => view! { <Shell config theme /> }.into_any(),
                        Err(error) => {
                            view! {
                                <main class="boot">
                                    <h1>"Prefect dashboard"</h1>
                                    <ErrorPanel
                                        title="The dashboard could not start"
                                        message=error.to_string()
                                    />
                                </main>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// Checks a Cloud account (no workspace chosen): `GET /me/workspaces` with its key.
async fn check_cloud(client: PrefectClient) -> Connection {
    match client.me_workspaces().await {
        Ok(_) => Connection::Connected {
            version: "Cloud".into(),
        },
        Err(error) => Connection::from_checks(&Ok(true), &Err(error)),
    }
}

/// Checks the server: `GET /admin/version` (behind auth). Only when that fails for a reason
/// other than credentials or the network does `GET /health` tell a server that is up from one
/// that is not, so a healthy page load costs one request, not two.
async fn check_connection(client: PrefectClient) -> Connection {
    let version = client.admin_version().await;
    let health = if Connection::needs_health_check(&version) {
        client.health().await
    } else {
        Ok(true)
    };
    Connection::from_checks(&health, &version)
}

#[component]
fn Shell(config: Config, theme: RwSignal<Theme>) -> impl IntoView {
    let base_uri = base_uri();
    let deploy_base = base_path(&base_uri);
    let scope = scope_from_path(
        platform::location_pathname()
            .unwrap_or_default()
            .strip_prefix(&deploy_base)
            .unwrap_or_default(),
    );
    let Some(target) = config.targets().into_iter().find(|t| t.slug == scope.slug) else {
        let home = app_path(&deploy_base, "/workspaces");
        return view! {
            <main class="boot">
                <h1>"Prefect dashboard"</h1>
                <ErrorPanel
                    title="No such server or account"
                    message=format!("config.json lists no target called \"{}\".", scope.slug)
                />
                <a href=home rel="external">"See the configured targets"</a>
            </main>
        }
        .into_any();
    };
    let needs_workspace = target.kind == TargetKind::Cloud && scope.workspace.is_none();
    let client = target_client(&base_uri, &target, &scope);
    let client = StoredValue::new_local(client);
    let store = ApiStore::new();
    let check = ApiResource::infallible(move || {
        store.track(&Topic::Connection);
        let client = client.get_value();
        async move {
            if needs_workspace {
                check_cloud(client).await
            } else {
                check_connection(client).await
            }
        }
    });
    let refresh_ms = u64::from(config.refresh_interval_seconds) * 1000;
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !platform::document_hidden() {
                store.invalidate_all();
            }
        },
        std::time::Duration::from_millis(refresh_ms),
    ) {
        on_cleanup(move || handle.clear());
    }
    let connection = Signal::derive(move || check.cloned().unwrap_or(Connection::Checking));
    let auth_mode = target.auth_mode();
    let router_base = format!("{deploy_base}{}", scope.prefix());
    let time_zone = RwSignal::new(
        platform::preference(TIME_ZONE_KEY)
            .map(|z| TimeZoneChoice::parse(&z))
            .unwrap_or_default(),
    );
    Effect::new(move |_| platform::set_preference(TIME_ZONE_KEY, time_zone.read().as_str()));
    let context = AppContext {
        config,
        client,
        base: router_base,
        connection,
        theme,
        store,
        time_zone,
        target,
        scope,
        deploy_base,
        base_uri,
    };
    let next_theme = move |_| {
        theme.update(|t| {
            *t = match *t {
                Theme::System => Theme::Light,
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::System,
            }
        })
    };
    let base = context.base.clone();
    provide_context(context.clone());
    let needs_sign_in = move || matches!(connection.get(), Connection::Unauthorized { .. });
    let rejected =
        Signal::derive(move || needs_sign_in() && client.with_value(|c| c.has_credentials()));
    let prompt_mode = if auth_mode == AuthMode::Bearer {
        AuthMode::Bearer
    } else {
        AuthMode::Basic
    };
    let on_submit = Callback::new(move |(credentials, remember): (Credentials, bool)| {
        context.sign_in(Some(credentials), remember);
    });
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <header class="topbar">
                <span class="brand">"Prefect dashboard"</span>
                <TargetName />
                <ConnectionStatus connection />
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
            <SectionNav />
            <main id="main" class="content" tabindex="-1">
                <Show when=needs_sign_in>
                    <LoginPrompt mode=prompt_mode rejected on_submit />
                </Show>
                <Show
                    when=move || !needs_workspace
                    fallback=|| view! {
                        <Routes fallback=|| view! { <WorkspacesPage /> }>
                            <Route path=path!("/settings") view=SettingsPage />
                        </Routes>
                    }
                >
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=DashboardPage />
                    <Route path=path!("/flow-runs") view=FlowRunsPage />
                    <Route path=path!("/flow-runs/:id") view=FlowRunPage />
                    <Route path=path!("/deployments") view=DeploymentsPage />
                    <Route path=path!("/deployments/:id") view=DeploymentPage />
                    <Route path=path!("/work-pools") view=WorkPoolsPage />
                    <Route path=path!("/work-pools/:name") view=WorkPoolPage />
                    <Route path=path!("/workspaces") view=WorkspacesPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
                </Show>
            </main>
        </Router>
    }
    .into_any()
}

/// The sections of the app, in the sidebar. Must render inside `<Router>`.
#[component]
fn SectionNav() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let sections = [
        ("/", "Dashboard"),
        ("/flow-runs", "Flow runs"),
        ("/deployments", "Deployments"),
        ("/work-pools", "Work pools"),
        ("/workspaces", "Workspaces"),
        ("/settings", "Settings"),
    ];
    view! {
        <nav class="sidebar" aria-label="Sections">
            <ul>
                {sections
                    .into_iter()
                    .map(|(path, label)| {
                        view! {
                            <li>
                                <A href=context.href(path) exact=true>
                                    {label}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
