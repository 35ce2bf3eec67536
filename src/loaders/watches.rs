//! One check of what the user watches (`domain::watches`): the watched runs' states, the
//! watched deployments' runs that failed or crashed since `since`, the watched pools'
//! status: three requests at once at most, none for a kind nothing watches.

use super::requests::flow_runs_by_id;
use crate::api::{ApiError, PrefectClient};
use crate::domain::watches::{Snapshot, Watch};
use crate::schemas::filters::{
    AnyFilter, DeploymentFilter, FilterRequest, FlowRunFilter, FlowRunRequest, IdFilter,
    NullableTimeFilter, StateFilter, StateTypeFilter, WorkPoolFilter,
};
use crate::schemas::sorting::{FlowRunSort, WorkPoolSort};
use crate::schemas::{StateType, MAX_LIMIT};
use chrono::{DateTime, Utc};
use futures::future::join3;
use uuid::Uuid;

/// The watched deployments' runs that failed or crashed since `since`, newest first.
pub fn failures_request(deployments: &[Uuid], since: DateTime<Utc>) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            state: Some(StateFilter {
                state_type: Some(StateTypeFilter {
                    any_: Some(vec![StateType::Failed, StateType::Crashed]),
                    not_any_: None,
                }),
                ..Default::default()
            }),
            end_time: Some(NullableTimeFilter {
                after_: Some(since.into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        deployments: Some(DeploymentFilter {
            id: Some(IdFilter::any(deployments.to_vec())),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::StartTimeDesc),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// The watched pools by name.
pub fn pools_request(names: &[String]) -> FilterRequest<WorkPoolSort> {
    FilterRequest {
        work_pools: Some(WorkPoolFilter {
            name: Some(AnyFilter {
                any_: Some(names.to_vec()),
            }),
            ..Default::default()
        }),
        limit: Some(MAX_LIMIT),
        ..Default::default()
    }
}

/// What the watched things are now.
pub async fn check(
    client: PrefectClient,
    watches: Vec<Watch>,
    since: DateTime<Utc>,
) -> Result<Snapshot, ApiError> {
    let (mut runs, mut deployments, mut pools) = (Vec::new(), Vec::new(), Vec::new());
    for watch in &watches {
        match watch {
            Watch::FlowRun { id, .. } => runs.push(*id),
            Watch::Deployment { id, .. } => deployments.push(*id),
            Watch::WorkPool { name } => pools.push(name.clone()),
        }
    }
    let (runs, failures, pools) = join3(
        async {
            if runs.is_empty() {
                Ok(Vec::new())
            } else {
                client.flow_runs_filter(&flow_runs_by_id(&runs)).await
            }
        },
        async {
            if deployments.is_empty() {
                Ok(Vec::new())
            } else {
                client
                    .flow_runs_filter(&failures_request(&deployments, since))
                    .await
            }
        },
        async {
            if pools.is_empty() {
                Ok(Vec::new())
            } else {
                client.work_pools_filter(&pools_request(&pools)).await
            }
        },
    )
    .await;
    Ok(Snapshot {
        runs: runs?
            .into_iter()
            .map(|run| {
                let state = run.shown_state_type();
                let name = run
                    .current_state_name()
                    .unwrap_or_else(|| state.default_name());
                (run.id, (run.name, state, name))
            })
            .collect(),
        failures: failures?
            .into_iter()
            .filter_map(|run| {
                let deployment = run.deployment_id?;
                let name = run
                    .current_state_name()
                    .unwrap_or_else(|| run.shown_state_type().default_name());
                Some((run.id, run.name, deployment, name))
            })
            .collect(),
        pools: pools?
            .into_iter()
            .map(|pool| {
                let status = pool
                    .status
                    .as_ref()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default();
                (pool.name, status)
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_check_asks_for_the_watched_deployments_recent_failures_and_pools_by_name() {
        let dep = Uuid::from_u128(4);
        let body = serde_json::to_value(failures_request(&[dep], crate::domain::test_now()))
            .expect("body");
        assert_eq!(body["deployments"]["id"]["any_"], json!([dep]));
        assert_eq!(
            body["flow_runs"]["state"]["type"]["any_"],
            json!(["FAILED", "CRASHED"])
        );
        assert!(body["flow_runs"]["end_time"]["after_"].is_string());
        let pools = serde_json::to_value(pools_request(&["k8s".into()])).expect("pools");
        assert_eq!(pools["work_pools"]["name"]["any_"], json!(["k8s"]));
    }
}
