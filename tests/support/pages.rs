//! Every page of the dashboard on a server seeded with the demo data (`seed(&tools, "demo")`
//! then `add_an_automation`): what `make screenshots` takes and the e2e design checks visit.

use super::{Browser, PrefectServer};
use serde_json::{json, Value};

fn first_id(answer: &Value) -> String {
    answer[0]["id"].as_str().unwrap_or_default().to_string()
}

/// The pages, as (file name, path below the dashboard).
pub fn every_page(server: &PrefectServer) -> Vec<(&'static str, String)> {
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(
            json!({"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}},
            "parent_task_run_id": {"is_null_": true}},
            "sort": "START_TIME_DESC", "limit": 2}),
        ),
    );
    let run = first_id(&runs);
    // The run compared with it: the one before (itself on a server with one).
    let other = runs[1]["id"].as_str().unwrap_or(&run).to_string();
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
        (
            "compare-runs",
            format!("flow-runs/compare?a={other}&b={run}"),
        ),
        ("timeline", "timeline".into()),
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

/// An automation, so the automations page shows one.
pub fn add_an_automation(server: &PrefectServer) {
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
}

/// Chooses `theme` ("light", "dark") as the Settings page would: stored for the next pages
/// the browser opens under `url` (the dashboard's address).
pub async fn choose_theme(browser: &Browser, url: &str, theme: &str) {
    browser.goto(url).await;
    browser
        .eval(&format!(
            "localStorage.setItem('prefect-dashboard.theme', '{theme}'); return 0"
        ))
        .await;
}
