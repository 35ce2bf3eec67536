//! One flow run: its details, state timeline, task-run Gantt, task runs, subflow runs and logs.

use crate::api::invalidation::Topic;
use crate::components::{log_table, LogControls};
use crate::components::{
    ApiErrorPanel, ErrorPanel, Fetched, Gantt, StateBadge, StateTimeline, Time,
};
use crate::context::AppContext;
use crate::domain::format::{duration, lateness};
use crate::domain::refresh::{flow_run_refresh, UNFINISHED_RUN};
use crate::domain::{gantt, timeline};
use crate::hooks::use_refresh_while;
use crate::loaders::flow_run::{self, RunDetails, RunPage};
use crate::platform;
use crate::routes;
use crate::schemas::graph::Graph;
use crate::schemas::{State, StateType, TaskRun};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use uuid::Uuid;

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
                    <a href=context.href(routes::FLOW_RUNS)>"All flow runs"</a>
                </section>
            }
            .into_any(),
        }}
    }
}

#[component]
fn FlowRunView(id: Uuid) -> impl IntoView {
    let context = expect_context::<AppContext>();
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
    let data = context.resource(Topic::FlowRun(id), move |client| async move {
        Ok(flow_run::run_page(client, id).await)
    });
    let logs = context.resource(Topic::FlowRun(id), move |client| {
        flow_run::logs(client, id, min_level.get(), logs_page.get())
    });
    // Faster refresh while the run can still change; the shell's interval covers the rest.
    let live = Memo::new(move |_| {
        data.get()
            .and_then(Result::ok)
            .and_then(|page| {
                page.details
                    .as_ref()
                    .ok()
                    .and_then(|d| flow_run_refresh(&d.run))
            })
            .is_some()
    });
    let invalidations = context.invalidations;
    use_refresh_while(
        move || live.get_untracked(),
        UNFINISHED_RUN,
        move || invalidations.invalidate(Topic::FlowRun(id)),
    );
    let navigate = use_navigate();
    let set_logs = Callback::new(move |(level, page): (i64, u32)| {
        navigate(
            &context.href(&routes::flow_run_logs(id, level, page)),
            Default::default(),
        );
    });
    let href = move |path: String| context.href(&path);

    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="muted">"Loading the flow run…"</p> }>
                {move || data.get().map(|page| match page {
                    Ok(page) => view! { <RunSections page=RunPage::clone(&page) href /> }.into_any(),
                    Err(error) => view! { <ApiErrorPanel title="This flow run" error /> }.into_any(),
                })}
            </Transition>
            <h2>"Logs"</h2>
            <LogControls min_level logs_page set_logs />
            <Fetched resource=logs title="Logs" loading="Loading logs…" render=log_table />
        </section>
    }
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
                    view! { <li><StateBadge state_type name /> " " <a href=href(routes::flow_run(r.id))>{r.name.clone()}</a></li> }
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
            <dd>{details.parent.map(|p| view! { <a href=href(routes::flow_run(p.id))>{p.name}</a> }.into_any()).unwrap_or_else(|| "—".into_any())}</dd>
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
