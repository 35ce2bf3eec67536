//! New global and tag concurrency limits, and a global limit's edit. The rules are in
//! `domain::limit_forms`, the calls in `loaders::manage`.

use super::form_dialog::{FieldInput, FormDialog, FormField, FormPlan, Planner};
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::domain::forms::FormValues;
use crate::domain::limit_forms::{
    global_create, global_update, global_values, new_global_values, tag_create, ACTIVE, DECAY,
    LIMIT, NAME, TAG, TAG_LIMIT,
};
use crate::loaders::manage::{
    create_concurrency_limit, create_global_concurrency_limit, update_global_concurrency_limit,
};
use crate::schemas::GlobalConcurrencyLimitResponse;
use leptos::prelude::*;
use std::sync::Arc;

fn global_fields() -> Vec<FormField> {
    vec![
        FormField::new(NAME, "Name", FieldInput::Text)
            .hint("What concurrency(\"…\") and rate_limit(\"…\") name."),
        FormField::new(LIMIT, "Limit", FieldInput::Number)
            .hint("Slots at once; 0 lets nothing through."),
        FormField::new(DECAY, "Slots freed per second", FieldInput::Text)
            .hint("A rate limit frees slots at this rate; 0: freed when released."),
        FormField::new(ACTIVE, "Active", FieldInput::Check)
            .hint("An inactive limit is not enforced."),
    ]
}

/// "New global limit…".
#[component]
pub fn NewGlobalLimit(
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = global_create(values)?;
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(create_global_concurrency_limit(client, body))),
        })
    });
    view! {
        <FormDialog
            label="New global limit…"
            testid="new-global-limit"
            title="New global concurrency limit"
            save="Create limit"
            fields=global_fields()
            initial=Signal::stored(new_global_values())
            plan
            state
            topics=vec![Topic::FlowRuns]
            opener
        />
    }
}

/// "Edit…" a global limit: name, limit, slot decay, on/off.
#[component]
pub fn EditGlobalLimit(
    /// The limit as its row shows it.
    limit: GlobalConcurrencyLimitResponse,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let initial = global_values(&limit);
    let title = format!("Edit the global limit {}", limit.name);
    let limit = Arc::new(limit);
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = global_update(&limit, values)?;
        let (id, name) = (limit.id, limit.name.clone());
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| {
                Box::pin(update_global_concurrency_limit(client, id, name, body))
            }),
        })
    });
    view! {
        <FormDialog
            label="Edit…"
            testid="edit-global-limit"
            title
            save="Save"
            fields=global_fields()
            initial=Signal::stored(initial)
            plan
            state
            topics=vec![Topic::FlowRuns]
            opener
        />
    }
}

/// "New tag limit…"; `existing` are the tags that have one (refused here: the server's
/// create would change that limit).
#[component]
pub fn NewTagLimit(
    /// The tags that have a limit.
    existing: Vec<String>,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = tag_create(values, &existing)?;
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(create_concurrency_limit(client, body))),
        })
    });
    view! {
        <FormDialog
            label="New tag limit…"
            testid="new-tag-limit"
            title="New tag concurrency limit"
            save="Create limit"
            fields=vec![
                FormField::new(TAG, "Tag", FieldInput::Text)
                    .hint("Task runs with this tag share the limit."),
                FormField::new(TAG_LIMIT, "Limit", FieldInput::Number)
                    .hint("Task runs at once; 0 lets none run."),
            ]
            initial=Signal::stored(FormValues::new())
            plan
            state
            topics=vec![Topic::FlowRuns]
            opener
        />
    }
}
