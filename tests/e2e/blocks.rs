//! The blocks list and a block's page, against a real server given blocks through its API:
//! what they show equals what the API says, and a secret never reaches the page in clear.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};

/// A block type of our own with one schema: a nested secret (`credentials.token`) and a
/// capability, made through the API.
fn make_block_type(server: &PrefectServer) {
    let block_type = server.json(
        "POST",
        "/block_types/",
        Some(json!({"name": "Pipeline Config", "slug": "pipeline-config"})),
    );
    server.json(
        "POST",
        "/block_schemas/",
        Some(json!({
            "block_type_id": block_type["id"], "capabilities": ["configure"],
            "fields": {
                "title": "PipelineConfig", "type": "object",
                "properties": {
                    "retries": {"type": "integer"},
                    "target": {"type": "object"},
                    "credentials": {"type": "object"}
                },
                "secret_fields": ["credentials.token"],
                "block_schema_references": {}
            },
        })),
    );
}

/// A block document of the block type `slug`, made through the API.
pub(crate) fn make_block(server: &PrefectServer, slug: &str, name: &str, data: Value) -> String {
    let block_type = server.json("GET", &format!("/block_types/slug/{slug}"), None);
    let schemas = server.json(
        "POST",
        "/block_schemas/filter",
        Some(json!({"block_schemas": {"block_type_id": {"any_": [block_type["id"]]}}})),
    );
    // The type's schema that declares its secrets (a type can have several versions).
    let schema = schemas
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| {
            s["fields"]["secret_fields"]
                .as_array()
                .is_some_and(|f| !f.is_empty())
        })
        .unwrap_or_else(|| panic!("no schema of {slug} declares secret fields: {schemas}"));
    let made = server.json(
        "POST",
        "/block_documents/",
        Some(json!({
            "name": name, "data": data,
            "block_schema_id": schema["id"], "block_type_id": block_type["id"],
        })),
    );
    made["id"].as_str().expect("block document id").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn blocks_show_what_the_api_has_and_secrets_never_arrive_in_clear() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let secret = make_block(
        &server,
        "secret",
        "warehouse-password",
        json!({"value": "hunter2-in-clear"}),
    );
    make_block_type(&server);
    let config = make_block(
        &server,
        "pipeline-config",
        "pipeline-config",
        json!({"retries": 3, "target": {"schema": "analytics"},
               "credentials": {"user": "etl", "token": "tok-in-clear"}}),
    );
    let listed = server.json(
        "POST",
        "/block_documents/filter",
        Some(json!({"block_documents": {"is_anonymous": {"eq_": false}}, "sort": "NAME_ASC"})),
    );
    let names: Vec<String> = listed
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|b| b["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names, ["pipeline-config", "warehouse-password"]);

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    browser.click(".sidebar a[href$='blocks']").await;
    browser
        .wait_for_text("[data-testid=block-row]", |t| !t.is_empty())
        .await;
    assert_eq!(browser.texts("[data-testid=block-row-name]").await, names);
    assert_eq!(
        browser.texts("[data-testid=block-row-type]").await,
        ["Pipeline Config", "Secret"]
    );
    browser
        .goto(&format!("{}blocks?type=secret", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=block-row-name]", |t| {
            t == "warehouse-password"
        })
        .await;
    assert_eq!(browser.texts("[data-testid=block-row-name]").await.len(), 1);

    // The secret's page: the field masked, the value nowhere on the page.
    browser.click("[data-testid=block-row-name]").await;
    browser
        .wait_for_text("[data-testid=block-name]", |t| t == "warehouse-password")
        .await;
    assert_eq!(
        browser.texts("[data-testid=block-field-name]").await,
        ["value"]
    );
    assert_eq!(
        browser.texts("[data-testid=block-secret]").await.len(),
        1,
        "{:?}",
        browser.texts("[data-testid=block-field-value]").await
    );
    let html = browser
        .eval("return document.documentElement.outerHTML")
        .await;
    assert!(
        !html.as_str().unwrap_or_default().contains("hunter2"),
        "the secret is on the page"
    );
    assert!(browser
        .current_url()
        .await
        .ends_with(&format!("blocks/{secret}")));

    // Our own type: fields by name, objects as JSON text, the nested secret masked inside
    // its object (the server masks it too), the rest of that object shown.
    browser
        .goto(&format!("{}blocks/{config}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=block-name]", |t| t == "pipeline-config")
        .await;
    assert_eq!(
        browser.texts("[data-testid=block-field-name]").await,
        ["credentials", "retries", "target"]
    );
    let values = browser.texts("[data-testid=block-field-value]").await;
    assert!(
        values[0].contains("\"user\": \"etl\"") && values[0].contains("••••••••"),
        "{values:?}"
    );
    assert_eq!(values[1], "3");
    assert!(
        values[2].contains("\"schema\": \"analytics\""),
        "{values:?}"
    );
    let html = browser
        .eval("return document.documentElement.outerHTML")
        .await;
    assert!(!html.as_str().unwrap_or_default().contains("tok-in-clear"));

    // Never asked in clear: every block request the proxy saw says so or has no such flag.
    let asked: Vec<String> = nginx
        .access_log()
        .into_iter()
        .filter(|l| l.contains("/block_documents/"))
        .collect();
    assert!(!asked.is_empty());
    assert!(
        asked.iter().all(|l| !l.contains("include_secrets=true")),
        "{asked:?}"
    );
    assert!(
        browser.console_errors().await.is_empty(),
        "{:?}",
        browser.console_errors().await
    );
    browser.close().await;
}
