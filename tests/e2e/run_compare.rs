//! Comparing two flow runs against a real server: runs of two deployments made here through
//! the API with parameters, job variables, task runs (one task only in each, one mapped) and
//! warning and error lines; the comparison is opened as a user would (a run's "Compare…",
//! its deployment's last runs, two ticked rows, the form) and what it shows is checked
//! against what the API says, read back independently; a state change shows live.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

fn id_of(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_string()
}

/// A run of `deployment` with these parameters and job variables, its task runs (key,
/// state) and log lines (level, message), ended in `end`.
#[allow(clippy::too_many_arguments)]
fn make_run(
    server: &PrefectServer,
    flow: &str,
    deployment: &str,
    name: &str,
    parameters: Value,
    job_variables: Value,
    tasks: &[(&str, &str)],
    lines: &[(i64, &str)],
    end: &str,
) -> String {
    let run = id_of(&server.json(
        "POST",
        "/flow_runs/",
        Some(
            json!({"flow_id": flow, "deployment_id": deployment, "name": name,
                    "parameters": parameters, "job_variables": job_variables,
                    "state": {"type": "PENDING"}}),
        ),
    ));
    server.force_run_state(&run, "RUNNING");
    for (n, (key, state)) in tasks.iter().enumerate() {
        let task = id_of(&server.json(
            "POST",
            "/task_runs/",
            Some(
                json!({"flow_run_id": run, "task_key": key, "dynamic_key": n.to_string(),
                        "name": format!("{key}-{n}"), "state": {"type": "RUNNING"}}),
            ),
        ));
        let answer = server.json(
            "POST",
            &format!("/task_runs/{task}/set_state"),
            Some(json!({"state": {"type": state}, "force": true})),
        );
        assert_eq!(answer["status"], "ACCEPT", "{answer}");
    }
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    let logs: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (level, message))| {
            json!({"name": "compare", "level": level, "message": message,
                   "timestamp": (now + chrono::Duration::milliseconds(i as i64)).to_rfc3339(),
                   "flow_run_id": run})
        })
        .collect();
    let answer = server.call("POST", "/logs/", Some(json!(logs)));
    assert!(
        answer.status < 300,
        "the logs were written: {}",
        answer.status
    );
    server.force_run_state(&run, end);
    run
}

/// What the API says each task key took in each run (seconds, summed) and its worst state.
fn api_tasks(server: &PrefectServer, a: &str, b: &str) -> BTreeMap<String, [Option<f64>; 2]> {
    let tasks = server.json(
        "POST",
        "/task_runs/filter",
        Some(json!({"task_runs": {"flow_run_id": {"any_": [a, b]}}, "limit": 200})),
    );
    let mut by_key: BTreeMap<String, [Option<f64>; 2]> = BTreeMap::new();
    for task in tasks.as_array().expect("task runs") {
        let key = task["task_key"].as_str().expect("key").to_string();
        let side = usize::from(task["flow_run_id"].as_str() == Some(b));
        let slot = &mut by_key.entry(key).or_default()[side];
        *slot = Some(slot.unwrap_or(0.0) + task["total_run_time"].as_f64().unwrap_or(0.0));
    }
    by_key
}

/// The page's task rows: key, then each side's seconds (None: did not run).
async fn shown_tasks(browser: &Browser) -> BTreeMap<String, [Option<f64>; 2]> {
    let read = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=compare-tasks] tbody tr')].map(r => [r.dataset.taskKey, \
               ['compare-task-a', 'compare-task-b'].map(t => { const s = r.querySelector(`[data-testid=${t}]`).dataset.seconds; \
                 return s === undefined ? null : Number(s); })])",
        )
        .await;
    let rows: Vec<(String, [Option<f64>; 2])> = serde_json::from_value(read).expect("rows");
    rows.into_iter().collect()
}

fn same_times(
    api: &BTreeMap<String, [Option<f64>; 2]>,
    page: &BTreeMap<String, [Option<f64>; 2]>,
) -> bool {
    api.len() == page.len()
        && api.iter().all(|(key, sides)| {
            page.get(key).is_some_and(|shown| {
                sides.iter().zip(shown).all(|(x, y)| match (x, y) {
                    (Some(x), Some(y)) => (x - y).abs() < 0.002,
                    (None, None) => true,
                    _ => false,
                })
            })
        })
}

/// The keys of a diff section by change, as the page marks them.
async fn diff_rows(browser: &Browser, section: &str) -> BTreeMap<String, String> {
    let read = browser
        .eval(&format!(
            "return [...document.querySelectorAll('[data-testid={section}] tbody tr')].map(r => \
               [r.querySelector('th').textContent, r.dataset.change])"
        ))
        .await;
    let rows: Vec<(String, String)> = serde_json::from_value(read).expect("diff rows");
    rows.into_iter().collect()
}

/// What the API's objects say each key's change is.
fn api_diff(a: &Value, b: &Value) -> BTreeMap<String, String> {
    let (a, b) = (
        a.as_object().cloned().unwrap_or_default(),
        b.as_object().cloned().unwrap_or_default(),
    );
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .map(|key| {
            let change = match (a.get(key), b.get(key)) {
                (Some(x), Some(y)) if x == y => "same",
                (Some(_), Some(_)) => "changed",
                (Some(_), None) => "only-a",
                _ => "only-b",
            };
            (key.clone(), change.to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_runs_compare_as_the_api_says_and_the_comparison_is_reachable_as_a_user_would() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = id_of(&server.json("POST", "/flows/", Some(json!({"name": "compare-flow"}))));
    let deployment = id_of(&server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "compare-nightly", "flow_id": flow})),
    ));
    let other = id_of(&server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "compare-adhoc", "flow_id": flow})),
    ));
    let (extract, load, square, audit, publish) = (
        "extract-aaaa1111",
        "load-bbbb2222",
        "square-cccc3333",
        "audit-dddd4444",
        "publish-eeee5555",
    );
    let a = make_run(
        &server,
        &flow,
        &deployment,
        "compare-run-a",
        json!({"day": "2026-12-01", "retries": 2, "only_in_a": true, "same": {"k": [1, 2]}}),
        json!({"image": "etl:1", "memory": "2Gi"}),
        &[
            (extract, "COMPLETED"),
            (load, "COMPLETED"),
            (square, "COMPLETED"),
            (square, "COMPLETED"),
            (audit, "COMPLETED"),
        ],
        &[
            (20, "starting"),
            (30, "slow source: retrying"),
            (40, "load failed once"),
            (30, "second warning"),
        ],
        "COMPLETED",
    );
    let b = make_run(
        &server,
        &flow,
        &other,
        "compare-run-b",
        json!({"day": "2026-12-02", "retries": 2, "same": {"k": [1, 2]}}),
        json!({"image": "etl:2", "memory": "2Gi"}),
        &[
            (extract, "COMPLETED"),
            (load, "FAILED"),
            (square, "COMPLETED"),
            (square, "FAILED"),
            (square, "COMPLETED"),
            (publish, "COMPLETED"),
        ],
        &[
            (20, "starting"),
            (50, "disk full\nTraceback (most recent call last)"),
        ],
        "FAILED",
    );
    // A second run of A's deployment: what "Compare…" offers first.
    let sibling = make_run(
        &server,
        &flow,
        &deployment,
        "compare-run-sibling",
        json!({}),
        json!({}),
        &[],
        &[],
        "COMPLETED",
    );

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;

    // From run A's page: "Compare…" offers its deployment's last runs (never itself).
    browser.goto(&format!("{}flow-runs/{a}", nginx.url())).await;
    browser.click("[data-testid=compare-run]").await;
    browser
        .wait_for_eval(
            "return [...document.querySelectorAll('[data-testid=compare-candidate]')].map(a => a.textContent)",
            &json!(["compare-run-sibling"]),
        )
        .await;
    assert!(
        browser
            .current_url()
            .await
            .ends_with(&format!("flow-runs/compare?a={a}")),
        "{}",
        browser.current_url().await
    );
    browser.click("[data-testid=compare-candidate]").await;
    browser
        .wait_for_text(
            "[data-testid=compare-run-b] [data-testid=compare-run-name]",
            |t| t == "compare-run-sibling",
        )
        .await;
    assert!(browser
        .current_url()
        .await
        .ends_with(&format!("?a={a}&b={sibling}")));

    // The form: B is a run of another deployment, pasted as its page's address.
    browser.fill("[data-testid=compare-b]", "not a run").await;
    browser
        .wait_for_text("#compare-b-error", |t| t.contains("Not a flow run id"))
        .await;
    browser
        .fill(
            "[data-testid=compare-b]",
            &format!("{}flow-runs/{b}?level=20", nginx.url()),
        )
        .await;
    browser.click("[data-testid=compare-go]").await;
    browser
        .wait_for_text(
            "[data-testid=compare-run-b] [data-testid=compare-run-name]",
            |t| t == "compare-run-b",
        )
        .await;
    assert!(browser
        .current_url()
        .await
        .ends_with(&format!("?a={a}&b={b}")));

    // Parameters and job variables: each key's change as the API's objects say.
    let run_a = server.json("GET", &format!("/flow_runs/{a}"), None);
    let run_b = server.json("GET", &format!("/flow_runs/{b}"), None);
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=compare-parameters] tbody tr').length",
            &json!(4),
        )
        .await;
    assert_eq!(
        diff_rows(&browser, "compare-parameters").await,
        api_diff(&run_a["parameters"], &run_b["parameters"])
    );
    assert_eq!(
        diff_rows(&browser, "compare-job-variables").await,
        api_diff(&run_a["job_variables"], &run_b["job_variables"])
    );
    assert_eq!(
        browser
            .text("[data-testid=compare-parameters] [data-testid=compare-diff-summary]")
            .await
            .as_deref(),
        Some("2 differ, 2 the same.")
    );

    // Tasks: each key's time in each run is the API's (summed for the mapped one); the
    // tasks only one run has say so.
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=compare-tasks] tbody tr').length",
            &json!(5),
        )
        .await;
    let api = api_tasks(&server, &a, &b);
    let page = shown_tasks(&browser).await;
    assert!(same_times(&api, &page), "API: {api:#?}\npage: {page:#?}");
    let changes: BTreeMap<String, String> = serde_json::from_value(
        browser
            .eval("return Object.fromEntries([...document.querySelectorAll('[data-testid=compare-tasks] tbody tr')].map(r => [r.dataset.taskKey, r.dataset.change]))")
            .await,
    )
    .expect("changes");
    assert_eq!(changes[audit], "only-a");
    assert_eq!(changes[publish], "only-b");
    assert_eq!(changes[load], "changed", "completed in A, failed in B");
    assert_eq!(changes[square], "changed", "two task runs in A, three in B");
    assert_eq!(
        browser
            .text("[data-testid=compare-tasks-summary]")
            .await
            .as_deref(),
        Some("5 tasks: 2 changed, 1 only in A, 1 only in B.")
    );

    // First warning and error of each: the API's first lines at those levels.
    let first =
        |run: &str, ge: i64, le: i64| {
            let lines = server.json(
            "POST",
            "/logs/filter",
            Some(json!({"logs": {"flow_run_id": {"any_": [run]}, "level": {"ge_": ge, "le_": le}},
                        "sort": "TIMESTAMP_ASC", "limit": 1})),
        );
            lines[0]["message"]
                .as_str()
                .map(|m| m.lines().next().unwrap_or("").to_string())
        };
    let lines_a = browser
        .text("[data-testid=compare-lines-a]")
        .await
        .unwrap_or_default();
    let lines_b = browser
        .text("[data-testid=compare-lines-b]")
        .await
        .unwrap_or_default();
    let warning_a = first(&a, 30, 39).expect("A warned");
    let error_a = first(&a, 40, 50).expect("A erred");
    let error_b = first(&b, 40, 50).expect("B erred");
    assert!(
        lines_a.contains(&warning_a) && lines_a.contains(&error_a),
        "{lines_a}"
    );
    assert!(
        !lines_a.contains("second warning"),
        "only the first: {lines_a}"
    );
    assert!(
        lines_b.contains(&error_b) && !lines_b.contains("Traceback"),
        "{lines_b}"
    );
    assert_eq!(first(&b, 30, 39), None);
    assert!(lines_b.contains("none"), "B has no warning: {lines_b}");

    // States: each column's count is the API's.
    for (run, column) in [(&a, "compare-run-a"), (&b, "compare-run-b")] {
        let states = server.json("GET", &format!("/flow_run_states/?flow_run_id={run}"), None);
        let count = states.as_array().map_or(0, Vec::len);
        assert_eq!(
            browser
                .text(&format!(
                    "[data-testid={column}] [data-testid=compare-state-count]"
                ))
                .await,
            Some(count.to_string())
        );
    }

    // Live: B's state changes on the server; its column follows.
    server.force_run_state(&b, "CANCELLED");
    browser
        .wait_for_text(
            "[data-testid=compare-run-b] [data-testid=compare-run-state]",
            |t| t.contains("Cancelled"),
        )
        .await;

    // Swap: A and B trade places.
    browser.click("[data-testid=compare-swap]").await;
    browser
        .wait_for_text(
            "[data-testid=compare-run-a] [data-testid=compare-run-name]",
            |t| t == "compare-run-b",
        )
        .await;

    // From the runs list: two ticked rows offer their comparison; each row's menu too.
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    for run in [&a, &b] {
        browser
            .click(&format!(
                "[data-testid=flow-run-row][data-run-id='{run}'] [data-testid=row-select]"
            ))
            .await;
    }
    browser
        .wait_for_eval(
            "return !!document.querySelector('[data-testid=bulk-compare]')",
            &json!(true),
        )
        .await;
    let href = browser
        .attr("[data-testid=bulk-compare]", "href")
        .await
        .expect("a Compare link with two ticked");
    let (x, y) = (a.clone().min(b.clone()), a.clone().max(b.clone()));
    assert!(
        href.ends_with(&format!("flow-runs/compare?a={x}&b={y}")),
        "{href}"
    );
    let menu = browser
        .attr(
            &format!(
                "[data-testid=flow-run-row][data-run-id='{sibling}'] [data-testid=row-compare]"
            ),
            "href",
        )
        .await
        .expect("a row's Compare with…");
    assert!(
        menu.ends_with(&format!("flow-runs/compare?a={sibling}")),
        "{menu}"
    );
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}
