//! What the automation form loads and sends: the flows, deployments, pools, queues,
//! automations and notification blocks it offers (the first 200 of each, by name), an
//! automation as stored for its edit, its templates checked by the server, the save, and
//! deletes.

use super::actions::delete_each;
use super::requests::filter_options;
use crate::api::{ApiError, PrefectClient};
use crate::domain::automation_forms::{Choices, AUTOMATION_FIELDS};
use crate::domain::forms::{server_errors, FieldError, FormError};
use crate::schemas::automations::AutomationCreate;
use serde_json::Value;
use uuid::Uuid;

/// Everything the form offers, in three round trips' time.
pub async fn automation_choices(client: PrefectClient) -> Result<Choices, ApiError> {
    let (flows, deployments, pools) = filter_options();
    let ((flows, deployments, pools), (queues, automations, notifiers)) = futures::future::join(
        futures::future::join3(
            client.flow_names_filter(&flows),
            client.deployments_filter(&deployments),
            client.work_pool_names_filter(&pools),
        ),
        futures::future::join3(
            client.work_queues_filter(),
            client.automations_filter(),
            client.notification_blocks(),
        ),
    )
    .await;
    let flows = flows?;
    let flow_name = |id: Uuid| {
        flows
            .iter()
            .find(|f| f.id == id)
            .map_or_else(String::new, |f| format!("{}/", f.name))
    };
    let named = |list: Vec<(Uuid, String)>| {
        let mut list = list;
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    };
    Ok(Choices {
        deployments: named(
            deployments?
                .into_iter()
                .map(|d| (d.id, format!("{}{}", flow_name(d.flow_id), d.name)))
                .collect(),
        ),
        flows: flows.iter().map(|f| (f.id, f.name.clone())).collect(),
        pools: pools?.into_iter().map(|p| (p.id, p.name)).collect(),
        queues: named(
            queues?
                .into_iter()
                .map(|q| {
                    let pool = q.work_pool_name.clone().unwrap_or_default();
                    (q.id, format!("{pool} / {}", q.name))
                })
                .collect(),
        ),
        automations: named(automations?.into_iter().map(|a| (a.id, a.name)).collect()),
        notifiers: named(
            notifiers?
                .into_iter()
                .map(|b| {
                    let kind = b.block_type.map(|t| t.name).unwrap_or_default();
                    (b.id, format!("{} ({kind})", b.name.unwrap_or_default()))
                })
                .collect(),
        ),
    })
}

/// An automation as stored (every field), and the form's choices.
pub async fn edit_automation(
    client: PrefectClient,
    id: Uuid,
) -> Result<(Value, Choices), ApiError> {
    let (stored, choices) = futures::future::join(
        client.read_automation(id),
        automation_choices(client.clone()),
    )
    .await;
    Ok((stored?, choices?))
}

/// Each template checked by the server's own template check; its faults beside their
/// fields.
async fn check_templates(
    client: &PrefectClient,
    templates: &[(&'static str, String)],
) -> Result<(), FormError> {
    let mut found = Vec::new();
    for (path, template) in templates {
        match client.validate_template(template).await {
            Ok(()) => {}
            Err(ApiError::Http {
                status: 422,
                detail,
                ..
            }) => found.push(FieldError::new(
                path,
                detail.unwrap_or_else(|| "The server refused this template".into()),
            )),
            Err(other) => return Err(FormError::Api(other)),
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(FormError::Fields(found))
    }
}

/// Checks the templates, then creates the automation; the server's refusals go beside the
/// fields they name.
pub async fn create_automation(
    client: PrefectClient,
    body: AutomationCreate,
    templates: Vec<(&'static str, String)>,
) -> Result<String, FormError> {
    check_templates(&client, &templates).await?;
    client
        .create_automation(&body)
        .await
        .map_err(|e| server_errors(e, &AUTOMATION_FIELDS, None))?;
    Ok(format!("Created the automation {}", body.name))
}

/// Checks the templates, then replaces the automation.
pub async fn update_automation(
    client: PrefectClient,
    id: Uuid,
    body: AutomationCreate,
    templates: Vec<(&'static str, String)>,
) -> Result<String, FormError> {
    check_templates(&client, &templates).await?;
    client
        .update_automation(id, &body)
        .await
        .map_err(|e| server_errors(e, &AUTOMATION_FIELDS, None))?;
    Ok(format!("Saved the automation {}", body.name))
}

/// Deletes the automations, one call each; says which went.
pub async fn delete_automations(
    client: PrefectClient,
    automations: Vec<(Uuid, String)>,
) -> Result<String, ApiError> {
    delete_each(&client, automations, |id| client.delete_automation(id)).await
}
