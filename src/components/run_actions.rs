//! Acting on flow runs from any runs table and from a run's page: one shared confirmation
//! dialog per table (or page), row menus, and the bulk bar with its selection.

use super::{ActionState, ActionStatus, ConfirmDialog};
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::actions::{
    action_error, menu, plan, BulkPlan, FlowRunAction, RunFacts, FINAL_STATES, MAX_BULK,
};
use crate::domain::runs_query::RunsQuery;
use crate::loaders::actions::{act_on_flow_run, act_on_flow_runs, matching_runs};
use crate::schemas::StateType;
use leptos::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The button text of an action.
pub fn label(action: &FlowRunAction) -> &'static str {
    match action {
        FlowRunAction::Cancel => "Cancel",
        FlowRunAction::Retry => "Retry",
        FlowRunAction::Pause => "Pause",
        FlowRunAction::Resume => "Resume",
        FlowRunAction::ChangeState(_) => "Change state…",
        FlowRunAction::Delete => "Delete",
    }
}

fn consequence(action: &FlowRunAction) -> String {
    match action {
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

/// What the pending action is for.
#[derive(Clone, Debug, PartialEq)]
pub enum RunsTarget {
    /// One run (a row's menu, a run's page).
    One {
        id: Uuid,
        name: String,
        facts: RunFacts,
    },
    /// The selected rows.
    Selected,
    /// Every run matching the runs page's filters.
    Matching,
}

/// The runs "all matching" means: the page's query and how many runs it counts.
#[derive(Clone, Copy)]
pub struct MatchingRuns {
    pub query: Signal<RunsQuery>,
    pub count: Signal<i64>,
}

/// What a table's (or a page's) action controls share: the selection, the action waiting
/// for confirmation, and the last answer. Provided as context to the rows.
#[derive(Clone, Copy)]
pub struct RunActions {
    selected: RwSignal<BTreeMap<Uuid, (String, RunFacts)>>,
    all_matching: RwSignal<bool>,
    pending: RwSignal<Option<(FlowRunAction, RunsTarget)>>,
    pub state: ActionState,
    /// Rows have a selection checkbox (the runs page).
    pub selectable: bool,
}

impl RunActions {
    /// Controls for one table or page; `selectable` offers row selection.
    pub fn new(selectable: bool) -> Self {
        RunActions {
            selected: RwSignal::new(BTreeMap::new()),
            all_matching: RwSignal::new(false),
            pending: RwSignal::new(None),
            state: ActionState::default(),
            selectable,
        }
    }

    /// Asks to confirm `action` for `target`.
    pub fn open(&self, action: FlowRunAction, target: RunsTarget) {
        self.pending.set(Some((action, target)));
    }

    fn toggle(&self, id: Uuid, name: String, facts: RunFacts) {
        self.all_matching.set(false);
        self.selected.update(|s| {
            if s.remove(&id).is_none() {
                s.insert(id, (name, facts));
            }
        });
    }

    fn is_selected(&self, id: Uuid) -> bool {
        self.all_matching.get() || self.selected.with(|s| s.contains_key(&id))
    }

    fn clear(&self) {
        self.all_matching.set(false);
        self.selected.set(BTreeMap::new());
    }
}

/// A row's checkbox (when the table offers selection) and its actions menu: the actions the
/// run allows, each opening the table's confirmation.
#[component]
pub fn RowActions(
    /// The run.
    id: Uuid,
    /// Its name, for the dialog and the labels.
    name: String,
    /// Its state and origin.
    facts: RunFacts,
    /// Show the selection checkbox.
    selectable: bool,
) -> impl IntoView {
    let Some(actions) = use_context::<RunActions>() else {
        return ().into_any();
    };
    let menu_id = format!("run-actions-{id}");
    let items = menu(&facts)
        .into_iter()
        .map(|action| {
            let text = label(&action);
            let target = RunsTarget::One {
                id,
                name: name.clone(),
                facts: facts.clone(),
            };
            view! {
                <button type="button" role="menuitem" data-testid="row-action" data-action=text
                    popovertarget=menu_id.clone() popovertargetaction="hide"
                    on:click=move |_| actions.open(action.clone(), target.clone())>
                    {text}
                </button>
            }
        })
        .collect_view();
    let check = selectable.then(|| {
        let (name, facts) = (name.clone(), facts.clone());
        view! {
            <input type="checkbox" data-testid="row-select" aria-label=format!("Select {name}")
                prop:checked=move || actions.is_selected(id)
                on:change=move |_| actions.toggle(id, name.clone(), facts.clone()) />
        }
    });
    view! {
        <span class="row-actions">
            {check}
            <button type="button" class="row-actions__open" data-testid="row-actions"
                aria-label=format!("Actions for {name}") popovertarget=menu_id.clone()
                disabled=move || actions.state.in_flight()>
                "⋯"
            </button>
            <span popover="auto" id=menu_id class="row-actions__menu" role="menu">{items}</span>
        </span>
    }
    .into_any()
}

/// The bulk bar above the runs list: how many runs are selected, "all N matching", the
/// actions for all of them, and the progress line.
#[component]
pub fn BulkBar(
    /// The runs on this page, to select them all at once.
    #[prop(into)]
    page: Signal<Vec<(Uuid, String, RunFacts)>>,
    /// What "all matching" means.
    matching: MatchingRuns,
) -> impl IntoView {
    let Some(actions) = use_context::<RunActions>() else {
        return ().into_any();
    };
    let count = move || {
        if actions.all_matching.get() {
            usize::try_from(matching.count.get().max(0)).unwrap_or(usize::MAX)
        } else {
            actions.selected.with(BTreeMap::len)
        }
    };
    let summary = move || {
        if actions.all_matching.get() {
            format!(
                "All {} runs matching these filters",
                matching.count.get().max(0)
            )
        } else {
            match count() {
                0 => "No runs selected".to_string(),
                1 => "1 run selected".to_string(),
                n => format!("{n} runs selected"),
            }
        }
    };
    let select_page = move |_| {
        actions.all_matching.set(false);
        actions.selected.update(|s| {
            for (id, name, facts) in page.get_untracked() {
                s.insert(id, (name, facts));
            }
        });
    };
    let buttons = [
        FlowRunAction::Cancel,
        FlowRunAction::Retry,
        FlowRunAction::ChangeState(StateType::Failed),
        FlowRunAction::Delete,
    ]
    .into_iter()
    .map(|action| {
        let text = label(&action);
        view! {
            <button type="button" data-testid="bulk-action" data-action=text
                disabled=move || count() == 0 || actions.state.in_flight()
                on:click=move |_| {
                    let target = if actions.all_matching.get_untracked() {
                        RunsTarget::Matching
                    } else {
                        RunsTarget::Selected
                    };
                    actions.open(action.clone(), target);
                }>
                {text}
            </button>
        }
    })
    .collect_view();
    view! {
        <div class="actions bulk-bar" role="group" aria-label="Actions on several flow runs" data-testid="bulk-bar">
            <span data-testid="bulk-summary">{summary}</span>
            <button type="button" data-testid="bulk-select-page" on:click=select_page>"Select this page"</button>
            <button type="button" data-testid="bulk-select-matching"
                disabled=move || matching.count.get() <= 0
                on:click=move |_| { actions.selected.set(BTreeMap::new()); actions.all_matching.set(true); }>
                {move || format!("Select all {} matching", matching.count.get().max(0))}
            </button>
            <button type="button" data-testid="bulk-clear" disabled=move || count() == 0
                on:click=move |_| actions.clear()>"Clear"</button>
            {buttons}
            <ActionStatus state=actions.state />
        </div>
    }
    .into_any()
}

/// Where the runs of a bulk action stand while the dialog is open.
#[derive(Clone, Debug, PartialEq)]
enum Planned {
    Loading,
    Ready(BulkPlan),
    Failed(String),
}

/// The one confirmation dialog of a table or page: names the run(s), says what will happen
/// and how many are skipped and why; sends on confirm and reports in the group's status.
#[component]
pub fn RunActionDialog(
    /// What "all matching" means, where the table offers it.
    #[prop(optional)]
    matching: Option<MatchingRuns>,
    /// Called after a run was deleted (its page leaves for the runs list).
    #[prop(optional)]
    on_deleted: Option<Callback<()>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let Some(actions) = use_context::<RunActions>() else {
        return ().into_any();
    };
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
            RunsTarget::Matching => match loaded.get() {
                None => Planned::Loading,
                Some(Err(error)) => Planned::Failed(error),
                Some(Ok(runs)) => {
                    Planned::Ready(plan(runs.iter().map(|(id, facts)| (*id, facts)), &action))
                }
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
    let title = Signal::derive(move || {
        let Some((action, _)) = chosen() else {
            return String::new();
        };
        match (one_name(), &action) {
            (Some(name), FlowRunAction::ChangeState(_)) => format!("Change the state of {name}?"),
            (Some(name), action) => format!("{} the flow run {name}?", label(action)),
            (None, FlowRunAction::ChangeState(_)) => match planned.get() {
                Planned::Ready(_) => format!("Change the state of {} flow runs?", count()),
                _ => "Change the state of the matching flow runs?".into(),
            },
            (None, action) => match planned.get() {
                Planned::Ready(_) => format!("{} {} flow runs?", label(action), count()),
                _ => format!("{} the matching flow runs?", label(action)),
            },
        }
    });
    let body = Signal::derive(move || {
        let Some((action, _)) = chosen() else {
            return String::new();
        };
        let mut text = consequence(&action);
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
                    let answer = act_on_flow_run(client, id, action, text).await;
                    invalidations.invalidate(Topic::FlowRun(id));
                    invalidations.invalidate(Topic::FlowRunLogs(id));
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
                    let progress = act_on_flow_runs(client, plan.send, action, text, move |p| {
                        state.report(p.line());
                    })
                    .await;
                    let _ = actions.selected.try_set(BTreeMap::new());
                    let _ = actions.all_matching.try_set(false);
                    progress.line()
                }
            };
            state.finish(line);
            invalidations.invalidate(Topic::FlowRuns);
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
                    <select data-testid="change-state-target"
                        prop:value=move || target_state.get().as_str().to_string()
                        on:change:target=move |ev| {
                            target_state.set(StateType::from_wire(&ev.target().value()));
                        }>
                        {targets.iter().map(|t| {
                            let wire = t.as_str().to_string();
                            view! { <option value=wire>{t.default_name()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <label>
                "Message (optional) "
                <input type="text" data-testid="action-message" maxlength="500"
                    prop:value=move || message.get()
                    on:input:target=move |ev| message.set(ev.target().value()) />
            </label>
        </ConfirmDialog>
    }
    .into_any()
}
