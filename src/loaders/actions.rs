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
