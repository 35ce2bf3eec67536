use crate::domain::states::{css_class, glyph};
use crate::schemas::StateType;
use leptos::prelude::*;

/// A run's state: Prefect's colour for the type, a glyph, and the state's name
/// ("Late" shows in Scheduled's colour).
#[component]
pub fn StateBadge(
    /// The state type (decides colour and glyph).
    state_type: StateType,
    /// The state name to show; defaults to the type's name.
    #[prop(optional, into)]
    name: MaybeProp<String>,
) -> impl IntoView {
    let name = name
        .get_untracked()
        .unwrap_or_else(|| state_type.default_name());
    view! {
        <span
            class=format!("state-badge {}", css_class(&state_type))
            data-testid="state-badge"
            data-state-type=state_type.as_str().to_string()
        >
            <span class="state-badge__glyph" aria-hidden="true">
                {glyph(&state_type)}
            </span>
            {name}
        </span>
    }
}
