//! `make screenshots`: every page of the dashboard in the light and the dark theme at
//! 1280 px, and the main pages at a phone's 390 px, on a real Prefect server started by the
//! harness and seeded with the demo data (plus an automation); PNGs into docs/screenshots/.
//! Each page must show its heading and no error panel, or the capture fails.

#[path = "../support/mod.rs"]
mod support;

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
    let pages = support::pages::every_page(&server);
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
