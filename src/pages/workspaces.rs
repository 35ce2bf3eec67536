//! Workspaces: Prefect Cloud workspaces to switch between, and the fleet view, every
//! configured server and workspace side by side. Each card loads on its own, so a slow or
//! down target never holds up the others.

use crate::api::invalidation::{Invalidations, Topic};
use crate::api::ApiError;
use crate::components::{ApiErrorPanel, DataTable, Fetched, HealthBadge, LiveStatus, StateBadge};
use crate::config::{Target, TargetKind, TargetScope};
use crate::context::AppContext;
use crate::domain::connection::Connection;
use crate::domain::fleet::{self, FleetSummary};
use crate::domain::health::{Health, Verdict};
use crate::domain::live::LiveScope;
use crate::hooks::{use_document_visibility, use_page_title, use_refresh};
use crate::live::{self, use_live_on};
use crate::loaders::fleet::fleet_summary;
use crate::loaders::shell::cloud_workspaces;
use crate::platform;
use crate::schemas::Workspace;
use leptos::prelude::*;
use std::time::Duration;

fn summary_view(summary: FleetSummary) -> impl IntoView {
    let verdict = fleet::verdict(&summary);
    let states = summary
        .by_state
        .iter()
        .map(|(state_type, count)| {
            view! {
                <li>
                    <StateBadge state_type=state_type.clone() />
                    " "
                    {*count}
                </li>
            }
        })
        .collect_view();
    let not_ready_count = summary.pools_not_ready.len();
    let not_ready = summary
        .pools_not_ready
        .into_iter()
        .map(|(name, health)| {
            view! {
                <li data-testid="fleet-pool" data-name=name.clone()>
                    <strong>{name.clone()}</strong>
                    " "
                    <HealthBadge health />
                </li>
            }
        })
        .collect_view();
    view! {
        <p data-testid="fleet-health">
            <HealthBadge health=verdict />
        </p>
        <dl class="facts">
            <dt>"Prefect"</dt>
            <dd data-testid="fleet-version">{summary.version}</dd>
            <dt>"Flow runs, 24 h"</dt>
            <dd data-testid="fleet-total">{summary.total}</dd>
            <dt>"Failed or crashed"</dt>
            <dd data-testid="fleet-failed">{summary.failed}</dd>
            <dt>"Late"</dt>
            <dd data-testid="fleet-late">{summary.late}</dd>
            <dt>"Work pools not ready"</dt>
            <dd data-testid="fleet-pools-not-ready">
                {format!("{} of {}", not_ready_count, summary.pools)}
            </dd>
            <dt>"Workers offline"</dt>
            <dd data-testid="fleet-workers-offline">
                {format!("{} of {}", summary.workers_offline, summary.workers)}
            </dd>
        </dl>
        <ul class="totals">{states}</ul>
        <ul class="plain issues">{not_ready}</ul>
    }
}

/// One server or workspace: its own requests, its own errors, the age of stale data.
#[component]
fn FleetCard(
    /// The configured target.
    target: Target,
    /// The Cloud workspace, for a Cloud target.
    #[prop(optional)]
    workspace: Option<Workspace>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let scope = TargetScope {
        slug: target.slug.clone(),
        workspace: workspace.as_ref().map(|w| (w.account_id, w.workspace_id)),
    };
    let active = scope == context.scope();
    let client = StoredValue::new_local(context.client_for(&target, &scope));
    // Each card follows its own target: its own events stream (what changes its counts and
    // verdicts), or polling where that target has none. Its invalidations are its own, so a
    // busy target refetches only its card.
    let own = Invalidations::new();
    // Tried again by itself after a failure, like every page's data.
    let data = context.resource_on(own, client, Topic::FlowRuns, move |client| {
        own.track(&Topic::WorkPools);
        own.track(&Topic::Deployments);
        fleet_summary(client, platform::now())
    });
    let connection = Signal::derive(move || {
        data.get()
            .and_then(|answer| answer.err())
            .and_then(|error| Connection::from_failure(&error))
            .unwrap_or(Connection::Checking)
    });
    let (interval_seconds, live_updates) =
        context.with_site(|s| (s.config.refresh_interval_seconds, s.config.live_updates));
    let feed = live::start(
        client.get_value(),
        own,
        use_document_visibility(),
        connection,
        live_updates,
    );
    use_live_on(feed, || LiveScope {
        flow_runs: true,
        health: true,
        ..LiveScope::default()
    });
    use_refresh(
        own,
        Duration::from_secs(u64::from(interval_seconds)),
        Some(feed),
        client,
    );
    // Reachable or not, said first: the header's verdict for this target.
    let reach = move || {
        data.get().map(|result| match result {
            Ok(_) => view! {
                <span class="tag" data-testid="fleet-reachable">
                    "✓ reachable"
                </span>
            }.into_any(),
            Err(error) if error.is_unreachable() => view! {
                <span data-testid="fleet-unreachable">
                    <HealthBadge health=Health::new(
                        Verdict::Unhealthy,
                        "Unreachable: the server did not answer",
                    ) />
                </span>
            }
            .into_any(),
            Err(error) if error.is_unauthorized() => view! {
                <HealthBadge health=Health::unknown(
                    "the server wants credentials (HTTP 401); enter them in Settings",
                ) />
            }
            .into_any(),
            Err(_) => view! { <HealthBadge health=Health::unknown("the server answered with an error") /> }.into_any(),
        })
    };
    let href = context.target_href(&target, workspace.as_ref());
    let title = match &workspace {
        Some(w) => format!("{} › {}", target.name, w.handle()),
        None => target.name.clone(),
    };
    let (data_target, label) = (title.clone(), title.clone());
    view! {
        <section class="card" data-testid="fleet-card" data-target=data_target aria-label=label>
            <h2>
                <a href=href rel="external">
                    {title}
                </a>
                {active
                    .then(|| {
                        view! {
                            " "
                            <span class="tag">"active"</span>
                        }
                    })}
            </h2>
            <p>{reach}</p>
            <LiveStatus feed interval_seconds connection />
            <Fetched resource=data title="This target" loading="Asking…" render=summary_view />
        </section>
    }
}

/// A Cloud account: its workspaces to switch between, and a fleet card for each.
#[component]
fn CloudAccount(
    /// The Cloud target.
    target: Target,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let scope = TargetScope {
        slug: target.slug.clone(),
        workspace: None,
    };
    let client = StoredValue::new_local(context.client_for(&target, &scope));
    let workspaces = context.resource_on(
        context.invalidations,
        client,
        Topic::Connection,
        cloud_workspaces,
    );
    let root = context.root_api_base(&target);
    let urls = target.cloud_urls(&root);
    let target = StoredValue::new(target);
    let render = move |list: Result<std::sync::Arc<Vec<Workspace>>, ApiError>| {
        let target = target.get_value();
        match list {
            Err(error) if error.is_unauthorized() => view! {
                <div class="error-panel" role="alert" data-testid="cloud-key-rejected">
                    <strong>
                        {format!("{}: Prefect Cloud rejected the API key (HTTP 401).", target.name)}
                    </strong>
                    <p>"Enter a valid API key for it in Settings."</p>
                </div>
            }
            .into_any(),
            Err(error) => {
                view! { <ApiErrorPanel title=format!("{}: workspaces", target.name) error /> }
                    .into_any()
            }
            Ok(list) if list.is_empty() => {
                view! { <p class="muted">"This API key sees no workspaces."</p> }.into_any()
            }
            Ok(list) => {
                let rows = list
                    .iter()
                    .map(|w| {
                        let scope = context.scope();
                        let active = scope.slug == target.slug
                            && scope.workspace == Some((w.account_id, w.workspace_id));
                        view! {
                            <tr data-testid="workspace-row" data-handle=w.handle()>
                                <td>{w.account_name.clone()}</td>
                                <td>{w.workspace_name.clone()}</td>
                                <td>
                                    <code>{w.handle()}</code>
                                </td>
                                <td>
                                    {if active {
                                        view! { <strong>"Active"</strong> }.into_any()
                                    } else {
                                        view! {
                                            <a
                                                href=context.target_href(&target, Some(w))
                                                rel="external"
                                                data-testid="switch-workspace"
                                            >
                                                "Switch to it"
                                            </a>
                                        }
                                            .into_any()
                                    }}
                                </td>
                                <td>
                                    <a
                                        href=w.ui_url(&urls)
                                        rel="external noopener noreferrer"
                                        target="_blank"
                                    >
                                        "Open in Prefect"
                                    </a>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                let cards = list
                    .iter()
                    .map(|w| view! { <FleetCard target=target.clone() workspace=w.clone() /> })
                    .collect_view();
                view! {
                    <DataTable
                        testid="workspaces-table"
                        headers=&["Account", "Workspace", "Handle", "Switch", "Prefect UI"]
                    >
                        {rows}
                    </DataTable>
                    <div class="cards">{cards}</div>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="page" data-testid="cloud-account">
            <h2>{target.get_value().name} " · Prefect Cloud"</h2>
            <Transition fallback=|| {
                view! { <p class="muted">"Loading workspaces…"</p> }
            }>{move || workspaces.get().map(render.clone())}</Transition>
        </section>
    }
}

/// The Workspaces page: Cloud workspaces and the fleet view.
#[component]
pub fn WorkspacesPage() -> impl IntoView {
    use_page_title("Workspaces");
    let context = expect_context::<AppContext>();
    let targets = context.config().targets();
    let needs_workspace = context.needs_workspace();
    let servers = targets
        .iter()
        .filter(|t| t.kind == TargetKind::Server)
        .cloned()
        .map(|target| view! { <FleetCard target /> })
        .collect_view();
    let clouds = targets
        .into_iter()
        .filter(|t| t.kind == TargetKind::Cloud)
        .map(|target| view! { <CloudAccount target /> })
        .collect_view();
    view! {
        <section class="page">
            <h1>"Workspaces"</h1>
            {needs_workspace
                .then(|| {
                    view! {
                        <p class="stale" data-testid="choose-workspace">
                            "Choose a workspace to see its dashboard."
                        </p>
                    }
                })}
            <p class="muted">
                "Every server and workspace in config.json, side by side. Choose one to open its dashboard."
            </p>
            <div class="cards" data-testid="fleet">
                {servers}
            </div>
        </section>
        {clouds}
    }
}
