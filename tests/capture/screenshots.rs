//! `make screenshots`: every page of the dashboard in the light and the dark theme at
//! 1280 px, and the main pages at a phone's 390 px, on a real Prefect server started by the
//! harness and seeded with the demo data (plus an automation); PNGs into docs/screenshots/.
//! Each page must show its heading and no error panel, or the capture fails.
//!
//! `make side-by-side`: the main pages of this dashboard and of Prefect's own React UI on one
//! seeded server at 1440 x 900, as `<page>-a.png` / `<page>-b.png` pairs in a shuffled order
//! (the key in `key.txt`) under target/side-by-side/, for a blind review.

#[path = "../support/mod.rs"]
mod support;

use std::time::Duration;
use support::pages::choose_theme;
use support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};

/// The pages also taken at a phone's width.
const PHONE: [&str; 6] = [
    "dashboard",
    "flow-runs",
    "flow-run",
    "deployments",
    "work-pools",
    "work-pool",
];

async fn shoot(browser: &Browser, url: &str, file: &std::path::Path) {
    browser.goto(url).await;
    browser.wait_for_text("h1", |t| !t.is_empty()).await;
    // Lists, counts and charts have their turn; the page then stands still.
    browser.wait_settled().await;
    let errors = browser.texts(".error-panel").await;
    assert!(errors.is_empty(), "{url} shows an error: {errors:?}");
    let png = browser.client.screenshot().await.expect("a screenshot");
    std::fs::write(file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_every_page_in_both_themes() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    support::pages::add_an_automation(&server);
    // `SCREENSHOT_PAGES=compare-runs,work-pool` takes only those.
    let only: Vec<String> = std::env::var("SCREENSHOT_PAGES")
        .map(|v| v.split(',').map(|p| p.trim().to_string()).collect())
        .unwrap_or_default();
    let pages: Vec<_> = support::pages::every_page(&server)
        .into_iter()
        .filter(|(name, _)| only.is_empty() || only.iter().any(|o| o == name))
        .collect();
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let out = tools.repo_file("docs/screenshots");
    std::fs::create_dir_all(&out).expect("docs/screenshots");
    for theme in ["light", "dark"] {
        choose_theme(&browser, &nginx.url(), theme).await;
        for (width, height, suffix) in [(1280, 900, ""), (390, 844, "-phone")] {
            if suffix == "-phone" && theme == "dark" {
                continue;
            }
            browser
                .client
                .set_window_size(width, height)
                .await
                .expect("resize the window");
            for (name, path) in &pages {
                let url = format!("{}{path}", nginx.url());
                if suffix == "-phone" && !PHONE.contains(name) {
                    // Not kept, but every page must fit a phone's width.
                    browser.goto(&url).await;
                    browser.wait_for_text("h1", |t| !t.is_empty()).await;
                    browser.wait_settled().await;
                } else {
                    let file = out.join(format!("{name}-{theme}{suffix}.png"));
                    shoot(&browser, &url, &file).await;
                    println!("{}", file.display());
                }
                if let Some(wide) = browser.wider_than_window().await {
                    panic!("/{path} at {width} px: {wide}");
                }
            }
        }
    }
    browser.close().await;
}

/// Waits until the page stops changing (its text and element count the same over a second):
/// Prefect's UI has no marker like this dashboard's `wait_settled`. A capture, not a test.
async fn wait_still(browser: &Browser) {
    let mut last = serde_json::Value::Null;
    let mut still = 0;
    for _ in 0..240 {
        let now = browser
            .eval(
                "return [document.body.innerText.length, \
                 document.querySelectorAll('*').length, document.readyState]",
            )
            .await;
        still = if now == last { still + 1 } else { 0 };
        if still >= 4 && now[2] == "complete" {
            return;
        }
        last = now;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the page kept changing for a minute");
}

#[tokio::test(flavor = "multi_thread")]
async fn side_by_side() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::with_ui(Vec::new()));
    server.seed(&tools, "demo");
    let ours: std::collections::HashMap<_, _> =
        support::pages::every_page(&server).into_iter().collect();
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .client
        .set_window_size(1440, 900)
        .await
        .expect("resize the window");
    let out = tools.repo_file("target/side-by-side");
    std::fs::create_dir_all(&out).expect("target/side-by-side");
    let prefect = format!("http://127.0.0.1:{}/v2", server.port);
    let run = ours["flow-run"]
        .trim_start_matches("flow-runs/")
        .to_string();
    let deployment = ours["deployment"]
        .trim_start_matches("deployments/")
        .to_string();
    let theirs = [
        ("dashboard", "/dashboard".to_string()),
        ("flow-runs", "/runs".to_string()),
        ("flow-run", format!("/runs/flow-run/{run}")),
        ("deployments", "/deployments".to_string()),
        (
            "deployment",
            format!("/deployments/deployment/{deployment}"),
        ),
        ("work-pools", "/work-pools".to_string()),
        ("work-pool", "/work-pools/work-pool/demo-pool".to_string()),
        ("flows", "/flows".to_string()),
    ];
    let mut key = String::new();
    for (i, (name, path)) in theirs.iter().enumerate() {
        let pair = [
            ("this dashboard", format!("{}{}", nginx.url(), ours[name])),
            ("Prefect's React UI", format!("{prefect}{path}")),
        ];
        // The order alternates by page, so neither side is always A.
        let (a, b) = if i % 3 == 1 {
            (&pair[1], &pair[0])
        } else if i % 2 == 0 {
            (&pair[0], &pair[1])
        } else {
            (&pair[1], &pair[0])
        };
        for ((who, url), letter) in [(a, "a"), (b, "b")] {
            browser.goto(url).await;
            wait_still(&browser).await;
            let png = browser.client.screenshot().await.expect("a screenshot");
            let file = out.join(format!("{name}-{letter}.png"));
            std::fs::write(&file, png).expect("write");
            key.push_str(&format!("{name}-{letter}: {who}\n"));
        }
    }
    std::fs::write(out.join("key.txt"), key).expect("key.txt");
    println!("{}", out.display());
    browser.close().await;
}

/// `cargo test --features capture --test screenshots -- --nocapture --exact
/// forms_with_long_names`: the forms that change things (a deployment's edit, a pool's, a
/// schedule's with its next runs, a variable's) open over pages whose names are 200
/// characters long, in both themes at 1280 and 800 px, as PNGs under target/forms/ for a
/// look by eye. Fails when an open form makes the page wider than the window.
#[tokio::test(flavor = "multi_thread")]
async fn forms_with_long_names() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let long = |stem: &str| format!("{stem}-{}", "x".repeat(200 - stem.len() - 1));
    let pool = long("pool");
    server.json(
        "POST",
        "/work_pools/",
        Some(serde_json::json!({"name": pool, "type": "process"})),
    );
    let flow = server.json(
        "POST",
        "/flows/",
        Some(serde_json::json!({"name": long("flow")})),
    );
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(serde_json::json!({
            "name": long("deployment"), "flow_id": flow["id"], "work_pool_name": pool,
            "description": "Loads **everything**, every night.",
            "parameter_openapi_schema": {"type": "object", "properties": {
                "region": {"type": "string", "title": long("region")},
                "batch": {"type": "integer", "default": 100}}},
        })),
    );
    let variable = long("variable");
    server.json(
        "POST",
        "/variables/",
        Some(serde_json::json!({"name": variable, "value": {"zones": ["eu", "us"]}})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let out = tools.repo_file("target/forms");
    std::fs::create_dir_all(&out).expect("target/forms");
    let id = deployment["id"].as_str().unwrap_or_default().to_string();
    let shots: [(&str, String, &str, &str); 4] = [
        (
            "edit-deployment",
            format!("deployments/{id}"),
            "[data-testid=deployment-actions] [data-action=Edit]",
            "edit-deployment",
        ),
        (
            "edit-work-pool",
            format!("work-pools/{pool}"),
            "[data-testid=pool-actions] [data-action=Edit]",
            "edit-work-pool",
        ),
        (
            "add-schedule",
            format!("deployments/{id}"),
            "[data-testid=schedule-changes] [data-action='Add schedule']",
            "add-schedule",
        ),
        (
            "edit-variable",
            "variables".to_string(),
            "[data-testid=variable-row] [data-action=Edit]",
            "edit-variable",
        ),
    ];
    for theme in ["light", "dark"] {
        choose_theme(&browser, &nginx.url(), theme).await;
        for width in [1280, 800] {
            browser
                .client
                .set_window_size(width, 900)
                .await
                .expect("resize the window");
            for (name, path, button, dialog) in &shots {
                browser.goto(&format!("{}{path}", nginx.url())).await;
                browser.wait_for_text("h1", |t| !t.is_empty()).await;
                if *name == "add-schedule" {
                    browser
                        .click("[data-testid=schedule-changes] summary")
                        .await;
                }
                browser.click(button).await;
                let open = format!("dialog[open][data-testid={dialog}]");
                browser.wait_for_text(&open, |t| !t.is_empty()).await;
                wait_still(&browser).await;
                let png = browser.client.screenshot().await.expect("a screenshot");
                let file = out.join(format!("{name}-{theme}-{width}.png"));
                std::fs::write(&file, png)
                    .unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
                println!("{}", file.display());
                if let Some(wide) = browser.wider_than_window().await {
                    panic!("{name} at {width} px: {wide}");
                }
            }
        }
    }
    browser.close().await;
}
