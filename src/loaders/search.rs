//! Search everywhere: the directory of pools, queues and workers (loaded once when the
//! search opens) and one round of requests per pause in typing (runs, flows and deployments
//! whose name holds the term, all at once, then their flows' names in one lookup).

use super::lookups::{flow_names, unique};
use super::requests::{deployments_page, flows_page, runs_named};
use super::work_pools::pools_with_workers;
use crate::api::{ApiError, PrefectClient};
use crate::domain::search::{deployment_hit, flow_hit, run_hit, Directory, SearchHit, PER_KIND};
use futures::future::{join, join3};

/// Every pool (up to 200) with its workers, and every queue, asked at once.
pub async fn directory(client: PrefectClient) -> Result<Directory, ApiError> {
    let (found, queues) = join(pools_with_workers(&client), client.work_queues_filter()).await;
    let ((pools, workers), queues) = (found?, queues?);
    let workers = pools
        .iter()
        .zip(workers)
        .flat_map(|(pool, found)| {
            // A pool whose workers failed to load is searched by its own name still.
            found
                .unwrap_or_default()
                .into_iter()
                .map(|w| (pool.name.clone(), w))
        })
        .collect();
    Ok(Directory {
        pools,
        queues,
        workers,
    })
}

/// The server's hits for `term`: runs, flows and deployments (the directory's are added
/// by [`crate::domain::search::ranked`] where they are shown). One kind that fails leaves
/// the others; only when every request fails is the search an error.
pub async fn search(client: PrefectClient, term: String) -> Result<Vec<SearchHit>, ApiError> {
    let limit = PER_KIND as u32;
    let (runs, flows, deployments) = join3(
        client.flow_runs_filter(&runs_named(&term, limit)),
        client.flows_filter(&flows_page(&term, &[], 1, limit)),
        client.deployments_filter(&deployments_page(&term, &[], 1, limit)),
    )
    .await;
    if let (Err(error), Err(_), Err(_)) = (&runs, &flows, &deployments) {
        return Err(error.clone());
    }
    let (runs, flows, deployments) = (
        runs.unwrap_or_default(),
        flows.unwrap_or_default(),
        deployments.unwrap_or_default(),
    );
    let flow_ids = unique(
        runs.iter()
            .map(|r| r.flow_id)
            .chain(deployments.iter().map(|d| d.flow_id)),
    );
    // Without the names, hits still show (without their flow).
    let names = flow_names(&client, flow_ids).await.unwrap_or_default();
    let name_of = |id| names.get(&id).map(String::as_str);
    let mut hits: Vec<SearchHit> = runs
        .iter()
        .map(|r| run_hit(r, name_of(r.flow_id)))
        .collect();
    hits.extend(flows.iter().map(flow_hit));
    hits.extend(
        deployments
            .iter()
            .map(|d| deployment_hit(d, name_of(d.flow_id))),
    );
    Ok(hits)
}
