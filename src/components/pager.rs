//! "‹ Previous · Page N of M · T flows · Next ›" under a paged list.

use leptos::prelude::*;

/// The pager of a list page: links to the pages before and after `page` (of `pages`, at
/// least one) built by `link`, and how many `noun` match in all.
pub fn list_pager(
    page: u32,
    pages: i64,
    total: i64,
    noun: &'static str,
    link: impl Fn(u32) -> String,
) -> AnyView {
    let pages = pages.max(1);
    let prev = (page > 1).then(|| link(page - 1));
    let next = (i64::from(page) < pages).then(|| link(page.saturating_add(1)));
    view! {
        {prev.map(|href| view! { <a href=href>"‹ Previous"</a> })}
        <span data-testid="pager">{format!("Page {page} of {pages} · {total} {noun}")}</span>
        {next.map(|href| view! { <a href=href>"Next ›"</a> })}
    }
    .into_any()
}
