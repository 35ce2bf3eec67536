use crate::api::Credentials;
use leptos::prelude::*;

/// Enter, replace or forget the API key of one target (a Prefect Cloud account or a server
/// behind a bearer-token gateway). The key is never shown back.
#[component]
pub fn ApiKeyForm(
    /// The target's display name.
    name: String,
    /// Whether a key is stored for it now.
    #[prop(into)]
    has_key: Signal<bool>,
    /// Called with the key (or `None` to forget it) and whether to keep it beyond this tab.
    on_save: Callback<(Option<Credentials>, bool)>,
) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let credentials = Credentials::Bearer {
            api_key: key.get().trim().to_string(),
        };
        problem.set(credentials.problem());
        if problem.get_untracked().is_none() {
            on_save.run((Some(credentials), remember.get()));
            key.set(String::new());
        }
    };
    let label = format!("API key for {name}");
    view! {
        <form class="filters" on:submit=submit data-testid="api-key-form" data-target=name.clone()>
            <label>
                {label}
                <input
                    type="password"
                    name="api_key"
                    autocomplete="off"
                    prop:value=move || key.get()
                    on:input:target=move |ev| key.set(ev.target().value())
                />
            </label>
            <label class="login__remember">
                <input
                    type="checkbox"
                    prop:checked=move || remember.get()
                    on:change:target=move |ev| remember.set(ev.target().checked())
                />
                "Remember on this browser"
            </label>
            <button type="submit">"Save key"</button>
            <button type="button" on:click=move |_| on_save.run((None, false))>
                "Forget key"
            </button>
            {move || {
                problem
                    .get()
                    .map(|why| {
                        view! {
                            <p class="login__error" role="alert" data-testid="api-key-error">
                                <span aria-hidden="true">"⚠ "</span>
                                {why}
                            </p>
                        }
                    })
            }}
            <span data-testid="api-key-state">
                {move || if has_key.get() { "A key is stored." } else { "No key is stored." }}
            </span>
        </form>
    }
}
