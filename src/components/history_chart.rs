use crate::components::Time;
use crate::domain::format::duration;
use crate::domain::history::HistoryLayout;
use crate::domain::states::css_class;
use crate::schemas::Timestamp;
use leptos::prelude::*;

/// Flow runs per state stacked over time, from the server's buckets. Each bar is a button:
/// choosing it narrows the view to that bucket.
#[component]
pub fn HistoryChart(
    /// The stacked buckets.
    layout: HistoryLayout,
    /// Called with a bucket's [start, end) when it is chosen.
    on_select: Callback<(Timestamp, Timestamp)>,
) -> impl IntoView {
    let total = layout.total;
    let span = layout.span();
    let crowded = layout.crowded();
    let bars = layout
        .bars
        .into_iter()
        .map(|bar| {
            let span = (bar.end.0 - bar.start.0).num_seconds() as f64;
            let label = format!(
                "{} from {}: {} runs{}",
                duration(span),
                crate::domain::format::utc_datetime(bar.start.0) + " UTC",
                bar.total,
                bar.segments
                    .iter()
                    .map(|s| format!(
                        ", {} {}",
                        s.count,
                        s.state_type.default_name().to_lowercase()
                    ))
                    .collect::<String>()
            );
            let (start, end) = (bar.start, bar.end);
            let segments = bar
                .segments
                .into_iter()
                .map(|s| {
                    view! {
                        <span
                            class=format!("history-bar__segment {}", css_class(&s.state_type))
                            style:height=format!("{:.3}%", (s.y1 - s.y0) * 100.0)
                        ></span>
                    }
                })
                .collect_view();
            view! {
                <button
                    type="button"
                    class="history-bar"
                    data-testid="history-bar"
                    data-count=bar.total
                    title=label.clone()
                    aria-label=label
                    on:click=move |_| on_select.run((start, end))
                >
                    {segments}
                </button>
            }
        })
        .collect_view();
    view! {
        <figure class="history" aria-label="Flow runs over time by state">
            <figcaption>
                <strong data-testid="history-total">{total}</strong>
                " flow runs in this window. Choose a bar to narrow the list to it."
            </figcaption>
            <div class="history__bars">{bars}</div>
            {span
                .map(|(start, end)| {
                    view! {
                        <div class="history__axis muted small" aria-hidden="true">
                            <Time at=Some(start) />
                            <Time at=Some(end) />
                        </div>
                    }
                })}
            {crowded
                .map(|(start, end)| {
                    view! {
                        <p class="muted small" data-testid="history-crowded">
                            "All of them between "
                            <Time at=Some(start) />
                            " and "
                            <Time at=Some(end) />
                            ": a shorter window spreads them out."
                        </p>
                    }
                })}
        </figure>
    }
}
