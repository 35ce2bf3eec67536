//! "Custom run…": a deployment's parameters as a form built from its schema (or as JSON),
//! with the run's name, tags, start time and job variables; errors beside their fields.
//! The form is its own chunk (`custom_run`), fetched when the button is first pressed: a
//! deployment's page does not carry it until then.

use super::parameter_fields::{error_list, field_view, option_input, FormState};
use super::{intent_key, settle_intent, ActionState, OnDemand};
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::actions::action_error;
use crate::domain::parameter_form::{
    build, custom_run_request, fields, initial_values, parse_raw, RunOptions,
};
use crate::loaders::actions::{custom_run, CustomRunError};
use crate::schemas::wire::JsonObject;
use crate::schemas::{Deployment, FlowRun};
use leptos::html;
use leptos::prelude::*;
use serde_json::Value;
use uuid::Uuid;

/// What the custom-run form needs of a deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct RunnableDeployment {
    pub id: Uuid,
    pub name: String,
    pub schema: JsonObject,
    /// What the form starts from: the deployment's defaults, or the run being copied.
    pub parameters: JsonObject,
    pub enforce_parameter_schema: bool,
    /// The run's own options the form starts from (a copied run's tags and job variables).
    pub options: RunOptions,
    /// The name of the run this form copies ("Copy to new run…"), if it does.
    pub copy_of: Option<String>,
}

impl RunnableDeployment {
    /// A deployment's custom run, starting from its defaults.
    pub fn of(d: &Deployment) -> Self {
        RunnableDeployment {
            id: d.id,
            name: d.name.clone(),
            schema: d.parameter_openapi_schema.clone().unwrap_or_default(),
            parameters: d.parameters.clone(),
            enforce_parameter_schema: d.enforce_parameter_schema,
            options: RunOptions::default(),
            copy_of: None,
        }
    }

    /// "Copy to new run…": `d`'s custom run, starting from `run`'s parameters, tags and job
    /// variables.
    pub fn copy_of(d: &Deployment, run: &FlowRun) -> Self {
        RunnableDeployment {
            parameters: run.parameters.clone(),
            options: RunOptions::copied_from(run),
            copy_of: Some(run.name.clone()),
            ..RunnableDeployment::of(d)
        }
    }
}

/// The custom-run dialog, as the `custom_run` chunk hands it to the button.
pub type CustomRunDialogView = fn(RunnableDeployment, ActionState, ReadSignal<u32>) -> AnyView;

/// What the `custom_run` chunk holds (its split point is in `pages::lazy`).
pub fn custom_run_dialog(
    deployment: RunnableDeployment,
    state: ActionState,
    requests: ReadSignal<u32>,
) -> AnyView {
    view! { <CustomRunDialog deployment state requests /> }.into_any()
}

/// The "Custom run…" button; its form dialog comes with the first press (a failed fetch is
/// said beside the button, and the next press tries again).
#[component]
pub fn CustomRun(
    /// The deployment to run.
    deployment: RunnableDeployment,
    /// The action group it reports in.
    state: ActionState,
) -> impl IntoView {
    let requests = RwSignal::new(0_u32);
    let dialog = OnDemand::<CustomRunDialogView>::provided();
    let (label, action) = if deployment.copy_of.is_some() {
        ("Copy to new run…", "Copy to new run")
    } else {
        ("Custom run…", "Custom run")
    };
    let deployment = StoredValue::new(deployment);
    let open = move |_| {
        requests.update(|n| *n = n.wrapping_add(1));
        dialog.fetch_provided();
    };
    view! {
        <button
            type="button"
            data-testid="action"
            data-action=action
            disabled=move || state.in_flight()
            on:click=open
        >
            {label}
        </button>
        {dialog.failure_note("custom-run-failed", "The form")}
        {move || {
            dialog.part.get().map(|view| view(deployment.get_value(), state, requests.read_only()))
        }}
    }
}

/// The form dialog; it opens on every new press of the button (`requests`) and keeps what
/// was typed between openings.
#[component]
fn CustomRunDialog(
    /// The deployment to run.
    deployment: RunnableDeployment,
    /// The action group it reports in.
    state: ActionState,
    /// Bumped by each press of the button.
    requests: ReadSignal<u32>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let dialog = NodeRef::<html::Dialog>::new();
    let form_fields = fields(&deployment.schema);
    let raw_only = form_fields.is_err();
    let fields_list = form_fields.clone().unwrap_or_default();
    let form = FormState {
        values: RwSignal::new(initial_values(&fields_list, &deployment.parameters)),
        errors: RwSignal::new(Vec::new()),
    };
    let deployment_parameters = StoredValue::new(deployment.parameters.clone());
    let start_raw = move || {
        deployment_parameters
            .with_value(serde_json::to_string_pretty)
            .unwrap_or_else(|_| "{}".into())
    };
    let raw = RwSignal::new(raw_only.then(start_raw));
    let options = RwSignal::new(deployment.options.clone());
    let failure = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let fields_stored = StoredValue::new(fields_list.clone());
    let deployment = StoredValue::new(deployment);

    // Each press opens it afresh (once the element is there).
    Effect::new(move |_| {
        if requests.get() == 0 {
            return;
        }
        failure.set(None);
        form.errors.set(Vec::new());
        if let Some(element) = dialog.get() {
            let _ = element.show_modal();
        }
    });
    let close = move || {
        if let Some(element) = dialog.get() {
            element.close();
        }
    };
    // Switching to JSON carries what the form holds; switching back fills the form.
    let toggle_raw = move |_| match raw.get_untracked() {
        None => {
            let built = fields_stored.with_value(|f| build(f, &form.values.get_untracked()));
            let text = built
                .ok()
                .and_then(|p| serde_json::to_string_pretty(&Value::Object(p)).ok())
                .unwrap_or_else(start_raw);
            form.errors.set(Vec::new());
            raw.set(Some(text));
        }
        Some(text) => match parse_raw(&text) {
            Ok(parameters) => {
                let values = fields_stored.with_value(|f| initial_values(f, &parameters));
                form.values.set(values);
                form.errors.set(Vec::new());
                raw.set(None);
            }
            Err(errors) => form.errors.set(errors),
        },
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        failure.set(None);
        let request = fields_stored.with_value(|f| {
            custom_run_request(
                f,
                &form.values.get_untracked(),
                raw.get_untracked().as_deref(),
                &options.get_untracked(),
            )
        });
        let mut body = match request {
            Ok(body) => {
                form.errors.set(Vec::new());
                body
            }
            Err(errors) => {
                failure.set(Some(format!(
                    "{} field(s) need fixing before the run can start.",
                    errors.len()
                )));
                form.errors.set(errors);
                return;
            }
        };
        // One key per intended run: kept while a try's outcome is unknown (no second run).
        let target = deployment.get_value();
        let client = context.client();
        let intent = format!("{}.{}.custom", client.api_base(), target.id);
        let sent = serde_json::to_string(&body).unwrap_or_default();
        body.idempotency_key = Some(intent_key(&intent, &sent));
        let enforced = target
            .enforce_parameter_schema
            .then(|| target.schema.clone());
        sending.set(true);
        let invalidations = context.invalidations;
        leptos::task::spawn_local(async move {
            let answer = custom_run(client, target.id, enforced, body).await;
            let _ = sending.try_set(false);
            settle_intent(&intent, answer.is_ok());
            let unknown = matches!(&answer, Err(CustomRunError::Api(e)) if e.outcome_unknown());
            if unknown {
                // Show what the server has: the run may be there.
                invalidations.invalidate(Topic::FlowRuns);
            }
            match answer {
                Ok(run) => {
                    close();
                    state.finish(format!("Created flow run {}", run.name));
                    invalidations.invalidate(Topic::Deployments);
                    invalidations.invalidate(Topic::FlowRuns);
                }
                Err(CustomRunError::Fields(errors)) => {
                    let _ = failure.try_set(Some(format!(
                        "The server found {} problem(s) with these values.",
                        errors.len()
                    )));
                    let _ = form.errors.try_set(errors);
                }
                Err(CustomRunError::Check(error)) => {
                    let _ = failure.try_set(Some(format!(
                        "No run was created: the server's check of these values could not run. {}",
                        action_error(&error)
                    )));
                }
                Err(CustomRunError::Api(error)) => {
                    let _ = failure.try_set(Some(action_error(&error)));
                }
            }
        });
    };
    let form_view = move || match raw.get() {
        Some(_) => view! {
            <div class="field">
                <label for="raw-parameters">"Parameters (JSON)"</label>
                <textarea
                    id="raw-parameters"
                    data-testid="raw-parameters"
                    rows="10"
                    prop:value=move || raw.get().unwrap_or_default()
                    on:input:target=move |ev| raw.set(Some(ev.target().value()))
                ></textarea>
                <span class="field-errors">
                    {move || {
                        form.errors
                            .get()
                            .into_iter()
                            .map(|e| {
                                let text = if e.path.is_empty() {
                                    e.message
                                } else {
                                    format!("{}: {}", e.path, e.message)
                                };
                                view! {
                                    <span
                                        class="field-error"
                                        data-testid="field-error"
                                        data-path=e.path
                                    >
                                        {text}
                                    </span>
                                }
                            })
                            .collect_view()
                    }}
                </span>
            </div>
        }
        .into_any(),
        None => fields_stored
            .get_value()
            .into_iter()
            .map(|f| field_view(f, form))
            .collect_view()
            .into_any(),
    };
    let no_fields = fields_list.is_empty() && !raw_only;
    let title = deployment.with_value(|d| match &d.copy_of {
        Some(run) => format!("Copy {run} to a new run of {}", d.name),
        None => format!("Run {} with custom values", d.name),
    });
    let raw_reason = form_fields.err().map(|why| {
        view! { <p class="muted">{format!("The parameters are edited as JSON: {why}.")}</p> }
    });
    view! {
        <dialog
            node_ref=dialog
            class="confirm-dialog run-form"
            data-testid="custom-run"
            aria-labelledby="custom-run-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                close();
            }
        >
            <form on:submit=submit novalidate>
                <h2 id="custom-run-title">{title}</h2>
                <h3>"Parameters"</h3>
                {raw_reason}
                {no_fields.then(|| view! { <p class="muted">"This flow takes no parameters."</p> })}
                {form_view}
                {(!raw_only && !no_fields)
                    .then(|| {
                        view! {
                            <button type="button" data-testid="raw-toggle" on:click=toggle_raw>
                                {move || {
                                    if raw.get().is_some() {
                                        "Back to the form"
                                    } else {
                                        "Edit as JSON"
                                    }
                                }}
                            </button>
                        }
                    })}
                <h3>"Run"</h3>
                {option_input(
                    "Name (empty: generated)",
                    "run-name",
                    "",
                    form,
                    Signal::derive(move || options.get().name),
                    move |v| options.update(|o| o.name = v),
                )}
                {option_input(
                    "Tags (comma-separated)",
                    "run-tags",
                    "",
                    form,
                    Signal::derive(move || options.get().tags),
                    move |v| options.update(|o| o.tags = v),
                )}
                {option_input(
                    "Start (empty: now)",
                    "run-start",
                    "2026-12-02T09:30:00Z",
                    form,
                    Signal::derive(move || options.get().start),
                    move |v| options.update(|o| o.start = v),
                )}
                <div class="field">
                    <label for="param-run-job_variables">
                        "Job variables (JSON, overrides the deployment's)"
                    </label>
                    <textarea
                        id="param-run-job_variables"
                        data-testid="run-job-variables"
                        rows="3"
                        prop:value=move || options.get().job_variables
                        on:input:target=move |ev| {
                            options.update(|o| o.job_variables = ev.target().value())
                        }
                    ></textarea>
                    {error_list(form, "run.job_variables".to_string())}
                </div>
                <p class="field-error" role="alert" data-testid="custom-run-error">
                    {move || failure.get()}
                </p>
                <div class="confirm-dialog__buttons">
                    <button type="button" data-testid="custom-run-back" on:click=move |_| close()>
                        "Back"
                    </button>
                    <button
                        type="submit"
                        class="danger"
                        data-testid="custom-run-submit"
                        disabled=move || sending.get()
                    >
                        {move || if sending.get() { "Starting…" } else { "Run" }}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
