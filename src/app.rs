//! The shell: loads `config.json`, provides the app context once, and routes the sections.

use crate::api::store::{ApiStore, Topic};
use crate::api::{auth, fetch_text, Credentials, PrefectClient};
use crate::components::{ConnectionStatus, ErrorPanel, LoginPrompt};
use crate::config::{app_path, base_path, resolve_url, AuthMode, Config, ConfigError};
use crate::domain::connection::Connection;
use crate::domain::theme::Theme;
use crate::domain::time_zone::TimeZoneChoice;
use crate::pages::{
    DashboardPage, DeploymentPage, DeploymentsPage, FlowRunPage, FlowRunsPage, NotFoundPage,
    SettingsPage, WorkPoolPage, WorkPoolsPage, WorkspacesPage,
};
use crate::platform;
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
    pub fn sign_in(&self, credentials: Option<Credentials>, remember: bool) {
        let client = self.client();
        let key = auth::storage_key(client.api_base());
        match &credentials {
            Some(credentials) => platform::write_secret(&key, &credentials.to_storage(), remember),
            None => platform::forget_secret(&key),
        }
        client.set_credentials(credentials);
        self.store.invalidate_all();
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
    Config::parse(&url, &text)
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
    let config = LocalResource::new(load_config);
    view! {
        <Suspense fallback=|| view! { <p class="boot" role="status">"Loading configuration…"</p> }>
            {move || {
                config
                    .get()
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
    let client = PrefectClient::new(resolve_url(&base_uri, &config.api_base));
    let stored = platform::read_secret(&auth::storage_key(client.api_base()))
        .and_then(|text| Credentials::from_storage(&text));
    client.set_credentials(stored);
    let client = StoredValue::new_local(client);
    let store = ApiStore::new();
    let check = LocalResource::new(move || {
        store.track(&Topic::Connection);
        check_connection(client.get_value())
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
    let connection = Signal::derive(move || check.get().unwrap_or(Connection::Checking));
    let auth_mode = config.auth;
    let time_zone = RwSignal::new(
        platform::preference(TIME_ZONE_KEY)
            .map(|z| TimeZoneChoice::parse(&z))
            .unwrap_or_default(),
    );
    Effect::new(move |_| platform::set_preference(TIME_ZONE_KEY, time_zone.read().as_str()));
    let context = AppContext {
        config,
        client,
        base: base_path(&base_uri),
        connection,
        theme,
        store,
        time_zone,
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
            </main>
        </Router>
    }
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
