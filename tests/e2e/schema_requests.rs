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
                flow_run_id: Some(IdFilter::any(runs.iter().map(|r| r.id))),
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

/// Sends `endpoint` as the client would (method, path, query, body) and decodes the answer
/// as the client would.
fn send<T: DeserializeOwned>(
    server: &PrefectServer,
    endpoint: prefect_dashboard::api::endpoints::Endpoint<T>,
) -> T {
    let request = endpoint.request;
    let path = request.path_and_query();
    let response = server.call(request.method.as_str(), &path, request.body.clone());
    assert_eq!(
        response.status,
        200,
        "{} {path} {}: {}",
        request.method.as_str(),
        request.body.unwrap_or_default(),
        response.body
    );
    prefect_dashboard::api::decode(&request.path, &response.body)
        .unwrap_or_else(|e| panic!("decode {path}: {e}"))
}

/// Every body `loaders::requests` builds, posted to a real server through the endpoint the
/// loaders send it to: Prefect forbids unknown keys, so a wrong field is a 422 here.
#[tokio::test(flavor = "multi_thread")]
async fn the_bodies_the_loaders_build_are_accepted() {
    use prefect_dashboard::api::endpoints as e;
    use prefect_dashboard::domain::events::EventsQuery;
    use prefect_dashboard::domain::log_search::LogOwner;
    use prefect_dashboard::domain::runs_query::RunsQuery;
    use prefect_dashboard::domain::task_runs_query::TaskRunsQuery;
    use prefect_dashboard::loaders::requests as r;

    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    // A pool whose queue the by-name lookup asks for (the minimal seed has none).
    server.json(
        "POST",
        "/work_pools/",
        Some(serde_json::json!({"name": "demo-pool", "type": "process"})),
    );
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    let runs: Vec<FlowRun> = send(&server, e::flow_runs_filter(&r::late_runs(5)));
    let _: i64 = send(
        &server,
        e::flow_runs_count(&r::late_runs_in("demo-pool", "default")),
    );
    // Every run (a name search for nothing matches all).
    let all_runs: Vec<FlowRun> = send(&server, e::flow_runs_filter(&r::runs_named("", 50)));
    let run = all_runs
        .first()
        .map(|r| r.id)
        .unwrap_or_else(uuid::Uuid::nil);
    let flows: Vec<uuid::Uuid> = all_runs.iter().map(|r| r.flow_id).collect();
    let deployments: Vec<uuid::Uuid> = all_runs.iter().filter_map(|r| r.deployment_id).collect();
    let others: Vec<FlowRun> = send(
        &server,
        e::flow_runs_filter(&r::runs_of_other_flows(
            &RunsQuery::default(),
            &flows[..flows.len().min(1)],
            now,
        )),
    );
    assert!(
        others.iter().all(|run| flows.first() != Some(&run.flow_id)),
        "none of the named flow's runs"
    );
    let tags = vec!["seeded".to_string()];
    let _: Vec<FlowRun> = send(
        &server,
        e::flow_runs_filter(&r::recent_runs(
            &r::RunsOf::Deployments(&deployments),
            now,
            10,
        )),
    );
    let _: Vec<FlowRun> = send(
        &server,
        e::flow_runs_filter(&r::upcoming_runs(
            &r::RunsOf::WorkPool("demo-pool"),
            now,
            10,
        )),
    );
    let _: Vec<FlowRun> = send(
        &server,
        e::flow_runs_filter(&r::upcoming_runs(
            &r::RunsOf::WorkQueue {
                pool: "demo-pool",
                queue: "default",
            },
            now,
            10,
        )),
    );
    let _: Vec<FlowRun> = send(
        &server,
        e::flow_runs_filter(&r::attention_runs(now - Duration::days(1), now, &tags, 20)),
    );
    let _ = send(
        &server,
        e::ui_task_runs_count(&r::task_runs_between(now - Duration::days(1), now, &tags)),
    );
    let _: Vec<WorkPool> = send(&server, e::work_pools_filter(&r::work_pools_by_name(None)));
    let _: Vec<Deployment> = send(
        &server,
        e::deployments_filter(&r::deployments_page("a", &tags, 1, 10)),
    );
    let _: Vec<Deployment> = send(
        &server,
        e::deployments_filter(&r::pool_deployments("demo-pool")),
    );
    let (flow_names, deployment_names, pool_names) = r::filter_options();
    let _: Vec<Named> = send(&server, e::flow_names_filter(&flow_names));
    let _: Vec<Named> = send(&server, e::deployment_names_filter(&deployment_names));
    let _: Vec<Named> = send(&server, e::work_pool_names_filter(&pool_names));
    let named: Vec<Named> = send(&server, e::flow_names_filter(&r::flows_by_id(&flows)));
    assert!(
        !flows.is_empty() && !named.is_empty(),
        "the seeded runs' flows are named"
    );
    let _: Vec<Named> = send(
        &server,
        e::deployment_names_filter(&r::deployments_by_id(&deployments)),
    );
    let _: Vec<TaskRun> = send(&server, e::task_runs_filter(&r::task_runs_of(run)));
    let _: Vec<FlowRun> = send(&server, e::flow_runs_filter(&r::flow_runs_by_id(&[run])));
    let _: Vec<FlowRun> = send(&server, e::flow_runs_filter(&r::subflow_runs_of(run)));
    let _: Vec<Log> = send(
        &server,
        e::logs_filter(&r::run_logs(LogOwner::FlowRun(run), 20, None, 1, 50)),
    );
    let _: Vec<Log> = send(
        &server,
        e::logs_filter(&r::run_logs_after(
            LogOwner::FlowRun(run),
            Some(now.into()),
            1,
            50,
        )),
    );
    let _: Vec<TaskRun> = send(&server, e::task_runs_filter(&r::task_runs_by_id(&[run])));
    let _: Vec<Variable> = send(
        &server,
        e::variables_filter(&r::variables_page("a", &tags, Some(1), 10)),
    );
    let _: i64 = send(
        &server,
        e::variables_count(&r::variables_page("a", &tags, None, 10)),
    );
    let task_query = TaskRunsQuery::default();
    let bounds = (now - Duration::days(1), now);
    let _: Vec<TaskRun> = send(
        &server,
        e::task_runs_filter(&r::task_runs_page(&task_query, bounds, Some(1), 10)),
    );
    let _: i64 = send(
        &server,
        e::task_runs_count(&r::task_runs_page(&task_query, bounds, None, 10)),
    );
    let _: Vec<ArtifactCollection> = send(
        &server,
        e::artifacts_latest_filter(&r::latest_artifacts_page(
            "a",
            Some("markdown"),
            Some(1),
            10,
        )),
    );
    let _: i64 = send(
        &server,
        e::artifacts_latest_count(&r::latest_artifacts_page("a", None, None, 10)),
    );
    let _: Vec<Artifact> = send(&server, e::artifacts_filter(&r::artifact_versions("a")));
    let _: Vec<Artifact> = send(&server, e::artifacts_filter(&r::artifacts_of_task_run(run)));
    let _: Vec<BlockDocument> = send(
        &server,
        e::block_documents_filter(&r::block_documents_page("a", Some("secret"), Some(1), 10)),
    );
    let _: i64 = send(
        &server,
        e::block_documents_count(&r::block_documents_page("a", None, None, 10)),
    );
    let _: Vec<FlowRun> = send(
        &server,
        e::flow_runs_filter(&r::windowed(r::runs_request(&RunsQuery::default(), now), 0)),
    );
    let _: Vec<Flow> = send(&server, e::flows_filter(&r::flows_page("a", &tags, 1, 10)));
    let _: Vec<FlowRun> = send(&server, e::flow_runs_filter(&r::runs_named("a", 5)));
    let flow = flows.first().copied().unwrap_or_else(uuid::Uuid::nil);
    let _: Vec<Deployment> = send(&server, e::deployments_filter(&r::flow_deployments(flow)));
    let _: Vec<FlowRun> = send(&server, e::flow_runs_filter(&r::runs_of_flow(flow)));
    let every_filter = RunsQuery::from_pairs(|key| match key {
        "state" => Some("Late,Failed"),
        "state_type" => Some("SCHEDULED"),
        "subflows" => Some("hide"),
        "q" => Some("a"),
        "tag" => Some("seeded"),
        "pool" => Some("demo-pool"),
        _ => None,
    });
    let with_ids = RunsQuery {
        flows: flows.clone(),
        deployments: deployments.clone(),
        ..every_filter
    };
    let _: Vec<FlowRun> = send(
        &server,
        e::flow_runs_filter(&r::runs_request(&with_ids, now)),
    );
    let _: Vec<HistoryResponse> = send(
        &server,
        e::flow_runs_history(&r::runs_history(&with_ids, now)),
    );
    let events = EventsQuery::from_pairs(|key| match key {
        "resource" => Some("prefect.flow-run."),
        "event" => Some("prefect.flow-run."),
        _ => None,
    });
    let _ = send(
        &server,
        e::events_filter(&r::events_filter(&events, now), 10),
    );
    let _ = send(
        &server,
        e::events_filter(&r::event_by_id(uuid::Uuid::nil(), Some(now)), 1),
    );
    let _: Vec<WorkQueue> = send(
        &server,
        e::work_pool_queues("demo-pool", Some(&r::work_queue_named("default"))),
    );
    assert!(runs.len() <= 5);
}

type Named = prefect_dashboard::schemas::responses::Named;
