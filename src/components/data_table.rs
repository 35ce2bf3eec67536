use leptos::prelude::*;

/// The header cells of a table.
pub(super) fn headings(headers: &'static [&'static str]) -> impl IntoView {
    headers
        .iter()
        .map(|h| view! { <th scope="col">{*h}</th> })
        .collect_view()
}

/// A table with one header row; the rows come rendered as children.
#[component]
pub fn DataTable(
    /// `data-testid` of the table.
    testid: &'static str,
    /// Column headings, in order.
    headers: &'static [&'static str],
    /// Extra class, e.g. `table--compact`.
    #[prop(optional)]
    class: &'static str,
    /// The `<tr>` rows.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class=format!("table {class}") data-testid=testid>
                <thead>
                    <tr>{headings(headers)}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
