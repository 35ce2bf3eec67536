//! A deployment's and a flow's runs x tasks grid and duration trend against a real server:
//! runs and task runs made here through the API (a task that starts failing at the fourth
//! run, a mapped task folded into one cell, a task missing from one run); the page's columns,
//! cells, failure marks and durations are checked against what the API says, read back
//! independently; a new run appears live; `runs=` picks how many.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn id_of(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_string()
}

/// A run of the deployment that ran and ended in `end`, with task runs (key, state) each.
fn make_run(
    server: &PrefectServer,
    flow: &str,
    deployment: &str,
    name: &str,
    end: &str,
    tasks: &[(&str, &str)],
) -> String {
    let run = id_of(&server.json(
        "POST",
        "/flow_runs/",
        Some(
            json!({"flow_id": flow, "deployment_id": deployment, "name": name,
                    "state": {"type": "PENDING"}}),
        ),
    ));
    server.force_run_state(&run, "RUNNING");
    for (n, (key, state)) in tasks.iter().enumerate() {
        server.json(
            "POST",
            "/task_runs/",
            Some(
                json!({"flow_run_id": run, "task_key": key, "dynamic_key": n.to_string(),
                        "name": format!("{key}-{n}"), "state": {"type": state}}),
            ),
        );
    }
    server.force_run_state(&run, end);
    run
}

/// What the API says the grid is: the runs that started, oldest first, and per task key per
/// run the task runs' states.
fn expected(server: &PrefectServer, deployment: &str, count: usize) -> (Vec<String>, Grid) {
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"deployments": {"id": {"any_": [deployment]}},
                    "flow_runs": {"start_time": {"is_null_": false}},
                    "sort": "START_TIME_DESC", "limit": count})),
    );
    let mut ids: Vec<String> = runs.as_array().expect("runs").iter().map(id_of).collect();
    ids.reverse();
    let tasks = server.json(
        "POST",
        "/task_runs/filter",
        Some(json!({"task_runs": {"flow_run_id": {"any_": ids}}, "limit": 200})),
    );
    let mut grid: Grid = BTreeMap::new();
    for task in tasks.as_array().expect("task runs") {
        let key = task["task_key"].as_str().expect("key").to_string();
        let run = task["flow_run_id"].as_str().expect("run").to_string();
        let column = ids.iter().position(|id| *id == run).expect("a shown run");
        let row = grid
            .entry(key)
            .or_insert_with(|| vec![Vec::new(); ids.len()]);
        row[column].push(task["state_type"].as_str().unwrap_or("").to_string());
    }
    (ids, grid)
}

type Grid = BTreeMap<String, Vec<Vec<String>>>;
/// A row's cells as shown: each cell's state and count.
type Cells = Vec<(String, usize)>;
/// The page's grid: run ids in column order, and each row's cells by task key.
type Shown = (Vec<String>, BTreeMap<String, Cells>);

/// The page's grid: run ids in column order, and per row its key and each cell's state and
/// count.
async fn shown(browser: &Browser) -> Shown {
    let read = browser
        .eval(
            "return [[...document.querySelectorAll('[data-testid=grid-run]')].map(a => a.dataset.runId), \
                     [...document.querySelectorAll('[data-testid=grid-row]')].map(r => [r.dataset.taskKey, \
                        [...r.querySelectorAll('[data-testid=grid-cell]')].map(c => [c.dataset.state, Number(c.dataset.count || 0)])])]",
        )
        .await;
    let (runs, rows): (Vec<String>, Vec<(String, Cells)>) =
        serde_json::from_value(read).expect("the grid");
    (runs, rows.into_iter().collect())
}

/// The worst of a cell's states, by the grid's rule for the states made here.
fn worst(states: &[String]) -> String {
    ["CRASHED", "FAILED", "RUNNING", "PENDING", "COMPLETED"]
        .iter()
        .find(|s| states.iter().any(|t| t == *s))
        .map_or(String::new(), |s| s.to_string())
}

fn agrees(api: &(Vec<String>, Grid), page: &Shown) -> bool {
    api.0 == page.0
        && api.1.len() == page.1.len()
        && api.1.iter().all(|(key, cells)| {
            page.1.get(key).is_some_and(|shown| {
                shown.len() == cells.len()
                    && shown.iter().zip(cells).all(|((state, count), states)| {
                        *count == states.len() && *state == worst(states)
                    })
            })
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn the_runs_x_tasks_grid_and_the_duration_trend_are_what_the_api_says() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = id_of(&server.json("POST", "/flows/", Some(json!({"name": "grid-flow"}))));
    let deployment = id_of(&server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "grid-deployment", "flow_id": flow})),
    ));
    let (extract, fetch, square) = ("extract-aaaa1111", "fetch-bbbb2222", "square-cccc3333");
    for i in 1..=6 {
        let fetch_state = if i >= 4 { "FAILED" } else { "COMPLETED" };
        let mut tasks = Vec::new();
        if i != 6 {
            tasks.push((extract, "COMPLETED"));
        }
        tasks.push((fetch, fetch_state));
        for m in 0..3 {
            let failed = i == 2 && m == 1;
            tasks.push((square, if failed { "FAILED" } else { "COMPLETED" }));
        }
        let end = if i >= 4 { "FAILED" } else { "COMPLETED" };
        make_run(
            &server,
            &flow,
            &deployment,
            &format!("grid-run-{i}"),
            end,
            &tasks,
        );
    }
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}deployments/{deployment}", nginx.url()))
        .await;
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=grid-run]').length",
            &json!(6),
        )
        .await;
    let api = expected(&server, &deployment, 25);
    let page = shown(&browser).await;
    assert!(agrees(&api, &page), "API: {api:#?}\npage: {page:#?}");
    assert_eq!(
        page.1[square][1],
        ("FAILED".to_string(), 3),
        "mapped: one cell, counted"
    );
    assert_eq!(
        page.1[extract][5],
        (String::new(), 0),
        "extract did not run in run 6"
    );
    let order: Vec<String> = serde_json::from_value(
        browser
            .eval("return [...document.querySelectorAll('[data-testid=grid-row]')].map(r => r.dataset.taskKey)")
            .await,
    )
    .expect("rows");
    assert_eq!(
        order,
        vec![extract, fetch, square],
        "rows in the order the tasks ran"
    );

    // Where each task started failing: fetch at run 4 (failing since), square at run 2.
    let marks = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=grid-row]')].map(r => [r.dataset.taskKey, \
               [...r.querySelectorAll('[data-testid=grid-cell]')].map((c, i) => c.dataset.startedFailing ? i : -1).filter(i => i >= 0), \
               (r.querySelector('[data-testid=grid-failing-since]') || {}).textContent || ''])",
        )
        .await;
    let marks: Vec<(String, Vec<usize>, String)> = serde_json::from_value(marks).expect("marks");
    assert_eq!(
        marks,
        vec![
            (extract.to_string(), vec![], String::new()),
            (
                fetch.to_string(),
                vec![3],
                "✕ failing since grid-run-4".to_string()
            ),
            (square.to_string(), vec![1], String::new()),
        ]
    );
    let label = browser
        .attr(
            "[data-testid=grid-row][data-task-key^=fetch] [data-started-failing] a",
            "aria-label",
        )
        .await
        .unwrap_or_default();
    assert_eq!(
        label,
        "fetch in grid-run-4: Failed; started failing in this run"
    );

    // The trend: a bar per run with the run time the API has, and the runs far above the
    // median (twice it or more) listed.
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"deployments": {"id": {"any_": [deployment]}}, "sort": "START_TIME_ASC"})),
    );
    let runs = runs.as_array().expect("runs");
    let seconds: Vec<f64> = runs
        .iter()
        .map(|r| r["total_run_time"].as_f64().unwrap_or(-1.0))
        .collect();
    let bars: Vec<String> = serde_json::from_value(
        browser
            .eval("return [...document.querySelectorAll('[data-testid=trend-bar]')].map(b => b.dataset.seconds)")
            .await,
    )
    .expect("bars");
    let bars: Vec<f64> = bars.iter().map(|b| b.parse().unwrap_or(-1.0)).collect();
    assert_eq!(bars.len(), seconds.len());
    for (bar, api) in bars.iter().zip(&seconds) {
        assert!((bar - api).abs() < 0.001, "bars {bars:?}, API {seconds:?}");
    }
    let mut sorted = seconds.clone();
    sorted.sort_by(f64::total_cmp);
    let median = (sorted[2] + sorted[3]) / 2.0;
    let mut far: Vec<String> = runs
        .iter()
        .zip(&seconds)
        .filter(|(_, s)| median > 0.0 && **s >= 2.0 * median)
        .map(|(r, _)| r["name"].as_str().unwrap_or("").to_string())
        .collect();
    far.sort();
    let mut listed: Vec<String> = serde_json::from_value(
        browser
            .eval("return [...document.querySelectorAll('[data-testid=trend-outlier] a')].map(a => a.textContent)")
            .await,
    )
    .expect("outliers");
    listed.sort();
    assert_eq!(listed, far, "durations {seconds:?}, median {median}");

    // Live: a seventh run appears as a column without a reload.
    browser.wait_live().await;
    make_run(
        &server,
        &flow,
        &deployment,
        "grid-run-7",
        "COMPLETED",
        &[(extract, "COMPLETED"), (fetch, "COMPLETED")],
    );
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=grid-run]').length",
            &json!(7),
        )
        .await;
    let api = expected(&server, &deployment, 25);
    let page = shown(&browser).await;
    assert!(
        agrees(&api, &page),
        "after run 7: API {api:#?}\npage: {page:#?}"
    );

    // `runs=` picks how many, on the flow's page too; an address past any bound is the default.
    browser
        .goto(&format!("{}flows/{flow}?runs=3", nginx.url()))
        .await;
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=grid-run]').length",
            &json!(3),
        )
        .await;
    let api = expected(&server, &deployment, 3);
    let page = shown(&browser).await;
    assert!(agrees(&api, &page), "runs=3: API {api:#?}\npage: {page:#?}");
    browser
        .goto(&format!(
            "{}flows/{flow}?runs=99999999999999999999999",
            nginx.url()
        ))
        .await;
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=grid-run]').length",
            &json!(7),
        )
        .await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "a clean console: {errors:?}");
}
