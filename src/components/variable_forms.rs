//! A new variable and a variable's edit (name, value as text or JSON, tags). The rules are
//! in `domain::variable_forms`, the calls in `loaders::manage`.

use super::form_dialog::{FieldInput, FormDialog, FormField, FormPlan, Planner};
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::domain::forms::FormValues;
use crate::domain::variable_forms::{
    kinds, new_values, variable_create, variable_update, variable_values, KIND, NAME, TAGS, VALUE,
};
use crate::loaders::manage::{create_variable, update_variable};
use crate::schemas::Variable;
use leptos::prelude::*;
use std::sync::Arc;

fn fields() -> Vec<FormField> {
    vec![
        FormField::new(NAME, "Name", FieldInput::Text)
            .hint("Lowercase letters, numbers, dashes and underscores."),
        FormField::new(KIND, "Value is", FieldInput::Choice(kinds())),
        FormField::new(VALUE, "Value", FieldInput::Lines(6))
            .hint("Text is kept as typed; JSON is read as JSON. At most 5,000 bytes as JSON."),
        FormField::new(TAGS, "Tags", FieldInput::Text).hint("Comma-separated."),
    ]
}

/// "New variable…".
#[component]
pub fn NewVariable(
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = variable_create(values)?;
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(create_variable(client, body))),
        })
    });
    view! {
        <FormDialog
            label="New variable…"
            testid="new-variable"
            title="New variable"
            save="Create variable"
            fields=fields()
            initial=Signal::stored(new_values())
            plan
            state
            topics=vec![Topic::Variables]
            opener
        />
    }
}

/// "Edit…" a variable: its name, value and tags.
#[component]
pub fn EditVariable(
    /// The variable as its row shows it.
    variable: Variable,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let initial = variable_values(&variable);
    let title = format!("Edit the variable {}", variable.name);
    let variable = Arc::new(variable);
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = variable_update(&variable, values)?;
        let (id, name) = (variable.id, variable.name.clone());
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(update_variable(client, id, name, body))),
        })
    });
    view! {
        <FormDialog
            label="Edit…"
            testid="edit-variable"
            title
            save="Save"
            fields=fields()
            initial=Signal::stored(initial)
            plan
            state
            topics=vec![Topic::Variables]
            opener
        />
    }
}
