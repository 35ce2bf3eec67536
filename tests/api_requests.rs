//! Request building, natively: for each endpoint the method, path, query, headers and JSON
//! body it sends. (tests/e2e/api_client.rs sends the same requests to a real server.)

use prefect_dashboard::api::endpoints;
use prefect_dashboard::api::Method;
use prefect_dashboard::schemas::filters::*;
use prefect_dashboard::schemas::sorting::*;
use prefect_dashboard::schemas::*;
use serde_json::json;

mod common {
    pub mod requests;
}

use common::requests::{check, id};

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
        &endpoints::task_run_states(run).request,
        Method::Get,
        &format!("/task_run_states/?task_run_id={run}"),
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
            flow_run_id: Some(IdFilter::any(vec![id(1)])),
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
    // The names-only reads ask exactly what the full ones ask.
    let flows = FilterRequest::<FlowSort> {
        sort: Some(FlowSort::NameAsc),
        ..Default::default()
    };
    assert_eq!(
        endpoints::flow_names_filter(&flows).request,
        endpoints::flows_filter(&flows).request
    );
    assert_eq!(
        endpoints::deployment_names_filter(&deployments).request,
        endpoints::deployments_filter(&deployments).request
    );
    let pools = FilterRequest::<WorkPoolSort>::default();
    assert_eq!(
        endpoints::work_pool_names_filter(&pools).request,
        endpoints::work_pools_filter(&pools).request
    );
}
