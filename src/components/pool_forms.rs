//! The forms that change work pools and their queues: a new pool (its type from the
//! server's registry, loaded on the first press), a pool's edit, a new queue, a queue's
//! edit, and the queues' order. Each is a `FormDialog`; the rules are in
//! `domain::work_pool_forms`, the calls in `loaders::manage`.

use super::form_dialog::{
    FieldInput, FormDialog, FormField, FormFuture, FormPlan, LoadedForm, Planner,
};
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::forms::{order_list, order_text, FieldError, FormValues};
use crate::domain::work_pool_forms::{
    label, new_pool_values, pool_create, pool_create_lines, pool_update, pool_values,
    priority_changes, queue_create, queue_create_lines, queue_update, queue_values, type_chosen,
    Ranked, CONCURRENCY, DESCRIPTION, NAME, PRIORITY, TEMPLATE, TYPE,
};
use crate::loaders::manage::{
    create_work_pool, create_work_queue, set_queue_priorities, update_work_pool, update_work_queue,
    worker_types,
};
use crate::routes;
use crate::schemas::{WorkPool, WorkQueue, WorkerTypeMetadata};
use leptos::prelude::*;
use std::sync::Arc;

/// The path of the priorities form's one field: the queues' names in their new order.
const ORDER: &str = "order";

fn concurrency_field() -> FormField {
    FormField::new(CONCURRENCY, "Concurrency limit", FieldInput::Number)
        .hint("Runs at once; empty: no limit.")
}

fn template_field() -> FormField {
    FormField::new(TEMPLATE, "Base job template (JSON)", FieldInput::Lines(14)).hint(
        "The job configuration and the variables its deployments may set; the server checks \
         that every placeholder names a variable.",
    )
}

/// "New work pool…": the registry's worker types load on the first press, then the form
/// opens; a created pool's page is where the user lands.
#[component]
pub fn NewWorkPool(
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let navigate = leptos_router::hooks::use_navigate();
    let form = move |types: Vec<WorkerTypeMetadata>, opener: ReadSignal<u32>| {
        let types = Arc::new(types);
        let choices = types
            .iter()
            .map(|t| (t.worker_type.clone(), label(t)))
            .collect();
        let initial = new_pool_values(&types);
        let follows = Arc::new(move |path: &str, values: &mut FormValues| {
            if path == TYPE {
                type_chosen(values, &types);
            }
        });
        let navigate = navigate.clone();
        let plan: Planner = Arc::new(move |values: &FormValues| {
            let body = pool_create(values)?;
            let lines = pool_create_lines(&body);
            let navigate = navigate.clone();
            Ok(FormPlan {
                lines,
                send: Box::new(move |client| {
                    Box::pin(async move {
                        let name = create_work_pool(client, body).await?;
                        navigate(&context.href(&routes::work_pool(&name)), Default::default());
                        Ok(format!("Created the work pool {name}"))
                    }) as FormFuture
                }),
            })
        });
        view! {
            <FormDialog
                label="New work pool…"
                testid="new-work-pool"
                title="New work pool"
                save="Create work pool"
                fields=vec![
                    FormField::new(TYPE, "Type", FieldInput::Choice(choices))
                        .hint("The kind of worker that runs its flow runs."),
                    FormField::new(NAME, "Name", FieldInput::Text),
                    FormField::new(DESCRIPTION, "Description", FieldInput::Lines(3)),
                    concurrency_field(),
                    template_field(),
                ]
                initial=Signal::stored(initial)
                plan
                follows
                state
                topics=vec![Topic::WorkPools]
                opener
            />
        }
        .into_any()
    };
    view! { <LoadedForm what="the worker types" topic=Topic::Choices load=worker_types form opener /> }
}

/// "Edit…" a work pool: description, concurrency limit, base job template.
#[component]
pub fn EditWorkPool(
    /// The pool as it is now (a refresh while the form is open keeps the form).
    #[prop(into)]
    pool: Signal<WorkPool>,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let initial = Signal::derive(move || pool.with(pool_values));
    let title = pool.with_untracked(|p| format!("Edit the work pool {}", p.name));
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = pool.with_untracked(|p| pool_update(p, values))?;
        let name = pool.with_untracked(|p| p.name.clone());
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(update_work_pool(client, name, body))),
        })
    });
    view! {
        <FormDialog
            label="Edit…"
            testid="edit-work-pool"
            title
            save="Save"
            fields=vec![
                FormField::new(DESCRIPTION, "Description", FieldInput::Lines(3)),
                concurrency_field(),
                template_field(),
            ]
            initial
            plan
            state
            topics=vec![Topic::WorkPools]
            opener
        />
    }
}

fn priority_field() -> FormField {
    FormField::new(PRIORITY, "Priority", FieldInput::Number)
        .hint("1 is served first; the queues at this number and below move down one.")
}

/// "New work queue…" in a pool.
#[component]
pub fn NewWorkQueue(
    /// The pool's name.
    pool: String,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let title = format!("New work queue in {pool}");
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let body = queue_create(values)?;
        let lines = queue_create_lines(&pool, &body);
        let pool = pool.clone();
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(create_work_queue(client, pool, body))),
        })
    });
    view! {
        <FormDialog
            label="New work queue…"
            testid="new-work-queue"
            title
            save="Create work queue"
            fields=vec![
                FormField::new(NAME, "Name", FieldInput::Text),
                FormField::new(DESCRIPTION, "Description", FieldInput::Lines(3)),
                concurrency_field(),
                FormField::new(PRIORITY, "Priority", FieldInput::Number)
                    .hint("1 is served first; empty: the first free number."),
            ]
            initial=Signal::stored(FormValues::new())
            plan
            state
            topics=vec![Topic::WorkPools]
            opener
        />
    }
}

/// "Edit…" a work queue: description, concurrency limit, priority.
#[component]
pub fn EditWorkQueue(
    /// The queue as it is now (it names its pool; a refresh keeps an open form).
    #[prop(into)]
    queue: Signal<WorkQueue>,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let initial = Signal::derive(move || queue.with(queue_values));
    let title = queue.with_untracked(|q| format!("Edit the work queue {}", q.name));
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = queue.with_untracked(|q| queue_update(q, values))?;
        let (pool, name) = queue
            .with_untracked(|q| (q.work_pool_name.clone().unwrap_or_default(), q.name.clone()));
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(update_work_queue(client, pool, name, body))),
        })
    });
    view! {
        <FormDialog
            label="Edit…"
            testid="edit-work-queue"
            title
            save="Save"
            fields=vec![
                FormField::new(DESCRIPTION, "Description", FieldInput::Lines(3)),
                concurrency_field(),
                priority_field(),
            ]
            initial
            plan
            state
            topics=vec![Topic::WorkPools]
            opener
        />
    }
}

/// The order typed into the priorities form (a JSON list of names; anything else is the
/// order as it was).
fn order_of(values: &FormValues, queues: &[Ranked]) -> Vec<Ranked> {
    let names = order_list(values.get(ORDER).map_or("", String::as_str));
    let order: Vec<Ranked> = names
        .iter()
        .filter_map(|n| queues.iter().find(|q| &q.name == n).cloned())
        .collect();
    if order.len() == queues.len() {
        order
    } else {
        queues.to_vec()
    }
}

/// "Change priorities…": the pool's queues in the order their runs are served, each moved
/// up or down; a save sets the priorities that give that order.
#[component]
pub fn QueuePriorities(
    /// The pool's name.
    pool: String,
    /// Its queues by priority (`by_priority`; a refresh keeps an open form).
    #[prop(into)]
    queues: Signal<Vec<Ranked>>,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let initial = Signal::derive(move || {
        let names: Vec<String> = queues.with(|q| q.iter().map(|q| q.name.clone()).collect());
        FormValues::from([(ORDER.to_string(), order_text(&names))])
    });
    let title = format!("The order of {pool}'s work queues");
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let ranked = queues.get_untracked();
        let order = order_of(values, &ranked);
        let changes = priority_changes(&order);
        let lines = changes
            .iter()
            .map(|(name, p)| {
                let was = ranked
                    .iter()
                    .find(|q| &q.name == name)
                    .map_or(0, |q| q.priority);
                format!("{name}: priority {was} → {p}")
            })
            .collect();
        let pool = pool.clone();
        Ok::<_, Vec<FieldError>>(FormPlan {
            lines,
            send: Box::new(move |client| Box::pin(set_queue_priorities(client, pool, changes))),
        })
    });
    view! {
        <FormDialog
            label="Change priorities…"
            testid="queue-priorities"
            title
            save="Save order"
            fields=vec![
                FormField::new(ORDER, "Served first to last", FieldInput::Order)
                    .hint("A worker takes runs from the first queue that has any."),
            ]
            initial
            plan
            state
            topics=vec![Topic::WorkPools]
            opener
        />
    }
}
