//! Deleting several of a list's rows at once: a tick on each row ([`select_box`]) and, while
//! any is ticked, a bar that says how many, clears them, and deletes them behind a
//! confirmation that says what goes with them. Hidden when the dashboard is read-only.

use super::{ActionFuture, ActionState, ActionStatus, ConfirmAction};
use crate::api::invalidation::Topic;
use leptos::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The rows ticked (id → name), provided to a list's rows when the dashboard may change
/// things.
#[derive(Clone, Copy)]
pub struct Selection(pub RwSignal<BTreeMap<Uuid, String>>);

impl Selection {
    /// A selection, provided to the page's rows unless the dashboard is read-only.
    pub fn provide(read_only: bool) -> RwSignal<BTreeMap<Uuid, String>> {
        let selected = RwSignal::new(BTreeMap::new());
        if !read_only {
            provide_context(Selection(selected));
        }
        selected
    }
}

/// A row's tick (none when nothing provided a [`Selection`]).
pub fn select_box(id: Uuid, name: String, testid: &'static str) -> Option<impl IntoView> {
    let Selection(selected) = use_context::<Selection>()?;
    Some(view! {
        <input
            type="checkbox"
            class="row-select"
            data-testid=testid
            aria-label=format!("Select {name}")
            prop:checked=move || selected.with(|s| s.contains_key(&id))
            on:change=move |_| {
                selected
                    .update(|s| {
                        if s.remove(&id).is_none() {
                            s.insert(id, name.clone());
                        }
                    })
            }
        />
    })
}

/// The bar over a list while rows are ticked: how many, Clear, and Delete behind a
/// confirmation; a delete that went clears the ticks.
#[component]
pub fn DeleteSelected(
    /// The ticked rows.
    selected: RwSignal<BTreeMap<Uuid, String>>,
    /// The action group the answer goes to (it outlives the bar).
    state: ActionState,
    /// The list's name in test ids ("deployments": `deployments-bulk`, …).
    testid: &'static str,
    /// What a row is, one and several ("deployment", "deployments").
    noun: (&'static str, &'static str),
    /// What goes, in words (a signal: it may be counted while the dialog is open).
    #[prop(into)]
    body: Signal<String>,
    /// The confirm button's label ("Delete deployments").
    confirm: &'static str,
    /// Deletes the ticked rows, given as (id, name).
    act: Callback<Vec<(Uuid, String)>, ActionFuture>,
    /// What the delete changes, to refetch when it is done.
    topics: Vec<Topic>,
) -> impl IntoView {
    let count = move || selected.with(BTreeMap::len);
    let title = Signal::derive(move || match count() {
        1 => format!("Delete 1 {}?", noun.0),
        n => format!("Delete {n} {}?", noun.1),
    });
    let act = Callback::new(move |()| {
        let ticked: Vec<(Uuid, String)> =
            selected.with_untracked(|s| s.iter().map(|(id, name)| (*id, name.clone())).collect());
        let sent = act.run(ticked);
        Box::pin(async move {
            let answer = sent.await;
            if answer.is_ok() {
                let _ = selected.try_set(BTreeMap::new());
            }
            answer
        }) as ActionFuture
    });
    let topics = StoredValue::new(topics);
    view! {
        <Show when=move || { count() > 0 }>
            <div
                class="actions bulk-bar"
                data-testid=format!("{testid}-bulk")
                role="group"
                aria-label=format!("Selected {}", noun.1)
            >
                <span data-testid=format!(
                    "{testid}-selected",
                )>{move || format!("{} selected", count())}</span>
                <button type="button" on:click=move |_| selected.set(BTreeMap::new())>
                    "Clear"
                </button>
                <ConfirmAction
                    state
                    label="Delete"
                    title
                    body
                    confirm
                    act
                    topics=topics.get_value()
                    danger=true
                />
            </div>
        </Show>
        <p data-testid=format!("{testid}-bulk-status")>
            <ActionStatus state />
        </p>
    }
}
