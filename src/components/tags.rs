//! Tags as neutral chips: the first few, then how many more ("+3"), every tag in the title
//! and to a screen reader.

use leptos::prelude::*;

/// A list's tags as chips; `—` when there are none.
#[component]
pub fn Tags(
    /// The tags, in the server's order.
    tags: Vec<String>,
    /// How many chips to show before "+N" (2 in a table row).
    #[prop(default = 2)]
    shown: usize,
) -> impl IntoView {
    if tags.is_empty() {
        return view! { <span class="muted">"—"</span> }.into_any();
    }
    let all = tags.join(", ");
    let more = tags.len().saturating_sub(shown);
    let chips = tags
        .into_iter()
        .take(shown)
        .map(|tag| view! { <span class="tag">{tag}</span> })
        .collect_view();
    view! {
        <span class="tags" title=all.clone() data-testid="tags">
            <span class="visually-hidden">{format!("Tags: {all}")}</span>
            <span class="tags__chips" aria-hidden="true">
                {chips}
                {(more > 0)
                    .then(|| view! { <span class="tag tag--more">{format!("+{more}")}</span> })}
            </span>
        </span>
    }
    .into_any()
}
