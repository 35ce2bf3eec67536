//! The runs list counts each run's WARNING and ERROR (with CRITICAL) log lines: checked row by
//! row against the API (each run's lines read back one run at a time, the page does it in a
//! scan per level for the whole page), with the demo's runs and one made here that logged
//! 150 warnings (over the cap: "99+"), an error and two critical lines; the filter "Errors in
//! its logs" leaves the runs the API has such lines for.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::json;
use std::collections::BTreeMap;

/// How the page says a run's count: "99+" past the cap.
fn text(lines: usize) -> String {
    if lines > 99 {
        "99+".to_string()
    } else {
        lines.to_string()
    }
}

/// What the page should say of `run`, from the API: "0" or "3 warning lines, 1 error line".
fn expected(server: &PrefectServer, run: &str) -> String {
    let lines = |ge: i64, le: Option<i64>| {
        let mut level = json!({"ge_": ge});
        if let Some(le) = le {
            level["le_"] = json!(le);
        }
        server
            .json(
                "POST",
                "/logs/filter",
                Some(
                    json!({"logs": {"flow_run_id": {"any_": [run]}, "level": level}, "limit": 200}),
                ),
            )
            .as_array()
            .map_or(0, Vec::len)
    };
    let (warnings, errors) = (lines(30, Some(39)), lines(40, None));
    if warnings == 0 && errors == 0 {
        return "0".to_string();
    }
    let words = |n: usize, what: &str| {
        let t = text(n);
        format!("{t} {what} line{}", if t == "1" { "" } else { "s" })
    };
    format!("{}, {}", words(warnings, "warning"), words(errors, "error"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_runs_list_counts_each_runs_warning_and_error_lines() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    let flow = server.json("POST", "/flows/", Some(json!({"name": "noisy-flow"})));
    let run = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow["id"], "name": "noisy-run", "state": {"type": "RUNNING"}})),
    );
    let run_id = run["id"].as_str().expect("run id").to_string();
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    let mut lines: Vec<serde_json::Value> = (0..150)
        .map(|i| {
            json!({"name": "noisy", "level": 30, "message": format!("warning {i}"),
                   "timestamp": (now + chrono::Duration::milliseconds(i)).to_rfc3339(),
                   "flow_run_id": run_id})
        })
        .collect();
    for (i, level) in [40, 50, 50].into_iter().enumerate() {
        lines.push(
            json!({"name": "noisy", "level": level, "message": format!("bad {i}"),
                          "timestamp": (now + chrono::Duration::seconds(1)).to_rfc3339(),
                          "flow_run_id": run_id}),
        );
    }
    let answer = server.call("POST", "/logs/", Some(json!(lines)));
    assert!(
        answer.status < 300,
        "the logs were written: {}",
        answer.status
    );

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    let read = "return [...document.querySelectorAll('[data-testid=flow-run-row]')].map(r => { \
                  const c = r.querySelector('[data-testid=log-counts]'); \
                  const l = c.querySelector('.log-counts'); \
                  return [r.dataset.runId, l ? l.getAttribute('aria-label') : c.textContent.trim()]; })";
    browser
        .wait_for_eval(
            "const rows = document.querySelectorAll('[data-testid=flow-run-row]'); \
             return rows.length > 0 && document.querySelectorAll('[data-testid=flow-run-row][data-pending]').length === 0 \
               && !!document.querySelector('[data-run-id] [data-testid=log-counts]')",
            &json!(true),
        )
        .await;
    let shown: Vec<(String, String)> =
        serde_json::from_value(browser.eval(read).await).expect("rows");
    let shown: BTreeMap<String, String> = shown.into_iter().collect();
    assert!(
        shown.contains_key(&run_id),
        "the noisy run is listed: {shown:?}"
    );
    let api: BTreeMap<String, String> = shown
        .keys()
        .map(|id| (id.clone(), expected(&server, id)))
        .collect();
    assert_eq!(shown, api);
    assert_eq!(shown[&run_id], "99+ warning lines, 3 error lines");
    assert!(
        api.values().filter(|said| said.as_str() != "0").count() >= 2,
        "the demo's runs logged warnings and errors too: {api:?}"
    );

    // "Errors in its logs" (`logs=errors`) leaves the runs that logged an ERROR or CRITICAL
    // line: of those listed above, the ones the API has such lines for.
    let erring: Vec<String> = api
        .iter()
        .filter(|(_, said)| !said.ends_with(" 0 error lines") && said.as_str() != "0")
        .map(|(id, _)| id.clone())
        .collect();
    assert!(
        erring.len() >= 2,
        "the noisy run and the demo's failures: {api:?}"
    );
    browser
        .goto(&format!("{}flow-runs?logs=errors", nginx.url()))
        .await;
    let ids = "return [...document.querySelectorAll('[data-testid=flow-run-row]')].map(r => r.dataset.runId).sort()";
    let mut expected = erring.clone();
    expected.sort();
    browser.wait_for_eval(ids, &json!(expected)).await;
    let chips = browser.texts("[data-testid=filter-chip]").await;
    assert!(
        chips.iter().any(|c| c.contains("Errors in its logs")),
        "the filter is a chip: {chips:?}"
    );
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "a clean console: {errors:?}");
}
