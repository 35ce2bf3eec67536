//! The action requests against a real server: each changes what it says (checked through
//! the API), a state change the orchestration rules refuse changes nothing, and a bulk
//! cancel ends every matching run.

use crate::api_client::send;
use crate::support::nginx::dist_with_config;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use fantoccini::key::Key;
use prefect_dashboard::api::endpoints;
use prefect_dashboard::domain::actions::{outcome, plan, proposal, FlowRunAction, RunFacts};
use prefect_dashboard::schemas::actions::*;
use prefect_dashboard::schemas::filters::*;
use prefect_dashboard::schemas::responses::SetStateStatus;
use prefect_dashboard::schemas::sorting::*;
use prefect_dashboard::schemas::*;
use serde_json::json;

/// The machine's clock.
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    chrono::DateTime::from_timestamp(seconds as i64, 0).expect("a time")
}

/// The runs list's window for runs made now and scheduled a day ahead, as address pairs
/// (`from=…&to=…`).
pub(crate) fn window_around_now() -> String {
    let wire = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        "from={}&to={}",
        wire(now() - chrono::Duration::hours(1)),
        wire(now() + chrono::Duration::days(2))
    )
}

/// A run of `deployment` scheduled a day ahead (no worker takes it), tagged `tag`.
pub(crate) fn scheduled_run(server: &PrefectServer, deployment: uuid::Uuid, tag: &str) -> FlowRun {
    let at = now() + chrono::Duration::days(1);
    let body = DeploymentFlowRunCreate {
        tags: vec![tag.into()],
        state: Some(json!({"type": "SCHEDULED",
            "state_details": {"scheduled_time": at.to_rfc3339()}})),
        ..Default::default()
    };
    send(
        server,
        endpoints::create_flow_run_from_deployment(deployment, &body),
    )
}

pub(crate) fn state_of(server: &PrefectServer, run: &FlowRun) -> (StateType, String) {
    let run = send(server, endpoints::flow_run(run.id));
    let state = run.state.expect("a state");
    (state.state_type.clone(), state.display_name())
}

/// Clicks `button`, confirms `confirm_label` in the dialog, and waits until `status` says
/// `done`, or says the server answered 503 (SQLite busy on a loaded machine): the dashboard
/// shows that and retries nothing, so the user (this test) clicks again, up to 3 times.
pub(crate) async fn act_until_answered(
    browser: &Browser,
    button: &str,
    confirm_label: &str,
    status: &str,
    done: impl Fn(&str) -> bool,
) -> String {
    let confirm = "dialog[open] [data-testid=confirm-dialog-confirm]";
    let mut last = String::new();
    for _ in 0..3 {
        browser.click(button).await;
        browser.wait_for_text(confirm, |t| t == confirm_label).await;
        browser.click(confirm).await;
        last = browser
            .wait_for_text(status, |t| done(t) || t.contains("HTTP 503"))
            .await;
        if !last.contains("HTTP 503") {
            break;
        }
    }
    last
}

/// How many runs tagged `tag` are in `state`, counted by the server.
pub(crate) fn count_tagged(server: &PrefectServer, tag: &str, state: StateType) -> i64 {
    send(
        server,
        endpoints::flow_runs_count(&FlowRunRequest {
            flow_runs: Some(FlowRunFilter {
                tags: Some(TagsFilter {
                    all_: Some(vec![tag.into()]),
                    ..Default::default()
                }),
                state: Some(StateFilter {
                    state_type: Some(StateTypeFilter {
                        any_: Some(vec![state]),
                        not_any_: None,
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
    )
}

/// A server with the demo data, and its first deployment by name.
fn seeded(tools: &Tools) -> (PrefectServer, Deployment) {
    let server = PrefectServer::start(tools, PrefectOptions::default());
    server.seed(tools, "demo");
    let deployments = send(
        &server,
        endpoints::deployments_filter(&FilterRequest::<DeploymentSort> {
            sort: Some(DeploymentSort::NameAsc),
            ..Default::default()
        }),
    );
    let deployment = deployments.into_iter().next().expect("seeded deployments");
    (server, deployment)
}

#[tokio::test(flavor = "multi_thread")]
async fn actions_change_what_they_say_and_refusals_change_nothing() {
    let tools = Tools::locate();
    let (server, deployment) = seeded(&tools);

    // Cancel a scheduled run: no infrastructure holds it, so the server goes straight to
    // Cancelled and says why.
    let run = scheduled_run(&server, deployment.id, "dashboard-actions");
    assert_eq!(run.deployment_id, Some(deployment.id));
    let cancel = proposal(&FlowRunAction::Cancel, None, now()).expect("cancel");
    let result = send(&server, endpoints::set_flow_run_state(run.id, &cancel));
    assert_eq!(state_of(&server, &run).0, StateType::Cancelled);
    assert!(
        outcome(&result).starts_with("Now Cancelled"),
        "{}",
        outcome(&result)
    );

    // Retry the cancelled run: Scheduled "AwaitingRetry", a new entry in its history.
    let states_before = send(&server, endpoints::flow_run_states(run.id)).len();
    let retry = proposal(&FlowRunAction::Retry, None, now()).expect("retry");
    let result = send(&server, endpoints::set_flow_run_state(run.id, &retry));
    assert_eq!(
        result.status,
        SetStateStatus::Accept,
        "{}",
        outcome(&result)
    );
    assert_eq!(
        state_of(&server, &run),
        (StateType::Scheduled, "AwaitingRetry".to_string())
    );
    assert_eq!(
        send(&server, endpoints::flow_run_states(run.id)).len(),
        states_before + 1
    );

    // Change state to Failed with a message.
    let fail = proposal(
        &FlowRunAction::ChangeState(StateType::Failed),
        Some("marked by hand"),
        now(),
    )
    .expect("change");
    send(&server, endpoints::set_flow_run_state(run.id, &fail));
    let after = send(&server, endpoints::flow_run(run.id));
    let state = after.state.expect("state");
    assert_eq!(state.state_type, StateType::Failed);
    assert_eq!(state.message.as_deref(), Some("marked by hand"));

    // A transition the rules refuse (cancelling a finished run, unforced) changes nothing
    // and says why.
    let refused = send(&server, endpoints::set_flow_run_state(run.id, &cancel));
    assert_eq!(
        refused.status,
        SetStateStatus::Abort,
        "{}",
        outcome(&refused)
    );
    assert!(
        outcome(&refused).contains("already in terminal state"),
        "{}",
        outcome(&refused)
    );
    assert_eq!(state_of(&server, &run).0, StateType::Failed);

    // Resume answers with the server's verdict for a run that is not paused.
    let resume = send(&server, endpoints::resume_flow_run(run.id, None));
    assert_ne!(resume.status, SetStateStatus::Accept);

    // Delete: the run is gone.
    send(&server, endpoints::delete_flow_run(run.id));
    let url = format!("{}/flow_runs/{}", server.api_url(), run.id);
    let gone = crate::support::http::request("GET", &url, &[], None).expect("request");
    assert_eq!(gone.status, 404);

    // Bulk cancel of every run with a tag, after the planner skipped the finished ones.
    let tag = "dashboard-bulk";
    let runs: Vec<FlowRun> = (0..4)
        .map(|_| scheduled_run(&server, deployment.id, tag))
        .collect();
    send(&server, endpoints::set_flow_run_state(runs[0].id, &fail));
    let runs: Vec<FlowRun> = runs
        .iter()
        .map(|r| send(&server, endpoints::flow_run(r.id)))
        .collect();
    let facts: Vec<RunFacts> = runs.iter().map(RunFacts::from).collect();
    let bulk_plan = plan(
        runs.iter().map(|r| r.id).zip(&facts),
        &FlowRunAction::Cancel,
    );
    assert_eq!((bulk_plan.send.len(), bulk_plan.skipped.len()), (3, 1));
    let body = BulkSetFlowRunState {
        flow_runs: FlowRunFilter {
            id: Some(IdFilter::any(bulk_plan.send.clone())),
            ..Default::default()
        },
        state: cancel.state.clone(),
        force: false,
        limit: 50,
    };
    let results = send(&server, endpoints::bulk_set_flow_run_state(&body)).results;
    assert_eq!(results.len(), 3);
    let cancelled = count_tagged(&server, tag, StateType::Cancelled);
    assert_eq!(cancelled, 3);

    // Pause and resume: a deployment, a pool and a queue, each read back.
    send(&server, endpoints::pause_deployment(deployment.id));
    assert!(send(&server, endpoints::deployment(deployment.id)).paused);
    send(&server, endpoints::resume_deployment(deployment.id));
    assert!(!send(&server, endpoints::deployment(deployment.id)).paused);
    let pool = "demo-pool";
    send(
        &server,
        endpoints::update_work_pool(
            pool,
            &WorkPoolUpdate {
                is_paused: Some(true),
                ..Default::default()
            },
        ),
    );
    assert!(send(&server, endpoints::work_pool(pool)).is_paused);
    send(
        &server,
        endpoints::update_work_pool(
            pool,
            &WorkPoolUpdate {
                is_paused: Some(false),
                ..Default::default()
            },
        ),
    );
    assert!(!send(&server, endpoints::work_pool(pool)).is_paused);
    let queue = send(&server, endpoints::work_pool_queues(pool, None))
        .into_iter()
        .find(|q| !q.is_paused)
        .expect("an unpaused queue");
    send(
        &server,
        endpoints::update_work_queue(
            queue.id,
            &WorkQueueUpdate {
                is_paused: Some(true),
                ..Default::default()
            },
        ),
    );
    assert!(send(&server, endpoints::work_queue(queue.id)).is_paused);
    send(
        &server,
        endpoints::update_work_queue(
            queue.id,
            &WorkQueueUpdate {
                is_paused: Some(false),
                ..Default::default()
            },
        ),
    );
    assert!(!send(&server, endpoints::work_queue(queue.id)).is_paused);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_is_cancelled_from_its_page_with_the_keyboard_and_read_only_hides_every_action() {
    let tools = Tools::locate();
    let (server, deployment) = seeded(&tools);
    let run = scheduled_run(&server, deployment.id, "dashboard-ui");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs/{}", nginx.url(), run.id))
        .await;
    let cancel = "[data-testid=flow-run-action][data-action=Cancel]";
    browser.wait_for_text(cancel, |t| t == "Cancel").await;
    // Retry needs a finished run: a scheduled one does not offer it.
    let offered = browser
        .eval("return [...document.querySelectorAll('[data-testid=flow-run-action]')].map(b => b.dataset.action)")
        .await;
    assert!(!offered.to_string().contains("Retry"), "{offered}");
    // The confirmation is its own chunk: not in the page until an action is chosen.
    assert_eq!(
        browser
            .eval("return document.querySelector('[data-testid=confirm-dialog]') === null")
            .await,
        json!(true),
        "the confirmation came with the page"
    );
    let before = browser.wasm_files().await;
    // Keyboard only: Enter on the focused button opens the dialog with focus on its confirm
    // button; Enter there confirms.
    browser
        .eval(&format!(
            "document.querySelector('{cancel}').focus(); return true"
        ))
        .await;
    browser
        .element(cancel)
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("enter");
    let dialog = browser
        .wait_for_text("[data-testid=confirm-dialog] h2", |t| !t.is_empty())
        .await;
    assert_eq!(dialog, format!("Cancel the flow run {}?", run.name));
    let after = browser.wasm_files().await;
    assert!(
        after > before,
        "opening the confirmation fetched no chunk ({before} wasm files before, {after} after)"
    );
    let focus = browser
        .eval(
            "const d = document.querySelector('[data-testid=confirm-dialog]'); \
               return [d.open, document.activeElement && document.activeElement.dataset.testid]",
        )
        .await;
    assert_eq!(focus, json!([true, "confirm-dialog-confirm"]));
    browser
        .element("[data-testid=confirm-dialog-confirm]")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("enter");
    let status = browser
        .wait_for_text("[data-testid=action-status]", |t| {
            t.starts_with("Now Cancelled")
        })
        .await;
    assert!(status.contains("no infrastructure"), "{status}");
    assert_eq!(state_of(&server, &run).0, StateType::Cancelled);
    // The page refetched at once: the badge says Cancelled, and Retry is offered now.
    browser
        .wait_for_text("[data-testid=flow-run-action][data-action=Retry]", |t| {
            t == "Retry"
        })
        .await;

    // The deployment: run it now, then pause it; both read back through the API.
    browser
        .goto(&format!("{}deployments/{}", nginx.url(), deployment.id))
        .await;
    let run_now = "[data-testid=action][data-action='Run now']";
    browser.wait_for_text(run_now, |t| t == "Run now").await;
    let deployment_status = "[data-testid=deployment-actions] [data-testid=action-status]";
    let status = act_until_answered(&browser, run_now, "Run now", deployment_status, |t| {
        t.starts_with("Created flow run ")
    })
    .await;
    let name = status.trim_start_matches("Created flow run ").to_string();
    let created = send(
        &server,
        endpoints::flow_runs_filter(&FlowRunRequest {
            flow_runs: Some(FlowRunFilter {
                name: Some(NameFilter {
                    any_: Some(vec![name.clone()]),
                    like_: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
    );
    assert_eq!(created.len(), 1, "{name}");
    assert_eq!(created[0].deployment_id, Some(deployment.id));
    let pause = "[data-testid=action][data-action=Pause]";
    act_until_answered(
        &browser,
        pause,
        "Pause deployment",
        deployment_status,
        |t| t.starts_with("Paused"),
    )
    .await;
    browser
        .wait_for_text("[data-testid=action][data-action=Resume]", |t| {
            t == "Resume"
        })
        .await;
    assert!(send(&server, endpoints::deployment(deployment.id)).paused);

    // A work pool: pause it from its page; the API and the page's verdict say Paused.
    browser
        .goto(&format!("{}work-pools/demo-pool", nginx.url()))
        .await;
    browser.wait_for_text(pause, |t| t == "Pause").await;
    act_until_answered(
        &browser,
        pause,
        "Pause work pool",
        "[data-testid=pool-actions] [data-testid=action-status]",
        |t| t.starts_with("Paused"),
    )
    .await;
    browser
        .wait_for_text("[data-testid=pool-health]", |t| t.contains("Paused"))
        .await;
    assert!(send(&server, endpoints::work_pool("demo-pool")).is_paused);
    // And one of its queues, from the queue's row.
    let row = "[data-testid=queue-row][data-name=critical]";
    act_until_answered(
        &browser,
        &format!("{row} [data-testid=action][data-action=Pause]"),
        "Pause work queue",
        // The row is drawn again once the queue is paused (its button says Resume).
        row,
        |t| t.contains("Resume"),
    )
    .await;
    browser
        .wait_for_text(&format!("{row} [data-testid=action]"), |t| t == "Resume")
        .await;
    let critical = send(&server, endpoints::work_pool_queues("demo-pool", None))
        .into_iter()
        .find(|q| q.name == "critical")
        .expect("the critical queue");
    assert!(critical.is_paused);
    browser.close().await;

    let dist = dist_with_config(&tools, r#"{"read_only": true}"#);
    let options = NginxOptions {
        dist: dist.path().to_path_buf(),
        ..NginxOptions::root(&tools, server.api_url())
    };
    let viewer = Nginx::start(&tools, options);
    let browser = Browser::start(&tools).await;
    let controls = "[data-testid=flow-run-actions], [data-testid=flow-run-action], \
        [data-testid=confirm-dialog], [data-testid=row-actions], [data-testid=row-select], \
        [data-testid=bulk-bar], [data-testid=bulk-select-page], [data-testid=action], \
        [data-testid=custom-run], \
        [data-testid=deployment-actions]";
    // Every page with actions elsewhere, each once its data is on screen.
    let pages = [
        (
            format!("flow-runs/{}", run.id),
            "[data-testid=flow-run-name]",
        ),
        ("flow-runs".to_string(), "[data-testid=flow-run-row]"),
        (
            format!("deployments/{}", deployment.id),
            "[data-testid=deployment-name]",
        ),
        (
            "work-pools/demo-pool".to_string(),
            "[data-testid=pool-health]",
        ),
        (
            "work-pools/demo-pool/queues/default".to_string(),
            "[data-testid=queue-health]",
        ),
        (String::new(), "[data-testid=attention-count]"),
    ];
    for (path, loaded) in pages {
        browser.goto(&format!("{}{path}", viewer.url())).await;
        browser.element(loaded).await;
        let found = browser
            .eval(&format!(
                "return document.querySelectorAll('{controls}').length"
            ))
            .await;
        assert_eq!(
            found,
            json!(0),
            "read_only leaves no action control in /{path}"
        );
    }
    browser.close().await;
}
