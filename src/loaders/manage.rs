//! Sending the forms that change what runs (work pools, their queues, deployments), each answer as
//! the status line says it, or the server's refusal read onto the form's fields.

use super::requests::{flow_deployment_named, work_pools_by_name};
use crate::api::{ApiError, PrefectClient};
use crate::domain::actions::action_error;
use crate::domain::deployment_forms::{
    templates, Templates, JOB_VARIABLES, NAME as DUPLICATE_NAME,
};
use crate::domain::forms::FieldError;
use crate::domain::forms::{server_errors, FormError};
use crate::domain::limit_forms::{LIMIT_FIELDS, NAME as LIMIT_NAME, TAG as LIMIT_TAG};
use crate::domain::schedule_forms::{RULE, SCHEDULE_FIELDS};
use crate::domain::variable_forms::{NAME as VARIABLE_NAME, VARIABLE_FIELDS};
use crate::domain::work_pool_forms::{worker_types as types_of, POOL_FIELDS, QUEUE_FIELDS};
use crate::schemas::actions::{
    ConcurrencyLimitCreate, DeploymentCreate, DeploymentScheduleCreate, DeploymentScheduleUpdate,
    DeploymentUpdate, GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate, VariableCreate,
    VariableUpdate, WorkPoolCreate, WorkPoolUpdate, WorkQueueCreate, WorkQueueUpdate,
};
use crate::schemas::{WorkQueue, WorkerTypeMetadata};
use uuid::Uuid;

/// The worker types a new pool can have, from the server's registry.
pub async fn worker_types(client: PrefectClient) -> Result<Vec<WorkerTypeMetadata>, ApiError> {
    Ok(types_of(&client.read_worker_metadata().await?))
}

/// Creates a work pool; the answer is the pool's name as the server saved it.
pub async fn create_work_pool(
    client: PrefectClient,
    body: WorkPoolCreate,
) -> Result<String, FormError> {
    client
        .create_work_pool(&body)
        .await
        .map(|pool| pool.name)
        .map_err(|e| server_errors(e, &POOL_FIELDS, Some("name")))
}

/// Saves a pool's edit.
pub async fn update_work_pool(
    client: PrefectClient,
    name: String,
    body: WorkPoolUpdate,
) -> Result<String, FormError> {
    client
        .update_work_pool(&name, &body)
        .await
        .map_err(|e| server_errors(e, &POOL_FIELDS, None))?;
    Ok(format!("Saved the work pool {name}"))
}

/// Deletes a work pool and its queues.
pub async fn delete_work_pool(client: PrefectClient, name: String) -> Result<String, ApiError> {
    client.delete_work_pool(&name).await?;
    Ok(format!("Deleted the work pool {name}"))
}

/// Creates a queue in a pool.
pub async fn create_work_queue(
    client: PrefectClient,
    pool: String,
    body: WorkQueueCreate,
) -> Result<String, FormError> {
    let queue = client
        .create_work_queue(&pool, &body)
        .await
        .map_err(|e| server_errors(e, &QUEUE_FIELDS, Some("name")))?;
    Ok(format!(
        "Created the work queue {} (priority {})",
        queue.name, queue.priority
    ))
}

/// Saves a queue's edit (through the pool, so a new priority moves the others).
pub async fn update_work_queue(
    client: PrefectClient,
    pool: String,
    queue: String,
    body: WorkQueueUpdate,
) -> Result<String, FormError> {
    client
        .update_work_pool_queue(&pool, &queue, &body)
        .await
        .map_err(|e| server_errors(e, &QUEUE_FIELDS, None))?;
    Ok(format!("Saved the work queue {queue}"))
}

/// Sets the queues' priorities one at a time, in the order given
/// (`domain::work_pool_forms::priority_changes`); a refusal stops there and says how far
/// it got.
pub async fn set_queue_priorities(
    client: PrefectClient,
    pool: String,
    changes: Vec<(String, i64)>,
) -> Result<String, FormError> {
    let total = changes.len();
    for (done, (queue, priority)) in changes.into_iter().enumerate() {
        let body = WorkQueueUpdate {
            priority: Some(priority),
            ..WorkQueueUpdate::default()
        };
        if let Err(error) = client.update_work_pool_queue(&pool, &queue, &body).await {
            return Err(FormError::Partly(format!(
                "{done} of {total} priorities were set; then the server answered for {queue}: {}",
                action_error(&error)
            )));
        }
    }
    Ok(format!("Saved the order of {total} work queue(s)"))
}

/// What a deployment's edit chooses from and checks against: every work queue on the
/// server (its pool-and-queue menu) and each pool's template variables.
#[derive(Clone, Debug, PartialEq)]
pub struct EditChoices {
    pub queues: Vec<WorkQueue>,
    pub templates: Templates,
}

/// The queues and the pools' templates, asked at once.
pub async fn edit_choices(client: PrefectClient) -> Result<EditChoices, ApiError> {
    let (queues, pools) = futures::future::join(
        client.work_queues_filter(),
        client.work_pools_filter(&work_pools_by_name(None)),
    )
    .await;
    Ok(EditChoices {
        queues: queues?,
        templates: templates(&pools?),
    })
}

/// Saves a deployment's edit. The server's 422 lands on the fields it names (`fields`: the
/// form's paths); its 409 (the job variables do not fit the pool's template, or the
/// parameters break an enforced schema) goes beside the job variables when they or the
/// pool changed, else to the status line, in its words.
pub async fn update_deployment(
    client: PrefectClient,
    id: Uuid,
    name: String,
    body: DeploymentUpdate,
    fields: Vec<String>,
) -> Result<String, FormError> {
    let job_side = body.job_variables.is_some() || body.work_pool_name.is_some();
    client
        .update_deployment(id, &body)
        .await
        .map_err(|e| server_errors(e, &fields, job_side.then_some(JOB_VARIABLES)))?;
    Ok(format!("Saved the deployment {name}"))
}

/// Creates a copy of a deployment under a new name: a name the flow already has is refused
/// first (the server would change that deployment instead). The answer is the copy's id.
pub async fn duplicate_deployment(
    client: PrefectClient,
    copy: DeploymentCreate,
) -> Result<Uuid, FormError> {
    let taken = client
        .deployments_filter(&flow_deployment_named(copy.flow_id, &copy.name))
        .await
        .map_err(FormError::Api)?;
    if !taken.is_empty() {
        return Err(FormError::Fields(vec![FieldError::new(
            DUPLICATE_NAME,
            format!(
                "This flow already has a deployment named {}: a copy would overwrite it.",
                copy.name
            ),
        )]));
    }
    client
        .create_deployment(&copy)
        .await
        .map(|d| d.id)
        .map_err(|e| server_errors(e, &[DUPLICATE_NAME], Some(DUPLICATE_NAME)))
}

/// Adds a schedule to a deployment. The server's 422 on the schedule lands on its rule.
pub async fn create_deployment_schedule(
    client: PrefectClient,
    deployment: Uuid,
    body: DeploymentScheduleCreate,
) -> Result<String, FormError> {
    client
        .create_deployment_schedules(deployment, std::slice::from_ref(&body))
        .await
        .map_err(|e| schedule_errors(e, true))?;
    Ok("Added the schedule".to_string())
}

/// Saves a schedule's edit.
pub async fn update_deployment_schedule(
    client: PrefectClient,
    deployment: Uuid,
    schedule: Uuid,
    body: DeploymentScheduleUpdate,
) -> Result<String, FormError> {
    client
        .update_deployment_schedule(deployment, schedule, &body)
        .await
        .map_err(|e| schedule_errors(e, false))?;
    Ok("Saved the schedule".to_string())
}

/// Deletes a schedule of a deployment.
pub async fn delete_deployment_schedule(
    client: PrefectClient,
    deployment: Uuid,
    schedule: Uuid,
) -> Result<String, ApiError> {
    client
        .delete_deployment_schedule(deployment, schedule)
        .await?;
    Ok("Deleted the schedule".to_string())
}

/// A schedule's refusal on the form: the server names `schedule` (`body.0.schedule…` for a
/// list of new ones, `body.schedule…` for an edit); the form shows it beside the rule.
fn schedule_errors(error: ApiError, listed: bool) -> FormError {
    let error = match (listed, error) {
        (
            true,
            ApiError::Http {
                endpoint,
                status,
                detail: Some(detail),
                retry_after,
            },
        ) => ApiError::Http {
            endpoint,
            status,
            detail: Some(detail.replace("body.0.", "body.")),
            retry_after,
        },
        (_, error) => error,
    };
    match server_errors(error, &SCHEDULE_FIELDS, None) {
        FormError::Fields(found) => FormError::Fields(
            found
                .into_iter()
                .map(|e| {
                    if e.path == "schedule" {
                        FieldError::new(RULE, e.message)
                    } else {
                        e
                    }
                })
                .collect(),
        ),
        other => other,
    }
}

/// Creates a variable; a name taken (409) or refused (422) shows beside the name.
pub async fn create_variable(
    client: PrefectClient,
    body: VariableCreate,
) -> Result<String, FormError> {
    let made = client
        .create_variable(&body)
        .await
        .map_err(|e| server_errors(e, &VARIABLE_FIELDS, Some(VARIABLE_NAME)))?;
    Ok(format!("Created the variable {}", made.name))
}

/// Saves a variable's edit; a new name that is taken shows beside the name.
pub async fn update_variable(
    client: PrefectClient,
    id: Uuid,
    name: String,
    body: VariableUpdate,
) -> Result<String, FormError> {
    let renamed = body.name.clone();
    client.update_variable(id, &body).await.map_err(|e| {
        server_errors(
            e,
            &VARIABLE_FIELDS,
            renamed.is_some().then_some(VARIABLE_NAME),
        )
    })?;
    Ok(format!("Saved the variable {}", renamed.unwrap_or(name)))
}

/// Deletes a variable.
pub async fn delete_variable(
    client: PrefectClient,
    id: Uuid,
    name: String,
) -> Result<String, ApiError> {
    client.delete_variable(id).await?;
    Ok(format!("Deleted the variable {name}"))
}

/// Creates a global concurrency limit (`create_global_concurrency_limit`); a name taken
/// shows beside the name.
pub async fn create_global_concurrency_limit(
    client: PrefectClient,
    body: GlobalConcurrencyLimitCreate,
) -> Result<String, FormError> {
    let name = body.name.clone();
    client
        .create_global_concurrency_limit(&body)
        .await
        .map_err(|e| server_errors(e, &LIMIT_FIELDS, Some(LIMIT_NAME)))?;
    Ok(format!("Created the global limit {name}"))
}

/// Saves a global limit's edit (`update_global_concurrency_limit`).
pub async fn update_global_concurrency_limit(
    client: PrefectClient,
    id: Uuid,
    name: String,
    body: GlobalConcurrencyLimitUpdate,
) -> Result<String, FormError> {
    let renamed = body.name.clone();
    client
        .update_global_concurrency_limit(id, &body)
        .await
        .map_err(|e| server_errors(e, &LIMIT_FIELDS, renamed.is_some().then_some(LIMIT_NAME)))?;
    Ok(format!(
        "Saved the global limit {}",
        renamed.unwrap_or(name)
    ))
}

/// Frees a global limit's slots in use (`active_slots` and `denied_slots` to 0).
pub async fn reset_global_concurrency_limit(
    client: PrefectClient,
    id: Uuid,
    name: String,
) -> Result<String, ApiError> {
    let body = GlobalConcurrencyLimitUpdate {
        active_slots: Some(0),
        denied_slots: Some(0),
        ..GlobalConcurrencyLimitUpdate::default()
    };
    client.update_global_concurrency_limit(id, &body).await?;
    Ok(format!("Reset the global limit {name}: no slot in use"))
}

/// Deletes a global limit (`delete_global_concurrency_limit`).
pub async fn delete_global_concurrency_limit(
    client: PrefectClient,
    id: Uuid,
    name: String,
) -> Result<String, ApiError> {
    client.delete_global_concurrency_limit(id).await?;
    Ok(format!("Deleted the global limit {name}"))
}

/// Creates a tag limit (`create_concurrency_limit`).
pub async fn create_concurrency_limit(
    client: PrefectClient,
    body: ConcurrencyLimitCreate,
) -> Result<String, FormError> {
    let tag = body.tag.clone();
    client
        .create_concurrency_limit(&body)
        .await
        .map_err(|e| server_errors(e, &LIMIT_FIELDS, Some(LIMIT_TAG)))?;
    Ok(format!("Created the limit of the tag {tag}"))
}

/// Frees every slot of a tag limit (`reset_concurrency_limit_by_tag`).
pub async fn reset_concurrency_limit_by_tag(
    client: PrefectClient,
    tag: String,
) -> Result<String, ApiError> {
    client.reset_concurrency_limit_by_tag(&tag).await?;
    Ok(format!("Reset the limit of the tag {tag}: no slot held"))
}

/// Deletes a tag limit (`delete_concurrency_limit_by_tag`).
pub async fn delete_concurrency_limit_by_tag(
    client: PrefectClient,
    tag: String,
) -> Result<String, ApiError> {
    client.delete_concurrency_limit_by_tag(&tag).await?;
    Ok(format!("Deleted the limit of the tag {tag}"))
}
