//! Request bodies built from the Rust filter and sort types are accepted by a real server
//! (Prefect forbids unknown keys, so a wrong field name is a 422), and the answers decode.

use crate::support::{PrefectOptions, PrefectServer, Tools};
use chrono::{DateTime, Duration, Utc};
use prefect_dashboard::schemas::filters::*;
use prefect_dashboard::schemas::responses::{HistoryResponse, Paginated};
use prefect_dashboard::schemas::sorting::*;
use prefect_dashboard::schemas::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn post<B: Serialize, T: DeserializeOwned>(server: &PrefectServer, path: &str, body: &B) -> T {
    let body = serde_json::to_value(body).expect("encode body");
    let response = server.call("POST", path, Some(body.clone()));
    assert_eq!(
        response.status, 200,
        "POST {path} {body}: {}",
        response.body
    );
    serde_json::from_str(&response.body)
        .unwrap_or_else(|e| panic!("decode {path}: {e}\n{}", response.body))
}

#[tokio::test(flavor = "multi_thread")]
async fn rust_built_filters_are_accepted_and_answers_decode() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    let window = TimeFilter {
        after_: Some((now - Duration::days(1)).into()),
        before_: Some((now + Duration::hours(1)).into()),
    };
    let every_flow_run_field = FlowRunFilter {
        operator: Some(Operator::And),
        id: Some(IdFilter {
            any_: None,
            not_any_: Some(vec![uuid::Uuid::nil()]),
        }),
        name: Some(NameFilter {
            any_: None,
            like_: Some("".into()),
        }),
        tags: Some(TagsFilter {
            operator: Some(Operator::Or),
            all_: None,
            any_: None,
            is_null_: None,
        }),
        deployment_id: Some(NullableIdFilter {
            operator: None,
            any_: None,
            is_null_: Some(true),
        }),
        work_queue_name: None,
        state: Some(StateFilter {
            operator: Some(Operator::Or),
            state_type: Some(StateTypeFilter {
                any_: Some(vec![StateType::Completed, StateType::Failed]),
                not_any_: None,
            }),
            name: Some(StateNameFilter {
                any_: None,
                not_any_: Some(vec!["Late".into()]),
            }),
        }),
        start_time: Some(NullableTimeFilter {
            after_: window.after_,
            before_: window.before_,
            is_null_: None,
        }),
        end_time: None,
        expected_start_time: Some(window.clone()),
        next_scheduled_start_time: None,
        parent_flow_run_id: None,
        parent_task_run_id: Some(NullableIdFilter {
            operator: None,
            any_: None,
            is_null_: Some(true),
        }),
    };
    let request = FlowRunRequest {
        flow_runs: Some(every_flow_run_field.clone()),
        flows: Some(FlowFilter {
            name: Some(NameFilter {
                any_: Some(vec!["etl".into(), "fragile".into()]),
                like_: None,
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::StartTimeDesc),
        limit: Some(200),
        offset: Some(0),
        ..Default::default()
    };
    let runs: Vec<FlowRun> = post(&server, "/flow_runs/filter", &request);
    assert_eq!(
        runs.len(),
        2,
        "the minimal seed's two top-level runs, completed and failed"
    );
    let count: i64 = post(
        &server,
        "/flow_runs/count",
        &FlowRunRequest {
            sort: None,
            limit: None,
            offset: None,
            ..request.clone()
        },
    );
    assert_eq!(count, 2);
    let page: Paginated<FlowRun> = post(
        &server,
        "/flow_runs/paginate",
        &FlowRunRequest {
            page: Some(1),
            offset: None,
            limit: Some(1),
            ..request.clone()
        },
    );
    assert_eq!((page.count, page.pages, page.results.len()), (2, 2, 1));

    let history: Vec<HistoryResponse> = post(
        &server,
        "/flow_runs/history",
        &HistoryRequest {
            history_start: (now - Duration::hours(2)).into(),
            history_end: (now + Duration::hours(1)).into(),
            history_interval_seconds: 600.0,
            flows: None,
            flow_runs: Some(FlowRunFilter {
                parent_task_run_id: every_flow_run_field.parent_task_run_id,
                ..Default::default()
            }),
            task_runs: None,
            deployments: None,
            work_pools: None,
            work_queues: None,
        },
    );
    let counted: i64 = history
        .iter()
        .flat_map(|b| &b.states)
        .map(|s| s.count_runs)
        .sum();
    assert_eq!(counted, 2, "history buckets hold every run in the window");

    let task_runs: Vec<TaskRun> = post(
        &server,
        "/task_runs/filter",
        &TaskRunRequest {
            task_runs: Some(TaskRunFilter {
                state: Some(StateFilter {
                    state_type: Some(StateTypeFilter {
                        any_: Some(vec![StateType::Completed]),
                        not_any_: None,
                    }),
                    ..Default::default()
                }),
                start_time: Some(NullableTimeFilter {
                    after_: window.after_,
                    ..Default::default()
                }),
                ..Default::default()
            }),
            sort: Some(TaskRunSort::ExpectedStartTimeDesc),
            ..Default::default()
        },
    );
    assert!(!task_runs.is_empty());
    let logs: Vec<Log> = post(
        &server,
        "/logs/filter",
        &LogRequest {
            logs: Some(LogFilter {
                level: Some(LevelFilter {
                    ge_: Some(40),
                    le_: None,
                }),
                flow_run_id: Some(IdFilter {
                    any_: Some(runs.iter().map(|r| r.id).collect()),
                    not_any_: None,
                }),
                ..Default::default()
            }),
            sort: Some(LogSort::TimestampAsc),
            limit: Some(50),
            offset: None,
        },
    );
    assert!(
        logs.iter().all(|l| l.level >= 40) && !logs.is_empty(),
        "the failed run logged an error"
    );
    let deployments: Vec<Deployment> = post(
        &server,
        "/deployments/filter",
        &DeploymentRequest {
            deployments: Some(DeploymentFilter {
                flow_or_deployment_name: Some(NameFilter {
                    any_: None,
                    like_: Some("etl".into()),
                }),
                paused: Some(BoolFilter { eq_: Some(false) }),
                ..Default::default()
            }),
            sort: Some(DeploymentSort::NameAsc),
            ..Default::default()
        },
    );
    assert!(
        deployments.is_empty(),
        "the minimal seed has no deployments"
    );
    let pools: Vec<WorkPool> = post(
        &server,
        "/work_pools/filter",
        &FilterRequest::<WorkPoolSort> {
            work_pools: Some(WorkPoolFilter {
                pool_type: Some(AnyFilter {
                    any_: Some(vec!["process".into()]),
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
    );
    assert!(pools.is_empty());
}
