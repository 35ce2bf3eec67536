use super::run_actions::{label, RunActionDialog, RunActions, RunsTarget};
use super::ActionStatus;
use crate::domain::actions::{menu, FlowRunAction, RunFacts};
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
    let buttons = move || {
        let Some(run) = run.get() else {
            return Vec::new();
        };
        let facts = RunFacts::from(&run);
        menu(&facts)
            .into_iter()
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
            {buttons}
            <ActionStatus state=actions.state />
        </div>
        <RunActionDialog on_deleted=on_deleted.unwrap_or(Callback::new(|()| {})) />
    }
}
