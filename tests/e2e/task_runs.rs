//! A task run's page, reached from its flow run's task table, against a seeded real server:
//! what it shows equals what the API says.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};

/// The task run of `run` whose task key names `task` (the demo flows' functions).
fn task_named<'a>(tasks: &'a [Value], task: &str) -> &'a Value {
    tasks
        .iter()
        .find(|t| {
            t["task_key"]
                .as_str()
                .is_some_and(|k| k.starts_with(&format!("{task}-")))
        })
        .unwrap_or_else(|| panic!("no `{task}` task run in {tasks:?}"))
}

fn str_of(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_runs_page_shows_its_state_inputs_retries_artifacts_and_logs_as_the_api_has_them() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flows": {"name": {"any_": ["etl"]}}, "limit": 1})),
    );
    let run = str_of(&runs[0], "id");
    let tasks = server.json(
        "POST",
        "/task_runs/filter",
        Some(json!({"flow_runs": {"id": {"any_": [run]}}})),
    );
    let tasks = tasks.as_array().cloned().unwrap_or_default();
    let (load, flaky) = (
        task_named(&tasks, "load"),
        task_named(&tasks, "flaky_fetch"),
    );
    let load_id = str_of(load, "id");

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;

    // From the flow run's task table to the task run's page.
    browser
        .goto(&format!("{}flow-runs/{run}", nginx.url()))
        .await;
    let link = format!("[data-testid=task-run-link][href$='task-runs/{load_id}']");
    let linked = browser.wait_for_text(&link, |t| !t.is_empty()).await;
    assert_eq!(linked, str_of(load, "name"));
    browser.click(&link).await;
    let name = browser
        .wait_for_text("[data-testid=task-run-name]", |t| !t.is_empty())
        .await;
    assert_eq!(name, str_of(load, "name"));
    assert!(
        browser
            .current_url()
            .await
            .ends_with(&format!("task-runs/{load_id}")),
        "{}",
        browser.current_url().await
    );
    let state = browser
        .text("[data-testid=task-run-state]")
        .await
        .unwrap_or_default();
    assert!(
        state.contains(&str_of(&load["state"], "name")),
        "{state} / {}",
        load["state"]
    );
    assert_eq!(
        browser.text("[data-testid=task-run-flow-run]").await,
        Some(str_of(&runs[0], "name")),
        "its flow run, by name"
    );

    // One timeline segment per state the API has for it.
    let states = server.json(
        "GET",
        &format!("/task_run_states/?task_run_id={load_id}"),
        None,
    );
    browser
        .wait_for_text("[data-testid=timeline-segment]", |_| true)
        .await;
    let segments = browser
        .eval("return document.querySelectorAll('[data-testid=timeline-segment]').length")
        .await;
    assert_eq!(segments.as_u64(), states.as_array().map(|s| s.len() as u64));

    // Its inputs: each parameter the API names, the upstream task run linked by name.
    let mut expected_inputs: Vec<String> = load["task_inputs"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    expected_inputs.sort();
    assert_eq!(
        browser.texts("[data-testid=task-input-name]").await,
        expected_inputs,
        "{}",
        browser.text("main").await.unwrap_or_default()
    );
    // Its artifact: the table the flow made, as a table.
    let artifacts = server.json(
        "POST",
        "/artifacts/filter",
        Some(json!({"artifacts": {"task_run_id": {"any_": [load_id]}}})),
    );
    assert_eq!(artifacts.as_array().map(Vec::len), Some(1), "{artifacts}");
    assert_eq!(
        browser.text("[data-testid=artifact-key]").await,
        Some(str_of(&artifacts[0], "key"))
    );
    let table: Value =
        serde_json::from_str(artifacts[0]["data"].as_str().unwrap_or("null")).unwrap_or_default();
    let cells = browser.texts("[data-testid=artifact-table] td").await;
    assert_eq!(
        cells,
        [str_of(&table[0], "metric"), table[0]["value"].to_string()],
        "{table}"
    );

    // Its own log lines, not the flow run's.
    let logs = server.json(
        "POST",
        "/logs/filter",
        Some(json!({"logs": {"task_run_id": {"any_": [load_id]}}, "sort": "TIMESTAMP_ASC"})),
    );
    let expected_logs: Vec<String> = logs
        .as_array()
        .map(|l| l.iter().map(|log| str_of(log, "message")).collect())
        .unwrap_or_default();
    assert!(
        expected_logs.iter().any(|m| m.contains("loaded total")),
        "{expected_logs:?}"
    );
    browser.wait_for_text("[data-testid=logs]", |_| true).await;
    assert_eq!(
        browser.texts("[data-testid=log-message]").await,
        expected_logs
    );

    // A task run fed by another: the upstream task run linked by name, with its state.
    let upstream_of = |t: &Value| -> Option<String> {
        t["task_inputs"]
            .as_object()?
            .values()
            .flat_map(|list| list.as_array().cloned().unwrap_or_default())
            .find(|i| i["input_type"] == "task_run")
            .map(|i| str_of(&i, "id"))
    };
    let fed = tasks
        .iter()
        .find(|t| upstream_of(t).is_some())
        .unwrap_or_else(|| panic!("no task run of {run} was fed by another: {tasks:?}"));
    let upstream_id = upstream_of(fed).unwrap_or_default();
    let upstream = tasks
        .iter()
        .find(|t| str_of(t, "id") == upstream_id)
        .expect("the upstream task run is in the same flow run");
    browser
        .goto(&format!("{}task-runs/{}", nginx.url(), str_of(fed, "id")))
        .await;
    let link = format!("[data-testid=task-input-task-run][href$='task-runs/{upstream_id}']");
    let shown = browser.wait_for_text(&link, |t| !t.is_empty()).await;
    assert_eq!(shown, str_of(upstream, "name"));

    // A task that retried: its policy in words, its run count and cache as the API has them.
    let flaky_id = str_of(flaky, "id");
    browser
        .goto(&format!("{}task-runs/{flaky_id}", nginx.url()))
        .await;
    let retries = browser
        .wait_for_text("[data-testid=task-run-retries]", |t| !t.is_empty())
        .await;
    assert_eq!(retries, "2 retries, at once");
    assert_eq!(
        browser.text("[data-testid=task-run-run-count]").await,
        Some(flaky["run_count"].to_string())
    );
    assert!(flaky["run_count"].as_i64() >= Some(2), "{flaky}");
    let cache_key = flaky["cache_key"]
        .as_str()
        .filter(|k| !k.is_empty())
        .unwrap_or("—")
        .to_string();
    assert_eq!(
        browser.text("[data-testid=task-run-cache-key]").await,
        Some(cache_key)
    );

    // A task run that does not exist says so in its panel.
    browser
        .goto(&format!(
            "{}task-runs/00000000-0000-4000-8000-000000000000",
            nginx.url()
        ))
        .await;
    let missing = browser
        .wait_for_text("[data-testid=error-panel]", |t| !t.is_empty())
        .await;
    assert!(missing.to_lowercase().contains("not found"), "{missing}");
    browser.close().await;
}

/// The ids of the task runs list's rows, in order.
async fn listed_now(browser: &Browser) -> Vec<String> {
    let script = "return [...document.querySelectorAll('[data-testid=task-run-row]')].map(r => r.dataset.id)";
    serde_json::from_value(browser.eval(script).await).unwrap_or_default()
}

/// The ids of the task runs list's rows, in order, once it shows `count` of them.
async fn listed(browser: &Browser, count: usize) -> Vec<String> {
    let start = std::time::Instant::now();
    loop {
        let ids = listed_now(browser).await;
        if ids.len() == count || start.elapsed().as_secs() > 30 {
            return ids;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|all| all.iter().map(|t| str_of(t, "id")).collect())
        .unwrap_or_default()
}

/// The task runs list: its rows, their flow runs and its count as the API has them, a state
/// filter in the address, and each row a link to its task run.
#[tokio::test(flavor = "multi_thread")]
async fn the_task_runs_list_matches_the_api_and_filters_by_state_in_the_address() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    // The seed's task runs all completed: one that failed, in one of its flow runs.
    let runs = server.json("POST", "/flow_runs/filter", Some(json!({"limit": 1})));
    server.json(
        "POST",
        "/task_runs/",
        Some(json!({
            "flow_run_id": runs[0]["id"], "name": "broken-load", "task_key": "broken-load",
            "dynamic_key": "0", "state": {"type": "FAILED", "message": "boom"},
        })),
    );
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    let since = (now - chrono::Duration::days(7)).to_rfc3339();
    let api = |types: &[&str]| {
        let mut task_runs = json!({"expected_start_time": {"after_": since}});
        if !types.is_empty() {
            task_runs["state"] = json!({"type": {"any_": types}});
        }
        let body = json!({"task_runs": task_runs});
        let count = server.json("POST", "/task_runs/count", Some(body.clone()));
        let mut page = body;
        page["sort"] = json!("EXPECTED_START_TIME_DESC");
        page["limit"] = json!(50);
        (server.json("POST", "/task_runs/filter", Some(page)), count)
    };
    let (all, total) = api(&[]);
    let all_ids = ids_of(&all);
    assert!(all_ids.len() >= 4, "the seed ran task runs: {all}");

    // Polling every 10 minutes: what changes on screen within the test came pushed.
    let slow =
        crate::support::nginx::dist_with_config(&tools, r#"{"refresh_interval_seconds": 600}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&slow),
    );
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}task-runs?range=7d", nginx.url()))
        .await;
    assert_eq!(listed(&browser, all_ids.len()).await, all_ids);
    let pager = browser
        .text("[data-testid=pager]")
        .await
        .unwrap_or_default();
    assert!(pager.ends_with(&format!("· {total} task runs")), "{pager}");
    // Each row names the flow run it ran in.
    let first = &all[0];
    let flow_run = server.json(
        "GET",
        &format!("/flow_runs/{}", str_of(first, "flow_run_id")),
        None,
    );
    let row = format!(
        "[data-testid=task-run-row][data-id='{}']",
        str_of(first, "id")
    );
    browser
        .wait_for_text(&format!("{row} [data-testid=task-run-row-flow-run]"), |t| {
            t == str_of(&flow_run, "name")
        })
        .await;

    // A state filter from the address, shown in its control.
    let (failed, _) = api(&["FAILED", "CRASHED"]);
    let failed_ids = ids_of(&failed);
    assert!(
        !failed_ids.is_empty() && failed_ids.len() < all_ids.len(),
        "the one that failed, not all: {failed}"
    );
    browser
        .goto(&format!(
            "{}task-runs?range=7d&state_type=FAILED,CRASHED",
            nginx.url()
        ))
        .await;
    assert_eq!(listed(&browser, failed_ids.len()).await, failed_ids);
    assert_eq!(
        browser
            .eval("return document.querySelector('[data-testid=task-runs-state]').value")
            .await,
        json!("FAILED,CRASHED")
    );
    // A row opens its task run.
    browser.click("[data-testid=task-run-row-name]").await;
    browser
        .wait_for_text("[data-testid=task-run-name]", |t| {
            t == str_of(&failed[0], "name")
        })
        .await;
    // Live: task runs a real flow run makes now join the open list without a reload.
    browser
        .goto(&format!("{}task-runs?range=7d", nginx.url()))
        .await;
    let before = listed(&browser, all_ids.len()).await;
    browser.wait_live().await;
    server.seed(&tools, "minimal");
    let start = std::time::Instant::now();
    loop {
        let want = ids_of(&api(&[]).0);
        let shown = listed_now(&browser).await;
        if shown == want && shown.len() > before.len() {
            break;
        }
        assert!(
            start.elapsed().as_secs() < 60,
            "the new task runs never reached the list: shown {shown:?}, the API's {want:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

/// A task run made through the API in `flow_run`, tagged `tag`, in `state`.
fn task_run_in(server: &PrefectServer, flow_run: &str, tag: &str, n: usize, state: &str) -> String {
    let made = server.json(
        "POST",
        "/task_runs/",
        Some(json!({
            "name": format!("{tag}-{n}"),
            "flow_run_id": flow_run,
            "task_key": format!("{tag}-task"),
            "dynamic_key": n.to_string(),
            "tags": [tag],
            "state": {"type": state},
        })),
    );
    str_of(&made, "id")
}

/// A task run's state type as the API has it, or None once it is gone.
fn task_state(server: &PrefectServer, id: &str) -> Option<String> {
    let answer = server.call("GET", &format!("/task_runs/{id}"), None);
    match answer.status {
        404 => None,
        200 => Some(str_of(&answer.json()["state"], "type")),
        other => panic!("GET /task_runs/{id}: HTTP {other} {}", answer.body),
    }
}

/// Presses `button`, waits for the confirmation titled `title` and confirms it.
async fn confirm_titled(browser: &Browser, button: &str, title: &str) {
    browser.click(button).await;
    browser
        .wait_for_text("dialog[open] h2", |t| t == title)
        .await;
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
}

/// Picks `value` in the confirmation's "New state" menu.
async fn choose_state(browser: &Browser, value: &str) {
    browser
        .eval(&format!(
            "const s = document.querySelector('dialog[open] [data-testid=change-state-target]'); \
             s.value = '{value}'; s.dispatchEvent(new Event('change', {{bubbles: true}})); return true"
        ))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn task_runs_change_state_and_are_deleted_from_their_page_their_rows_and_in_bulk() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flows": {"name": {"any_": ["etl"]}}, "limit": 1})),
    );
    let run = str_of(&runs[0], "id");
    let tag = "by-hand";
    let ids: Vec<String> = (0..5)
        .map(|n| task_run_in(&server, &run, tag, n, "RUNNING"))
        .collect();
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let confirm = "dialog[open] [data-testid=confirm-dialog-confirm]";

    // One, from its page: its state, then the run itself.
    browser
        .goto(&format!("{}task-runs/{}", nginx.url(), ids[0]))
        .await;
    let actions = "[data-testid=task-run-actions]";
    let offered = browser
        .wait_for_text(actions, |t| t.contains("Delete"))
        .await;
    assert!(
        !offered.contains("Cancel") && !offered.contains("Retry") && !offered.contains("Pause"),
        "a task run offers only a change of state and delete: {offered}"
    );
    browser
        .click(&format!("{actions} [data-action='Change state…']"))
        .await;
    browser
        .wait_for_text("dialog[open] h2", |t| {
            t == format!("Change the state of {tag}-0?")
        })
        .await;
    choose_state(&browser, "CANCELLED").await;
    // Backing out changes nothing.
    browser
        .click("dialog[open] [data-testid=confirm-dialog-back]")
        .await;
    browser
        .wait_for_eval(
            "return document.querySelector('dialog[open]') === null",
            &json!(true),
        )
        .await;
    assert_eq!(task_state(&server, &ids[0]).as_deref(), Some("RUNNING"));
    browser
        .click(&format!("{actions} [data-action='Change state…']"))
        .await;
    browser
        .wait_for_text("dialog[open] h2", |t| !t.is_empty())
        .await;
    choose_state(&browser, "CANCELLED").await;
    browser.click(confirm).await;
    browser
        .wait_for_text(&format!("{actions} [data-testid=action-status]"), |t| {
            t.starts_with("Now Cancelled")
        })
        .await;
    assert_eq!(task_state(&server, &ids[0]).as_deref(), Some("CANCELLED"));
    confirm_titled(
        &browser,
        &format!("{actions} [data-action=Delete]"),
        &format!("Delete the task run {tag}-0?"),
    )
    .await;
    // Gone, and the user is where it ran.
    browser
        .wait_for_eval(
            &format!("return location.pathname.endsWith('flow-runs/{run}')"),
            &json!(true),
        )
        .await;
    assert_eq!(task_state(&server, &ids[0]), None);

    // One, from its row in the flow run's task table: the row goes.
    let row = format!(
        "[data-testid=task-runs] tr:has(a[href$='task-runs/{}'])",
        ids[1]
    );
    browser
        .click(&format!("{row} [data-testid=row-actions]"))
        .await;
    confirm_titled(
        &browser,
        &format!("{row} [data-testid=row-action][data-action=Delete]"),
        &format!("Delete the task run {tag}-1?"),
    )
    .await;
    browser
        .wait_for_eval(
            &format!("return document.querySelector(\"{row}\") === null"),
            &json!(true),
        )
        .await;
    assert_eq!(task_state(&server, &ids[1]), None);

    // Many, from the task runs list: ticked rows, one confirmation.
    browser
        .goto(&format!("{}task-runs?range=7d&tag={tag}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.ends_with("3 task runs"))
        .await;
    for id in &ids[2..4] {
        browser
            .click(&format!(
                "[data-testid=task-run-row][data-id='{id}'] [data-testid=row-select]"
            ))
            .await;
    }
    browser
        .wait_for_text("[data-testid=bulk-summary]", |t| {
            t == "2 task runs selected"
        })
        .await;
    browser
        .click("[data-testid=bulk-action][data-action='Change state…']")
        .await;
    browser
        .wait_for_text("dialog[open] h2", |t| {
            t == "Change the state of 2 task runs?"
        })
        .await;
    choose_state(&browser, "COMPLETED").await;
    browser.click(confirm).await;
    browser
        .wait_for_text("[data-testid=bulk-bar] [data-testid=action-status]", |t| {
            t.starts_with("2 of 2 done")
        })
        .await;
    for id in &ids[2..4] {
        assert_eq!(task_state(&server, id).as_deref(), Some("COMPLETED"));
    }
    assert_eq!(task_state(&server, &ids[4]).as_deref(), Some("RUNNING"));
    browser.click("[data-testid=bulk-select-page]").await;
    browser
        .wait_for_text("[data-testid=bulk-summary]", |t| {
            t == "3 task runs selected"
        })
        .await;
    confirm_titled(
        &browser,
        "[data-testid=bulk-action][data-action=Delete]",
        "Delete 3 task runs?",
    )
    .await;
    browser
        .wait_for_text("[data-testid=bulk-bar] [data-testid=action-status]", |t| {
            t.starts_with("3 of 3 done")
        })
        .await;
    for id in &ids[2..] {
        assert_eq!(task_state(&server, id), None);
    }
    browser
        .wait_for_text("[data-testid=no-task-runs]", |t| !t.is_empty())
        .await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    browser.close().await;
}
