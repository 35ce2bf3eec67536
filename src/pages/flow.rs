//! One flow (`/flows/:id`): its runs over the runs view's default window, how many it has
//! had, its deployments and its recent runs, with a link to the runs list scoped to it.

use super::deployment::runs_part;
use crate::api::invalidation::Topic;
use crate::api::ApiError;
use crate::components::{
    api_error_of, deployment_name, ApiErrorPanel, ErrorPanel, FetchedSignal, FlowRunRow,
    HealthBadge, HistoryChart, LogsCell, RunHistory, Tags, Time,
};
use crate::context::AppContext;
use crate::domain::live::LiveScope;
use crate::domain::runs_query::Window;
use crate::domain::{health, history, schedule};
use crate::hooks::{use_id_param, use_log_counts, use_object_title};
use crate::live::use_live;
use crate::loaders::flows::{flow, flow_view, FlowDetails};
use crate::loaders::run_history::HistoryOf;
use crate::platform;
use crate::routes;
use crate::schemas::Deployment;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::sync::Arc;

/// The flow's deployments: name, status with its reason, schedules in words.
fn deployments_part(
    deployments: &Result<Vec<Deployment>, ApiError>,
    href: impl Fn(&str) -> String,
) -> AnyView {
    let list = match deployments {
        Err(error) => {
            return view! { <ApiErrorPanel title="Deployments" error=error.clone() /> }.into_any()
        }
        Ok(list) if list.is_empty() => {
            return view! {
                <p class="muted" data-testid="no-flow-deployments">
                    "No deployments."
                </p>
            }
            .into_any()
        }
        Ok(list) => list,
    };
    let now = platform::now();
    let items = list
        .iter()
        .map(|d| {
            let schedules = schedule::lines(&d.schedules).join("; ");
            view! {
                <li data-testid="flow-deployment" data-name=d.name.clone()>
                    <a class="primary" href=href(&routes::deployment(d.id)) title=d.name.clone()>
                        {d.name.clone()}
                    </a>
                    " "
                    <HealthBadge health=health::deployment(d, now) />
                    {(!schedules.is_empty())
                        .then(|| view! { <div class="muted">{schedules}</div> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain">{items}</ul> }.into_any()
}

/// The flow page.
#[component]
pub fn FlowPage() -> impl IntoView {
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let id = use_id_param();
    let data = context.resource(Topic::FlowRuns, move |client| {
        let id = id.get();
        async move {
            match id {
                Some(id) => flow(client, id, platform::now()).await.map(Some),
                None => Ok(None),
            }
        }
    });
    use_object_title("Flow", move || match data.get() {
        Some(Ok(details)) => Option::as_ref(&details).map(|d| vec![d.flow.name.clone()]),
        _ => None,
    });
    // The recent runs' warning and error lines, once they are in.
    let logs = use_log_counts(move || match data.get() {
        Some(Ok(details)) => Option::as_ref(&details)
            .and_then(|d| d.recent.as_ref().ok())
            .map(|runs| runs.iter().map(|r| r.id).collect()),
        _ => None,
    });
    let navigate = use_navigate();
    let render = move |details: Signal<Arc<Option<FlowDetails>>>| {
        let href = move |path: &str| context.href(path);
        let navigate = navigate.clone();
        let on_select = Callback::new(move |(from, to)| {
            if let Some(id) = id.get_untracked() {
                let view = crate::domain::runs_query::RunsQuery {
                    window: Window::Between(from, to),
                    ..flow_view(id)
                };
                navigate(
                    &context.href(&routes::flow_runs(&view.to_query_string())),
                    Default::default(),
                );
            }
        });
        let header = move || {
            Option::as_ref(&details.get()).map(|d| {
                let f = &d.flow;
                let all_runs = href(&routes::flow_runs(&flow_view(f.id).to_query_string()));
                let runs = match &d.runs {
                    Ok(n) => view! {
                        <a href=all_runs data-testid="flow-run-count">
                            {n.to_string()}
                        </a>
                    }
                    .into_any(),
                    Err(_) => view! { <a href=all_runs>"all runs"</a> }.into_any(),
                };
                view! {
                    <h1 data-testid="flow-name" title=f.name.clone()>
                        {f.name.clone()}
                    </h1>
                    <dl class="facts stats">
                        <div class="stat">
                            <dt>"Runs"</dt>
                            <dd>{runs}</dd>
                        </div>
                        <div class="stat">
                            <dt>"Created"</dt>
                            <dd>
                                <Time at=f.created />
                            </dd>
                        </div>
                        <div class="stat">
                            <dt>"Tags"</dt>
                            <dd>
                                <Tags tags=f.tags.clone() shown=4 />
                            </dd>
                        </div>
                    </dl>
                    {api_error_of("Run count", &d.runs)}
                }
            })
        };
        let chart = move || {
            Option::as_ref(&details.get()).map(|d| match &d.history {
                Ok(buckets) => {
                    view! { <HistoryChart layout=history::layout(buckets) on_select /> }.into_any()
                }
                Err(error) => {
                    view! { <ApiErrorPanel title="Run history" error=error.clone() /> }.into_any()
                }
            })
        };
        let deployments =
            move || Option::as_ref(&details.get()).map(|d| deployments_part(&d.deployments, href));
        let recent = Signal::derive(move || {
            let details = details.get();
            let logs = logs.get();
            match Option::as_ref(&details) {
                Some(d) => d.recent.as_ref().map_err(Clone::clone).map(|runs| {
                    runs.iter()
                        .map(|run| {
                            let link = href(&routes::flow_run(run.id));
                            let deployments = d.deployments.as_deref().unwrap_or_default();
                            FlowRunRow::new(
                                run.clone(),
                                link,
                                d.flow.name.clone(),
                                deployment_name(run, deployments),
                                None,
                            )
                            .with_logs(LogsCell::for_run(&logs, run.id))
                        })
                        .collect()
                }),
                None => Ok(Vec::new()),
            }
        });
        view! {
            <Show
                when=move || details.with(|d| d.is_some())
                fallback=|| {
                    view! {
                        <h1>"Flow"</h1>
                        <ErrorPanel
                            title="No such flow"
                            message="The address does not hold a flow id."
                        />
                    }
                }
            >
                {header}
                <h2>"Runs · past 24 hours"</h2>
                <div data-testid="flow-history">{chart}</div>
                <h2>"Deployments"</h2>
                <div data-testid="flow-deployments-list">{deployments}</div>
                <h2>"Recent runs"</h2>
                <div data-testid="recent-runs">{runs_part("Recent runs", recent)}</div>
            </Show>
        }
    };
    view! {
        <section class="page">
            <p>
                <a href=context.href(routes::FLOWS)>"‹ All flows"</a>
            </p>
            <FetchedSignal resource=data title="Flow" loading="Loading the flow…" render />
            <RunHistory of=Signal::derive(move || id.get().map(HistoryOf::Flow)) />
        </section>
    }
}
