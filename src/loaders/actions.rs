//! Sending an action and saying what came of it: the one path every action button takes.

use super::requests::{
    bulk_set_state, deleted_with_deployments as deleted_with_deployments_request,
    deployments_by_id, flow_runs_by_id, runs_request, task_runs_by_id,
};
use crate::api::paging::in_batches;
use crate::api::{ApiError, PrefectClient};
use crate::domain::actions::{
    outcome, proposal, BulkProgress, FlowRunAction, RunFacts, RunKind, MAX_BULK,
};
use crate::domain::forms::FormError;
use crate::domain::parameter_form::{unprocessable_fields, validation_errors, FieldError};
use crate::domain::resume_input::{description_text, InputKeys};
use crate::domain::runs_query::RunsQuery;
use crate::platform;
use crate::schemas::actions::DeploymentFlowRunCreate;
use crate::schemas::responses::{OrchestrationResult, SetStateStatus};
use crate::schemas::wire::JsonObject;
use crate::schemas::{FlowRun, TaskRun};
use futures::stream::{self, StreamExt};
use uuid::Uuid;

/// Runs per `bulk_set_state` call (the server's cap).
const BULK_CHUNK: usize = 50;
/// Per-run calls in flight at once, where there is no bulk endpoint.
const IN_FLIGHT: usize = 8;

/// Tries of one call the server answered "busy" (503, 429), the first included.
const BUSY_TRIES: u32 = 4;

/// `call`, tried again while the server answers that it is busy (503, 429: SQLite's one
/// writer under a burst of deletes): such an answer means nothing was done, so trying again
/// is safe. Waits the server's `Retry-After`, or 0.5, 1, 2 s; at most 10 s.
async fn patiently<T, Fut>(client: &PrefectClient, call: impl Fn() -> Fut) -> Result<T, ApiError>
where
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let mut tries = 1;
    loop {
        match call().await {
            Err(error) if matches!(error.status(), Some(429 | 503)) && tries < BUSY_TRIES => {
                let backoff = std::time::Duration::from_millis(250 << tries);
                let wait = client.hold_remaining().max(backoff);
                platform::sleep(wait.min(std::time::Duration::from_secs(10))).await;
                tries += 1;
            }
            answer => return answer,
        }
    }
}

/// `call` for every id, one call each, at most 8 in flight, each tried again while the
/// server is busy; `done` counts an answer, a 404 counts as deleted meanwhile, any other
/// error as failed; `report` follows each answer.
async fn each_patiently<T, Fut>(
    client: &PrefectClient,
    ids: Vec<Uuid>,
    call: impl Fn(Uuid) -> Fut,
    progress: &mut BulkProgress,
    mut done: impl FnMut(&mut BulkProgress, T),
    report: impl Fn(&BulkProgress),
) where
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let call = &call;
    let mut answers = stream::iter(ids)
        .map(|id| async move { patiently(client, || call(id)).await })
        .buffer_unordered(IN_FLIGHT);
    while let Some(answer) = answers.next().await {
        match answer {
            Ok(answer) => done(progress, answer),
            Err(error) if error.status() == Some(404) => progress.gone(),
            Err(error) => progress.fail(1, &error.to_string()),
        }
        report(progress);
    }
}

/// Deletes each of `items` (id, name), one call each in turn, each tried again while the
/// server is busy; says which went (by name, in order), and which did not and why (an error
/// only when none went).
pub async fn delete_each<Fut>(
    client: &PrefectClient,
    items: Vec<(Uuid, String)>,
    delete: impl Fn(Uuid) -> Fut,
) -> Result<String, ApiError>
where
    Fut: std::future::Future<Output = Result<(), ApiError>>,
{
    let mut gone = Vec::new();
    let mut failed = None;
    for (id, name) in items {
        match patiently(client, || delete(id)).await {
            Ok(()) => gone.push(name),
            Err(error) => failed = Some((name, error)),
        }
    }
    // Named in order, whatever order the ids came in.
    gone.sort();
    match failed {
        None => Ok(format!(
            "Deleted {}",
            crate::domain::forms::names_words(&gone)
        )),
        Some((_, error)) if gone.is_empty() => Err(error),
        Some((name, error)) => Ok(format!(
            "Deleted {}; {name} was not: {}",
            crate::domain::forms::names_words(&gone),
            crate::domain::actions::action_error(&error)
        )),
    }
}

/// One run's answer: the orchestration result of a state change or resume, `None` for a
/// delete (which answers nothing).
async fn send_one(
    client: &PrefectClient,
    kind: RunKind,
    id: Uuid,
    action: &FlowRunAction,
    message: Option<&str>,
) -> Result<Option<OrchestrationResult>, ApiError> {
    match (kind, action, proposal(action, message, platform::now())) {
        (RunKind::Flow, _, Some(body)) => client.set_flow_run_state(id, &body).await.map(Some),
        (RunKind::Task, _, Some(body)) => client.set_task_run_state(id, &body).await.map(Some),
        (RunKind::Flow, FlowRunAction::Delete, None) => {
            client.delete_flow_run(id).await.map(|()| None)
        }
        (RunKind::Task, FlowRunAction::Delete, None) => {
            client.delete_task_run(id).await.map(|()| None)
        }
        (_, _, None) => client.resume_flow_run(id, None).await.map(Some),
    }
}

/// Sends `action` for one run of `kind` and returns the status line: what the server did,
/// in its own words where it gave a reason.
pub async fn act_on_run(
    client: PrefectClient,
    kind: RunKind,
    id: Uuid,
    action: FlowRunAction,
    message: Option<String>,
) -> Result<String, ApiError> {
    Ok(
        match send_one(&client, kind, id, &action, message.as_deref()).await? {
            Some(result) => outcome(&result),
            None => "Deleted".into(),
        },
    )
}

/// The runs' states now, for planning a bulk action against what they are when the user
/// confirms (200 ids a request); a run not in the answer was deleted.
pub async fn current_facts(
    client: &PrefectClient,
    kind: RunKind,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, RunFacts)>, ApiError> {
    Ok(match kind {
        RunKind::Flow => {
            let runs: Vec<FlowRun> = in_batches(ids, |batch| {
                let body = flow_runs_by_id(&batch);
                async move { client.flow_runs_filter(&body).await }
            })
            .await?;
            runs.iter().map(|r| (r.id, RunFacts::from(r))).collect()
        }
        RunKind::Task => {
            let runs: Vec<TaskRun> = in_batches(ids, |batch| {
                let body = task_runs_by_id(&batch);
                async move { client.task_runs_filter(&body).await }
            })
            .await?;
            runs.iter().map(|r| (r.id, RunFacts::from(r))).collect()
        }
    })
}

/// Every run matching the runs page's filters (up to [`MAX_BULK`]), for "all N matching".
pub async fn matching_runs(
    client: PrefectClient,
    query: RunsQuery,
) -> Result<Vec<FlowRun>, ApiError> {
    let now = platform::now();
    let mut request = runs_request(&query, now);
    if let Some(filter) = request.flow_runs.take() {
        request.flow_runs =
            Some(super::lookups::narrowed_runs_filter(&client, &query, now, filter).await?);
    }
    request.offset = Some(0);
    client.flow_runs_filter_all(&request, MAX_BULK as u32).await
}

/// Sends `action` for every run of `kind` in `ids`, calling `report` after each answer.
/// Flow runs' state changes go 50 runs per `bulk_set_state` call, one call at a time;
/// deletes, resumes, task runs and servers without the bulk endpoint (404 / 405) take one
/// call per run, at most 8 in flight.
/// A call the server answers "busy" (503, 429) is tried again, up to 3 times (it did
/// nothing); any other failed call counts its runs as failed, with the error.
pub async fn act_on_runs(
    client: PrefectClient,
    kind: RunKind,
    ids: Vec<Uuid>,
    action: FlowRunAction,
    message: Option<String>,
    report: impl Fn(&BulkProgress),
) -> BulkProgress {
    let mut progress = BulkProgress::new(ids.len());
    report(&progress);
    let mut one_by_one = true;
    // Task runs have no bulk endpoint.
    let bulk =
        proposal(&action, message.as_deref(), platform::now()).filter(|_| kind == RunKind::Flow);
    if let Some(body) = bulk {
        one_by_one = false;
        for (n, chunk) in ids.chunks(BULK_CHUNK).enumerate() {
            let request = bulk_set_state(chunk, body.state.clone(), body.force, BULK_CHUNK as u32);
            match patiently(&client, || client.bulk_set_flow_run_state(&request)).await {
                Ok(response) => {
                    let answered = response.results.len();
                    for result in response.results {
                        let result = OrchestrationResult {
                            state: result.state,
                            status: result.status,
                            details: result.details,
                        };
                        progress.record(&action, &result);
                    }
                    progress.missing(chunk.len(), answered);
                }
                Err(error) if n == 0 && matches!(error.status(), Some(404 | 405)) => {
                    one_by_one = true;
                    break;
                }
                Err(error) => progress.fail(chunk.len(), &error.to_string()),
            }
            report(&progress);
        }
    }
    if !one_by_one {
        return progress;
    }
    let message = message.as_deref();
    each_patiently(
        &client,
        ids,
        |id| send_one(&client, kind, id, &action, message),
        &mut progress,
        |progress, answer| match answer {
            Some(result) => progress.record(&action, &result),
            None => progress.done += 1,
        },
        report,
    )
    .await;
    progress
}

/// A run of the deployment now, with its defaults: "Created flow run <name>". `key` is the
/// intent's idempotency key (`domain::actions::IntentKey`): a retry after an unknown outcome
/// gets the run the first try created.
pub async fn quick_run(
    client: PrefectClient,
    deployment: Uuid,
    key: String,
) -> Result<String, ApiError> {
    let body = crate::schemas::actions::DeploymentFlowRunCreate {
        idempotency_key: Some(key),
        ..Default::default()
    };
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
        ..Default::default()
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
    let body = crate::schemas::actions::WorkQueueUpdate {
        is_paused: Some(paused),
        ..Default::default()
    };
    client.update_work_queue(queue, &body).await?;
    Ok(if paused {
        "Paused: its runs wait".into()
    } else {
        "Resumed".into()
    })
}

/// Removes a worker from its pool's list.
pub async fn delete_worker(
    client: PrefectClient,
    pool: String,
    worker: String,
) -> Result<String, ApiError> {
    client.delete_worker(&pool, &worker).await?;
    Ok(format!(
        "Deleted the worker {worker}: it shows again if it sends another heartbeat"
    ))
}

/// Deletes a work queue; its deployments keep its name until they are changed.
pub async fn delete_work_queue(
    client: PrefectClient,
    id: Uuid,
    name: String,
) -> Result<String, ApiError> {
    client.delete_work_queue(id).await?;
    Ok(format!("Deleted the work queue {name}"))
}

/// Deletes a deployment (and, on the server, its runs that are scheduled and never ran).
pub async fn delete_deployment(
    client: PrefectClient,
    id: Uuid,
    name: String,
) -> Result<String, ApiError> {
    client.delete_deployment(id).await?;
    Ok(format!("Deleted the deployment {name}"))
}

/// Why a custom run was not created: field errors to show beside their fields (the
/// server's schema check, a 422), or the call's error.
#[derive(Clone, Debug, PartialEq)]
pub enum CustomRunError {
    Fields(Vec<FieldError>),
    /// The server's check of the values could not run (`/ui/schemas/validate` failed): no
    /// run was created.
    Check(ApiError),
    Api(ApiError),
}

/// Creates a run of `deployment` from the custom-run form. Where the deployment enforces
/// its parameter schema the parameters are checked first with the server's own validator
/// (`/ui/schemas/validate`); when that check cannot run (a 413, a server error, no answer)
/// no run is created and the error says the check did not run.
pub async fn custom_run(
    client: PrefectClient,
    deployment: Uuid,
    enforced_schema: Option<JsonObject>,
    body: DeploymentFlowRunCreate,
) -> Result<FlowRun, CustomRunError> {
    if let Some(schema) = enforced_schema.filter(|s| !s.is_empty()) {
        let answer = client
            .validate_parameters(&schema, &body.parameters)
            .await
            .map_err(CustomRunError::Check)?;
        let errors = validation_errors(&answer);
        if !errors.is_empty() {
            return Err(CustomRunError::Fields(errors));
        }
    }
    match client
        .create_flow_run_from_deployment(deployment, &body)
        .await
    {
        Ok(run) => Ok(run),
        Err(ApiError::Http {
            status: 422,
            detail: Some(detail),
            ..
        }) if !unprocessable_fields(&detail).is_empty() => {
            Err(CustomRunError::Fields(unprocessable_fields(&detail)))
        }
        Err(error) => Err(CustomRunError::Api(error)),
    }
}

/// Turns one schedule of a deployment on or off.
pub async fn set_schedule_active(
    client: PrefectClient,
    deployment: Uuid,
    schedule: Uuid,
    active: bool,
) -> Result<String, ApiError> {
    client
        .set_deployment_schedule_active(deployment, schedule, active)
        .await?;
    Ok(if active {
        "Schedule on: it creates runs again".into()
    } else {
        "Schedule off: it creates no new runs".into()
    })
}

/// What the form of a run paused for input shows: the input's schema and its description.
#[derive(Clone, Debug, PartialEq)]
pub struct InputForm {
    /// Empty when the stored schema is not a JSON object (the input is then typed as JSON).
    pub schema: JsonObject,
    pub description: Option<String>,
}

/// The schema (and description) a paused run stored for the input it waits for, at once.
pub async fn input_form(
    client: PrefectClient,
    id: Uuid,
    keys: InputKeys,
) -> Result<InputForm, ApiError> {
    let description = async {
        match &keys.description {
            // The description is optional: one that cannot be read leaves the form without.
            Some(key) => client.read_flow_run_input(id, key).await.ok(),
            None => None,
        }
    };
    let (schema, description) =
        futures::future::join(client.read_flow_run_input(id, &keys.schema), description).await;
    Ok(InputForm {
        schema: schema?.as_object().cloned().unwrap_or_default(),
        description: description.as_ref().and_then(description_text),
    })
}

/// Resumes a run with the input typed into its form; a resume the server refuses (the
/// input breaks the stored schema, the run is no longer paused) stays in the form with the
/// server's reason.
pub async fn resume_with_input(
    client: PrefectClient,
    id: Uuid,
    input: JsonObject,
) -> Result<String, FormError> {
    let result = client
        .resume_flow_run(id, Some(&input))
        .await
        .map_err(FormError::Api)?;
    match result.status {
        SetStateStatus::Accept => Ok(outcome(&result)),
        _ => Err(FormError::Refused(outcome(&result))),
    }
}

/// Deployments per `/deployments/bulk_delete` call (the server's cap).
const BULK_DELETE: usize = 50;

/// How many runs the server deletes with these deployments (their scheduled runs that
/// never ran), 200 deployments a count.
pub async fn deleted_with_deployments(
    client: PrefectClient,
    ids: Vec<Uuid>,
) -> Result<i64, ApiError> {
    let mut total = 0;
    for batch in ids.chunks(200) {
        total += client
            .flow_runs_count(&deleted_with_deployments_request(batch))
            .await?;
    }
    Ok(total)
}

/// Deletes the deployments `ids`, 50 a `/deployments/bulk_delete` call (one DELETE each,
/// 8 at a time, where the server has no bulk endpoint); says how many went, and why any
/// did not.
pub async fn delete_deployments(client: PrefectClient, ids: Vec<Uuid>) -> Result<String, ApiError> {
    let mut progress = BulkProgress::new(ids.len());
    let mut one_by_one = false;
    for (n, chunk) in ids.chunks(BULK_DELETE).enumerate() {
        // The same filter the names lookup sends, without its paging.
        let filter = deployments_by_id(chunk).deployments.unwrap_or_default();
        match patiently(&client, || {
            client.bulk_delete_deployments(&filter, BULK_DELETE as u32)
        })
        .await
        {
            Ok(answer) => {
                progress.done += answer.deleted.len();
                progress.missing(chunk.len(), answer.deleted.len());
            }
            Err(error) if n == 0 && matches!(error.status(), Some(404 | 405)) => {
                one_by_one = true;
                break;
            }
            Err(error) => progress.fail(chunk.len(), &error.to_string()),
        }
    }
    if one_by_one {
        each_patiently(
            &client,
            ids,
            |id| client.delete_deployment(id),
            &mut progress,
            |progress, ()| progress.done += 1,
            |_| {},
        )
        .await;
    }
    Ok(format!("Deleted deployments: {}", progress.line()))
}
