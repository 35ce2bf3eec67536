//! Request building, natively: for each endpoint the method, path, query, headers and JSON
//! body it sends. (tests/e2e/api_client.rs sends the same requests to a real server.)

use prefect_dashboard::api::csrf::CsrfState;
use prefect_dashboard::api::endpoints::{self, MAX_LIMIT};
use prefect_dashboard::api::{request_headers, ApiRequest, Credentials, Method};
use prefect_dashboard::schemas::filters::*;
use prefect_dashboard::schemas::sorting::*;
use prefect_dashboard::schemas::*;
use serde_json::{json, Value};
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn check(request: &ApiRequest, method: Method, path_and_query: &str, body: Option<Value>) {
    assert_eq!(request.method, method, "{path_and_query}");
    assert_eq!(request.path_and_query(), path_and_query);
    assert_eq!(request.body, body, "{path_and_query}");
}

#[test]
fn get_endpoints() {
    let run = id(1);
    check(&endpoints::health().request, Method::Get, "/health", None);
    check(
        &endpoints::admin_version().request,
        Method::Get,
        "/admin/version",
        None,
    );
    check(
        &endpoints::csrf_token("c-1").request,
        Method::Get,
        "/csrf-token?client=c-1",
        None,
    );
    check(
        &endpoints::me_workspaces().request,
        Method::Get,
        "/me/workspaces",
        None,
    );
    check(
        &endpoints::flow_run(run).request,
        Method::Get,
        &format!("/flow_runs/{run}"),
        None,
    );
    check(
        &endpoints::flow_run_graph(run, None).request,
        Method::Get,
        &format!("/flow_runs/{run}/graph-v2"),
        None,
    );
    let since = Timestamp::parse("2026-01-02T03:04:05Z").expect("time");
    check(
        &endpoints::flow_run_graph(run, Some(since)).request,
        Method::Get,
        &format!("/flow_runs/{run}/graph-v2?since=2026-01-02T03%3A04%3A05.000000Z"),
        None,
    );
    check(
        &endpoints::flow_run_states(run).request,
        Method::Get,
        &format!("/flow_run_states/?flow_run_id={run}"),
        None,
    );
    check(
        &endpoints::task_run(run).request,
        Method::Get,
        &format!("/task_runs/{run}"),
        None,
    );
    check(
        &endpoints::ui_task_run(run).request,
        Method::Get,
        &format!("/ui/task_runs/{run}"),
        None,
    );
    check(
        &endpoints::deployment(run).request,
        Method::Get,
        &format!("/deployments/{run}"),
        None,
    );
    check(
        &endpoints::deployment_schedules(run).request,
        Method::Get,
        &format!("/deployments/{run}/schedules"),
        None,
    );
    check(
        &endpoints::work_pool("k8s prod").request,
        Method::Get,
        "/work_pools/k8s%20prod",
        None,
    );
    check(
        &endpoints::work_queue(run).request,
        Method::Get,
        &format!("/work_queues/{run}"),
        None,
    );
    check(
        &endpoints::work_queue_status(run).request,
        Method::Get,
        &format!("/work_queues/{run}/status"),
        None,
    );
    check(
        &endpoints::events_next("abc=").request,
        Method::Get,
        "/events/filter/next?page-token=abc%3D",
        None,
    );
}

#[test]
fn filter_endpoints_send_typed_bodies() {
    let body = FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            state: Some(StateFilter {
                state_type: Some(StateTypeFilter {
                    any_: Some(vec![StateType::Failed, StateType::Crashed]),
                    not_any_: None,
                }),
                ..Default::default()
            }),
            parent_task_run_id: Some(NullableIdFilter {
                is_null_: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }),
        work_pools: Some(WorkPoolFilter {
            name: Some(AnyFilter {
                any_: Some(vec!["k8s".into()]),
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::StartTimeDesc),
        limit: Some(50),
        page: Some(2),
        ..Default::default()
    };
    let expected = json!({
        "flow_runs": {"state": {"type": {"any_": ["FAILED", "CRASHED"]}}, "parent_task_run_id": {"is_null_": true}},
        "work_pools": {"name": {"any_": ["k8s"]}},
        "sort": "START_TIME_DESC", "limit": 50, "page": 2
    });
    check(
        &endpoints::flow_runs_paginate(&body).request,
        Method::Post,
        "/flow_runs/paginate",
        Some(expected.clone()),
    );
    check(
        &endpoints::flow_runs_filter(&body).request,
        Method::Post,
        "/flow_runs/filter",
        Some(expected.clone()),
    );
    let mut count_body = expected.clone();
    for key in ["sort", "limit", "page"] {
        count_body.as_object_mut().expect("object").remove(key);
    }
    check(
        &endpoints::flow_runs_count(&body).request,
        Method::Post,
        "/flow_runs/count",
        Some(count_body.clone()),
    );
    check(
        &endpoints::flow_runs_lateness(&body).request,
        Method::Post,
        "/flow_runs/lateness",
        Some(count_body),
    );
    check(
        &endpoints::ui_flow_runs_history(&body).request,
        Method::Post,
        "/ui/flow_runs/history",
        Some(expected),
    );

    let history = HistoryRequest {
        history_start: Timestamp::parse("2026-01-01T00:00:00Z").expect("t"),
        history_end: Timestamp::parse("2026-01-02T00:00:00Z").expect("t"),
        history_interval_seconds: 3600.0,
        flows: None,
        flow_runs: None,
        task_runs: None,
        deployments: None,
        work_pools: None,
        work_queues: Some(WorkQueueFilter {
            name: Some(NameFilter {
                any_: Some(vec!["default".into()]),
                like_: None,
            }),
            ..Default::default()
        }),
    };
    let history_json = json!({
        "history_start": "2026-01-01T00:00:00.000000Z", "history_end": "2026-01-02T00:00:00.000000Z",
        "history_interval_seconds": 3600.0, "work_queues": {"name": {"any_": ["default"]}}
    });
    check(
        &endpoints::flow_runs_history(&history).request,
        Method::Post,
        "/flow_runs/history",
        Some(history_json.clone()),
    );
    check(
        &endpoints::task_runs_history(&history).request,
        Method::Post,
        "/task_runs/history",
        Some(history_json),
    );

    let tasks = TaskRunRequest {
        sort: Some(TaskRunSort::ExpectedStartTimeDesc),
        limit: Some(10),
        ..Default::default()
    };
    check(
        &endpoints::task_runs_filter(&tasks).request,
        Method::Post,
        "/task_runs/filter",
        Some(json!({"sort": "EXPECTED_START_TIME_DESC", "limit": 10})),
    );
    check(
        &endpoints::task_runs_paginate(&tasks).request,
        Method::Post,
        "/task_runs/paginate",
        Some(json!({"sort": "EXPECTED_START_TIME_DESC", "limit": 10})),
    );
    check(
        &endpoints::task_runs_count(&tasks).request,
        Method::Post,
        "/task_runs/count",
        Some(json!({})),
    );
    check(
        &endpoints::ui_task_runs_count(&tasks).request,
        Method::Post,
        "/ui/task_runs/count",
        Some(json!({})),
    );
    check(
        &endpoints::ui_task_runs_dashboard_counts(&tasks).request,
        Method::Post,
        "/ui/task_runs/dashboard/counts",
        Some(json!({})),
    );

    let logs = LogRequest {
        logs: Some(LogFilter {
            level: Some(LevelFilter {
                ge_: Some(30),
                le_: None,
            }),
            flow_run_id: Some(IdFilter {
                any_: Some(vec![id(1)]),
                not_any_: None,
            }),
            ..Default::default()
        }),
        sort: Some(LogSort::TimestampAsc),
        limit: Some(50),
        offset: Some(100),
    };
    check(
        &endpoints::logs_filter(&logs).request,
        Method::Post,
        "/logs/filter",
        Some(json!({
            "logs": {"level": {"ge_": 30}, "flow_run_id": {"any_": [id(1)]}}, "sort": "TIMESTAMP_ASC", "limit": 50, "offset": 100
        })),
    );

    let deployments = DeploymentRequest {
        deployments: Some(DeploymentFilter {
            flow_or_deployment_name: Some(NameFilter {
                any_: None,
                like_: Some("etl".into()),
            }),
            ..Default::default()
        }),
        sort: Some(DeploymentSort::NameAsc),
        ..Default::default()
    };
    let deployments_json =
        json!({"deployments": {"flow_or_deployment_name": {"like_": "etl"}}, "sort": "NAME_ASC"});
    check(
        &endpoints::deployments_filter(&deployments).request,
        Method::Post,
        "/deployments/filter",
        Some(deployments_json.clone()),
    );
    check(
        &endpoints::deployments_paginate(&deployments).request,
        Method::Post,
        "/deployments/paginate",
        Some(deployments_json),
    );
    check(
        &endpoints::deployments_count(&deployments).request,
        Method::Post,
        "/deployments/count",
        Some(json!({"deployments": {"flow_or_deployment_name": {"like_": "etl"}}})),
    );
    check(
        &endpoints::flows_filter(&FilterRequest {
            sort: Some(FlowSort::NameAsc),
            ..Default::default()
        })
        .request,
        Method::Post,
        "/flows/filter",
        Some(json!({"sort": "NAME_ASC"})),
    );
    check(
        &endpoints::flows_paginate(&FilterRequest::<FlowSort> {
            page: Some(1),
            ..Default::default()
        })
        .request,
        Method::Post,
        "/flows/paginate",
        Some(json!({"page": 1})),
    );
    check(
        &endpoints::work_pools_filter(&FilterRequest::<WorkPoolSort>::default()).request,
        Method::Post,
        "/work_pools/filter",
        Some(json!({})),
    );
}

#[test]
fn pool_and_batch_endpoints() {
    check(
        &endpoints::work_pool_queues("demo pool", None).request,
        Method::Post,
        "/work_pools/demo%20pool/queues/filter",
        Some(json!({"limit": 200})),
    );
    let by_name = WorkQueueFilter {
        name: Some(NameFilter {
            any_: Some(vec!["critical".into()]),
            like_: None,
        }),
        ..Default::default()
    };
    check(
        &endpoints::work_pool_queues("p", Some(&by_name)).request,
        Method::Post,
        "/work_pools/p/queues/filter",
        Some(json!({"limit": 200, "work_queues": {"name": {"any_": ["critical"]}}})),
    );
    check(
        &endpoints::work_pool_workers("p").request,
        Method::Post,
        "/work_pools/p/workers/filter",
        Some(json!({"limit": 200})),
    );
    check(
        &endpoints::work_queues_filter().request,
        Method::Post,
        "/work_queues/filter",
        Some(json!({"limit": 200})),
    );
    check(
        &endpoints::concurrency_limits_filter().request,
        Method::Post,
        "/concurrency_limits/filter",
        Some(json!({"limit": 200})),
    );
    check(
        &endpoints::global_concurrency_limits_filter().request,
        Method::Post,
        "/v2/concurrency_limits/filter",
        Some(json!({"limit": 200})),
    );
    let ids = [id(1), id(2)];
    check(
        &endpoints::ui_flows_next_runs(&ids).request,
        Method::Post,
        "/ui/flows/next-runs",
        Some(json!({"flow_ids": ids})),
    );
    check(
        &endpoints::ui_flows_count_deployments(&ids).request,
        Method::Post,
        "/ui/flows/count-deployments",
        Some(json!({"flow_ids": ids})),
    );
    check(
        &endpoints::ui_flow_runs_count_task_runs(&ids).request,
        Method::Post,
        "/ui/flow_runs/count-task-runs",
        Some(json!({"flow_run_ids": ids})),
    );
    let filter = json!({"any_resource": {"id": ["prefect.flow-run.x"]}});
    check(
        &endpoints::events_filter(&filter, 500).request,
        Method::Post,
        "/events/filter",
        Some(json!({"filter": filter, "limit": 50})),
    );
    assert_eq!(MAX_LIMIT, 200);
}

#[test]
fn headers_carry_auth_and_csrf_only_where_needed() {
    let get = endpoints::admin_version().request;
    let post = endpoints::flow_runs_count(&FlowRunRequest::default()).request;
    let names = |headers: Vec<(&'static str, String)>| {
        headers.into_iter().map(|(n, _)| n).collect::<Vec<_>>()
    };
    assert_eq!(
        names(request_headers(&get, None, &CsrfState::Unknown)),
        vec!["Accept"]
    );
    assert_eq!(
        names(request_headers(&post, None, &CsrfState::Disabled)),
        vec!["Accept", "Content-Type"]
    );
    let basic = Credentials::basic("admin", "s3cret");
    let headers = request_headers(&get, Some(&basic), &CsrfState::Unknown);
    assert!(headers.contains(&("Authorization", "Basic YWRtaW46czNjcmV0".to_string())));
    let bearer = Credentials::Bearer {
        api_key: "pnu_x".into(),
    };
    assert!(request_headers(&get, Some(&bearer), &CsrfState::Unknown)
        .contains(&("Authorization", "Bearer pnu_x".to_string())));
    let token = CsrfState::Token {
        token: "tok".into(),
        client: "cli".into(),
        fetched: Timestamp::parse("2026-01-01T00:00:00Z").expect("t"),
        expiration: Timestamp::parse("2026-01-01T01:00:00Z").expect("t"),
    };
    let with_csrf = request_headers(&post, Some(&basic), &token);
    assert!(with_csrf.contains(&("Prefect-Csrf-Token", "tok".to_string())));
    assert!(with_csrf.contains(&("Prefect-Csrf-Client", "cli".to_string())));
    assert!(
        !names(request_headers(&get, Some(&basic), &token)).contains(&"Prefect-Csrf-Token"),
        "GETs carry no CSRF headers"
    );
    for (_, value) in request_headers(&post, Some(&basic), &token) {
        assert!(
            !value.contains("s3cret"),
            "the password never appears in clear"
        );
    }
    assert!(
        !get.path_and_query().contains("s3cret"),
        "credentials never go into URLs"
    );
}

#[test]
fn decode_errors_name_the_endpoint_and_the_json_path() {
    let text = r#"[{"id":"00000000-0000-0000-0000-000000000001","name":"a","tags":[]},{"id":"x","name":"b"}]"#;
    let error = prefect_dashboard::api::decode::<Vec<Flow>>("/flows/filter", text).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("/flows/filter sent data the dashboard cannot read: at $[1].id"),
        "{message}"
    );
}
