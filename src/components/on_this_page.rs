//! A page's sections as a row of jumps ("Logs", "Task runs"): each scrolls its section's
//! heading into view and moves the focus there, so a long page reads like tabs without
//! hiding anything. (Buttons, not `#fragment` links: the document's `<base>` would point a
//! fragment at the app's root.)

use crate::platform;
use leptos::prelude::*;

/// The jumps, as (the heading's id, the words).
#[component]
pub fn OnThisPage(
    /// Each section's heading id and name, in page order.
    sections: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let jumps = sections
        .iter()
        .map(|&(id, words)| {
            let jump = move |_| platform::jump_to(id);
            view! {
                <li>
                    <button type="button" class="section-nav__jump" on:click=jump>
                        {words}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="section-nav" aria-label="On this page">
            <ul>{jumps}</ul>
        </nav>
    }
}
