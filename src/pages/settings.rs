use crate::components::{ApiKeyForm, ThemePicker, TimeZonePicker};
use crate::config::{AuthMode, Target};
use crate::context::AppContext;
use crate::domain::sign_in::credentials_destination;
use crate::hooks::use_page_title;
use leptos::prelude::*;

/// Settings: theme, and what the dashboard was configured with.
#[component]
pub fn SettingsPage() -> impl IntoView {
    use_page_title("Settings");
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
            <PlainHttpWarnings />
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

/// A warning for every target whose credentials would cross the network in plain http.
#[component]
fn PlainHttpWarnings() -> impl IntoView {
    let context = expect_context::<AppContext>();
    context
        .config()
        .targets()
        .into_iter()
        .filter(|t| t.auth_mode() != AuthMode::None || context.has_stored_credentials(t))
        .filter_map(|target| {
            let (_, warning) = credentials_destination(&context.root_api_base(&target));
            let (name, label) = (target.name.clone(), target.name);
            warning.map(|w| {
                view! {
                    <p class="stale" role="note" data-testid="plain-http-warning" data-target=name>
                        <span aria-hidden="true">"⚠ "</span>
                        <strong>{label}</strong>
                        ": "
                        {w}
                    </p>
                }
            })
        })
        .collect_view()
}

/// An API key form for every target that takes one.
#[component]
fn ApiKeys() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let active = context.target().slug;
    let wanting: Vec<Target> = context
        .config()
        .targets()
        .into_iter()
        .filter(|t| t.auth_mode() == AuthMode::Bearer)
        .collect();
    if wanting.is_empty() {
        return ().into_any();
    }
    let forms = wanting
        .into_iter()
        .map(|target| {
            let saved = RwSignal::new(context.has_stored_credentials(&target));
            let name = target.name.clone();
            let is_active = target.slug == active;
            let on_save = Callback::new(
                move |(credentials, remember): (Option<crate::api::Credentials>, bool)| {
                    saved.set(credentials.is_some());
                    if is_active {
                        context.sign_in(credentials, remember);
                    } else {
                        context.store_credentials_for(&target, credentials.as_ref(), remember);
                        context.invalidations.invalidate_all();
                    }
                },
            );
            view! { <ApiKeyForm name has_key=saved on_save /> }
        })
        .collect_view();
    view! {
        <h2>"API keys"</h2>
        <p class="muted">
            "Kept for this tab only, unless you tick Remember. Never put in the address or logs."
        </p>
        {forms}
    }
    .into_any()
}
