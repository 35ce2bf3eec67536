//! The active filters of a list as removable chips, under its row of controls: each chip
//! says one filter ("Flow: etl") and its button navigates to the view without it.

use crate::context::AppContext;
use crate::domain::list_query::{FilterChip, Filters};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The chips, and "Clear filters" when there are two or more; nothing without filters.
#[component]
pub fn FilterChips<Q>(
    /// The active filters, each with the view without it.
    #[prop(into)]
    chips: Signal<Vec<FilterChip<Q>>>,
    /// The view without any of them.
    #[prop(into)]
    cleared: Signal<Q>,
    /// Navigates to a view (the address is the view).
    go: Callback<Q>,
) -> impl IntoView
where
    Q: Clone + Send + Sync + 'static,
{
    move || {
        let chips = chips.get();
        (!chips.is_empty()).then(|| {
            let many = chips.len() > 1;
            let items = chips
                .into_iter()
                .map(|chip| {
                    let FilterChip { label, without } = chip;
                    let remove = format!("Remove filter {label}");
                    view! {
                        <li class="filter-chip" data-testid="filter-chip">
                            <span class="filter-chip__label" title=label.clone()>
                                {label.clone()}
                            </span>
                            <button
                                type="button"
                                class="filter-chip__remove"
                                aria-label=remove
                                title="Remove"
                                on:click=move |_| go.run(without.clone())
                            >
                                <span aria-hidden="true">"✕"</span>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="filter-chips" aria-label="Active filters">
                    {items}
                    {many
                        .then(|| {
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="link-button"
                                        data-testid="filters-clear"
                                        on:click=move |_| go.run(cleared.get_untracked())
                                    >
                                        "Clear filters"
                                    </button>
                                </li>
                            }
                        })}
                </ul>
            }
        })
    }
}

/// The chips of a page whose view filters by a search, tags and the like (`Filters`: a
/// `ListQuery` or a view built on one), inside its [`FilterForm`](super::FilterForm); a
/// chip's ✕ goes to `path` without that filter.
#[component]
pub fn ListChips<Q>(
    /// The page's view, from the address.
    query: Memo<Q>,
    /// The page's route (`routes::FLOWS`).
    path: &'static str,
) -> impl IntoView
where
    Q: Filters,
{
    let context = expect_context::<AppContext>();
    let navigate = use_navigate();
    let go = Callback::new(move |next: Q| {
        navigate(
            &context.href(&format!("{path}{}", next.query_string())),
            Default::default(),
        );
    });
    view! {
        <FilterChips
            chips=Signal::derive(move || query.with(Q::chips))
            cleared=Signal::derive(move || query.with(Q::unfiltered))
            go
        />
    }
}
