//! Live updates from Prefect's events stream, with polling set to 600 s so it cannot pass
//! for push: a state change made through the API reaches the runs list and the run page
//! without a reload; a new run appears; after a server restart the stream reconnects by
//! itself; behind a proxy without WebSocket upgrades the page polls and says so; a server
//! with Basic auth streams too.

use crate::actions::{now, scheduled_run};
use crate::api_client::send;
use crate::support::nginx::dist_with_config;
use crate::support::process::TempDir;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use crate::workspaces::make_runs;
use prefect_dashboard::api::endpoints;
use prefect_dashboard::domain::actions::{proposal, FlowRunAction};
use prefect_dashboard::schemas::actions::{SetFlowRunState, StateCreate};
use prefect_dashboard::schemas::*;
use uuid::Uuid;

/// Polling slower than any test: what shows, the stream brought.
pub(crate) const SLOW_POLLING: &str = r#"{"refresh_interval_seconds": 600}"#;

fn slow_nginx(tools: &Tools, server: &PrefectServer, without_websocket: bool) -> (Nginx, TempDir) {
    let dist = dist_with_config(tools, SLOW_POLLING);
    let options = NginxOptions {
        dist: dist.path().to_path_buf(),
        without_websocket,
        ..NginxOptions::root(tools, server.api_url())
    };
    (Nginx::start(tools, options), dist)
}

/// The `sleepy` deployment of a server seeded with the worker profile (no worker: its runs
/// stay scheduled).
pub(crate) fn sleepy_deployment(server: &PrefectServer, tools: &Tools) -> Uuid {
    let summary = server.seed(tools, "worker");
    summary["worker_deployments"]["sleepy"]
        .as_str()
        .and_then(|id| Uuid::parse_str(id).ok())
        .expect("the sleepy deployment")
}

/// Forces `state_type` on a run through the API, as a worker or an operator would.
pub(crate) fn set_state(server: &PrefectServer, run: Uuid, state_type: StateType) {
    let body = SetFlowRunState {
        state: StateCreate {
            state_type,
            name: None,
            message: None,
            state_details: None,
        },
        force: true,
    };
    send(server, endpoints::set_flow_run_state(run, &body));
}

/// Writes a log line for `run` through the API, as a flow's logger would.
fn post_log(server: &PrefectServer, run: Uuid, message: &str) {
    let timestamp = now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let body = serde_json::json!([{
        "name": "prefect.flow_runs",
        "level": 20,
        "message": message,
        "timestamp": timestamp,
        "flow_run_id": run,
    }]);
    server.json("POST", "/logs/", Some(body));
}

/// The run page's logs table shows `message`.
async fn wait_log(browser: &Browser, message: &str) {
    browser
        .wait_for_text("[data-testid=logs]", |t| t.contains(message))
        .await;
}

/// Prefect streams logs on `/api/logs/out` only with both of these on.
fn streaming_logs() -> Vec<(String, String)> {
    [
        "PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED",
        "PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED",
    ]
    .iter()
    .map(|k| (k.to_string(), "true".to_string()))
    .collect()
}

pub(crate) fn runs_url(nginx: &Nginx, tag: &str) -> String {
    let wire = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        "{}flow-runs?from={}&to={}&tag={tag}",
        nginx.url(),
        wire(now() - chrono::Duration::hours(1)),
        wire(now() + chrono::Duration::days(2))
    )
}

pub(crate) fn row(run: Uuid) -> String {
    format!("[data-testid=flow-run-row][data-run-id='{run}']")
}

#[tokio::test(flavor = "multi_thread")]
async fn changes_are_pushed_to_the_runs_list_and_the_run_page_and_survive_a_restart() {
    let tools = Tools::locate();
    let mut server = PrefectServer::start(&tools, PrefectOptions::default());
    let deployment = sleepy_deployment(&server, &tools);
    let (nginx, _dist) = slow_nginx(&tools, &server, false);
    let browser = Browser::start(&tools).await;
    let first = scheduled_run(&server, deployment, "live");
    browser.goto(&runs_url(&nginx, "live")).await;
    browser
        .wait_for_text(&row(first.id), |t| t.contains("Scheduled"))
        .await;
    browser.wait_live().await;

    // A state change shows in its row, and a new run appears, with no reload.
    set_state(&server, first.id, StateType::Running);
    browser
        .wait_for_text(&row(first.id), |t| t.contains("Running"))
        .await;
    let second = scheduled_run(&server, deployment, "live");
    browser
        .wait_for_text(&row(second.id), |t| t.contains("Scheduled"))
        .await;
    let navigations = browser
        .eval("return performance.getEntriesByType('navigation').length")
        .await;
    assert_eq!(navigations, serde_json::json!(1), "no reload happened");

    // The run page follows its run.
    browser
        .goto(&format!("{}flow-runs/{}", nginx.url(), first.id))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-state]", |t| t.contains("Running"))
        .await;
    browser.wait_live().await;
    // This server does not stream logs (Prefect's default): the page says so and polls them.
    let logs_mode = browser
        .wait_for_text("[data-testid=logs-mode]", |t| !t.is_empty())
        .await;
    assert!(logs_mode.contains("does not stream logs"), "{logs_mode}");
    post_log(&server, first.id, "polled line 1");
    wait_log(&browser, "polled line 1").await;
    set_state(&server, first.id, StateType::Completed);
    browser
        .wait_for_text("[data-testid=flow-run-state]", |t| t.contains("Completed"))
        .await;

    // A restarted server: the stream comes back by itself and changes show again.
    server.restart(&tools);
    browser.wait_live().await;
    let cancel =
        proposal(&FlowRunAction::ChangeState(StateType::Failed), None, now()).expect("a proposal");
    send(&server, endpoints::set_flow_run_state(first.id, &cancel));
    browser
        .wait_for_text("[data-testid=flow-run-state]", |t| t.contains("Failed"))
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_websocket_upgrades_the_page_polls_and_says_so() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let deployment = sleepy_deployment(&server, &tools);
    let (nginx, _dist) = slow_nginx(&tools, &server, true);
    let browser = Browser::start(&tools).await;
    scheduled_run(&server, deployment, "polled");
    browser.goto(&runs_url(&nginx, "polled")).await;
    let status = browser
        .wait_for_text("[data-testid=live-status] .live__label", |t| {
            t.starts_with("Polling")
        })
        .await;
    assert!(
        status.starts_with("Polling every 600 s: the events stream did not open"),
        "{status}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_with_basic_auth_streams_events_and_logs_too() {
    let tools = Tools::locate();
    let server = PrefectServer::start(
        &tools,
        PrefectOptions {
            auth_string: Some("admin:s3cret".into()),
            env: streaming_logs(),
            ..Default::default()
        },
    );
    let deployment = sleepy_deployment(&server, &tools);
    let (nginx, _dist) = slow_nginx(&tools, &server, false);
    let browser = Browser::start(&tools).await;
    let run = scheduled_run(&server, deployment, "guarded");
    browser.goto(&runs_url(&nginx, "guarded")).await;
    browser
        .wait_for_text("[data-testid=login-prompt] h2", |t| t.contains("Sign in"))
        .await;
    browser.fill("input[name=username]", "admin").await;
    browser.fill("input[name=password]", "s3cret").await;
    browser
        .click("[data-testid=login-prompt] button[type=submit]")
        .await;
    browser
        .wait_for_text(&row(run.id), |t| t.contains("Scheduled"))
        .await;
    browser.wait_live().await;
    set_state(&server, run.id, StateType::Running);
    browser
        .wait_for_text(&row(run.id), |t| t.contains("Running"))
        .await;

    // Its logs are pushed: with them streamed the page never polls logs, and runs poll
    // every 600 s, so a line can only arrive through /api/logs/out.
    browser
        .goto(&format!("{}flow-runs/{}", nginx.url(), run.id))
        .await;
    let logs_mode = browser
        .wait_for_text("[data-testid=logs-mode]", |t| t.starts_with("● Live"))
        .await;
    assert!(logs_mode.contains("pushed"), "{logs_mode}");
    browser
        .wait_for_text("[data-testid=no-logs]", |_| true)
        .await;
    // The first line may come with the fetch made once the subscription stands; the second,
    // written after the first is on screen, only through the stream.
    post_log(&server, run.id, "streamed line 1");
    wait_log(&browser, "streamed line 1").await;
    post_log(&server, run.id, "streamed line 2");
    wait_log(&browser, "streamed line 2").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fleet_card_follows_its_own_server() {
    let tools = Tools::locate();
    let main = PrefectServer::start(&tools, PrefectOptions::default());
    let other = PrefectServer::start(&tools, PrefectOptions::default());
    make_runs(&other, "other-loader", &["COMPLETED"]);
    // The second server is reached directly (another origin), the first through nginx.
    let config = serde_json::json!({
        "refresh_interval_seconds": 600,
        "targets": [{"name": "Other", "api_base": other.api_url()}],
    });
    let dist = dist_with_config(&tools, &config.to_string());
    let nginx = Nginx::start(
        &tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            connect_src: vec![format!(
                "http://127.0.0.1:{0} ws://127.0.0.1:{0}",
                other.port
            )],
            ..NginxOptions::root(&tools, main.api_url())
        },
    );
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}workspaces", nginx.url())).await;
    let card = "[data-testid=fleet-card][data-target='Other']";
    browser
        .wait_for_text(&format!("{card} [data-testid=fleet-total]"), |t| t == "1")
        .await;
    for card in [
        card.to_string(),
        "[data-testid=fleet-card]:first-child".into(),
    ] {
        browser
            .wait_for_text(&format!("{card} [data-testid=live-status]"), |t| {
                t.contains("Live")
            })
            .await;
    }
    // A run on the other server: its card counts it without a reload or a poll.
    make_runs(&other, "other-loader-2", &["FAILED"]);
    browser
        .wait_for_text(&format!("{card} [data-testid=fleet-total]"), |t| t == "2")
        .await;
    browser
        .wait_for_text(&format!("{card} [data-testid=fleet-failed]"), |t| t == "1")
        .await;
    let navigations = browser
        .eval("return performance.getEntriesByType('navigation').length")
        .await;
    assert_eq!(navigations, serde_json::json!(1), "no reload happened");
    browser.close().await;
}

/// The API requests the page made from resource entry `from` on, by method-less URL path
/// (query kept), counted.
async fn api_requests_since(
    browser: &Browser,
    from: u64,
) -> std::collections::BTreeMap<String, u64> {
    let names = browser
        .eval(&format!(
            "return performance.getEntriesByType('resource').slice({from})
                .map(e => new URL(e.name)).filter(u => u.pathname.startsWith('/api/'))
                .map(u => u.pathname + u.search)"
        ))
        .await;
    let mut counts = std::collections::BTreeMap::new();
    for name in names.as_array().into_iter().flatten() {
        if let Some(name) = name.as_str() {
            *counts.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

async fn resource_entries(browser: &Browser) -> u64 {
    browser
        .eval("return performance.getEntriesByType('resource').length")
        .await
        .as_u64()
        .expect("a count")
}

/// Going to another page reconnects the stream to what that page shows, and the page asks
/// for nothing more than a cold load of it does: what happened before it fetched is in what
/// it fetched (no refetch of everything, no 15-minute backfill of events it already shows).
#[tokio::test(flavor = "multi_thread")]
async fn another_page_asks_for_its_data_once() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let deployment = sleepy_deployment(&server, &tools);
    for _ in 0..3 {
        scheduled_run(&server, deployment, "nav");
    }
    // Their events are within the server's 15-minute backfill, but before the page loads.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let (nginx, _dist) = slow_nginx(&tools, &server, false);
    let browser = Browser::start(&tools).await;
    let settle = || browser.wait_settled();

    browser.goto(&nginx.url()).await;
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
        .await;
    browser.wait_live().await;
    settle().await;
    let cold = api_requests_since(&browser, 0).await;

    browser.click("nav.sidebar a[href^='/flow-runs']").await;
    browser
        .wait_for_text("main h1", |t| t.contains("Runs") || t.contains("Flow runs"))
        .await;
    browser.wait_live().await;
    settle().await;
    let mark = resource_entries(&browser).await;
    browser.click("nav.sidebar a[href='/']").await;
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
        .await;
    browser.wait_live().await;
    settle().await;
    let again = api_requests_since(&browser, mark).await;

    assert!(!again.is_empty(), "the dashboard asked for nothing");
    // A flow's name is looked up by each part that shows runs (the failed-and-late list, the
    // failing flows), as their answers need: a run that turned late or failed meanwhile
    // brings a lookup the cold load did not need. Each part asks at most once.
    let lookups = |url: &str| {
        if url.ends_with("/api/flows/filter") {
            2
        } else {
            0
        }
    };
    let twice: Vec<String> = again
        .iter()
        .filter(|(url, n)| **n > cold.get(*url).copied().unwrap_or(0).max(lookups(url)))
        .map(|(url, n)| format!("{url}: {n} (cold: {})", cold.get(url).copied().unwrap_or(0)))
        .collect();
    assert!(
        twice.is_empty(),
        "back on the dashboard, asked more often than a cold load: {twice:?}"
    );
    browser.close().await;
}

/// Requests per path among `seen`, the events stream left out.
fn per_path(
    seen: &[crate::support::fault_proxy::Seen],
) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for s in seen.iter().filter(|s| s.path != "/api/events/out") {
        *counts
            .entry(format!("{} {}", s.method, s.path))
            .or_insert(0) += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stream_dropped_right_after_it_is_accepted_falls_back_to_polling_not_a_storm() {
    use crate::support::fault_proxy::{Fault, FaultProxy};
    use std::time::{Duration, Instant};
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let proxy = FaultProxy::start(server.port);
    let dist = dist_with_config(&tools, SLOW_POLLING);
    let nginx = Nginx::start(
        &tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            ..NginxOptions::root(&tools, proxy.api_url())
        },
    );
    let browser = Browser::start(&tools).await;
    let runs = format!("{}flow-runs", nginx.url());
    // A cold load with a working stream: what polling at 600 s asks for in a minute.
    let first = Instant::now();
    browser.goto(&runs).await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    browser.wait_live().await;
    let cold = per_path(&proxy.seen_since(first));

    // Now every stream closes 50 ms after the server accepts it.
    proxy.inject(
        "GET",
        "/api/events/out",
        Fault::CloseAfterAuth(Duration::from_millis(50)),
        None,
    );
    let opened = Instant::now();
    browser.goto(&runs).await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    let status = "[data-testid=live-status] .live__label";
    let said = browser
        .wait_for_text(status, |t| t.starts_with("Polling"))
        .await;
    assert!(
        said.starts_with("Polling every 600 s: the events stream keeps closing"),
        "{said}"
    );
    // The whole minute the issue names, watched as it passes.
    tokio::time::sleep(Duration::from_secs(60).saturating_sub(opened.elapsed())).await;
    let window = proxy.seen_since(opened);
    let sockets = window
        .iter()
        .filter(|s| s.path == "/api/events/out")
        .count();
    assert!(
        (3..=10).contains(&sockets),
        "sockets opened in a minute: {sockets}"
    );
    let asked = per_path(&window);
    let over: Vec<String> = asked
        .iter()
        .filter(|(path, n)| **n > cold.get(*path).copied().unwrap_or(0))
        .map(|(path, n)| {
            format!(
                "{path}: {n} (polling: {})",
                cold.get(path).copied().unwrap_or(0)
            )
        })
        .collect();
    assert!(
        over.is_empty(),
        "more requests than polling would send: {over:?}"
    );
    let still = browser.text(status).await.unwrap_or_default();
    assert!(still.starts_with("Polling"), "{still}");
    browser.close().await;
}
