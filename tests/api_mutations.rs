//! Action requests, natively: method, path and JSON body of every state change, run,
//! pause and delete. (tests/e2e/actions.rs sends them to a real server.)

use prefect_dashboard::api::{decode, endpoints, Method};
use prefect_dashboard::domain::actions::{proposal, FlowRunAction};
use prefect_dashboard::schemas::actions::*;
use prefect_dashboard::schemas::filters::{FlowRunFilter, TagsFilter};
use prefect_dashboard::schemas::responses::FlowRunBulkSetStateResponse;
use prefect_dashboard::schemas::StateType;
use serde_json::json;

mod common {
    pub mod requests;
}

use common::requests::{check, id};

#[test]
fn state_changes_and_runs() {
    let now = chrono::DateTime::from_timestamp(0, 0).expect("epoch");
    let cancel = proposal(&FlowRunAction::Cancel, Some("not needed"), now).expect("cancel");
    check(
        &endpoints::set_flow_run_state(id(1), &cancel).request,
        Method::Post,
        &format!("/flow_runs/{}/set_state", id(1)),
        Some(json!({"state": {"type": "CANCELLING", "message": "not needed"}, "force": false})),
    );
    let bulk = BulkSetFlowRunState {
        flow_runs: FlowRunFilter {
            tags: Some(TagsFilter {
                all_: Some(vec!["nightly".into()]),
                ..Default::default()
            }),
            ..Default::default()
        },
        state: StateCreate {
            state_type: StateType::Cancelling,
            name: None,
            message: None,
            state_details: None,
        },
        force: false,
        limit: 50,
    };
    check(
        &endpoints::bulk_set_flow_run_state(&bulk).request,
        Method::Post,
        "/flow_runs/bulk_set_state",
        Some(json!({"flow_runs": {"tags": {"all_": ["nightly"]}},
            "state": {"type": "CANCELLING"}, "force": false, "limit": 50})),
    );
    check(
        &endpoints::resume_flow_run(id(2), None).request,
        Method::Post,
        &format!("/flow_runs/{}/resume", id(2)),
        Some(json!({})),
    );
    check(
        &endpoints::delete_flow_run(id(3)).request,
        Method::Delete,
        &format!("/flow_runs/{}", id(3)),
        None,
    );
    let run = DeploymentFlowRunCreate {
        tags: vec!["from-dashboard".into()],
        ..Default::default()
    };
    check(
        &endpoints::create_flow_run_from_deployment(id(4), &run).request,
        Method::Post,
        &format!("/deployments/{}/create_flow_run", id(4)),
        Some(json!({"tags": ["from-dashboard"]})),
    );
}

#[test]
fn pauses() {
    check(
        &endpoints::pause_deployment(id(5)).request,
        Method::Post,
        &format!("/deployments/{}/pause_deployment", id(5)),
        Some(json!({})),
    );
    check(
        &endpoints::resume_deployment(id(5)).request,
        Method::Post,
        &format!("/deployments/{}/resume_deployment", id(5)),
        Some(json!({})),
    );
    check(
        &endpoints::update_work_pool(
            "my pool",
            &WorkPoolUpdate {
                is_paused: Some(true),
                ..Default::default()
            },
        )
        .request,
        Method::Patch,
        "/work_pools/my%20pool",
        Some(json!({"is_paused": true})),
    );
    check(
        &endpoints::update_work_pool("p", &WorkPoolUpdate::default()).request,
        Method::Patch,
        "/work_pools/p",
        Some(json!({})),
    );
    check(
        &endpoints::update_work_queue(
            id(6),
            &WorkQueueUpdate {
                is_paused: Some(false),
                ..Default::default()
            },
        )
        .request,
        Method::Patch,
        &format!("/work_queues/{}", id(6)),
        Some(json!({"is_paused": false})),
    );
}

#[test]
fn pools_and_queues_are_created_changed_and_deleted() {
    check(
        &endpoints::create_work_pool(&WorkPoolCreate {
            name: "etl".into(),
            pool_type: "docker".into(),
            concurrency_limit: Some(2),
            ..Default::default()
        })
        .request,
        Method::Post,
        "/work_pools/",
        Some(
            json!({"name": "etl", "type": "docker", "base_job_template": {},
            "is_paused": false, "concurrency_limit": 2}),
        ),
    );
    check(
        &endpoints::update_work_pool(
            "etl",
            &WorkPoolUpdate {
                description: Some(Some("x".into())),
                concurrency_limit: Some(None),
                ..Default::default()
            },
        )
        .request,
        Method::Patch,
        "/work_pools/etl",
        Some(json!({"description": "x", "concurrency_limit": null})),
    );
    check(
        &endpoints::delete_work_pool("my pool").request,
        Method::Delete,
        "/work_pools/my%20pool",
        None,
    );
    check(
        &endpoints::read_worker_metadata().request,
        Method::Get,
        "/collections/views/aggregate-worker-metadata",
        None,
    );
    check(
        &endpoints::create_work_queue(
            "etl",
            &WorkQueueCreate {
                name: "fast".into(),
                priority: Some(1),
                ..Default::default()
            },
        )
        .request,
        Method::Post,
        "/work_pools/etl/queues",
        Some(json!({"name": "fast", "is_paused": false, "priority": 1})),
    );
    check(
        &endpoints::update_work_pool_queue(
            "etl",
            "a/b",
            &WorkQueueUpdate {
                priority: Some(3),
                ..Default::default()
            },
        )
        .request,
        Method::Patch,
        "/work_pools/etl/queues/a%2Fb",
        Some(json!({"priority": 3})),
    );
}

#[test]
fn blocks_and_automations_are_created_changed_and_deleted() {
    let doc = uuid::Uuid::from_u128(5);
    check(
        &endpoints::create_block_document(&BlockDocumentCreate {
            name: "prod".into(),
            data: json!({"inner": {"$ref": {"block_document_id": id(9)}}})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            block_schema_id: uuid::Uuid::from_u128(2),
            block_type_id: uuid::Uuid::from_u128(3),
            is_anonymous: false,
        })
        .request,
        Method::Post,
        "/block_documents/",
        Some(
            json!({"name": "prod", "data": {"inner": {"$ref": {"block_document_id": id(9)}}},
            "block_schema_id": id(2), "block_type_id": id(3), "is_anonymous": false}),
        ),
    );
    check(
        &endpoints::update_block_document(
            doc,
            &BlockDocumentUpdate {
                block_schema_id: None,
                data: json!({"url": "********"})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                merge_existing_data: false,
            },
        )
        .request,
        Method::Patch,
        &format!("/block_documents/{doc}"),
        Some(json!({"data": {"url": "********"}, "merge_existing_data": false})),
    );
    check(
        &endpoints::delete_block_document(doc).request,
        Method::Delete,
        &format!("/block_documents/{doc}"),
        None,
    );
    check(
        &endpoints::get_most_recent_block_schema_for_block_type(doc).request,
        Method::Post,
        "/block_schemas/filter",
        Some(json!({"block_schemas": {"block_type_id": {"any_": [id(5)]}}, "limit": 1})),
    );
    let automation = prefect_dashboard::schemas::automations::AutomationCreate {
        name: "a".into(),
        description: String::new(),
        enabled: true,
        trigger: json!({"type": "event"}),
        actions: vec![json!({"type": "cancel-flow-run"})],
        actions_on_trigger: Vec::new(),
        actions_on_resolve: Vec::new(),
    };
    let body = json!({"name": "a", "description": "", "enabled": true,
        "trigger": {"type": "event"}, "actions": [{"type": "cancel-flow-run"}],
        "actions_on_trigger": [], "actions_on_resolve": []});
    check(
        &endpoints::create_automation(&automation).request,
        Method::Post,
        "/automations/",
        Some(body.clone()),
    );
    let put = endpoints::update_automation(doc, &automation).request;
    check(
        &put,
        Method::Put,
        &format!("/automations/{doc}"),
        Some(body),
    );
    assert!(!put.is_read(), "a replace is a write");
    check(
        &endpoints::delete_automation(doc).request,
        Method::Delete,
        &format!("/automations/{doc}"),
        None,
    );
    check(
        &endpoints::validate_template("{{ x }}").request,
        Method::Post,
        "/templates/validate",
        Some(json!("{{ x }}")),
    );
}

#[test]
fn empty_answers_decode_to_nothing_and_only_to_nothing() {
    assert_eq!(decode::<()>("/work_pools/p", ""), Ok(()));
    assert!(decode::<FlowRunBulkSetStateResponse>("/flow_runs/bulk_set_state", "").is_err());
    let results: FlowRunBulkSetStateResponse =
        decode("/flow_runs/bulk_set_state", r#"{"results": []}"#).expect("decodes");
    assert!(results.results.is_empty());
}
