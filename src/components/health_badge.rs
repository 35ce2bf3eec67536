use crate::domain::health::Health;
use leptos::prelude::*;

/// A health verdict: glyph, the verdict's word for screen readers, and the sentence of why.
#[component]
pub fn HealthBadge(
    /// The verdict and its reason, from `domain::health`.
    health: Health,
) -> impl IntoView {
    let verdict = health.verdict;
    let spoken = health.spoken_verdict();
    view! {
        <span
            class=format!("health {}", verdict.css_class())
            data-testid="health"
            data-verdict=verdict.label().to_lowercase()
            title=verdict.label()
        >
            <span class="health__glyph" aria-hidden="true">
                {verdict.glyph()}
            </span>
            {spoken.map(|label| view! { <span class="visually-hidden">{label} ": "</span> })}
            <span class="health__reason">{health.reason}</span>
        </span>
    }
}
