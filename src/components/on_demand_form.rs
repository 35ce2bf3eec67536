//! The forms that change what runs and what flows use (pools, queues, deployments,
//! schedules, a paused run's input, variables, concurrency limits, blocks, automations) are one chunk of their own (`forms`),
//! fetched on the first press of any of their buttons: the pages that offer them load
//! without them. A page names the form it wants
//! ([`ManagedForm`]) and shows its button ([`OnDemandForm`]); the chunk builds the form.

use super::automation_forms::{EditAutomation, NewAutomation};
use super::block_forms::{EditBlock, NewBlockForm};
use super::deployment_forms::{DuplicateDeployment, EditDeployment};
use super::limit_forms::{EditGlobalLimit, NewGlobalLimit, NewTagLimit};
use super::pool_forms::{EditWorkPool, EditWorkQueue, NewWorkPool, NewWorkQueue, QueuePriorities};
use super::resume_input::ResumeWithInput;
use super::schedule_forms::ScheduleForms;
use super::variable_forms::{EditVariable, NewVariable};
use super::{ActionState, OnDemand};
use crate::context::AppContext;
use crate::domain::resume_input::InputKeys;
use crate::domain::work_pool_forms::Ranked;
use crate::schemas::{
    BlockDocument, BlockType, Deployment, DeploymentSchedule, GlobalConcurrencyLimitResponse,
    Variable, WorkPool, WorkQueue,
};
use leptos::prelude::*;
use uuid::Uuid;

/// A form of the `forms` chunk, with what it needs from its page.
#[derive(Clone)]
pub enum ManagedForm {
    /// A new work pool (its types load with the form).
    NewWorkPool,
    /// A pool's description, concurrency and base job template.
    EditWorkPool(Signal<WorkPool>),
    /// A new queue in the pool of this name.
    NewWorkQueue(String),
    /// A queue's description, concurrency and priority.
    EditWorkQueue(Signal<WorkQueue>),
    /// The order of a pool's queues.
    QueuePriorities(String, Signal<Vec<Ranked>>),
    /// A deployment's edit.
    EditDeployment(Signal<Deployment>),
    /// A deployment's copy under a new name.
    DuplicateDeployment(Signal<Deployment>),
    /// A paused run's input, and its resume.
    ResumeWithInput {
        id: Uuid,
        name: String,
        keys: InputKeys,
    },
    /// A new variable.
    NewVariable,
    /// A variable's name, value and tags.
    EditVariable(Variable),
    /// A new global concurrency limit.
    NewGlobalLimit,
    /// A global limit's name, limit, slot decay and on/off.
    EditGlobalLimit(GlobalConcurrencyLimitResponse),
    /// A new automation (its choices load with the form).
    NewAutomation,
    /// An automation (id, name), read as stored when the form is first opened.
    EditAutomation(Uuid, String),
    /// A new block of this type (its schema loads with the form).
    NewBlock(BlockType),
    /// A block's values (secrets write-only).
    EditBlock(Box<BlockDocument>),
    /// A new tag limit (the tags that have one are refused).
    NewTagLimit(Vec<String>),
    /// A deployment's schedules, each with its Edit and Delete, and Add (shown, not opened).
    Schedules {
        deployment: Uuid,
        schedules: Signal<Vec<DeploymentSchedule>>,
    },
}

/// What the `forms` chunk hands a page: the form, its action group, and the signal its
/// button bumps to open it.
pub type FormsView = fn(ManagedForm, ActionState, ReadSignal<u32>) -> AnyView;

/// What the `forms` chunk holds (its split point is in `pages::lazy`).
pub fn forms_view(form: ManagedForm, state: ActionState, opener: ReadSignal<u32>) -> AnyView {
    match form {
        ManagedForm::NewWorkPool => view! { <NewWorkPool state opener /> }.into_any(),
        ManagedForm::EditWorkPool(pool) => view! { <EditWorkPool pool state opener /> }.into_any(),
        ManagedForm::NewWorkQueue(pool) => view! { <NewWorkQueue pool state opener /> }.into_any(),
        ManagedForm::EditWorkQueue(queue) => {
            view! { <EditWorkQueue queue state opener /> }.into_any()
        }
        ManagedForm::QueuePriorities(pool, queues) => {
            view! { <QueuePriorities pool queues state opener /> }.into_any()
        }
        ManagedForm::EditDeployment(deployment) => {
            view! { <EditDeployment deployment state opener /> }.into_any()
        }
        ManagedForm::DuplicateDeployment(deployment) => {
            view! { <DuplicateDeployment deployment state opener /> }.into_any()
        }
        ManagedForm::ResumeWithInput { id, name, keys } => {
            view! { <ResumeWithInput id name keys state opener /> }.into_any()
        }
        ManagedForm::NewVariable => view! { <NewVariable state opener /> }.into_any(),
        ManagedForm::EditVariable(variable) => {
            view! { <EditVariable variable state opener /> }.into_any()
        }
        ManagedForm::NewGlobalLimit => view! { <NewGlobalLimit state opener /> }.into_any(),
        ManagedForm::EditGlobalLimit(limit) => {
            view! { <EditGlobalLimit limit state opener /> }.into_any()
        }
        ManagedForm::NewAutomation => view! { <NewAutomation state opener /> }.into_any(),
        ManagedForm::EditAutomation(id, name) => {
            view! { <EditAutomation automation=(id, name) state opener /> }.into_any()
        }
        ManagedForm::NewBlock(block_type) => {
            view! { <NewBlockForm block_type state opener /> }.into_any()
        }
        ManagedForm::EditBlock(doc) => view! { <EditBlock doc=*doc state opener /> }.into_any(),
        ManagedForm::NewTagLimit(existing) => {
            view! { <NewTagLimit existing state opener /> }.into_any()
        }
        ManagedForm::Schedules {
            deployment,
            schedules,
        } => view! { <ScheduleForms deployment schedules /> }.into_any(),
    }
}

/// A form's button: the first press fetches the `forms` chunk (a failed fetch is said
/// beside it; the next press tries again), then the form opens, and each press opens it
/// again. Hidden when the dashboard is read-only.
#[component]
pub fn OnDemandForm(
    /// The button's text ("Edit…"); its `data-action` is the text without "…".
    label: &'static str,
    /// The button's `data-testid`.
    #[prop(default = "action")]
    testid: &'static str,
    /// The form.
    form: ManagedForm,
    /// The action group the answer goes to (the button is disabled while one of its
    /// actions is in flight).
    state: ActionState,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    if context.read_only() {
        return ().into_any();
    }
    let presses = RwSignal::new(0_u32);
    let chunk = OnDemand::<FormsView>::provided();
    let form = StoredValue::new(form);
    view! {
        <button
            type="button"
            data-testid=testid
            data-action=label.trim_end_matches('…')
            disabled=move || state.in_flight()
            on:click=move |_| {
                presses.update(|n| *n = n.wrapping_add(1));
                chunk.fetch_provided();
            }
        >
            {label}
        </button>
        {chunk.failure_note("form-chunk-failed", "The form")}
        // Pressed, and the form's code is still on its way: said, so the press is not lost.
        {move || {
            (presses.get() > 0 && chunk.part.with(Option::is_none) && !chunk.failed.get())
                .then(|| {
                    view! {
                        <span class="muted small" role="status" data-testid="form-chunk-loading">
                            "Loading the form…"
                        </span>
                    }
                })
        }}
        {move || chunk.part.get().map(|view| view(form.get_value(), state, presses.read_only()))}
    }
    .into_any()
}

/// A part of the `forms` chunk shown as soon as it is in (a deployment's schedule forms,
/// once their disclosure is opened): `wanted` starts the fetch.
#[component]
pub fn OnDemandPart(
    /// The part.
    form: ManagedForm,
    /// True once the part is wanted (its disclosure opened).
    #[prop(into)]
    wanted: Signal<bool>,
) -> impl IntoView {
    let chunk = OnDemand::<FormsView>::provided();
    let form = StoredValue::new(form);
    let state = ActionState::default();
    let opener = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if wanted.get() {
            chunk.fetch_provided();
        }
    });
    view! {
        {chunk.failure_note("form-chunk-failed", "The form")}
        {move || chunk.part.get().map(|view| view(form.get_value(), state, opener.read_only()))}
    }
}
