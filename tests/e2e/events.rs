//! The event feed, an event's page and automations, against a real server given events by
//! real state changes through its API: what they show equals what the API says, older
//! pages come by the server's token, new events arrive without a reload, and an automation
//! is disabled from the dashboard.

use crate::actions::act_until_answered;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};
use std::time::Duration;

/// How long the page may take to show what the API has.
const WAIT: Duration = Duration::from_secs(30);

fn ids_of(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|e| e["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A flow run `name` of `flow`, moved to Pending then Running: two events.
fn run_with_events(server: &PrefectServer, flow: &str, name: &str) -> String {
    let run = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow, "name": name, "tags": ["feed"]})),
    );
    let id = run["id"].as_str().unwrap_or_default().to_string();
    for state in ["PENDING", "RUNNING"] {
        server.json(
            "POST",
            &format!("/flow_runs/{id}/set_state"),
            Some(json!({"state": {"type": state}, "force": true})),
        );
    }
    id
}

/// The ids of the feed's rows, in order.
async fn row_ids(browser: &Browser) -> Vec<String> {
    let ids = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=event-row]')]
                .map(r => r.dataset.id)",
        )
        .await;
    serde_json::from_value(ids).unwrap_or_default()
}

async fn wait_rows(browser: &Browser, count: usize) -> Vec<String> {
    let start = std::time::Instant::now();
    loop {
        let ids = row_ids(browser).await;
        if ids.len() == count {
            return ids;
        }
        assert!(
            start.elapsed() < WAIT,
            "wanted {count} rows, have {}",
            ids.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The API's page once it holds at least `at_least` events: the server stores events a
/// moment after the change that made them.
fn api_page_of(server: &PrefectServer, filter: Value, at_least: i64) -> Value {
    let start = std::time::Instant::now();
    loop {
        let page = api_page(server, filter.clone());
        if page["total"].as_i64().unwrap_or_default() >= at_least {
            return page;
        }
        assert!(
            start.elapsed() < WAIT,
            "the server never stored {at_least}: {page}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn api_page(server: &PrefectServer, filter: Value) -> Value {
    server.json(
        "POST",
        "/events/filter",
        Some(json!({"filter": filter, "limit": 50})),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_event_feed_pages_filters_links_and_goes_live_as_the_api_has_it() {
    let tools = Tools::locate();
    // Events are stored in batches, 5 s apart by default: a fifth of a second here, so the
    // API's answers settle soon after the changes.
    let server = PrefectServer::start(
        &tools,
        PrefectOptions {
            env: vec![(
                "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL".into(),
                "0.2".into(),
            )],
            ..PrefectOptions::default()
        },
    );
    let flow = server.json("POST", "/flows/", Some(json!({"name": "feed-flow"})));
    let flow = flow["id"].as_str().unwrap_or_default().to_string();
    // 35 runs with at least two state changes each: more than one page of events.
    let runs: Vec<String> = (0..35)
        .map(|n| run_with_events(&server, &flow, &format!("feed-run-{n}")))
        .collect();
    let since = "2000-01-01T00:00:00Z";
    // Each state a run entered is one event: wait until the server has stored them all.
    let states: i64 = runs
        .iter()
        .map(|id| {
            server
                .json("GET", &format!("/flow_run_states/?flow_run_id={id}"), None)
                .as_array()
                .map_or(0, |s| s.len() as i64)
        })
        .sum();
    api_page_of(
        &server,
        json!({"occurred": {"since": since}, "event": {"prefix": ["prefect.flow-run."]}}),
        states,
    );
    let everything = json!({"occurred": {"since": since}, "order": "DESC"});
    let first = api_page_of(&server, everything.clone(), states);
    let total = first["total"].as_i64().unwrap_or_default();
    assert!(total > 50, "seeded events: {total}");
    let token = first["next_page"]
        .as_str()
        .and_then(|u| u.split("page-token=").nth(1))
        .unwrap_or_default()
        .to_string();
    let second = server.json(
        "GET",
        &format!("/events/filter/next?page-token={token}"),
        None,
    );

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    browser.click(".sidebar a[href$='events']").await;
    let shown = wait_rows(&browser, 50).await;
    assert_eq!(shown, ids_of(&first), "the newest 50, newest first");
    let count = browser
        .wait_for_text("[data-testid=events-count]", |t| !t.is_empty())
        .await;
    assert_eq!(count, format!("50 of {total} events in this window"));
    // Older events by the server's token.
    browser.click("[data-testid=events-more]").await;
    let expected: Vec<String> = ids_of(&first).into_iter().chain(ids_of(&second)).collect();
    let shown = wait_rows(&browser, expected.len()).await;
    assert_eq!(shown, expected, "the next page follows, each event once");

    // One run's events, by the resource filter in the address.
    let run = &runs[3];
    browser
        .goto(&format!(
            "{}events?resource=prefect.flow-run.{run}",
            nginx.url()
        ))
        .await;
    let of_run = api_page_of(
        &server,
        json!({"any_resource": {"id_prefix": [format!("prefect.flow-run.{run}")]}}),
        2,
    );
    let ids = ids_of(&of_run);
    assert!(ids.len() >= 2, "{of_run}");
    assert_eq!(wait_rows(&browser, ids.len()).await, ids);
    // By name prefix, oldest first.
    browser
        .goto(&format!(
            "{}events?event=prefect.flow-run.Running&order=asc",
            nginx.url()
        ))
        .await;
    let running = api_page(
        &server,
        json!({"event": {"prefix": ["prefect.flow-run.Running"]}, "order": "ASC"}),
    );
    let ids = ids_of(&running);
    assert_eq!(ids.len(), 35);
    assert_eq!(wait_rows(&browser, 35).await, ids);
    assert_eq!(
        browser
            .eval("return document.querySelector('select[name=order]').value")
            .await,
        json!("asc"),
        "the form shows the view in the address"
    );

    // An event's page: name, resource linked to its run, payload as the API has it.
    let event = &running["events"][0];
    browser.click("[data-testid=event-row-name]").await;
    let name = browser
        .wait_for_text("[data-testid=event-name]", |t| !t.is_empty())
        .await;
    assert_eq!(name, event["event"].as_str().unwrap_or_default());
    assert_eq!(
        browser.text("[data-testid=event-label]").await.as_deref(),
        Some("Flow run Running")
    );
    assert_eq!(
        browser.text("[data-testid=event-id]").await.as_deref(),
        event["id"].as_str()
    );
    let resource = event["resource"]["prefect.resource.id"]
        .as_str()
        .unwrap_or_default();
    let run_id = resource.trim_start_matches("prefect.flow-run.");
    let href = browser
        .attr("[data-testid=event-resource] h3 a", "href")
        .await
        .unwrap_or_default();
    assert!(href.ends_with(&format!("/flow-runs/{run_id}")), "{href}");
    let related = browser.texts("[data-testid=event-related] h3").await;
    assert!(
        related.iter().any(|r| r.contains("feed-flow")),
        "the flow is related: {related:?}"
    );
    let payload: Value = serde_json::from_str(
        &browser
            .text("[data-testid=event-payload]")
            .await
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(payload, event["payload"]);
    // Its resource's events link back to the feed, filtered.
    browser
        .click("[data-testid=event-resource] [data-testid=resource-events]")
        .await;
    let wanted = format!("resource=prefect.flow-run.{run_id}");
    let start = std::time::Instant::now();
    while !browser.current_url().await.contains(&wanted) {
        assert!(start.elapsed() < WAIT, "no link to {wanted}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Live: a state change made now reaches the open feed without a reload.
    browser.goto(&format!("{}events", nginx.url())).await;
    wait_rows(&browser, 50).await;
    browser.wait_live().await;
    let fresh = run_with_events(&server, &flow, "feed-run-live");
    let newest = api_page_of(
        &server,
        json!({"any_resource": {"id": [format!("prefect.flow-run.{fresh}")]}}),
        2,
    );
    let newest_id = ids_of(&newest).first().cloned().unwrap_or_default();
    // Other events (the server's own) may arrive just after it, so it is looked for among
    // the first rows; every row above it must be an event the server stored.
    let start = std::time::Instant::now();
    let above = loop {
        let rows = row_ids(&browser).await;
        if let Some(at) = rows.iter().take(5).position(|id| *id == newest_id) {
            break rows[..at].to_vec();
        }
        assert!(
            start.elapsed() < WAIT,
            "the new event {newest_id} never reached the feed; its first rows: {:?}; the API's: {:?}",
            rows.iter().take(3).collect::<Vec<_>>(),
            ids_of(&newest)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // The stream can carry the server's own events before its persister stores them (it
    // writes in batches): wait until every one above is stored, as a user would see the
    // feed settle, or until the bound.
    let start = std::time::Instant::now();
    loop {
        let stored = ids_of(&api_page(&server, json!({})));
        let missing: Vec<&String> = above.iter().filter(|id| !stored.contains(id)).collect();
        if missing.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "{missing:?} are above the new event in the feed but never among the server's newest: {stored:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn automations_read_in_words_and_one_is_disabled_from_the_dashboard() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "auto-flow"})));
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "nightly", "flow_id": flow["id"]})),
    );
    server.json(
        "POST",
        "/automations/",
        Some(json!({
            "name": "a-on-failure",
            "description": "Retry the nightly load when a run fails",
            "trigger": {
                "type": "event", "posture": "Reactive", "threshold": 1, "within": 0,
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "expect": ["prefect.flow-run.Failed", "prefect.flow-run.Crashed"],
                "for_each": ["prefect.resource.id"],
            },
            "actions": [
                {"type": "cancel-flow-run"},
                {"type": "run-deployment", "source": "selected", "deployment_id": deployment["id"], "parameters": {}},
            ],
        })),
    );
    server.json(
        "POST",
        "/automations/",
        Some(json!({
            "name": "b-stuck",
            "enabled": false,
            "trigger": {
                "type": "event", "posture": "Proactive", "threshold": 1, "within": 3600,
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "after": ["prefect.flow-run.Running"], "expect": ["prefect.flow-run.Completed"],
            },
            "actions": [{"type": "pause-deployment", "source": "inferred"}],
        })),
    );
    let api = server.json("POST", "/automations/filter", Some(json!({})));
    let mut names: Vec<String> = api
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|a| a["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    browser.click(".sidebar a[href$='automations']").await;
    browser
        .wait_for_text("[data-testid=automation-name]", |t| !t.is_empty())
        .await;
    let shown: Vec<String> = browser
        .texts("[data-testid=automation-name]")
        .await
        .into_iter()
        .map(|t| t.split(' ').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(shown, names);
    assert_eq!(
        browser.texts("[data-testid=automation-trigger]").await,
        [
            "When a flow run enters Crashed or Failed",
            "When a flow run enters Running and then does not enter Completed within 1 h",
        ]
    );
    assert_eq!(
        browser.texts("[data-testid=automation-action]").await,
        [
            "Cancel the flow run",
            "Run deployment \"nightly\"",
            "Pause the deployment of the event",
        ]
    );
    assert_eq!(
        browser.texts("[data-testid=automation-enabled]").await,
        ["● Enabled", "○ Disabled"]
    );
    assert_eq!(
        browser
            .text("[data-testid=automations-count]")
            .await
            .as_deref(),
        Some("2 automations, 1 enabled")
    );

    let status = act_until_answered(
        &browser,
        "[data-testid=automation]:first-of-type [data-testid=action][data-action=Disable]",
        "Disable automation",
        "[data-testid=action-status]",
        |t| t.starts_with("Disabled"),
    )
    .await;
    assert!(status.starts_with("Disabled"), "{status}");
    let after = server.json("POST", "/automations/filter", Some(json!({})));
    let enabled: Vec<bool> = after
        .as_array()
        .map(|all| all.iter().filter_map(|a| a["enabled"].as_bool()).collect())
        .unwrap_or_default();
    assert_eq!(enabled, [false, false], "the server has it disabled");
    browser
        .wait_for_text("[data-testid=automations-count]", |t| {
            t == "2 automations, 0 enabled"
        })
        .await;
    browser.close().await;
}
