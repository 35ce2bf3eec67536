//! The artifacts list and an artifact key's page, against a seeded real server given more
//! artifacts through its API: what they show equals what the API says, and hostile
//! markdown stays text.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};

fn keys_of(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|all| {
            all.iter()
                .filter_map(|a| a["key"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn artifacts_by_key_with_their_versions_render_safely_as_the_api_has_them() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flows": {"name": {"any_": ["etl"]}}, "limit": 1})),
    );
    let run = runs[0]["id"].as_str().unwrap_or_default().to_string();
    // Two more versions of the seeded table, a hostile markdown note, a progress bar.
    for total in [7, 8] {
        let table = json!([{"metric": "total", "value": total}]).to_string();
        server.json(
            "POST",
            "/artifacts/",
            Some(json!({"key": "etl-load", "type": "table", "data": table, "flow_run_id": run})),
        );
    }
    server.json(
        "POST",
        "/artifacts/",
        Some(json!({
            "key": "notes", "type": "markdown", "flow_run_id": run,
            "data": "# Notes\n\nA note <script>window.pwned=1</script> and [bad](javascript:window.pwned=2) and [good](https://example.org/x)\n\n| metric | value |\n|---|---:|\n| rows | 7 |\n| `late` | 2 |",
        })),
    );
    server.json(
        "POST",
        "/artifacts/",
        Some(json!({"key": "progress-of-load", "type": "progress", "data": 42.0})),
    );
    let latest = server.json(
        "POST",
        "/artifacts/latest/filter",
        Some(json!({"sort": "KEY_ASC"})),
    );

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    browser.click(".sidebar a[href$='artifacts']").await;
    browser
        .wait_for_text("[data-testid=artifact-row]", |t| !t.is_empty())
        .await;
    assert_eq!(
        browser.texts("[data-testid=artifact-row-key]").await,
        keys_of(&latest),
        "every key's latest, by key"
    );
    browser
        .goto(&format!("{}artifacts?type=markdown", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=artifact-row-key]", |t| t == "notes")
        .await;
    assert_eq!(
        browser.texts("[data-testid=artifact-row-type]").await,
        ["markdown"]
    );

    // The key page: the latest version rendered, every version listed.
    browser
        .goto(&format!("{}artifacts?q=etl", nginx.url()))
        .await;
    browser.click("[data-testid=artifact-row-key]").await;
    browser
        .wait_for_text("[data-testid=artifact-page-key]", |t| t == "etl-load")
        .await;
    let versions = server.json(
        "POST",
        "/artifacts/filter",
        Some(json!({"artifacts": {"key": {"any_": ["etl-load"]}}})),
    );
    browser
        .wait_for_text("[data-testid=artifact-versions]", |_| true)
        .await;
    assert_eq!(
        browser.texts("[data-testid=artifact-version]").await.len(),
        versions.as_array().map_or(0, Vec::len)
    );
    assert_eq!(versions.as_array().map(Vec::len), Some(3));
    let latest_cells = browser.texts("[data-testid=artifact-table] td").await;
    assert_eq!(
        latest_cells[..2],
        ["total".to_string(), "8".to_string()],
        "{latest_cells:?}"
    );

    // Hostile markdown is text; only the http(s) link is a link.
    browser
        .goto(&format!("{}artifacts/key/notes", nginx.url()))
        .await;
    let card = browser
        .wait_for_text("[data-testid=artifact]", |t| t.contains("Notes"))
        .await;
    assert!(card.contains("<script>window.pwned=1</script>"), "{card}");
    let probe = browser
        .eval("return [window.pwned === undefined, [...document.querySelector('[data-testid=artifact]').querySelectorAll('.artifact__body a')].map(a => a.getAttribute('href'))]")
        .await;
    assert_eq!(probe, json!([true, ["https://example.org/x"]]));
    // Tables in markdown (reports made with create_markdown_artifact) are tables.
    let table = browser
        .eval(
            "const t = document.querySelector('[data-testid=artifact] .artifact__body table'); \
             return t && [[...t.querySelectorAll('th')].map(c => c.textContent), \
                          [...t.querySelectorAll('td')].map(c => c.textContent), \
                          t.querySelector('td code') !== null]",
        )
        .await;
    assert_eq!(
        table,
        json!([["metric", "value"], ["rows", "7", "late", "2"], true])
    );
    browser
        .goto(&format!("{}artifacts/key/progress-of-load", nginx.url()))
        .await;
    let bar = browser.element("[data-testid=artifact-progress]").await;
    assert_eq!(
        bar.attr("value").await.ok().flatten().as_deref(),
        Some("42")
    );
    assert!(
        browser.console_errors().await.is_empty(),
        "{:?}",
        browser.console_errors().await
    );
    browser.close().await;
}
