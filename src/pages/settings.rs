use crate::app::AppContext;
use crate::components::{ThemePicker, TimeZonePicker};
use leptos::prelude::*;

/// Settings: theme, and what the dashboard was configured with.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let connection = context.connection;
    let signed_in = StoredValue::new_local(context.client());
    let forget = context.clone();
    view! {
        <section class="page">
            <h1>"Settings"</h1>
            <ThemePicker theme=context.theme />
            <TimeZonePicker time_zone=context.time_zone />
            <h2>"Server"</h2>
            <dl class="facts">
                <dt>"API base"</dt>
                <dd>{context.client().api_base().to_string()}</dd>
                <dt>"Authentication"</dt>
                <dd>{context.config.auth.label()}</dd>
                <dt>"Refresh interval"</dt>
                <dd>{format!("{} s", context.config.refresh_interval_seconds)}</dd>
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
                    if signed_in.get_value().has_credentials() {
                        "Credentials are set for this server."
                    } else {
                        "No credentials are set for this server."
                    }
                }}
            </p>
            <button type="button" on:click=move |_| forget.sign_in(None, false)>
                "Forget credentials"
            </button>
        </section>
    }
}
