//! The block catalog: every block type the server knows, searched by name, each with its
//! logo as text (its initials: the server's logo URL is on another origin and is never
//! loaded), its description's first paragraph and how Python uses it (as text: no Markdown
//! renderer in the list's code), and Create….

use super::{ManagedForm, OnDemandForm};
use crate::components::ActionState;
use crate::domain::blocks::{catalog_matches, example_code, monogram, summary};
use crate::schemas::BlockType;
use leptos::prelude::*;

/// One block type's card.
fn type_card(block_type: BlockType, state: ActionState) -> impl IntoView {
    let description = block_type
        .description
        .as_deref()
        .map(summary)
        .filter(|s| !s.is_empty());
    let example = block_type
        .code_example
        .as_deref()
        .map(example_code)
        .filter(|c| !c.is_empty());
    let docs = block_type
        .documentation_url
        .clone()
        .filter(|u| u.starts_with("https://"));
    let name = block_type.name.clone();
    let slug = block_type.slug.clone();
    view! {
        <li class="catalog-card" data-testid="block-type" data-slug=slug>
            <div class="catalog-card-head">
                <span class="monogram" aria-hidden="true">
                    {monogram(&name)}
                </span>
                <h3 title=name.clone()>{name.clone()}</h3>
            </div>
            {description.map(|text| view! { <p class="catalog-card-text">{text}</p> })}
            {example
                .map(|code| {
                    view! {
                        <details>
                            <summary>"Use it in Python"</summary>
                            <pre class="json">{code}</pre>
                        </details>
                    }
                })}
            <div class="actions">
                <OnDemandForm
                    label="Create…"
                    testid="block-type-create"
                    form=ManagedForm::NewBlock(block_type)
                    state
                />
                {docs
                    .map(|href| {
                        view! {
                            <a href=href target="_blank" rel="noopener noreferrer">
                                "Documentation"
                            </a>
                        }
                    })}
            </div>
        </li>
    }
}

/// The catalog's cards for the types matching `search`.
#[component]
pub fn BlockCatalog(
    /// Every block type, as the server lists them.
    types: Vec<BlockType>,
    /// The type-name search (from the address).
    #[prop(into)]
    search: Signal<String>,
    /// The action group the creates answer to.
    state: ActionState,
) -> impl IntoView {
    let cards = move || {
        let search = search.get();
        let shown: Vec<BlockType> = catalog_matches(&types, &search)
            .into_iter()
            .cloned()
            .collect();
        if shown.is_empty() {
            return view! {
                <p class="muted" data-testid="no-block-types">
                    "No block type matches."
                </p>
            }
            .into_any();
        }
        view! {
            <ul class="catalog" data-testid="block-catalog">
                {shown.into_iter().map(|t| type_card(t, state)).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! { {cards} }
}
