//! The automations page's loader: every automation, with the deployments their actions
//! name looked up in one request; and turning one on or off.

use super::lookups::deployment_names;
use crate::api::{ApiError, PrefectClient};
use crate::domain::automations::{deployment_ids, Names};
use crate::schemas::automations::{Automation, AutomationEnabled};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct AutomationsList {
    pub automations: Vec<Automation>,
    /// The names actions point at (their own answer: on failure the ids show).
    pub names: Result<Names, ApiError>,
}

pub async fn automations(client: PrefectClient) -> Result<AutomationsList, ApiError> {
    let automations = client.automations_filter().await?;
    let ids = deployment_ids(automations.iter().flat_map(|a| {
        a.actions
            .iter()
            .chain(&a.actions_on_trigger)
            .chain(&a.actions_on_resolve)
    }));
    let names = deployment_names(&client, ids)
        .await
        .map(|deployments| Names {
            deployments,
            automations: automations.iter().map(|a| (a.id, a.name.clone())).collect(),
        });
    Ok(AutomationsList { automations, names })
}

/// Turns automation `id` on (`enabled`) or off; the status line says which.
pub async fn set_enabled(
    client: PrefectClient,
    id: Uuid,
    enabled: bool,
) -> Result<String, ApiError> {
    client
        .set_automation_enabled(id, &AutomationEnabled { enabled })
        .await?;
    Ok(if enabled {
        "Enabled: it acts on matching events again".into()
    } else {
        "Disabled: it ignores events until enabled".into()
    })
}
