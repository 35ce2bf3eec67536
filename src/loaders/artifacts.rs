//! The artifacts pages' loaders: a page of the latest artifact of each key with the names of
//! the flow runs that made them (one request by id), and every version of one key.

use super::lookups;
use super::requests::{artifact_versions, latest_artifacts_page};
use crate::api::{ApiError, PrefectClient};
use crate::domain::artifact::ArtifactsQuery;
use crate::schemas::responses::Paginated;
use crate::schemas::{Artifact, ArtifactCollection, FlowRun};
use futures::future::join;

/// Keys per page.
pub const PAGE_SIZE: u32 = 50;

#[derive(Clone, Debug)]
pub struct ArtifactsList {
    pub page: Paginated<ArtifactCollection>,
    /// The runs that made them, for their names (its own answer: links stay by id).
    pub flow_runs: Result<Vec<FlowRun>, ApiError>,
}

pub async fn latest_artifacts(
    client: PrefectClient,
    query: ArtifactsQuery,
) -> Result<ArtifactsList, ApiError> {
    let kind = query.kind.as_deref();
    let page = latest_artifacts_page(&query.key, kind, Some(query.page), PAGE_SIZE);
    let count = latest_artifacts_page(&query.key, kind, None, PAGE_SIZE);
    let (results, count) = join(
        client.artifacts_latest_filter(&page),
        client.artifacts_latest_count(&count),
    )
    .await;
    let results = results?;
    let count = count?;
    let flow_runs = lookups::flow_runs_named(
        &client,
        results.iter().filter_map(|a| a.flow_run_id).collect(),
    )
    .await;
    Ok(ArtifactsList {
        page: Paginated::from_count(results, count, PAGE_SIZE, query.page),
        flow_runs,
    })
}

/// Every version of one key, newest first (the latest 200), with their flow runs' names.
#[derive(Clone, Debug)]
pub struct ArtifactVersions {
    pub versions: Vec<Artifact>,
    pub flow_runs: Result<Vec<FlowRun>, ApiError>,
}

pub async fn versions(client: PrefectClient, key: String) -> Result<ArtifactVersions, ApiError> {
    let versions = client.artifacts_filter(&artifact_versions(&key)).await?;
    let flow_runs = lookups::flow_runs_named(
        &client,
        versions.iter().filter_map(|a| a.flow_run_id).collect(),
    )
    .await;
    Ok(ArtifactVersions {
        versions,
        flow_runs,
    })
}
