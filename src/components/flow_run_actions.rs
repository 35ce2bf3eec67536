use super::on_demand_form::{ManagedForm, OnDemandForm};
use super::run_actions::{label, RunActionDialog, RunActions, RunsTarget};
use super::ActionStatus;
use crate::domain::actions::{menu, FlowRunAction, RunFacts};
use crate::domain::resume_input::waits_for_input;
use crate::schemas::{FlowRun, TaskRun};
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
    let actions = RunActions::new(false).of_page();
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
        let with_input = waiting.with(Option::is_some);
        one_run_buttons(
            actions,
            RunsTarget::One {
                id: run.id,
                name: run.name.clone(),
                facts: RunFacts::from(&run),
            },
            "flow-run-action",
            move |action| with_input && matches!(action, FlowRunAction::Resume),
        )
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

/// The buttons of the actions one run allows now (`target` is that run), but those
/// `left_out`, each opening the group's confirmation.
fn one_run_buttons(
    actions: RunActions,
    target: RunsTarget,
    testid: &'static str,
    left_out: impl Fn(&FlowRunAction) -> bool,
) -> Vec<AnyView> {
    let RunsTarget::One { facts, .. } = &target else {
        return Vec::new();
    };
    menu(facts)
        .into_iter()
        .filter(|action| !left_out(action))
        .map(|action| {
            let text = label(&action);
            // Deleting cannot be undone: it stands apart, at the end, in red.
            let danger = matches!(action, FlowRunAction::Delete);
            let target = target.clone();
            view! {
                <button
                    type="button"
                    data-testid=testid
                    data-action=text
                    class:danger=danger
                    disabled=move || actions.state.in_flight()
                    on:click=move |_| actions.open(action.clone(), target.clone())
                >
                    {text}
                </button>
            }
            .into_any()
        })
        .collect()
}

/// What a task run allows from its page (change its state, delete it), each behind the
/// same confirmation as a flow run's; the status line says what the server did.
#[component]
pub fn TaskRunActions(
    /// The task run, once loaded.
    #[prop(into)]
    run: Signal<Option<TaskRun>>,
    /// Called once the task run is deleted.
    #[prop(optional)]
    on_deleted: Option<Callback<()>>,
) -> impl IntoView {
    let actions = RunActions::for_task_runs(false, None).of_page();
    provide_context(actions);
    let buttons = move || {
        run.with(|run| {
            run.as_ref()
                .map(|run| {
                    let target = RunsTarget::One {
                        id: run.id,
                        name: run.name.clone(),
                        facts: RunFacts::from(run),
                    };
                    one_run_buttons(actions, target, "task-run-action", |_| false)
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div
            class="actions"
            data-testid="task-run-actions"
            role="group"
            aria-label="Task run actions"
        >
            {buttons}
            <ActionStatus state=actions.state />
        </div>
        <RunActionDialog on_deleted=on_deleted.unwrap_or(Callback::new(|()| {})) />
    }
}
