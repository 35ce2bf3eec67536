//! Tests of `domain::runs_query`.

use super::*;
use chrono::TimeZone;
use std::collections::HashMap;

fn parse(query: &[(&str, &str)]) -> RunsQuery {
    let map: HashMap<&str, &str> = query.iter().copied().collect();
    RunsQuery::from_pairs(|k| map.get(k).copied())
}

#[test]
fn defaults_and_fallbacks() {
    assert_eq!(parse(&[]), RunsQuery::default());
    let q = parse(&[
        ("range", "9y"),
        ("sort", "SIDEWAYS"),
        ("page", "0"),
        ("size", "7"),
        ("flow", "nope"),
    ]);
    assert_eq!(
        q,
        RunsQuery::default(),
        "bad values fall back instead of failing"
    );
    assert!(RunsQuery::default().to_pairs().is_empty());
}

#[test]
fn round_trips_through_the_url() {
    let q = parse(&[
        ("range", "7d"),
        ("state", "Failed,Late"),
        ("pool", "k8s"),
        ("tag", "prod"),
        ("q", "nightly"),
        ("subflows", "hide"),
        ("state_type", "FAILED,CRASHED,BOGUS"),
        ("sort", "START_TIME_ASC"),
        ("page", "3"),
        ("size", "200"),
        ("flow", "00000000-0000-0000-0000-000000000001"),
    ]);
    assert_eq!(q.states, vec!["Failed", "Late"]);
    assert_eq!(
        q.state_types,
        vec![StateType::Failed, StateType::Crashed],
        "unknown types are dropped"
    );
    assert!(q.hide_subflows && q.page == 3 && q.page_size == 200);
    let pairs = q.to_pairs();
    let map: HashMap<&str, &str> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(RunsQuery::from_pairs(|k| map.get(k).copied()), q);
}

#[test]
fn builds_the_server_filter() {
    let now = Utc
        .with_ymd_and_hms(2026, 1, 2, 0, 0, 0)
        .single()
        .expect("time");
    let q = parse(&[
        ("state", "Late"),
        ("subflows", "hide"),
        ("q", "etl"),
        ("state_type", "SCHEDULED"),
    ]);
    let body = serde_json::to_value(q.request(now)).expect("json");
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
    let history = q.history_request(now);
    assert_eq!(history.history_interval_seconds, 1800.0);
    assert!(history
        .flow_runs
        .as_ref()
        .is_some_and(|f| f.expected_start_time.is_none()));
}
