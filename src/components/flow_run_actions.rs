use super::ConfirmDialog;
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::actions::{available, FlowRunAction};
use crate::loaders::actions::act_on_flow_run;
use crate::schemas::{FlowRun, StateType};
use leptos::prelude::*;

fn label(action: &FlowRunAction) -> &'static str {
    match action {
        FlowRunAction::Cancel => "Cancel",
        FlowRunAction::Retry => "Retry",
        FlowRunAction::Resume => "Resume",
        FlowRunAction::ChangeState(_) => "Change state…",
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
        FlowRunAction::Resume => "It goes on from where it paused.".into(),
        FlowRunAction::ChangeState(target) => format!(
            "It is marked {} without running anything, skipping the orchestration rules.",
            target.default_name()
        ),
    }
}

/// The actions a flow run allows now (cancel, retry, resume, change state), each behind a
/// confirmation. While one is in flight the buttons are disabled and say so; afterwards the
/// run and every runs list refetch at once and a status line says what the server did.
#[component]
pub fn FlowRunActions(
    /// The run, once loaded.
    #[prop(into)]
    run: Signal<Option<FlowRun>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let pending = RwSignal::new(None::<FlowRunAction>);
    let in_flight = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let message = RwSignal::new(String::new());
    let target = RwSignal::new(StateType::Failed);
    let actions = Memo::new(move |_| run.get().map(|r| available(&r)).unwrap_or_default());
    let targets = Memo::new(move |_| {
        actions
            .get()
            .into_iter()
            .filter_map(|a| match a {
                FlowRunAction::ChangeState(t) => Some(t),
                _ => None,
            })
            .collect::<Vec<_>>()
    });
    let buttons = move || {
        let mut shown = actions.get();
        shown.retain(|a| !matches!(a, FlowRunAction::ChangeState(_)));
        if let Some(first) = targets.get().into_iter().next() {
            shown.push(FlowRunAction::ChangeState(first));
        }
        shown
            .into_iter()
            .map(|action| {
                let text = label(&action);
                let open = action.clone();
                view! {
                    <button
                        type="button"
                        data-testid="flow-run-action"
                        data-action=text
                        disabled=move || in_flight.get()
                        on:click=move |_| {
                            if let FlowRunAction::ChangeState(t) = &open {
                                target.set(t.clone());
                            }
                            message.set(String::new());
                            pending.set(Some(open.clone()));
                        }
                    >
                        {text}
                    </button>
                }
            })
            .collect_view()
    };
    let chosen = move || {
        pending.get().map(|action| match action {
            FlowRunAction::ChangeState(_) => FlowRunAction::ChangeState(target.get()),
            other => other,
        })
    };
    let run_name = move || run.get().map(|r| r.name).unwrap_or_default();
    let title = Signal::derive(move || match chosen() {
        Some(FlowRunAction::ChangeState(_)) => format!("Change the state of {}?", run_name()),
        Some(action) => format!("{} the flow run {}?", label(&action), run_name()),
        None => String::new(),
    });
    let body = Signal::derive(move || chosen().map(|a| consequence(&a)).unwrap_or_default());
    let confirm = Signal::derive(move || match chosen() {
        Some(FlowRunAction::ChangeState(_)) => "Change state".to_string(),
        Some(action) => format!("{} run", label(&action)),
        None => String::new(),
    });
    let on_close = Callback::new(move |()| pending.set(None));
    let on_confirm = Callback::new(move |()| {
        let (Some(action), Some(run)) = (chosen(), run.get_untracked()) else {
            return;
        };
        pending.set(None);
        in_flight.set(true);
        status.set(None);
        let text = message.get_untracked();
        let client = context.client();
        let invalidations = context.invalidations;
        leptos::task::spawn_local(async move {
            let result = act_on_flow_run(client, run.id, action, Some(text)).await;
            let _ = in_flight.try_set(false);
            let _ = status.try_set(Some(result.unwrap_or_else(|error| error.to_string())));
            invalidations.invalidate(Topic::FlowRun(run.id));
            invalidations.invalidate(Topic::FlowRuns);
        });
    });
    let is_change = move || matches!(pending.get(), Some(FlowRunAction::ChangeState(_)));
    view! {
        <div class="actions" data-testid="flow-run-actions" role="group" aria-label="Flow run actions">
            {buttons}
            <span class="actions__status" role="status" aria-live="polite" data-testid="action-status">
                {move || if in_flight.get() { Some("Sending…".to_string()) } else { status.get() }}
            </span>
        </div>
        <ConfirmDialog open=Signal::derive(move || pending.get().is_some()) title body confirm on_confirm on_close>
            <Show when=is_change>
                <label>
                    "New state "
                    <select data-testid="change-state-target" on:change:target=move |ev| {
                        target.set(StateType::from_wire(&ev.target().value()));
                    }>
                        {move || targets.get().into_iter().map(|t| {
                            let wire = t.as_str().to_string();
                            let selected = t == target.get_untracked();
                            view! { <option value=wire selected=selected>{t.default_name()}</option> }
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
}
