//! Blocks: every named block document with its type and capabilities, by name search and
//! block type, paged; every filter in the URL. Secrets are never fetched in clear. Ticked
//! blocks are deleted together (the dialog names what refers to them); New block… opens the
//! catalog (`?catalog=1`), where a block of any type is created.

use crate::api::invalidation::Topic;
use crate::components::{
    api_error_of, list_pager, select_box, ActionFuture, ActionState, ActionStatus, BlockCatalog,
    DeleteSelected, Fetched, FetchedSignal, FilterForm, KeyedRow, PagedTable, SavedViewsBar,
    Selection, Time,
};
use crate::context::AppContext;
use crate::domain::block_forms::delete_words;
use crate::domain::keyed::Keyed;
use crate::hooks::use_page_title;
use crate::loaders::block_forms::{block_referrers, delete_block_documents};
use crate::loaders::blocks::{block_types, blocks, BlocksList, BlocksQuery};
use crate::routes;
use crate::schemas::{BlockDocument, Timestamp};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone, Debug, Hash)]
struct BlockRow {
    id: Uuid,
    name: String,
    href: String,
    kind: String,
    capabilities: String,
    updated: Option<Timestamp>,
}

fn block_row(b: &BlockDocument, href: String) -> BlockRow {
    BlockRow {
        id: b.id,
        name: b.name.clone().unwrap_or_else(|| b.id.to_string()),
        href,
        kind: b
            .block_type
            .as_ref()
            .map(|t| t.name.clone())
            .or_else(|| b.block_type_name.clone())
            .unwrap_or_else(|| "—".into()),
        capabilities: b
            .block_schema
            .as_ref()
            .map(|s| s.capabilities.join(", "))
            .unwrap_or_default(),
        updated: b.updated,
    }
}

fn row_view(row: BlockRow) -> impl IntoView {
    let title = row.name.clone();
    view! {
        <tr data-testid="block-row">
            <td>
                {select_box(row.id, row.name.clone(), "block-select")}
                <a class="primary" href=row.href title=title data-testid="block-row-name">
                    {row.name}
                </a>
            </td>
            <td data-testid="block-row-type">{row.kind}</td>
            <td>
                {if row.capabilities.is_empty() { "—".to_string() } else { row.capabilities }}
            </td>
            <td>
                <Time at=row.updated relative=true />
            </td>
        </tr>
    }
}

/// The bar over the list while blocks are ticked: the dialog names the blocks and
/// automations that refer to them.
fn delete_selected(
    selected: RwSignal<BTreeMap<Uuid, String>>,
    state: ActionState,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let ids = Memo::new(move |_| {
        selected.with(|s| (!s.is_empty()).then(|| s.keys().copied().collect::<Vec<_>>()))
    });
    let found = context.follow_up(Topic::Blocks, ids, block_referrers);
    let body = Signal::derive(move || {
        let mut names: Vec<String> = selected.with(|s| s.values().cloned().collect());
        names.sort();
        delete_words(&names, found.get().settled())
    });
    let act = Callback::new(move |ticked: Vec<(Uuid, String)>| {
        Box::pin(delete_block_documents(context.client(), ticked)) as ActionFuture
    });
    view! {
        <DeleteSelected
            selected
            state
            testid="blocks"
            noun=("block", "blocks")
            body
            confirm="Delete blocks"
            act
            topics=vec![Topic::Blocks]
        />
    }
}

/// The catalog (`/blocks?catalog=1`): every block type, searched by name, each with
/// Create….
#[component]
fn CatalogView(
    /// The type search, from the address.
    search: Memo<String>,
    /// The action group the creates answer to.
    state: ActionState,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let types = context.resource(Topic::Choices, block_types);
    let list_path = context.href(routes::BLOCKS);
    view! {
        <h2>"New block: choose its type"</h2>
        <p>
            <a href=context.href(routes::BLOCKS) data-testid="catalog-back">
                "Back to the blocks"
            </a>
        </p>
        <FilterForm action=list_path>
            <input type="hidden" name="catalog" value="1" />
            <label>
                <span class="visually-hidden">"Block type"</span>
                <input
                    type="search"
                    placeholder="Block type"
                    name="q"
                    data-testid="catalog-search"
                    prop:value=move || search.get()
                />
            </label>
        </FilterForm>
        <Fetched
            resource=types
            title="Block types"
            loading="Loading the block types…"
            render=move |types| view! { <BlockCatalog types search state /> }
        />
    }
}

/// The blocks page (`/blocks`).
#[component]
pub fn BlocksPage() -> impl IntoView {
    use_page_title("Blocks");
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let catalog = Memo::new(move |_| query_map.with(|m| m.get_str("catalog") == Some("1")));
    let query = Memo::new(move |_| {
        query_map.with(|m| BlocksQuery {
            search: m
                .get_str("q")
                .map(str::trim)
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect(),
            slug: m
                .get_str("type")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            page: m
                .get_str("page")
                .and_then(|p| p.trim().parse::<u32>().ok())
                .unwrap_or(1)
                .max(1),
        })
    });
    let state = ActionState::default();
    let search = Memo::new(move |_| query.with(|q| q.search.clone()));
    let actions = (!context.read_only()).then(|| {
        view! {
            <div
                class="actions"
                data-testid="blocks-actions"
                role="group"
                aria-label="Block actions"
            >
                <a
                    class="button"
                    href=context.href(&routes::block_catalog(""))
                    data-testid="new-block"
                >
                    "New block…"
                </a>
                <ActionStatus state />
            </div>
        }
    });
    view! {
        <section class="page">
            <h1>"Blocks"</h1>
            {actions}
            <Show when=move || catalog.get() fallback=move || view! { <BlockList query /> }>
                <CatalogView search state />
            </Show>
        </section>
    }
}

/// The list of saved blocks, its filters and its bulk delete.
#[component]
fn BlockList(
    /// The filters and page, from the address.
    query: Memo<BlocksQuery>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    // The deletes' answers show in the bulk bar's status line.
    let state = ActionState::default();
    let data = context.resource(Topic::Blocks, move |client| blocks(client, query.get()));
    let selected = Selection::provide(context.read_only());
    let bulk = (!context.read_only()).then(|| delete_selected(selected, state));
    let list_path = context.href(routes::BLOCKS);
    // The types come with the first page; until then the select offers "Any type".
    let type_options = move || {
        let chosen = query.get().slug.unwrap_or_default();
        let types = match data.get() {
            Some(Ok(list)) => list.types.clone().unwrap_or_default(),
            _ => Vec::new(),
        };
        types
            .into_iter()
            .map(|t| {
                let selected = t.slug == chosen;
                view! {
                    <option value=t.slug selected=selected>
                        {t.name}
                    </option>
                }
            })
            .collect_view()
    };
    let render = move |list: Signal<Arc<BlocksList>>| {
        let rows = Signal::derive(move || {
            list.get()
                .page
                .results
                .iter()
                .map(|b| {
                    let href = context.href(&routes::block(b.id));
                    KeyedRow::new(Keyed::new(b.id.to_string(), block_row(b, href)), row_view)
                })
                .collect::<Vec<_>>()
        });
        let pager = move || {
            let list = list.get();
            let q = query.get();
            list_pager(q.page, list.page.pages, list.page.count, "blocks", |page| {
                context.href(&routes::blocks(&q.search, q.slug.as_deref(), page))
            })
        };
        view! {
            {move || api_error_of("Block types", &list.get().types)}
            <PagedTable
                testid="blocks-table"
                headers=&["Name", "Type", "Capabilities", "Updated"]
                rows
                empty=(
                    "no-blocks",
                    "No blocks match. Blocks are saved from Python (Secret(value=...).save(\"name\")) or with prefect block create.",
                )
                pager
            />
        }
    };
    view! {
        <SavedViewsBar path=routes::BLOCKS />
        <FilterForm action=list_path>
            <label>
                <span class="visually-hidden">"Block name"</span>
                <input
                    type="search"
                    placeholder="Block name"
                    name="q"
                    prop:value=move || query.get().search
                />
            </label>
            <label>
                <span class="visually-hidden">"Block type"</span>
                <select name="type" data-testid="block-type-filter">
                    <option value="">"Any type"</option>
                    {type_options}
                </select>
            </label>
        </FilterForm>
        <p class="muted">
            "Secret fields are never fetched in clear: the server masks them, and so does this page."
        </p>
        {bulk}
        <FetchedSignal resource=data title="Blocks" loading="Loading blocks…" render />
    }
}
