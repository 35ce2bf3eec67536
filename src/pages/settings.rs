use crate::components::{ApiKeyForm, ThemePicker, TimeZonePicker};
use crate::config::{AuthMode, Target};
use crate::context::AppContext;
use crate::session::{store_credentials, target_credentials};
use leptos::prelude::*;

/// Settings: theme, and what the dashboard was configured with.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let connection = context.connection;
    let target = context.target();
    view! {
        <section class="page">
            <h1>"Settings"</h1>
            <ThemePicker theme=context.theme />
            <TimeZonePicker time_zone=context.time_zone />
            <h2>"Server"</h2>
            <dl class="facts">
                <dt>"Target"</dt>
                <dd>{target.name.clone()}</dd>
                <dt>"API base"</dt>
                <dd>{context.client().api_base().to_string()}</dd>
                <dt>"Authentication"</dt>
                <dd>{target.auth_mode().label()}</dd>
                <dt>"Refresh interval"</dt>
                <dd>{format!("{} s", context.with_site(|s| s.config.refresh_interval_seconds))}</dd>
                <dt>"Connection"</dt>
                <dd>{move || connection.read().label()}</dd>
            </dl>
            <p class="muted">
                "These come from config.json next to index.html; edit it to change them."
            </p>
            <h2>"Credentials"</h2>
            <p data-testid="credentials-state">
                {move || {
                    let _ = connection.get();
                    if context.client().has_credentials() {
                        "Credentials are set for this server."
                    } else {
                        "No credentials are set for this server."
                    }
                }}
            </p>
            <button type="button" on:click=move |_| context.sign_in(None, false)>
                "Forget credentials"
            </button>
            <ApiKeys />
        </section>
    }
}

/// An API key form for every target that takes one and has none in config.json.
#[component]
fn ApiKeys() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let active = context.target().slug;
    let wanting: Vec<Target> = context
        .config()
        .targets()
        .into_iter()
        .filter(|t| t.auth_mode() == AuthMode::Bearer && t.api_key.is_none())
        .collect();
    if wanting.is_empty() {
        return ().into_any();
    }
    let forms = wanting
        .into_iter()
        .map(|target| {
            let root = context.root_api_base(&target);
            let saved = RwSignal::new(target_credentials(&root, &target).is_some());
            let is_active = target.slug == active;
            let on_save = Callback::new(
                move |(credentials, remember): (Option<crate::api::Credentials>, bool)| {
                    saved.set(credentials.is_some());
                    if is_active {
                        context.sign_in(credentials, remember);
                    } else {
                        store_credentials(&root, credentials.as_ref(), remember);
                        context.invalidations.invalidate_all();
                    }
                },
            );
            view! { <ApiKeyForm name=target.name.clone() has_key=saved on_save /> }
        })
        .collect_view();
    view! {
        <h2>"API keys"</h2>
        <p class="muted">"Kept for this tab only, unless you tick Remember. Never put in the address or logs."</p>
        {forms}
    }
    .into_any()
}
