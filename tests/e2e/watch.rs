//! Watch and be told: a run, a deployment and a work pool watched from their pages; the
//! browser's notification permission granted (CDP `Browser.grantPermissions`) and each
//! notification the page makes recorded as it is made (the real `Notification` wrapped);
//! the run ending, a run of the deployment failing and the pool being paused, each made
//! through the API, are each told once; nothing is told before anything changes.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};

/// Records every notification the page makes (title and body), then makes it.
const RECORD_NOTES: &str = "\
    window.__notes = []; \
    if (window.Notification) { \
      window.Notification = new Proxy(window.Notification, { \
        construct(target, args) { \
          window.__notes.push([args[0], (args[1] || {}).body || '']); \
          return Reflect.construct(target, args); \
        } \
      }); \
    }";

async fn watch(browser: &Browser, url: &str) {
    browser.goto(url).await;
    browser
        .click("[data-testid=watch-toggle]:not([disabled])")
        .await;
    browser
        .wait_for_eval(
            "return document.querySelector('[data-testid=watch-toggle]').getAttribute('aria-pressed')",
            &json!("true"),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_watched_run_deployment_and_pool_each_notify_once_when_they_change() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let pool = "watched-pool";
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": pool, "type": "process"})),
    );
    // A worker's heartbeat makes the pool ready.
    let beat = server.call(
        "POST",
        &format!("/work_pools/{pool}/workers/heartbeat"),
        Some(json!({"name": "watch-worker", "heartbeat_interval_seconds": 30})),
    );
    assert!(beat.status < 300, "heartbeat: {}", beat.status);
    let flow = server.json("POST", "/flows/", Some(json!({"name": "watched-flow"})));
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "watched-deployment", "flow_id": flow["id"], "work_pool_name": pool})),
    );
    let deployment_id = deployment["id"].as_str().expect("deployment").to_string();
    let new_run = || -> Value {
        server.json(
            "POST",
            &format!("/deployments/{deployment_id}/create_flow_run"),
            Some(json!({})),
        )
    };
    let run = new_run();
    let (run_id, run_name) = (
        run["id"].as_str().expect("run").to_string(),
        run["name"].as_str().expect("name").to_string(),
    );
    server.force_run_state(&run_id, "RUNNING");

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let origin = nginx.url().trim_end_matches('/').to_string();
    browser
        .cdp(
            "Browser.grantPermissions",
            json!({"permissions": ["notifications"], "origin": origin}),
        )
        .await;
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": RECORD_NOTES}),
        )
        .await;
    watch(&browser, &format!("{}flow-runs/{run_id}", nginx.url())).await;
    watch(
        &browser,
        &format!("{}deployments/{deployment_id}", nginx.url()),
    )
    .await;
    watch(&browser, &format!("{}work-pools/{pool}", nginx.url())).await;
    // The watcher's first check learns how things are (nothing to tell of it).
    browser
        .wait_for_eval(
            "return Number(document.documentElement.dataset.watchChecks || 0) >= 1",
            &json!(true),
        )
        .await;
    assert_eq!(browser.eval("return window.__notes").await, json!([]));

    server.force_run_state(&run_id, "COMPLETED");
    let failing = new_run();
    let failing_id = failing["id"].as_str().expect("run").to_string();
    server.force_run_state(&failing_id, "RUNNING");
    server.force_run_state(&failing_id, "FAILED");
    let paused = server.call(
        "PATCH",
        &format!("/work_pools/{pool}"),
        Some(json!({"is_paused": true})),
    );
    assert!(paused.status < 300, "pause: {}", paused.status);

    let mut told = vec![
        format!("{run_name}: Completed"),
        "watched-deployment: a run failed".to_string(),
        format!("{pool}: paused"),
    ];
    told.sort();
    browser
        .wait_for_eval("return window.__notes.map(n => n[0]).sort()", &json!(told))
        .await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "a clean console: {errors:?}");
}
