use super::ApiErrorPanel;
use crate::api::ApiError;
use crate::domain::keyed::Keyed;
use leptos::prelude::*;

/// A table with one header row whose rows are keyed by id and content (`<For>`): when the
/// rows signal changes, only rows whose data changed are rendered again.
#[component]
pub fn KeyedTable<T, V, F>(
    /// `data-testid` of the table.
    testid: &'static str,
    /// Column headings, in order.
    headers: &'static [&'static str],
    /// Extra class, e.g. `table--compact`.
    #[prop(optional)]
    class: &'static str,
    /// The rows, in display order.
    #[prop(into)]
    rows: Signal<Vec<Keyed<T>>>,
    /// Renders one row's `<tr>`.
    row: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let heads = headers
        .iter()
        .map(|h| view! { <th scope="col">{*h}</th> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class=format!("table {class}") data-testid=testid>
                <thead><tr>{heads}</tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key.clone() children=move |r| row(r.value) />
                </tbody>
            </table>
        </div>
    }
}

/// One part of a page's answer as a keyed table: that part's error panel when it failed,
/// `empty` when it has no rows, else the table, whose rows re-render only when their data
/// changes.
#[component]
pub fn KeyedPart<T, V, F>(
    /// What the part is, for its error panel ("Workers").
    title: &'static str,
    /// `data-testid` of the table.
    testid: &'static str,
    /// Column headings, in order.
    headers: &'static [&'static str],
    /// Extra class of the table, e.g. `table--compact`.
    #[prop(optional)]
    class: &'static str,
    /// The part's answer, as keyed rows.
    #[prop(into)]
    part: Signal<Result<Vec<Keyed<T>>, ApiError>>,
    /// Shown when the part answered with no rows.
    #[prop(into)]
    empty: ViewFn,
    /// Renders one row's `<tr>`.
    row: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let error = move || part.with(|p| p.as_ref().err().cloned());
    let answered = Memo::new(move |_| part.with(|p| p.as_ref().ok().map(Vec::is_empty)));
    let rows = Signal::derive(move || part.with(|p| p.clone().unwrap_or_default()));
    view! {
        {move || error().map(|error| view! { <ApiErrorPanel title error /> })}
        <Show when=move || answered.get() == Some(true)>{empty.run()}</Show>
        <Show when=move || answered.get() == Some(false)>
            <KeyedTable testid headers class rows row=row.clone() />
        </Show>
    }
}
