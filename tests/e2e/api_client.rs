//! The typed client against real servers: every endpoint's request is accepted and its
//! answer decodes; Basic auth goes through the login prompt; CSRF-protected servers work.

use crate::support::{http, Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use prefect_dashboard::api::csrf::CsrfState;
use prefect_dashboard::api::endpoints::{self, Endpoint};
use prefect_dashboard::api::{decode, request_headers};
use prefect_dashboard::schemas::filters::*;
use prefect_dashboard::schemas::sorting::*;
use prefect_dashboard::schemas::*;
use serde::de::DeserializeOwned;

/// Sends an endpoint's request exactly as built (headers included, with the server's own
/// credentials when it has Basic auth) and decodes the answer.
pub(crate) fn send<T: DeserializeOwned>(server: &PrefectServer, endpoint: Endpoint<T>) -> T {
    let request = endpoint.request;
    let url = format!("{}{}", server.api_url(), request.path_and_query());
    let credentials = server
        .options
        .auth_string
        .clone()
        .map(|auth_string| prefect_dashboard::api::Credentials::Basic { auth_string });
    let headers: Vec<(&str, String)> =
        request_headers(&request, credentials.as_ref(), &CsrfState::Disabled)
            .into_iter()
            .filter(|(name, _)| *name != "Content-Type")
            .collect();
    // A 503 is retried a few times, as Prefect's client does (SQLite busy while a fresh
    // server's services start).
    let mut attempt = 0;
    let response = loop {
        let response = http::request(
            request.method.as_str(),
            &url,
            &headers,
            request.body.as_ref(),
        )
        .unwrap_or_else(|e| panic!("{url}: {e}"));
        attempt += 1;
        if response.status != 503 || attempt == 5 {
            break response;
        }
        std::thread::sleep(std::time::Duration::from_millis(250 * attempt));
    };
    assert!(
        (200..300).contains(&response.status),
        "{} {url} -> {}: {}",
        request.method.as_str(),
        response.status,
        response.body
    );
    decode(&request.path, &response.body).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_endpoint_is_accepted_by_a_real_server_and_decodes() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    assert!(send(&server, endpoints::health()));
    assert_eq!(send(&server, endpoints::admin_version()), "3.8.8");
    let flows = send(
        &server,
        endpoints::flows_filter(&FilterRequest {
            sort: Some(FlowSort::NameAsc),
            ..Default::default()
        }),
    );
    assert!(flows.len() >= 4);
    let names = send(
        &server,
        endpoints::flow_names_filter(&FilterRequest {
            sort: Some(FlowSort::NameAsc),
            ..Default::default()
        }),
    );
    assert_eq!(
        names
            .iter()
            .map(|n| (n.id, n.name.as_str()))
            .collect::<Vec<_>>(),
        flows
            .iter()
            .map(|f| (f.id, f.name.as_str()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        send(
            &server,
            endpoints::flows_paginate(&FilterRequest::<FlowSort> {
                page: Some(1),
                limit: Some(2),
                ..Default::default()
            })
        )
        .results
        .len(),
        2
    );
    // Runs without a deployment: Prefect's scheduler keeps adding deployment runs, so
    // counts that include them change between two calls.
    let runs_request = FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            deployment_id: Some(NullableIdFilter {
                is_null_: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::StartTimeDesc),
        ..Default::default()
    };
    let runs = send(&server, endpoints::flow_runs_filter(&runs_request));
    let count = send(&server, endpoints::flow_runs_count(&runs_request));
    assert_eq!(count, runs.len() as i64);
    let page = send(
        &server,
        endpoints::flow_runs_paginate(&FlowRunRequest {
            page: Some(1),
            limit: Some(3),
            ..runs_request.clone()
        }),
    );
    assert_eq!(page.count, count);
    let _lateness: Option<f64> = send(&server, endpoints::flow_runs_lateness(&runs_request));
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    let history = HistoryRequest::over(
        (now - chrono::Duration::days(1)).into(),
        (now + chrono::Duration::hours(1)).into(),
        3600.0,
    );
    assert!(!send(&server, endpoints::flow_runs_history(&history)).is_empty());
    assert!(!send(&server, endpoints::task_runs_history(&history)).is_empty());
    let run = runs
        .iter()
        .find(|r| r.current_state_type() == Some(StateType::Completed))
        .expect("a completed run");
    assert_eq!(send(&server, endpoints::flow_run(run.id)).id, run.id);
    let _graph = send(&server, endpoints::flow_run_graph(run.id, None));
    let _recent = send(&server, endpoints::flow_run_graph(run.id, Some(now.into())));
    assert!(!send(&server, endpoints::flow_run_states(run.id)).is_empty());
    let tasks_request = TaskRunRequest::default();
    let task_runs = send(&server, endpoints::task_runs_filter(&tasks_request));
    assert_eq!(
        send(&server, endpoints::task_runs_count(&tasks_request)),
        task_runs.len() as i64
    );
    assert!(!send(
        &server,
        endpoints::task_runs_paginate(&TaskRunRequest {
            page: Some(1),
            ..Default::default()
        })
    )
    .results
    .is_empty());
    assert_eq!(
        send(&server, endpoints::task_run(task_runs[0].id)).id,
        task_runs[0].id
    );
    assert!(!send(&server, endpoints::task_run_states(task_runs[0].id)).is_empty());
    // The demo flows make a table and a markdown artifact, each by key.
    let artifacts = send(
        &server,
        endpoints::artifacts_filter(&ArtifactRequest {
            sort: Some(ArtifactSort::CreatedDesc),
            limit: Some(200),
            ..Default::default()
        }),
    );
    assert!(artifacts
        .iter()
        .any(|a| a.key.as_deref() == Some("etl-load")));
    let latest_request = ArtifactRequest {
        artifacts: Some(ArtifactFilter {
            kind: Some(ArtifactTypeFilter {
                any_: Some(vec!["table".into()]),
                not_any_: None,
            }),
            ..Default::default()
        }),
        sort: Some(ArtifactSort::KeyAsc),
        ..Default::default()
    };
    let latest = send(&server, endpoints::artifacts_latest_filter(&latest_request));
    assert_eq!(
        latest.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(),
        ["etl-load"]
    );
    assert_eq!(
        send(&server, endpoints::artifacts_latest_count(&latest_request)),
        1
    );
    let blocks_request = BlockDocumentRequest {
        include_secrets: Some(false),
        sort: Some(BlockDocumentSort::NameAsc),
        ..Default::default()
    };
    let blocks = send(&server, endpoints::block_documents_filter(&blocks_request));
    let secret = blocks
        .iter()
        .find(|b| b.name.as_deref() == Some("warehouse-password"))
        .expect("the demo's secret block");
    assert_eq!(secret.data["value"], "********", "masked by the server");
    assert_eq!(
        send(
            &server,
            endpoints::block_documents_count(&BlockDocumentRequest::default())
        ),
        blocks.len() as i64
    );
    assert_eq!(
        send(&server, endpoints::block_document(secret.id)).data["value"],
        "********"
    );
    assert!(send(&server, endpoints::block_types_filter())
        .iter()
        .any(|t| t.slug == "secret"));
    let variables = VariableRequest {
        sort: Some(VariableSort::NameAsc),
        ..Default::default()
    };
    assert_eq!(
        send(&server, endpoints::variables_filter(&variables)).len() as i64,
        send(
            &server,
            endpoints::variables_count(&VariableRequest::default())
        )
    );
    assert_eq!(
        send(&server, endpoints::ui_task_run(task_runs[0].id))
            .task_run
            .id,
        task_runs[0].id
    );
    let by_state = send(&server, endpoints::ui_task_runs_count(&tasks_request));
    assert_eq!(by_state.values().sum::<i64>(), task_runs.len() as i64);
    let since = TaskRunRequest {
        task_runs: Some(TaskRunFilter {
            start_time: Some(NullableTimeFilter {
                after_: Some((now - chrono::Duration::days(1)).into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        send(&server, endpoints::ui_task_runs_dashboard_counts(&since)).len(),
        20
    );
    let logs = send(
        &server,
        endpoints::logs_filter(&LogRequest {
            sort: Some(LogSort::TimestampAsc),
            limit: Some(10),
            ..Default::default()
        }),
    );
    assert!(!logs.is_empty() && logs.len() <= 10, "{} logs", logs.len());
    assert!(
        logs.windows(2).all(|w| w[0].timestamp <= w[1].timestamp),
        "sorted ascending"
    );
    assert!(
        logs.iter().any(|l| l.level == 20),
        "INFO logs reach the API"
    );
    let deployments_request = DeploymentRequest::default();
    let deployments = send(&server, endpoints::deployments_filter(&deployments_request));
    assert_eq!(
        send(&server, endpoints::deployments_count(&deployments_request)),
        deployments.len() as i64
    );
    assert_eq!(
        send(
            &server,
            endpoints::deployments_paginate(&deployments_request)
        )
        .count,
        deployments.len() as i64
    );
    assert_eq!(
        send(&server, endpoints::deployment(deployments[0].id)).id,
        deployments[0].id
    );
    assert!(!send(&server, endpoints::deployment_schedules(deployments[0].id)).is_empty());
    let pools = send(
        &server,
        endpoints::work_pools_filter(&FilterRequest::<WorkPoolSort>::default()),
    );
    assert!(pools.iter().any(|p| p.name == "demo-pool"));
    assert_eq!(
        send(&server, endpoints::work_pool("demo-pool")).name,
        "demo-pool"
    );
    let queues = send(&server, endpoints::work_pool_queues("demo-pool", None));
    assert_eq!(queues.len(), 3, "default, critical and backfill");
    let critical = WorkQueueFilter {
        name: Some(NameFilter {
            any_: Some(vec!["critical".into()]),
            like_: None,
        }),
        ..Default::default()
    };
    assert_eq!(
        send(
            &server,
            endpoints::work_pool_queues("demo-pool", Some(&critical))
        )
        .len(),
        1
    );
    assert_eq!(
        send(&server, endpoints::work_pool_workers("demo-pool")).len(),
        1
    );
    assert_eq!(
        send(&server, endpoints::work_queue(queues[0].id)).id,
        queues[0].id
    );
    let _status = send(&server, endpoints::work_queue_status(queues[0].id));
    let all_queues = send(&server, endpoints::work_queues_filter());
    assert!(
        all_queues
            .iter()
            .filter(|q| q.work_pool_name.as_deref() == Some("demo-pool"))
            .count()
            == 3
            && all_queues
                .iter()
                .any(|q| q.work_pool_name.as_deref() == Some("quiet-pool")),
        "every pool's queues, each naming its pool"
    );
    assert_eq!(
        send(&server, endpoints::concurrency_limits_filter()).len(),
        1
    );
    let global = send(&server, endpoints::global_concurrency_limits_filter());
    assert!(
        global
            .iter()
            .any(|l| l.name == "warehouse-writes" && l.limit == 3),
        "{global:?}"
    );
    let flow_ids: Vec<_> = flows.iter().map(|f| f.id).collect();
    assert_eq!(
        send(&server, endpoints::ui_flows_next_runs(&flow_ids)).len(),
        flow_ids.len()
    );
    assert_eq!(
        send(&server, endpoints::ui_flows_count_deployments(&flow_ids)).len(),
        flow_ids.len()
    );
    let run_ids: Vec<_> = runs.iter().map(|r| r.id).collect();
    let task_counts = send(&server, endpoints::ui_flow_runs_count_task_runs(&run_ids));
    let subflow_wrappers = runs
        .iter()
        .filter(|r| r.parent_task_run_id.is_some())
        .count();
    assert_eq!(
        task_counts.values().sum::<i64>(),
        (task_runs.len() - subflow_wrappers) as i64,
        "every task run but the subflow wrappers is counted for its flow run"
    );
    assert_eq!(
        send(
            &server,
            endpoints::ui_flow_runs_history(&FlowRunRequest {
                limit: Some(1000),
                sort: None,
                ..runs_request.clone()
            })
        )
        .len(),
        runs.len()
    );
    let events = send(&server, endpoints::events_filter(&Default::default(), 5));
    assert!(events.events.len() <= 5 && events.total > 5);
    let token = events
        .next_page_token()
        .expect("more than one page of events");
    assert!(!send(&server, endpoints::events_next(&token))
        .events
        .is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn basic_auth_prompts_rejects_wrong_credentials_and_loads_data_with_right_ones() {
    let tools = Tools::locate();
    let options = PrefectOptions {
        auth_string: Some("admin:s3cret".into()),
        ..Default::default()
    };
    let server = PrefectServer::start(&tools, options);
    server.seed(&tools, "minimal");
    let expected_runs = server.json("POST", "/flow_runs/count", Some(serde_json::json!({})));
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    browser
        .wait_for_text("[data-testid=login-prompt] h2", |t| t.contains("Sign in"))
        .await;
    browser.fill("input[name=username]", "admin").await;
    browser.fill("input[name=password]", "wrong").await;
    browser
        .click("[data-testid=login-prompt] button[type=submit]")
        .await;
    let error = browser
        .wait_for_text("[data-testid=login-error]", |t| !t.is_empty())
        .await;
    assert!(
        error.contains("rejected this username and password (HTTP 401)"),
        "{error}"
    );
    browser.fill("input[name=password]", "s3cret").await;
    browser
        .click("[data-testid=login-prompt] button[type=submit]")
        .await;
    let total = browser
        .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
        .await;
    assert_eq!(
        total,
        expected_runs.to_string(),
        "the dashboard shows the server's own count"
    );
    assert!(
        browser.text("[data-testid=login-prompt]").await.is_none(),
        "the prompt is gone"
    );
    let stored = browser
        .eval("return [sessionStorage.length, localStorage.length, location.href]")
        .await;
    assert_eq!(stored[0], 1, "credentials live in sessionStorage: {stored}");
    assert!(
        !stored[2].as_str().unwrap_or_default().contains("s3cret"),
        "never in the URL"
    );
    let local = browser
        .eval("return Object.keys(localStorage).filter(k => k.includes('credentials')).length")
        .await;
    assert_eq!(local, 0, "not in localStorage without 'remember'");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn csrf_protected_server_loads_data_and_filter_calls_carry_the_token() {
    let tools = Tools::locate();
    let server = PrefectServer::start(
        &tools,
        PrefectOptions {
            csrf: true,
            ..Default::default()
        },
    );
    let direct = server.call("POST", "/flow_runs/count", Some(serde_json::json!({})));
    assert_eq!(
        direct.status, 403,
        "the server really enforces CSRF: {}",
        direct.body
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    let total = browser
        .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
        .await;
    assert_eq!(total, "0");
    let log = nginx.access_log();
    let token_fetch = log
        .iter()
        .position(|l| l.contains("GET /api/csrf-token?client="));
    let history = log
        .iter()
        .position(|l| l.contains("POST /api/flow_runs/history"));
    assert!(
        token_fetch.is_some() && history > token_fetch,
        "the token is fetched before the first filter call:\n{}",
        log.join("\n")
    );
    let line = &log[history.unwrap_or_default()];
    assert!(line.contains(" 200 csrf=present"), "{line}");
    browser.close().await;
}
