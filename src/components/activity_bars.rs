use crate::domain::activity::{summary, ActivityBar};
use crate::domain::states::css_class;
use leptos::prelude::*;

/// Recent runs as small bars, oldest to newest: colour by state type, height by run time;
/// the summary in words is the accessible name.
#[component]
pub fn ActivityBars(
    /// The bars, oldest first.
    bars: Vec<ActivityBar>,
) -> impl IntoView {
    let label = summary(&bars);
    let bars = bars
        .into_iter()
        .map(|bar| {
            view! {
                <span
                    class=format!("activity__bar {}", css_class(&bar.state_type))
                    style:height=format!("{:.0}%", bar.height * 100.0)
                    title=bar.label
                ></span>
            }
        })
        .collect_view();
    view! {
        <span
            class="activity"
            role="img"
            aria-label=label.clone()
            title=label
            data-testid="activity"
        >
            {bars}
        </span>
    }
}
