use super::*;
use crate::domain::test_now;

const RUN: &str = "3a2c1e0e-0000-4000-8000-000000000001";
const PARENT: &str = "3a2c1e0e-0000-4000-8000-000000000002";
const DEPLOYMENT: &str = "3a2c1e0e-0000-4000-8000-000000000003";

fn event_message(event: &str, resource: &str, related: &[&str]) -> String {
    let related: Vec<Value> = related
        .iter()
        .map(|r| json!({"prefect.resource.id": r, "prefect.resource.role": "x"}))
        .collect();
    json!({"type": "event", "event": {
        "id": "0f1e2d3c-0000-4000-8000-00000000000a",
        "occurred": "2026-11-24T12:00:01.5Z",
        "event": event,
        "resource": {"prefect.resource.id": resource, "prefect.state-type": "RUNNING"},
        "related": related,
        "payload": {"validated_state": {"type": "RUNNING"}},
    }})
    .to_string()
}

fn parsed(text: &str) -> LiveEvent {
    match parse(text) {
        Incoming::Event(event) => event,
        other => panic!("not an event: {other:?}"),
    }
}

#[test]
fn each_page_gets_the_filter_for_what_it_shows() {
    let since = test_now();
    let runs = filter_message(
        &LiveScope {
            flow_runs: true,
            ..Default::default()
        },
        since,
    );
    assert_eq!(runs["type"], "filter");
    assert_eq!(runs["backfill"], true);
    assert_eq!(
        runs["filter"]["event"]["prefix"],
        json!(["prefect.flow-run."])
    );
    assert_eq!(
        runs["filter"]["occurred"]["since"],
        "2026-11-24T12:00:00.000000Z"
    );
    // `until` far ahead, or live events stop at the moment the filter arrived.
    assert_eq!(
        runs["filter"]["occurred"]["until"],
        "2027-11-24T12:00:00.000000Z"
    );
    let id = Uuid::parse_str(RUN).expect("uuid");
    let one = filter_message(
        &LiveScope {
            runs: vec![id],
            flow_runs: true,
            ..Default::default()
        },
        since,
    );
    assert_eq!(
        one["filter"]["any_resource"]["id"],
        json!([format!("prefect.flow-run.{RUN}")])
    );
    assert_eq!(
        one["filter"]["event"]["prefix"],
        json!(["prefect.flow-run.", "prefect.task-run."])
    );
    // The comparison's two runs: both runs' events.
    let other = Uuid::from_u128(7);
    let two = filter_message(
        &LiveScope {
            runs: vec![id, other],
            ..Default::default()
        },
        since,
    );
    assert_eq!(
        two["filter"]["any_resource"]["id"],
        json!([
            format!("prefect.flow-run.{RUN}"),
            format!("prefect.flow-run.{other}")
        ])
    );
    let tasks = filter_message(
        &LiveScope {
            task_runs: true,
            flow_runs: true,
            ..Default::default()
        },
        since,
    );
    assert_eq!(
        tasks["filter"]["event"]["prefix"],
        json!(["prefect.flow-run.", "prefect.task-run."])
    );
    let health = filter_message(
        &LiveScope {
            health: true,
            flow_runs: true,
            ..Default::default()
        },
        since,
    );
    assert_eq!(
        health["filter"]["event"]["prefix"],
        json!([
            "prefect.flow-run.",
            "prefect.work-pool.",
            "prefect.work-queue.",
            "prefect.worker.",
            "prefect.deployment."
        ])
    );
    assert!(LiveScope::default().is_empty());
    assert_eq!(auth_message(None), json!({"type": "auth", "token": null}));
    assert_eq!(
        auth_message(Some("admin:pass")),
        json!({"type": "auth", "token": "admin:pass"})
    );
}

#[test]
fn messages_are_read_and_garbage_is_ignored() {
    assert_eq!(parse(r#"{"type":"auth_success"}"#), Incoming::AuthSuccess);
    for junk in [
        "",
        "not json",
        "[]",
        r#"{"type":"event"}"#,
        r#"{"type":"event","event":{"id":"nope"}}"#,
        r#"{"type":"event","event":{"id":"0f1e2d3c-0000-4000-8000-00000000000a","occurred":"yesterday","event":"x","resource":{}}}"#,
        r#"{"type":"something-new"}"#,
    ] {
        assert_eq!(parse(junk), Incoming::Other, "{junk}");
    }
    let event = parsed(&event_message(
        "prefect.flow-run.Running",
        &format!("prefect.flow-run.{RUN}"),
        &[&format!("prefect.deployment.{DEPLOYMENT}")],
    ));
    assert_eq!(event.event, "prefect.flow-run.Running");
    assert_eq!(event.occurred, test_now() + Duration::milliseconds(1500));
}

#[test]
fn an_event_refetches_the_views_it_changes() {
    let run = Uuid::parse_str(RUN).expect("uuid");
    let parent = Uuid::parse_str(PARENT).expect("uuid");
    let state = parsed(&event_message(
        "prefect.flow-run.Completed",
        &format!("prefect.flow-run.{RUN}"),
        &[
            &format!("prefect.flow-run.{PARENT}"),
            &format!("prefect.deployment.{DEPLOYMENT}"),
            "prefect.tag.etl",
        ],
    ));
    assert_eq!(
        topics(&state),
        [
            Topic::FlowRuns,
            Topic::FlowRun(run),
            Topic::FlowRun(parent),
            Topic::Deployments
        ]
    );
    let task = parsed(&event_message(
        "prefect.task-run.Completed",
        "prefect.task-run.7b0c0b0c-0000-4000-8000-000000000009",
        &[&format!("prefect.flow-run.{RUN}")],
    ));
    let task_run = Uuid::parse_str("7b0c0b0c-0000-4000-8000-000000000009").expect("uuid");
    assert_eq!(
        topics(&task),
        [
            Topic::TaskRun(task_run),
            Topic::FlowRun(run),
            Topic::TaskRuns
        ],
        "its own page, its flow run's and the task runs lists"
    );
    let pool = parsed(&event_message(
        "prefect.work-pool.ready",
        "prefect.work-pool.7b0c0b0c-0000-4000-8000-000000000008",
        &[],
    ));
    assert_eq!(topics(&pool), [Topic::WorkPools, Topic::Deployments]);
    let deployment = parsed(&event_message(
        "prefect.deployment.not-ready",
        &format!("prefect.deployment.{DEPLOYMENT}"),
        &[],
    ));
    assert_eq!(topics(&deployment), [Topic::Deployments]);
    let unknown = parsed(&event_message(
        "prefect.block.x",
        "prefect.block-document.1",
        &[],
    ));
    assert!(topics(&unknown).is_empty());
}

#[test]
fn the_feed_reads_whole_events_and_nothing_else() {
    let text = event_message(
        "prefect.flow-run.Running",
        &format!("prefect.flow-run.{RUN}"),
        &[],
    );
    let whole = |text: &str| match parse(text) {
        Incoming::Event(event) => event.received(),
        _ => None,
    };
    let event = whole(&text).expect("a whole event");
    assert_eq!(event.event, "prefect.flow-run.Running");
    assert_eq!(whole(r#"{"type":"auth_success"}"#), None);
    assert_eq!(whole(r#"{"type":"event","event":{"id":1}}"#), None);
    assert_eq!(whole("not json"), None);
}

#[test]
fn the_event_feed_asks_for_every_event() {
    let since = DateTime::from_timestamp(0, 0).unwrap_or_default();
    let scope = LiveScope {
        events: true,
        health: true,
        related: vec!["prefect.tag.etl".into()],
        ..Default::default()
    };
    assert!(!scope.is_empty());
    let message = filter_message(&scope, since);
    let filter = &message["filter"];
    assert!(filter.get("event").is_none(), "{filter}");
    assert!(filter.get("related").is_none(), "{filter}");
    assert!(filter.get("any_resource").is_none(), "{filter}");
    assert!(filter["occurred"]["since"].is_string());
}

#[test]
fn seen_ids_skip_repeats_in_bounded_memory() {
    let mut seen = SeenIds::new(3);
    let id = |n| Uuid::from_u128(n);
    assert!(seen.first_time(id(1)));
    assert!(!seen.first_time(id(1)), "a reconnect's overlap is skipped");
    for n in 2..=100 {
        assert!(seen.first_time(id(n)));
    }
    assert_eq!(seen.len(), 3, "never more than its capacity");
    assert!(!seen.first_time(id(100)));
    assert!(seen.first_time(id(1)), "long-forgotten ids count as new");
}

#[test]
fn bursts_coalesce_and_a_steady_stream_widens_the_window() {
    let mut coalescer = Coalescer::new(1000.0, 8000.0);
    let runs = Topic::FlowRuns;
    assert_eq!(coalescer.touch(runs.clone(), 0.0), Coalesced::Now);
    assert_eq!(coalescer.touch(runs.clone(), 10.0), Coalesced::At(1000.0));
    assert_eq!(coalescer.touch(runs.clone(), 20.0), Coalesced::Pending);
    assert_eq!(
        coalescer.touch(Topic::WorkPools, 20.0),
        Coalesced::Now,
        "topics are independent"
    );
    // The burst went on: each trailing refetch doubles the wait, up to the maximum.
    let mut at = 1000.0;
    for expected in [2000.0, 4000.0, 8000.0, 8000.0] {
        coalescer.fire(&runs, at);
        assert_eq!(coalescer.window_ms(&runs), expected);
        assert_eq!(
            coalescer.touch(runs.clone(), at + 1.0),
            Coalesced::At(at + expected)
        );
        at += expected;
    }
    coalescer.fire(&runs, at);
    // A quiet spell: the next event refetches at once and the window is back to the base.
    assert_eq!(coalescer.touch(runs.clone(), at + 20_000.0), Coalesced::Now);
    assert_eq!(coalescer.window_ms(&runs), 1000.0);
    coalescer.prune(at + 100_000.0);
    assert_eq!(
        coalescer.touch(Topic::WorkPools, at + 100_001.0),
        Coalesced::Now
    );
}

#[test]
fn a_filtered_runs_list_listens_to_related_events_only() {
    let scope = LiveScope {
        flow_runs: true,
        related: vec![
            format!("prefect.deployment.{DEPLOYMENT}"),
            "prefect.tag.etl".into(),
        ],
        ..Default::default()
    };
    let message = filter_message(&scope, test_now());
    assert_eq!(
        message["filter"]["related"]["id"],
        json!([
            format!("prefect.deployment.{DEPLOYMENT}"),
            "prefect.tag.etl"
        ])
    );
    let unfiltered = filter_message(
        &LiveScope {
            flow_runs: true,
            ..Default::default()
        },
        test_now(),
    );
    assert!(unfiltered["filter"].get("related").is_none());
}

#[test]
fn reconnects_back_off_with_jitter_and_resume_a_minute_back() {
    assert!(!falls_back(2, false) && falls_back(3, false));
    assert!(!falls_back(7, true) && falls_back(8, true));
    assert_eq!(reconnect_delay_ms(0, 1.0), 500.0);
    assert_eq!(reconnect_delay_ms(0, 0.0), 250.0);
    assert_eq!(reconnect_delay_ms(3, 1.0), 4000.0);
    assert_eq!(reconnect_delay_ms(40, 1.0), 30_000.0);
    assert_eq!(reconnect_delay_ms(u32::MAX, 7.0), 30_000.0);
    let now = test_now();
    let loaded = now - Duration::seconds(3);
    // The first connection starts just before the page loaded.
    assert_eq!(
        resume_since(None, loaded, false, now),
        loaded - Duration::seconds(2)
    );
    // A deliberate reconnect (another page) starts where its data was fetched, not at the
    // last event seen: what came before is in what the page fetched.
    let last = now - Duration::minutes(2);
    assert_eq!(
        resume_since(Some(last), loaded, false, now),
        loaded - Duration::seconds(2)
    );
    // After a drop, a minute before the last event seen.
    assert_eq!(
        resume_since(Some(last), loaded, true, now),
        last - Duration::minutes(1)
    );
    assert_eq!(
        resume_since(None, loaded, true, now),
        loaded - Duration::seconds(2)
    );
    // Never further back than the server's 15-minute backfill.
    let long_ago = now - Duration::hours(5);
    assert_eq!(
        resume_since(Some(long_ago), loaded, true, now),
        now - Duration::minutes(15)
    );
    assert_eq!(
        resume_since(None, long_ago, false, now),
        now - Duration::minutes(15)
    );
}

#[test]
fn the_header_says_why_the_stream_is_not_used() {
    assert!(fallback_reason(1006, false, false).starts_with("the events stream did not open"));
    assert_eq!(
        fallback_reason(1008, true, false),
        "the server refused the stream's credentials"
    );
    assert_eq!(
        fallback_reason(1002, true, true),
        "the server refused the stream's filter"
    );
    assert_eq!(
        fallback_reason(1011, true, true),
        "the events stream keeps closing (code 1011)"
    );
    // The reason is what the header says after how often it polls instead.
    let reason = fallback_reason(1008, true, false);
    assert_eq!(
        mode_label(&LiveMode::Polling { reason }, 30),
        "Polling every 30 s: the server refused the stream's credentials"
    );
    assert_eq!(mode_label(&LiveMode::Live, 30), "Live");
    assert_eq!(
        mode_label(&LiveMode::Idle, 30),
        "Live updates idle on this page"
    );
}

#[test]
fn the_socket_url_follows_the_api_base() {
    let origin = "https://dash.example.com";
    assert_eq!(
        socket_url("/api", origin, "/events/out").as_deref(),
        Some("wss://dash.example.com/api/events/out")
    );
    assert_eq!(
        socket_url("/prefect/api/", "http://127.0.0.1:8080", "/events/out").as_deref(),
        Some("ws://127.0.0.1:8080/prefect/api/events/out")
    );
    assert_eq!(
        socket_url("http://10.0.0.5:4200/api", origin, "/events/out").as_deref(),
        Some("ws://10.0.0.5:4200/api/events/out")
    );
    assert_eq!(socket_url("api", origin, "/events/out"), None);
}

#[test]
fn the_logs_filter_names_one_run_and_starts_at_since() {
    let run = Uuid::from_u128(7);
    let since = "2026-12-02T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
    let message = logs_filter_message(run, since);
    assert_eq!(message["type"], "filter");
    assert_eq!(message["filter"]["flow_run_id"]["any_"], json!([run]));
    assert_eq!(
        message["filter"]["timestamp"]["after_"],
        "2026-12-02T10:00:00.000000Z"
    );
    assert!(message.get("backfill").is_none());
}

#[test]
fn a_log_message_names_its_run_and_odd_ones_are_ignored() {
    let run = Uuid::from_u128(9);
    assert_eq!(
        parse(&json!({"type": "log", "log": {"flow_run_id": run, "message": "hi"}}).to_string()),
        Incoming::Log {
            flow_run_id: Some(run)
        }
    );
    assert_eq!(
        parse(&json!({"type": "log", "log": {"flow_run_id": "not-a-uuid"}}).to_string()),
        Incoming::Log { flow_run_id: None }
    );
    assert_eq!(parse(r#"{"type":"log","log":"text"}"#), Incoming::Other);
    assert_eq!(parse(r#"{"type":"log"}"#), Incoming::Other);
}

#[test]
fn logs_are_streamed_where_the_server_can_and_polled_where_it_cannot() {
    // A final run's logs are still; so are a live run's until the server's settings arrive.
    assert_eq!(logs_mode(false, Some(true), false, 5), LogsMode::Still);
    assert_eq!(logs_mode(true, None, false, 5), LogsMode::Still);
    assert_eq!(logs_mode_label(LogsMode::Still), None);
    let streamed = logs_mode(true, Some(true), false, 5);
    assert_eq!(streamed, LogsMode::Streamed);
    assert!(logs_mode_label(streamed).is_some_and(|w| w.starts_with("Live")));
    // A server that does not stream logs, and a stream that broke, fall back to polling.
    for (streams, broken) in [(false, false), (true, true)] {
        let polled = logs_mode(true, Some(streams), broken, 5);
        assert_eq!(polled, LogsMode::Polled { every_seconds: 5 });
        assert!(logs_mode_label(polled).is_some_and(|w| w.contains("every 5 s")));
    }
}

#[test]
fn a_connection_that_drops_right_after_it_is_accepted_counts_as_a_failure() {
    let mut r = Reconnects::default();
    // A proxy closing every stream 50 ms after auth_success: the count grows.
    let mut now = 0.0;
    for expected in 1..=3 {
        r.accepted(now);
        now += 50.0;
        assert_eq!(r.closed(now), expected);
        now += reconnect_delay_ms(expected - 1, 0.5);
    }
    assert!(falls_back(r.failures(), r.proved()), "polling after three");
    assert!(!r.proved());

    // One that lives long enough (or delivers) starts the count over, and was live.
    r.accepted(now);
    assert!(!r.working(now + PROVEN_AFTER_MS - 1.0));
    assert_eq!(r.closed(now + PROVEN_AFTER_MS), 1);
    assert!(r.proved());
    r.accepted(now);
    r.delivered();
    assert_eq!(r.closed(now + 1.0), 1);
    // A refused connection (never accepted) is a failure too.
    assert_eq!(r.closed(now + 2.0), 2);
    r.restart();
    assert_eq!(
        (r.failures(), r.proved()),
        (0, true),
        "the page load was live once"
    );
}
