use super::{StateBadge, Time};
use crate::domain::format::duration;
use crate::domain::states::css_class;
use crate::domain::timeline::TimelineSegment;
use leptos::prelude::*;

/// A run's states as coloured segments over time, with a table of the same facts for
/// reading and screen readers.
#[component]
pub fn StateTimeline(
    /// The laid-out segments (`domain::timeline::layout`).
    segments: Vec<TimelineSegment>,
) -> impl IntoView {
    let bar = segments
        .iter()
        .map(|s| {
            let width = ((s.x1 - s.x0) * 100.0).max(0.6);
            view! {
                <span
                    class=format!("timeline__segment {}", css_class(&s.state_type))
                    data-testid="timeline-segment"
                    style:left=format!("{:.3}%", s.x0 * 100.0)
                    style:width=format!("{width:.3}%")
                    title=format!("{}: {}", s.name, duration(s.duration))
                ></span>
            }
        })
        .collect_view();
    let rows = segments
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <td>
                        <StateBadge state_type=s.state_type name=s.name />
                    </td>
                    <td>
                        <Time at=s.start />
                    </td>
                    <td>{duration(s.duration)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="timeline" aria-hidden="true">
            {bar}
        </div>
        <table class="table table--compact">
            <thead>
                <tr>
                    <th>"State"</th>
                    <th>"Since"</th>
                    <th>"Lasted"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
