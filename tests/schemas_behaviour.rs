//! The behaviour ported from `prefect.client.schemas`: one test per method or validator.

use chrono::{Duration, TimeZone, Utc};
use prefect_dashboard::schemas::*;
use serde_json::json;
use uuid::Uuid;

mod common {
    pub mod fixtures;
}

use common::fixtures::fixture;

fn at(seconds: i64) -> Timestamp {
    Timestamp(
        Utc.timestamp_opt(1_800_000_000 + seconds, 0)
            .single()
            .expect("valid time"),
    )
}

#[test]
fn state_predicates_and_terminal_set() {
    for state_type in StateType::KNOWN {
        let state = State::new(state_type.clone(), at(0));
        let flags = [
            (StateType::Scheduled, state.is_scheduled()),
            (StateType::Pending, state.is_pending()),
            (StateType::Running, state.is_running()),
            (StateType::Completed, state.is_completed()),
            (StateType::Failed, state.is_failed()),
            (StateType::Crashed, state.is_crashed()),
            (StateType::Cancelled, state.is_cancelled()),
            (StateType::Cancelling, state.is_cancelling()),
            (StateType::Paused, state.is_paused()),
        ];
        for (kind, flag) in flags {
            assert_eq!(flag, &kind == state_type, "{state_type} vs {kind}");
        }
        let terminal = matches!(
            state_type,
            StateType::Completed | StateType::Cancelled | StateType::Failed | StateType::Crashed
        );
        assert_eq!(state.is_final(), terminal, "{state_type}");
    }
    assert_eq!(TERMINAL_STATES.len(), 4);
}

#[test]
fn default_state_name_comes_from_the_type() {
    assert_eq!(StateType::Cancelling.default_name(), "Cancelling");
    assert_eq!(
        StateType::Unknown("NOT_READY".into()).default_name(),
        "Not Ready"
    );
    let state: State =
        serde_json::from_value(json!({"type": "RUNNING", "timestamp": "2026-01-01T00:00:00Z"}))
            .expect("state without a name");
    assert_eq!(state.name, None);
    assert_eq!(state.display_name(), "Running");
    assert_eq!(
        State::new(StateType::Completed, at(0)).name.as_deref(),
        Some("Completed")
    );
}

#[test]
fn unknown_enum_values_are_kept_not_fatal() {
    let state: State = serde_json::from_value(
        json!({"type": "HIBERNATING", "name": "Zzz", "timestamp": "2026-01-01T00:00:00Z"}),
    )
    .expect("a newer server's state type reads");
    assert_eq!(state.state_type, StateType::Unknown("HIBERNATING".into()));
    assert!(!state.is_final());
    assert_eq!(
        serde_json::to_value(&state.state_type).expect("encode"),
        json!("HIBERNATING")
    );
    let status: DeploymentStatus = serde_json::from_value(json!("DISABLED")).expect("cloud status");
    assert_eq!(status, DeploymentStatus::Disabled);
}

#[test]
fn state_data_helpers() {
    let mut state = State::new(StateType::Completed, at(0));
    assert!(state.result_data().is_none());
    state.data = json!({"type": "unpersisted"});
    assert!(
        state.result_data().is_none(),
        "unpersisted results read as None"
    );
    state.data = json!({"storage_key": "/results/abc", "serializer": {"type": "pickle"}, "prefect_version": "3.8.8"});
    let record = state.result_record().expect("a result record");
    assert_eq!(record.storage_key.as_deref(), Some("/results/abc"));
    state.data = json!(42);
    assert_eq!(state.result_data(), Some(&json!(42)));
    assert!(state.result_record().is_none());
}

#[test]
fn state_details_to_run_result() {
    let id = Uuid::from_u128(7);
    let details = StateDetails {
        flow_run_id: Some(id),
        ..Default::default()
    };
    assert_eq!(
        details.to_run_result(&RunType::FlowRun),
        Some(RunInput::FlowRun { id })
    );
    assert_eq!(details.to_run_result(&RunType::TaskRun), None);
}

#[test]
fn work_queue_health_policy_boundaries() {
    let policy = WorkQueueHealthPolicy::default();
    let now = *at(1000);
    let polled = |seconds_ago: i64| Some(now - Duration::seconds(seconds_ago));
    assert!(policy.evaluate_health_status(0, polled(10), now));
    assert!(
        policy.evaluate_health_status(0, polled(60), now),
        "exactly 60 s is still healthy"
    );
    assert!(!policy.evaluate_health_status(0, Some(now - Duration::milliseconds(60_001)), now));
    assert!(
        !policy.evaluate_health_status(1, polled(10), now),
        "one late run over a limit of 0"
    );
    assert!(!policy.evaluate_health_status(0, None, now), "never polled");
    let lenient = WorkQueueHealthPolicy {
        maximum_late_runs: Some(3),
        maximum_seconds_since_last_polled: None,
    };
    assert!(
        lenient.evaluate_health_status(3, None, now),
        "None disables the poll check"
    );
    assert!(!lenient.evaluate_health_status(4, None, now));
    let no_late_check = WorkQueueHealthPolicy {
        maximum_late_runs: None,
        maximum_seconds_since_last_polled: Some(60),
    };
    assert!(
        no_late_check.evaluate_health_status(1000, polled(1), now),
        "None disables the late check"
    );
    let detail: WorkQueueStatusDetail =
        serde_json::from_str(&fixture("work_queue_status")).expect("fixture");
    assert_eq!(detail.health_check_policy, WorkQueueHealthPolicy::default());
    let expected = detail.health_check_policy.evaluate_health_status(
        detail.late_runs_count,
        detail.last_polled.map(|t| *t),
        now,
    );
    if detail.last_polled.is_none() {
        assert!(
            !expected && !detail.healthy,
            "the server agrees a never-polled queue is unhealthy"
        );
    }
}

#[test]
fn work_pool_kinds_status_names_and_validation() {
    let mut pool: WorkPool = serde_json::from_str(&fixture("work_pool")).expect("fixture");
    assert!(!pool.is_push_pool() && !pool.is_managed_pool());
    assert!(pool.validate().is_ok());
    pool.pool_type = "cloud-run-v2:push".into();
    assert!(pool.is_push_pool());
    pool.pool_type = "prefect:managed".into();
    assert!(pool.is_managed_pool());
    pool.default_queue_id = None;
    assert_eq!(pool.validate().unwrap_err().field, "default_queue_id");
    assert_eq!(WorkPoolStatus::NotReady.display_name(), "Not ready");
    assert_eq!(WorkPoolStatus::Ready.display_name(), "Ready");
    assert_eq!(WorkPoolStatus::Paused.display_name(), "Paused");
}

#[test]
fn workspace_handle_and_urls() {
    let workspace: Workspace = serde_json::from_value(json!({
        "account_id": "11111111-1111-1111-1111-111111111111",
        "account_name": "Acme", "account_handle": "acme",
        "workspace_id": "22222222-2222-2222-2222-222222222222",
        "workspace_name": "Production", "workspace_description": "", "workspace_handle": "prod",
        "extra_field_from_cloud": true
    }))
    .expect("workspace");
    assert_eq!(workspace.handle(), "acme/prod");
    let cloud = CloudUrls::default();
    assert_eq!(
        workspace.api_url(&cloud),
        "https://api.prefect.cloud/api/accounts/11111111-1111-1111-1111-111111111111/workspaces/22222222-2222-2222-2222-222222222222"
    );
    assert_eq!(
        workspace.ui_url(&cloud),
        "https://app.prefect.cloud/account/11111111-1111-1111-1111-111111111111/workspace/22222222-2222-2222-2222-222222222222"
    );
    let gateway = CloudUrls {
        api: "http://127.0.0.1:9000/api/".into(),
        ui: "http://127.0.0.1:9000".into(),
    };
    assert!(workspace
        .api_url(&gateway)
        .starts_with("http://127.0.0.1:9000/api/accounts/"));
}

#[test]
fn flow_run_input_decodes_its_value() {
    let input: FlowRunInput = serde_json::from_value(json!({
        "flow_run_id": Uuid::nil(), "key": "approval-1", "value": "{\"approved\": true}"
    }))
    .expect("input");
    assert_eq!(
        input.decoded_value().expect("json"),
        json!({"approved": true})
    );
    assert!(input.validate().is_ok());
    let bad = FlowRunInput {
        value: "{".into(),
        key: "Approval".into(),
        ..input
    };
    assert!(bad.decoded_value().is_err());
    assert!(bad.validate().is_err());
}

#[test]
fn deprecated_policy_fields_populate_the_new_ones() {
    let mut policy = FlowRunPolicy {
        max_retries: 3,
        retry_delay_seconds: 10.7,
        ..Default::default()
    };
    policy.populate_deprecated_fields();
    assert_eq!((policy.retries, policy.retry_delay), (Some(3), Some(10)));
    let mut kept = FlowRunPolicy {
        max_retries: 3,
        retries: Some(1),
        retry_delay: Some(5),
        retry_delay_seconds: 9.0,
        ..Default::default()
    };
    kept.populate_deprecated_fields();
    assert_eq!((kept.retries, kept.retry_delay), (Some(1), Some(5)));
    let mut task = TaskRunPolicy {
        max_retries: 2,
        retry_delay_seconds: 4.0,
        ..Default::default()
    };
    task.populate_deprecated_fields();
    assert_eq!(task.retries, Some(2));
    assert_eq!(task.retry_delay, Some(RetryDelay::Seconds(4.into())));
}

#[test]
fn task_run_policy_validators() {
    let delays = |n: usize| RetryDelay::PerAttempt((0..n).map(|i| (i as i64).into()).collect());
    let ok = TaskRunPolicy {
        retry_delay: Some(delays(50)),
        retry_jitter_factor: Some(0.0),
        ..Default::default()
    };
    assert!(ok.validate().is_ok());
    let too_many = TaskRunPolicy {
        retry_delay: Some(delays(51)),
        ..Default::default()
    };
    assert_eq!(
        too_many.validate().unwrap_err().message,
        "Can not configure more than 50 retry delays per task."
    );
    let negative = TaskRunPolicy {
        retry_jitter_factor: Some(-0.1),
        ..Default::default()
    };
    assert_eq!(
        negative.validate().unwrap_err().field,
        "retry_jitter_factor"
    );
}

#[test]
fn flow_run_equality_ignores_the_rolling_estimates() {
    let runs: Vec<FlowRun> = serde_json::from_str(&fixture("flow_runs_filter")).expect("fixture");
    let run = runs[0].clone();
    let mut later = run.clone();
    later.estimated_run_time += 12.5;
    later.estimated_start_time_delta += 3.0;
    assert_eq!(run, later);
    let mut renamed = run.clone();
    renamed.name.push('x');
    assert_ne!(run, renamed);
}

#[test]
fn a_page_from_a_count_rounds_its_pages_up() {
    use prefect_dashboard::schemas::responses::Paginated;
    let page = Paginated::from_count(vec![1, 2], 101, 50, 3);
    assert_eq!(
        (page.count, page.limit, page.pages, page.page),
        (101, 50, 3, 3)
    );
    assert_eq!(Paginated::<i32>::from_count(vec![], 100, 50, 1).pages, 2);
    assert_eq!(Paginated::<i32>::from_count(vec![], 0, 50, 0).pages, 0);
    let odd = Paginated::<i32>::from_count(vec![], -5, 0, 0);
    assert_eq!((odd.count, odd.limit, odd.pages, odd.page), (0, 1, 0, 1));
    let huge = Paginated::<i32>::from_count(vec![], i64::MAX, 1, u32::MAX);
    assert_eq!(huge.pages, i64::MAX, "no overflow at the largest count");
}
