//! The deployments list: status with its reason, schedules in words, recent-run activity and
//! next runs for a whole page in a few batched requests.

use crate::api::invalidation::Topic;
use crate::components::{
    api_error_of, list_pager, ActivityBars, FetchedSignal, HealthBadge, KeyedRow, KeyedTable,
    SavedViewsBar, TagsInput, Time,
};
use crate::context::AppContext;
use crate::domain::activity::{bars, expected, ActivityBar};
use crate::domain::health::Health;
use crate::domain::keyed::Keyed;
use crate::domain::list_query::ListQuery;
use crate::domain::live::LiveScope;
use crate::domain::{format, health, schedule};
use crate::hooks::use_list_query;
use crate::live::use_live;
use crate::loaders::deployments::{deployments, DeploymentsList};
use crate::platform;
use crate::routes;
use crate::schemas::{Deployment, Timestamp};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::Form;
use std::sync::Arc;

/// "pool / queue" of a deployment, or a dash.
pub fn pool_and_queue(deployment: &Deployment) -> String {
    let text = format::pool_and_queue(
        deployment.work_pool_name.as_deref(),
        deployment.work_queue_name.as_deref(),
    );
    if text.is_empty() {
        "—".into()
    } else {
        text
    }
}

/// One deployment as its row shows it, every time-dependent verdict already worked out.
#[derive(Clone, Debug, Hash)]
struct DeploymentRow {
    name: String,
    flow: String,
    status: String,
    verdict: Health,
    schedules: Vec<String>,
    tags: String,
    pool: String,
    recent: Vec<ActivityBar>,
    next: Option<Timestamp>,
    href: String,
    pool_link: Option<String>,
}

fn deployment_row(
    list: &DeploymentsList,
    d: &Deployment,
    href: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> DeploymentRow {
    let flow = list
        .flows
        .get(&d.flow_id)
        .cloned()
        .unwrap_or_else(|| d.flow_id.to_string());
    let (recent, next) = match &list.activity {
        Ok(a) => (
            a.recent
                .get(&d.id)
                .map(|runs| bars(runs))
                .unwrap_or_default(),
            a.next.get(&d.id).and_then(expected),
        ),
        Err(_) => (Vec::new(), None),
    };
    DeploymentRow {
        name: d.name.clone(),
        flow,
        status: health::deployment_status_label(d).to_string(),
        verdict: health::deployment(d, now),
        schedules: schedule::lines(&d.schedules),
        tags: d.tags.join(", "),
        pool: pool_and_queue(d),
        recent,
        next,
        href: href(&routes::deployment(d.id)),
        pool_link: d
            .work_pool_name
            .as_ref()
            .map(|pool| href(&routes::work_pool(pool))),
    }
}

fn row_view(row: DeploymentRow) -> impl IntoView {
    let schedules = row
        .schedules
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    view! {
        <tr data-testid="deployment-row" data-name=row.name.clone()>
            <td>
                <a href=row.href>{row.name.clone()}</a>
                <div class="muted">{row.flow}</div>
            </td>
            <td data-testid="deployment-status">
                <span class="status-word">{row.status}</span>
                " "
                <HealthBadge health=row.verdict />
            </td>
            <td><ul class="plain">{schedules}</ul></td>
            <td>{row.tags}</td>
            <td>
                {match row.pool_link {
                    Some(link) => view! { <a href=link>{row.pool}</a> }.into_any(),
                    None => row.pool.into_any(),
                }}
            </td>
            <td><ActivityBars bars=row.recent /></td>
            <td><Time at=row.next /></td>
        </tr>
    }
}

/// The deployments page.
#[component]
pub fn DeploymentsPage() -> impl IntoView {
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let query = use_list_query();
    let data = context.resource(Topic::Deployments, move |client| {
        deployments(client, query.get(), platform::now())
    });
    let list_path = context.href(routes::DEPLOYMENTS);
    // Rendered once; a refresh re-renders only the rows whose deployment changed.
    let render = move |list: Signal<Arc<DeploymentsList>>| {
        let href = move |path: &str| context.href(path);
        let rows = Signal::derive(move || {
            let list = list.get();
            let now = platform::now();
            list.page
                .results
                .iter()
                .map(|d| {
                    let row = deployment_row(&list, d, href, now);
                    KeyedRow::new(Keyed::new(d.id.to_string(), row), row_view)
                })
                .collect::<Vec<_>>()
        });
        let pager = move || {
            let list = list.get();
            let q = query.get();
            list_pager(
                q.page,
                list.page.pages,
                list.page.count,
                "deployments",
                |page| {
                    let view = ListQuery { page, ..q.clone() };
                    href(&routes::deployments(&view.to_query_string()))
                },
            )
        };
        view! {
            {move || api_error_of("Recent and next runs", &list.get().activity)}
            <KeyedTable
                testid="deployments-table"
                headers=&["Deployment / flow", "Status", "Schedules", "Tags", "Work pool / queue", "Recent runs", "Next run"]
                rows
            />
            <nav class="pager" aria-label="Pages">{pager}</nav>
        }
    };
    view! {
        <section class="page">
            <h1>"Deployments"</h1>
            <SavedViewsBar path=routes::DEPLOYMENTS />
            <Form method="GET" action=list_path attr:class="filters" attr:role="search">
                <label>
                    "Flow or deployment name"
                    <input type="search" name="q" prop:value=move || query.get().search />
                </label>
                <TagsInput tags=Signal::derive(move || query.get().tags) />
                <button type="submit">"Search"</button>
            </Form>
            <FetchedSignal resource=data title="Deployments" loading="Loading deployments…" render />
        </section>
    }
}
