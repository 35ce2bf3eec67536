use crate::domain::health::Health;
use leptos::prelude::*;

/// A health verdict as a pill: its glyph and a few words ("53 late", "No worker"), the
/// whole sentence of why on hover and focus (and to a screen reader, after the verdict's
/// word). `full` shows the sentence in the pill, for a page about the thing judged.
#[component]
pub fn HealthBadge(
    /// The verdict, its sentence and its short words, from `domain::health`.
    health: Health,
    /// The whole sentence in the pill (a page's header), not only on hover and focus.
    #[prop(optional)]
    full: bool,
) -> impl IntoView {
    let verdict = health.verdict;
    let spoken = health.spoken_verdict();
    // Words that would only repeat the sentence are left out.
    let short = (!full && health.short != health.reason).then(|| health.short.clone());
    let compact = short.is_some();
    view! {
        <span
            class=format!("health {}", verdict.css_class())
            class:health--compact=compact
            data-testid="health"
            data-verdict=verdict.label().to_lowercase()
            tabindex=compact.then_some("0")
        >
            <span class="health__glyph" aria-hidden="true">
                {verdict.glyph()}
            </span>
            {short
                .map(|short| {
                    view! {
                        <span class="health__short" aria-hidden="true">
                            {short}
                        </span>
                    }
                })}
            {spoken.map(|label| view! { <span class="visually-hidden">{label} ": "</span> })}
            <span class="health__reason">{health.reason}</span>
        </span>
    }
}
