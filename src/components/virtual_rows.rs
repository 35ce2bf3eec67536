use crate::domain::viewport::visible_rows;
use leptos::prelude::*;

/// Virtual scrolling for one scroll container, shared by the runs table and the Gantt: the
/// container reports its scroll position, and only rows `[first, last)` are rendered.
#[derive(Clone, Copy)]
pub struct VirtualRows {
    scroll_top: RwSignal<f64>,
    /// Height of one row, px.
    pub row_height: f64,
    /// Height of the scroll container, px.
    pub viewport: f64,
    overscan: usize,
}

impl VirtualRows {
    /// Rows of `row_height` in a container `viewport` px high, `overscan` extra each side.
    pub fn new(row_height: f64, viewport: f64, overscan: usize) -> VirtualRows {
        VirtualRows {
            scroll_top: RwSignal::new(0.0),
            row_height,
            viewport,
            overscan,
        }
    }

    /// The rows to render of `total` (tracked: changes as the container scrolls).
    pub fn range(&self, total: usize) -> (usize, usize) {
        visible_rows(
            self.scroll_top.get(),
            self.viewport,
            self.row_height,
            total,
            self.overscan,
        )
    }

    /// Call from the container's `on:scroll:target` with its `scroll_top()`.
    pub fn scrolled(&self, scroll_top: f64) {
        self.scroll_top.set(scroll_top);
    }
}
