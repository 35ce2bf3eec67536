//! One flow run: its details, state timeline, task-run Gantt, task runs, subflow runs and logs.

use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::api::ApiResource;
use crate::components::{
    looking_up, ApiErrorPanel, FetchedSignal, FlowRunActions, Gantt, HealthBadge, IdPage,
    KeyedPart, KeyedRow, OnThisPage, RowActions, RunActionDialog, RunActions, RunTitle, StateBadge,
    StateTimeline, Tags, Time, WatchToggle,
};
use crate::components::{
    ActionState, ActionStatus, CustomRun, Elapsed, RunLogs, RunnableDeployment,
};
use crate::context::AppContext;
use crate::domain::actions::RunFacts;
use crate::domain::format::{duration, lateness};
use crate::domain::health::{Health, Verdict};
use crate::domain::keyed::Keyed;
use crate::domain::live::{logs_mode_label, LiveScope, LogsMode};
use crate::domain::log_search::{search_query, LogOwner, LogView};
use crate::domain::refresh::{flow_run_refresh, UNFINISHED_RUN};
use crate::domain::task_run;
use crate::domain::watches::Watch;
use crate::domain::{gantt, timeline};
use crate::hooks::{
    use_document_visibility, use_log_view, use_object_title, use_refresh_while, DeleteHold,
};
use crate::live::{use_live, use_log_stream, LiveFeed};
use crate::loaders::flow_run::{self, NamesKey, RunGraph, RunNames, RunParts};
use crate::loaders::logs;
use crate::platform;
use crate::routes;
use crate::schemas::graph::Graph;
use crate::schemas::{FlowRun, StateType, TaskRun, Timestamp};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::sync::Arc;
use uuid::Uuid;

/// The flow run page; at `/flow-runs/compare`, the comparison of two runs (in this page's
/// chunk: it shares its parts).
#[component]
pub fn FlowRunPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let compare = Memo::new(move |_| params.with(|p| p.get_str("id") == Some("compare")));
    move || {
        if compare.get() {
            view! { <super::run_compare::CompareRunsPage /> }.into_any()
        } else {
            view! { <OneFlowRun /> }.into_any()
        }
    }
}

/// One flow run's page, by the address's id.
#[component]
fn OneFlowRun() -> impl IntoView {
    view! {
        <IdPage
            what="Flow run"
            back=routes::FLOW_RUNS
            back_label="All flow runs"
            page=|id| view! { <FlowRunView id /> }
        />
    }
}

#[component]
fn FlowRunView(id: Uuid) -> impl IntoView {
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        runs: vec![id],
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let log_view = use_log_view();
    // The run first (its header is the page's content); its states and task runs beside
    // it; the names its header shows once the run says which to ask for.
    // While it is being deleted from here its page asks for nothing (see `DeleteHold`).
    let hold = DeleteHold::provide();
    let run = context.resource(Topic::FlowRun(id), move |client| async move {
        hold.gate().await;
        flow_run::run(client, id).await
    });
    use_object_title("Flow run", move || match run.get() {
        Some(Ok(run)) => Some(vec![
            run.name.clone(),
            run.current_state_name().unwrap_or_default(),
        ]),
        _ => None,
    });
    let parts = context.resource(Topic::FlowRun(id), move |client| async move {
        hold.gate().await;
        Ok(flow_run::run_parts(client, id).await)
    });
    let names_key = Memo::new(move |_| match run.get() {
        Some(Ok(run)) => Some(NamesKey::of(&run)),
        _ => None,
    });
    let names = context.follow_up(Topic::FlowRun(id), names_key, flow_run::run_names);
    // Asked once the run has answered: Prefect computes the graph for up to a second at
    // scale, and the run's own request, beside it, waited for that.
    let run_answered = Memo::new(move |_| run.get().is_some());
    // (None until then: a resource's first answer must come before it can ask again.)
    let graph = context.resource(Topic::FlowRun(id), move |client| {
        let asked = run_answered.get();
        async move {
            hold.gate().await;
            Ok(if asked {
                Some(flow_run::run_graph(client, id).await)
            } else {
                None
            })
        }
    });
    // What a search has read of the whole log: each refresh reads only the newer lines.
    let log_cache = logs::LogCache::default();
    let logs = context.resource(Topic::FlowRunLogs(id), move |client| {
        let LogView {
            min_level,
            search,
            page,
        } = log_view.get();
        let cache = log_cache.clone();
        async move {
            hold.gate().await;
            logs::logs(
                client,
                LogOwner::FlowRun(id),
                cache,
                min_level,
                search_query(&search),
                page,
            )
            .await
        }
    });
    // While the run can still change: events (or, without them, a faster poll) bring its
    // states and task runs; its logs are streamed where the server can, else polled.
    let unfinished = Memo::new(move |_| {
        run.get()
            .and_then(Result::ok)
            .and_then(|run| flow_run_refresh(&run))
            .is_some()
    });
    let invalidations = context.invalidations;
    let unfinished = Signal::from(unfinished);
    let logs_mode = use_log_stream(
        context.client(),
        invalidations,
        id,
        unfinished,
        use_document_visibility(),
    );
    let feed = use_context::<LiveFeed>();
    use_refresh_while(
        move || unfinished.get_untracked(),
        UNFINISHED_RUN,
        move || {
            if !feed.is_some_and(|f| f.is_live()) {
                invalidations.invalidate(Topic::FlowRun(id));
            }
            if logs_mode.get_untracked() != LogsMode::Streamed {
                invalidations.invalidate(Topic::FlowRunLogs(id));
            }
        },
    );
    // The last lines of a run that just ended.
    Effect::new(move |was: Option<bool>| {
        let now = unfinished.get();
        if was == Some(true) && !now {
            invalidations.invalidate(Topic::FlowRunLogs(id));
        }
        now
    });
    let navigate = use_navigate();
    let set_log_view = Callback::new(move |view: LogView| {
        navigate(
            &context.href(&routes::run_logs(LogOwner::FlowRun(id), &view)),
            Default::default(),
        );
    });
    let href = move |path: String| context.href(&path);

    // The page's heading while there is no run to name it (the run's header has its own).
    let ever_loaded = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || matches!(run.get(), Some(Ok(_)))
    });
    let heading = move || (!ever_loaded.get()).then(|| view! { <h1>"Flow run"</h1> });
    view! {
        <section class="page">
            {heading}
            <FetchedSignal
                resource=run
                title="This flow run"
                loading="Loading the flow run…"
                render=move |run| view! { <RunOverview run names parts href /> }
            />
            <OnThisPage sections=&[
                ("logs", "Logs"),
                ("task-runs", "Task runs"),
                ("graph", "Over time"),
                ("subflow-runs", "Subflow runs"),
                ("timeline", "State timeline"),
            ] /> <h2 id="logs">"Logs"</h2>
            {move || {
                logs_mode_label(logs_mode.get())
                    .map(|words| {
                        let streamed = logs_mode.get() == LogsMode::Streamed;
                        view! {
                            <p
                                class="muted"
                                data-testid="logs-mode"
                                data-streamed=streamed.to_string()
                            >
                                <span aria-hidden="true">
                                    {if streamed { "● " } else { "↻ " }}
                                </span>
                                {words}
                            </p>
                        }
                    })
            }} <RunLogs owner=LogOwner::FlowRun(id) logs view=log_view set_view=set_log_view />
            <RunSections id parts graph href /> <RunTimeline parts />
        </section>
    }
}

/// A task run as its row shows it.
#[derive(Clone, Debug, Hash)]
struct TaskRow {
    id: Uuid,
    facts: RunFacts,
    state_type: StateType,
    state_name: Option<String>,
    name: String,
    /// The task run's page.
    href: String,
    start: Option<Timestamp>,
    duration: String,
    run_count: i64,
}

fn task_row(t: &TaskRun, href: String) -> TaskRow {
    TaskRow {
        id: t.id,
        facts: RunFacts::from(t),
        state_type: t.shown_state_type(),
        state_name: t.current_state_name(),
        name: t.name.clone(),
        href,
        start: t.start_time,
        duration: duration(t.estimated_run_time),
        run_count: t.run_count,
    }
}

fn task_view(row: TaskRow) -> impl IntoView {
    // Change state and delete from the row's menu (under the table's task-run actions).
    let actions = use_context::<RunActions>().map(|_| {
        let (id, name, facts) = (row.id, row.name.clone(), row.facts.clone());
        view! {
            <td class="cell-actions">
                <RowActions id name facts selectable=false />
            </td>
        }
    });
    view! {
        <tr>
            {actions} <td>
                <StateBadge state_type=row.state_type name=row.state_name />
            </td> <td>
                <a class="primary" href=row.href data-testid="task-run-link">
                    {row.name}
                </a>
            </td> <td>
                <Time at=row.start relative=true />
            </td> <td>{row.duration}</td> <td>{row.run_count}</td>
        </tr>
    }
}

/// The run's header and actions (the header re-renders whole when the run or its names
/// change).
#[component]
fn RunOverview(
    /// The run.
    run: Signal<Arc<FlowRun>>,
    /// The names its header shows, once looked up.
    names: Memo<FollowUp<RunNames>>,
    /// Its states and task runs (the header counts the task runs and the failed).
    parts: ApiResource<RunParts>,
    href: impl Fn(String) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let header = move || {
        let run = run.get();
        view! { <RunHeader run=FlowRun::clone(&run) names=names.get() href /> }
    };
    let task_runs = move || {
        // Not holding the header back: the count fills in when the task runs are in.
        let counted = parts.latest().and_then(Result::ok).and_then(|parts| {
            parts
                .tasks
                .as_ref()
                .ok()
                .map(|tasks| task_run::failed_of(tasks))
        });
        counted.map(|(total, failed)| {
            view! {
                <p class="run-tasks" data-testid="run-task-count">
                    {format!("{total} task {}", if total == 1 { "run" } else { "runs" })}
                    {failed
                        .map(|words| {
                            view! {
                                " "
                                <span data-testid="run-tasks-failed">
                                    <HealthBadge
                                        health=Health::new(Verdict::Warning, words)
                                        full=true
                                    />
                                </span>
                            }
                        })}
                </p>
            }
        })
    };
    let context = expect_context::<AppContext>();
    let current = Signal::derive(move || Some(FlowRun::clone(&run.get())));
    let navigate = use_navigate();
    let on_deleted = Callback::new(move |()| {
        navigate(&context.href(&routes::flow_runs("")), Default::default());
    });
    // "Copy to new run…": the deployment's custom-run form from this run's parameters,
    // tags and job variables (made once the deployment is read; kept across refreshes).
    let copy = Memo::new(move |_| match names.get() {
        FollowUp::Found(found) => Option::as_ref(&found)
            .and_then(|n| n.runnable.as_ref())
            .map(|d| (d.clone(), run.with(|r| r.id))),
        _ => None,
    });
    let copy_state = ActionState::default();
    let copy_button = move || {
        let (d, _) = copy.get()?;
        let run = run.get_untracked();
        let deployment = RunnableDeployment::copy_of(&d, &run);
        Some(view! {
            <div class="actions" data-testid="copy-run" role="group" aria-label="Copy this run">
                <CustomRun deployment state=copy_state />
                <ActionStatus state=copy_state />
            </div>
        })
    };
    view! {
        {header}
        {task_runs}
        {(!context.read_only()).then(|| view! { <FlowRunActions run=current on_deleted /> })}
        {move || (!context.read_only()).then(copy_button)}
    }
}

/// The run's states as a coloured bar and a table, rendered once and following the data.
#[component]
fn RunTimeline(
    /// The run's states and task runs.
    parts: ApiResource<RunParts>,
) -> impl IntoView {
    let states = move |part: Signal<Arc<RunParts>>| {
        move || match &part.get().states {
            Ok(states) => {
                view! { <StateTimeline segments=timeline::layout(states, platform::now()) /> }
                    .into_any()
            }
            Err(error) => {
                view! { <ApiErrorPanel title="State history" error=error.clone() /> }.into_any()
            }
        }
    };
    view! {
        <h2 id="timeline">"State timeline"</h2>
        <FetchedSignal
            resource=parts
            title="State history"
            loading="Loading its states…"
            render=states
        />
    }
}

/// Everything but the header, the timeline and the logs, rendered once: the timeline and Gantt follow the
/// data; the task table's rows re-render only when their task run changed.
#[component]
fn RunSections(
    /// The flow run.
    id: Uuid,
    /// The run's states and task runs.
    parts: ApiResource<RunParts>,
    /// The graph and subflow runs (slower: their sections show when they come; None before
    /// they are asked).
    graph: ApiResource<Option<RunGraph>>,
    href: impl Fn(String) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let gantt = move |part: Signal<Arc<Option<RunGraph>>>| {
        move || match Option::as_ref(&part.get()).map(|part| &part.graph) {
            None => not_yet("Loading the graph…"),
            Some(Ok(graph)) => gantt_view(graph),
            Some(Err(error)) => {
                view! { <ApiErrorPanel title="Task-run graph" error=error.clone() /> }.into_any()
            }
        }
    };
    let tasks = move |part: Signal<Arc<RunParts>>| {
        let rows = Signal::derive(move || {
            part.get()
                .tasks
                .as_ref()
                .map_err(Clone::clone)
                .map(|tasks| {
                    tasks
                        .iter()
                        .map(|t| {
                            KeyedRow::new(
                                Keyed::new(
                                    t.id.to_string(),
                                    task_row(t, href(routes::task_run(t.id))),
                                ),
                                task_view,
                            )
                        })
                        .collect::<Vec<_>>()
                })
        });
        // Built under its actions' `Provider`, where it has them (its rows look them up).
        let table = move |lead: Option<ViewFn>| {
            view! {
                <KeyedPart
                    title="Task runs"
                    testid="task-runs"
                    class="table--compact"
                    headers=&["State", "Task run", "Start", "Duration", "Runs"]
                    numeric=&[4, 5]
                    part=rows
                    empty=|| view! { <p class="muted">"No task runs."</p> }
                    lead
                />
            }
        };
        if context.read_only() {
            return table(None).into_any();
        }
        // Its own actions (task runs'), apart from the flow run's own.
        let actions = RunActions::for_task_runs(false, Some(id));
        let lead = ViewFn::from(|| view! { <span class="visually-hidden">"Actions"</span> });
        view! {
            <Provider value=actions>
                {table(Some(lead))} <p class="actions__status-line">
                    <ActionStatus state=actions.state />
                </p> <RunActionDialog />
            </Provider>
        }
        .into_any()
    };
    let subflows = move |part: Signal<Arc<Option<RunGraph>>>| {
        move || {
            let part = part.get();
            let Some(part) = Option::as_ref(&part) else {
                return not_yet("Loading subflow runs…");
            };
            match &part.subflows {
                Ok(runs) if runs.is_empty() => {
                    view! { <p class="muted">"No subflow runs."</p> }.into_any()
                }
                Ok(runs) => view! {
                    <ul data-testid="subflow-runs">
                        {runs
                            .iter()
                            .map(|r| {
                                let state_type = r.shown_state_type();
                                let name = r.current_state_name();
                                view! {
                                    <li>
                                        <StateBadge state_type name />
                                        " "
                                        <a href=href(routes::flow_run(r.id))>{r.name.clone()}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => {
                    view! { <ApiErrorPanel title="Subflow runs" error=error.clone() /> }.into_any()
                }
            }
        }
    };
    view! {
        <h2 id="task-runs">"Task runs"</h2>
        <FetchedSignal
            resource=parts
            title="Task runs"
            loading="Loading task runs…"
            render=tasks
        />
        <h2 id="graph">"Task runs and subflow runs over time"</h2>
        <FetchedSignal
            resource=graph
            title="Task-run graph"
            loading="Loading the graph…"
            render=gantt
        />
        <h2 id="subflow-runs">"Subflow runs"</h2>
        <FetchedSignal
            resource=graph
            title="Subflow runs"
            loading="Loading subflow runs…"
            render=subflows
        />
    }
}

#[component]
fn RunHeader(
    run: FlowRun,
    names: FollowUp<RunNames>,
    href: impl Fn(String) -> String + 'static,
) -> impl IntoView {
    let names = names.found().filter(|n| n.run == run.id).cloned();
    let pending = names.is_none();
    let state_type = run.shown_state_type();
    let message = run
        .state
        .as_ref()
        .and_then(|s| s.message.clone())
        .filter(|m| !m.is_empty());
    let pretty = crate::domain::format::pretty_json;
    let parameters = pretty(&serde_json::Value::Object(run.parameters.clone()));
    let job_variables = run
        .job_variables
        .clone()
        .map(|j| pretty(&serde_json::Value::Object(j)));
    // Names link to their pages; a queue is shown on its pool's page.
    let pool = match (&run.work_pool_name, &run.work_queue_name) {
        (Some(p), queue) => {
            let queue = queue.as_ref().map(|q| format!(" / {q}"));
            view! {
                <a
                    href=href(routes::work_pool(p))
                    class="name"
                    title=p.clone()
                    data-testid="run-pool"
                >
                    {p.clone()}
                </a>
                {queue}
            }
            .into_any()
        }
        (None, Some(q)) => q.clone().into_any(),
        _ => "—".into_any(),
    };
    let flow_href = href(routes::flow(run.flow_id));
    let (flow_name, deployment, parent) = match names {
        Some(n) => (n.flow_name.into_any(), n.deployment, n.parent),
        None => (looking_up("Looking up…"), None, None),
    };
    let deployment = match (deployment, run.deployment_id) {
        (None, Some(_)) if pending => looking_up("Looking up…"),
        (Some((name, version)), Some(id)) => {
            let version = version.map(|v| format!(" (version {v})"));
            let title = name.clone();
            view! {
                <a
                    href=href(routes::deployment(id))
                    class="name"
                    title=title
                    data-testid="run-deployment"
                >
                    {name}
                </a>
                {version}
            }
            .into_any()
        }
        (Some((name, _)), None) => name.into_any(),
        (None, _) => "—".into_any(),
    };
    let running = run.current_state_type() == Some(StateType::Running);
    view! {
        <RunTitle
            kind="flow-run"
            name=run.name.clone()
            state_type
            state_name=run.current_state_name()
            message
        />
        <div class="page-tools">
            <WatchToggle watch=Signal::stored(
                Some(Watch::FlowRun {
                    id: run.id,
                    name: run.name.clone(),
                }),
            ) />
            <a
                class="button"
                data-testid="compare-run"
                href=href(routes::compare_runs(Some(run.id), None))
                title="Compare this run with another, side by side"
            >
                "⇄ Compare…"
            </a>
        </div>
        <dl class="facts stats">
            <div class="stat stat--wide">
                <dt>"Flow"</dt>
                <dd>
                    <a href=flow_href class="name" data-testid="run-flow">
                        {flow_name}
                    </a>
                </dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Deployment"</dt>
                <dd>{deployment}</dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Work pool / queue"</dt>
                <dd>{pool}</dd>
            </div>
            <div class="stat">
                <dt>"Expected start"</dt>
                <dd>
                    <Time at=run.expected_start_time />
                </dd>
            </div>
            <div class="stat">
                <dt>"Started"</dt>
                <dd>
                    <Time at=run.start_time />
                </dd>
            </div>
            <div class="stat">
                <dt>"Ended"</dt>
                <dd>
                    <Time at=run.end_time />
                </dd>
            </div>
            <div class="stat">
                <dt>"Duration"</dt>
                <dd class="number">
                    {if running {
                        view! { <Elapsed base_seconds=run.estimated_run_time /> }.into_any()
                    } else {
                        duration(run.estimated_run_time).into_any()
                    }}
                </dd>
            </div>
            <div class="stat">
                <dt>"Lateness"</dt>
                <dd>
                    {lateness(run.estimated_start_time_delta).unwrap_or_else(|| "on time".into())}
                </dd>
            </div>
            <div class="stat">
                <dt>"Run count"</dt>
                <dd class="number">{run.run_count}</dd>
            </div>
            <div class="stat">
                <dt>"Tags"</dt>
                <dd>
                    <Tags tags=run.tags.clone() shown=3 />
                </dd>
            </div>
            <div class="stat">
                <dt>"Parent run"</dt>
                <dd>
                    {match parent {
                        Some(p) => {
                            view! { <a href=href(routes::flow_run(p.id))>{p.name}</a> }.into_any()
                        }
                        None if pending && run.parent_task_run_id.is_some() => {
                            looking_up("Looking up…")
                        }
                        None => "—".into_any(),
                    }}
                </dd>
            </div>
        </dl>
        <div class="folds">
            <details>
                <summary>"Parameters"</summary>
                <pre class="json" data-testid="parameters">
                    {parameters}
                </pre>
            </details>
            {job_variables
                .map(|j| {
                    view! {
                        <details>
                            <summary>"Job variables"</summary>
                            <pre class="json">{j}</pre>
                        </details>
                    }
                })}
        </div>
    }
}

/// A section whose data is not asked for yet, as `Fetched` shows one loading.
fn not_yet(what: &'static str) -> AnyView {
    view! { <p class="muted">{what}</p> }.into_any()
}

fn gantt_view(graph: &Graph) -> AnyView {
    let rows = gantt::layout(graph, platform::now());
    if rows.is_empty() {
        return view! { <p class="muted">"This run has no task runs or subflow runs."</p> }
            .into_any();
    }
    view! { <Gantt rows /> }.into_any()
}
