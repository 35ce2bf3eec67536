//! The deployments list: status with its reason, schedules in words, recent-run activity and
//! next runs for a whole page in a few batched requests (the rows show first; their flows'
//! names and runs fill in after).

use crate::api::invalidation::Topic;
use crate::api::resource::{FollowUp, RowAnswer};
use crate::components::select_box;
use crate::components::{
    api_error_of, list_pager, looking_up, ActionFuture, ActionState, ActivityBars, ApiErrorPanel,
    DeleteSelected, FetchedSignal, FilterForm, HealthBadge, KeyedRow, KeyedTable, ListChips,
    SavedViewsBar, Selection, Tags, TagsInput, Time,
};
use crate::context::AppContext;
use crate::domain::activity::{bars, expected, ActivityBar};
use crate::domain::forms::deployments_delete_words;
use crate::domain::health::Health;
use crate::domain::keyed::Keyed;
use crate::domain::list_query::ListQuery;
use crate::domain::live::LiveScope;
use crate::domain::{format, health, schedule};
use crate::hooks::{use_list_query, use_page_title};
use crate::live::use_live;
use crate::loaders::actions::{delete_deployments, deleted_with_deployments};
use crate::loaders::deployments::{deployments, page_details, PageDetails, PageIds};
use crate::platform;
use crate::routes;
use crate::schemas::responses::Paginated;
use crate::schemas::{Deployment, Timestamp};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

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
    id: Uuid,
    name: String,
    flow: String,
    verdict: Health,
    schedules: Vec<String>,
    tags: Vec<String>,
    pool: String,
    recent: Vec<ActivityBar>,
    next: Option<Timestamp>,
    href: String,
    pool_link: Option<String>,
    /// Its flow's name and its runs are still being looked up.
    pending: bool,
}

fn deployment_row(
    details: &FollowUp<PageDetails>,
    d: &Deployment,
    href: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> DeploymentRow {
    let answer = details.for_row(|f| f.deployments.contains(&d.id));
    let found = answer.found();
    let pending = matches!(answer, RowAnswer::Pending);
    let flow = found
        .and_then(|f| f.flows.get(&d.flow_id).cloned())
        .unwrap_or_else(|| d.flow_id.to_string());
    let (recent, next) = match found.map(|f| &f.activity) {
        Some(Ok(a)) => (
            a.recent
                .get(&d.id)
                .map(|runs| bars(runs))
                .unwrap_or_default(),
            a.next.get(&d.id).and_then(expected),
        ),
        _ => (Vec::new(), None),
    };
    DeploymentRow {
        id: d.id,
        name: d.name.clone(),
        flow,
        verdict: health::deployment(d, now),
        schedules: schedule::lines(&d.schedules),
        tags: d.tags.clone(),
        pool: pool_and_queue(d),
        recent,
        next,
        href: href(&routes::deployment(d.id)),
        pool_link: d
            .work_pool_name
            .as_ref()
            .map(|pool| href(&routes::work_pool(pool))),
        pending,
    }
}

fn row_view(row: DeploymentRow) -> impl IntoView {
    let schedules = row
        .schedules
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    view! {
        <tr
            data-testid="deployment-row"
            data-name=row.name.clone()
            data-pending=row.pending.then_some("true")
        >
            <td>
                {select_box(row.id, row.name.clone(), "deployment-select")}
                <a class="primary" href=row.href>
                    {row.name.clone()}
                </a>
                <div class="muted">
                    {if row.pending { looking_up("Looking up…") } else { row.flow.into_any() }}
                </div>
            </td>
            <td data-testid="deployment-status">
                <HealthBadge health=row.verdict />
            </td>
            <td>
                <ul class="plain">{schedules}</ul>
            </td>
            <td>
                <Tags tags=row.tags />
            </td>
            <td>
                {match row.pool_link {
                    Some(link) => view! { <a href=link>{row.pool}</a> }.into_any(),
                    None => row.pool.into_any(),
                }}
            </td>
            <td>
                {if row.pending {
                    looking_up("Looking up…")
                } else {
                    view! { <ActivityBars bars=row.recent /> }.into_any()
                }}
            </td>
            <td>
                {if row.pending {
                    looking_up("Looking up…")
                } else {
                    view! { <Time at=row.next relative=true /> }.into_any()
                }}
            </td>
        </tr>
    }
}

/// The bar over the list while deployments are ticked (the dialog counts the scheduled
/// runs that go with them while it is open).
fn delete_selected(selected: RwSignal<BTreeMap<Uuid, String>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = ActionState::default();
    let ids = Memo::new(move |_| {
        selected.with(|s| (!s.is_empty()).then(|| s.keys().copied().collect::<Vec<_>>()))
    });
    let counted = context.follow_up(Topic::Deployments, ids, move |client, ids| {
        deleted_with_deployments(client, ids)
    });
    let body = Signal::derive(move || {
        let mut names: Vec<String> = selected.with(|s| s.values().cloned().collect());
        names.sort();
        let runs = match counted.get() {
            FollowUp::Found(n) => Option::as_ref(&n).copied(),
            _ => None,
        };
        deployments_delete_words(&names, runs)
    });
    let act = Callback::new(move |ticked: Vec<(Uuid, String)>| {
        let ids = ticked.into_iter().map(|(id, _)| id).collect();
        Box::pin(delete_deployments(context.client(), ids)) as ActionFuture
    });
    view! {
        <DeleteSelected
            selected
            state
            testid="deployments"
            noun=("deployment", "deployments")
            body
            confirm="Delete deployments"
            act
            topics=vec![Topic::Deployments, Topic::FlowRuns]
        />
    }
}

/// The deployments page.
#[component]
pub fn DeploymentsPage() -> impl IntoView {
    use_page_title("Deployments");
    // Events that change what this page shows refetch it.
    use_live(move || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    let context = expect_context::<AppContext>();
    let query = use_list_query();
    let data = context.resource(Topic::Deployments, move |client| {
        deployments(client, query.get())
    });
    // The rows show as soon as the deployments are in; their flows' names and runs (a few
    // batched requests that need the page's ids) fill in after.
    let ids = Memo::new(move |_| match data.get() {
        Some(Ok(page)) => Some(PageIds::of(&page)),
        _ => None,
    });
    let details = context.follow_up(Topic::Deployments, ids, move |client, ids| {
        page_details(client, ids, platform::now())
    });
    let list_path = context.href(routes::DEPLOYMENTS);
    let selected = Selection::provide(context.read_only());
    let bulk = (!context.read_only()).then(|| delete_selected(selected));
    // Rendered once; a refresh re-renders only the rows whose deployment changed.
    let render = move |list: Signal<Arc<Paginated<Deployment>>>| {
        let href = move |path: &str| context.href(path);
        let rows = Signal::derive(move || {
            let list = list.get();
            let details = details.get();
            let now = platform::now();
            list.results
                .iter()
                .map(|d| {
                    let row = deployment_row(&details, d, href, now);
                    KeyedRow::new(Keyed::new(d.id.to_string(), row), row_view)
                })
                .collect::<Vec<_>>()
        });
        let pager = move || {
            let list = list.get();
            let q = query.get();
            list_pager(q.page, list.pages, list.count, "deployments", |page| {
                let view = ListQuery { page, ..q.clone() };
                href(&routes::deployments(&view.to_query_string()))
            })
        };
        view! {
            {move || match details.get() {
                FollowUp::Failed(error) => {
                    Some(
                        view! {
                            <ApiErrorPanel title="Flows and runs of these deployments" error />
                        }
                            .into_any(),
                    )
                }
                FollowUp::Found(found) => {
                    found
                        .as_ref()
                        .as_ref()
                        .and_then(|found| api_error_of("Recent and next runs", &found.activity))
                }
                FollowUp::Pending => None,
            }}
            <KeyedTable
                testid="deployments-table"
                headers=&[
                    "Deployment / flow",
                    "Status",
                    "Schedules",
                    "Tags",
                    "Work pool / queue",
                    "Recent runs",
                    "Next run",
                ]
                rows
            />
            <nav class="pager" aria-label="Pages">
                {pager}
            </nav>
        }
    };
    view! {
        <section class="page">
            <h1>"Deployments"</h1>
            <SavedViewsBar path=routes::DEPLOYMENTS />
            <FilterForm action=list_path>
                <label>
                    <span class="visually-hidden">"Flow or deployment name"</span>
                    <input
                        type="search"
                        placeholder="Flow or deployment name"
                        name="q"
                        prop:value=move || query.get().search
                    />
                </label>
                <TagsInput tags=Signal::derive(move || query.get().tags) />
                <ListChips query path=routes::DEPLOYMENTS />
            </FilterForm>
            {bulk}
            <FetchedSignal
                resource=data
                title="Deployments"
                loading="Loading deployments…"
                render
            />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::domain::test_now;
    use crate::loaders::lookups::DeploymentActivity;
    use serde_json::json;

    fn deployment(id: u128, flow: u128) -> Deployment {
        serde_json::from_value(json!({
            "id": Uuid::from_u128(id), "name": format!("d-{id}"), "flow_id": Uuid::from_u128(flow),
        }))
        .expect("deployment")
    }

    #[test]
    fn rows_show_before_their_flows_and_runs_and_fill_in_from_them() {
        let (d1, d2) = (deployment(1, 10), deployment(2, 11));
        let now = test_now();
        let href = |path: &str| path.to_string();
        let pending = deployment_row(&FollowUp::Pending, &d1, href, now);
        assert!(pending.pending);
        assert_eq!(pending.name, "d-1");

        let details = FollowUp::Found(Arc::new(Some(PageDetails {
            deployments: [Uuid::from_u128(1)].into_iter().collect(),
            flows: [(Uuid::from_u128(10), "etl".to_string())].into(),
            activity: Ok(DeploymentActivity::default()),
        })));
        let filled = deployment_row(&details, &d1, href, now);
        assert!(!filled.pending);
        assert_eq!(filled.flow, "etl");
        // An answer for an earlier page does not cover d2: it waits for its own.
        assert!(deployment_row(&details, &d2, href, now).pending);

        let failed = FollowUp::Failed(ApiError::Network {
            endpoint: "/flows/filter".into(),
            message: "down".into(),
        });
        let row = deployment_row(&failed, &d1, href, now);
        assert!(!row.pending);
        assert_eq!(row.flow, Uuid::from_u128(10).to_string());
    }
}
