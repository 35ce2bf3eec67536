//! Bulk actions act on exactly the runs the user chose, driven as a user would: "all
//! matching" but the rows unticked; a selection that goes when the filters change; a plan
//! made again against the states at confirm (a run retried meanwhile is skipped, not
//! rescheduled twice); focus that stays in the message field while the runs are counted,
//! and Enter there that does not confirm.

use crate::actions::{count_tagged, now, scheduled_run, window_around_now};
use crate::api_client::send;
use crate::support::fault_proxy::{Fault, FaultProxy};
use crate::support::nginx::dist_with_config;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use prefect_dashboard::api::endpoints;
use prefect_dashboard::domain::actions::{proposal, FlowRunAction};
use prefect_dashboard::schemas::*;
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

const SUMMARY: &str = "[data-testid=bulk-summary]";
const STATUS: &str = "[data-testid=bulk-bar] [data-testid=action-status]";

fn row(id: Uuid) -> String {
    format!("[data-testid=flow-run-row][data-run-id='{id}']")
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_actions_act_on_exactly_the_runs_the_user_chose() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let deployment = crate::live::sleepy_deployment(&server, &tools);
    let keep_tag = "bulk-keep";
    let runs: Vec<FlowRun> = (0..6)
        .map(|_| scheduled_run(&server, deployment, keep_tag))
        .collect();
    let proxy = FaultProxy::start(server.port);
    // Neither polling nor the stream refetches: the rows stay as first read.
    let dist = dist_with_config(
        &tools,
        r#"{"refresh_interval_seconds": 600, "live_updates": false}"#,
    );
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, proxy.api_url()).with_dist(&dist),
    );
    let browser = Browser::start(&tools).await;
    let window = window_around_now();
    browser
        .goto(&format!("{}flow-runs?{window}&tag={keep_tag}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.ends_with("6 runs"))
        .await;

    // No bar until something is chosen; the header's box ticks the page, then the bar
    // offers all matching; two rows unticked: those two are left out, the rest stay chosen.
    assert!(
        browser.text("[data-testid=bulk-bar]").await.is_none(),
        "the bulk bar shows only with a selection"
    );
    browser.click("[data-testid=bulk-select-page]").await;
    browser
        .wait_for_text(SUMMARY, |t| t == "6 runs selected")
        .await;
    browser.click("[data-testid=bulk-select-matching]").await;
    browser
        .wait_for_text(SUMMARY, |t| t == "All 6 runs matching these filters")
        .await;
    for kept in &runs[..2] {
        browser
            .click(&format!("{} [data-testid=row-select]", row(kept.id)))
            .await;
    }
    browser
        .wait_for_text(SUMMARY, |t| {
            t == "All 6 runs matching these filters but 2 unticked"
        })
        .await;
    let ticked = browser
        .eval("return [...document.querySelectorAll('[data-testid=row-select]')].filter(c => c.checked).length")
        .await;
    assert_eq!(ticked, json!(4));

    // Delete: the matching runs load slowly; the user types a message meanwhile, and focus
    // stays in the field when the count arrives; Enter there does not confirm.
    proxy.inject(
        "POST",
        "/api/flow_runs/filter",
        Fault::Slow(Duration::from_secs(2)),
        Some(1),
    );
    browser
        .click("[data-testid=bulk-action][data-action=Delete]")
        .await;
    browser
        .wait_for_text("dialog[open] h2", |t| t == "Delete the matching flow runs?")
        .await;
    browser
        .click("dialog[open] [data-testid=action-message]")
        .await;
    browser
        .fill("dialog[open] [data-testid=action-message]", "clean up")
        .await;
    browser
        .wait_for_text("dialog[open] h2", |t| t == "Delete 4 flow runs?")
        .await;
    let focused = browser
        .eval("return document.activeElement && document.activeElement.dataset.testid")
        .await;
    assert_eq!(
        focused,
        json!("action-message"),
        "the count moved focus out of the field"
    );
    browser
        .element("dialog[open] [data-testid=action-message]")
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .expect("enter");
    assert_eq!(
        browser
            .eval("return !!document.querySelector('dialog[open][data-testid=confirm-dialog]')")
            .await,
        json!(true),
        "Enter in the message field confirmed"
    );
    assert_eq!(
        count_tagged_any(&server, keep_tag),
        6,
        "nothing was deleted yet"
    );
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
    browser.wait_for_text(STATUS, |t| t == "4 of 4 done").await;
    let left: Vec<Uuid> = tagged(&server, keep_tag).iter().map(|r| r.id).collect();
    let mut kept: Vec<Uuid> = runs[..2].iter().map(|r| r.id).collect();
    kept.sort();
    let mut left_sorted = left.clone();
    left_sorted.sort();
    assert_eq!(left_sorted, kept, "exactly the unticked runs are left");

    // A selection goes when the filters change: it was made for the runs shown before.
    browser
        .wait_for_text("[data-testid=pager]", |t| t.ends_with("2 runs"))
        .await;
    browser.click("[data-testid=bulk-select-page]").await;
    browser
        .wait_for_text(SUMMARY, |t| t == "2 runs selected")
        .await;
    browser
        .eval(
            "const q = document.querySelector('[data-testid=filters] input[name=q]'); \
             q.value = 'no-such-run'; q.dispatchEvent(new Event('change', {bubbles: true})); return true",
        )
        .await;
    browser
        .wait_for_eval(
            "return document.querySelector('[data-testid=bulk-bar]') === null",
            &serde_json::json!(true),
        )
        .await;

    // Planned against the states at confirm: two failed runs ticked; one is retried by
    // someone else before the user confirms; it is skipped, not rescheduled again.
    let retry_tag = "bulk-retry";
    let fail =
        proposal(&FlowRunAction::ChangeState(StateType::Failed), None, now()).expect("a proposal");
    let failed: Vec<FlowRun> = (0..2)
        .map(|_| {
            let run = scheduled_run(&server, deployment, retry_tag);
            send(&server, endpoints::set_flow_run_state(run.id, &fail));
            run
        })
        .collect();
    browser
        .goto(&format!(
            "{}flow-runs?{window}&tag={retry_tag}",
            nginx.url()
        ))
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.ends_with("2 runs"))
        .await;
    browser.click("[data-testid=bulk-select-page]").await;
    browser
        .wait_for_text(SUMMARY, |t| t == "2 runs selected")
        .await;
    browser
        .click("[data-testid=bulk-action][data-action=Retry]")
        .await;
    browser
        .wait_for_text("dialog[open] h2", |t| t == "Retry 2 flow runs?")
        .await;
    let retry = proposal(&FlowRunAction::Retry, None, now()).expect("retry");
    send(&server, endpoints::set_flow_run_state(failed[0].id, &retry));
    let states_before = send(&server, endpoints::flow_run_states(failed[0].id)).len();
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
    let said = browser
        .wait_for_text(STATUS, |t| t.starts_with("1 of 1 done"))
        .await;
    assert!(said.contains("it has not finished (1)"), "{said}");
    assert_eq!(
        send(&server, endpoints::flow_run_states(failed[0].id)).len(),
        states_before,
        "the run retried meanwhile was not rescheduled again"
    );
    assert_eq!(count_tagged(&server, retry_tag, StateType::Scheduled), 2);
    browser.close().await;
}

/// The runs tagged `tag`, in any state.
fn tagged(server: &PrefectServer, tag: &str) -> Vec<FlowRun> {
    use prefect_dashboard::schemas::filters::*;
    send(
        server,
        endpoints::flow_runs_filter(&FlowRunRequest {
            flow_runs: Some(FlowRunFilter {
                tags: Some(TagsFilter {
                    all_: Some(vec![tag.into()]),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
    )
}

fn count_tagged_any(server: &PrefectServer, tag: &str) -> usize {
    tagged(server, tag).len()
}
