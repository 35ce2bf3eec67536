//! The deployments pages' loaders: a page of deployments, then their flows' names and
//! recent and next runs, and one deployment with its flow's name and its runs.

use super::lookups::{deployment_activity, flow_names, unique, DeploymentActivity};
use super::requests::{
    deleted_with_deployment, deployments_page, recent_runs, upcoming_runs, RunsOf,
};
use crate::api::{ApiError, PrefectClient};
use crate::domain::list_query::ListQuery;
use crate::schemas::filters::DeploymentRequest;
use crate::schemas::responses::Paginated;
use crate::schemas::{Deployment, FlowRun};
use chrono::{DateTime, Utc};
use futures::future::{join, join4};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Deployments per page of the list.
pub const PAGE_SIZE: u32 = 50;
/// Upcoming and recent runs shown on a deployment's page.
pub const RUNS_SHOWN: u32 = 20;

/// A page of deployments (the rows show as soon as it is in; [`page_details`] fills in
/// the rest).
pub async fn deployments(
    client: PrefectClient,
    query: ListQuery,
) -> Result<Paginated<Deployment>, ApiError> {
    client.deployments_paginate(&page_request(&query)).await
}

/// What [`deployments`] asks for `query`'s page.
pub fn page_request(query: &ListQuery) -> DeploymentRequest {
    deployments_page(&query.search, &query.tags, query.page, PAGE_SIZE)
}

/// Which deployments a page shows and which flows they belong to: what [`page_details`]
/// is asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct PageIds {
    pub deployments: Vec<Uuid>,
    pub flows: Vec<Uuid>,
}

impl PageIds {
    pub fn of(page: &Paginated<Deployment>) -> PageIds {
        PageIds {
            deployments: page.results.iter().map(|d| d.id).collect(),
            flows: unique(page.results.iter().map(|d| d.flow_id)),
        }
    }
}

/// What the list shows beside each deployment of a page: its flow's name and its recent
/// and next runs.
#[derive(Clone, Debug)]
pub struct PageDetails {
    /// The deployments this answer is for: a row it does not name is still looked up.
    pub deployments: HashSet<Uuid>,
    pub flows: HashMap<Uuid, String>,
    /// Activity is its own answer: when it fails, the flows' names still show.
    pub activity: Result<DeploymentActivity, ApiError>,
}

/// Flow names and activity for a page's deployments, asked at once.
pub async fn page_details(
    client: PrefectClient,
    ids: PageIds,
    now: DateTime<Utc>,
) -> Result<PageDetails, ApiError> {
    let (flows, activity) = join(
        flow_names(&client, ids.flows),
        deployment_activity(&client, &ids.deployments, now),
    )
    .await;
    Ok(PageDetails {
        deployments: ids.deployments.into_iter().collect(),
        flows: flows?,
        activity,
    })
}

#[derive(Clone, Debug)]
pub struct DeploymentDetails {
    pub deployment: Deployment,
    pub flow_name: String,
    pub upcoming: Result<Vec<FlowRun>, ApiError>,
    pub recent: Result<Vec<FlowRun>, ApiError>,
    /// How many runs the server deletes with the deployment (`deleted_with_deployment`).
    pub deleted_with_it: Result<i64, ApiError>,
}

pub async fn deployment(
    client: PrefectClient,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<DeploymentDetails, ApiError> {
    let ids = [id];
    let runs_of = RunsOf::Deployments(&ids);
    let upcoming_request = upcoming_runs(&runs_of, now, RUNS_SHOWN);
    let recent_request = recent_runs(&runs_of, now, RUNS_SHOWN);
    let deleted_request = deleted_with_deployment(id);
    let (deployment, upcoming, recent, deleted_with_it) = join4(
        client.deployment(id),
        client.flow_runs_filter(&upcoming_request),
        client.flow_runs_filter(&recent_request),
        client.flow_runs_count(&deleted_request),
    )
    .await;
    let deployment = deployment?;
    let flow_name = client
        .flow(deployment.flow_id)
        .await
        .map(|f| f.name)
        .unwrap_or_else(|_| deployment.flow_id.to_string());
    Ok(DeploymentDetails {
        deployment,
        flow_name,
        upcoming,
        recent,
        deleted_with_it,
    })
}
