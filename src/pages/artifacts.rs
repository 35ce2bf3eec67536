//! Artifacts: the latest artifact of each key (type, description, when, the flow run that
//! made it), by key search and type, paged; every filter in the URL.

use crate::api::invalidation::Topic;
use crate::components::{
    api_error_of, list_pager, FetchedSignal, FilterForm, KeyedRow, PagedTable, SavedViewsBar, Time,
};
use crate::context::AppContext;
use crate::domain::artifact::{ArtifactsQuery, KINDS};
use crate::domain::keyed::Keyed;
use crate::hooks::use_page_title;
use crate::loaders::artifacts::{latest_artifacts, ArtifactsList};
use crate::routes;
use crate::schemas::{ArtifactCollection, FlowRun, Timestamp};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;

/// One key as its row shows it.
#[derive(Clone, Debug, Hash)]
struct ArtifactRow {
    key: String,
    href: String,
    kind: String,
    description: String,
    updated: Option<Timestamp>,
    /// The flow run that made the latest version: its page and its name (or id).
    made_by: Option<(String, String)>,
}

fn artifact_row(
    a: &ArtifactCollection,
    runs: Option<&[FlowRun]>,
    href: impl Fn(&str) -> String,
) -> ArtifactRow {
    ArtifactRow {
        key: a.key.clone(),
        href: href(&routes::artifact_key(&a.key)),
        kind: a.kind.clone().unwrap_or_else(|| "unknown".into()),
        description: a
            .description
            .as_deref()
            .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect(),
        updated: a.updated.or(a.created),
        made_by: a.flow_run_id.map(|id| {
            let name = runs
                .and_then(|runs| runs.iter().find(|r| r.id == id))
                .map_or_else(|| id.to_string(), |r| r.name.clone());
            (href(&routes::flow_run(id)), name)
        }),
    }
}

fn row_view(row: ArtifactRow) -> impl IntoView {
    let title = row.key.clone();
    view! {
        <tr data-testid="artifact-row">
            <td>
                <a class="primary" href=row.href title=title data-testid="artifact-row-key">
                    {row.key}
                </a>
            </td>
            <td data-testid="artifact-row-type">{row.kind}</td>
            <td>{row.description}</td>
            <td>
                <Time at=row.updated relative=true />
            </td>
            <td>
                {match row.made_by {
                    Some((href, name)) => view! { <a href=href>{name}</a> }.into_any(),
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}

/// The artifacts page (`/artifacts`).
#[component]
pub fn ArtifactsPage() -> impl IntoView {
    use_page_title("Artifacts");
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let query =
        Memo::new(move |_| query_map.with(|m| ArtifactsQuery::from_pairs(|k| m.get_str(k))));
    let data = context.resource(Topic::FlowRuns, move |client| {
        latest_artifacts(client, query.get())
    });
    let list_path = context.href(routes::ARTIFACTS);
    let render = move |list: Signal<Arc<ArtifactsList>>| {
        let href = move |path: &str| context.href(path);
        let rows = Signal::derive(move || {
            let list = list.get();
            let runs = list.flow_runs.as_ref().ok().map(Vec::as_slice);
            list.page
                .results
                .iter()
                .map(|a| {
                    KeyedRow::new(
                        Keyed::new(a.id.to_string(), artifact_row(a, runs, href)),
                        row_view,
                    )
                })
                .collect::<Vec<_>>()
        });
        let pager = move || {
            let list = list.get();
            let q = query.get();
            list_pager(q.page, list.page.pages, list.page.count, "keys", |page| {
                let view = ArtifactsQuery { page, ..q.clone() };
                href(&routes::artifacts(&view.to_query_string()))
            })
        };
        view! {
            {move || api_error_of("The flow runs that made them", &list.get().flow_runs)}
            <PagedTable
                testid="artifacts-table"
                headers=&["Key", "Type", "Description", "Latest", "Made by"]
                rows
                empty=(
                    "no-artifacts",
                    "No artifacts with a key match. Flows make them with create_markdown_artifact(key=...) and its kin.",
                )
                pager
            />
        }
    };
    view! {
        <section class="page">
            <h1>"Artifacts"</h1>
            <SavedViewsBar path=routes::ARTIFACTS />
            <FilterForm action=list_path>
                <label>
                    <span class="visually-hidden">"Key"</span>
                    <input
                        type="search"
                        placeholder="Key"
                        name="q"
                        prop:value=move || query.get().key
                    />
                </label>
                <label>
                    <span class="visually-hidden">"Type"</span>
                    <select name="type" prop:value=move || query.get().kind.unwrap_or_default()>
                        <option value="">"Any type"</option>
                        {KINDS
                            .iter()
                            .map(|k| view! { <option value=*k>{*k}</option> })
                            .collect_view()}
                    </select>
                </label>
            </FilterForm>
            <p class="muted">
                "The latest version of each key; artifacts without a key are on the page of the run that made them."
            </p>
            <FetchedSignal resource=data title="Artifacts" loading="Loading artifacts…" render />
        </section>
    }
}
