//! A deployment's schedules changed from its page: "Add schedule…", and each schedule's
//! "Edit…" and "Delete". The forms live outside the page's overview, keyed by schedule, so
//! a refresh while one is open keeps it. Rules in `domain::schedule_forms`.

use super::form_dialog::{FieldInput, FormDialog, FormField, FormPlan, Planner};
use super::{ActionFuture, ActionState, ActionStatus, ConfirmAction};
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::forms::FormValues;
use crate::domain::next_runs::preview_lines;
use crate::domain::schedule::describe;
use crate::domain::schedule_forms::{
    kinds, new_values, schedule_create, schedule_update, schedule_values, ACTIVE, KIND, PARAMETERS,
    RULE, TIMEZONE,
};
use crate::loaders::manage::{
    create_deployment_schedule, delete_deployment_schedule, update_deployment_schedule,
};
use crate::platform;
use crate::schemas::{DeploymentSchedule, Schedule};
use leptos::prelude::*;
use std::sync::Arc;
use uuid::Uuid;

fn fields() -> Vec<FormField> {
    vec![
        FormField::new(KIND, "Kind", FieldInput::Choice(kinds())),
        FormField::new(RULE, "Rule", FieldInput::Text).hint(
            "Cron: five fields (minute hour day-of-month month day-of-week); interval: \
             seconds; RRULE: e.g. FREQ=WEEKLY;BYDAY=MO.",
        ),
        FormField::new(TIMEZONE, "Time zone", FieldInput::Text)
            .hint("An IANA name, e.g. Europe/Paris."),
        FormField::new(ACTIVE, "On", FieldInput::Check),
        FormField::new(
            PARAMETERS,
            "Parameters it overrides (JSON)",
            FieldInput::Lines(3),
        ),
    ]
}

/// A schedule's next runs in its zone and in the one the user reads times in.
fn preview(context: AppContext) -> impl Fn(&Schedule) -> Vec<String> {
    let user_zone = context
        .time_zone
        .with_untracked(|z| z.intl_zone().map(str::to_string));
    let label = user_zone
        .clone()
        .or_else(platform::browser_zone)
        .unwrap_or_else(|| "the browser's".into());
    move |schedule| {
        preview_lines(
            schedule,
            platform::now(),
            user_zone.as_deref(),
            &label,
            &platform::zone_offset,
        )
    }
}

/// The deployment's schedules, each with Edit… and Delete, and Add schedule….
#[component]
pub fn ScheduleForms(
    /// The deployment.
    deployment: Uuid,
    /// Its schedules now.
    #[prop(into)]
    schedules: Signal<Vec<DeploymentSchedule>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    if context.read_only() {
        return ().into_any();
    }
    let state = ActionState::default();
    // A new schedule starts in the zone the user reads times in.
    let zone = context
        .time_zone
        .with_untracked(|z| z.intl_zone().map(str::to_string))
        .or_else(platform::browser_zone)
        .unwrap_or_else(|| "UTC".into());
    let add: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = schedule_create(values, platform::now(), &preview(context))?;
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| {
                Box::pin(create_deployment_schedule(client, deployment, body))
            }),
        })
    });
    let ids = Memo::new(move |_| schedules.with(|s| s.iter().map(|s| s.id).collect::<Vec<_>>()));
    view! {
        <ul class="plain schedule-forms" data-testid="schedule-forms">
            <For each=move || ids.get() key=|id| *id let(id)>
                {
                    let current = Memo::new(move |_| {
                        schedules.with(|s| s.iter().find(|s| s.id == id).cloned())
                    });
                    let first = current.get_untracked();
                    first
                        .map(|first| {
                            let schedule = Signal::derive(move || {
                                current.get().unwrap_or_else(|| first.clone())
                            });
                            // Made once, while the schedule is there; a refresh that finds it gone
                            // keeps the last one (its row goes with the next list).
                            view! { <ScheduleRow deployment schedule state /> }
                        })
                }
            </For>
        </ul>
        <div class="actions">
            <FormDialog
                label="Add schedule…"
                testid="add-schedule"
                title="Add a schedule"
                save="Add schedule"
                fields=fields()
                initial=Signal::stored(new_values(&zone))
                plan=add
                state
                topics=vec![Topic::Deployments]
            />
        </div>
        <p data-testid="schedule-status">
            <ActionStatus state />
        </p>
    }
    .into_any()
}

/// One schedule in words, with its Edit… and Delete.
#[component]
fn ScheduleRow(
    /// The deployment.
    deployment: Uuid,
    /// The schedule as it is now.
    schedule: Signal<DeploymentSchedule>,
    /// The schedules' action group.
    state: ActionState,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let id = schedule.with_untracked(|s| s.id);
    let words = move || schedule.with(|s| describe(&s.schedule));
    let initial = Signal::derive(move || schedule.with(schedule_values));
    let plan: Planner = Arc::new(move |values: &FormValues| {
        let (body, lines) = schedule
            .with_untracked(|s| schedule_update(s, values, platform::now(), &preview(context)))?;
        Ok(FormPlan {
            lines,
            send: Box::new(move |client| {
                Box::pin(update_deployment_schedule(client, deployment, id, body))
            }),
        })
    });
    let delete = Callback::new(move |()| {
        Box::pin(delete_deployment_schedule(context.client(), deployment, id)) as ActionFuture
    });
    view! {
        <li data-testid="schedule-form-row" data-id=id.to_string()>
            <span>{words}</span>
            " "
            <FormDialog
                label="Edit…"
                testid="edit-schedule"
                title="Edit the schedule"
                save="Save"
                fields=fields()
                initial
                plan
                state
                topics=vec![Topic::Deployments]
            />
            <ConfirmAction
                state
                label="Delete"
                title=Signal::derive(move || format!("Delete the schedule {}?", words()))
                body="It creates no more runs. The server deletes the deployment's runs its \
                schedules made that have not run; the schedules left make theirs again."
                confirm="Delete schedule"
                act=delete
                topics=vec![Topic::Deployments, Topic::FlowRuns]
                danger=true
            />
        </li>
    }
}
