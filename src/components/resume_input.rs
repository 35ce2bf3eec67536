//! "Resume with input…": a run paused or suspended with `wait_for_input` resumes with the
//! values of a form built from the schema it stored (loaded on the first press), checked
//! here and again by the server, whose refusal stays in the form in its words.

use super::form_dialog::{FieldInput, FormDialog, FormField, FormPlan, Planner};
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::context::AppContext;
use crate::domain::forms::FormValues;
use crate::domain::resume_input::{input_fields, run_input, InputKeys, INPUT};
use crate::loaders::actions::{input_form, resume_with_input};
use leptos::prelude::*;
use std::sync::Arc;
use uuid::Uuid;

/// The button and, once its schema is in, the form.
#[component]
pub fn ResumeWithInput(
    /// The paused run.
    id: Uuid,
    /// Its name, for the form's title.
    name: String,
    /// Where its input's schema and description are kept.
    keys: InputKeys,
    /// The action group the answer goes to.
    state: ActionState,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    if context.read_only() {
        return ().into_any();
    }
    let requests = RwSignal::new(0_u32);
    let wanted = Memo::new(move |_| (requests.get() > 0).then(|| keys.clone()));
    let form = context.follow_up(Topic::FlowRun(id), wanted, move |client, keys| {
        input_form(client, id, keys)
    });
    let ready = Memo::new(move |_| matches!(form.get(), FollowUp::Found(_)));
    let title = format!("Resume {name} with input");
    let dialog = move || {
        if !ready.get() {
            return match form.get() {
                FollowUp::Failed(error) => view! {
                    <span class="field-error" role="alert" data-testid="input-form-failed">
                        {format!("The input's form could not be loaded: {error}")}
                    </span>
                }
                .into_any(),
                _ if requests.get() > 0 => {
                    view! { <span class="muted">"Loading the input's form…"</span> }.into_any()
                }
                _ => ().into_any(),
            };
        }
        let Some(found) = (match form.get_untracked() {
            FollowUp::Found(found) => Option::as_ref(&found).cloned(),
            _ => None,
        }) else {
            return ().into_any();
        };
        let fields = if found.schema.is_empty() {
            Err("the run stored no schema the form can use")
        } else {
            input_fields(&found.schema)
        };
        let field = match &fields {
            Ok(list) => FormField::new(INPUT, "Input", FieldInput::Parameters(list.clone())),
            Err(why) => FormField::new(INPUT, "Input (JSON)", FieldInput::Lines(8)).hint(why),
        };
        let initial = match &fields {
            Ok(list) => crate::domain::parameter_form::initial_values(list, &Default::default()),
            Err(_) => FormValues::from([(INPUT.to_string(), "{}".to_string())]),
        };
        let plan: Planner = Arc::new(move |values: &FormValues| {
            let input = run_input(&fields, values)?;
            Ok(FormPlan {
                lines: vec![format!(
                    "Resumes the run with {} value(s) as its input.",
                    input.len()
                )],
                send: Box::new(move |client| Box::pin(resume_with_input(client, id, input))),
            })
        });
        view! {
            <FormDialog
                label="Resume with input…"
                testid="resume-input"
                title=title.clone()
                save="Resume"
                fields=vec![field]
                initial=Signal::stored(initial)
                plan
                state
                topics=vec![Topic::FlowRun(id), Topic::FlowRuns]
                opener=requests.read_only()
                intro=found.description
            />
        }
        .into_any()
    };
    view! {
        <button
            type="button"
            data-testid="flow-run-action"
            data-action="Resume with input"
            disabled=move || state.in_flight()
            on:click=move |_| requests.update(|n| *n = n.wrapping_add(1))
        >
            "Resume with input…"
        </button>
        {dialog}
    }
    .into_any()
}
