//! Changing what runs (#37), through the browser against a real server, each change read back
//! through the API: a quiet worker and a spare work queue are deleted from their pool's page,
//! and a deployment from its own page (its dialog counts the scheduled runs that go with it;
//! runs that ran stay). Backing out of a dialog changes nothing.

use crate::actions::{act_until_answered, now};
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::json;
use std::time::{Duration, Instant};

const POOL: &str = "doomed-pool";

/// Polls `ok` until it holds, up to 30 s (the server answers at once; a loaded machine may
/// take a moment), then says what was waited for.
fn until(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ok() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The names the pool's `kind` filter lists ("workers", "queues"), read back from the server.
fn names_in_pool(server: &PrefectServer, kind: &str) -> Vec<String> {
    server
        .json(
            "POST",
            &format!("/work_pools/{POOL}/{kind}/filter"),
            Some(json!({})),
        )
        .as_array()
        .map(|found| {
            found
                .iter()
                .filter_map(|o| o["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn worker_names(server: &PrefectServer) -> Vec<String> {
    names_in_pool(server, "workers")
}

fn queue_names(server: &PrefectServer) -> Vec<String> {
    names_in_pool(server, "queues")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_a_queue_and_a_deployment_are_deleted_from_their_pages() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": POOL, "type": "process"})),
    );
    server.json(
        "POST",
        &format!("/work_pools/{POOL}/queues"),
        Some(json!({"name": "spare"})),
    );
    let beat = server.call(
        "POST",
        &format!("/work_pools/{POOL}/workers/heartbeat"),
        Some(json!({"name": "quiet-worker", "heartbeat_interval_seconds": 30})),
    );
    assert!((200..300).contains(&beat.status), "{}", beat.body);
    let flow = server.json("POST", "/flows/", Some(json!({"name": "doomed-flow"})));
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "doomed", "flow_id": flow["id"], "work_pool_name": POOL})),
    );
    let id = deployment["id"]
        .as_str()
        .expect("the deployment's id")
        .to_string();
    // Three runs scheduled for tomorrow go with it; one that ran stays.
    let tomorrow = (now() + chrono::Duration::days(1)).to_rfc3339();
    for _ in 0..3 {
        server.json(
            "POST",
            &format!("/deployments/{id}/create_flow_run"),
            Some(json!({"state": {"type": "SCHEDULED",
                "state_details": {"scheduled_time": tomorrow}}})),
        );
    }
    let ran = server.json(
        "POST",
        "/flow_runs/",
        Some(
            json!({"flow_id": flow["id"], "deployment_id": id, "name": "it-ran",
            "state": {"type": "COMPLETED"}}),
        ),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;

    // --- A worker, from the pool's page; Back first changes nothing.
    browser
        .goto(&format!("{}work-pools/{POOL}", nginx.url()))
        .await;
    let worker_delete = "[data-testid=worker-row][data-name=quiet-worker] [data-action=Delete]";
    browser.element(worker_delete).await;
    browser.click(worker_delete).await;
    browser
        .wait_for_text("dialog[open] h2", |t| {
            t == "Delete the worker quiet-worker?"
        })
        .await;
    browser
        .click("dialog[open] [data-testid=confirm-dialog-back]")
        .await;
    browser.wait_settled().await;
    assert_eq!(
        worker_names(&server),
        ["quiet-worker"],
        "Back deleted nothing"
    );
    let said = act_until_answered(
        &browser,
        worker_delete,
        "Delete",
        "[data-testid=workers-status]",
        |t| t.contains("Deleted the worker quiet-worker"),
    )
    .await;
    assert!(said.contains("Deleted the worker quiet-worker"), "{said}");
    until("the worker is gone", || worker_names(&server).is_empty());
    browser.element("[data-testid=no-workers]").await;

    // --- A queue, from its row.
    let spare_delete = "[data-testid=queue-row][data-name=spare] [data-action=Delete]";
    let said = act_until_answered(
        &browser,
        spare_delete,
        "Delete",
        "[data-testid=queues-status]",
        |t| t.contains("Deleted the work queue spare"),
    )
    .await;
    assert!(said.contains("Deleted the work queue spare"), "{said}");
    until("the queue is gone", || queue_names(&server) == ["default"]);
    // --- The deployment, from its page: the dialog counts what goes with it.
    browser
        .goto(&format!("{}deployments/{id}", nginx.url()))
        .await;
    let delete = "[data-testid=deployment-actions] [data-action=Delete]";
    browser.element(delete).await;
    browser.click(delete).await;
    let body = browser
        .wait_for_text("dialog[open] p", |t| t.contains("scheduled run"))
        .await;
    assert!(body.contains("Its 3 scheduled runs"), "{body}");
    browser
        .wait_for_text("dialog[open] [data-testid=confirm-dialog-confirm]", |t| {
            t == "Delete deployment"
        })
        .await;
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
    // Its page is gone: the deployments list is where the user lands.
    browser.wait_for_text("h1", |t| t == "Deployments").await;
    until("the deployment is gone", || {
        server
            .call("GET", &format!("/deployments/{id}"), None)
            .status
            == 404
    });
    let left = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flows": {"id": {"any_": [flow["id"]]}}})),
    );
    let left: Vec<&str> = left
        .as_array()
        .expect("runs")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(
        left,
        [ran["id"].as_str().unwrap_or_default()],
        "only the run that ran stays"
    );
    browser.close().await;
}
