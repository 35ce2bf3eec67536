//! What a hostile world sends: health that would contradict itself, and numbers in the
//! address that are past anything the server holds.

use crate::support::hostile::{recursive_schema, repeated_rrule, sparse_table};
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_ready_pool_whose_every_queue_is_unhealthy_is_not_green() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": "contradiction", "type": "process"})),
    );
    // A worker heartbeats, so Prefect calls the pool READY; no worker ever polls its queue,
    // so by Prefect's own queue health policy that queue is unhealthy.
    let beat = server.call(
        "POST",
        "/work_pools/contradiction/workers/heartbeat",
        Some(json!({"name": "w1", "heartbeat_interval_seconds": 30})),
    );
    assert!(beat.status < 300, "heartbeat: {}", beat.status);
    let pool = server.json("GET", "/work_pools/contradiction", None);
    assert_eq!(
        pool["status"], "READY",
        "the server's own word for the pool"
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}work-pools/contradiction", nginx.url()))
        .await;
    let verdict = browser
        .wait_for_text("[data-testid=pool-health]", |t| !t.is_empty())
        .await;
    assert!(
        verdict.contains("Unhealthy") && verdict.contains("its only queue is unhealthy"),
        "the pool page: {verdict}"
    );
    assert!(
        verdict.contains("1 worker online"),
        "and its own facts: {verdict}"
    );
    browser.goto(&format!("{}work-pools", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=work-pools-table]", |t| {
            t.contains("contradiction")
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_past_the_last_says_so_and_offers_the_last() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs?page=4294967295", nginx.url()))
        .await;
    let said = browser
        .wait_for_text("[data-testid=past-last-page]", |t| !t.is_empty())
        .await;
    assert!(
        said.contains("Page 4294967295 is past the last page: 2 flow runs match, on 1 page."),
        "{said}"
    );
    assert!(browser.text("[data-testid=no-runs]").await.is_none());
    browser.click("[data-testid=past-last-page] button").await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.starts_with("Page 1 of 1"))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    for odd in ["-3", "0", "4294967296", "1e9", "%F0%9F%92%A5"] {
        browser
            .goto(&format!(
                "{}flow-runs?page={odd}&size=99999999999",
                nginx.url()
            ))
            .await;
        browser
            .wait_for_text("[data-testid=pager]", |t| t.starts_with("Page 1 of 1"))
            .await;
    }
    // The timeline's window from any address: clamped to one the arithmetic survives, said
    // in words, and the page draws (the minimal seed has no deployment: it says so).
    for (query, said) in [
        ("from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", " UTC"),
        (
            "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
            "12 hours either side of now",
        ),
        (
            "window=%F0%9F%92%A5&from=1e99&to=-1",
            "12 hours either side of now",
        ),
    ] {
        browser
            .goto(&format!("{}timeline?{query}", nginx.url()))
            .await;
        browser
            .wait_for_text("[data-testid=timeline-window]", |t| t.ends_with(said))
            .await;
        browser
            .wait_for_text("[data-testid=timeline-empty]", |t| !t.is_empty())
            .await;
    }
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    browser.close().await;
}

/// A name of `n` characters that starts with `prefix` (letters only: valid everywhere).
fn long(prefix: &str, n: usize) -> String {
    let mut name = prefix.to_string();
    while name.len() < n {
        name.push_str("-abcdefghij");
    }
    name.truncate(n);
    name
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_character_names_keep_every_layout_and_rrules_read_as_words() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let (flow, pool, queue, deployment, run, tag, worker) = (
        long("flow", 200),
        long("pool", 200),
        long("queue", 200),
        long("deployment", 200),
        long("run", 200),
        long("tag", 200),
        long("worker", 200),
    );
    let flow_id = server.json("POST", "/flows/", Some(json!({"name": flow})))["id"].clone();
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": pool, "type": "process", "concurrency_limit": 1})),
    );
    server.json(
        "POST",
        &format!("/work_pools/{pool}/queues"),
        Some(json!({"name": queue})),
    );
    let beat = server.call(
        "POST",
        &format!("/work_pools/{pool}/workers/heartbeat"),
        Some(json!({"name": worker, "heartbeat_interval_seconds": 30})),
    );
    assert!(beat.status < 300, "heartbeat: {}", beat.status);
    let rule = "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9,17;BYMINUTE=30;COUNT=20";
    let deployment_id = server.json(
        "POST",
        "/deployments/",
        Some(json!({
            "name": deployment, "flow_id": flow_id, "work_pool_name": pool,
            "work_queue_name": queue, "tags": [tag],
            "schedules": [
                {"schedule": {"rrule": rule, "timezone": "UTC"}, "active": false},
                {"schedule": {"rrule": "FREQ=YEARLY;BYEASTER=0", "timezone": "UTC"}, "active": false},
            ],
        })),
    )["id"]
        .as_str()
        .expect("deployment id")
        .to_string();
    let run_id = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({
            "flow_id": flow_id, "name": run, "deployment_id": deployment_id,
            "tags": [tag], "state": {"type": "RUNNING"},
        })),
    )["id"]
        .as_str()
        .expect("run id")
        .to_string();
    let task_name = long("task", 200);
    let task_run_id = server.json(
        "POST",
        "/task_runs/",
        Some(json!({
            "flow_run_id": run_id, "name": task_name, "task_key": long("key", 200),
            "dynamic_key": "0", "tags": [tag], "state": {"type": "RUNNING"},
            "cache_key": long("cache", 200),
        })),
    )["id"]
        .as_str()
        .expect("task run id")
        .to_string();
    // A tag limit on the long tag, held by the long task run; a global limit and a variable
    // with long names and a long unbroken value.
    server.json(
        "POST",
        "/concurrency_limits/",
        Some(json!({"tag": tag, "concurrency_limit": 1})),
    );
    server.json(
        "POST",
        "/concurrency_limits/increment",
        Some(json!({"names": [tag], "task_run_id": task_run_id})),
    );
    server.json(
        "POST",
        "/v2/concurrency_limits/",
        Some(json!({"name": long("limit", 200), "limit": 1})),
    );
    server.json(
        "POST",
        "/variables/",
        Some(json!({"name": long("variable", 200).replace('-', "_"), "value": long("value", 200), "tags": [tag]})),
    );
    let artifact = long("artifact", 200);
    server.json(
        "POST",
        "/artifacts/",
        Some(json!({
            "key": artifact, "type": "markdown", "flow_run_id": run_id,
            "task_run_id": task_run_id, "data": long("markdown", 200),
            "description": long("description", 200),
        })),
    );
    let secret_type = server.json("GET", "/block_types/slug/secret", None);
    let secret_schema = server.json(
        "POST",
        "/block_schemas/filter",
        Some(
            json!({"block_schemas": {"block_type_id": {"any_": [secret_type["id"]]}}, "limit": 1}),
        ),
    );
    let block_id = server.json(
        "POST",
        "/block_documents/",
        Some(json!({
            "name": long("block", 200), "data": {"value": long("value", 200)},
            "block_schema_id": secret_schema[0]["id"], "block_type_id": secret_type["id"],
        })),
    )["id"]
        .as_str()
        .expect("block id")
        .to_string();
    server.json(
        "POST",
        "/automations/",
        Some(json!({
            "name": long("automation", 200), "description": long("description", 200),
            "tags": [tag],
            "trigger": {
                "type": "event", "posture": "Reactive",
                "match": {"prefect.resource.id": format!("prefect.flow-run.{run_id}"),
                          "prefect.resource.name": long("name", 200)},
                "expect": [format!("prefect.flow-run.{}", long("state", 200))],
            },
            "actions": [{"type": "change-flow-run-state", "state": "FAILED", "name": long("state", 200)}],
        })),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;

    // The schedule in words; a rule that cannot be put in words is said so, its text folded.
    browser
        .goto(&format!("{}deployments/{deployment_id}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=schedule]", |t| !t.is_empty())
        .await;
    let all = browser
        .eval("return [...document.querySelectorAll('[data-testid=schedule]')].map(e => e.innerText).join('\\n')")
        .await;
    let all = all.as_str().unwrap_or_default().to_string();
    assert!(
        all.contains(
            "Every week on Monday and Friday at 09:30 and 17:30, 20 times (UTC) (inactive)"
        ),
        "{all}"
    );
    assert!(all.contains("Custom RRule (UTC)"), "{all}");
    browser.element("[data-testid=schedule-raw]").await;

    let encoded = pool.clone();
    let pages = [
        String::new(),
        "flow-runs".to_string(),
        "timeline?window=past-7d&group=pool".to_string(),
        format!("flow-runs/{run_id}"),
        format!("flow-runs/compare?a={run_id}&b={run_id}"),
        format!("task-runs/{task_run_id}"),
        "task-runs".to_string(),
        "flows".to_string(),
        format!("flows/{}", flow_id.as_str().unwrap_or_default()),
        "deployments".to_string(),
        format!("deployments/{deployment_id}"),
        "work-pools".to_string(),
        format!("work-pools/{encoded}"),
        format!("work-pools/{encoded}/queues/{queue}"),
        "concurrency-limits".to_string(),
        "variables".to_string(),
        "artifacts".to_string(),
        "blocks".to_string(),
        format!("blocks/{block_id}"),
        format!("artifacts/key/{artifact}"),
        "events".to_string(),
        format!("events?resource=prefect.flow-run.{run_id}"),
        "automations".to_string(),
        "workspaces".to_string(),
        "settings".to_string(),
    ];
    for width in [1280, 800, 390] {
        browser
            .client
            .set_window_size(width, 900)
            .await
            .expect("resize the window");
        for path in &pages {
            browser.goto(&format!("{}{path}", nginx.url())).await;
            browser.wait_for_text("h1", |t| !t.is_empty()).await;
            // The lists and the long names have arrived.
            browser.wait_settled().await;
            if let Some(wide) = browser.wider_than_window().await {
                panic!("/{path} at {width} px: {wide}");
            }
            // At 1280 px the runs list shows a run's name, start, duration and lateness
            // without scrolling sideways, 200-character names and all.
            if width == 1280 && path == "flow-runs" {
                let shown = browser
                    .eval(
                        "const box = document.querySelector('[data-testid=flow-runs-table]')
                           .closest('.table-scroll').getBoundingClientRect();
                         return [...document.querySelectorAll('[data-testid=flow-runs-table] th')]
                           .filter(th => ['Run', 'Start', 'Duration', 'Lateness']
                             .includes(th.textContent.trim()))
                           .map(th => th.getBoundingClientRect().right <= box.right + 1)",
                    )
                    .await;
                assert_eq!(
                    shown,
                    serde_json::json!([true, true, true, true]),
                    "run, start, duration and lateness in view at 1280 px"
                );
            }
        }
    }
    // Search hits of every kind with 200-character names stay inside the search box (the
    // window is a phone's 390 px here), and a 200-character view name is kept at 80.
    browser.goto(&format!("{}settings", nginx.url())).await;
    browser.wait_for_text("h1", |t| !t.is_empty()).await;
    browser.keys("/").await;
    browser
        .element("dialog[data-testid=search-dialog][open]")
        .await;
    browser.keys("abcdefghij-abc").await;
    let start = std::time::Instant::now();
    while browser.texts("[data-testid=search-hit]").await.len() < 6 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "hits: {:?}",
            browser.texts("[data-testid=search-hit]").await
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let fits = browser
        .eval(
            "const d = document.querySelector('[data-testid=search-dialog]');
             return [d.scrollWidth, d.clientWidth, document.documentElement.scrollWidth, innerWidth]",
        )
        .await;
    let width = |i: usize| fits[i].as_i64().unwrap_or(i64::MAX);
    assert!(
        width(0) <= width(1) && width(2) <= fits[3].as_i64().unwrap_or(0),
        "search box and page widths: {fits}"
    );
    browser
        .keys(&fantoccini::key::Key::Escape.to_string())
        .await;
    browser
        .goto(&format!("{}flow-runs?q={}", nginx.url(), &run[..20]))
        .await;
    browser.click("[data-testid=saved-views] summary").await;
    browser
        .fill("[data-testid=saved-view-name]", &long("view", 200))
        .await;
    browser.click("[data-testid=saved-view-save]").await;
    browser.element("[data-testid=saved-views-nav]").await;
    let saved = browser
        .texts("[data-testid=saved-views-nav]")
        .await
        .join("");
    assert!(
        saved.contains(&long("view", 80)) && !saved.contains(&long("view", 81)),
        "{saved}"
    );
    let page = browser
        .eval("return [document.documentElement.scrollWidth, innerWidth]")
        .await;
    assert!(
        page[0].as_i64().unwrap_or(i64::MAX) <= page[1].as_i64().unwrap_or(0),
        "with a long view name: {page}"
    );

    // The whole name is there for whoever needs it: in the title of its cell.
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    let title = browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    assert!(!title.is_empty());
    let titled = browser
        .attr("[data-testid=flow-run-row] a[title]", "title")
        .await
        .unwrap_or_default();
    assert_eq!(titled, run);
    browser.close().await;
}

/// Records any flow or API user can write in a few kilobytes, each of which once froze the
/// tab that showed it: an RRULE of repeated values, a table whose rows all have other keys,
/// a recursive parameter schema, a log line of megabytes searched from the address. Each
/// page shows what it can and keeps answering (a frozen tab fails every wait below).
#[tokio::test(flavor = "multi_thread")]
async fn records_that_would_freeze_a_tab_cost_what_is_shown() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow_id = server.json("POST", "/flows/", Some(json!({"name": "hostile"})))["id"].clone();
    // 6,000 characters of BY* values (1020 x 1000 x 960 times listed naively; twelve
    // distinct), a model that refers to itself eight times.
    let rule = repeated_rrule();
    assert!(rule.len() > 5_900 && rule.len() <= 6_500, "{}", rule.len());
    let schema = recursive_schema();
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({
            "name": "hostile", "flow_id": flow_id,
            "schedules": [{"schedule": {"rrule": rule, "timezone": "UTC"}, "active": false}],
            "parameter_openapi_schema": schema,
        })),
    )["id"]
        .as_str()
        .expect("deployment id")
        .to_string();
    let run = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow_id, "name": "hostile-run", "state": {"type": "COMPLETED"}})),
    )["id"]
        .as_str()
        .expect("run id")
        .to_string();
    // 5,000 rows, each with a key of its own.
    server.json(
        "POST",
        "/artifacts/",
        Some(json!({
            "key": "sparse", "type": "table", "flow_run_id": run, "data": sparse_table(5_000),
        })),
    );
    // One log line of 2 MB of near-misses for the search below.
    let line = format!("{} needle", "ab".repeat(1_000_000));
    let logged = server.call(
        "POST",
        "/logs/",
        Some(
            json!([{"name": "hostile", "level": 20, "message": line, "flow_run_id": run,
            "timestamp": crate::actions::now().to_rfc3339()}]),
        ),
    );
    assert!(
        logged.status < 300,
        "log: {} {}",
        logged.status,
        logged.body
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;

    browser
        .goto(&format!("{}deployments/{deployment}", nginx.url()))
        .await;
    let said = browser
        .wait_for_text("[data-testid=schedule]", |t| t.contains("more"))
        .await;
    assert!(
        said.contains("Every day at 01:03:05, 01:03:06") && said.contains("and 4 more"),
        "{said}"
    );
    // The custom-run form of the recursive schema: the cycle is JSON, not 8^6 fields.
    browser
        .click("[data-testid=action][data-action='Custom run']")
        .await;
    browser
        .wait_for_text("dialog[open][data-testid=custom-run] h2", |t| !t.is_empty())
        .await;
    let fields = browser
        .eval("return document.querySelectorAll('dialog[open] [data-testid=param]').length")
        .await;
    assert_eq!(fields, json!(8), "the tree's eight children, each as JSON");
    let help = browser
        .text("dialog[open] .field-help")
        .await
        .unwrap_or_default();
    assert!(help.contains("recursive model"), "{help}");

    browser
        .goto(&format!("{}artifacts/key/sparse", nginx.url()))
        .await;
    let more = browser
        .wait_for_text("[data-testid=artifact-table-more]", |t| !t.is_empty())
        .await;
    assert_eq!(more, "4500 more rows and 4950 more columns not shown");
    let cells = browser
        .eval("return document.querySelector('[data-testid=artifact-table]').querySelectorAll('td').length")
        .await;
    assert_eq!(cells, json!(500 * 50));

    browser
        .goto(&format!(
            "{}flow-runs/{run}?logs_q=ababababababababababx%20needle",
            nginx.url()
        ))
        .await;
    let unfold = browser
        .wait_for_text("[data-testid=log-unfold]", |t| !t.is_empty())
        .await;
    assert_eq!(unfold, format!("… {} more characters", line.len() - 2_000));
    let shown = browser
        .eval("return document.querySelector('[data-testid=log-message]').textContent.length")
        .await;
    assert!(
        shown.as_u64().is_some_and(|n| n < 2_100),
        "the folded line: {shown}"
    );
    // Unfolded: the whole line, and the search term marked in it.
    browser.click("[data-testid=log-unfold]").await;
    browser
        .wait_for_text("[data-testid=log-unfold]", |t| t == "Fold the line")
        .await;
    let marks = browser
        .eval("return [...document.querySelectorAll('[data-testid=log-match]')].map(m => m.textContent)")
        .await;
    assert_eq!(marks, json!([]), "the match lies past the highlighted part");
    browser.close().await;
}
