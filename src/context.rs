//! `AppContext`: what every page shares, built once by the shell (outside any view) and
//! cheap to copy into closures: the fixed facts of this page load live in stored values,
//! the rest are signals.

use crate::api::invalidation::{Invalidations, Topic};
use crate::api::resource::FollowUp;
use crate::api::{ApiError, ApiResource, Credentials, PrefectClient};
use crate::config::{scope_from_path, Config, Target, TargetScope};
use crate::domain::connection::Connection;
use crate::domain::sign_in;
use crate::domain::theme::Theme;
use crate::domain::time_zone::TimeZoneChoice;
use crate::loaders::shell::{cloud_connection, server_connection};
use crate::schemas::Workspace;
use crate::session::{store_credentials, target_client, target_credentials};
use crate::url::{app_path, base_path, resolve_url};
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

/// Where this page load runs and what it talks to; fixed until the next load.
#[derive(Clone, Debug)]
pub struct Site {
    /// The validated runtime configuration.
    pub config: Config,
    /// The target this page talks to, and the Cloud workspace when there is one.
    pub target: Target,
    pub scope: TargetScope,
    /// The router base, e.g. `/dashboard/@staging` (empty at the root).
    pub base: String,
    /// The deploy sub-path without any target scope (`/dashboard`), for links to other
    /// targets, which load the app afresh.
    pub deploy_base: String,
    /// The base URI of the document, to resolve other targets' API bases.
    pub base_uri: String,
}

/// Everything pages share, provided once by the shell.
#[derive(Clone, Copy)]
pub struct AppContext {
    site: StoredValue<Site>,
    client: StoredValue<PrefectClient, LocalStorage>,
    /// The latest connection verdict for the header and the settings page.
    pub connection: Signal<Connection>,
    /// The theme preference.
    pub theme: RwSignal<Theme>,
    /// What must be fetched again; resources track it.
    pub invalidations: Invalidations,
    /// The zone every time is shown in.
    pub time_zone: RwSignal<TimeZoneChoice>,
}

impl AppContext {
    /// The context for the address `pathname` under `base_uri`, or the slug config.json does
    /// not know. Starts the connection check.
    pub fn new(
        config: Config,
        base_uri: String,
        pathname: &str,
        theme: RwSignal<Theme>,
        time_zone: RwSignal<TimeZoneChoice>,
    ) -> Result<AppContext, String> {
        let deploy_base = base_path(&base_uri);
        let scope = scope_from_path(pathname.strip_prefix(&deploy_base).unwrap_or_default());
        let Some(target) = config.targets().into_iter().find(|t| t.slug == scope.slug) else {
            return Err(scope.slug);
        };
        let needs_workspace = sign_in::needs_workspace(&target, &scope);
        let client = StoredValue::new_local(target_client(&base_uri, &target, &scope));
        let invalidations = Invalidations::new();
        let check = ApiResource::tracked(
            invalidations,
            Topic::Connection,
            client,
            move |c| async move {
                Ok::<_, ApiError>(if needs_workspace {
                    cloud_connection(c).await
                } else {
                    server_connection(c).await
                })
            },
        );
        let connection = Signal::derive(move || {
            check
                .get()
                .and_then(Result::ok)
                .map(|c| Connection::clone(&c))
                .unwrap_or(Connection::Checking)
        });
        let base = format!("{deploy_base}{}", scope.prefix());
        Ok(AppContext {
            site: StoredValue::new(Site {
                config,
                target,
                scope,
                base,
                deploy_base,
                base_uri,
            }),
            client,
            connection,
            theme,
            invalidations,
            time_zone,
        })
    }

    /// Reads the fixed facts of this page load.
    pub fn with_site<R>(&self, read: impl FnOnce(&Site) -> R) -> R {
        self.site.with_value(read)
    }

    /// The target this page talks to.
    pub fn target(&self) -> Target {
        self.with_site(|s| s.target.clone())
    }

    /// The target's name for the tab's title: a named target's (`config.json`'s `name`, or
    /// any of its `targets`); `None` for the unnamed only one.
    pub fn title_target(&self) -> Option<String> {
        self.with_site(|s| {
            (s.target.slug != crate::config::MAIN || s.config.name.is_some())
                .then(|| s.target.name.clone())
        })
    }

    /// Which target and Cloud workspace the address names.
    pub fn scope(&self) -> TargetScope {
        self.with_site(|s| s.scope.clone())
    }

    /// The configuration.
    pub fn config(&self) -> Config {
        self.with_site(|s| s.config.clone())
    }

    /// An in-app link under the router base (paths from `crate::routes`).
    pub fn href(&self, path: &str) -> String {
        self.with_site(|s| app_path(&s.base, path))
    }

    /// The client for this page's target.
    pub fn client(&self) -> PrefectClient {
        self.client.get_value()
    }

    /// The same client, as the stored handle hooks keep.
    pub fn client_store(&self) -> StoredValue<PrefectClient, LocalStorage> {
        self.client
    }

    /// A resource of `topic` loaded with this page's client (see `ApiResource::tracked`).
    pub fn resource<T, Fut>(
        &self,
        topic: Topic,
        load: impl Fn(PrefectClient) -> Fut + 'static,
    ) -> ApiResource<T>
    where
        T: Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        self.resource_with(self.client, topic, load)
    }

    /// A resource of another target (a fleet card, a Cloud account) on that target's own
    /// invalidations; its 401 is that target's to show (this target's sign-in stays).
    pub fn resource_on<T, Fut>(
        &self,
        invalidations: Invalidations,
        client: StoredValue<PrefectClient, LocalStorage>,
        topic: Topic,
        load: impl Fn(PrefectClient) -> Fut + 'static,
    ) -> ApiResource<T>
    where
        T: Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        ApiResource::tracked(invalidations, topic, client, load)
    }

    /// The same with another client (another target's or a Cloud account's).
    pub fn resource_with<T, Fut>(
        &self,
        client: StoredValue<PrefectClient, LocalStorage>,
        topic: Topic,
        load: impl Fn(PrefectClient) -> Fut + 'static,
    ) -> ApiResource<T>
    where
        T: Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        // A 401 anywhere re-checks the connection: the shell then asks for credentials and
        // unmounts the pages, so nothing fetched with the old ones stays on screen.
        let invalidations = self.invalidations;
        self.resource_on(invalidations, client, topic, move |client| {
            let loading = load(client);
            async move {
                let result = loading.await;
                if result.as_ref().is_err_and(ApiError::is_unauthorized) {
                    invalidations.invalidate(Topic::Connection);
                }
                result
            }
        })
    }

    /// A resource that follows a list: nothing is asked while `key` is None (the list is not
    /// in), then `load(client, key)`, again when the key or `topic` changes. The list's rows
    /// show at once and take what this brings when it comes: the signal is a memo owned
    /// here, so reading it inside the list's `Fetched` frame does not make the frame's
    /// Transition wait for it.
    pub fn follow_up<K, T, Fut>(
        &self,
        topic: Topic,
        key: Memo<Option<K>>,
        load: impl Fn(PrefectClient, K) -> Fut + 'static,
    ) -> Memo<FollowUp<T>>
    where
        K: Clone + PartialEq + Send + Sync + 'static,
        T: Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let load = Rc::new(load);
        let answer = self.resource(topic, move |client| {
            let asked = key.get().map(|key| load(client, key));
            async move {
                match asked {
                    Some(loading) => loading.await.map(Some),
                    None => Ok(None),
                }
            }
        });
        Memo::new_with_compare(move |_| FollowUp::of(answer.get()), |_, _| true)
    }

    /// Actions are off (config.json's `read_only`, for all targets or this one).
    pub fn read_only(&self) -> bool {
        self.with_site(|s| s.target.read_only)
    }

    /// Whether the shell must ask for a Cloud workspace before showing pages.
    pub fn needs_workspace(&self) -> bool {
        self.with_site(|s| sign_in::needs_workspace(&s.target, &s.scope))
    }

    /// Uses new credentials (or none), stores them per the user's choice, and refetches.
    /// They are kept per target (a Cloud key serves all of its workspaces).
    pub fn sign_in(&self, credentials: Option<Credentials>, remember: bool) {
        self.with_site(|s| {
            store_credentials(&s.base_uri, &s.target, credentials.as_ref(), remember)
        });
        self.client().set_credentials(credentials);
        self.invalidations.invalidate_all();
    }

    /// Stores (or forgets) another target's credentials, as `sign_in` does for this one.
    pub fn store_credentials_for(
        &self,
        target: &Target,
        credentials: Option<&Credentials>,
        remember: bool,
    ) {
        self.with_site(|s| store_credentials(&s.base_uri, target, credentials, remember));
    }

    /// Whether credentials are stored for `target`.
    pub fn has_stored_credentials(&self, target: &Target) -> bool {
        self.with_site(|s| target_credentials(&s.base_uri, target).is_some())
    }

    /// The resolved root API base of any target.
    pub fn root_api_base(&self, target: &Target) -> String {
        self.with_site(|s| resolve_url(&s.base_uri, &target.api_base))
    }

    /// A link that opens another target (a fresh load of the app in that scope).
    pub fn target_href(&self, target: &Target, workspace: Option<&Workspace>) -> String {
        self.with_site(|s| app_path(&s.deploy_base, &target.path(workspace)))
    }

    /// A client for any target or Cloud workspace, with its credentials.
    pub fn client_for(&self, target: &Target, scope: &TargetScope) -> PrefectClient {
        self.with_site(|s| target_client(&s.base_uri, target, scope))
    }
}
