//! The deployments list: status with its reason, schedules in words, recent-run activity and
//! next runs for a whole page in a few batched requests.

use crate::api::invalidation::Topic;
use crate::components::{
    api_error_of, ActivityBars, DataTable, Fetched, HealthBadge, TagsInput, Time,
};
use crate::context::AppContext;
use crate::domain::activity::{bars, expected};
use crate::domain::list_query::ListQuery;
use crate::domain::{format, health, schedule};
use crate::loaders::deployments::{deployments, DeploymentsList};
use crate::platform;
use crate::routes;
use crate::schemas::Deployment;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

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

fn row(list: &DeploymentsList, d: Deployment, href: &dyn Fn(&str) -> String) -> impl IntoView {
    let now = platform::now();
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
    let schedules = schedule::lines(&d.schedules)
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    let pool_link = d
        .work_pool_name
        .as_ref()
        .map(|pool| href(&routes::work_pool(pool)));
    view! {
        <tr data-testid="deployment-row" data-name=d.name.clone()>
            <td>
                <a href=href(&routes::deployment(d.id))>{d.name.clone()}</a>
                <div class="muted">{flow}</div>
            </td>
            <td data-testid="deployment-status">
                <span class="status-word">{health::deployment_status_label(&d).to_string()}</span>
                " "
                <HealthBadge health=health::deployment(&d, now) />
            </td>
            <td><ul class="plain">{schedules}</ul></td>
            <td>{d.tags.join(", ")}</td>
            <td>
                {match pool_link {
                    Some(link) => view! { <a href=link>{pool_and_queue(&d)}</a> }.into_any(),
                    None => pool_and_queue(&d).into_any(),
                }}
            </td>
            <td><ActivityBars bars=recent /></td>
            <td><Time at=next /></td>
        </tr>
    }
}

/// The deployments page.
#[component]
pub fn DeploymentsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| ListQuery::from_pairs(|k| m.get_str(k))));
    let data = context.resource(Topic::Deployments, move |client| {
        deployments(client, query.get(), platform::now())
    });
    let list_path = context.href(routes::DEPLOYMENTS);
    let render = move |list: DeploymentsList| {
        let href = move |path: &str| context.href(path);
        let total = list.page.count;
        let pages = list.page.pages.max(1);
        let activity_error = api_error_of("Recent and next runs", &list.activity);
        let rows = list
            .page
            .results
            .clone()
            .into_iter()
            .map(|d| row(&list, d, &href))
            .collect_view();
        let q = query.get_untracked();
        let prev = (q.page > 1).then(|| ListQuery {
            page: q.page - 1,
            ..q.clone()
        });
        let next = (i64::from(q.page) < pages).then(|| ListQuery {
            page: q.page + 1,
            ..q.clone()
        });
        let link = |q: ListQuery| href(&routes::deployments(&q.to_query_string()));
        view! {
            {activity_error}
            <DataTable
                testid="deployments-table"
                headers=&["Deployment / flow", "Status", "Schedules", "Tags", "Work pool / queue", "Recent runs", "Next run"]
            >
                {rows}
            </DataTable>
            <nav class="pager" aria-label="Pages">
                {prev.map(|q| view! { <a href=link(q)>"‹ Previous"</a> })}
                <span data-testid="pager">{format!("Page {} of {pages} · {total} deployments", q.page)}</span>
                {next.map(|q| view! { <a href=link(q)>"Next ›"</a> })}
            </nav>
        }
    };
    view! {
        <section class="page">
            <h1>"Deployments"</h1>
            <Form method="GET" action=list_path attr:class="filters" attr:role="search">
                <label>
                    "Flow or deployment name"
                    <input type="search" name="q" prop:value=move || query.get().search />
                </label>
                <TagsInput tags=Signal::derive(move || query.get().tags) />
                <button type="submit">"Search"</button>
            </Form>
            <Fetched resource=data title="Deployments" loading="Loading deployments…" render />
        </section>
    }
}
