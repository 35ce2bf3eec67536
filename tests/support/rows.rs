//! What a runs list shows against what the API says: each row's run and its state's name.

use super::{Browser, PrefectServer};
use serde_json::json;
use std::collections::BTreeMap;

/// Each of the runs `ids`' state name by the API.
pub fn api_states(server: &PrefectServer, ids: &[String]) -> BTreeMap<String, String> {
    let found = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flow_runs": {"id": {"any_": ids}}})),
    );
    found
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["state"]["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Each row's run and the state its badge says.
pub async fn shown_states(browser: &Browser) -> BTreeMap<String, String> {
    let rows = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=flow-run-row]')]\
             .map(r => [r.dataset.runId, r.querySelector('[data-testid=state-badge]')?.textContent ?? ''])",
        )
        .await;
    let rows: Vec<(String, String)> = serde_json::from_value(rows).unwrap_or_default();
    rows.into_iter().collect()
}

/// The runs whose row does not name the API's state (a run without a row counts too).
pub fn rows_disagreeing(
    api: &BTreeMap<String, String>,
    shown: &BTreeMap<String, String>,
) -> Vec<String> {
    api.iter()
        .filter(|(id, state)| !shown.get(*id).is_some_and(|s| s.contains(state.as_str())))
        .map(|(id, _)| id.clone())
        .collect()
}

/// Whether every row's badge names the API's state of its run (and no other row is shown).
pub fn rows_agree(api: &BTreeMap<String, String>, shown: &BTreeMap<String, String>) -> bool {
    api.len() == shown.len() && rows_disagreeing(api, shown).is_empty()
}
