//! Tests of the request bodies (`loaders::requests`).

use super::*;
use serde_json::json;

fn now() -> DateTime<Utc> {
    crate::domain::test_now()
}

#[test]
fn recent_and_upcoming_for_deployments_and_pools() {
    let id = Uuid::nil();
    let recent =
        serde_json::to_value(recent_runs(&RunsOf::Deployments(&[id]), now(), 500)).expect("json");
    assert_eq!(recent["limit"], 200);
    assert_eq!(recent["sort"], "EXPECTED_START_TIME_DESC");
    assert_eq!(
        recent["flow_runs"]["deployment_id"]["any_"][0],
        id.to_string()
    );
    assert!(recent["flow_runs"]["expected_start_time"]["before_"].is_string());
    let upcoming = serde_json::to_value(upcoming_runs(&RunsOf::WorkPool("demo-pool"), now(), 10))
        .expect("json");
    assert_eq!(
        upcoming["work_pools"],
        json!({"name": {"any_": ["demo-pool"]}})
    );
    assert_eq!(
        upcoming["flow_runs"]["state"]["type"]["any_"],
        json!(["SCHEDULED"])
    );
    assert_eq!(upcoming["sort"], "EXPECTED_START_TIME_ASC");
    // A queue's runs go by its pool's name and its own (unique within the pool).
    let queue = RunsOf::WorkQueue {
        pool: "demo-pool",
        queue: "default",
    };
    let recent = serde_json::to_value(recent_runs(&queue, now(), 20)).expect("json");
    assert_eq!(
        recent["work_pools"],
        json!({"name": {"any_": ["demo-pool"]}})
    );
    assert_eq!(
        recent["flow_runs"]["work_queue_name"],
        json!({"any_": ["default"]})
    );
    assert!(recent["flow_runs"]["expected_start_time"]["before_"].is_string());
    assert_eq!(recent["limit"], 20);
}

#[test]
fn attention_is_failed_or_late_in_the_window() {
    let body =
        serde_json::to_value(attention_runs(now(), now(), &["etl".into()], 200)).expect("json");
    let state = &body["flow_runs"]["state"];
    assert_eq!(state["operator"], "or_");
    assert_eq!(state["type"]["any_"], json!(["FAILED", "CRASHED"]));
    assert_eq!(state["name"]["any_"], json!(["Late"]));
    assert_eq!(body["flow_runs"]["tags"]["any_"], json!(["etl"]));
    let late = serde_json::to_value(late_runs(500)).expect("json");
    assert_eq!(late["limit"], 200);
    assert_eq!(
        late["flow_runs"]["state"],
        json!({"name": {"any_": ["Late"]}})
    );
    let queue = serde_json::to_value(late_runs_in("pool", "gpu")).expect("json");
    assert_eq!(queue["flow_runs"]["state"], late["flow_runs"]["state"]);
    assert_eq!(
        queue["flow_runs"]["work_queue_name"]["any_"],
        json!(["gpu"])
    );
    assert_eq!(queue["work_pools"]["name"]["any_"], json!(["pool"]));
    assert!(queue.get("limit").is_none(), "a count: {queue}");
}

#[test]
fn page_bodies() {
    let tasks = serde_json::to_value(task_runs_between(now(), now(), &[])).expect("json");
    assert!(tasks["task_runs"]["expected_start_time"]["after_"].is_string());
    assert!(tasks.get("flow_runs").is_none() || tasks["flow_runs"].is_null());
    let tagged_tasks =
        serde_json::to_value(task_runs_between(now(), now(), &["a".into()])).expect("json");
    assert_eq!(tagged_tasks["flow_runs"]["tags"]["any_"], json!(["a"]));
    let page = serde_json::to_value(deployments_page("etl", &[], 3, 50)).expect("json");
    assert_eq!(
        page["deployments"]["flow_or_deployment_name"]["like_"],
        "etl"
    );
    assert_eq!(
        (page["page"].clone(), page["limit"].clone()),
        (json!(3), json!(50))
    );
    let pool = serde_json::to_value(pool_deployments("p")).expect("json");
    assert_eq!(pool["work_pools"], json!({"name": {"any_": ["p"]}}));
    let pools = serde_json::to_value(work_pools_by_name(Some(9999))).expect("json");
    assert_eq!(
        (pools["sort"].clone(), pools["limit"].clone()),
        (json!("NAME_ASC"), json!(200))
    );
    let (flows, deployments, _) = filter_options();
    assert_eq!(serde_json::to_value(flows).expect("json")["limit"], 200);
    assert_eq!(
        serde_json::to_value(deployments).expect("json")["sort"],
        "NAME_ASC"
    );
}

#[test]
fn run_page_bodies() {
    let id = Uuid::from_u128(7);
    let tasks = serde_json::to_value(task_runs_of(id)).expect("json");
    assert_eq!(tasks["task_runs"]["flow_run_id"]["any_"][0], id.to_string());
    assert_eq!(tasks["sort"], "EXPECTED_START_TIME_ASC");
    let subflows = serde_json::to_value(subflow_runs_of(id)).expect("json");
    assert_eq!(
        subflows["flow_runs"]["parent_flow_run_id"]["any_"][0],
        id.to_string()
    );
    let ids: Vec<Uuid> = (0..300).map(Uuid::from_u128).collect();
    let by_id = serde_json::to_value(flow_runs_by_id(&ids)).expect("json");
    assert_eq!(
        by_id["flow_runs"]["id"]["any_"].as_array().map(Vec::len),
        Some(200)
    );
    assert_eq!(
        by_id["flow_runs"]["id"]["any_"][1],
        Uuid::from_u128(1).to_string()
    );
    assert_eq!(by_id["sort"], "EXPECTED_START_TIME_ASC");
    let logs =
        serde_json::to_value(run_logs(LogOwner::FlowRun(id), 30, None, 3, 50)).expect("json");
    assert_eq!(logs["logs"]["level"]["ge_"], 30);
    assert!(logs["logs"].get("text").is_none());
    let searched = serde_json::to_value(run_logs(
        LogOwner::FlowRun(id),
        0,
        Some("  timeout "),
        1,
        50,
    ))
    .expect("json");
    assert_eq!(searched["logs"]["text"], json!({"query": "timeout"}));
    let blank =
        serde_json::to_value(run_logs(LogOwner::FlowRun(id), 0, Some("  "), 1, 50)).expect("json");
    assert!(blank["logs"].get("text").is_none(), "{blank}");
    assert_eq!(
        (logs["offset"].clone(), logs["limit"].clone()),
        (json!(100), json!(50))
    );
    let huge =
        serde_json::to_value(run_logs(LogOwner::FlowRun(id), 0, None, u32::MAX, 50)).expect("json");
    assert_eq!(huge["offset"], json!(u32::MAX), "saturates, never wraps");
    let task_logs =
        serde_json::to_value(run_logs(LogOwner::TaskRun(id), 20, None, 1, 50)).expect("json");
    assert_eq!(
        task_logs["logs"],
        json!({"level": {"ge_": 20}, "task_run_id": {"any_": [id]}}),
        "a task run's own lines, not its flow run's"
    );
    let upstream = serde_json::to_value(task_runs_by_id(&ids)).expect("json");
    assert_eq!(
        upstream["task_runs"]["id"]["any_"].as_array().map(Vec::len),
        Some(200)
    );
    let artifacts = serde_json::to_value(artifacts_of_task_run(id)).expect("json");
    assert_eq!(
        artifacts,
        json!({"artifacts": {"task_run_id": {"any_": [id]}}, "sort": "CREATED_DESC", "limit": 200})
    );
    let windowed = serde_json::to_value(windowed(subflow_runs_of(id), 400)).expect("json");
    assert_eq!(windowed["offset"], 400);
    assert!(windowed.get("limit").is_none() || windowed["limit"].is_null());
}

#[test]
fn flows_pages_and_a_flows_runs_and_deployments() {
    let page = serde_json::to_value(flows_page("etl", &["nightly".into()], 3, 500)).expect("json");
    assert_eq!(
        page,
        json!({"flows": {"name": {"like_": "etl"}, "tags": {"all_": ["nightly"]}},
            "sort": "NAME_ASC", "limit": 200, "page": 3})
    );
    let plain = serde_json::to_value(flows_page("", &[], 1, 50)).expect("json");
    assert_eq!(plain, json!({"sort": "NAME_ASC", "limit": 50, "page": 1}));
    let id = Uuid::nil();
    let recent = serde_json::to_value(recent_runs(&RunsOf::Flows(&[id]), now(), 20)).expect("json");
    assert_eq!(recent["flows"], json!({"id": {"any_": [id.to_string()]}}));
    assert!(recent["flow_runs"].get("deployment_id").is_none());
    let deployments = serde_json::to_value(flow_deployments(id)).expect("json");
    assert_eq!(
        deployments["flows"],
        json!({"id": {"any_": [id.to_string()]}})
    );
    assert_eq!(deployments["sort"], "NAME_ASC");
    let runs = serde_json::to_value(runs_of_flow(id)).expect("json");
    assert_eq!(runs, json!({"flows": {"id": {"any_": [id.to_string()]}}}));
}

#[test]
fn variables_bodies() {
    let all = serde_json::to_value(variables_page(" ", &[], Some(1), 50)).expect("json");
    assert_eq!(all, json!({"sort": "NAME_ASC", "limit": 50, "offset": 0}));
    let tags = vec!["a".to_string(), "b".to_string()];
    let narrowed = serde_json::to_value(variables_page(" db ", &tags, Some(3), 50)).expect("json");
    assert_eq!(
        narrowed,
        json!({
            "variables": {"name": {"like_": "db"}, "tags": {"all_": ["a", "b"]}},
            "sort": "NAME_ASC", "limit": 50, "offset": 100
        })
    );
    let count = serde_json::to_value(variables_page("db", &[], None, 50)).expect("json");
    assert_eq!(count, json!({"variables": {"name": {"like_": "db"}}}));
    let huge = serde_json::to_value(variables_page("", &[], Some(u32::MAX), 9999)).expect("json");
    assert_eq!(huge["limit"], 200);
    assert_eq!(huge["offset"], json!(u32::MAX), "saturates, never wraps");
}

#[test]
fn artifacts_bodies() {
    let all = serde_json::to_value(latest_artifacts_page(" ", None, Some(1), 50)).expect("json");
    assert_eq!(all, json!({"sort": "KEY_ASC", "limit": 50, "offset": 0}));
    let narrowed = serde_json::to_value(latest_artifacts_page("daily", Some("table"), Some(2), 50))
        .expect("json");
    assert_eq!(
        narrowed,
        json!({
            "artifacts": {"key": {"like_": "daily"}, "type": {"any_": ["table"]}},
            "sort": "KEY_ASC", "limit": 50, "offset": 50
        })
    );
    let count = serde_json::to_value(latest_artifacts_page("daily", None, None, 50)).expect("json");
    assert_eq!(count, json!({"artifacts": {"key": {"like_": "daily"}}}));
    let versions = serde_json::to_value(artifact_versions("daily-report")).expect("json");
    assert_eq!(
        versions,
        json!({"artifacts": {"key": {"any_": ["daily-report"]}}, "sort": "CREATED_DESC", "limit": 200})
    );
}

#[test]
fn block_bodies_never_ask_for_secrets() {
    let page = serde_json::to_value(block_documents_page(" db ", Some("secret"), Some(2), 50))
        .expect("json");
    assert_eq!(
        page,
        json!({
            "block_documents": {"is_anonymous": {"eq_": false}, "name": {"like_": "db"}},
            "block_types": {"slug": {"any_": ["secret"]}},
            "include_secrets": false, "sort": "NAME_ASC", "limit": 50, "offset": 50
        })
    );
    let count = serde_json::to_value(block_documents_page("", None, None, 50)).expect("json");
    assert_eq!(
        count,
        json!({"block_documents": {"is_anonymous": {"eq_": false}}})
    );
}

#[test]
fn search_asks_for_runs_by_part_of_their_name() {
    let body = serde_json::to_value(runs_named("etl 5%", 500)).expect("json");
    assert_eq!(
        body,
        json!({"flow_runs": {"name": {"like_": "etl 5%"}},
            "sort": "EXPECTED_START_TIME_DESC", "limit": 200})
    );
}

#[test]
fn builds_the_server_filter() {
    use chrono::TimeZone;
    let now = Utc
        .with_ymd_and_hms(2026, 1, 2, 0, 0, 0)
        .single()
        .expect("time");
    let map: std::collections::HashMap<&str, &str> = [
        ("state", "Late"),
        ("subflows", "hide"),
        ("q", "etl"),
        ("state_type", "SCHEDULED"),
    ]
    .into_iter()
    .collect();
    let q = RunsQuery::from_pairs(|k| map.get(k).copied());
    let body = serde_json::to_value(runs_request(&q, now)).expect("json");
    assert_eq!(body["flow_runs"]["state"]["type"]["any_"][0], "SCHEDULED");
    assert_eq!(body["flow_runs"]["state"]["name"]["any_"][0], "Late");
    assert_eq!(body["flow_runs"]["parent_task_run_id"]["is_null_"], true);
    assert_eq!(body["flow_runs"]["name"]["like_"], "etl");
    assert_eq!(
        body["flow_runs"]["expected_start_time"]["after_"],
        "2026-01-01T00:00:00.000000Z"
    );
    assert_eq!(
        body["flow_runs"]["expected_start_time"]["before_"],
        "2026-01-01T23:59:59.999999Z"
    );
    assert_eq!(
        (body["limit"].as_u64(), body["page"].as_u64()),
        (Some(50), Some(1))
    );
    let history = runs_history(&q, now);
    assert_eq!(history.history_interval_seconds, 1800.0);
    assert!(history
        .flow_runs
        .as_ref()
        .is_some_and(|f| f.expected_start_time.is_none()));
}

#[test]
fn the_filter_is_what_prefect_takes() {
    let now = DateTime::parse_from_rfc3339("2026-12-03T12:00:00Z")
        .map(|d| d.to_utc())
        .unwrap_or_default();
    let q = crate::domain::events::EventsQuery {
        resource: "prefect.flow-run.".into(),
        event: "prefect.flow-run.Fail".into(),
        range: crate::domain::time_range::TimeRange::default(),
        oldest_first: false,
    };
    let value = serde_json::to_value(events_filter(&q, now)).unwrap_or_default();
    assert_eq!(
        value,
        json!({
            "occurred": {
                "since": "2026-12-02T12:00:00.000000Z",
                "until": "2026-12-03T12:00:00.000000Z"
            },
            "event": {"prefix": ["prefect.flow-run.Fail"]},
            "any_resource": {"id_prefix": ["prefect.flow-run."]},
            "order": "DESC"
        })
    );
    let id = Uuid::nil();
    let value = serde_json::to_value(event_by_id(id, None)).unwrap_or_default();
    assert_eq!(
        value,
        json!({"occurred": {}, "id": {"id": [id]}, "order": "DESC"})
    );
}

#[test]
fn the_runs_deleted_with_a_deployment_are_those_the_server_picks() {
    let id = Uuid::from_u128(9);
    let value = serde_json::to_value(deleted_with_deployment(id)).unwrap_or_default();
    assert_eq!(
        value["flow_runs"],
        json!({
            "deployment_id": {"any_": [id]},
            "state": {
                "type": {"any_": ["SCHEDULED"]},
                "name": {"not_any_": ["AwaitingConcurrencySlot", "AwaitingRetry"]}
            }
        })
    );
}
