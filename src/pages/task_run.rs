//! One task run: its state and facts (retries, cache), where its inputs came from, its state
//! timeline, artifacts and logs.

use crate::api::invalidation::Topic;
use crate::components::{
    ApiErrorPanel, ArtifactCard, Elapsed, FetchedSignal, IdPage, RunLogs, RunTitle, StateBadge,
    StateTimeline, Tags, TaskRunActions, Time,
};
use crate::context::AppContext;
use crate::domain::format::{duration, lateness};
use crate::domain::live::LiveScope;
use crate::domain::log_search::{search_query, LogOwner, LogView};
use crate::domain::refresh::UNFINISHED_RUN;
use crate::domain::task_run::{cache, inputs, retry_policy, Cache, Input};
use crate::domain::timeline;
use crate::hooks::{use_log_view, use_object_title, use_refresh_while, DeleteHold};
use crate::live::{use_live, LiveFeed};
use crate::loaders::logs;
use crate::loaders::task_run::{task_run_page, TaskRunPage, Upstream};
use crate::platform;
use crate::routes;
use crate::schemas::{RunInput, StateType, TaskRun};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::sync::Arc;
use uuid::Uuid;

/// The task run page.
#[component]
pub fn TaskRunPage() -> impl IntoView {
    view! {
        <IdPage
            what="Task run"
            back=routes::FLOW_RUNS
            back_label="All flow runs"
            page=|id| view! { <TaskRunView id /> }
        />
    }
}

fn state_type_of(t: &TaskRun) -> StateType {
    t.shown_state_type()
}

#[component]
fn TaskRunView(id: Uuid) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let log_view = use_log_view();
    let owner = LogOwner::TaskRun(id);
    // While it is being deleted from here its page asks for nothing (see `DeleteHold`).
    let hold = DeleteHold::provide();
    let data = context.resource(Topic::TaskRun(id), move |client| async move {
        hold.gate().await;
        Ok(task_run_page(client, id).await)
    });
    // What a search has read of the whole log: each refresh reads only the newer lines.
    let log_cache = logs::LogCache::default();
    let logs = context.resource(Topic::TaskRun(id), move |client| {
        let LogView {
            min_level,
            search,
            page,
        } = log_view.get();
        let cache = log_cache.clone();
        async move {
            hold.gate().await;
            logs::logs(client, owner, cache, min_level, search_query(&search), page).await
        }
    });
    let task_run = move || {
        data.get()
            .and_then(Result::ok)
            .and_then(|page| page.task_run.as_ref().ok().cloned())
    };
    use_object_title("Task run", move || {
        task_run().map(|t| vec![t.name.clone(), t.current_state_name().unwrap_or_default()])
    });
    // Its events come with its flow run's (the stream filters by the flow run).
    use_live(move || LiveScope {
        runs: task_run().and_then(|t| t.flow_run_id).into_iter().collect(),
        ..LiveScope::default()
    });
    let unfinished = Memo::new(move |_| task_run().is_some_and(|t| !t.is_finished()));
    let invalidations = context.invalidations;
    let feed = use_context::<LiveFeed>();
    use_refresh_while(
        move || unfinished.get_untracked(),
        UNFINISHED_RUN,
        move || {
            if !feed.is_some_and(|f| f.is_live()) {
                invalidations.invalidate(Topic::TaskRun(id));
            }
        },
    );
    let navigate = use_navigate();
    let set_log_view = Callback::new(move |view: LogView| {
        navigate(
            &context.href(&routes::run_logs(owner, &view)),
            Default::default(),
        );
    });
    view! {
        <section class="page">
            <FetchedSignal
                resource=data
                title="This task run"
                loading="Loading the task run…"
                render=move |page| view! { <TaskRunSections page /> }
            />
            <h2>"Logs"</h2>
            <RunLogs owner logs view=log_view set_view=set_log_view />
        </section>
    }
}

/// Everything but the logs, following the data.
#[component]
fn TaskRunSections(
    /// The task run, its flow run, states, upstream runs and artifacts.
    page: Signal<Arc<TaskRunPage>>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let header = move || {
        let page = page.get();
        match &page.task_run {
            Ok(task_run) => view! {
                <TaskRunHeader
                    task_run=task_run.clone()
                    flow_run=page.flow_run.clone().map(|f| (f.id, f.name))
                />
            }
            .into_any(),
            Err(error) => view! {
                <h1>"Task run"</h1>
                <ApiErrorPanel title="This task run" error=error.clone() />
            }
            .into_any(),
        }
    };
    let states = move || match &page.get().states {
        Ok(states) => {
            view! { <StateTimeline segments=timeline::layout(states, platform::now()) /> }
                .into_any()
        }
        Err(error) => {
            view! { <ApiErrorPanel title="State history" error=error.clone() /> }.into_any()
        }
    };
    let task_inputs = move || {
        let page = page.get();
        let Ok(task_run) = &page.task_run else {
            return ().into_any();
        };
        match &page.upstream {
            Ok(upstream) => inputs_view(inputs(&task_run.task_inputs), upstream, context),
            Err(error) => {
                view! { <ApiErrorPanel title="The runs that fed its inputs" error=error.clone() /> }
                    .into_any()
            }
        }
    };
    let artifacts = move || match &page.get().artifacts {
        Ok(list) if list.is_empty() => view! {
            <p class="muted" data-testid="no-artifacts">
                "This task run made no artifacts."
            </p>
        }
        .into_any(),
        Ok(list) => view! {
            <div class="artifacts" data-testid="artifacts">
                {list
                    .iter()
                    .cloned()
                    .map(|artifact| view! { <ArtifactCard artifact /> })
                    .collect_view()}
            </div>
        }
        .into_any(),
        Err(error) => view! { <ApiErrorPanel title="Artifacts" error=error.clone() /> }.into_any(),
    };
    // Made once: a refresh keeps an open confirmation.
    let current = Signal::derive(move || page.with(|p| p.task_run.as_ref().ok().cloned()));
    let navigate = use_navigate();
    let on_deleted = Callback::new(move |()| {
        // Where it ran, or the task runs list.
        let to = page.with_untracked(|p| {
            p.task_run
                .as_ref()
                .ok()
                .and_then(|t| t.flow_run_id)
                .map_or_else(|| routes::TASK_RUNS.to_string(), routes::flow_run)
        });
        navigate(&context.href(&to), Default::default());
    });
    view! {
        {header}
        {(!context.read_only()).then(|| view! { <TaskRunActions run=current on_deleted /> })}
        <h2>"Inputs"</h2>
        {task_inputs}
        <h2>"State timeline"</h2>
        {states}
        <h2>"Artifacts"</h2>
        {artifacts}
    }
}

#[component]
fn TaskRunHeader(
    /// The task run.
    task_run: TaskRun,
    /// Its flow run's id and name, when it has one that could be fetched.
    flow_run: Option<(Uuid, String)>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let t = task_run;
    let state_type = state_type_of(&t);
    let running = state_type == StateType::Running;
    let message = t
        .state
        .as_ref()
        .and_then(|s| s.message.clone())
        .filter(|m| !m.is_empty());
    let flow_run_cell = match (flow_run, t.flow_run_id) {
        (Some((id, name)), _) => view! {
            <a href=context.href(&routes::flow_run(id)) data-testid="task-run-flow-run">
                {name}
            </a>
        }
        .into_any(),
        (None, Some(id)) => view! {
            <a href=context.href(&routes::flow_run(id)) data-testid="task-run-flow-run">
                {id.to_string()}
            </a>
        }
        .into_any(),
        (None, None) => "— (ran outside a flow)".into_any(),
    };
    let cache_cell = match cache(t.cache_key.as_deref(), t.cache_expiration, platform::now()) {
        Cache::None => "Not cached".into_any(),
        Cache::Forever => "Cached, never expires".into_any(),
        Cache::Until(at) => view! {
            "Cached until "
            <Time at=Some(at) />
        }
        .into_any(),
        Cache::Expired(at) => view! {
            "Expired at "
            <Time at=Some(at) />
        }
        .into_any(),
    };
    let or_dash = |s: Option<String>| s.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    view! {
        <RunTitle
            kind="task-run"
            name=t.name.clone()
            state_type
            state_name=t.current_state_name()
            message
        />
        <dl class="facts stats">
            <div class="stat stat--wide">
                <dt>"Flow run"</dt>
                <dd>{flow_run_cell}</dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Task key"</dt>
                <dd>{t.task_key.clone()}</dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Dynamic key"</dt>
                <dd>{t.dynamic_key.clone()}</dd>
            </div>
            <div class="stat">
                <dt>"Task version"</dt>
                <dd>{or_dash(t.task_version.clone())}</dd>
            </div>
            <div class="stat">
                <dt>"Expected start"</dt>
                <dd>
                    <Time at=t.expected_start_time />
                </dd>
            </div>
            <div class="stat">
                <dt>"Started"</dt>
                <dd>
                    <Time at=t.start_time />
                </dd>
            </div>
            <div class="stat">
                <dt>"Ended"</dt>
                <dd>
                    <Time at=t.end_time />
                </dd>
            </div>
            <div class="stat">
                <dt>"Duration"</dt>
                <dd>
                    {if running {
                        view! { <Elapsed base_seconds=t.estimated_run_time /> }.into_any()
                    } else {
                        duration(t.estimated_run_time).into_any()
                    }}
                </dd>
            </div>
            <div class="stat">
                <dt>"Lateness"</dt>
                <dd>
                    {lateness(t.estimated_start_time_delta).unwrap_or_else(|| "on time".into())}
                </dd>
            </div>
            <div class="stat">
                <dt>"Run count"</dt>
                <dd data-testid="task-run-run-count">{t.run_count}</dd>
            </div>
            <div class="stat">
                <dt>"Retries"</dt>
                <dd data-testid="task-run-retries">{retry_policy(&t.empirical_policy)}</dd>
            </div>
            <div class="stat">
                <dt>"Cache"</dt>
                <dd data-testid="task-run-cache">{cache_cell}</dd>
            </div>
            <div class="stat stat--wide">
                <dt>"Cache key"</dt>
                <dd data-testid="task-run-cache-key">{or_dash(t.cache_key.clone())}</dd>
            </div>
            <div class="stat">
                <dt>"Tags"</dt>
                <dd>
                    <Tags tags=t.tags.clone() shown=4 />
                </dd>
            </div>
        </dl>
    }
}

/// Where each input came from: other task runs and flow runs (linked, with their state),
/// flow parameters and constants.
fn inputs_view(inputs: Vec<Input>, upstream: &Upstream, context: AppContext) -> AnyView {
    if inputs.is_empty() {
        return view! {
            <p class="muted" data-testid="no-task-inputs">
                "No inputs."
            </p>
        }
        .into_any();
    }
    let source = |input: &RunInput| -> AnyView {
        match input {
            RunInput::TaskRun { id } => {
                let found = upstream.task_runs.iter().find(|t| t.id == *id);
                let name = found.map_or_else(|| id.to_string(), |t| t.name.clone());
                let badge = found.map(|t| {
                    view! {
                        <StateBadge state_type=state_type_of(t) name=t.current_state_name() />
                        " "
                    }
                });
                view! {
                    <li>
                        {badge}"task run "
                        <a
                            href=context.href(&routes::task_run(*id))
                            data-testid="task-input-task-run"
                        >
                            {name}
                        </a>
                    </li>
                }
                .into_any()
            }
            RunInput::FlowRun { id } => {
                let found = upstream.flow_runs.iter().find(|f| f.id == *id);
                let name = found.map_or_else(|| id.to_string(), |f| f.name.clone());
                view! {
                    <li>
                        "flow run "
                        <a
                            href=context.href(&routes::flow_run(*id))
                            data-testid="task-input-flow-run"
                        >
                            {name}
                        </a>
                    </li>
                }
                .into_any()
            }
            RunInput::Parameter { name } => {
                view! { <li>"the flow's parameter " <code>{name.clone()}</code></li> }.into_any()
            }
            RunInput::Constant { kind } => {
                view! { <li>"a constant (" <code>{kind.clone()}</code> ")"</li> }.into_any()
            }
        }
    };
    view! {
        <div class="table-scroll">
            <table class="table table--compact" data-testid="task-inputs">
                <thead>
                    <tr>
                        <th>"Input"</th>
                        <th>"From"</th>
                    </tr>
                </thead>
                <tbody>
                    {inputs
                        .iter()
                        .map(|input| {
                            view! {
                                <tr>
                                    <td>
                                        <code data-testid="task-input-name">
                                            {input.name.clone()}
                                        </code>
                                    </td>
                                    <td>
                                        {if input.sources.is_empty() {
                                            view! {
                                                <span class="muted">"a value (no upstream run)"</span>
                                            }
                                                .into_any()
                                        } else {
                                            view! {
                                                <ul class="plain">
                                                    {input.sources.iter().map(&source).collect_view()}
                                                </ul>
                                            }
                                                .into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
