//! `make screenshots`: every page of the dashboard in the light and the dark theme at
//! 1280 px, and the main pages at a phone's 390 px, on a real Prefect server started by the
//! harness and seeded with the demo data (plus an automation); PNGs into docs/screenshots/.
//! Each page must show its heading and no error panel, or the capture fails.

#[path = "../support/mod.rs"]
mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};

fn first_id(answer: &Value) -> String {
    answer[0]["id"].as_str().unwrap_or_default().to_string()
}

/// The pages, as (file name, path below the dashboard).
fn pages(server: &PrefectServer) -> Vec<(&'static str, String)> {
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(
            json!({"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}},
            "parent_task_run_id": {"is_null_": true}},
            "sort": "START_TIME_DESC", "limit": 1}),
        ),
    );
    let run = first_id(&runs);
    let task_runs = server.json(
        "POST",
        "/task_runs/filter",
        Some(json!({"flow_runs": {"id": {"any_": [run]}}, "limit": 1})),
    );
    let flow = runs[0]["flow_id"].as_str().unwrap_or_default().to_string();
    let deployments = server.json(
        "POST",
        "/deployments/filter",
        Some(json!({"sort": "NAME_ASC", "limit": 1})),
    );
    let blocks = server.json("POST", "/block_documents/filter", Some(json!({"limit": 1})));
    let events = server.json(
        "POST",
        "/events/filter",
        Some(json!({"filter": {"event": {"prefix": ["prefect.flow-run."]}}, "limit": 1})),
    );
    let event = events["events"][0]["id"].as_str().unwrap_or_default();
    let occurred = events["events"][0]["occurred"].as_str().unwrap_or_default();
    vec![
        ("dashboard", String::new()),
        ("flow-runs", "flow-runs".into()),
        ("flow-run", format!("flow-runs/{run}")),
        ("task-run", format!("task-runs/{}", first_id(&task_runs))),
        ("flows", "flows".into()),
        ("flow", format!("flows/{flow}")),
        ("deployments", "deployments".into()),
        (
            "deployment",
            format!("deployments/{}", first_id(&deployments)),
        ),
        ("task-runs", "task-runs".into()),
        ("work-pools", "work-pools".into()),
        ("work-pool", "work-pools/demo-pool".into()),
        ("work-queue", "work-pools/demo-pool/queues/default".into()),
        ("artifacts", "artifacts".into()),
        ("artifact", "artifacts/key/daily-report".into()),
        ("events", "events".into()),
        (
            "event",
            format!(
                "events/event/{event}?occurred={}",
                occurred.replace('+', "%2B")
            ),
        ),
        ("automations", "automations".into()),
        ("concurrency-limits", "concurrency-limits".into()),
        ("variables", "variables".into()),
        ("blocks", "blocks".into()),
        ("block", format!("blocks/{}", first_id(&blocks))),
        ("workspaces", "workspaces".into()),
        ("settings", "settings".into()),
    ]
}

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
    tokio::time::sleep(Duration::from_millis(2500)).await;
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
    server.json(
        "POST",
        "/automations/",
        Some(json!({
            "name": "Retry failed nightly loads",
            "description": "When a flow run fails, run the nightly deployment again",
            "trigger": {
                "type": "event", "posture": "Reactive", "threshold": 1, "within": 0,
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "expect": ["prefect.flow-run.Failed", "prefect.flow-run.Crashed"],
            },
            "actions": [{"type": "cancel-flow-run"}],
        })),
    );
    let pages = pages(&server);
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let out = tools.repo_file("docs/screenshots");
    std::fs::create_dir_all(&out).expect("docs/screenshots");
    for theme in ["light", "dark"] {
        browser.goto(&nginx.url()).await;
        browser
            .eval(&format!(
                "localStorage.setItem('prefect-dashboard.theme', '{theme}'); return 0"
            ))
            .await;
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
                    tokio::time::sleep(Duration::from_millis(1500)).await;
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
