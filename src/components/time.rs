use crate::context::AppContext;
use crate::domain::format::utc_datetime;
use crate::platform;
use crate::schemas::Timestamp;
use leptos::prelude::*;

/// An instant in the zone chosen in Settings (the browser's by default), with the exact
/// UTC time as its machine-readable value.
#[component]
pub fn Time(
    /// The instant; `None` shows a dash.
    #[prop(into)]
    at: Option<Timestamp>,
) -> impl IntoView {
    let zone = use_context::<AppContext>().map(|c| c.time_zone);
    at.map(|at| {
        let text = move || {
            let choice = zone.map(|z| z.get()).unwrap_or_default();
            platform::format_time(at.0, choice.intl_zone())
                .unwrap_or_else(|| format!("{} UTC", utc_datetime(at.0)))
        };
        view! { <time datetime=at.to_wire()>{text}</time> }.into_any()
    })
    .unwrap_or_else(|| view! { <span class="muted">"—"</span> }.into_any())
}
