//! The variables page's loader: a page of variables and how many match, at once (Prefect
//! has no `/variables/paginate`).

use super::requests::variables_page;
use crate::api::{ApiError, PrefectClient};
use crate::domain::list_query::ListQuery;
use crate::schemas::responses::Paginated;
use crate::schemas::Variable;
use futures::future::join;

/// Variables per page.
pub const PAGE_SIZE: u32 = 50;

pub async fn variables(
    client: PrefectClient,
    query: ListQuery,
) -> Result<Paginated<Variable>, ApiError> {
    let page = variables_page(&query.search, &query.tags, Some(query.page), PAGE_SIZE);
    let count = variables_page(&query.search, &query.tags, None, PAGE_SIZE);
    let (results, count) = join(
        client.variables_filter(&page),
        client.variables_count(&count),
    )
    .await;
    Ok(Paginated::from_count(
        results?, count?, PAGE_SIZE, query.page,
    ))
}
