use leptos::prelude::*;

/// The header cells of a table; the `numeric` columns' (1-based) headings align right.
pub(super) fn headings(
    headers: &'static [&'static str],
    numeric: &'static [usize],
) -> impl IntoView {
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let number = numeric.contains(&(i + 1)).then_some("number");
            view! {
                <th scope="col" class=number>
                    {*h}
                </th>
            }
        })
        .collect_view()
}

/// A table's classes: `table`, the extra `class`, and `num-N` for each numeric column N
/// (1-based, up to 12), whose cells the theme aligns right with tabular digits.
pub(super) fn table_class(class: &str, numeric: &[usize]) -> String {
    table_class_after(0, class, numeric)
}

/// [`table_class`] of a table whose first `before` columns come before the numbered ones.
pub(super) fn table_class_after(before: usize, class: &str, numeric: &[usize]) -> String {
    let mut classes = format!("table {class}");
    for n in numeric
        .iter()
        .map(|n| n + before)
        .filter(|n| (1..=12).contains(n))
    {
        classes.push_str(&format!(" num-{n}"));
    }
    classes
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
    /// The columns (1-based) that hold numbers: right-aligned, tabular digits.
    #[prop(optional)]
    numeric: &'static [usize],
    /// The `<tr>` rows.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class=table_class(class, numeric) data-testid=testid>
                <thead>
                    <tr>{headings(headers, numeric)}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
