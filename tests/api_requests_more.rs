//! Request building, natively (continued): work pool and batch endpoints, headers, and the
//! errors decoding names.

use prefect_dashboard::api::csrf::CsrfState;
use prefect_dashboard::api::endpoints::{self, MAX_LIMIT};
use prefect_dashboard::api::{request_headers, Credentials, Method};
use prefect_dashboard::schemas::automations::AutomationEnabled;
use prefect_dashboard::schemas::events::{EventAnyResourceFilter, EventFilter};
use prefect_dashboard::schemas::filters::*;
use prefect_dashboard::schemas::*;
use serde_json::json;

mod common {
    pub mod requests;
}

use common::requests::{check, id};

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
    let filter = EventFilter {
        any_resource: Some(EventAnyResourceFilter {
            id: vec!["prefect.flow-run.x".into()],
            id_prefix: Vec::new(),
        }),
        ..EventFilter::default()
    };
    check(
        &endpoints::events_filter(&filter, 500).request,
        Method::Post,
        "/events/filter",
        Some(json!({
            "filter": {"occurred": {}, "any_resource": {"id": ["prefect.flow-run.x"]}, "order": "DESC"},
            "limit": 50
        })),
    );
    let id = uuid::Uuid::from_u128(9);
    check(
        &endpoints::set_automation_enabled(id, &AutomationEnabled { enabled: false }).request,
        Method::Patch,
        &format!("/automations/{id}"),
        Some(json!({"enabled": false})),
    );
    check(
        &endpoints::automations_filter().request,
        Method::Post,
        "/automations/filter",
        Some(json!({"sort": "NAME_ASC", "limit": 200})),
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

#[test]
fn decode_errors_say_what_arrived_instead() {
    let decode = |text: &str| {
        prefect_dashboard::api::decode::<Vec<Flow>>("/flows/filter", text)
            .unwrap_err()
            .to_string()
    };
    let html = decode("<!DOCTYPE html>\n<html><body>Sign in</body></html>");
    assert!(html.contains("an HTML page instead of JSON"), "{html}");
    let truncated = r#"[{"id":"00000000-0000-0000-0000-000000000001","na"#;
    let cut = decode(truncated);
    assert!(
        cut.contains(&format!(
            "the answer was cut off after {} bytes",
            truncated.len()
        )),
        "{cut}"
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    // Typed, the shape is wrong at the second level already; untyped, the depth stops it.
    let typed = decode(&deep);
    assert!(
        typed.contains("at $[0][0]: invalid type: sequence"),
        "{typed}"
    );
    let untyped = prefect_dashboard::api::decode::<serde_json::Value>("/x", &deep)
        .unwrap_err()
        .to_string();
    assert!(
        untyped.contains("JSON nested more than 128 levels deep"),
        "{untyped}"
    );
    // A deep error body is read for its detail without trouble too.
    let body = format!(
        "{{\"detail\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_eq!(prefect_dashboard::api::prefect_detail(&body), None);
}
