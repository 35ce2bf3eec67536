//! A clean console: every page loads without an error line in the browser's console (no
//! failed request, no CSP violation, no panic) on a plain server, a server with Basic auth
//! (signed in, credentials remembered) and a server with CSRF protection. A server without
//! CSRF is never asked for a token (the old probe logged a red 422 on every load).

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};

/// Every page, with what shows once it has loaded.
fn pages(run: &str, task_run: &str) -> Vec<(String, &'static str)> {
    vec![
        (String::new(), "[data-testid=flow-run-total]"),
        ("flow-runs".into(), "[data-testid=flow-run-row]"),
        (
            "timeline".into(),
            "[data-testid=timeline], [data-testid=timeline-empty]",
        ),
        (format!("flow-runs/{run}"), "[data-testid=flow-run-state]"),
        (
            format!("flow-runs/compare?a={run}&b={run}"),
            "[data-testid=compare-tasks-summary], [data-testid=compare-tasks-section] p.muted",
        ),
        (
            format!("task-runs/{task_run}"),
            "[data-testid=task-run-state]",
        ),
        ("task-runs".into(), "[data-testid=task-run-row]"),
        ("flows".into(), "[data-testid=flows-table]"),
        ("deployments".into(), "h1"),
        ("work-pools".into(), "h1"),
        ("concurrency-limits".into(), "h2"),
        (
            "blocks".into(),
            "[data-testid=no-blocks], [data-testid=blocks-table]",
        ),
        ("artifacts".into(), "[data-testid=artifact-row]"),
        ("artifacts/key/etl-load".into(), "[data-testid=artifact]"),
        (
            "variables".into(),
            "[data-testid=no-variables], [data-testid=variables-table]",
        ),
        ("events".into(), "[data-testid=event-row]"),
        (
            "automations".into(),
            "[data-testid=no-automations], [data-testid=automation]",
        ),
        ("workspaces".into(), "[data-testid=fleet-total]"),
        ("settings".into(), "[data-testid=credentials-state]"),
    ]
}

async fn every_page_is_clean(browser: &Browser, nginx: &Nginx, run: &str, server: &str) {
    let task_run = a_task_run(browser, nginx).await;
    let mut pages = pages(run, &task_run);
    pages.push((an_event(browser, nginx).await, "[data-testid=event-name]"));
    load_clean(browser, nginx, pages, server).await;
}

/// Opens each of `pages` (a path below the app, what shows once it has loaded), waits until
/// that shows and the page has settled, and fails naming `what` and the page when the
/// console has an error line.
pub(crate) async fn load_clean(
    browser: &Browser,
    nginx: &Nginx,
    pages: Vec<(String, &'static str)>,
    what: &str,
) {
    for (path, ready) in pages {
        browser.goto(&format!("{}{path}", nginx.url())).await;
        browser.wait_for_text(ready, |t| !t.is_empty()).await;
        // Late requests (counts, the logs mode, the stream) have their turn.
        browser.wait_settled().await;
        let errors = browser.console_errors().await;
        assert!(
            errors.is_empty(),
            "{what}: /{path} logged errors:\n{}",
            errors.join("\n")
        );
    }
}

/// An event's page (below the app's base), as the feed links it.
async fn an_event(browser: &Browser, nginx: &Nginx) -> String {
    browser.goto(&format!("{}events", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=event-row-name]", |t| !t.is_empty())
        .await;
    let href = browser
        .attr("[data-testid=event-row-name]", "href")
        .await
        .unwrap_or_default();
    let at = href.find("events/event/").expect("an event link");
    href[at..].to_string()
}

/// A run's id, as the runs list shows it (the API's filters are POSTs, which a CSRF server
/// refuses without a token).
async fn a_run(browser: &Browser, nginx: &Nginx) -> String {
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    let id = browser
        .attr("[data-testid=flow-run-row]", "data-run-id")
        .await
        .expect("a run id on its row");
    let _ = browser.console_errors().await;
    id
}

/// A task run's id, from the first run in the list whose page lists task runs (the seeded
/// `etl` run has four).
async fn a_task_run(browser: &Browser, nginx: &Nginx) -> String {
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    let ids = browser
        .eval("return [...document.querySelectorAll('[data-testid=flow-run-row]')].map(r => r.dataset.runId)")
        .await;
    for id in ids.as_array().cloned().unwrap_or_default() {
        let id = id.as_str().unwrap_or_default();
        browser
            .goto(&format!("{}flow-runs/{id}", nginx.url()))
            .await;
        // The header shows first; then the task runs: a link to each, or none.
        browser
            .wait_for_eval(
                "return document.querySelector('[data-testid=task-run-link]') !== null
                    || document.body.textContent.includes('No task runs.')",
                &serde_json::json!(true),
            )
            .await;
        let href = browser
            .attr("[data-testid=task-run-link]", "href")
            .await
            .unwrap_or_default();
        if let Some((_, task_run)) = href.rsplit_once("task-runs/") {
            let _ = browser.console_errors().await;
            return task_run.to_string();
        }
    }
    panic!("no listed run has task runs: {ids}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_loads_with_a_clean_console_on_plain_auth_and_csrf_servers() {
    let tools = Tools::locate();
    let browser = Browser::start(&tools).await;

    let plain = PrefectServer::start(&tools, PrefectOptions::default());
    plain.seed(&tools, "minimal");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, plain.api_url()));
    let run = a_run(&browser, &nginx).await;
    every_page_is_clean(&browser, &nginx, &run, "plain server").await;
    let probes: Vec<String> = nginx
        .access_log()
        .into_iter()
        .filter(|l| l.contains("/csrf-token"))
        .collect();
    assert!(
        probes.is_empty(),
        "a plain server is never asked for a CSRF token: {probes:?}"
    );
    drop(nginx);

    // The same server behind the read-only proxy: every page loads clean, and a change sent
    // by hand from the page (the browser's console) is refused and changes nothing.
    let read_only = Nginx::start(
        &tools,
        NginxOptions {
            read_only: true,
            ..NginxOptions::root(&tools, plain.api_url())
        },
    );
    let run = a_run(&browser, &read_only).await;
    let deployment = uuid::Uuid::from_u128(7);
    let tried = browser
        .eval(&format!(
            "const send = (method, path, body) => fetch('api' + path, {{method,                headers: {{'Content-Type': 'application/json'}}, body: body && JSON.stringify(body)}})                .then(async r => [r.status, (await r.json()).detail]);              return Promise.all([                send('DELETE', '/flow_runs/{run}'),                send('POST', '/flow_runs/{run}/set_state', {{state: {{type: 'CANCELLED'}}, force: true}}),                send('POST', '/deployments/{deployment}/create_flow_run', {{}}),                send('POST', '/admin/database/clear', {{confirm: true}})])"
        ))
        .await;
    for answer in tried.as_array().expect("four answers") {
        assert_eq!(answer[0], serde_json::json!(403), "{tried}");
        assert!(
            answer[1].as_str().is_some_and(|d| d.contains("read-only")),
            "the refusal says why: {tried}"
        );
    }
    // Those four 403s were the script's; a page load must log none.
    let _ = browser.console_errors().await;
    browser
        .goto(&format!("{}flow-runs/{run}", read_only.url()))
        .await;
    let state = browser
        .wait_for_text("[data-testid=flow-run-state]", |t| !t.is_empty())
        .await;
    assert!(
        !state.contains("Cancelled"),
        "the run is as it was: {state}"
    );
    every_page_is_clean(&browser, &read_only, &run, "read-only proxy").await;
    let refused: Vec<String> = read_only
        .access_log()
        .into_iter()
        .filter(|l| l.contains("\" 403 "))
        .collect();
    assert_eq!(refused.len(), 4, "the pages sent no change: {refused:?}");
    drop(read_only);
    drop(plain);

    let guarded = PrefectServer::start(
        &tools,
        PrefectOptions {
            auth_string: Some("admin:s3cret".into()),
            ..Default::default()
        },
    );
    guarded.seed(&tools, "minimal");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, guarded.api_url()));
    browser.goto(&nginx.url()).await;
    browser.fill("input[name=username]", "admin").await;
    browser.fill("input[name=password]", "s3cret").await;
    browser.click("input[name=remember]").await;
    browser
        .click("[data-testid=login-prompt] button[type=submit]")
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
        .await;
    // The sign-in itself began with the server's 401s; from here on, remembered credentials.
    let _ = browser.console_errors().await;
    let run = a_run(&browser, &nginx).await;
    every_page_is_clean(&browser, &nginx, &run, "auth server").await;
    drop(nginx);
    drop(guarded);

    let csrf = PrefectServer::start(
        &tools,
        PrefectOptions {
            csrf: true,
            ..Default::default()
        },
    );
    csrf.seed(&tools, "minimal");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, csrf.api_url()));
    let run = a_run(&browser, &nginx).await;
    every_page_is_clean(&browser, &nginx, &run, "CSRF server").await;
    let refused: Vec<String> = nginx
        .access_log()
        .into_iter()
        .filter(|l| l.contains("\" 403 "))
        .collect();
    assert!(
        refused.is_empty(),
        "no request went without its token: {refused:?}"
    );
    browser.close().await;
}
