//! Sending the forms that change what runs (work pools and their queues), each answer as
//! the status line says it, or the server's refusal read onto the form's fields.

use crate::api::{ApiError, PrefectClient};
use crate::domain::actions::action_error;
use crate::domain::forms::{server_errors, FormError};
use crate::domain::work_pool_forms::{worker_types as types_of, POOL_FIELDS, QUEUE_FIELDS};
use crate::schemas::actions::{WorkPoolCreate, WorkPoolUpdate, WorkQueueCreate, WorkQueueUpdate};
use crate::schemas::WorkerTypeMetadata;

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
