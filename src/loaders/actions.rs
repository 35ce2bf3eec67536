//! Sending an action and saying what came of it: the one path every action button takes.

use crate::api::{ApiError, PrefectClient};
use crate::domain::actions::{outcome, proposal, FlowRunAction};
use uuid::Uuid;

/// Sends `action` for one flow run and returns the status line: what the server did, in
/// its own words where it gave a reason.
pub async fn act_on_flow_run(
    client: PrefectClient,
    id: Uuid,
    action: FlowRunAction,
    message: Option<String>,
) -> Result<String, ApiError> {
    let result = match proposal(&action, message.as_deref()) {
        Some(body) => client.set_flow_run_state(id, &body).await?,
        None => client.resume_flow_run(id).await?,
    };
    Ok(outcome(&result))
}

/// A run of the deployment now, with its defaults: "Created flow run <name>".
pub async fn quick_run(client: PrefectClient, deployment: Uuid) -> Result<String, ApiError> {
    let body = crate::schemas::actions::DeploymentFlowRunCreate::default();
    let run = client
        .create_flow_run_from_deployment(deployment, &body)
        .await?;
    Ok(format!("Created flow run {}", run.name))
}

/// Pauses or resumes every schedule of a deployment.
pub async fn set_deployment_paused(
    client: PrefectClient,
    deployment: Uuid,
    paused: bool,
) -> Result<String, ApiError> {
    if paused {
        client.pause_deployment(deployment).await?;
        Ok("Paused: no new scheduled runs".into())
    } else {
        client.resume_deployment(deployment).await?;
        Ok("Resumed: scheduled runs start again".into())
    }
}

/// Pauses or resumes a work pool.
pub async fn set_work_pool_paused(
    client: PrefectClient,
    pool: String,
    paused: bool,
) -> Result<String, ApiError> {
    let body = crate::schemas::actions::WorkPoolUpdate {
        is_paused: Some(paused),
    };
    client.update_work_pool(&pool, &body).await?;
    Ok(if paused {
        "Paused: its workers get no new runs".into()
    } else {
        "Resumed: its workers get runs again".into()
    })
}

/// Pauses or resumes a work queue.
pub async fn set_work_queue_paused(
    client: PrefectClient,
    queue: Uuid,
    paused: bool,
) -> Result<String, ApiError> {
    let body = crate::schemas::actions::WorkQueueUpdate { is_paused: paused };
    client.update_work_queue(queue, &body).await?;
    Ok(if paused {
        "Paused: its runs wait".into()
    } else {
        "Resumed".into()
    })
}
