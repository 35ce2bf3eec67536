use super::ApiErrorPanel;
use crate::api::ApiError;
use crate::domain::keyed::Keyed;
use leptos::prelude::*;
use std::sync::Arc;

/// One keyed row with its view made on demand. The row's type is erased here, so the keyed
/// list (`<For>`) is compiled once for every table, not once per row type.
#[derive(Clone)]
pub struct KeyedRow {
    key: (String, u64),
    render: Arc<dyn Fn() -> AnyView + Send + Sync>,
}

impl KeyedRow {
    /// `keyed`'s value, drawn by `view` when its row is (re)rendered.
    pub fn new<T, V>(keyed: Keyed<T>, view: fn(T) -> V) -> KeyedRow
    where
        T: Clone + Send + Sync + 'static,
        V: IntoView + 'static,
    {
        let value = keyed.value;
        KeyedRow {
            key: keyed.key,
            render: Arc::new(move || view(value.clone()).into_any()),
        }
    }
}

/// The rows of a keyed list: one `<For>` for every list in the app. A row whose key (id and
/// content) is unchanged keeps its DOM nodes.
pub fn keyed_rows(rows: Signal<Vec<KeyedRow>>) -> impl IntoView {
    view! { <For each=move || rows.get() key=|r| r.key.clone() children=|r| (r.render)() /> }
}

/// A table with one header row whose rows are keyed by id and content: when the rows signal
/// changes, only rows whose data changed are rendered again.
#[component]
pub fn KeyedTable(
    /// `data-testid` of the table.
    testid: &'static str,
    /// Column headings, in order.
    headers: &'static [&'static str],
    /// Extra class, e.g. `table--compact`.
    #[prop(optional)]
    class: &'static str,
    /// The columns (1-based) that hold numbers: right-aligned, tabular digits.
    #[prop(optional)]
    numeric: &'static [usize],
    /// The rows, in display order.
    #[prop(into)]
    rows: Signal<Vec<KeyedRow>>,
    /// A first column's heading of its own (the row actions' "select the page" box), before
    /// `headers` (`numeric` still counts `headers` only).
    #[prop(optional_no_strip)]
    lead: Option<ViewFn>,
) -> impl IntoView {
    let before = usize::from(lead.is_some());
    let lead = lead.map(|lead| {
        view! {
            <th scope="col" class="cell-actions">
                {lead.run()}
            </th>
        }
    });
    view! {
        <div class="table-scroll">
            <table
                class=super::data_table::table_class_after(before, class, numeric)
                data-testid=testid
            >
                <thead>
                    <tr>{lead}{super::data_table::headings(headers, numeric)}</tr>
                </thead>
                <tbody>{keyed_rows(rows)}</tbody>
            </table>
        </div>
    }
}

/// One part of a page's answer as a keyed table: that part's error panel when it failed,
/// `empty` when it has no rows, else the table.
#[component]
pub fn KeyedPart(
    /// What the part is, for its error panel ("Workers").
    title: &'static str,
    /// `data-testid` of the table.
    testid: &'static str,
    /// Column headings, in order.
    headers: &'static [&'static str],
    /// Extra class of the table, e.g. `table--compact`.
    #[prop(optional)]
    class: &'static str,
    /// The columns (1-based) that hold numbers.
    #[prop(optional)]
    numeric: &'static [usize],
    /// The part's answer, as keyed rows.
    #[prop(into)]
    part: Signal<Result<Vec<KeyedRow>, ApiError>>,
    /// Shown when the part answered with no rows.
    #[prop(into)]
    empty: ViewFn,
    /// A first column's heading of its own, before `headers` (see `KeyedTable`).
    #[prop(optional_no_strip)]
    lead: Option<ViewFn>,
) -> impl IntoView {
    let error = move || part.with(|p| p.as_ref().err().cloned());
    let answered = Memo::new(move |_| part.with(|p| p.as_ref().ok().map(Vec::is_empty)));
    let rows = Signal::derive(move || part.with(|p| p.clone().unwrap_or_default()));
    view! {
        {move || error().map(|error| view! { <ApiErrorPanel title error /> })}
        <Show when=move || answered.get() == Some(true)>{empty.run()}</Show>
        <Show when=move || answered.get() == Some(false)>
            <KeyedTable testid headers class numeric rows lead=lead.clone() />
        </Show>
    }
}
