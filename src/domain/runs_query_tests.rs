//! Tests of `domain::runs_query`.

use super::*;
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
