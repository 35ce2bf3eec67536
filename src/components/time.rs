use crate::context::AppContext;
use crate::domain::format::{relative, utc_datetime};
use crate::hooks::use_interval;
use crate::platform;
use crate::schemas::Timestamp;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::time::Duration;

/// How often relative times ("3 min ago") are worked out again.
const CLOCK_TICK: Duration = Duration::from_secs(15);

/// The app's clock for relative times: one interval for every `<Time relative>` on screen.
#[derive(Clone, Copy)]
pub struct Clock(ReadSignal<DateTime<Utc>>);

impl Clock {
    /// Now as of the last tick; tracked, so what reads it moves with the clock.
    pub fn get(&self) -> DateTime<Utc> {
        self.0.get()
    }
}

/// Starts the clock (the shell, once) and provides it to everything below.
pub fn provide_clock() {
    let (now, set_now) = signal(platform::now());
    use_interval(CLOCK_TICK, move || set_now.set(platform::now()));
    provide_context(Clock(now));
}

/// An instant in the zone chosen in Settings (the browser's by default), with the exact UTC
/// time as its machine-readable value and the zone's time in `data-absolute`. `relative`
/// ("3 min ago", for lists, as Prefect's UI shows them) puts the zone's time in the title
/// (hover) and keeps the date for instants a month or more away.
#[component]
pub fn Time(
    /// The instant; `None` shows a dash.
    #[prop(into)]
    at: Option<Timestamp>,
    /// Said relative to now, the absolute time on hover.
    #[prop(optional)]
    relative: bool,
) -> impl IntoView {
    let zone = use_context::<AppContext>().map(|c| c.time_zone);
    let clock = use_context::<Clock>();
    at.map(|at| {
        let absolute = move || {
            let choice = zone.map(|z| z.get()).unwrap_or_default();
            platform::format_time(at.0, choice.intl_zone())
                .unwrap_or_else(|| format!("{} UTC", utc_datetime(at.0)))
        };
        let said = move || {
            let now = clock.map_or_else(platform::now, |c| c.0.get());
            self::relative(at.0, now)
        };
        if relative {
            view! {
                <time datetime=at.to_wire() title=absolute data-absolute=absolute>
                    {move || said().unwrap_or_else(absolute)}
                </time>
            }
            .into_any()
        } else {
            view! {
                <time datetime=at.to_wire() title=said data-absolute=absolute>
                    {absolute}
                </time>
            }
            .into_any()
        }
    })
    .unwrap_or_else(|| view! { <span class="muted">"—"</span> }.into_any())
}
