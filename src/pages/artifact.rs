//! One artifact key: its latest version rendered, and every version over time, each with
//! the run that made it (linked by name) and its body a click away.

use crate::api::invalidation::Topic;
use crate::components::{ArtifactCard, ErrorPanel, FetchedSignal, Time};
use crate::context::AppContext;
use crate::hooks::use_object_title;
use crate::loaders::artifacts::{versions, ArtifactVersions};
use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

/// The artifact key page (`/artifacts/key/<key>`).
#[component]
pub fn ArtifactPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(|p| p.get("key").filter(|k| !k.trim().is_empty())));
    view! {
        {move || match key.get() {
            Some(key) => view! { <ArtifactKeyView key /> }.into_any(),
            None => {
                view! {
                    <section class="page">
                        <h1>"Artifact"</h1>
                        <ErrorPanel
                            title="No such artifact"
                            message="The address does not hold an artifact key."
                        />
                        <a href=context.href(routes::ARTIFACTS)>"All artifacts"</a>
                    </section>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn ArtifactKeyView(key: String) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let asked = key.clone();
    let title = key.clone();
    use_object_title("Artifact", move || Some(vec![title.clone()]));
    let data = context.resource(Topic::FlowRuns, move |client| {
        versions(client, asked.clone())
    });
    let render = move |page: Signal<Arc<ArtifactVersions>>| {
        move || {
            let page = page.get();
            let Some(latest) = page.versions.first().cloned() else {
                return view! { <ErrorPanel title="No such artifact" message="No artifact has this key." /> }
                .into_any();
            };
            let runs = page.flow_runs.as_ref().ok();
            let versions = page
                .versions
                .iter()
                .map(|a| {
                    let made_by = a.flow_run_id.map(|id| {
                        let name = runs
                            .and_then(|runs| runs.iter().find(|r| r.id == id))
                            .map_or_else(|| id.to_string(), |r| r.name.clone());
                        view! {
                            " · "
                            <a href=context.href(&routes::flow_run(id))>{name}</a>
                        }
                    });
                    let task_run = a.task_run_id.map(|id| {
                        view! {
                            " · "
                            <a href=context.href(&routes::task_run(id))>"its task run"</a>
                        }
                    });
                    let artifact = a.clone();
                    view! {
                        <li data-testid="artifact-version" class="artifact-version">
                            // Links stay out of the summary: a control inside a control is
                            // neither clickable nor announced right.
                            <details>
                                <summary>
                                    <Time at=a.created />
                                </summary>
                                <ArtifactCard artifact />
                            </details>
                            <span class="muted">{made_by} {task_run}</span>
                        </li>
                    }
                })
                .collect_view();
            let count = page.versions.len();
            view! {
                <h2>"Latest"</h2>
                <ArtifactCard artifact=latest />
                <h2>
                    {format!(
                        "Versions ({count}{})",
                        if count >= 200 { ", the latest 200" } else { "" },
                    )}
                </h2>
                <ul class="plain versions" data-testid="artifact-versions">
                    {versions}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="page">
            <p>
                <a href=context.href(routes::ARTIFACTS)>"Artifacts"</a>
            </p>
            <h1 data-testid="artifact-page-key">{key}</h1>
            <FetchedSignal
                resource=data
                title="This artifact"
                loading="Loading the artifact…"
                render
            />
        </section>
    }
}
