use super::ConfirmDialog;
use crate::api::invalidation::Topic;
use crate::api::ApiError;
use crate::context::AppContext;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// What an action sends: the status line on success, the error otherwise.
pub type ActionFuture = Pin<Box<dyn Future<Output = Result<String, ApiError>>>>;

/// The state a group of action buttons shares, owned by the part of the page that stays
/// while the buttons change (Pause becomes Resume): one action in flight at a time, and the
/// last answer.
#[derive(Clone, Copy)]
pub struct ActionState {
    in_flight: RwSignal<bool>,
    status: RwSignal<Option<String>>,
}

impl Default for ActionState {
    fn default() -> Self {
        ActionState {
            in_flight: RwSignal::new(false),
            status: RwSignal::new(None),
        }
    }
}

/// The status line of an `ActionState`: "Sending…", then what the server said.
#[component]
pub fn ActionStatus(
    /// The group's state.
    state: ActionState,
) -> impl IntoView {
    let ActionState { in_flight, status } = state;
    view! {
        <span class="actions__status" role="status" aria-live="polite" data-testid="action-status">
            {move || if in_flight.get() { Some("Sending…".to_string()) } else { status.get() }}
        </span>
    }
}

/// One action button behind a confirmation: disabled while any action of its group is in
/// flight, the server's answer in the group's status line, and `topics` refetched at once.
#[component]
pub fn ConfirmAction(
    /// The group's state (in flight, last answer).
    state: ActionState,
    /// The button's text ("Pause").
    label: &'static str,
    /// The question, naming the object ("Pause the deployment nightly?").
    #[prop(into)]
    title: String,
    /// What will happen, in a sentence.
    #[prop(into)]
    body: String,
    /// The confirm button's label ("Pause deployment").
    confirm: &'static str,
    /// Sends the action (called once per confirmation).
    act: Callback<(), ActionFuture>,
    /// What the action changes, to refetch when it is done.
    topics: Vec<Topic>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let open = RwSignal::new(false);
    let ActionState { in_flight, status } = state;
    let topics = StoredValue::new(topics);
    let on_close = Callback::new(move |()| open.set(false));
    let on_confirm = Callback::new(move |()| {
        open.set(false);
        in_flight.set(true);
        status.set(None);
        let sent = act.run(());
        let invalidations = context.invalidations;
        leptos::task::spawn_local(async move {
            let result = sent.await;
            let _ = in_flight.try_set(false);
            let _ = status.try_set(Some(result.unwrap_or_else(|error| error.to_string())));
            if let Some(topics) = topics.try_get_value() {
                for topic in topics {
                    invalidations.invalidate(topic);
                }
            }
        });
    });
    view! {
        <button
            type="button"
            data-testid="action"
            data-action=label
            disabled=move || in_flight.get()
            on:click=move |_| open.set(true)
        >
            {label}
        </button>
        <ConfirmDialog
            open
            title=Signal::stored(title)
            body=Signal::stored(body)
            confirm=Signal::stored(confirm.to_string())
            on_confirm
            on_close
        />
    }
}
