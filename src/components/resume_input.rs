//! "Resume with input…": a run paused or suspended with `wait_for_input` resumes with the
//! values of a form built from the schema it stored (loaded on the first press), checked
//! here and again by the server, whose refusal stays in the form in its words.

use super::form_dialog::{FieldInput, FormDialog, FormField, FormPlan, LoadedForm, Planner};
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::domain::forms::FormValues;
use crate::domain::resume_input::{input_fields, run_input, InputKeys, INPUT};
use crate::loaders::actions::{input_form, resume_with_input, InputForm};
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
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let title = format!("Resume {name} with input");
    let form = move |found: InputForm, opener: ReadSignal<u32>| {
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
                opener
                intro=found.description
            />
        }
        .into_any()
    };
    view! {
        <LoadedForm
            what="the input's form"
            topic=Topic::FlowRun(id)
            load=move |client| input_form(client, id, keys.clone())
            form
            opener
        />
    }
}
