//! The blocks pages' loaders: a page of named block documents with how many match and the
//! block types to filter by (at once), and one document, secrets masked by the server and
//! again by the page.

use super::requests::block_documents_page;
use crate::api::{ApiError, PrefectClient};
use crate::schemas::responses::Paginated;
use crate::schemas::{BlockDocument, BlockType};
use futures::future::join3;
use uuid::Uuid;

/// Documents per page.
pub const PAGE_SIZE: u32 = 50;

/// What the blocks list filters by: name search, block type slug, page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlocksQuery {
    pub search: String,
    pub slug: Option<String>,
    pub page: u32,
}

#[derive(Clone, Debug)]
pub struct BlocksList {
    pub page: Paginated<BlockDocument>,
    /// For the type filter (its own answer: the list shows without it).
    pub types: Result<Vec<BlockType>, ApiError>,
}

pub async fn blocks(client: PrefectClient, query: BlocksQuery) -> Result<BlocksList, ApiError> {
    let slug = query.slug.as_deref();
    let page = block_documents_page(&query.search, slug, Some(query.page), PAGE_SIZE);
    let count = block_documents_page(&query.search, slug, None, PAGE_SIZE);
    let (results, count, types) = join3(
        client.block_documents_filter(&page),
        client.block_documents_count(&count),
        client.block_types_filter(),
    )
    .await;
    Ok(BlocksList {
        page: Paginated::from_count(results?, count?, PAGE_SIZE, query.page),
        types,
    })
}

pub async fn block(client: PrefectClient, id: Uuid) -> Result<BlockDocument, ApiError> {
    client.block_document(id).await
}

/// Every block type, for the catalog (the server's first 200, by name).
pub async fn block_types(client: PrefectClient) -> Result<Vec<BlockType>, ApiError> {
    client.block_types_filter().await
}
