//! One flow run: its details, state timeline, task-run Gantt, task runs, subflow runs and logs.

use crate::api::join::{join_all, Boxed};
use crate::api::store::Topic;
use crate::api::{ApiError, ApiResource, PrefectClient};
use crate::app::AppContext;
use crate::components::{log_table, LogControls};
use crate::components::{
    ApiErrorPanel, ErrorPanel, Fetched, Gantt, StateBadge, StateTimeline, Time,
};
use crate::domain::format::{duration, lateness};
use crate::domain::{gantt, timeline};
use crate::platform;
use crate::schemas::filters::*;
use crate::schemas::graph::Graph;
use crate::schemas::sorting::{FlowRunSort, LogSort, TaskRunSort};
use crate::schemas::{FlowRun, State, StateType, TaskRun};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use uuid::Uuid;

/// Refresh period while the run is not finished (Prefect's own UI: 5 s).
const LIVE_REFRESH_MS: u64 = 5000;
const LOGS_PER_PAGE: u32 = 50;

/// The run with the names its header shows.
#[derive(Clone)]
struct RunDetails {
    run: FlowRun,
    flow_name: String,
    deployment: Option<(String, Option<String>)>,
    parent: Option<FlowRun>,
}

async fn load_run(client: PrefectClient, id: Uuid) -> Result<RunDetails, ApiError> {
    let run = client.flow_run(id).await?;
    let flow_name = client
        .flow(run.flow_id)
        .await
        .map(|f| f.name)
        .unwrap_or_else(|_| run.flow_id.to_string());
    let deployment = match run.deployment_id {
        Some(deployment_id) => Some(match client.deployment(deployment_id).await {
            Ok(d) => (d.name, d.version),
            Err(_) => (deployment_id.to_string(), None),
        }),
        None => None,
    };
    let parent = match run.parent_task_run_id {
        Some(task_run_id) => match client.task_run(task_run_id).await {
            Ok(task) => match task.flow_run_id {
                Some(parent_id) => client.flow_run(parent_id).await.ok(),
                None => None,
            },
            Err(_) => None,
        },
        None => None,
    };
    Ok(RunDetails {
        run,
        flow_name,
        deployment,
        parent,
    })
}

/// The flow run page.
#[component]
pub fn FlowRunPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|s| Uuid::parse_str(s).ok())));
    view! {
        {move || match id.get() {
            Some(id) => view! { <FlowRunView id /> }.into_any(),
            None => view! {
                <section class="page">
                    <h1>"Flow run"</h1>
                    <ErrorPanel title="No such flow run" message="The address does not hold a flow run id." />
                    <a href=context.href("/flow-runs")>"All flow runs"</a>
                </section>
            }
            .into_any(),
        }}
    }
}

#[component]
fn FlowRunView(id: Uuid) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let store = context.store;
    let topic = Topic::FlowRun(id);
    let client = StoredValue::new_local(context.client());
    let query_map = use_query_map();
    let min_level = Memo::new(move |_| {
        query_map.with(|q| {
            q.get_str("level")
                .and_then(|l| l.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let logs_page = Memo::new(move |_| {
        query_map.with(|q| {
            q.get_str("logs_page")
                .and_then(|l| l.parse::<u32>().ok())
                .unwrap_or(1)
                .max(1)
        })
    });

    let data = {
        let topic = topic.clone();
        ApiResource::infallible(move || {
            store.track(&topic);
            load_page(client.get_value(), id)
        })
    };
    let logs = {
        let topic = topic.clone();
        ApiResource::new(move || {
            store.track(&topic);
            let client = client.get_value();
            let request = LogRequest {
                logs: Some(LogFilter {
                    level: Some(LevelFilter {
                        ge_: Some(min_level.get()),
                        le_: None,
                    }),
                    flow_run_id: Some(IdFilter {
                        any_: Some(vec![id]),
                        not_any_: None,
                    }),
                    ..Default::default()
                }),
                sort: Some(LogSort::TimestampAsc),
                limit: Some(LOGS_PER_PAGE),
                offset: Some((logs_page.get() - 1) * LOGS_PER_PAGE),
            };
            async move { client.logs_filter(&request).await }
        })
    };

    // Faster refresh while the run can still change; the shell's interval covers the rest.
    let running = Memo::new(move |_| {
        data.value().is_some_and(|page| {
            page.details
                .as_ref()
                .is_ok_and(|d| !d.run.state.as_ref().is_some_and(State::is_final))
        })
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if running.get_untracked() && !platform::document_hidden() {
                store.invalidate(Topic::FlowRun(id));
            }
        },
        std::time::Duration::from_millis(LIVE_REFRESH_MS),
    ) {
        on_cleanup(move || handle.clear());
    }

    let navigate = use_navigate();
    let page_path = context.href(&format!("/flow-runs/{id}"));
    let set_logs = Callback::new(move |(level, page): (i64, u32)| {
        navigate(
            &format!("{page_path}?level={level}&logs_page={page}"),
            Default::default(),
        );
    });
    let base = StoredValue::new(context.base.clone());
    let href = move |path: String| base.with_value(|b| crate::config::app_path(b, &path));

    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="muted">"Loading the flow run…"</p> }>
                {move || data.cloned().map(|page| view! { <RunSections page href /> })}
            </Transition>
            <h2>"Logs"</h2>
            <LogControls min_level logs_page set_logs />
            <Fetched resource=logs title="Logs" loading="Loading logs…" render=log_table />
        </section>
    }
}

/// Everything on the page but the logs, each part with its own answer.
#[derive(Clone)]
struct RunPage {
    details: Result<RunDetails, ApiError>,
    states: Result<Vec<State>, ApiError>,
    graph: Result<Graph, ApiError>,
    tasks: Result<Vec<TaskRun>, ApiError>,
    subflows: Result<Vec<FlowRun>, ApiError>,
}

enum Part {
    Details(Box<Result<RunDetails, ApiError>>),
    States(Result<Vec<State>, ApiError>),
    Graph(Result<Graph, ApiError>),
    Tasks(Result<Vec<TaskRun>, ApiError>),
    Subflows(Result<Vec<FlowRun>, ApiError>),
}

fn missing<T>() -> Result<T, ApiError> {
    Err(ApiError::Network {
        endpoint: "page".into(),
        message: "not loaded".into(),
    })
}

/// The page's requests, all at once.
async fn load_page(client: PrefectClient, id: Uuid) -> RunPage {
    let tasks = TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            flow_run_id: Some(NullableIdFilter {
                any_: Some(vec![id]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        sort: Some(TaskRunSort::ExpectedStartTimeAsc),
        limit: Some(200),
        ..Default::default()
    };
    let subflows = FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            parent_flow_run_id: Some(NullableIdFilter {
                any_: Some(vec![id]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeAsc),
        limit: Some(200),
        ..Default::default()
    };
    let c = &client;
    let parts: Vec<Boxed<Part>> = vec![
        Box::pin(async move { Part::Details(Box::new(load_run(c.clone(), id).await)) }),
        Box::pin(async move { Part::States(c.flow_run_states(id).await) }),
        Box::pin(async move { Part::Graph(c.flow_run_graph(id, None).await) }),
        Box::pin(async move { Part::Tasks(c.task_runs_filter(&tasks).await) }),
        Box::pin(async move { Part::Subflows(c.flow_runs_filter(&subflows).await) }),
    ];
    let mut page = RunPage {
        details: missing(),
        states: missing(),
        graph: missing(),
        tasks: missing(),
        subflows: missing(),
    };
    for part in join_all(parts).await {
        match part {
            Part::Details(r) => page.details = *r,
            Part::States(r) => page.states = r,
            Part::Graph(r) => page.graph = r,
            Part::Tasks(r) => page.tasks = r,
            Part::Subflows(r) => page.subflows = r,
        }
    }
    page
}

#[component]
fn RunSections(page: RunPage, href: impl Fn(String) -> String + Copy + 'static) -> impl IntoView {
    let header = match page.details {
        Ok(details) => view! { <RunHeader details href /> }.into_any(),
        Err(error) => {
            view! { <h1>"Flow run"</h1><ApiErrorPanel title="This flow run" error /> }.into_any()
        }
    };
    let states = match page.states {
        Ok(states) => {
            view! { <StateTimeline segments=timeline::layout(&states, platform::now()) /> }
                .into_any()
        }
        Err(error) => view! { <ApiErrorPanel title="State history" error /> }.into_any(),
    };
    let graph = match page.graph {
        Ok(graph) => gantt_view(&graph),
        Err(error) => view! { <ApiErrorPanel title="Task-run graph" error /> }.into_any(),
    };
    let tasks = match page.tasks {
        Ok(tasks) => task_table(tasks),
        Err(error) => view! { <ApiErrorPanel title="Task runs" error /> }.into_any(),
    };
    let subflows = match page.subflows {
        Ok(runs) if runs.is_empty() => view! { <p class="muted">"No subflow runs."</p> }.into_any(),
        Ok(runs) => view! {
            <ul data-testid="subflow-runs">
                {runs.into_iter().map(|r| {
                    let state_type = r.current_state_type().unwrap_or(StateType::Unknown("UNKNOWN".into()));
                    let name = r.current_state_name();
                    view! { <li><StateBadge state_type name /> " " <a href=href(format!("/flow-runs/{}", r.id))>{r.name.clone()}</a></li> }
                }).collect_view()}
            </ul>
        }.into_any(),
        Err(error) => view! { <ApiErrorPanel title="Subflow runs" error /> }.into_any(),
    };
    view! {
        {header}
        <h2>"State timeline"</h2>
        {states}
        <h2>"Task runs and subflow runs over time"</h2>
        {graph}
        <h2>"Task runs"</h2>
        {tasks}
        <h2>"Subflow runs"</h2>
        {subflows}
    }
}

#[component]
fn RunHeader(details: RunDetails, href: impl Fn(String) -> String + 'static) -> impl IntoView {
    let run = details.run;
    let state_type = run
        .current_state_type()
        .unwrap_or(StateType::Unknown("UNKNOWN".into()));
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
    let pool = match (&run.work_pool_name, &run.work_queue_name) {
        (Some(p), Some(q)) => format!("{p} / {q}"),
        (Some(p), None) => p.clone(),
        (None, Some(q)) => q.clone(),
        _ => "—".into(),
    };
    view! {
        <h1 data-testid="flow-run-name">{run.name.clone()}</h1>
        <p>
            <StateBadge state_type name=run.current_state_name() />
            {message.map(|m| view! { <span class="state-message" data-testid="state-message">" " {m}</span> })}
        </p>
        <dl class="facts">
            <dt>"Flow"</dt><dd>{details.flow_name}</dd>
            <dt>"Deployment"</dt>
            <dd>{details.deployment.map(|(name, version)| match version { Some(v) => format!("{name} (version {v})"), None => name }).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Work pool / queue"</dt><dd>{pool}</dd>
            <dt>"Expected start"</dt><dd><Time at=run.expected_start_time /></dd>
            <dt>"Started"</dt><dd><Time at=run.start_time /></dd>
            <dt>"Ended"</dt><dd><Time at=run.end_time /></dd>
            <dt>"Duration"</dt><dd>{duration(run.estimated_run_time)}</dd>
            <dt>"Lateness"</dt><dd>{lateness(run.estimated_start_time_delta).unwrap_or_else(|| "on time".into())}</dd>
            <dt>"Run count"</dt><dd>{run.run_count}</dd>
            <dt>"Tags"</dt><dd>{if run.tags.is_empty() { "—".to_string() } else { run.tags.join(", ") }}</dd>
            <dt>"Parent run"</dt>
            <dd>{details.parent.map(|p| view! { <a href=href(format!("/flow-runs/{}", p.id))>{p.name}</a> }.into_any()).unwrap_or_else(|| "—".into_any())}</dd>
        </dl>
        <details>
            <summary>"Parameters"</summary>
            <pre class="json" data-testid="parameters">{parameters}</pre>
        </details>
        {job_variables.map(|j| view! { <details><summary>"Job variables"</summary><pre class="json">{j}</pre></details> })}
    }
}

fn gantt_view(graph: &Graph) -> AnyView {
    let rows = gantt::layout(graph, platform::now());
    if rows.is_empty() {
        return view! { <p class="muted">"This run has no task runs or subflow runs."</p> }
            .into_any();
    }
    view! { <Gantt rows /> }.into_any()
}

fn task_table(tasks: Vec<TaskRun>) -> AnyView {
    if tasks.is_empty() {
        return view! { <p class="muted">"No task runs."</p> }.into_any();
    }
    view! {
        <table class="table table--compact" data-testid="task-runs">
            <thead><tr><th>"State"</th><th>"Task run"</th><th>"Start"</th><th>"Duration"</th><th>"Runs"</th></tr></thead>
            <tbody>
                {tasks.into_iter().map(|t| {
                    let state_type = t.state.as_ref().map(|s| s.state_type.clone()).or(t.state_type.clone()).unwrap_or(StateType::Unknown("UNKNOWN".into()));
                    let name = t.state.as_ref().map(State::display_name).or(t.state_name.clone());
                    view! {
                        <tr><td><StateBadge state_type name /></td><td>{t.name.clone()}</td><td><Time at=t.start_time /></td><td>{duration(t.estimated_run_time)}</td><td>{t.run_count}</td></tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
