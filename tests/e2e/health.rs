//! Deployments, work pools, queues and workers with health that says why, and the dashboard,
//! against a seeded real server.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use std::time::Instant;

fn now() -> DateTime<Utc> {
    std::time::SystemTime::now().into()
}

fn window() -> Value {
    let now = now();
    json!({
        "after_": (now - Duration::hours(24)).to_rfc3339(),
        "before_": now.to_rfc3339(),
    })
}

fn count(server: &PrefectServer, path: &str, body: Value) -> i64 {
    server
        .json("POST", path, Some(body))
        .as_i64()
        .unwrap_or_else(|| panic!("{path} did not answer a count"))
}

/// A worker heartbeat and a poll of the default queue, as a live worker sends them.
fn worker_is_alive(server: &PrefectServer) {
    let beat = server.call(
        "POST",
        "/work_pools/demo-pool/workers/heartbeat",
        Some(json!({"name": "seed-worker", "heartbeat_interval_seconds": 30})),
    );
    assert!(beat.status < 300, "heartbeat answered {}", beat.status);
    server.json(
        "POST",
        "/work_pools/demo-pool/get_scheduled_flow_runs",
        Some(json!({"work_queue_names": ["default"]})),
    );
}

/// Waits until the quiet pool's worker missed three heartbeats (it promised one every 2 s),
/// and, for the dashboard (which reads the server's stored status), until Prefect's Foreman
/// has marked the pool NOT_READY.
fn wait_until_quiet(server: &PrefectServer) {
    let start = Instant::now();
    loop {
        let workers = server.json(
            "POST",
            "/work_pools/quiet-pool/workers/filter",
            Some(json!({})),
        );
        let last: Option<DateTime<Utc>> = workers[0]["last_heartbeat_time"]
            .as_str()
            .and_then(|t| t.parse().ok());
        let pool = server.json("GET", "/work_pools/quiet-pool", None);
        let quiet = last.is_some_and(|t| now() - t > Duration::seconds(7));
        if quiet && pool["status"] == "NOT_READY" {
            return;
        }
        assert!(
            start.elapsed().as_secs() < 90,
            "the quiet pool never went NOT_READY: {pool} {workers}"
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// (verdict, sentence) of the health badge under `css`: the whole sentence, which a pill
/// shows on hover and focus.
async fn health(browser: &Browser, css: &str) -> (String, String) {
    let badge = format!("{css} [data-testid=health]");
    browser.wait_for_text(&badge, |t| !t.is_empty()).await;
    let verdict = browser
        .attr(&badge, "data-verdict")
        .await
        .unwrap_or_default();
    let text = browser.texts(&format!("{badge} .health__reason")).await;
    (verdict, text.into_iter().next().unwrap_or_default())
}

fn api_lines(nginx: &Nginx) -> Vec<String> {
    nginx
        .access_log()
        .into_iter()
        .filter(|l| l.contains(" /api/"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn health_says_why_and_the_dashboard_counts_like_the_server() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    wait_until_quiet(&server);
    worker_is_alive(&server);
    // The first load's requests are counted: live updates off, so no event from the
    // server's own services (scheduler, foreman) can add a refetch to the count.
    let quiet = crate::support::nginx::dist_with_config(&tools, r#"{"live_updates": false}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&quiet),
    );
    let browser = Browser::start(&tools).await;

    // --- Dashboard: counts equal the server's, in at most 11 API requests.
    browser.goto(&nginx.url()).await;
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
        .await;
    browser
        .wait_for_text("[data-testid=task-runs-total]", |t| !t.is_empty())
        .await;
    browser
        .wait_for_text("[data-testid=attention-count]", |t| !t.is_empty())
        .await;
    browser.element("[data-testid=dashboard-pool]").await;
    browser
        .wait_for_text("[data-testid=failing-all]", |t| !t.is_empty())
        .await;
    browser
        .wait_for_text(
            "[data-testid=dashboard-pool][data-name=demo-pool] [data-testid=pool-runs-summary]",
            |t| !t.is_empty(),
        )
        .await;
    // Anything still in flight has landed in the log.
    browser.wait_settled().await;
    let requests = api_lines(&nginx);
    println!(
        "dashboard, first load: {} API requests:\n{}",
        requests.len(),
        requests.join("\n")
    );
    // The connection check (2), the history, task runs, failed and late runs (3, and the
    // names of their flows and deployments), the failed runs and their flows' names (2), the
    // pools, then the evidence every page judges a pool by (the queues, each queue's late
    // runs counted, each pool's workers), the pools' newest runs (1: the demo's fit in one
    // list) and the listed runs' warning and error lines (2: a scan per level band, one page
    // each here).
    let pools = server
        .json("POST", "/work_pools/filter", Some(json!({})))
        .as_array()
        .map_or(0, Vec::len);
    let queues = server
        .json("POST", "/work_queues/filter", Some(json!({})))
        .as_array()
        .map_or(0, Vec::len);
    assert!(
        requests.len() <= 15 + pools + queues,
        "the dashboard sends at most 15 requests, one per pool ({pools}) and one per queue \
         ({queues}): {requests:#?}"
    );

    let totals: Vec<(String, i64)> = serde_json::from_value(
        browser
            .eval(
                "return [...document.querySelectorAll('[data-testid=state-total]')]\
                 .map(li => [li.dataset.stateType, Number(li.dataset.count)])",
            )
            .await,
    )
    .expect("state totals");
    assert!(totals.len() >= 5, "several state types: {totals:?}");
    for (state_type, shown) in &totals {
        let expected = count(
            &server,
            "/flow_runs/count",
            json!({"flow_runs": {"expected_start_time": window(), "state": {"type": {"any_": [state_type]}}}}),
        );
        assert_eq!(*shown, expected, "{state_type} runs on the dashboard");
    }
    let all = count(
        &server,
        "/flow_runs/count",
        json!({"flow_runs": {"expected_start_time": window()}}),
    );
    let total: i64 = browser
        .text("[data-testid=flow-run-total]")
        .await
        .unwrap_or_default()
        .parse()
        .unwrap_or(-1);
    assert_eq!(total, all, "flow runs in the last 24 h");
    assert_eq!(totals.iter().map(|(_, c)| c).sum::<i64>(), all);

    let task_runs = count(
        &server,
        "/task_runs/count",
        json!({"task_runs": {"expected_start_time": window()}}),
    );
    assert!(task_runs > 0, "the demo flows ran tasks");
    assert_eq!(
        browser.text("[data-testid=task-runs-total]").await,
        Some(task_runs.to_string())
    );

    let attention = count(
        &server,
        "/flow_runs/count",
        json!({"flow_runs": {"expected_start_time": window(), "state": {
            "operator": "or_", "type": {"any_": ["FAILED", "CRASHED"]}, "name": {"any_": ["Late"]}
        }}}),
    );
    assert!(attention >= 3, "failed, crashed and late runs were seeded");
    let shown = browser
        .text("[data-testid=attention-count]")
        .await
        .unwrap_or_default();
    assert!(
        shown.starts_with(&format!("{attention} runs")),
        "{shown:?} vs {attention}"
    );

    // The flows with failures: each one's count is the server's, and every flow is listed
    // up to five.
    let failed_in_window = |flow: Option<&str>| {
        let mut body = json!({"flow_runs": {"expected_start_time": window(),
            "state": {"type": {"any_": ["FAILED", "CRASHED"]}}}});
        if let Some(id) = flow {
            body["flows"] = json!({"id": {"any_": [id]}});
        }
        body
    };
    let failed = server.json("POST", "/flow_runs/filter", Some(failed_in_window(None)));
    let mut failing: Vec<&str> = failed
        .as_array()
        .expect("failed runs")
        .iter()
        .filter_map(|r| r["flow_id"].as_str())
        .collect();
    failing.sort_unstable();
    failing.dedup();
    assert!(!failing.is_empty(), "the seed failed runs");
    let listed: Vec<(String, i64)> = serde_json::from_value(
        browser
            .eval(
                "return [...document.querySelectorAll('[data-testid=failing-flow]')]\
                 .map(li => [li.dataset.id, Number(li.dataset.count)])",
            )
            .await,
    )
    .expect("failing flows");
    assert_eq!(
        listed.len(),
        failing.len().min(5),
        "{listed:?} vs {failing:?}"
    );
    for (id, shown) in &listed {
        assert!(failing.contains(&id.as_str()), "{id} failed");
        let expected = count(&server, "/flow_runs/count", failed_in_window(Some(id)));
        assert_eq!(*shown, expected, "flow {id}'s failed runs");
    }
    let all_failed = count(&server, "/flow_runs/count", failed_in_window(None));
    let said = format!("All {all_failed} failed or crashed runs");
    browser
        .wait_for_text("[data-testid=failing-all]", |t| t == said)
        .await;

    // A pool's card shows its newest runs in the window, up to 12, and how many completed.
    let in_pool = count(
        &server,
        "/flow_runs/count",
        json!({"flow_runs": {"expected_start_time": window()},
               "work_pools": {"name": {"any_": ["demo-pool"]}}}),
    );
    let late = count(
        &server,
        "/flow_runs/count",
        json!({"flow_runs": {"state": {"name": {"any_": ["Late"]}}},
               "work_pools": {"name": {"any_": ["demo-pool"]}}}),
    );
    assert!(late > 0, "the seed made a late run in demo-pool");
    let expected = match in_pool.min(12) {
        0 => "No runs in this window".to_string(),
        1 => "1 run · ".to_string(),
        n => format!("{n} runs · "),
    };
    let late_words = format!(" · {late} late");
    browser
        .wait_for_text(
            "[data-testid=dashboard-pool][data-name=demo-pool] [data-testid=pool-runs-summary]",
            |t| t.starts_with(&expected) && t.ends_with(&late_words),
        )
        .await;

    // Each listed run names its flow and its deployment as the server does.
    let rows: Vec<(String, String, String)> = serde_json::from_value(
        browser
            .eval(
                "return [...document.querySelectorAll('[data-testid=flow-run-row]')].map(r => \
                 [r.dataset.runId, r.querySelector('[data-testid=run-flow]').textContent, \
                  r.querySelector('[data-testid=run-deployment]').textContent])",
            )
            .await,
    )
    .expect("attention rows");
    assert!(!rows.is_empty(), "the card lists runs");
    let mut with_deployment = 0;
    for (id, flow, deployment) in &rows {
        let run = server.json("GET", &format!("/flow_runs/{id}"), None);
        let flow_id = run["flow_id"].as_str().unwrap_or_default();
        let named = server.json("GET", &format!("/flows/{flow_id}"), None);
        assert_eq!(
            Some(flow.as_str()),
            named["name"].as_str(),
            "run {id}'s flow"
        );
        match run["deployment_id"].as_str() {
            Some(deployment_id) => {
                with_deployment += 1;
                let named = server.json("GET", &format!("/deployments/{deployment_id}"), None);
                assert_eq!(
                    Some(deployment.as_str()),
                    named["name"].as_str(),
                    "run {id}'s deployment"
                );
            }
            None => assert_eq!(deployment, "", "run {id} has no deployment"),
        }
    }
    assert!(
        with_deployment >= 1,
        "the seed's late runs come from a deployment: {rows:?}"
    );

    let (verdict, text) = health(
        &browser,
        "[data-testid=dashboard-pool][data-name=demo-pool]",
    )
    .await;
    // A worker online, but unhealthy queues and a late run: it says so (#16).
    assert_eq!(verdict, "warning", "{text}");
    assert!(
        text.contains("queues unhealthy")
            && text.contains("late run")
            && text.contains("worker online"),
        "{text}"
    );
    let (verdict, text) = health(
        &browser,
        "[data-testid=dashboard-pool][data-name=quiet-pool]",
    )
    .await;
    assert_eq!(verdict, "unhealthy", "{text}");
    assert!(text.contains("Not ready"), "{text}");
    let (verdict, _) = health(
        &browser,
        "[data-testid=dashboard-pool][data-name=paused-pool]",
    )
    .await;
    assert_eq!(verdict, "paused");

    // The window and tags live in the URL.
    browser
        .goto(&format!("{}?range=7d&tag=seeded", nginx.url()))
        .await;
    let seeded = count(
        &server,
        "/flow_runs/count",
        json!({"flow_runs": {"tags": {"any_": ["seeded"]}, "expected_start_time": {
            "after_": (now() - Duration::days(7)).to_rfc3339(), "before_": now().to_rfc3339()
        }}}),
    );
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| t == seeded.to_string())
        .await;
    assert!(browser
        .text("#flow-runs-heading")
        .await
        .unwrap_or_default()
        .contains("Past 7 days"));

    // --- Work pools: a live worker, a quiet one, a paused pool.
    worker_is_alive(&server);
    browser.goto(&format!("{}work-pools", nginx.url())).await;
    let (verdict, text) =
        health(&browser, "[data-testid=work-pool-row][data-name=demo-pool]").await;
    // Its worker is online, and it has late runs: not a green "Ready" (#16).
    assert_eq!(verdict, "warning", "{text}");
    assert!(
        text.contains("Needs attention")
            && text.contains("1 worker online")
            && text.contains("late run"),
        "{text}"
    );
    let (verdict, text) = health(
        &browser,
        "[data-testid=work-pool-row][data-name=quiet-pool]",
    )
    .await;
    assert_eq!(verdict, "unhealthy", "{text}");
    assert!(
        text.contains("Not ready: no worker has sent a heartbeat for")
            && text.contains("(expected every 2 s)"),
        "{text}"
    );
    let (verdict, text) = health(
        &browser,
        "[data-testid=work-pool-row][data-name=paused-pool]",
    )
    .await;
    assert_eq!(verdict, "paused", "{text}");
    let late_in_pool = count(
        &server,
        "/flow_runs/count",
        json!({"flow_runs": {"state": {"name": {"any_": ["Late"]}}}, "work_pools": {"name": {"any_": ["demo-pool"]}}}),
    );
    assert_eq!(
        browser
            .text("[data-testid=work-pool-row][data-name=demo-pool] [data-testid=late-runs]")
            .await,
        Some(late_in_pool.to_string())
    );

    // --- One pool: queues by WorkQueueHealthPolicy, workers by heartbeat.
    browser
        .goto(&format!("{}work-pools/demo-pool", nginx.url()))
        .await;
    let queues = server.json(
        "POST",
        "/work_pools/demo-pool/queues/filter",
        Some(json!({})),
    );
    let default_id = queues
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["name"] == "default"))
        .map(|q| q["id"].as_str().unwrap_or_default().to_string())
        .expect("default queue");
    let status = server.json("GET", &format!("/work_queues/{default_id}/status"), None);
    let late = status["late_runs_count"].as_i64().expect("late count");
    assert!(late >= 1, "the seed made a late run: {status}");
    let (verdict, text) = health(&browser, "[data-testid=queue-row][data-name=default]").await;
    assert_eq!(verdict, "unhealthy", "{text}");
    let runs = if late == 1 { "late run" } else { "late runs" };
    assert!(
        text.contains(&format!("Unhealthy: {late} {runs}, at most 0 allowed")),
        "{text}"
    );
    let (verdict, text) = health(&browser, "[data-testid=queue-row][data-name=backfill]").await;
    assert_eq!(verdict, "paused", "{text}");
    let (verdict, text) = health(&browser, "[data-testid=worker-row][data-name=seed-worker]").await;
    assert_eq!(verdict, "healthy", "{text}");
    assert!(text.contains("expected every 30 s"), "{text}");
    browser
        .element("[data-testid=pool-deployment-row][data-name=etl-hourly]")
        .await;
    // Its worker is online: no hint to start one.
    assert_eq!(
        browser
            .eval("return document.querySelectorAll('[data-testid=worker-start-hint]').length")
            .await,
        json!(0)
    );

    // --- One queue, from its row: the same verdict, its late runs and its runs as the API
    // has them (a queue's runs go by its pool's name and its own).
    browser
        .click("[data-testid=queue-row][data-name=default] [data-testid=queue-link]")
        .await;
    browser
        .wait_for_text("[data-testid=queue-name]", |t| t == "default")
        .await;
    let url = browser.current_url().await;
    assert!(
        url.ends_with("/work-pools/demo-pool/queues/default"),
        "{url}"
    );
    let (verdict, text) = health(&browser, "[data-testid=queue-health]").await;
    assert_eq!(verdict, "unhealthy", "{text}");
    assert_eq!(
        browser.text("[data-testid=queue-late-runs]").await,
        Some(late.to_string())
    );
    for (part, sort, time) in [
        ("queue-recent", "EXPECTED_START_TIME_DESC", "before_"),
        ("queue-upcoming", "EXPECTED_START_TIME_ASC", "after_"),
    ] {
        let start = std::time::Instant::now();
        loop {
            let mut flow_runs = json!({
                "work_queue_name": {"any_": ["default"]},
                "expected_start_time": {time: now().to_rfc3339()},
            });
            if part == "queue-upcoming" {
                flow_runs["state"] = json!({"type": {"any_": ["SCHEDULED"]}});
            }
            let api = server.json(
                "POST",
                "/flow_runs/filter",
                Some(json!({
                    "work_pools": {"name": {"any_": ["demo-pool"]}},
                    "flow_runs": flow_runs, "sort": sort, "limit": 20,
                })),
            );
            let want: Vec<String> = api
                .as_array()
                .map(|runs| {
                    runs.iter()
                        .filter_map(|r| r["id"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let shown = browser
                .eval(&format!(
                    "return [...document.querySelectorAll('[data-testid={part}] [data-testid=flow-run-row]')]
                        .map(r => r.dataset.runId)"
                ))
                .await;
            let shown: Vec<String> = serde_json::from_value(shown).unwrap_or_default();
            if shown == want {
                // The late run (Scheduled, past its time) is among the recent ones.
                assert!(
                    part != "queue-recent" || !shown.is_empty(),
                    "no recent runs"
                );
                break;
            }
            assert!(
                start.elapsed().as_secs() < 30,
                "{part}: shown {shown:?}, the API's {want:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    }
    // A run's pool and queue link to their own pages.
    let links = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=queue-recent] .pool-queue a')]
                .slice(0, 2).map(a => a.getAttribute('href'))",
        )
        .await;
    assert_eq!(
        links,
        json!([
            "/work-pools/demo-pool",
            "/work-pools/demo-pool/queues/default"
        ])
    );
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "a clean console: {errors:?}");
    // An event of a run in this queue names the queue among its related resources; the
    // event's page links it to the queue's page (by the pool named beside it).
    let events = server.json(
        "POST",
        "/events/filter",
        Some(json!({
            "filter": {"related": {"id": [format!("prefect.work-queue.{default_id}")]}},
            "limit": 1,
        })),
    );
    let event = &events["events"][0];
    let event_id = event["id"].as_str().expect("an event of the queue's runs");
    browser
        .goto(&format!("{}events/event/{event_id}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=event-name]", |t| !t.is_empty())
        .await;
    let queue_links = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=event-related] h3 a')]
                .map(a => a.getAttribute('href'))
                .filter(h => h.includes('/queues/'))",
        )
        .await;
    assert_eq!(
        queue_links,
        json!(["/work-pools/demo-pool/queues/default"]),
        "{event}"
    );
    // The pool whose worker went quiet says how to start one.
    browser
        .goto(&format!("{}work-pools/quiet-pool", nginx.url()))
        .await;
    let hint = browser
        .wait_for_text("[data-testid=worker-start-hint] code", |t| !t.is_empty())
        .await;
    assert_eq!(hint, "prefect worker start --pool quiet-pool");
    browser
        .goto(&format!(
            "{}work-pools/demo-pool/queues/default",
            nginx.url()
        ))
        .await;
    browser.click("[data-testid=queue-pool-link]").await;
    browser
        .wait_for_text("[data-testid=pool-name]", |t| t == "demo-pool")
        .await;

    // --- Deployments: status, schedules in words, activity, next run.
    worker_is_alive(&server);
    browser.goto(&format!("{}deployments", nginx.url())).await;
    let row = "[data-testid=deployment-row][data-name=etl-hourly]";
    let (verdict, text) = health(&browser, row).await;
    assert_eq!(verdict, "healthy", "{text}");
    // The worker's heartbeat above makes the live page refetch: a row read while it is
    // re-rendered reads empty, so each read waits for its words.
    let status = browser
        .wait_for_text(&format!("{row} [data-testid=deployment-status]"), |t| {
            t.contains("Ready")
        })
        .await;
    // The pill says the server's status in words (never `READY`), the sentence why.
    assert!(!status.contains("READY"), "{status}");
    browser
        .wait_for_text(row, |t| {
            t.contains("Hourly at :00 (Europe/Berlin; cron 0 * * * *)")
        })
        .await;
    // Its runs fill in after the row shows.
    browser.element(&format!("{row}:not([data-pending])")).await;
    let activity = browser
        .attr(&format!("{row} [data-testid=activity]"), "aria-label")
        .await
        .unwrap_or_default();
    assert!(activity.starts_with("Last "), "{activity}");
    let weekly = "[data-testid=deployment-row][data-name=weekly-report]";
    let (verdict, _) = health(&browser, weekly).await;
    assert_eq!(verdict, "paused");
    assert!(browser
        .text(weekly)
        .await
        .unwrap_or_default()
        .contains("Every week on Monday at 09:00 (UTC)"));
    let every = browser
        .text("[data-testid=deployment-row][data-name=etl-every-10m]")
        .await
        .unwrap_or_default();
    assert!(every.contains("Every 10 min"), "{every}");

    // Search is in the URL.
    browser
        .goto(&format!("{}deployments?q=weekly", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.ends_with("· 1 deployments"))
        .await;

    // --- A deployment's page: markdown without raw HTML, parameters, schedules.
    let deployment = server.json("GET", "/deployments/name/etl/etl-hourly", None);
    let id = deployment["id"].as_str().expect("deployment id");
    // An upcoming run, whether or not Prefect's scheduler has run yet.
    let later = (now() + Duration::hours(2)).to_rfc3339();
    let upcoming = server.json(
        "POST",
        &format!("/deployments/{id}/create_flow_run"),
        Some(json!({"name": "upcoming-by-test", "state": {
            "type": "SCHEDULED", "name": "Scheduled", "state_details": {"scheduled_time": later}
        }})),
    );
    assert!(upcoming["id"].is_string(), "{upcoming}");
    browser
        .goto(&format!("{}deployments/{id}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=markdown] strong", |t| t == "warehouse")
        .await;
    let parameters = browser
        .text("[data-testid=parameters]")
        .await
        .unwrap_or_default();
    assert!(parameters.contains("\"rows\": 10"), "{parameters}");
    browser
        .wait_for_text("[data-testid=upcoming-runs]", |t| {
            t.contains("upcoming-by-test")
        })
        .await;
    browser
        .element("[data-testid=recent-runs] [data-testid=flow-run-row]")
        .await;

    // Raw HTML in a description stays text.
    let response = server.call(
        "PATCH",
        &format!("/deployments/{id}"),
        Some(json!({"description": "**Loud** <img src=x onerror=\"window.__xss=1\">"})),
    );
    assert!(response.status < 300, "PATCH answered {}", response.status);
    browser
        .goto(&format!("{}deployments/{id}?again=1", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=markdown] strong", |t| t == "Loud")
        .await;
    let safe = browser
        .eval(
            "return [window.__xss === undefined, document.querySelector('[data-testid=markdown] img') === null, \
             document.querySelector('[data-testid=markdown]').textContent.includes('<img src=x')]",
        )
        .await;
    assert_eq!(safe, json!([true, true, true]), "raw HTML is shown as text");

    browser.close().await;
}

/// A pool whose every queue is unhealthy gets one verdict and one reason wherever it is
/// shown: the dashboard's card, the pools list, its own page and the fleet card all judge
/// it from the same evidence (its workers, every queue, one list of late runs).
#[tokio::test(flavor = "multi_thread")]
async fn a_pool_reads_the_same_on_every_page() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": "sick-pool", "type": "process"})),
    );
    server.json(
        "POST",
        "/work_pools/sick-pool/queues",
        Some(json!({"name": "second"})),
    );
    // A worker is online, but no queue of the pool was ever polled: every queue is
    // unhealthy by Prefect's WorkQueueHealthPolicy.
    let beat = server.call(
        "POST",
        "/work_pools/sick-pool/workers/heartbeat",
        Some(json!({"name": "sick-worker", "heartbeat_interval_seconds": 600})),
    );
    assert!(beat.status < 300, "heartbeat answered {}", beat.status);
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;

    let places = [
        ("", "[data-testid=dashboard-pool][data-name=sick-pool]"),
        (
            "work-pools",
            "[data-testid=work-pool-row][data-name=sick-pool]",
        ),
        ("work-pools/sick-pool", "[data-testid=pool-health]"),
        (
            "workspaces",
            "[data-testid=fleet-card] [data-testid=fleet-pool][data-name=sick-pool]",
        ),
    ];
    let mut seen = Vec::new();
    for (path, css) in places {
        browser.goto(&format!("{}{path}", nginx.url())).await;
        let (verdict, text) = health(&browser, css).await;
        println!("/{path}: {verdict}: {text}");
        // The heartbeat's age moves on between pages; the judgement must not.
        let text = match text.split_once(", last heartbeat ") {
            Some((judged, _)) => judged.to_string(),
            None => text,
        };
        seen.push((path, verdict, text));
    }
    let (_, verdict, text) = &seen[0];
    assert_eq!(verdict, "unhealthy", "{text}");
    assert!(
        text.contains("all 2 of its queues are unhealthy") && text.contains("1 worker online"),
        "{text}"
    );
    for (path, other_verdict, other_text) in &seen[1..] {
        assert_eq!(
            (other_verdict, other_text),
            (verdict, text),
            "/{path} judges the pool as the dashboard does"
        );
    }
    // Said once: the hidden verdict word is not read before a reason that starts with it
    // (what a screen reader reads: the text outside aria-hidden parts).
    let spoken = browser
        .eval(
            "const b = document.querySelector('[data-testid=fleet-pool] [data-testid=health]')\
             .cloneNode(true);
             b.querySelectorAll('[aria-hidden=true]').forEach(e => e.remove());
             return b.textContent",
        )
        .await;
    let spoken = spoken.as_str().unwrap_or_default();
    assert!(
        spoken.matches("Unhealthy").count() == 1,
        "read as {spoken:?}"
    );
    browser.close().await;
}
