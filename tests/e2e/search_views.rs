//! Search everywhere and saved views, against a real server: a run found by part of its
//! name from another page with the keyboard alone (one round of requests for the typed
//! term), every kind of hit the API has; a view saved on the runs page that survives a
//! reload, opens from the sidebar as the page's default and travels as a link.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use fantoccini::key::Key;
use serde_json::json;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

/// The POSTs to `path` nginx has passed so far.
fn posts_to(nginx: &Nginx, path: &str) -> usize {
    let needle = format!("\"POST {path} ");
    nginx
        .access_log()
        .iter()
        .filter(|l| l.contains(&needle))
        .count()
}

/// The hits shown, as `kind name` lines.
async fn hits(browser: &Browser) -> Vec<String> {
    browser
        .texts("[data-testid=search-hit]")
        .await
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

async fn wait_hits(browser: &Browser, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
    let start = Instant::now();
    loop {
        let found = hits(browser).await;
        if ok(&found) {
            return found;
        }
        assert!(start.elapsed() < WAIT, "hits never matched: {found:?}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_every_kind_from_any_page_with_the_keyboard_alone() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "needle-flow"})));
    let flow = flow["id"].as_str().expect("flow id").to_string();
    let mut run_id = String::new();
    for name in ["hay-1", "hay-2", "the-needle-run-7", "hay-3"] {
        let run = server.json(
            "POST",
            "/flow_runs/",
            Some(json!({"flow_id": flow, "name": name, "state": {"type": "COMPLETED"}})),
        );
        if name.contains("needle") {
            run_id = run["id"].as_str().expect("run id").to_string();
        }
    }
    server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "needle-deploy", "flow_id": flow})),
    );
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": "needle-pool", "type": "process"})),
    );
    server.json(
        "POST",
        "/work_pools/needle-pool/queues",
        Some(json!({"name": "needle-queue"})),
    );
    server.call(
        "POST",
        "/work_pools/needle-pool/workers/heartbeat",
        Some(json!({"name": "needle-worker"})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    // The settings page asks for no runs: every run request after this is the search's.
    browser.goto(&format!("{}settings", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=credentials-state]", |t| !t.is_empty())
        .await;

    // "/" opens it, focus in the field; the whole word typed at once is one round.
    browser.keys("/").await;
    browser
        .element("dialog[data-testid=search-dialog][open]")
        .await;
    let focused = browser
        .eval("return document.activeElement.dataset.testid || ''")
        .await;
    assert_eq!(focused, "search-field", "focus is in the search field");
    let before = posts_to(&nginx, "/api/flow_runs/filter");
    browser.keys("needle").await;
    let found = wait_hits(&browser, |h| h.len() >= 6).await;
    // Each kind with what places it: a run's state and flow, a queue's or worker's pool.
    for hit in [
        "Flow needle-flow",
        "Deployment needle-deploy needle-flow",
        "Work pool needle-pool process",
        "Work queue needle-queue in needle-pool",
        "Worker needle-worker in needle-pool",
    ] {
        assert!(found.iter().any(|h| h == hit), "{hit} in {found:?}");
    }
    assert!(
        found.iter().any(|h| h.starts_with("Flow run ")
            && h.contains("Completed")
            && h.ends_with("the-needle-run-7 needle-flow")),
        "the run in {found:?}"
    );
    assert!(
        !found.iter().any(|h| h.contains("hay-")),
        "only matches: {found:?}"
    );
    browser.wait_settled().await;
    assert_eq!(
        posts_to(&nginx, "/api/flow_runs/filter") - before,
        1,
        "one search round for a word typed without a pause"
    );
    let status = browser.text("[data-testid=search-status]").await;
    assert!(
        status.as_deref().is_some_and(|s| s.contains("needle")),
        "{status:?}"
    );

    // Escape closes it; Ctrl+K opens it again; part of a name, arrows and Enter open the run.
    browser.keys(&Key::Escape.to_string()).await;
    wait_closed(&browser, "Escape").await;
    let pools_asked = posts_to(&nginx, "/api/work_pools/filter");
    browser
        .keys(&format!("{}k{}", Key::Control, Key::Null))
        .await;
    browser
        .element("dialog[data-testid=search-dialog][open]")
        .await;
    browser.keys("edle-ru").await;
    wait_hits(&browser, |h| {
        h.len() == 1 && h[0].contains("the-needle-run-7") && h[0].contains("needle-flow")
    })
    .await;
    assert_eq!(
        posts_to(&nginx, "/api/work_pools/filter"),
        pools_asked,
        "pools, queues and workers are kept for a minute between openings"
    );
    browser.keys(&Key::Down.to_string()).await;
    let selected = browser
        .attr("[data-testid=search-hit][aria-selected=true]", "id")
        .await;
    assert_eq!(selected.as_deref(), Some("search-hit-0"));
    browser.keys(&Key::Enter.to_string()).await;
    browser
        .wait_for_text("[data-testid=flow-run-name]", |t| t == "the-needle-run-7")
        .await;
    assert!(
        browser
            .current_url()
            .await
            .ends_with(&format!("flow-runs/{run_id}")),
        "{}",
        browser.current_url().await
    );
    wait_closed(&browser, "Enter").await;

    // "/" typed into a field is a character, not the shortcut.
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    browser.click("input[name=q]").await;
    browser.keys("a/b").await;
    let value = browser
        .eval("return document.querySelector('input[name=q]').value")
        .await;
    assert_eq!(value, "a/b");
    assert!(
        browser
            .eval("return !!document.querySelector('dialog[data-testid=search-dialog][open]')")
            .await
            == json!(false),
        "the search stays closed"
    );
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

async fn wait_closed(browser: &Browser, after: &str) {
    let start = Instant::now();
    while browser
        .eval("return !!document.querySelector('dialog[data-testid=search-dialog][open]')")
        .await
        == json!(true)
    {
        assert!(
            start.elapsed() < WAIT,
            "the search never closed after {after}; the page says {:?}",
            browser.text("main").await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The sidebar's saved views, as their text.
async fn sidebar_views(browser: &Browser) -> Vec<String> {
    browser
        .texts("[data-testid=saved-views-nav] a")
        .await
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_view_survives_a_reload_opens_as_the_default_and_travels_as_a_link() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "views-flow"})));
    let flow = flow["id"].as_str().expect("flow id").to_string();
    for (name, state) in [("ok-run", "COMPLETED"), ("bad-run", "FAILED")] {
        server.json(
            "POST",
            "/flow_runs/",
            Some(json!({"flow_id": flow, "name": name, "state": {"type": state}})),
        );
    }
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let filters = "state=Failed&range=7d";
    browser
        .goto(&format!("{}flow-runs?{filters}&page=1", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| t.contains("bad-run"))
        .await;
    browser.click("[data-testid=saved-views] summary").await;
    browser
        .fill("[data-testid=saved-view-name]", "Failures")
        .await;
    browser.click("[data-testid=saved-view-save]").await;
    browser
        .wait_for_text("[data-testid=saved-view-message]", |t| t.contains("Saved"))
        .await;

    browser.goto(&format!("{}deployments", nginx.url())).await;
    browser.element("[data-testid=saved-views-nav]").await;
    assert_eq!(sidebar_views(&browser).await, ["Flow runs: Failures"]);
    // Survives a reload (local storage), and opens from the sidebar with its filters.
    browser.eval("location.reload(); return 0").await;
    browser.element("[data-testid=saved-views-nav]").await;
    assert_eq!(sidebar_views(&browser).await, ["Flow runs: Failures"]);
    browser.click("[data-testid=saved-views-nav] a").await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| t.contains("bad-run"))
        .await;
    let url = browser.current_url().await;
    assert!(url.ends_with(&format!("flow-runs?{filters}")), "{url}");
    let rows = browser.texts("[data-testid=flow-run-row]").await;
    assert!(
        rows.iter().all(|r| !r.contains("ok-run")),
        "filtered: {rows:?}"
    );

    // The default: the sidebar's "Flow runs" opens it; the plain address still shows all.
    browser.click("[data-testid=saved-views] summary").await;
    browser.click("[data-testid=saved-view-default]").await;
    let start = Instant::now();
    let section = loop {
        let href = browser
            .eval(
                "return [...document.querySelectorAll('nav.sidebar a')]
                    .find(a => a.textContent.trim() === 'Flow runs').getAttribute('href')",
            )
            .await;
        let href = href.as_str().unwrap_or_default().to_string();
        if href.ends_with(filters) || start.elapsed() > WAIT {
            break href;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        section.ends_with(&format!("flow-runs?{filters}")),
        "{section}"
    );
    assert_eq!(
        sidebar_views(&browser).await,
        ["Flow runs: Failures (default)"]
    );

    // Shared as a link; deleted here, the link offers to save it again under its name.
    browser.click("[data-testid=saved-view-share]").await;
    let link = browser
        .eval("return document.querySelector('[data-testid=saved-view-link]').value")
        .await;
    let link = link.as_str().unwrap_or_default().to_string();
    assert!(
        link.starts_with(&nginx.url()) && link.contains(filters) && link.ends_with("view=Failures"),
        "{link}"
    );
    browser.click("[data-testid=saved-view-delete]").await;
    let start = Instant::now();
    while !sidebar_views(&browser).await.is_empty() {
        assert!(start.elapsed() < WAIT, "the view was never deleted");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.goto(&link).await;
    browser
        .wait_for_text("[data-testid=shared-view]", |t| t.contains("Failures"))
        .await;
    let name = browser
        .eval("return document.querySelector('[data-testid=saved-view-name]').value")
        .await;
    assert_eq!(name, "Failures", "the shared name fills the field");
    browser.click("[data-testid=saved-view-save]").await;
    browser.element("[data-testid=saved-views-nav]").await;
    assert_eq!(sidebar_views(&browser).await, ["Flow runs: Failures"]);
    let stored = browser
        .eval(
            "return Object.keys(localStorage).filter(k => k.startsWith('prefect-dashboard.views'))",
        )
        .await;
    assert_eq!(stored.as_array().map(Vec::len), Some(1), "{stored}");
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}
