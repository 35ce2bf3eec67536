use super::ConfirmDialog;
use crate::api::invalidation::Topic;
use crate::api::ApiError;
use crate::context::AppContext;
use crate::domain::actions::{action_error, IntentKey};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// The idempotency key to send `body` with, for the intent named `name` (e.g. a
/// deployment's "Run now"): kept in the tab's storage until a try succeeds, so a page that
/// re-rendered meanwhile, or a reload, still presses with the key of a try whose answer
/// was lost.
pub fn intent_key(name: &str, body: &str) -> String {
    let store = format!("prefect-dashboard.intent.{name}");
    let mut intent = IntentKey::from_stored(crate::platform::tab_value(&store).as_deref());
    let key = intent.key_for(body, crate::platform::random_id);
    crate::platform::set_tab_value(&store, intent.stored().as_deref());
    key
}

/// The try of the intent `name` ended: only success retires its key.
pub fn settle_intent(name: &str, succeeded: bool) {
    let store = format!("prefect-dashboard.intent.{name}");
    let mut intent = IntentKey::from_stored(crate::platform::tab_value(&store).as_deref());
    intent.settle(succeeded);
    crate::platform::set_tab_value(&store, intent.stored().as_deref());
}

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

impl ActionState {
    /// An action of the group is in flight (tracked).
    pub fn in_flight(&self) -> bool {
        self.in_flight.get()
    }

    /// An action was sent: the buttons disable, the last answer goes.
    pub fn start(&self) {
        self.in_flight.set(true);
        self.status.set(None);
    }

    /// A progress line while the action is still in flight ("20 of 40 done").
    pub fn report(&self, line: String) {
        let _ = self.status.try_set(Some(line));
    }

    /// Something to say: an action in flight or its last answer (tracked).
    pub fn has_news(&self) -> bool {
        self.in_flight.get() || self.status.with(Option::is_some)
    }

    /// The last answer was read: the status line empties (not while an action is in flight).
    pub fn dismiss(&self) {
        if !self.in_flight.get_untracked() {
            let _ = self.status.try_set(None);
        }
    }

    /// The action is done: the buttons enable, `line` says what happened.
    pub fn finish(&self, line: String) {
        let _ = self.in_flight.try_set(false);
        let _ = self.status.try_set(Some(line));
    }
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
            {move || match (in_flight.get(), status.get()) {
                (true, Some(progress)) => Some(format!("Sending… {progress}")),
                (true, None) => Some("Sending…".to_string()),
                (false, answer) => answer,
            }}
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
    title: Signal<String>,
    /// What will happen, in a sentence (a signal where it is counted while the dialog is
    /// open).
    #[prop(into)]
    body: Signal<String>,
    /// The confirm button's label ("Pause deployment").
    confirm: &'static str,
    /// Sends the action (called once per confirmation).
    act: Callback<(), ActionFuture>,
    /// What the action changes, to refetch when it is done.
    topics: Vec<Topic>,
    /// It destroys something (a delete): the button is red and set apart.
    #[prop(optional)]
    danger: bool,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let open = RwSignal::new(false);
    let in_flight = state.in_flight;
    let topics = StoredValue::new(topics);
    let on_close = Callback::new(move |()| open.set(false));
    let on_confirm = Callback::new(move |()| {
        open.set(false);
        state.start();
        let sent = act.run(());
        let invalidations = context.invalidations;
        leptos::task::spawn_local(async move {
            let result = sent.await;
            state.finish(result.unwrap_or_else(|error| action_error(&error)));
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
            class:danger=danger
            disabled=move || in_flight.get()
            on:click=move |_| open.set(true)
        >
            {label}
        </button>
        <ConfirmDialog
            open
            title
            body
            confirm=Signal::stored(confirm.to_string())
            on_confirm
            on_close
        />
    }
}
