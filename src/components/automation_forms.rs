//! A new automation and an automation's edit: what it waits for and what it does as fields
//! for what users set up most, JSON for the rest; each field shown for the kind chosen. Its
//! notification's templates are checked by the server before it is saved. The rules are in
//! `domain::automation_forms`, the calls in `loaders::automation_forms`.

use super::form_dialog::{FieldInput, FormDialog, FormField, FormPlan, LoadedForm, Planner};
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::domain::automation_forms::{
    automation_body, edit_values, kept_actions, new_values, shown, templates, Choices, ACTIONS,
    AUTOMATION, BLOCK, BODY, DEPLOYMENT, DEPLOYMENTS, DESCRIPTION, ENABLED, FLOWS, INFERRED,
    MESSAGE, NAME, PARAMETERS, POOL, POOLS, QUEUE, QUEUES, SECONDS, STATE, STATES, STATE_NAMES,
    STATE_TYPES, SUBJECT, TAGS, THEN, THENS, TRIGGER, WHEN, WHENS,
};
use crate::domain::forms::FormValues;
use crate::loaders::automation_forms::{
    automation_choices, create_automation, edit_automation, update_automation,
};
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;
use uuid::Uuid;

fn options(list: &[(Uuid, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect()
}

/// One target: "the one the event is about", then each by name.
fn target(list: &[(Uuid, String)], inferred: &str) -> FieldInput {
    let mut choices = vec![(String::new(), "(choose)".to_string())];
    choices.push((INFERRED.to_string(), inferred.to_string()));
    choices.extend(options(list));
    FieldInput::Choice(choices)
}

fn words(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(value, label)| (value.to_string(), label.to_string()))
        .collect()
}

/// The form's fields, the choices from what was loaded.
fn fields(choices: &Choices) -> Vec<FormField> {
    let states: Vec<(String, String)> = STATE_NAMES
        .iter()
        .map(|s| (s.to_string(), s.to_string()))
        .collect();
    let mut notifiers = vec![(String::new(), "(choose)".to_string())];
    notifiers.extend(options(&choices.notifiers));
    vec![
        FormField::new(NAME, "Name", FieldInput::Text),
        FormField::new(DESCRIPTION, "Description", FieldInput::Lines(2)),
        FormField::new(ENABLED, "Enabled", FieldInput::Check),
        FormField::new(WHEN, "When", FieldInput::Choice(words(&WHENS))),
        FormField::new(STATES, "States", FieldInput::Many(states)).shown_if(shown::flow_runs),
        FormField::new(SECONDS, "For (seconds)", FieldInput::Number)
            .hint("How long a run stays in one of the states before this fires.")
            .shown_if(shown::stuck),
        FormField::new(
            FLOWS,
            "Of the flows",
            FieldInput::Many(options(&choices.flows)),
        )
        .hint("None ticked: any flow.")
        .shown_if(shown::flow_runs),
        FormField::new(
            DEPLOYMENTS,
            "Of the deployments",
            FieldInput::Many(options(&choices.deployments)),
        )
        .hint("None ticked: any deployment.")
        .shown_if(shown::deployments),
        FormField::new(TAGS, "With the tags", FieldInput::Text)
            .hint("Comma-separated; empty: any tags.")
            .shown_if(shown::flow_runs),
        FormField::new(
            POOLS,
            "Work pools",
            FieldInput::Many(options(&choices.pools)),
        )
        .hint("None ticked: any work pool.")
        .shown_if(shown::pools),
        FormField::new(
            QUEUES,
            "Work queues",
            FieldInput::Many(options(&choices.queues)),
        )
        .hint("None ticked: any work queue.")
        .shown_if(shown::queues),
        FormField::new(TRIGGER, "Trigger (JSON)", FieldInput::Lines(12))
            .hint("Any trigger Prefect takes (event, compound, sequence); the server checks it.")
            .shown_if(shown::trigger_json),
        FormField::new(THEN, "Then", FieldInput::Choice(words(&THENS))),
        FormField::new(
            DEPLOYMENT,
            "Deployment",
            target(&choices.deployments, "(the flow run's deployment)"),
        )
        .shown_if(shown::deployment),
        FormField::new(PARAMETERS, "Parameters (JSON)", FieldInput::Lines(4))
            .hint("Empty object: the deployment's defaults.")
            .shown_if(shown::run_deployment),
        FormField::new(
            POOL,
            "Work pool",
            target(&choices.pools, "(the one it is about)"),
        )
        .shown_if(shown::pool),
        FormField::new(
            QUEUE,
            "Work queue",
            target(&choices.queues, "(the one it is about)"),
        )
        .shown_if(shown::queue),
        FormField::new(
            AUTOMATION,
            "Automation",
            target(&choices.automations, "(this one)"),
        )
        .shown_if(shown::automation),
        FormField::new(
            STATE,
            "New state",
            FieldInput::Choice(
                STATE_TYPES
                    .iter()
                    .map(|s| (s.to_string(), s.to_string()))
                    .collect(),
            ),
        )
        .shown_if(shown::change_state),
        FormField::new(MESSAGE, "Message", FieldInput::Text).shown_if(shown::change_state),
        FormField::new(BLOCK, "Send through", FieldInput::Choice(notifiers))
            .hint("A block that can notify (Slack, email, a webhook…).")
            .shown_if(shown::notification),
        FormField::new(SUBJECT, "Subject", FieldInput::Text).shown_if(shown::notification),
        FormField::new(BODY, "Body", FieldInput::Lines(4))
            .hint("A Jinja template; the server checks it before saving.")
            .shown_if(shown::notification),
        FormField::new(ACTIONS, "Actions (JSON)", FieldInput::Lines(10))
            .hint("A list of any actions Prefect takes; the server checks them.")
            .shown_if(shown::actions_json),
    ]
}

/// "New automation…": its choices load on the first press.
#[component]
pub fn NewAutomation(
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let form = move |choices: Choices, opener: ReadSignal<u32>| {
        let form_fields = fields(&choices);
        let plan: Planner = Arc::new(move |values: &FormValues| {
            let (body, mut lines) = automation_body(values, &choices, (Vec::new(), Vec::new()))?;
            lines.insert(0, format!("Create the automation {}", body.name));
            let templates = templates(values);
            Ok(FormPlan {
                lines,
                send: Box::new(move |client| Box::pin(create_automation(client, body, templates))),
            })
        });
        view! {
            <FormDialog
                label="New automation…"
                testid="new-automation"
                title="New automation"
                save="Create automation"
                fields=form_fields
                initial=Signal::stored(new_values())
                plan
                state
                topics=vec![Topic::Automations]
                opener
            />
        }
        .into_any()
    };
    view! {
        <LoadedForm
            what="the automation's choices"
            topic=Topic::Choices
            load=automation_choices
            form
            opener
        />
    }
}

/// "Edit…" an automation: read as stored, then shown as fields where it has their shape.
#[component]
pub fn EditAutomation(
    /// The automation's id and name.
    automation: (Uuid, String),
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let (id, name) = automation;
    let title = format!("Edit the automation {name}");
    let form = move |(stored, choices): (Value, Choices), opener: ReadSignal<u32>| {
        let form_fields = fields(&choices);
        let initial = edit_values(&stored);
        let kept = kept_actions(&stored);
        let plan: Planner = Arc::new(move |values: &FormValues| {
            let (body, mut lines) = automation_body(values, &choices, kept.clone())?;
            lines.insert(0, format!("Save the automation {} as:", body.name));
            let templates = templates(values);
            Ok(FormPlan {
                lines,
                send: Box::new(move |client| {
                    Box::pin(update_automation(client, id, body, templates))
                }),
            })
        });
        view! {
            <FormDialog
                label="Edit…"
                testid="edit-automation"
                title=title.clone()
                save="Save"
                fields=form_fields
                initial=Signal::stored(initial)
                plan
                state
                topics=vec![Topic::Automations]
                opener
            />
        }
        .into_any()
    };
    view! {
        <LoadedForm
            what="the automation"
            topic=Topic::Automations
            load=move |client| edit_automation(client, id)
            form
            opener
        />
    }
}
