//! The flows list and a flow's page show what the API says: every flow by name, its run
//! count (kept current when a new run comes), its last run's state, its next scheduled run
//! and its deployment count; on its page, its run count,
//! deployments and recent runs, and a link to the runs list scoped to it.

use crate::actions::now;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn flows_list_and_flow_page_match_the_api() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let flows = server.json("POST", "/flows/filter", Some(json!({"sort": "NAME_ASC"})));
    let flows = flows.as_array().expect("flows").clone();
    assert!(flows.len() >= 2, "the seed made two flows: {flows:?}");
    let etl = flows
        .iter()
        .find(|f| f["name"] == "etl")
        .expect("the etl flow")
        .clone();
    let etl_id = etl["id"].as_str().expect("id").to_string();
    // Two deployments and a run scheduled for tomorrow, for the etl flow only.
    for name in ["nightly", "hourly"] {
        server.json(
            "POST",
            "/deployments/",
            Some(json!({"name": name, "flow_id": etl_id})),
        );
    }
    let tomorrow = (now() + chrono::Duration::days(1)).to_rfc3339();
    server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": etl_id, "name": "tomorrows-etl",
            "state": {"type": "SCHEDULED", "state_details": {"scheduled_time": tomorrow}}})),
    );
    let ids: Vec<&str> = flows.iter().filter_map(|f| f["id"].as_str()).collect();
    let counts = server.json(
        "POST",
        "/ui/flows/count-deployments",
        Some(json!({"flow_ids": ids})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}flows", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=flows-table]", |t| t.contains("etl"))
        .await;
    let run_counts = "return [...document.querySelectorAll('[data-testid=flow-row]')]
        .map(r => [r.dataset.name, r.querySelector('[data-testid=flow-run-count]').textContent])";
    let api_run_counts = || {
        json!(flows
            .iter()
            .map(|f| {
                let total = server.json(
                    "POST",
                    "/flow_runs/count",
                    Some(json!({"flows": {"id": {"any_": [f["id"]]}}})),
                );
                json!([f["name"], total.to_string()])
            })
            .collect::<Vec<_>>())
    };
    let expected = api_run_counts();
    browser.wait_for_eval(run_counts, &expected).await;
    let rows = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=flow-row]')].map(r => ({
                name: r.dataset.name,
                last: r.querySelector('[data-testid=flow-last-run]').textContent,
                next: r.querySelector('[data-testid=flow-next-run]').textContent,
                deployments: r.querySelector('[data-testid=flow-deployments]').textContent}))",
        )
        .await;
    let rows = rows.as_array().expect("rows");
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    let api_names: Vec<&str> = flows.iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(names, api_names, "every flow, by name");
    for (row, flow) in rows.iter().zip(&flows) {
        let id = flow["id"].as_str().expect("id");
        assert_eq!(
            row["deployments"].as_str(),
            Some(counts[id].to_string().as_str()),
            "deployments of {}",
            flow["name"]
        );
        let runs = server.json(
            "POST",
            "/flow_runs/filter",
            Some(json!({"flows": {"id": {"any_": [id]}},
                "flow_runs": {"expected_start_time": {"before_": now().to_rfc3339()}},
                "sort": "EXPECTED_START_TIME_DESC", "limit": 1})),
        );
        let state = runs[0]["state"]["name"].as_str().expect("a state name");
        assert!(
            row["last"].as_str().is_some_and(|t| t.contains(state)),
            "{}: last run {:?}, the API says {state}",
            flow["name"],
            row["last"]
        );
    }
    let etl_row = rows.iter().find(|r| r["name"] == "etl").expect("etl row");
    assert!(
        !etl_row["next"]
            .as_str()
            .unwrap_or_default()
            .contains("None scheduled"),
        "etl has tomorrow's run: {etl_row}"
    );
    let fragile = rows.iter().find(|r| r["name"] == "fragile").expect("row");
    assert!(fragile["next"]
        .as_str()
        .is_some_and(|t| t.contains("None scheduled")));

    // A new run of one flow: the live list shows it as the newest and counts that flow again.
    let fragile_id = flows
        .iter()
        .find(|f| f["name"] == "fragile")
        .and_then(|f| f["id"].as_str())
        .expect("fragile's id");
    server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": fragile_id, "name": "one-more", "state": {"type": "PENDING"}})),
    );
    let expected = api_run_counts();
    browser.wait_for_eval(run_counts, &expected).await;

    // The flow's page, from its row.
    browser
        .click("[data-testid=flow-row][data-name=etl] td:first-child a")
        .await;
    browser
        .wait_for_text("[data-testid=flow-name]", |t| t == "etl")
        .await;
    let total = server.json(
        "POST",
        "/flow_runs/count",
        Some(json!({"flows": {"id": {"any_": [etl_id]}}})),
    );
    let count = browser
        .wait_for_text("[data-testid=flow-run-count]", |t| !t.is_empty())
        .await;
    assert_eq!(count, total.to_string(), "every run of the flow");
    let deployments = browser
        .eval("return [...document.querySelectorAll('[data-testid=flow-deployment]')].map(d => d.dataset.name)")
        .await;
    assert_eq!(deployments, json!(["hourly", "nightly"]));
    let recent = browser
        .eval("return document.querySelectorAll('[data-testid=recent-runs] [data-testid=flow-run-row]').length")
        .await;
    assert_eq!(
        recent,
        json!(1),
        "the one run that was due (tomorrow's is not)"
    );
    browser
        .wait_for_text("[data-testid=flow-history]", |t| !t.is_empty())
        .await;
    // "Runs" leads to the runs list scoped to this flow.
    browser.click("[data-testid=flow-run-count]").await;
    // The flow page has run rows too: wait for the runs list's own pager first.
    browser
        .wait_for_text("[data-testid=pager]", |t| t.contains("runs"))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    let url = browser.current_url().await;
    assert!(url.contains(&format!("flow={etl_id}")), "{url}");
    let listed = browser
        .eval("return [...document.querySelectorAll('[data-testid=flow-run-row]')].map(r => r.dataset.runId)")
        .await;
    let listed = listed.as_array().expect("ids").clone();
    assert!(!listed.is_empty(), "the flow's runs are listed");
    let fragile_id = flows
        .iter()
        .find(|f| f["name"] == "fragile")
        .and_then(|f| f["id"].as_str())
        .expect("fragile");
    let fragile_runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flows": {"id": {"any_": [fragile_id]}}})),
    );
    for run in fragile_runs.as_array().expect("runs") {
        assert!(!listed.contains(&run["id"]), "another flow's run is listed");
    }
    // A search shows as a chip; its ✕ lists every flow again and drops it from the address.
    let names_js = "return [...document.querySelectorAll('[data-testid=flow-row]')]\
        .map(r => r.dataset.name)";
    browser.goto(&format!("{}flows?q=etl", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=filter-chip]", |t| {
            t.contains("Name contains \u{201c}etl\u{201d}")
        })
        .await;
    browser.wait_for_eval(names_js, &json!(["etl"])).await;
    browser
        .click("[data-testid=filter-chip] .filter-chip__remove")
        .await;
    browser.wait_for_eval(names_js, &json!(api_names)).await;
    let url = browser.current_url().await;
    assert!(!url.contains("q="), "{url}");
    browser.close().await;
}
