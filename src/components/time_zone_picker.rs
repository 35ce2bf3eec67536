use crate::domain::time_zone::TimeZoneChoice;
use leptos::prelude::*;

/// Zones offered besides typing any IANA name.
const COMMON_ZONES: [&str; 8] = [
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
];

/// Chooses the zone every time in the dashboard is shown in.
#[component]
pub fn TimeZonePicker(
    /// The current choice; the picker writes the user's choice into it.
    time_zone: RwSignal<TimeZoneChoice>,
) -> impl IntoView {
    view! {
        <label class="time-zone-picker">
            "Time zone "
            <input
                name="time-zone"
                list="time-zones"
                placeholder="browser"
                prop:value=move || match time_zone.get() {
                    TimeZoneChoice::Browser => String::new(),
                    other => other.as_str().to_string(),
                }
                on:change:target=move |ev| {
                    time_zone.set(TimeZoneChoice::parse(&ev.target().value()))
                }
            /> <datalist id="time-zones">
                <option value="browser"></option>
                {COMMON_ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
            </datalist>
            <span class="muted">
                " Empty or browser uses this browser’s zone. Unknown names fall back to UTC."
            </span>
        </label>
    }
}
