//! A deployment's edit (its pool-and-queue menu loaded on the first press; parameter
//! defaults through the custom run's schema-built fields) and its copy under a new name.
//! The rules are in `domain::deployment_forms`, the calls in `loaders::manage`.

use super::form_dialog::{
    FieldInput, FormDialog, FormField, FormFuture, FormPlan, LoadedForm, Planner,
};
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::deployment_forms::{
    deployment_update, duplicate, duplicate_lines, edit_values, parameter_fields, queue_choices,
    COLLISION, CONCURRENCY, DEPLOYMENT_FIELDS, DESCRIPTION, ENFORCE, JOB_VARIABLES, NAME,
    PARAMETERS, PAUSED, QUEUE, TAGS, VERSION,
};
use crate::domain::forms::FormValues;
use crate::domain::parameter_form::leaves;
use crate::loaders::manage::{duplicate_deployment, edit_choices, update_deployment, EditChoices};
use crate::routes;
use crate::schemas::Deployment;
use leptos::prelude::*;
use std::sync::Arc;

/// "Edit…" a deployment: description (with its preview), version, tags, work pool and
/// queue, parameter defaults, job variables, concurrency, schema enforcement, paused.
#[component]
pub fn EditDeployment(
    /// The deployment as it is now (a refresh while the form is open keeps the form).
    #[prop(into)]
    deployment: Signal<Deployment>,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let form = move |found: EditChoices, opener: ReadSignal<u32>| {
        let d = deployment.get_untracked();
        let choices = queue_choices(&found.queues, &d);
        let templates = found.templates;
        let parameters = parameter_fields(&d);
        let mut paths: Vec<String> = DEPLOYMENT_FIELDS.iter().map(|f| f.to_string()).collect();
        if let Ok(fields) = &parameters {
            paths.extend(leaves(fields).into_iter().map(|f| f.path.clone()));
        }
        let parameters = Arc::new(parameters);
        let start = parameters.clone();
        let initial = Signal::derive(move || deployment.with(|d| edit_values(d, &start)));
        let parameters_field = match parameters.as_ref() {
            Ok(fields) if fields.is_empty() => None,
            Ok(fields) => Some(
                FormField::new(
                    PARAMETERS,
                    "Parameter defaults",
                    FieldInput::Parameters(fields.clone()),
                )
                .hint("Empty: the flow's own default."),
            ),
            Err(why) => Some(
                FormField::new(
                    PARAMETERS,
                    "Parameter defaults (JSON)",
                    FieldInput::Lines(8),
                )
                .hint(why),
            ),
        };
        let plan: Planner = Arc::new(move |values: &FormValues| {
            let (body, lines) = deployment
                .with_untracked(|d| deployment_update(d, &parameters, values, &templates))?;
            let (id, name) = deployment.with_untracked(|d| (d.id, d.name.clone()));
            let fields = paths.clone();
            Ok(FormPlan {
                lines,
                send: Box::new(move |client| {
                    Box::pin(update_deployment(client, id, name, body, fields))
                }),
            })
        });
        let mut fields = vec![
            FormField::new(
                DESCRIPTION,
                "Description (Markdown)",
                FieldInput::Markdown(4),
            ),
            FormField::new(VERSION, "Version", FieldInput::Text),
            FormField::new(TAGS, "Tags", FieldInput::Text).hint("Comma-separated."),
            FormField::new(QUEUE, "Work pool and queue", FieldInput::Choice(choices))
                .hint("Its runs go to this queue; a worker of the pool picks them up."),
        ];
        fields.extend(parameters_field);
        fields.extend([
            FormField::new(JOB_VARIABLES, "Job variables (JSON)", FieldInput::Lines(6)).hint(
                "Override the pool's base job template; the server checks them against its \
                 variables.",
            ),
            FormField::new(CONCURRENCY, "Concurrency limit", FieldInput::Number)
                .hint("Runs of this deployment at once; empty: no limit."),
            FormField::new(
                COLLISION,
                "When the limit is reached",
                FieldInput::Choice(vec![
                    ("ENQUEUE".into(), "Enqueue: the run waits".into()),
                    (
                        "CANCEL_NEW".into(),
                        "Cancel new: the run is cancelled".into(),
                    ),
                ]),
            ),
            FormField::new(ENFORCE, "Enforce the parameter schema", FieldInput::Check)
                .hint("Runs with parameters that break the schema are refused."),
            FormField::new(PAUSED, "Paused", FieldInput::Check)
                .hint("Its schedules create no runs while paused."),
        ]);
        let title = format!("Edit the deployment {}", d.name);
        view! {
            <FormDialog
                label="Edit…"
                testid="edit-deployment"
                title
                save="Save"
                fields
                initial
                plan
                state
                topics=vec![Topic::Deployments]
                opener
            />
        }
        .into_any()
    };
    view! { <LoadedForm what="the work queues" topic=Topic::WorkPools load=edit_choices form opener /> }
}

/// "Duplicate…": a copy of the deployment under a new name, schedules included; the copy's
/// page is where the user lands (its Edit changes the rest).
#[component]
pub fn DuplicateDeployment(
    /// The deployment to copy.
    #[prop(into)]
    deployment: Signal<Deployment>,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let navigate = leptos_router::hooks::use_navigate();
    let initial = Signal::derive(move || {
        deployment.with(|d| FormValues::from([(NAME.to_string(), format!("{}-copy", d.name))]))
    });
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (copy, lines) = deployment.with_untracked(|d| {
            duplicate(d, values).map(|copy| {
                let lines = duplicate_lines(d, &copy);
                (copy, lines)
            })
        })?;
        let navigate = navigate.clone();
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| {
                let name = copy.name.clone();
                Box::pin(async move {
                    let id = duplicate_deployment(client, copy).await?;
                    navigate(&context.href(&routes::deployment(id)), Default::default());
                    Ok(format!("Created the deployment {name}"))
                }) as FormFuture
            }),
        })
    });
    let title = deployment.with_untracked(|d| format!("Duplicate the deployment {}", d.name));
    view! {
        <FormDialog
            label="Duplicate…"
            testid="duplicate-deployment"
            title
            save="Create the copy"
            fields=vec![FormField::new(NAME, "Name of the copy", FieldInput::Text)]
            initial
            plan
            state
            topics=vec![Topic::Deployments]
            opener
        />
    }
}
