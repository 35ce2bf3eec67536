//! The behaviour ported from `prefect.client.schemas` (continued): validators, schedules,
//! task inputs, graphs and event pages.

use prefect_dashboard::schemas::events::EventPage;
use prefect_dashboard::schemas::graph::{Graph, NodeKind};
use prefect_dashboard::schemas::*;
use serde_json::json;
use uuid::Uuid;

mod common {
    pub mod fixtures;
}

use common::fixtures::fixture;

#[test]
fn block_validators() {
    let document = |name: Option<&str>, anonymous: bool| BlockDocument {
        id: Uuid::nil(),
        created: None,
        updated: None,
        name: name.map(str::to_string),
        data: Default::default(),
        block_schema_id: Uuid::nil(),
        block_schema: None,
        block_type_id: Uuid::nil(),
        block_type_name: None,
        block_type: None,
        block_document_references: Default::default(),
        is_anonymous: anonymous,
    };
    assert!(document(Some("warehouse-password"), false)
        .validate()
        .is_ok());
    assert!(document(None, true).validate().is_ok());
    assert_eq!(
        document(None, false).validate().unwrap_err().message,
        "Names must be provided for block documents."
    );
    let upper = document(Some("Warehouse"), false).validate().unwrap_err();
    assert_eq!(
        upper.message,
        "Block document name must only contain lowercase letters, numbers, and dashes."
    );
    assert!(document(Some("a/b"), false).validate().is_err());
    let reference = |parent: u128, child: u128| BlockDocumentReference {
        id: Uuid::nil(),
        created: None,
        updated: None,
        parent_block_document_id: Uuid::from_u128(parent),
        parent_block_document: None,
        reference_block_document_id: Uuid::from_u128(child),
        reference_block_document: None,
        name: "creds".into(),
    };
    assert!(reference(1, 2).validate().is_ok());
    assert!(reference(1, 1).validate().is_err());
}

#[test]
fn names_reject_banned_characters() {
    let flows: Vec<Flow> = serde_json::from_str(&fixture("flows_filter")).expect("fixture");
    let mut flow = flows[0].clone();
    assert!(flow.validate().is_ok());
    for bad in ["a/b", "50%", "x&y", "<b>", "a>b", ""] {
        flow.name = bad.into();
        assert!(flow.validate().is_err(), "{bad:?}");
    }
}

#[test]
fn schedules_are_told_apart_by_their_keys() {
    let schedules: Vec<Schedule> = serde_json::from_value(json!([
        {"interval": 600.0, "anchor_date": "2026-01-01T00:00:00Z", "timezone": null},
        {"cron": "0 * * * *", "timezone": "Europe/Berlin", "day_or": true},
        {"rrule": "FREQ=WEEKLY", "timezone": "UTC"},
        {},
        {"calendar": "holidays"}
    ]))
    .expect("schedules");
    assert!(
        matches!(schedules[0], Schedule::Interval(IntervalSchedule { interval, .. }) if interval == 600.0)
    );
    assert!(
        matches!(&schedules[1], Schedule::Cron(c) if c.day_or && c.timezone.as_deref() == Some("Europe/Berlin"))
    );
    assert!(matches!(&schedules[2], Schedule::RRule(_)));
    assert!(matches!(&schedules[3], Schedule::None(_)));
    assert!(matches!(&schedules[4], Schedule::Unknown(_)));
    let deployments: Vec<Deployment> =
        serde_json::from_str(&fixture("deployments_filter")).expect("fixture");
    let kinds: Vec<&str> = deployments
        .iter()
        .flat_map(|d| &d.schedules)
        .map(|s| match s.schedule {
            Schedule::Interval(_) => "interval",
            Schedule::Cron(_) => "cron",
            Schedule::RRule(_) => "rrule",
            _ => "other",
        })
        .collect();
    for kind in ["interval", "cron", "rrule"] {
        assert!(
            kinds.contains(&kind),
            "the seeded server has a {kind} schedule: {kinds:?}"
        );
    }
}

#[test]
fn task_inputs_are_tagged_by_input_type() {
    let inputs: TaskInputs = serde_json::from_value(json!({
        "rows": [{"input_type": "task_run", "id": "00000000-0000-0000-0000-000000000001"}],
        "__parents__": [{"input_type": "flow_run", "id": "00000000-0000-0000-0000-000000000002"}],
        "n": [{"input_type": "parameter", "name": "rows"}, {"input_type": "constant", "type": "int"}]
    }))
    .expect("task inputs");
    assert_eq!(inputs["n"][1], RunInput::Constant { kind: "int".into() });
    assert!(
        serde_json::from_value::<TaskInputs>(json!({"x": [{"input_type": "mystery"}]})).is_err()
    );
}

#[test]
fn graph_nodes_are_id_node_pairs() {
    let graph: Graph = serde_json::from_str(&fixture("flow_run_graph_tasks")).expect("fixture");
    assert!(!graph.nodes.is_empty());
    for (id, node) in &graph.nodes {
        assert_eq!(id, &node.id);
        assert_eq!(node.kind, NodeKind::TaskRun);
    }
    let subflows: Graph = serde_json::from_str(&fixture("flow_run_graph")).expect("fixture");
    assert!(subflows
        .nodes
        .iter()
        .any(|(_, n)| n.kind == NodeKind::FlowRun));
}

#[test]
fn event_pages_expose_only_the_page_token() {
    let page: EventPage = serde_json::from_str(&fixture("events_filter")).expect("fixture");
    assert!(page.total >= page.events.len() as i64);
    let page = EventPage {
        events: vec![],
        total: 0,
        next_page: Some("http://internal:4200/api/events/filter/next?page-token=abc%3D&x=1".into()),
    };
    assert_eq!(page.next_page_token().as_deref(), Some("abc="));
    let raw = EventPage {
        next_page: Some("/api/events/filter/next?page-token=x%zz%E2%9C%93=".into()),
        ..page.clone()
    };
    assert_eq!(raw.next_page_token().as_deref(), Some("x%zz\u{2713}="));
    let empty = EventPage {
        next_page: Some("/next?page-token=".into()),
        ..page
    };
    assert_eq!(empty.next_page_token(), None);
}

#[test]
fn names_read_from_full_answers_match_the_full_objects() {
    use prefect_dashboard::schemas::responses::Named;
    fn names<T>(fixture_name: &str, full: impl Fn(&T) -> (Uuid, String)) -> usize
    where
        T: serde::de::DeserializeOwned,
    {
        let text = fixture(fixture_name);
        let objects: Vec<T> = serde_json::from_str(&text).expect("full objects");
        let named: Vec<Named> = serde_json::from_str(&text).expect("names only");
        let expected: Vec<(Uuid, String)> = objects.iter().map(full).collect();
        let got: Vec<(Uuid, String)> = named.into_iter().map(|n| (n.id, n.name)).collect();
        assert_eq!(got, expected, "{fixture_name}");
        got.len()
    }
    assert!(names("flows_filter", |f: &Flow| (f.id, f.name.clone())) > 0);
    assert!(
        names("deployments_filter", |d: &Deployment| (
            d.id,
            d.name.clone()
        )) > 0
    );
    assert!(names("work_pools_filter", |p: &WorkPool| (p.id, p.name.clone())) > 0);
    // Anything but an id and a name is an error, not an empty name.
    assert!(serde_json::from_str::<Vec<Named>>(r#"[{"id": "x", "name": "a"}]"#).is_err());
    assert!(
        serde_json::from_str::<Vec<Named>>(&format!(r#"[{{"id": "{}"}}]"#, Uuid::nil())).is_err()
    );
}
