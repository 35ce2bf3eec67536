//! Acting on flow runs from any runs table and from a run's page: one shared confirmation
//! dialog per table (or page; `run_action_dialog`, fetched on first use), row menus, and the
//! bulk bar with its selection.

use super::{ActionState, ActionStatus, OnDemand};
use crate::domain::actions::{menu, select_up_to_max, FlowRunAction, RunFacts, RunKind, MAX_BULK};
use crate::domain::runs_query::RunsQuery;
use crate::hooks::DeleteHold;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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
    /// Every run matching the runs page's filters, but the rows unticked since.
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
    pub(super) selected: RwSignal<BTreeMap<Uuid, (String, RunFacts)>>,
    pub(super) all_matching: RwSignal<bool>,
    /// With "all matching": the rows unticked since ("all matching but these").
    pub(super) excluded: RwSignal<BTreeSet<Uuid>>,
    pub(super) pending: RwSignal<Option<(FlowRunAction, RunsTarget)>>,
    /// The run whose row menu is open: a row drawn again while it is (a live update, a
    /// lookup answered) opens its new menu, so the menu does not vanish under the pointer.
    open_menu: StoredValue<Option<Uuid>>,
    pub state: ActionState,
    /// Rows have a selection checkbox (the runs page).
    pub selectable: bool,
    /// Flow runs or task runs.
    pub kind: RunKind,
    /// The flow run the task runs ran in, where they are shown on its page (refetched after
    /// an action).
    pub parent: Option<Uuid>,
    /// The page's hold, where these are the actions of the run the page shows: deleting it
    /// stops the page asking for it.
    pub hold: Option<DeleteHold>,
}

impl RunActions {
    /// Controls for one table or page of flow runs; `selectable` offers row selection.
    pub fn new(selectable: bool) -> Self {
        RunActions {
            selected: RwSignal::new(BTreeMap::new()),
            all_matching: RwSignal::new(false),
            excluded: RwSignal::new(BTreeSet::new()),
            pending: RwSignal::new(None),
            open_menu: StoredValue::new(None),
            state: ActionState::default(),
            selectable,
            kind: RunKind::Flow,
            parent: None,
            hold: None,
        }
    }

    /// The actions of the run its page shows (the page's `DeleteHold`, if it has one).
    pub fn of_page(self) -> Self {
        RunActions {
            hold: DeleteHold::of_page(),
            ..self
        }
    }

    /// Controls for task runs (a task run's page, a table of them); `parent` is the flow
    /// run whose page shows them, if it is one.
    pub fn for_task_runs(selectable: bool, parent: Option<Uuid>) -> Self {
        RunActions {
            kind: RunKind::Task,
            parent,
            ..RunActions::new(selectable)
        }
    }

    /// Asks to confirm `action` for `target`.
    pub fn open(&self, action: FlowRunAction, target: RunsTarget) {
        self.pending.set(Some((action, target)));
    }

    /// Ticks or unticks one row. With "all matching" on, unticking leaves that run out
    /// (and ticking it again takes it back): the rest stay selected.
    fn toggle(&self, id: Uuid, name: String, facts: RunFacts) {
        if self.all_matching.get_untracked() {
            self.excluded.update(|e| {
                if !e.remove(&id) {
                    e.insert(id);
                }
            });
            return;
        }
        self.selected.update(|s| {
            if s.remove(&id).is_none() && s.len() < MAX_BULK {
                s.insert(id, (name, facts));
            }
        });
    }

    fn is_selected(&self, id: Uuid) -> bool {
        if self.all_matching.get() {
            !self.excluded.with(|e| e.contains(&id))
        } else {
            self.selected.with(|s| s.contains_key(&id))
        }
    }

    /// Nothing selected (a no-op once the table is gone: an action that finished after its
    /// page was left).
    pub fn clear(&self) {
        let _ = self.all_matching.try_set(false);
        let _ = self.excluded.try_set(BTreeSet::new());
        let _ = self.selected.try_set(BTreeMap::new());
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
                <button
                    type="button"
                    role="menuitem"
                    data-testid="row-action"
                    data-action=text
                    popovertarget=menu_id.clone()
                    popovertargetaction="hide"
                    on:click=move |_| actions.open(action.clone(), target.clone())
                >
                    {text}
                </button>
            }
        })
        .collect_view();
    // A flow run's menu also opens its comparison with another run.
    let compare = (actions.kind == RunKind::Flow).then(|| {
        use_context::<crate::context::AppContext>().map(|context| {
            view! {
                <a
                    role="menuitem"
                    class="button"
                    data-testid="row-compare"
                    href=context.href(&crate::routes::compare_runs(Some(id), None))
                >
                    "Compare with…"
                </a>
            }
        })
    });
    let check = selectable.then(|| {
        let (name, facts) = (name.clone(), facts.clone());
        view! {
            <input
                type="checkbox"
                data-testid="row-select"
                aria-label=format!("Select {name}")
                prop:checked=move || actions.is_selected(id)
                on:change=move |_| actions.toggle(id, name.clone(), facts.clone())
            />
        }
    });
    let menu = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        if let Some(menu) = menu.get() {
            if actions.open_menu.get_value() == Some(id) {
                let _ = menu.show_popover();
            }
        }
    });
    // (A menu taken out of the page with its row says nothing: its row's new menu speaks.)
    let toggled = move |_| {
        let Some(menu) = menu.get_untracked().filter(|menu| menu.is_connected()) else {
            return;
        };
        let open = menu.matches(":popover-open").unwrap_or(false);
        actions.open_menu.update_value(|shown| {
            if open {
                *shown = Some(id);
            } else if *shown == Some(id) {
                *shown = None;
            }
        });
    };
    view! {
        <span class="row-actions">
            {check}
            <button
                type="button"
                class="row-actions__open"
                data-testid="row-actions"
                aria-label=format!("Actions for {name}")
                popovertarget=menu_id.clone()
                disabled=move || actions.state.in_flight()
                on:click=move |_| {
                    let open = menu
                        .get_untracked()
                        .is_some_and(|menu| menu.matches(":popover-open").unwrap_or(false));
                    actions.open_menu.set_value((!open).then_some(id));
                }
            >
                "⋯"
            </button>
            <span
                popover="auto"
                id=menu_id
                class="row-actions__menu"
                role="menu"
                node_ref=menu
                on:toggle=toggled
            >
                {items}
                {compare}
            </span>
        </span>
    }
    .into_any()
}

/// The runs table's header checkbox: ticks every run on this page (at most `MAX_BULK`), or
/// unticks them; shows "some" when part of the page is chosen.
#[component]
pub fn SelectPage(
    /// The runs on this page.
    #[prop(into)]
    page: Signal<Vec<(Uuid, String, RunFacts)>>,
) -> impl IntoView {
    let Some(actions) = use_context::<RunActions>() else {
        return ().into_any();
    };
    let ticked = move || {
        page.with(|rows| {
            rows.iter()
                .filter(|(id, ..)| actions.is_selected(*id))
                .count()
        })
    };
    let all = move || {
        let on_page = page.with(Vec::len);
        on_page > 0 && ticked() == on_page
    };
    let some = move || {
        let n = ticked();
        n > 0 && !all()
    };
    let change = move |_| {
        if all() {
            actions.clear();
            return;
        }
        actions.all_matching.set(false);
        actions.excluded.set(BTreeSet::new());
        actions.selected.update(|s| {
            let rows = page.get_untracked();
            select_up_to_max(
                s,
                rows.into_iter()
                    .map(|(id, name, facts)| (id, (name, facts))),
            );
        });
    };
    view! {
        <input
            type="checkbox"
            data-testid="bulk-select-page"
            aria-label=format!("Select every {} on this page", actions.kind.noun())
            prop:checked=all
            prop:indeterminate=some
            on:change=change
        />
    }
    .into_any()
}

/// The bulk bar above the runs list, shown while runs are chosen or an action has something
/// to say: how many runs are selected, "all N matching", the actions for all of them, and
/// the progress line.
#[component]
pub fn BulkBar(
    /// What "all matching" means, where the list offers it (the flow runs page).
    #[prop(optional)]
    matching: Option<MatchingRuns>,
    /// The address of the rows shown (their filters, sort and page): another one shows
    /// other runs, and a selection made for the runs shown before would act on runs no
    /// longer on screen, so it goes.
    #[prop(into)]
    shown_for: Signal<String>,
) -> impl IntoView {
    let Some(actions) = use_context::<RunActions>() else {
        return ().into_any();
    };
    Effect::new(move |was: Option<String>| {
        let now = shown_for.get();
        if was.is_some_and(|was| was != now) {
            actions.clear();
        }
        now
    });
    let matching_count = move || matching.map_or(0, |m| m.count.get().max(0));
    let count = move || {
        if actions.all_matching.get() {
            usize::try_from(matching_count())
                .unwrap_or(usize::MAX)
                .saturating_sub(actions.excluded.with(BTreeSet::len))
        } else {
            actions.selected.with(BTreeMap::len)
        }
    };
    let shown = move || count() > 0 || actions.all_matching.get() || actions.state.has_news();
    let offer_matching = move || matching.is_some() && !actions.all_matching.get() && count() > 0;
    let kind = actions.kind;
    let counted = move |n: usize| kind.count_words(u64::try_from(n).unwrap_or(u64::MAX));
    let summary = move || {
        if actions.all_matching.get() {
            let total = kind.count_words(u64::try_from(matching_count()).unwrap_or(0));
            match actions.excluded.with(BTreeSet::len) {
                0 => format!("All {total} matching these filters"),
                n => format!("All {total} matching these filters but {n} unticked"),
            }
        } else {
            match count() {
                0 => format!("No {}s selected", kind.noun()),
                MAX_BULK => format!("{} selected (the most one action takes)", counted(MAX_BULK)),
                n => format!("{} selected", counted(n)),
            }
        }
    };
    let buttons = move || {
        actions
            .kind
            .bulk_actions()
            .into_iter()
            .map(|action| {
                let text = label(&action);
                let danger = matches!(action, FlowRunAction::Delete);
                view! {
                    <button
                        type="button"
                        data-testid="bulk-action"
                        data-action=text
                        class:danger=danger
                        disabled=move || count() == 0 || actions.state.in_flight()
                        on:click=move |_| {
                            let target = if actions.all_matching.get_untracked() {
                                RunsTarget::Matching
                            } else {
                                RunsTarget::Selected
                            };
                            actions.open(action.clone(), target);
                        }
                    >
                        {text}
                    </button>
                }
            })
            .collect_view()
    };
    // Two flow runs ticked: their comparison.
    let context = use_context::<crate::context::AppContext>();
    let compare = move || {
        if actions.kind != RunKind::Flow || actions.all_matching.get() {
            return None;
        }
        let pair: Vec<Uuid> = actions.selected.with(|s| s.keys().copied().collect());
        let (context, [a, b]) = (context?, <[Uuid; 2]>::try_from(pair).ok()?);
        Some(view! {
            <a
                class="button"
                data-testid="bulk-compare"
                href=context.href(&crate::routes::compare_runs(Some(a), Some(b)))
            >
                "⇄ Compare the two"
            </a>
        })
    };
    view! {
        <Show when=shown>
            <div
                class="actions bulk-bar"
                role="group"
                aria-label=format!("Actions on several {}s", kind.noun())
                data-testid="bulk-bar"
            >
                <strong data-testid="bulk-summary">{summary}</strong>
                <Show when=offer_matching>
                    <button
                        type="button"
                        class="link-button"
                        data-testid="bulk-select-matching"
                        disabled=move || matching_count() <= 0
                        on:click=move |_| {
                            actions.selected.set(BTreeMap::new());
                            actions.excluded.set(BTreeSet::new());
                            actions.all_matching.set(true);
                        }
                    >
                        {move || format!("Select all {} matching", matching_count())}
                    </button>
                </Show>
                <span class="bulk-bar__actions">{buttons} {compare}</span>
                <button
                    type="button"
                    data-testid="bulk-clear"
                    on:click=move |_| {
                        actions.clear();
                        actions.state.dismiss();
                    }
                >
                    {move || if count() == 0 { "Close" } else { "Clear selection" }}
                </button>
                <ActionStatus state=actions.state />
            </div>
        </Show>
    }
    .into_any()
}

/// The confirmation dialog, as the `run_action` chunk hands it over: the group's controls,
/// what "all matching" means, and what to do after a deletion.
pub type RunActionDialogView =
    fn(RunActions, Option<MatchingRuns>, Option<Callback<()>>) -> AnyView;

/// The one confirmation dialog of a table or page: names the run(s), says what will happen
/// and how many are skipped and why; sends on confirm and reports in the group's status.
/// Its code is its own chunk (`run_action`), fetched when the first action is chosen: a
/// page that only shows runs does not carry it. A failed fetch is said where the dialog
/// would be, and the next action tries again.
#[component]
pub fn RunActionDialog(
    /// What "all matching" means, where the table offers it.
    #[prop(optional)]
    matching: Option<MatchingRuns>,
    /// Called after a run was deleted (its page leaves for the runs list).
    #[prop(optional)]
    on_deleted: Option<Callback<()>>,
) -> impl IntoView {
    let Some(actions) = use_context::<RunActions>() else {
        return ().into_any();
    };
    let dialog = OnDemand::<RunActionDialogView>::provided();
    Effect::new(move |_| {
        if actions.pending.with(Option::is_none) {
            return;
        }
        dialog.fetch_provided();
    });
    // Nothing to confirm in: the action is dropped (chosen again, it tries again).
    Effect::new(move |_| {
        if dialog.failed.get() {
            actions.pending.set(None);
        }
    });
    view! {
        {dialog.failure_note("run-action-failed", "The confirmation")}
        {move || dialog.part.get().map(|view| view(actions, matching, on_deleted))}
    }
    .into_any()
}
