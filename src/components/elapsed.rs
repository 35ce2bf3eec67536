use crate::domain::format::duration;
use crate::hooks::use_interval;
use crate::platform;
use leptos::prelude::*;
use std::time::Duration;

/// A running run's duration, ticking every second: `base_seconds` (the server's figure when
/// it was fetched) plus the time since this view appeared.
#[component]
pub fn Elapsed(
    /// Seconds run when the data was fetched.
    base_seconds: f64,
) -> impl IntoView {
    let shown_at = platform::now_ms();
    let now = RwSignal::new(shown_at);
    use_interval(Duration::from_secs(1), move || now.set(platform::now_ms()));
    view! {
        <span data-testid="elapsed">
            {move || duration(base_seconds + ((now.get() - shown_at) / 1000.0).max(0.0))}
        </span>
    }
}
