//! Slots in use against a limit: a small meter that fills and turns red past the limit, the
//! numbers, and (where there is room) what that means, with a glyph, never by colour alone.

use crate::domain::concurrency::{fill, slots, usage};
use leptos::prelude::*;

/// A limit's slots: the meter and "3 / 10"; `words` adds "Full: new work waits for a slot".
#[component]
pub fn SlotsMeter(
    /// Slots held.
    active: i64,
    /// The limit (0 or less admits nothing).
    limit: i64,
    /// Say what the usage means beside the numbers.
    #[prop(optional)]
    words: bool,
) -> impl IntoView {
    let u = usage(active, limit);
    let (glyph, said) = u.label();
    let class = u.class();
    let percent = (fill(active, limit) * 100.0).round() as u32;
    view! {
        <span class="slots">
            <span class="slots__bar" aria-hidden="true">
                <span class=format!("slots__fill {class}") style:width=format!("{percent}%")></span>
            </span>
            <span data-testid="limit-slots">{slots(active, limit)}</span>
        </span>
        {if words {
            view! {
                <span class=format!("usage {class}") data-testid="limit-usage">
                    <span aria-hidden="true">{glyph}" "</span>
                    {said}
                </span>
            }
                .into_any()
        } else {
            view! {
                <span class=format!("usage {class}") title=said>
                    <span aria-hidden="true">{glyph}</span>
                    <span class="visually-hidden">{said}</span>
                </span>
            }
                .into_any()
        }}
    }
}
