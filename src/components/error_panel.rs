use leptos::prelude::*;

/// A clear message in the panel whose data failed, so the rest of the page keeps working.
#[component]
pub fn ErrorPanel(
    /// What could not be shown, e.g. "Flow runs".
    #[prop(into)]
    title: String,
    /// Why, in a sentence (usually an `ApiError` or `ConfigError` rendered as text).
    #[prop(into)]
    message: String,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert" data-testid="error-panel">
            <span class="error-panel__glyph" aria-hidden="true">
                "⚠"
            </span>
            <div>
                <strong class="error-panel__title">{title}</strong>
                <p class="error-panel__message">{message}</p>
            </div>
        </div>
    }
}
