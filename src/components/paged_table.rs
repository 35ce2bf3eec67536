use super::{KeyedRow, KeyedTable};
use leptos::prelude::*;

/// A list page's table: its keyed rows (or a sentence when there are none) with the pager
/// below; both follow the data.
#[component]
pub fn PagedTable(
    /// `data-testid` of the table.
    testid: &'static str,
    /// Column headings, in order.
    headers: &'static [&'static str],
    /// The columns (1-based) that hold numbers.
    #[prop(optional)]
    numeric: &'static [usize],
    /// The page's rows, in display order.
    #[prop(into)]
    rows: Signal<Vec<KeyedRow>>,
    /// `data-testid` and words of what shows when there are no rows.
    empty: (&'static str, &'static str),
    /// The pager's links (`list_pager`).
    #[prop(into)]
    pager: ViewFn,
    /// A first column's heading of its own, before `headers` (see `KeyedTable`).
    #[prop(optional_no_strip)]
    lead: Option<ViewFn>,
) -> impl IntoView {
    let (empty_testid, empty_words) = empty;
    view! {
        <Show
            when=move || !rows.with(Vec::is_empty)
            fallback=move || {
                view! {
                    <p class="muted" data-testid=empty_testid>
                        {empty_words}
                    </p>
                }
            }
        >
            <KeyedTable testid class="table--compact" headers numeric rows lead=lead.clone() />
        </Show>
        <nav class="pager" aria-label="Pages">
            {move || pager.run()}
        </nav>
    }
}
