//! The concurrency limits and variables pages, against a real server given limits, held
//! slots and variables through its API: what they show equals what the API says.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};

fn id_of(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrency_limits_and_variables_show_what_the_api_has() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    // A global limit with slots held, one with decay, a tag limit held by a task run.
    server.json(
        "POST",
        "/v2/concurrency_limits/",
        Some(json!({"name": "warehouse", "limit": 3})),
    );
    server.json(
        "POST",
        "/v2/concurrency_limits/increment",
        Some(json!({"names": ["warehouse"], "slots": 3, "mode": "concurrency"})),
    );
    server.json(
        "POST",
        "/v2/concurrency_limits/",
        Some(
            json!({"name": "api-rate", "limit": 10, "slot_decay_per_second": 0.5, "active": false}),
        ),
    );
    server.json(
        "POST",
        "/concurrency_limits/",
        Some(json!({"tag": "db", "concurrency_limit": 2})),
    );
    let flow = server.json("POST", "/flows/", Some(json!({"name": "limited"})));
    let run = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": id_of(&flow), "name": "limited-run"})),
    );
    let task_run = server.json(
        "POST",
        "/task_runs/",
        Some(json!({
            "flow_run_id": id_of(&run), "name": "holds-a-db-slot", "task_key": "k",
            "dynamic_key": "0", "tags": ["db"], "state": {"type": "RUNNING"},
        })),
    );
    server.json(
        "POST",
        "/concurrency_limits/increment",
        Some(json!({"names": ["db"], "task_run_id": id_of(&task_run)})),
    );
    let tags = server.json("POST", "/concurrency_limits/filter", Some(json!({})));
    assert_eq!(tags[0]["active_slots"], json!([id_of(&task_run)]), "{tags}");

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    // Reached from the sidebar.
    browser
        .click(".sidebar a[href$='concurrency-limits']")
        .await;
    browser
        .wait_for_text("[data-testid=global-limit-row]", |t| !t.is_empty())
        .await;
    assert_eq!(
        browser.texts("[data-testid=limit-name]").await,
        ["api-rate", "warehouse"],
        "the global limits by name; the tag limit's own global twin (tag:db) only below"
    );
    let global = browser.texts("[data-testid=global-limit-row]").await;
    assert!(global[0].contains("Inactive"), "{global:?}");
    assert!(
        global[0].contains("0.5 slots/s (a slot frees itself after 2s)"),
        "{global:?}"
    );
    assert!(global[1].contains("3 / 3"), "{global:?}");
    assert!(global[1].contains("Full: new work waits"), "{global:?}");
    assert_eq!(browser.texts("[data-testid=limit-tag]").await, ["db"]);
    let holder = format!(
        "[data-testid=limit-holder][href$='task-runs/{}']",
        id_of(&task_run)
    );
    assert_eq!(
        browser.text(&holder).await,
        Some("holds-a-db-slot".to_string())
    );
    let tag_row = browser.texts("[data-testid=tag-limit-row]").await;
    assert!(
        tag_row[0].contains("1 / 2") && tag_row[0].contains("In use"),
        "{tag_row:?}"
    );
    // The holder's link opens its task run.
    browser.click(&holder).await;
    browser
        .wait_for_text("[data-testid=task-run-name]", |t| t == "holds-a-db-slot")
        .await;

    // Variables: 55 of them, a long one folded, searched by name and tag, paged.
    let long = "v".repeat(300);
    for i in 0..55 {
        let value = if i == 7 { json!(long) } else { json!({"n": i}) };
        let tags = if i % 5 == 0 {
            json!(["five"])
        } else {
            json!([])
        };
        server.json(
            "POST",
            "/variables/",
            Some(json!({"name": format!("var_{i:02}"), "value": value, "tags": tags})),
        );
    }
    browser.goto(&format!("{}variables", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=variable-row]", |t| !t.is_empty())
        .await;
    let names = browser.texts("[data-testid=variable-name]").await;
    let expected: Vec<String> = (0..50).map(|i| format!("var_{i:02}")).collect();
    assert_eq!(names, expected, "the first page of 50, by name");
    let folded = browser
        .text("[data-testid=variable-folded] summary")
        .await
        .unwrap_or_default();
    assert!(
        folded.starts_with("vvvv") && folded.ends_with('…') && folded.len() < 100,
        "{folded}"
    );
    browser
        .goto(&format!("{}variables?page=2", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=variable-name]", |t| t == "var_50")
        .await;
    assert_eq!(browser.texts("[data-testid=variable-name]").await.len(), 5);
    browser
        .goto(&format!("{}variables?q=var_1&tag=five", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=variable-name]", |t| t == "var_10")
        .await;
    let api = server.json(
        "POST",
        "/variables/filter",
        Some(json!({"variables": {"name": {"like_": "var_1"}, "tags": {"all_": ["five"]}}})),
    );
    let api_names: Vec<String> = api
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|v| v["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        browser.texts("[data-testid=variable-name]").await,
        api_names
    );
    assert_eq!(
        browser.texts("[data-testid=variable-value]").await,
        ["{\"n\":10}", "{\"n\":15}"]
    );
    assert!(
        browser.console_errors().await.is_empty(),
        "{:?}",
        browser.console_errors().await
    );
    browser.close().await;
}
