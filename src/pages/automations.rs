//! Automations (`/automations`): each with its trigger and actions in words, whether it is
//! enabled (glyph and text), a confirmed Enable/Disable, Edit… and Delete; New
//! automation…, and ticked automations deleted together.

use crate::api::invalidation::Topic;
use crate::components::{
    api_error_of, select_box, ActionFuture, ActionState, ActionStatus, ConfirmAction,
    DeleteSelected, FetchedSignal, ManagedForm, OnDemandForm, Selection, Time,
};
use crate::context::AppContext;
use crate::domain::automation_forms::delete_words;
use crate::domain::automations::{action_words, trigger_words, Names};
use crate::hooks::use_page_title;
use crate::loaders::automation_forms::delete_automations;
use crate::loaders::automations::{automations, set_enabled, AutomationsList};
use crate::routes;
use crate::schemas::automations::{Automation, AutomationAction};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

/// Enabled or not, as a glyph and words.
#[component]
fn EnabledBadge(
    /// The automation acts on events.
    enabled: bool,
) -> impl IntoView {
    let (glyph, words, class) = if enabled {
        ("●", "Enabled", "health health--healthy")
    } else {
        ("○", "Disabled", "health health--paused")
    };
    view! {
        <span class=class data-testid="automation-enabled">
            <span aria-hidden="true">{glyph}" "</span>
            {words}
        </span>
    }
}

/// The actions of one list (on trigger, on resolve), each a line.
fn action_list(
    heading: &'static str,
    actions: &[AutomationAction],
    names: &Names,
) -> Option<impl IntoView> {
    if actions.is_empty() {
        return None;
    }
    let items = actions
        .iter()
        .map(|a| view! { <li data-testid="automation-action">{action_words(a, names)}</li> })
        .collect_view();
    Some(view! {
        <h3>{heading}</h3>
        <ul>{items}</ul>
    })
}

/// Enable/Disable behind a confirmation.
#[component]
fn EnableToggle(
    /// The automation's id, name and whether it is enabled now.
    automation: (uuid::Uuid, String, bool),
    /// The page's action state (its status line outlives the refetched card).
    state: ActionState,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (id, name, enabled) = automation;
    let act = Callback::new(move |()| {
        Box::pin(set_enabled(context.client(), id, !enabled)) as ActionFuture
    });
    let (label, confirm, body) = if enabled {
        (
            "Disable",
            "Disable automation",
            "It ignores events, and takes no action, until it is enabled again.",
        )
    } else {
        (
            "Enable",
            "Enable automation",
            "It acts on matching events from now on.",
        )
    };
    view! {
        <ConfirmAction
            state
            label
            title=format!("{label} the automation {name}?")
            body
            confirm
            act
            topics=vec![Topic::Automations]
        />
    }
}

/// Enable/Disable, Edit… and Delete of one automation.
fn card_actions(id: Uuid, name: String, enabled: bool, state: ActionState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let delete = Callback::new({
        let name = name.clone();
        move |()| {
            Box::pin(delete_automations(
                context.client(),
                vec![(id, name.clone())],
            )) as ActionFuture
        }
    });
    view! {
        <div class="actions" role="group" aria-label="Automation actions">
            <EnableToggle automation=(id, name.clone(), enabled) state />
            <OnDemandForm
                label="Edit…"
                form=ManagedForm::EditAutomation(id, name.clone())
                state
            />
            <ConfirmAction
                state
                label="Delete"
                title=format!("Delete the automation {name}?")
                body=delete_words(std::slice::from_ref(&name))
                confirm="Delete automation"
                act=delete
                topics=vec![Topic::Automations]
                danger=true
            />
        </div>
    }
}

/// The bar over the cards while automations are ticked.
fn delete_selected(selected: RwSignal<BTreeMap<Uuid, String>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = ActionState::default();
    let body = Signal::derive(move || {
        let mut names: Vec<String> = selected.with(|s| s.values().cloned().collect());
        names.sort();
        delete_words(&names)
    });
    let act = Callback::new(move |ticked: Vec<(Uuid, String)>| {
        Box::pin(delete_automations(context.client(), ticked)) as ActionFuture
    });
    view! {
        <DeleteSelected
            selected
            state
            testid="automations"
            noun=("automation", "automations")
            body
            confirm="Delete automations"
            act
            topics=vec![Topic::Automations]
        />
    }
}

#[component]
fn AutomationCard(
    /// The automation as the server sent it.
    automation: Automation,
    /// Names of what its actions point at.
    names: Names,
    /// Enable/Disable are offered, sharing this state; `None`: read only.
    actions: Option<ActionState>,
) -> impl IntoView {
    let a = automation;
    let trigger = trigger_words(&a.trigger);
    let toggle = actions.map(|state| card_actions(a.id, a.name.clone(), a.enabled, state));
    let tags = a
        .tags
        .iter()
        .map(|t| {
            view! {
                <span class="tag" title=t.clone()>
                    {t.clone()}
                </span>
            }
        })
        .collect_view();
    view! {
        <article class="card" data-testid="automation" data-id=a.id.to_string()>
            <h2 data-testid="automation-name">
                {select_box(a.id, a.name.clone(), "automation-select")} {a.name.clone()}" "
                <EnabledBadge enabled=a.enabled />
            </h2>
            {(!a.description.is_empty()).then(|| view! { <p>{a.description.clone()}</p> })}
            <p data-testid="automation-trigger">{trigger}</p>
            {action_list("Then", &a.actions, &names)}
            {action_list("When it triggers", &a.actions_on_trigger, &names)}
            {action_list("When it resolves", &a.actions_on_resolve, &names)}
            <p class="muted">{tags}" Updated "<Time at=a.updated.or(a.created) relative=true /></p>
            {toggle}
        </article>
    }
}

/// The automations page.
#[component]
pub fn AutomationsPage() -> impl IntoView {
    use_page_title("Automations");
    let context = expect_context::<AppContext>();
    let data = context.resource(Topic::Automations, automations);
    let actions = (!context.read_only()).then(ActionState::default);
    let selected = Selection::provide(context.read_only());
    let bulk = (!context.read_only()).then(|| delete_selected(selected));
    let events = context.href(&routes::events("?event=prefect.automation."));
    let render = move |list: Signal<Arc<AutomationsList>>| {
        let items = move || list.get().automations.clone();
        let names = move || list.get().names.clone().unwrap_or_default();
        view! {
            {move || api_error_of("The deployments their actions name", &list.get().names)}
            <Show
                when=move || !list.with(|l| l.automations.is_empty())
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="no-automations">
                            "No automations on this server. Make one with New automation…, prefect automation create, or from Python."
                        </p>
                    }
                }
            >
                <p class="muted" data-testid="automations-count">
                    {move || {
                        let all = list.with(|l| l.automations.len());
                        let on = list.with(|l| l.automations.iter().filter(|a| a.enabled).count());
                        format!("{all} automations, {on} enabled")
                    }}
                </p>
                <div class="cards">
                    <For
                        each=items
                        key=|a| (a.id, a.enabled, a.updated.map(|t| t.0))
                        children=move |automation| {
                            view! { <AutomationCard automation names=names() actions /> }
                        }
                    />
                </div>
            </Show>
        }
    };
    view! {
        <section class="page">
            <h1>"Automations"</h1>
            <p class="muted">
                "What each automation waits for and does, in words. "
                <a href=events>"Their events"</a>
            </p>
            {actions
                .map(|state| {
                    view! {
                        <div
                            class="actions"
                            data-testid="automations-actions"
                            role="group"
                            aria-label="Automation actions"
                        >
                            <OnDemandForm
                                label="New automation…"
                                form=ManagedForm::NewAutomation
                                state
                            />
                            <ActionStatus state />
                        </div>
                    }
                })}
            {bulk}
            <FetchedSignal
                resource=data
                title="Automations"
                loading="Loading automations…"
                render
            />
        </section>
    }
}
