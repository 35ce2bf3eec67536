//! One deployment: status with its reason, description, parameters and their schema,
//! schedules, upcoming and recent runs, version, job variables, pull steps, concurrency.

use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::api::ApiError;
use crate::components::{
    intent_key, settle_intent, ActionFuture, ActionState, ActionStatus, ApiErrorPanel,
    ConfirmAction, CustomRun, DataTable, ErrorPanel, FetchedSignal, FlowRunRow, FlowRunTable,
    HealthBadge, LogsCell, ManagedForm, Markdown, OnDemandForm, OnDemandPart, RunHistory,
    RunnableDeployment, Tags, WatchToggle,
};
use crate::context::AppContext;
use crate::domain::format::pretty_json as pretty;
use crate::domain::live::LiveScope;
use crate::domain::watches::Watch;
use crate::domain::{health, parameters, schedule};
use crate::hooks::{
    use_id_param, use_last_found, use_log_counts, use_object_title, DeleteHold, LogCountsById,
};
use crate::live::use_live;
use crate::loaders::actions::{
    delete_deployment, quick_run, set_deployment_paused, set_schedule_active,
};
use crate::loaders::deployments::{deployment, DeploymentDetails};
use crate::loaders::run_history::HistoryOf;
use crate::pages::deployments::pool_and_queue;
use crate::platform;
use crate::routes;
use crate::schemas::{Deployment, FlowRun};
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// Parameters (and their schema), job variables and pull steps.
fn configuration(d: &Deployment) -> impl IntoView {
    let schema = d
        .parameter_openapi_schema
        .as_ref()
        .map(parameters::rows)
        .unwrap_or_default();
    let schema_table = (!schema.is_empty()).then(|| {
        let rows = schema
            .into_iter()
            .map(|p| {
                view! {
                    <tr>
                        <td>
                            <code>{p.name}</code>
                        </td>
                        <td>{p.kind}</td>
                        <td>
                            <code>{p.default}</code>
                        </td>
                        <td>{if p.required { "yes" } else { "no" }}</td>
                        <td>{p.description}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable
                testid="parameter-schema"
                class="table--compact"
                headers=&["Parameter", "Type", "Default", "Required", "Description"]
            >
                {rows}
            </DataTable>
        }
    });
    let pull_steps = d.pull_steps.clone().filter(|s| !s.is_empty()).map(|steps| {
        pretty(&Value::Array(
            steps.into_iter().map(Value::Object).collect(),
        ))
    });
    view! {
        <h2>"Parameters"</h2>
        {schema_table}
        <pre class="json" data-testid="parameters">
            {pretty(&Value::Object(d.parameters.clone()))}
        </pre>
        <h2>"Configuration"</h2>
        <details open>
            <summary>"Job variables"</summary>
            <pre class="json" data-testid="job-variables">
                {pretty(&Value::Object(d.job_variables.clone()))}
            </pre>
        </details>
        <details>
            <summary>"Pull steps"</summary>
            <pre class="json" data-testid="pull-steps">
                {pull_steps.unwrap_or_else(|| "None".into())}
            </pre>
        </details>
    }
}

/// A list of runs from one part of the answer: its error, "None.", or the keyed table.
pub(super) fn runs_part(
    title: &'static str,
    runs: Signal<Result<Vec<FlowRunRow>, ApiError>>,
) -> impl IntoView {
    let error = move || runs.with(|r| r.as_ref().err().cloned());
    let rows = Signal::derive(move || runs.with(|r| r.clone().unwrap_or_default()));
    let answered = move || runs.with(|r| r.as_ref().ok().map(Vec::is_empty));
    view! {
        {move || error().map(|error| view! { <ApiErrorPanel title=title error /> })}
        <Show when=move || answered() == Some(true)>
            <p class="muted">"None."</p>
        </Show>
        <Show when=move || answered() == Some(false)>
            <FlowRunTable rows />
        </Show>
    }
}

/// The rows of `runs`, named after the deployment and its flow, with their log lines where
/// they are counted (`logs`).
fn run_rows(
    details: &DeploymentDetails,
    runs: &Result<Vec<FlowRun>, ApiError>,
    href: impl Fn(&str) -> String,
    logs: Option<&FollowUp<LogCountsById>>,
) -> Result<Vec<FlowRunRow>, ApiError> {
    let (flow, name) = (&details.flow_name, &details.deployment.name);
    runs.as_ref().map_err(Clone::clone).map(|runs| {
        runs.iter()
            .map(|run| {
                let link = href(&routes::flow_run(run.id));
                let cell = logs.map_or(LogsCell::NotCounted, |l| LogsCell::for_run(l, run.id));
                FlowRunRow::new(run.clone(), link, flow.clone(), name.clone(), None).with_logs(cell)
            })
            .collect()
    })
}

/// Name, status, description, facts and schedules (re-rendered whole on a refresh).
/// With `toggles` (not read-only), each schedule has its own on / off switch.
fn overview(
    details: &DeploymentDetails,
    href: impl Fn(&str) -> String + 'static,
    toggles: Option<ActionState>,
) -> impl IntoView {
    let now = platform::now();
    let d = details.deployment.clone();
    let flow_name = details.flow_name.clone();
    let context = expect_context::<AppContext>();
    let deployment_id = d.id;
    let schedules = schedule::lines(&d.schedules)
        .into_iter()
        .zip(
            d.schedules
                .iter()
                .map(|s| (s.id, s.active, schedule::custom_rule(&s.schedule))),
        )
        .map(|(line, (id, active, raw))| {
            let toggle = toggles.map(|state| {
                let act = Callback::new(move |()| {
                    Box::pin(set_schedule_active(
                        context.client(),
                        deployment_id,
                        id,
                        !active,
                    )) as ActionFuture
                });
                let (label, confirm, body) = if active {
                    (
                        "Turn off",
                        "Turn off",
                        "It creates no new runs; the deployment's other schedules go on.",
                    )
                } else {
                    ("Turn on", "Turn on", "It creates runs again.")
                };
                view! {
                    " "
                    <ConfirmAction
                        state
                        label
                        title=format!("{label} the schedule “{line}”?")
                        body
                        confirm
                        act
                        topics=vec![Topic::Deployments, Topic::FlowRuns]
                    />
                }
            });
            let raw = raw.map(|text| {
                view! {
                    <details class="schedule__raw" data-testid="schedule-raw">
                        <summary>"Rule text"</summary>
                        <pre>{text}</pre>
                    </details>
                }
            });
            view! {
                <li data-testid="schedule" data-active=active.to_string()>
                    {line.clone()}
                    {toggle}
                    {raw}
                </li>
            }
        })
        .collect_view();
    let schedule_status = toggles.map(|state| view! { <ActionStatus state /> });
    let concurrency = match (
        &d.concurrency_limit,
        &d.global_concurrency_limit,
        &d.concurrency_options,
    ) {
        (None, None, _) => "No limit".to_string(),
        (limit, global, options) => {
            let limit = limit
                .or(global.as_ref().map(|g| g.limit))
                .unwrap_or_default();
            let active = global
                .as_ref()
                .map(|g| format!(", {} active", g.active_slots))
                .unwrap_or_default();
            let strategy = options
                .as_ref()
                .map(|o| {
                    format!(
                        ", when full: {}",
                        o.collision_strategy.as_str().to_lowercase()
                    )
                })
                .unwrap_or_default();
            format!("{limit} runs at once{active}{strategy}")
        }
    };
    let pool_link = d
        .work_pool_name
        .as_ref()
        .map(|p| href(&routes::work_pool(p)));
    let overview = view! {
        <div class="page-header">
            <h1 data-testid="deployment-name">
                <a href=href(&routes::flow(d.flow_id)) data-testid="deployment-flow">
                    {flow_name.clone()}
                </a>
                " › "
                {d.name.clone()}
            </h1>
            <p data-testid="deployment-status" class="page-header__state">
                <HealthBadge health=health::deployment(&d, now) full=true />
            </p>
            <WatchToggle watch=Signal::stored(
                Some(Watch::Deployment {
                    id: d.id,
                    name: d.name.clone(),
                }),
            ) />
        </div>
        {d
            .description
            .clone()
            .filter(|t| !t.trim().is_empty())
            .map(|source| view! { <Markdown source /> })}
        <dl class="facts stats">
            <div class="stat">
                <dt>"Version"</dt>
                <dd>{d.version.clone().unwrap_or_else(|| "—".into())}</dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Work pool / queue"</dt>
                <dd>
                    {match pool_link {
                        Some(link) => view! { <a href=link>{pool_and_queue(&d)}</a> }.into_any(),
                        None => pool_and_queue(&d).into_any(),
                    }}
                </dd>
            </div>
            <div class="stat">
                <dt>"Tags"</dt>
                <dd>
                    <Tags tags=d.tags.clone() shown=4 />
                </dd>
            </div>
            <div class="stat">
                <dt>"Concurrency"</dt>
                <dd data-testid="concurrency">{concurrency}</dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Entrypoint"</dt>
                <dd>
                    <code>{d.entrypoint.clone().unwrap_or_default()}</code>
                </dd>
            </div>
            <div class="stat">
                <dt>"Enforce parameter schema"</dt>
                <dd>{if d.enforce_parameter_schema { "yes" } else { "no" }}</dd>
            </div>
        </dl>
        <h2>"Schedules"</h2>
        {if d.schedules.is_empty() {
            view! { <p class="muted">"No schedules: runs start only when asked."</p> }.into_any()
        } else {
            view! {
                <ul class="plain schedules" data-testid="schedules">
                    {schedules}
                </ul>
            }
                .into_any()
        }}
        {schedule_status}
    };
    overview
}

/// What the deployment's action buttons need; they re-render only when it changes.
#[derive(Clone, Debug, PartialEq)]
struct Controls {
    runnable: RunnableDeployment,
    paused: bool,
    /// The runs the server deletes with it, when they could be counted.
    deleted_with_it: Option<i64>,
}

/// Run now, a custom run, and pause or resume the schedules, of one deployment.
#[component]
fn DeploymentActions(
    /// The deployment, once loaded.
    deployment: Memo<Option<Controls>>,
    /// The deployment for its edit and copy forms (kept while they are open).
    editing: Option<Signal<Deployment>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = ActionState::default();
    let navigate = leptos_router::hooks::use_navigate();
    let hold = DeleteHold::of_page();
    let topics = || vec![Topic::Deployments, Topic::FlowRuns];
    let buttons = move || {
        deployment.get().map(|Controls { runnable, paused, deleted_with_it }| {
            let (id, name) = (runnable.id, runnable.name.clone());
            // One key per intended run: a press after an unknown outcome sends the same key.
            let run = Callback::new(move |()| {
                let client = context.client();
                let intent = format!("{}.{id}.run", client.api_base());
                let sent = quick_run(client, id, intent_key(&intent, ""));
                Box::pin(async move {
                    let answer = sent.await;
                    settle_intent(&intent, answer.is_ok());
                    answer
                }) as ActionFuture
            });
            let toggle = Callback::new(move |()| {
                Box::pin(set_deployment_paused(context.client(), id, !paused)) as ActionFuture
            });
            let delete = Callback::new({
                let name = name.clone();
                let navigate = navigate.clone();
                move |()| {
                    let sent = DeleteHold::around(
                        hold,
                        delete_deployment(context.client(), id, name.clone()),
                        context.invalidations,
                        Topic::Deployments,
                    );
                    let navigate = navigate.clone();
                    Box::pin(async move {
                        let answer = sent.await;
                        if answer.is_ok() {
                            // Its page is gone: the list is where the user goes on.
                            navigate(&context.href(routes::DEPLOYMENTS), Default::default());
                        }
                        answer
                    }) as ActionFuture
                }
            });
            let goes = match deleted_with_it {
                Some(0) => "It has no scheduled run to delete with it; runs that ran stay.".to_string(),
                Some(1) => "Its 1 scheduled run that has not run is deleted with it; runs that ran stay.".to_string(),
                Some(n) => format!("Its {n} scheduled runs that have not run are deleted with it; runs that ran stay."),
                None => "Its scheduled runs that have not run are deleted with it (they could not be counted); runs that ran stay.".to_string(),
            };
            let (label, confirm, body) = if paused {
                ("Resume", "Resume deployment", "Its schedules create runs again.")
            } else {
                ("Pause", "Pause deployment", "Its schedules create no new runs until it is resumed; runs already scheduled stay.")
            };
            view! {
                <ConfirmAction
                    state
                    label="Run now"
                    title=format!("Run {name} now?")
                    body="A new flow run starts with the deployment's default parameters."
                    confirm="Run now"
                    act=run
                    topics=topics()
                />
                <CustomRun deployment=runnable state />
                <ConfirmAction
                    state
                    label
                    title=format!("{label} the deployment {name}?")
                    body
                    confirm
                    act=toggle
                    topics=topics()
                />
                <ConfirmAction
                    state
                    label="Delete"
                    title=format!("Delete the deployment {name}?")
                    body=goes
                    confirm="Delete deployment"
                    act=delete
                    // Nothing here to refetch: its page is gone (the list loads afresh).
                    topics=Vec::new()
                    danger=true
                />
            }
        })
    };
    view! {
        <div
            class="actions"
            data-testid="deployment-actions"
            role="group"
            aria-label="Deployment actions"
        >
            {buttons}
            {editing
                .map(|deployment| {
                    view! {
                        <OnDemandForm
                            label="Edit…"
                            form=ManagedForm::EditDeployment(deployment)
                            state
                        />
                        <OnDemandForm
                            label="Duplicate…"
                            form=ManagedForm::DuplicateDeployment(deployment)
                            state
                        />
                    }
                })}
            <ActionStatus state />
        </div>
    }
}

/// The deployment page (`/deployments/:id`).
#[component]
pub fn DeploymentPage() -> impl IntoView {
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let id = use_id_param();
    // While the deployment is being deleted its page asks for nothing (see `DeleteHold`).
    let hold = DeleteHold::provide();
    let data = context.resource(Topic::Deployments, move |client| {
        let id = id.get();
        async move {
            hold.gate().await;
            match id {
                Some(id) => deployment(client, id, platform::now()).await.map(Some),
                None => Ok(None),
            }
        }
    });
    use_object_title("Deployment", move || match data.get() {
        Some(Ok(details)) => Option::as_ref(&details).map(|d| vec![d.deployment.name.clone()]),
        _ => None,
    });
    // The recent runs' warning and error lines, once they are in (upcoming runs log none).
    let logs = use_log_counts(move || match data.get() {
        Some(Ok(details)) => Option::as_ref(&details)
            .and_then(|d| d.recent.as_ref().ok())
            .map(|runs| runs.iter().map(|r| r.id).collect()),
        _ => None,
    });
    // Rendered once; the runs tables keep their rows across refreshes.
    let render = move |details: Signal<Arc<Option<DeploymentDetails>>>| {
        let href = move |path: &str| context.href(path);
        let toggles = (!context.read_only()).then(ActionState::default);
        let overview = move || Option::as_ref(&details.get()).map(|d| overview(d, href, toggles));
        let configuration =
            move || Option::as_ref(&details.get()).map(|d| configuration(&d.deployment));
        let runs = move |pick: fn(&DeploymentDetails) -> &Result<Vec<FlowRun>, ApiError>,
                         counted: bool| {
            Signal::derive(move || {
                let details = details.get();
                let logs = counted.then(|| logs.get());
                match Option::as_ref(&details) {
                    Some(d) => run_rows(d, pick(d), href, logs.as_ref()),
                    None => Ok(Vec::new()),
                }
            })
        };
        let actions = Memo::new(move |_| {
            let details = details.get();
            Option::as_ref(&details).map(|details| {
                let d = &details.deployment;
                Controls {
                    runnable: RunnableDeployment::of(d),
                    paused: d.paused,
                    deleted_with_it: details.deleted_with_it.as_ref().ok().copied(),
                }
            })
        });
        let editing = use_last_found(details, |d| d.deployment.clone());
        let upcoming = runs(|d| &d.upcoming, false);
        let recent = runs(|d| &d.recent, true);
        view! {
            <Show
                when=move || details.with(|d| d.is_some())
                fallback=|| {
                    view! {
                        <h1>"Deployment"</h1>
                        <ErrorPanel
                            title="No such deployment"
                            message="The address does not hold a deployment id."
                        />
                    }
                }
            >
                {overview}
                {(!context.read_only())
                    .then(|| {
                        let schedules = Signal::derive(move || {
                            details
                                .with(|d| {
                                    Option::as_ref(d)
                                        .map(|d| d.deployment.schedules.clone())
                                        .unwrap_or_default()
                                })
                        });
                        editing
                            .map(|d| {
                                let deployment = d.with_untracked(|d| d.id);
                                let opened = RwSignal::new(false);
                                // The forms' code comes when the disclosure is first opened.
                                view! {
                                    <details
                                        class="schedule-changes"
                                        data-testid="schedule-changes"
                                        on:toggle=move |_| opened.set(true)
                                    >
                                        <summary>"Change schedules"</summary>
                                        <OnDemandPart
                                            form=ManagedForm::Schedules {
                                                deployment,
                                                schedules,
                                            }
                                            wanted=opened
                                        />
                                    </details>
                                }
                            })
                    })}
                {(!context.read_only())
                    .then(|| view! { <DeploymentActions deployment=actions editing /> })}
                <h2>"Upcoming runs"</h2>
                <div data-testid="upcoming-runs">{runs_part("Upcoming runs", upcoming)}</div>
                <h2>"Recent runs"</h2>
                <div data-testid="recent-runs">{runs_part("Recent runs", recent)}</div>
                {configuration}
            </Show>
        }
    };
    view! {
        <section class="page">
            <p>
                <a href=context.href(routes::DEPLOYMENTS)>"‹ All deployments"</a>
            </p>
            <FetchedSignal
                resource=data
                title="Deployment"
                loading="Loading the deployment…"
                render
            />
            <RunHistory of=Signal::derive(move || id.get().map(HistoryOf::Deployment)) />
        </section>
    }
}
