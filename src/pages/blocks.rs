//! Blocks: every named block document with its type and capabilities, by name search and
//! block type, paged; every filter in the URL. Secrets are never fetched in clear.

use crate::api::invalidation::Topic;
use crate::components::{
    api_error_of, list_pager, FetchedSignal, FilterForm, KeyedRow, PagedTable, SavedViewsBar, Time,
};
use crate::context::AppContext;
use crate::domain::keyed::Keyed;
use crate::hooks::use_page_title;
use crate::loaders::blocks::{blocks, BlocksList, BlocksQuery};
use crate::routes;
use crate::schemas::{BlockDocument, Timestamp};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;

#[derive(Clone, Debug, Hash)]
struct BlockRow {
    name: String,
    href: String,
    kind: String,
    capabilities: String,
    updated: Option<Timestamp>,
}

fn block_row(b: &BlockDocument, href: String) -> BlockRow {
    BlockRow {
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

/// The blocks page (`/blocks`).
#[component]
pub fn BlocksPage() -> impl IntoView {
    use_page_title("Blocks");
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
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
    let data = context.resource(Topic::Connection, move |client| blocks(client, query.get()));
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
        <section class="page">
            <h1>"Blocks"</h1>
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
            <FetchedSignal resource=data title="Blocks" loading="Loading blocks…" render />
        </section>
    }
}
