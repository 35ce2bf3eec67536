use crate::domain::connection::Connection;
use leptos::prelude::*;

/// The header's connection indicator: glyph, label and the reason when something is wrong.
#[component]
pub fn ConnectionStatus(
    /// The connection to show.
    #[prop(into)]
    connection: Signal<Connection>,
) -> impl IntoView {
    view! {
        <div
            class=move || format!("connection connection--{}", connection.read().kind())
            role="status"
            data-testid="connection"
            data-state=move || connection.read().kind()
        >
            <span class="connection__glyph" aria-hidden="true">
                {move || connection.read().glyph()}
            </span>
            <span class="connection__label">{move || connection.read().label()}</span>
            {move || {
                connection
                    .read()
                    .reason()
                    .map(|reason| {
                        view! { <span class="connection__reason">{reason.to_string()}</span> }
                    })
            }}
        </div>
    }
}
