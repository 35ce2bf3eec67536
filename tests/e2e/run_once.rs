//! A change whose answer is slow or lost is done once. "Run now" waits for a server that
//! takes 20 s (the dashboard used to give up at 15 s while the proxy waited 60, and a second
//! press made a second run); when the answer is lost, the page says the server may have done
//! it, and pressing again gets the same run back (one idempotency key per intended run). A
//! custom run whose parameter check cannot run is not created.

use crate::actions::act_until_answered;
use crate::api_client::send;
use crate::support::fault_proxy::{Fault, FaultProxy};
use crate::support::nginx::dist_with_config;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use prefect_dashboard::api::endpoints;
use prefect_dashboard::schemas::filters::*;
use prefect_dashboard::schemas::FlowRun;
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

/// The runs of `deployment`, as the server has them.
fn runs_of(server: &PrefectServer, deployment: Uuid) -> Vec<FlowRun> {
    send(
        server,
        endpoints::flow_runs_filter(&FlowRunRequest {
            deployments: Some(DeploymentFilter {
                id: Some(IdFilter::any(vec![deployment])),
                ..Default::default()
            }),
            ..Default::default()
        }),
    )
}

fn deployment(summary: &serde_json::Value, name: &str) -> Uuid {
    summary["worker_deployments"][name]
        .as_str()
        .and_then(|id| Uuid::parse_str(id).ok())
        .unwrap_or_else(|| panic!("no deployment {name}: {summary}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_or_lost_answer_creates_one_run() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let summary = server.seed(&tools, "worker");
    // No worker: the runs stay scheduled. No events stream: nothing refetches mid-dialog.
    let (sleepy, configurable) = (
        deployment(&summary, "sleepy"),
        deployment(&summary, "configurable"),
    );
    let proxy = FaultProxy::start(server.port);
    let quiet = dist_with_config(&tools, r#"{"live_updates": false}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, proxy.api_url()).with_dist(&quiet),
    );
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}deployments/{sleepy}", nginx.url()))
        .await;
    let run_now = "[data-testid=action][data-action='Run now']";
    let status = "[data-testid=deployment-actions] [data-testid=action-status]";
    browser.wait_for_text(run_now, |t| t == "Run now").await;
    let create = format!("/api/deployments/{sleepy}/create_flow_run");

    // Slow: the server answers after 20 s; the button stays pressed until then.
    proxy.inject(
        "POST",
        &create,
        Fault::Slow(Duration::from_secs(20)),
        Some(1),
    );
    browser.click(run_now).await;
    let confirm = "dialog[open] [data-testid=confirm-dialog-confirm]";
    browser.wait_for_text(confirm, |t| t == "Run now").await;
    browser.click(confirm).await;
    browser
        .wait_for_eval(
            &format!("return document.querySelector(\"{run_now}\").disabled"),
            &json!(true),
        )
        .await;
    let said = browser
        .wait_for_text(status, |t| {
            t.starts_with("Created flow run ") || t.contains("HTTP 5")
        })
        .await;
    if said.contains("HTTP 503") {
        // SQLite was busy: the server said it did nothing; the user presses again.
        act_until_answered(&browser, run_now, "Run now", status, |t| {
            t.starts_with("Created flow run ")
        })
        .await;
    } else {
        assert!(said.starts_with("Created flow run "), "{said}");
    }
    assert_eq!(runs_of(&server, sleepy).len(), 1, "one press, one run");

    // Lost: Prefect creates the run, its answer never comes back (the proxy answers 502).
    proxy.inject("POST", &create, Fault::Lost, Some(1));
    browser.click(run_now).await;
    browser.wait_for_text(confirm, |t| t == "Run now").await;
    browser.click(confirm).await;
    let said = browser
        .wait_for_text(status, |t| t.contains("may have done it"))
        .await;
    assert!(said.contains("HTTP 502"), "{said}");
    let after_lost = runs_of(&server, sleepy);
    // Pressed again: the same key goes out, and the server hands back the run it made.
    let said = act_until_answered(&browser, run_now, "Run now", status, |t| {
        t.starts_with("Created flow run ")
    })
    .await;
    let runs = runs_of(&server, sleepy);
    assert_eq!(runs.len(), 2, "two intended runs, two runs: {runs:?}");
    if after_lost.len() == 2 {
        let lost = after_lost
            .iter()
            .find(|r| !said.is_empty() && said.ends_with(&r.name))
            .map(|r| r.id);
        assert!(
            lost.is_some(),
            "the second press named a run the lost press made: {said} / {after_lost:?}"
        );
    }
    // A custom run whose server-side check cannot run is not created, and says so.
    proxy.inject("POST", "/api/ui/schemas/validate", Fault::Unavailable, None);
    browser
        .goto(&format!("{}deployments/{configurable}", nginx.url()))
        .await;
    let custom = "[data-testid=action][data-action='Custom run']";
    browser.wait_for_text(custom, |t| t == "Custom run…").await;
    browser.click(custom).await;
    browser
        .wait_for_text("dialog[open][data-testid=custom-run] h2", |t| !t.is_empty())
        .await;
    browser.click("[data-testid=raw-toggle]").await;
    browser
        .fill("[data-testid=raw-parameters]", r#"{"name": "unchecked"}"#)
        .await;
    browser.click("[data-testid=custom-run-submit]").await;
    let error = browser
        .wait_for_text("dialog[open] [data-testid=custom-run-error]", |t| {
            !t.is_empty()
        })
        .await;
    assert!(
        error.contains("No run was created") && error.contains("could not run"),
        "{error}"
    );
    assert!(runs_of(&server, configurable).is_empty(), "nothing created");
    browser.close().await;
}
