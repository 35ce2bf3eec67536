use super::on_demand_form::{ManagedForm, OnDemandForm};
use super::run_actions::{label, RunActionDialog, RunActions, RunsTarget};
use super::ActionStatus;
use crate::domain::actions::{menu, FlowRunAction, RunFacts};
use crate::domain::resume_input::waits_for_input;
use crate::schemas::FlowRun;
use leptos::prelude::*;

/// The actions a flow run allows now (cancel, retry, pause, resume, change state, delete),
/// each behind a confirmation. While one is in flight the buttons are disabled and say so;
/// afterwards the run and every runs list refetch at once and a status line says what the
/// server did.
#[component]
pub fn FlowRunActions(
    /// The run, once loaded.
    #[prop(into)]
    run: Signal<Option<FlowRun>>,
    /// Called once the run is deleted.
    #[prop(optional)]
    on_deleted: Option<Callback<()>>,
) -> impl IntoView {
    let actions = RunActions::new(false);
    provide_context(actions);
    // A run paused for input resumes through its form, not with a bare Resume (kept while
    // the run refreshes, so an open form stays).
    let waiting = Memo::new(move |_| {
        run.with(|r| {
            r.as_ref()
                .and_then(|r| waits_for_input(r).map(|keys| (r.id, r.name.clone(), keys)))
        })
    });
    let resume_with_input = move || {
        waiting.get().map(|(id, name, keys)| {
            view! {
                <OnDemandForm
                    label="Resume with input…"
                    testid="flow-run-action"
                    form=ManagedForm::ResumeWithInput {
                        id,
                        name,
                        keys,
                    }
                    state=actions.state
                />
            }
        })
    };
    let buttons = move || {
        let Some(run) = run.get() else {
            return Vec::new();
        };
        let facts = RunFacts::from(&run);
        let with_input = waiting.with(Option::is_some);
        menu(&facts)
            .into_iter()
            .filter(|action| !(with_input && matches!(action, FlowRunAction::Resume)))
            .map(|action| {
                let text = label(&action);
                // Deleting cannot be undone: it stands apart, at the end, in red.
                let danger = matches!(action, FlowRunAction::Delete);
                let target = RunsTarget::One {
                    id: run.id,
                    name: run.name.clone(),
                    facts: facts.clone(),
                };
                view! {
                    <button
                        type="button"
                        data-testid="flow-run-action"
                        data-action=text
                        class:danger=danger
                        disabled=move || actions.state.in_flight()
                        on:click=move |_| actions.open(action.clone(), target.clone())
                    >
                        {text}
                    </button>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <div
            class="actions"
            data-testid="flow-run-actions"
            role="group"
            aria-label="Flow run actions"
        >
            {resume_with_input}
            {buttons}
            <ActionStatus state=actions.state />
        </div>
        <RunActionDialog on_deleted=on_deleted.unwrap_or(Callback::new(|()| {})) />
    }
}
