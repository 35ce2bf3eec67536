//! The timeline against a seeded real server: the bars of each deployment's row are the
//! runs the API says are in the window, read back independently (full flow runs, their
//! states and run times); the keyboard moves from bar to bar and zooms; work pools have
//! their lanes.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

fn now() -> DateTime<Utc> {
    std::time::SystemTime::now().into()
}

fn wire(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn instant(value: &Value) -> Option<DateTime<Utc>> {
    value
        .as_str()
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|at| at.with_timezone(&Utc))
}

/// Whether `run` shows in [from, to) by the page's rule, read from the full run: a finished
/// run from its start for its run time, an unfinished one from its start (else its expected
/// start) to now, a scheduled one at its expected start.
fn in_window(run: &Value, from: DateTime<Utc>, to: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let Some(expected) = instant(&run["expected_start_time"]) else {
        return false;
    };
    let start = instant(&run["start_time"]).unwrap_or(expected);
    match run["state_type"].as_str().unwrap_or_default() {
        "SCHEDULED" => expected >= from && expected < to,
        "COMPLETED" | "FAILED" | "CRASHED" | "CANCELLED" => {
            let seconds = run["total_run_time"].as_f64().unwrap_or(0.0);
            let end = start + Duration::milliseconds((seconds * 1000.0) as i64);
            start < to && (end > from || (end == start && start >= from))
        }
        _ => start < to && now.max(start) > from,
    }
}

/// Each deployment's runs in the window, by the API: every run expected to start from a day
/// before the window to its end, kept by [`in_window`].
fn expected(
    server: &PrefectServer,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> BTreeMap<String, BTreeSet<String>> {
    let now = now();
    let deployments = server.json("POST", "/deployments/filter", Some(json!({})));
    let mut found = BTreeMap::new();
    for deployment in deployments.as_array().expect("deployments") {
        let id = deployment["id"].as_str().unwrap_or_default().to_string();
        let runs = server.json(
            "POST",
            "/flow_runs/filter",
            Some(json!({
                "deployments": {"id": {"any_": [id]}},
                "flow_runs": {"expected_start_time": {
                    "after_": wire(from - Duration::days(1)),
                    "before_": wire(to),
                }},
                "limit": 200,
            })),
        );
        let runs = runs.as_array().expect("runs");
        assert!(runs.len() < 200, "the demo data fits one page");
        let ids = runs
            .iter()
            .filter(|run| in_window(run, from, to, now))
            .filter_map(|run| run["id"].as_str().map(str::to_string))
            .collect();
        found.insert(id, ids);
    }
    found
}

/// Each row's runs as the page shows them: (runs it says, its bars' runs, counted cells).
async fn shown(browser: &Browser) -> BTreeMap<String, (i64, BTreeSet<String>, i64)> {
    let rows = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=timeline-row]')].map(r => [\
               r.dataset.deploymentId, Number(r.dataset.runs ?? -1),\
               [...r.querySelectorAll('[data-testid=timeline-bar]')].map(b => b.dataset.runId),\
               [...r.querySelectorAll('.tl-dense')].reduce((n, c) => n + Number(c.dataset.count), 0)])",
        )
        .await;
    let rows: Vec<(String, i64, Vec<String>, i64)> = serde_json::from_value(rows).expect("rows");
    rows.into_iter()
        .map(|(id, runs, bars, dense)| (id, (runs, bars.into_iter().collect(), dense)))
        .collect()
}

/// The page agrees with the API when it has a row per deployment, each row's count is the
/// API's, its bars are the API's runs, and what is not a bar is in its counted cells.
fn agrees(
    expected: &BTreeMap<String, BTreeSet<String>>,
    shown: &BTreeMap<String, (i64, BTreeSet<String>, i64)>,
) -> bool {
    expected.len() == shown.len()
        && expected.iter().all(|(id, runs)| {
            shown.get(id).is_some_and(|(count, bars, dense)| {
                *count == runs.len() as i64
                    && bars.is_subset(runs)
                    && bars.len() as i64 + dense == *count
            })
        })
}

/// What the API has in [from, to) and what the page shows, read again until they agree (the
/// page follows the server live) or a minute has passed: the last of both.
async fn until_agreed(
    server: &PrefectServer,
    browser: &Browser,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<String, (i64, BTreeSet<String>, i64)>,
) {
    let start = Instant::now();
    loop {
        let api = expected(server, from, to);
        let page = shown(browser).await;
        if agrees(&api, &page) || start.elapsed() > std::time::Duration::from_secs(60) {
            return (api, page);
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn timeline_bars_are_the_runs_the_api_has_in_the_window() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let now = now().trunc_subsecs(0);
    let (from, to) = (now - Duration::hours(12), now + Duration::hours(12));
    // Two runs scheduled ahead, made here rather than waiting for the server's scheduler
    // (whose first pass may come at any time; the page follows it live either way).
    let deployments = server.json(
        "POST",
        "/deployments/filter",
        Some(json!({"sort": "NAME_ASC", "limit": 1})),
    );
    let deployment = deployments[0]["id"]
        .as_str()
        .expect("a deployment")
        .to_string();
    for hours in [4, 6] {
        server.json(
            "POST",
            &format!("/deployments/{deployment}/create_flow_run"),
            Some(json!({"state": {"type": "SCHEDULED", "name": "Scheduled",
                "state_details": {"scheduled_time": wire(now + Duration::hours(hours))}}})),
        );
    }
    browser
        .goto(&format!(
            "{}timeline?from={}&to={}",
            nginx.url(),
            wire(from),
            wire(to)
        ))
        .await;
    browser
        .wait_for_eval(
            "const rows = [...document.querySelectorAll('[data-testid=timeline-row]')]; \
             return rows.length > 0 && rows.every(r => r.dataset.runs !== undefined)",
            &json!(true),
        )
        .await;

    // The server's scheduler may still be adding runs ahead: the page follows them live, so
    // the two are compared until they agree (or the wait runs out, naming the difference).
    let (api, page) = until_agreed(&server, &browser, from, to).await;
    assert!(agrees(&api, &page), "API: {api:#?}\npage: {page:#?}");
    let total: usize = api.values().map(BTreeSet::len).sum();
    assert!(
        total >= 9,
        "the demo's runs and the two ahead are in the window: {api:?}"
    );

    // The seeded late run is marked where it should have started (or counted as late in the
    // cell it shares with the other runs the seed made that minute); runs ahead are outlines.
    let marks = browser
        .eval(
            "return [document.querySelectorAll('.tl-bar--late[data-state=SCHEDULED]').length + \
                     [...document.querySelectorAll('.tl-dense')].filter(c => / \\d+ late/.test(c.getAttribute('aria-label'))).length, \
                     document.querySelectorAll('.tl-bar--planned').length, \
                     document.querySelectorAll('.tl-now').length]",
        )
        .await;
    let marks: (i64, i64, i64) = serde_json::from_value(marks).expect("marks");
    assert!(marks.0 >= 1, "a late run: {marks:?}");
    assert!(marks.1 >= 1, "a run scheduled ahead: {marks:?}");
    assert_eq!(marks.2, 1, "now is in the window");

    // Live: the last run scheduled ahead is submitted; its bar (alone in its column, hours
    // from the runs the seed made) turns Pending without a reload. (Cancelled or Running
    // would give it a start time of now: its bar would move into the seed's busy column.)
    browser.wait_live().await;
    let planned = browser
        .eval("return [...document.querySelectorAll('.tl-bar--planned')].at(-1).dataset.runId")
        .await;
    let planned = planned.as_str().expect("a planned bar").to_string();
    server.json(
        "POST",
        &format!("/flow_runs/{planned}/set_state"),
        Some(json!({"state": {"type": "PENDING", "name": "Pending"}, "force": true})),
    );
    let state_of = format!(
        "const b = document.querySelector('[data-run-id=\"{planned}\"]'); \
         return b ? b.dataset.state : null"
    );
    let start = Instant::now();
    let mut state = Value::Null;
    while start.elapsed() < std::time::Duration::from_secs(30) && state != json!("PENDING") {
        state = browser.eval(&state_of).await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(
        state,
        json!("PENDING"),
        "the submitted run's bar; the run: {}\nthe rows: {:#?}",
        server.json("GET", &format!("/flow_runs/{planned}"), None),
        shown(&browser).await
    );

    // A lane per work pool the rows run in, its load said in words.
    let lanes = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=pool-lane]')]\
             .map(l => [l.dataset.pool, l.querySelector('[role=img]').getAttribute('aria-label')])",
        )
        .await;
    let lanes: Vec<(String, String)> = serde_json::from_value(lanes).expect("lanes");
    assert!(
        lanes
            .iter()
            .any(|(pool, said)| pool == "demo-pool"
                && said.starts_with("Work pool demo-pool: at most")),
        "{lanes:?}"
    );

    // The keyboard: into the chart, down to the first bar, right along its row; the details
    // line says the run; + zooms (the window halves, in the address).
    browser
        .eval("document.querySelector('[data-testid=timeline]').focus(); return true")
        .await;
    browser.keys(&Key::Down.to_string()).await;
    let first = browser
        .eval("const a = document.activeElement; return [a.className, Number(a.dataset.x ?? -1)]")
        .await;
    let first: (String, f64) = serde_json::from_value(first).expect("focus");
    assert!(
        first.0.contains("tl-bar") || first.0.contains("tl-dense"),
        "{first:?}"
    );
    browser.keys(&Key::Right.to_string()).await;
    let next = browser
        .eval("return Number(document.activeElement.dataset.x ?? -1)")
        .await
        .as_f64()
        .unwrap_or(-1.0);
    assert!(
        next >= first.1,
        "right moves later: {next} after {}",
        first.1
    );
    browser
        .wait_for_text("[data-testid=timeline-details]", |t| {
            t.contains(", started ") || t.contains("expected to start") || t.contains(" runs: ")
        })
        .await;
    browser.keys("+").await;
    browser
        .wait_for_text("[data-testid=timeline-window]", |t| t.contains(" to "))
        .await;
    let url = browser.current_url().await;
    let zoomed_from = url
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("from="))
        .map(|value| value.replace("%3A", ":"))
        .and_then(|value| instant(&json!(value)));
    assert_eq!(
        zoomed_from,
        Some(now - Duration::hours(6)),
        "zoomed in about the middle: {url}"
    );

    // A pan later by a quarter (within the span the rows hold, so they ask nothing again):
    // every row still shows exactly what the API has in the new window.
    browser.wait_settled().await;
    // (The zoom redrew the bar that had focus: the chart takes it again.)
    browser
        .eval("document.querySelector('[data-testid=timeline]').focus(); return true")
        .await;
    browser.keys("]").await;
    let (from, to) = (now - Duration::hours(3), now + Duration::hours(9));
    let from_in = |url: String| {
        url.split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("from="))
            .map(|value| value.replace("%3A", ":"))
            .and_then(|value| instant(&json!(value)))
    };
    let start = Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30)
        && from_in(browser.current_url().await) != Some(from)
    {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        from_in(browser.current_url().await),
        Some(from),
        "panned by a quarter"
    );
    let (api, page) = until_agreed(&server, &browser, from, to).await;
    assert!(
        agrees(&api, &page),
        "after a pan to {}: API: {api:#?}\npage: {page:#?}",
        browser.current_url().await
    );
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
}
