//! The one form every create and edit goes through (a work pool, a queue, …): a button that
//! opens a modal form, the form's own mistakes and the server's beside the fields they
//! name, what a save will change said in words before it is pressed, and the answer in the
//! action group's status line. Back, Escape or a closed dialog change nothing. Hidden when
//! the dashboard is read-only.

use super::form_fields::field_view;
pub use super::form_fields::{FieldInput, FormField};
use super::{ActionState, Markdown};
use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::api::PrefectClient;
use crate::context::AppContext;
use crate::domain::actions::action_error;
use crate::domain::forms::{FieldError, FormError, FormValues};
use leptos::html;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What a save sends: the status line on success, or why not.
pub type FormFuture = Pin<Box<dyn Future<Output = Result<String, FormError>>>>;

/// What a save of the form as it stands would do: the change lines shown before it is
/// pressed, and the call.
pub struct FormPlan {
    pub lines: Vec<String>,
    pub send: Box<dyn FnOnce(PrefectClient) -> FormFuture>,
}

/// Plans a save from the form's values, or names the fields to fix.
pub type Planner = Arc<dyn Fn(&FormValues) -> Result<FormPlan, Vec<FieldError>> + Send + Sync>;

/// Called after a field changed, to change others that follow from it (a pool's type sets
/// its template).
pub type Follows = Arc<dyn Fn(&str, &mut FormValues) + Send + Sync>;

/// A button opening a form dialog; each opening starts from `initial` (what the object is
/// now), so a form backed out of leaves nothing behind.
#[component]
pub fn FormDialog(
    /// The button's text ("Edit…"); its `data-action` is the text without "…" (unused with
    /// an `opener`).
    label: &'static str,
    /// The dialog's `data-testid`.
    testid: &'static str,
    /// The dialog's heading, naming the object ("Edit the work pool etl").
    #[prop(into)]
    title: String,
    /// The save button's text ("Save", "Create work pool").
    save: &'static str,
    /// The fields, in order.
    fields: Vec<FormField>,
    /// The values each opening starts from.
    #[prop(into)]
    initial: Signal<FormValues>,
    /// What a save of the values would do.
    plan: Planner,
    /// Fields that follow others.
    #[prop(optional)]
    follows: Option<Follows>,
    /// The action group the answer goes to.
    state: ActionState,
    /// What a save changes, to refetch when it is done.
    topics: Vec<Topic>,
    /// Opens the form on each bump instead of a button of its own (a button elsewhere that
    /// first loads what the form needs).
    #[prop(optional)]
    opener: Option<ReadSignal<u32>>,
    /// Markdown shown under the title (what the server says the form is for).
    #[prop(optional_no_strip)]
    intro: Option<String>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    if context.read_only() {
        return ().into_any();
    }
    let dialog = NodeRef::<html::Dialog>::new();
    let values = RwSignal::new(FormValues::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let plan = StoredValue::new(plan);
    let topics = StoredValue::new(topics);
    let follows = StoredValue::new(follows);
    let open = move || {
        values.set(initial.get_untracked());
        errors.set(Vec::new());
        failure.set(None);
        if let Some(element) = dialog.get_untracked() {
            let _ = element.show_modal();
        }
    };
    if let Some(opener) = opener {
        // Each bump opens it afresh, once the element is there.
        Effect::new(move |_| {
            if opener.get() > 0 && dialog.get().is_some() {
                open();
            }
        });
    }
    let close = move || {
        if let Some(element) = dialog.get_untracked() {
            element.close();
        }
    };
    // What a save would change, as the values stand (None: a field needs fixing first).
    let lines =
        Memo::new(move |_| values.with(|v| plan.with_value(|plan| plan(v).ok().map(|p| p.lines))));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        failure.set(None);
        let planned = values.with_untracked(|v| plan.with_value(|plan| plan(v)));
        let planned = match planned {
            Ok(planned) => planned,
            Err(found) => {
                failure.set(Some(format!("{} field(s) need fixing first.", found.len())));
                errors.set(found);
                return;
            }
        };
        errors.set(Vec::new());
        if planned.lines.is_empty() {
            failure.set(Some("Nothing changed: there is nothing to save.".into()));
            return;
        }
        sending.set(true);
        let sent = (planned.send)(context.client());
        let invalidations = context.invalidations;
        leptos::task::spawn_local(async move {
            let answer = sent.await;
            let _ = sending.try_set(false);
            match answer {
                Ok(line) => {
                    close();
                    state.finish(line);
                    if let Some(topics) = topics.try_get_value() {
                        for topic in topics {
                            invalidations.invalidate(topic);
                        }
                    }
                }
                Err(FormError::Fields(found)) => {
                    let _ = failure.try_set(Some(format!(
                        "The server refused {} field(s): see beside them.",
                        found.len()
                    )));
                    let _ = errors.try_set(found);
                }
                Err(FormError::Refused(said)) => {
                    let _ = failure.try_set(Some(said));
                }
                Err(FormError::Partly(said)) => {
                    if let Some(topics) = topics.try_get_value() {
                        for topic in topics {
                            invalidations.invalidate(topic);
                        }
                    }
                    let _ = failure.try_set(Some(said));
                }
                Err(FormError::Api(error)) => {
                    if error.outcome_unknown() {
                        if let Some(topics) = topics.try_get_value() {
                            for topic in topics {
                                invalidations.invalidate(topic);
                            }
                        }
                    }
                    let _ = failure.try_set(Some(action_error(&error)));
                }
            }
        });
    };
    let on_input = move |path: &'static str, text: String| {
        values.update(|v| {
            v.insert(path.to_string(), text);
            follows.with_value(|f| {
                if let Some(follows) = f {
                    follows(path, v);
                }
            });
        });
    };
    let fields_view = fields
        .into_iter()
        .map(|field| match field.shown {
            // Shown while its rule holds (a trigger's fields for the chosen kind).
            Some(shown) => {
                let field = StoredValue::new(field);
                view! {
                    <Show when=move || {
                        values.with(shown)
                    }>
                        {move || field_view(testid, field.get_value(), values, errors, on_input)}
                    </Show>
                }
                .into_any()
            }
            None => field_view(testid, field, values, errors, on_input),
        })
        .collect_view();
    let title_id = format!("{testid}-title");
    let action = label.trim_end_matches('…');
    let button = opener.is_none().then(|| {
        view! {
            <button
                type="button"
                data-testid="action"
                data-action=action
                disabled=move || state.in_flight()
                on:click=move |_| open()
            >
                {label}
            </button>
        }
    });
    view! {
        {button}
        <dialog
            node_ref=dialog
            class="confirm-dialog run-form"
            data-testid=testid
            aria-labelledby=title_id.clone()
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                close();
            }
        >
            <form on:submit=submit novalidate>
                <h2 id=title_id.clone()>{title}</h2>
                {intro
                    .map(|source| {
                        view! {
                            <div class="form-intro" data-testid="form-intro">
                                <Markdown source />
                            </div>
                        }
                    })}
                {fields_view}
                <div class="form-changes" data-testid="form-changes" aria-live="polite">
                    {move || match lines.get() {
                        None => {
                            view! {
                                <p class="muted">
                                    "Fix the marked fields to see what a save changes."
                                </p>
                            }
                                .into_any()
                        }
                        Some(lines) if lines.is_empty() => {
                            view! { <p class="muted">"Nothing changed yet."</p> }.into_any()
                        }
                        Some(lines) => {
                            view! {
                                <p>"Saving will:"</p>
                                <ul>
                                    {lines
                                        .into_iter()
                                        .map(|line| view! { <li>{line}</li> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </div>
                <p class="field-error" role="alert" data-testid="form-error">
                    {move || failure.get()}
                </p>
                <div class="confirm-dialog__buttons">
                    <button type="button" data-testid="form-back" on:click=move |_| close()>
                        "Back"
                    </button>
                    <button
                        type="submit"
                        data-testid="form-save"
                        disabled=move || {
                            sending.get() || lines.with(|l| l.as_ref().is_some_and(Vec::is_empty))
                        }
                    >
                        {move || if sending.get() { "Saving…" } else { save }}
                    </button>
                </div>
            </form>
        </dialog>
    }
    .into_any()
}

/// A form that needs something from the server first (a registry, a list of queues, a
/// stored schema): the first bump of `opener` (the page's button) loads it (through the one
/// door, once), then `form` makes the form from it and opens it; each later bump opens it
/// again. While it loads, and when the load fails, a note says so. Hidden when the
/// dashboard is read-only.
#[component]
pub fn LoadedForm<T, Fut, L, F>(
    /// What is loaded, for the notes ("the worker types").
    what: &'static str,
    /// What a refetch of the load follows.
    topic: Topic,
    /// Loads what the form needs.
    load: L,
    /// The form, from what was loaded; it opens on each bump of the signal it is given.
    form: F,
    /// Bumped by each press of the page's button.
    opener: ReadSignal<u32>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, crate::api::ApiError>> + 'static,
    L: Fn(PrefectClient) -> Fut + 'static,
    F: Fn(T, ReadSignal<u32>) -> AnyView + 'static,
{
    let context = expect_context::<AppContext>();
    if context.read_only() {
        return ().into_any();
    }
    let wanted = Memo::new(move |_| (opener.get() > 0).then_some(()));
    let loaded = context.follow_up(topic, wanted, move |client, ()| load(client));
    let ready = Memo::new(move |_| matches!(loaded.get(), FollowUp::Found(_)));
    let form = StoredValue::new_local(form);
    // Made once, when the load first arrives: a refetch keeps an open form.
    let part = move || {
        if ready.get() {
            return match loaded.get_untracked() {
                FollowUp::Found(found) => Option::as_ref(&found)
                    .cloned()
                    .map(|found| form.with_value(|form| form(found, opener))),
                _ => None,
            }
            .unwrap_or_else(|| ().into_any());
        }
        match loaded.get() {
            FollowUp::Failed(error) => view! {
                <span class="field-error" role="alert" data-testid="form-load-failed">
                    {format!("{} could not be loaded: {error}", capitalized(what))}
                </span>
            }
            .into_any(),
            FollowUp::Pending if opener.get() > 0 => {
                view! { <span class="muted">{format!("Loading {what}…")}</span> }.into_any()
            }
            _ => ().into_any(),
        }
    };
    part.into_any()
}

/// "the worker types" → "The worker types".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
