use super::VirtualRows;
use crate::domain::format::duration;
use crate::domain::gantt::GanttRow;
use crate::domain::states::{css_class, glyph};
use crate::schemas::graph::NodeKind;
use leptos::prelude::*;

const ROW_HEIGHT: f64 = 28.0;
const VIEWPORT: f64 = 420.0;

/// One bar per task run and subflow run, ordered by start. Only the rows in view are in
/// the page, so 10,000 nodes scroll like 10.
#[component]
pub fn Gantt(
    /// The laid-out rows (`domain::gantt::layout`).
    rows: Vec<GanttRow>,
) -> impl IntoView {
    let total = rows.len();
    let rows = StoredValue::new(rows);
    let window = VirtualRows::new(ROW_HEIGHT, VIEWPORT, 10);
    let visible = move || {
        let (first, last) = window.range(total);
        rows.with_value(|rows| {
            rows[first..last]
                .iter()
                .enumerate()
                .map(|(offset, row)| {
                    let index = first + offset;
                    let width = ((row.x1 - row.x0) * 100.0).max(0.4);
                    let kind = if row.kind == NodeKind::FlowRun {
                        "subflow run"
                    } else {
                        "task run"
                    };
                    let label = format!(
                        "{} ({kind}): {}, {}{}",
                        row.label,
                        row.state_type.default_name(),
                        duration(row.duration),
                        if row.end.is_none() { ", running" } else { "" }
                    );
                    view! {
                        <div
                            class="gantt__row"
                            role="listitem"
                            style:position="absolute"
                            style:top=format!("{}px", index as f64 * ROW_HEIGHT)
                        >
                            <span class="gantt__label" title=row.label.clone()>
                                <span aria-hidden="true">{glyph(&row.state_type)}" "</span>
                                {row.label.clone()}
                            </span>
                            <span class="gantt__track">
                                <span
                                    class=format!(
                                        "gantt__bar {}{}",
                                        css_class(&row.state_type),
                                        if row.end.is_none() { " gantt__bar--open" } else { "" },
                                    )
                                    data-testid="gantt-bar"
                                    style:left=format!("{:.3}%", row.x0 * 100.0)
                                    style:width=format!("{width:.3}%")
                                    role="img"
                                    title=label.clone()
                                    aria-label=label
                                ></span>
                            </span>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div
            class="gantt"
            data-testid="gantt"
            data-rows=total
            role="list"
            aria-label=format!("{total} task and subflow runs by start time")
            tabindex="0"
            style:overflow-y="auto"
            style:position="relative"
            style:height=format!(
                "{}px",
                VIEWPORT.min(total as f64 * ROW_HEIGHT + 2.0).max(ROW_HEIGHT),
            )
            on:scroll:target=move |ev| window.scrolled(f64::from(ev.target().scroll_top()))
        >
            <div
                class="gantt__spacer"
                style:position="relative"
                style:height=format!("{}px", total as f64 * ROW_HEIGHT)
            >
                {visible}
            </div>
        </div>
    }
}
