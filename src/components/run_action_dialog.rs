//! The confirmation of a flow-run action (its own chunk, `run_action`: fetched when a
//! page's first action is chosen): what will happen, to which runs, which are skipped and
//! why; on confirm it sends and reports in the group's status line.

use super::run_actions::{label, MatchingRuns, RunActions, RunsTarget};
use super::ConfirmDialog;
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::actions::{
    action_error, plan, replan, BulkPlan, FlowRunAction, RunFacts, RunKind, FINAL_STATES, MAX_BULK,
};
use crate::hooks::DeleteHold;
use crate::loaders::actions::{act_on_run, act_on_runs, current_facts, matching_runs};
use crate::schemas::StateType;
use leptos::prelude::*;
use uuid::Uuid;

fn consequence(action: &FlowRunAction, kind: RunKind) -> String {
    match action {
        FlowRunAction::Delete if kind == RunKind::Task => {
            "It is deleted with its logs. This cannot be undone.".into()
        }
        FlowRunAction::Cancel => "It moves to Cancelling and its worker stops it; a run that no \
            worker holds goes straight to Cancelled."
            .into(),
        FlowRunAction::Retry => {
            "It is scheduled again (AwaitingRetry) and a worker runs it from the start.".into()
        }
        FlowRunAction::Pause => "It is suspended: its process stops, and when resumed a \
            worker runs it again. Not resumed within 5 minutes, it fails."
            .into(),
        FlowRunAction::Resume => "It goes on from where it paused.".into(),
        FlowRunAction::ChangeState(target) => format!(
            "It is marked {} without running anything, skipping the orchestration rules.",
            target.default_name()
        ),
        FlowRunAction::Delete => {
            "It is deleted with its task runs and logs. This cannot be undone.".into()
        }
    }
}

/// Where the runs of a bulk action stand while the dialog is open.
#[derive(Clone, Debug, PartialEq)]
enum Planned {
    Loading,
    Ready(BulkPlan),
    Failed(String),
}

/// What the `run_action` chunk holds (its split point is in `pages::lazy`).
pub fn run_action_dialog(
    actions: RunActions,
    matching: Option<MatchingRuns>,
    on_deleted: Option<Callback<()>>,
) -> AnyView {
    view! { <Dialog actions matching on_deleted /> }.into_any()
}

/// The dialog itself (see [`super::run_actions::RunActionDialog`]).
#[component]
fn Dialog(
    /// The table's (or page's) controls.
    actions: RunActions,
    /// What "all matching" means, where the table offers it.
    matching: Option<MatchingRuns>,
    /// Called after a run was deleted.
    on_deleted: Option<Callback<()>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let message = RwSignal::new(String::new());
    let target_state = RwSignal::new(StateType::Failed);
    // Every matching run's facts, loaded when "all matching" is chosen.
    let loaded = RwSignal::new(None::<Result<Vec<(Uuid, RunFacts)>, String>>);
    let generation = StoredValue::new(0u64);
    // Opening starts from an empty message and the state the opener proposed.
    Effect::new(move |_| {
        if let Some((action, _)) = actions.pending.get() {
            message.set(String::new());
            if let FlowRunAction::ChangeState(first) = action {
                target_state.set(first);
            }
        }
    });
    // "All matching" loads the runs once per opening.
    Effect::new(move |_| {
        let matching_target = matches!(actions.pending.get(), Some((_, RunsTarget::Matching)));
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        loaded.set(None);
        let (true, Some(matching)) = (matching_target, matching) else {
            return;
        };
        let client = context.client();
        let query = matching.query.get_untracked();
        leptos::task::spawn_local(async move {
            let answer = matching_runs(client, query).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            let answer = answer
                .map(|runs| runs.iter().map(|r| (r.id, RunFacts::from(r))).collect())
                .map_err(|error| action_error(&error));
            let _ = loaded.try_set(Some(answer));
        });
    });
    // The chosen action with the chosen final state in place of the placeholder.
    let chosen = move || {
        actions.pending.get().map(|(action, target)| match action {
            FlowRunAction::ChangeState(_) => {
                (FlowRunAction::ChangeState(target_state.get()), target)
            }
            other => (other, target),
        })
    };
    // Which runs the action is sent for, and which are skipped and why.
    let planned = Memo::new(move |_| {
        let Some((action, target)) = chosen() else {
            return Planned::Loading;
        };
        match target {
            RunsTarget::One { id, facts, .. } => Planned::Ready(plan([(id, &facts)], &action)),
            RunsTarget::Selected => Planned::Ready(
                actions
                    .selected
                    .with(|s| plan(s.iter().map(|(id, (_, facts))| (*id, facts)), &action)),
            ),
            // Every matching run but those unticked since "all matching" was chosen.
            RunsTarget::Matching => match loaded.get() {
                None => Planned::Loading,
                Some(Err(error)) => Planned::Failed(error),
                Some(Ok(runs)) => actions.excluded.with(|excluded| {
                    Planned::Ready(plan(
                        runs.iter()
                            .filter(|(id, _)| !excluded.contains(id))
                            .map(|(id, facts)| (*id, facts)),
                        &action,
                    ))
                }),
            },
        }
    });
    let count = move || match planned.get() {
        Planned::Ready(plan) => plan.send.len(),
        _ => 0,
    };
    let one_name = move || match actions.pending.get() {
        Some((_, RunsTarget::One { name, .. })) => Some(name),
        _ => None,
    };
    let kind = actions.kind;
    let noun = kind.noun();
    let title = Signal::derive(move || {
        let Some((action, _)) = chosen() else {
            return String::new();
        };
        match (one_name(), &action) {
            (Some(name), FlowRunAction::ChangeState(_)) => format!("Change the state of {name}?"),
            (Some(name), action) => format!("{} the {noun} {name}?", label(action)),
            (None, FlowRunAction::ChangeState(_)) => match planned.get() {
                Planned::Ready(_) => format!("Change the state of {} {noun}s?", count()),
                _ => format!("Change the state of the matching {noun}s?"),
            },
            (None, action) => match planned.get() {
                Planned::Ready(_) => format!("{} {} {noun}s?", label(action), count()),
                _ => format!("{} the matching {noun}s?", label(action)),
            },
        }
    });
    let body = Signal::derive(move || {
        let Some((action, _)) = chosen() else {
            return String::new();
        };
        let mut text = consequence(&action, kind);
        match planned.get() {
            Planned::Loading => text.push_str(" Counting the matching runs…"),
            Planned::Failed(error) => {
                text = format!("The matching runs could not be loaded: {error}")
            }
            Planned::Ready(plan) => {
                if let Some(skipped) = plan.skipped_summary() {
                    text.push(' ');
                    text.push_str(&skipped);
                    text.push('.');
                }
                if plan.send.len() + plan.skipped.len() >= MAX_BULK {
                    text.push_str(&format!(
                        " Only the first {MAX_BULK} matching runs are taken: narrow the filters for the rest."
                    ));
                }
            }
        }
        text
    });
    let confirm = Signal::derive(move || match chosen() {
        Some((FlowRunAction::ChangeState(_), _)) => "Change state".to_string(),
        Some((action, RunsTarget::One { .. })) => format!("{} run", label(&action)),
        Some((action, _)) => format!("{} {} runs", label(&action), count()),
        None => String::new(),
    });
    // A memo: the dialog moves focus only when this flips, not on every choice.
    let ready = Signal::from(Memo::new(move |_| count() > 0));
    let on_close = Callback::new(move |()| actions.pending.set(None));
    let on_confirm = Callback::new(move |()| {
        let (Some((action, target)), Planned::Ready(plan)) = (chosen(), planned.get_untracked())
        else {
            return;
        };
        if plan.send.is_empty() {
            return;
        }
        actions.pending.set(None);
        actions.state.start();
        let text = Some(message.get_untracked());
        let client = context.client();
        let invalidations = context.invalidations;
        let state = actions.state;
        leptos::task::spawn_local(async move {
            let deleted = action == FlowRunAction::Delete;
            let line = match target {
                RunsTarget::One { id, .. } => {
                    let topic = match kind {
                        RunKind::Flow => Topic::FlowRun(id),
                        RunKind::Task => Topic::TaskRun(id),
                    };
                    let sent = act_on_run(client, kind, id, action, text);
                    // A run deleted from its own page: the page asks for it no more (the
                    // server's events about the delete would refetch it: a 404).
                    let answer = if deleted {
                        DeleteHold::around(actions.hold, sent, invalidations, topic.clone()).await
                    } else {
                        sent.await
                    };
                    // What is gone is not asked for again.
                    if !(deleted && answer.is_ok()) {
                        invalidations.invalidate(topic);
                        if kind == RunKind::Flow {
                            invalidations.invalidate(Topic::FlowRunLogs(id));
                        }
                    }
                    match answer {
                        Ok(line) => {
                            if deleted {
                                if let Some(on_deleted) = on_deleted {
                                    on_deleted.run(());
                                }
                            }
                            line
                        }
                        Err(error) => action_error(&error),
                    }
                }
                _ => {
                    // Planned against the states read now, not when the rows were ticked: a
                    // run someone else retried or finished meanwhile is skipped, with why.
                    state.report("checking the runs' states".into());
                    match current_facts(&client, kind, &plan.send).await {
                        Err(error) => format!(
                            "Nothing was sent: the runs' states could not be read. {}",
                            action_error(&error)
                        ),
                        Ok(now) => {
                            let fresh = replan(&plan.send, &now, &action);
                            let moved = fresh.skipped_summary();
                            let progress =
                                act_on_runs(client, kind, fresh.send, action, text, move |p| {
                                    state.report(p.line());
                                })
                                .await;
                            actions.clear();
                            match moved {
                                Some(moved) => {
                                    format!("{}; changed since chosen, {moved}", progress.line())
                                }
                                None => progress.line(),
                            }
                        }
                    }
                }
            };
            state.finish(line);
            match kind {
                RunKind::Flow => invalidations.invalidate(Topic::FlowRuns),
                RunKind::Task => invalidations.invalidate(Topic::TaskRuns),
            }
            if let Some(parent) = actions.parent {
                invalidations.invalidate(Topic::FlowRun(parent));
            }
        });
    });
    let is_change = move || {
        matches!(
            actions.pending.get(),
            Some((FlowRunAction::ChangeState(_), _))
        )
    };
    let open = Signal::derive(move || actions.pending.get().is_some());
    let targets = FINAL_STATES.to_vec();
    view! {
        <ConfirmDialog open title body confirm ready on_confirm on_close>
            <Show when=is_change>
                <label>
                    "New state "
                    <select
                        data-testid="change-state-target"
                        prop:value=move || target_state.get().as_str().to_string()
                        on:change:target=move |ev| {
                            target_state.set(StateType::from_wire(&ev.target().value()));
                        }
                    >
                        {targets
                            .iter()
                            .map(|t| {
                                let wire = t.as_str().to_string();
                                view! { <option value=wire>{t.default_name()}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            </Show>
            <label>
                "Message (optional) "
                <input
                    type="text"
                    data-testid="action-message"
                    maxlength="500"
                    prop:value=move || message.get()
                    on:input:target=move |ev| message.set(ev.target().value())
                />
            </label>
        </ConfirmDialog>
    }
}
