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
    /// The total is said elsewhere on the page (the dashboard's state totals): here only to
    /// a screen reader, so no sentence is shown twice.
    #[prop(optional)]
    quiet_total: bool,
) -> impl IntoView {
    let total = layout.total;
    let max_total = layout.max_total.max(0);
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
    // The time axis: five ticks, relative to now ("12 h ago"), the exact time on hover.
    let ticks = span.map(|(start, end)| {
        let step = (end.0 - start.0) / 4;
        (0..=4)
            .map(|i| {
                let at = Timestamp(start.0 + step * i);
                view! { <Time at=Some(at) relative=true /> }
            })
            .collect_view()
    });
    view! {
        <figure class="history" aria-label="Flow runs over time by state">
            <figcaption class:visually-hidden=quiet_total>
                <strong data-testid="history-total">{total}</strong>
                " flow runs in this window. Choose a bar to narrow the list to it."
            </figcaption>
            <div class="history__plot">
                <div class="history__y muted small" aria-hidden="true">
                    <span>{max_total}</span>
                    <span>{max_total / 2}</span>
                    <span>"0"</span>
                </div>
                <div class="history__bars">{bars}</div>
            </div>
            {ticks
                .map(|ticks| {
                    view! {
                        <div class="history__axis muted small" aria-hidden="true">
                            {ticks}
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
