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
        ("logs", "errors"),
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
    assert!(q.hide_subflows && q.with_errors && q.page == 3 && q.page_size == 200);
    let pairs = q.to_pairs();
    let map: HashMap<&str, &str> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(RunsQuery::from_pairs(|k| map.get(k).copied()), q);
}

#[test]
fn each_active_filter_is_a_chip_whose_removal_drops_only_it() {
    let flow = Uuid::from_u128(1);
    let query = RunsQuery {
        name: "nightly".into(),
        states: vec!["Failed".into(), "Late".into()],
        flows: vec![flow],
        tags: vec!["prod".into()],
        hide_subflows: true,
        with_errors: true,
        page: 4,
        ..RunsQuery::default()
    };
    let chips = query.chips(|id| (id == flow).then(|| "etl".to_string()), |_| None);
    let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Name contains \u{201c}nightly\u{201d}",
            "State: Failed",
            "State: Late",
            "Flow: etl",
            "Tag: prod",
            "Subflows hidden",
            "Errors in its logs"
        ]
    );
    let late_gone = &chips[1].without;
    assert_eq!(late_gone.states, ["Late"]);
    assert_eq!((late_gone.page, late_gone.tags.len()), (1, 1));
    assert!(chips
        .iter()
        .all(|c| c.without.chips(|_| None, |_| None).len() == 6));
    let bare = query.unfiltered();
    assert!(bare.chips(|_| None, |_| None).is_empty());
    assert_eq!(
        (bare.window, bare.page_size),
        (query.window.clone(), query.page_size)
    );
    // The window, sort and page size are view settings, not chips.
    assert!(RunsQuery::default().chips(|_| None, |_| None).is_empty());
}
