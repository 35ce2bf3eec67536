use crate::api::Credentials;
use crate::config::AuthMode;
use crate::hooks::use_page_title;
use leptos::prelude::*;

/// Asks for credentials after the server answered 401: username and password for a
/// self-hosted server's Basic auth, or an API key for Prefect Cloud.
#[component]
pub fn LoginPrompt(
    /// `Basic` asks for username and password, `Bearer` for an API key.
    mode: AuthMode,
    /// True when credentials were sent and the server still said 401.
    #[prop(into)]
    rejected: Signal<bool>,
    /// Called with the credentials and whether to remember them beyond this tab.
    on_submit: Callback<(Credentials, bool)>,
    /// The target's display name (from config.json).
    target_name: String,
    /// The host the credentials are sent to (from the target's API base, not the address
    /// bar, so a crafted link to another target cannot pass itself off as this one).
    host: String,
    /// Said first when the credentials would travel over plain http to another machine.
    warning: Option<String>,
) -> impl IntoView {
    // Signed out, the page that was open unmounts; its title (a run's name) goes with it.
    use_page_title("Sign in");
    let user = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let bearer = mode == AuthMode::Bearer;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let credentials = if bearer {
            Credentials::Bearer {
                api_key: secret.get().trim().to_string(),
            }
        } else {
            Credentials::basic(&user.get(), &secret.get())
        };
        problem.set(credentials.problem());
        if problem.get_untracked().is_none() {
            on_submit.run((credentials, remember.get()));
        }
    };
    view! {
        <section class="login" aria-labelledby="login-title" data-testid="login-prompt">
            <h2 id="login-title">{format!("Sign in to {target_name}")}</h2>
            <p data-testid="login-host">
                "Your credentials will be sent to " <strong>{host}</strong> "."
            </p>
            {warning
                .map(|w| {
                    view! {
                        <p class="stale" role="note" data-testid="login-plain-http">
                            <span aria-hidden="true">"⚠ "</span>
                            {w}
                        </p>
                    }
                })}
            <p class="muted">
                {if bearer {
                    "The server needs a Prefect Cloud API key."
                } else {
                    "This server uses basic authentication (PREFECT_SERVER_API_AUTH_STRING)."
                }}
            </p>
            <Show when=move || rejected.get()>
                <p class="login__error" role="alert" data-testid="login-error">
                    <span aria-hidden="true">"⚠ "</span>
                    {if bearer {
                        "The server rejected this API key (HTTP 401)."
                    } else {
                        "The server rejected this username and password (HTTP 401). Check them and try again."
                    }}
                </p>
            </Show>
            {move || {
                problem
                    .get()
                    .map(|why| {
                        view! {
                            <p class="login__error" role="alert" data-testid="login-problem">
                                <span aria-hidden="true">"⚠ "</span>
                                {why}
                            </p>
                        }
                    })
            }}
            <form on:submit=submit>
                {(!bearer)
                    .then(|| {
                        view! {
                            <label>
                                "Username"
                                <input
                                    name="username"
                                    autocomplete="username"
                                    prop:value=move || user.get()
                                    on:input:target=move |ev| user.set(ev.target().value())
                                />
                            </label>
                        }
                    })}
                <label>
                    {if bearer { "API key" } else { "Password" }}
                    <input
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        prop:value=move || secret.get()
                        on:input:target=move |ev| secret.set(ev.target().value())
                    />
                </label> <label class="login__remember">
                    <input
                        type="checkbox"
                        name="remember"
                        prop:checked=move || remember.get()
                        on:change:target=move |ev| remember.set(ev.target().checked())
                    />
                    "Remember on this browser (otherwise only for this tab)"
                </label> <button type="submit">"Sign in"</button>
            </form>
        </section>
    }
}
