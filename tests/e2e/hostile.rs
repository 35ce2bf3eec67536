//! What a hostile world sends: health that would contradict itself, and numbers in the
//! address that are past anything the server holds.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_ready_pool_whose_every_queue_is_unhealthy_is_not_green() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": "contradiction", "type": "process"})),
    );
    // A worker heartbeats, so Prefect calls the pool READY; no worker ever polls its queue,
    // so by Prefect's own queue health policy that queue is unhealthy.
    let beat = server.call(
        "POST",
        "/work_pools/contradiction/workers/heartbeat",
        Some(json!({"name": "w1", "heartbeat_interval_seconds": 30})),
    );
    assert!(beat.status < 300, "heartbeat: {}", beat.status);
    let pool = server.json("GET", "/work_pools/contradiction", None);
    assert_eq!(
        pool["status"], "READY",
        "the server's own word for the pool"
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}work-pools/contradiction", nginx.url()))
        .await;
    let verdict = browser
        .wait_for_text("[data-testid=pool-health]", |t| !t.is_empty())
        .await;
    assert!(
        verdict.contains("Unhealthy") && verdict.contains("its only queue is unhealthy"),
        "the pool page: {verdict}"
    );
    assert!(
        verdict.contains("1 worker online"),
        "and its own facts: {verdict}"
    );
    browser.goto(&format!("{}work-pools", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=work-pools-table]", |t| {
            t.contains("contradiction")
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_past_the_last_says_so_and_offers_the_last() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs?page=4294967295", nginx.url()))
        .await;
    let said = browser
        .wait_for_text("[data-testid=past-last-page]", |t| !t.is_empty())
        .await;
    assert!(
        said.contains("Page 4294967295 is past the last page: 2 flow runs match, on 1 page."),
        "{said}"
    );
    assert!(browser.text("[data-testid=no-runs]").await.is_none());
    browser.click("[data-testid=past-last-page] button").await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.starts_with("Page 1 of 1"))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    for odd in ["-3", "0", "4294967296", "1e9", "%F0%9F%92%A5"] {
        browser
            .goto(&format!(
                "{}flow-runs?page={odd}&size=99999999999",
                nginx.url()
            ))
            .await;
        browser
            .wait_for_text("[data-testid=pager]", |t| t.starts_with("Page 1 of 1"))
            .await;
    }
    browser.close().await;
}
