//! Prefect Cloud workspaces and the fleet view, without the internet: a Cloud-shaped nginx
//! gateway (tests/gateway/cloud.conf.template) in front of two real Prefect servers with
//! different data, plus a configured third server that is down.

use crate::support::nginx::dist_with_config;
use crate::support::process::free_port;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

const KEY: &str = "pnu_gateway_test_key_0001";
const ACCOUNT: &str = "9b6a6f2e-0000-4000-8000-00000000000a";
const PROD: &str = "9b6a6f2e-0000-4000-8000-0000000000a1";
const STAGING: &str = "9b6a6f2e-0000-4000-8000-0000000000b2";

/// Flow runs of one flow, ended in the given states an hour ago (inside the 24 h window).
pub fn make_runs(server: &PrefectServer, flow: &str, states: &[&str]) {
    let flow = server.json("POST", "/flows/", Some(json!({"name": flow})));
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    for (i, state) in states.iter().enumerate() {
        let run = server.json(
            "POST",
            "/flow_runs/",
            Some(json!({
                "flow_id": flow["id"],
                "name": format!("{}-{i}", flow["name"].as_str().unwrap_or("run")),
                "state": {"type": "SCHEDULED", "state_details": {
                    "scheduled_time": (now - Duration::hours(1)).to_rfc3339()
                }},
            })),
        );
        let id = run["id"].as_str().expect("run id");
        let set = server.call(
            "POST",
            &format!("/flow_runs/{id}/set_state"),
            Some(json!({"state": {"type": state}, "force": true})),
        );
        assert!(set.status < 300, "set_state answered {}", set.status);
    }
}

async fn open(browser: &Browser, nginx: &Nginx, path: &str) {
    browser.goto(&format!("{}{path}", nginx.url())).await;
}

async fn save_key(browser: &Browser, nginx: &Nginx, key: &str) {
    open(browser, nginx, "settings").await;
    browser
        .fill("[data-testid=api-key-form] input[name=api_key]", key)
        .await;
    browser
        .click("[data-testid=api-key-form] button[type=submit]")
        .await;
    browser
        .wait_for_text("[data-testid=api-key-state]", |t| t == "A key is stored.")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cloud_workspaces_switch_and_the_fleet_shows_every_target() {
    let tools = Tools::locate();
    let prod = PrefectServer::start(&tools, PrefectOptions::default());
    let staging = PrefectServer::start(&tools, PrefectOptions::default());
    make_runs(&prod, "prod-loader", &["COMPLETED", "COMPLETED", "FAILED"]);
    make_runs(&staging, "staging-loader", &["COMPLETED", "COMPLETED"]);
    let site = std::fs::read_to_string(tools.repo_file("tests/gateway/cloud.conf.template"))
        .expect("gateway template")
        .replace("@API_KEY@", KEY)
        .replace("@ACCOUNT@", ACCOUNT)
        .replace("@WORKSPACE_A@", PROD)
        .replace("@WORKSPACE_B@", STAGING)
        .replace("@SERVER_A@", &prod.api_url())
        .replace("@SERVER_B@", &staging.api_url());
    let gateway = Nginx::start_site(&tools, &site);
    let down = free_port(); // nothing listens here
    let config = json!({
        "name": "Acme Cloud", "kind": "cloud", "api_base": "api",
        "cloud_ui_url": "https://app.example.test",
        "targets": [{"name": "Old server", "api_base": format!("http://127.0.0.1:{down}/api")}],
    });
    let dist = dist_with_config(&tools, &config.to_string());
    let nginx = Nginx::start(
        &tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            api_url: format!("{}api", gateway.url()),
            base_path: String::new(),
            without_websocket: false,
            // The "Old server" is called directly, not through this nginx.
            connect_src: vec![format!("http://127.0.0.1:{down} ws://127.0.0.1:{down}")],
            ca_bundle: None,
            read_only: false,
            allowed_origins: Vec::new(),
            render: None,
        },
    );
    let browser = Browser::start(&tools).await;

    // No key yet, then a wrong one: a clear message, and no workspaces.
    open(&browser, &nginx, "").await;
    browser.element("[data-testid=choose-workspace]").await;
    browser.element("[data-testid=cloud-key-rejected]").await;
    save_key(&browser, &nginx, "pnu_wrong_key").await;
    open(&browser, &nginx, "workspaces").await;
    let rejected = browser
        .wait_for_text("[data-testid=cloud-key-rejected]", |t| !t.is_empty())
        .await;
    assert!(
        rejected.contains("Acme Cloud: Prefect Cloud rejected the API key (HTTP 401)"),
        "{rejected}"
    );
    let url = browser.current_url().await;
    assert!(
        !url.contains("pnu_"),
        "the key never goes into the address: {url}"
    );

    // The right key lists both workspaces with names, handles and Prefect UI links.
    save_key(&browser, &nginx, KEY).await;
    open(&browser, &nginx, "workspaces").await;
    browser
        .element("[data-testid=workspace-row][data-handle='acme/staging']")
        .await;
    let prod_row = browser
        .text("[data-testid=workspace-row][data-handle='acme/prod']")
        .await
        .unwrap_or_default();
    assert!(
        prod_row.contains("Acme Data") && prod_row.contains("Production"),
        "{prod_row}"
    );
    let ui = browser
        .attr(
            "[data-testid=workspace-row][data-handle='acme/prod'] a[target=_blank]",
            "href",
        )
        .await
        .unwrap_or_default();
    assert_eq!(
        ui,
        format!("https://app.example.test/account/{ACCOUNT}/workspace/{PROD}")
    );

    // The fleet: both workspaces render their numbers while the third server is down.
    let card = |name: &str| format!("[data-testid=fleet-card][data-target='{name}']");
    let prod_card = card("Acme Cloud › acme/prod");
    let staging_card = card("Acme Cloud › acme/staging");
    browser
        .wait_for_text(&format!("{prod_card} [data-testid=fleet-total]"), |t| {
            t == "3"
        })
        .await;
    browser
        .wait_for_text(&format!("{staging_card} [data-testid=fleet-total]"), |t| {
            t == "2"
        })
        .await;
    assert_eq!(
        browser
            .text(&format!("{prod_card} [data-testid=fleet-failed]"))
            .await,
        Some("1".to_string())
    );
    let version = prod.json("GET", "/admin/version", None);
    assert_eq!(
        browser
            .text(&format!("{prod_card} [data-testid=fleet-version]"))
            .await,
        version.as_str().map(str::to_string)
    );
    let down_card = browser
        .wait_for_text(&card("Old server"), |t| t.contains("Could not reach"))
        .await;
    assert!(down_card.contains("Old server"), "{down_card}");
    let unreachable = browser
        .wait_for_text(
            &format!("{} [data-testid=fleet-unreachable]", card("Old server")),
            |t| !t.is_empty(),
        )
        .await;
    assert!(unreachable.contains("Unreachable"), "{unreachable}");
    browser
        .element(&format!("{prod_card} [data-testid=fleet-reachable]"))
        .await;

    // Switching to a workspace: the address names it and every page shows its data.
    browser
        .click(
            "[data-testid=workspace-row][data-handle='acme/prod'] [data-testid=switch-workspace]",
        )
        .await;
    browser
        .wait_for_text("[data-testid=active-workspace]", |t| t == "acme/prod")
        .await;
    let url = browser.current_url().await;
    assert!(
        url.ends_with(&format!("/@main/{ACCOUNT}/{PROD}/")),
        "the workspace is in the address: {url}"
    );
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| t == "3")
        .await;
    browser.click("nav.sidebar a[href$='/flow-runs']").await;
    browser
        .wait_for_text("[data-testid=flow-runs-table]", |t| {
            t.contains("prod-loader")
        })
        .await;

    open(
        &browser,
        &nginx,
        &format!("@main/{ACCOUNT}/{STAGING}/flow-runs"),
    )
    .await;
    let table = browser
        .wait_for_text("[data-testid=flow-runs-table]", |t| {
            t.contains("staging-loader")
        })
        .await;
    assert!(
        !table.contains("prod-loader"),
        "staging shows its own runs: {table}"
    );
    browser
        .wait_for_text("[data-testid=active-workspace]", |t| t == "acme/staging")
        .await;

    browser.close().await;
    drop(gateway);
}
