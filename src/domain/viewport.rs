//! Virtual scrolling for long lists: which rows of a scrolled viewport to render.

/// The rows `[first, last)` to render, with `overscan` extra rows on each side.
pub fn visible_rows(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
) -> (usize, usize) {
    if total == 0 || row_height <= 0.0 || !scroll_top.is_finite() || !viewport.is_finite() {
        return (0, total.min(overscan * 2));
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let count = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(total);
    let end = (first + count + overscan).min(total);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_only_what_is_visible() {
        assert_eq!(visible_rows(0.0, 300.0, 30.0, 10_000, 5), (0, 16));
        assert_eq!(visible_rows(30_000.0, 300.0, 30.0, 10_000, 5), (995, 1016));
        assert_eq!(
            visible_rows(299_700.0, 300.0, 30.0, 10_000, 5),
            (9985, 10_000)
        );
        assert_eq!(visible_rows(0.0, 300.0, 30.0, 3, 5), (0, 3));
        assert_eq!(visible_rows(f64::NAN, 300.0, 30.0, 100, 5), (0, 10));
        assert_eq!(visible_rows(0.0, 300.0, 0.0, 100, 5), (0, 10));
    }
}
