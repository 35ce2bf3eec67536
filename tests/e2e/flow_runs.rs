//! The flow runs page and a flow run's page, against a seeded real server.

use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

const XSS_NAME: &str = "<img src=x onerror=\"window.__xss=1\">";

fn window_count(server: &PrefectServer, state_names: Option<&[&str]>) -> i64 {
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    let mut filter = json!({"expected_start_time": {
        "after_": (now - Duration::hours(24)).to_rfc3339(),
        "before_": now.to_rfc3339(),
    }});
    if let Some(names) = state_names {
        filter["state"] = json!({"name": {"any_": names}});
    }
    server
        .json(
            "POST",
            "/flow_runs/count",
            Some(json!({"flow_runs": filter})),
        )
        .as_i64()
        .expect("count")
}

async fn row_count(browser: &Browser) -> i64 {
    browser
        .eval("return document.querySelectorAll('[data-testid=flow-run-row]').length")
        .await
        .as_i64()
        .unwrap_or(-1)
}

#[tokio::test(flavor = "multi_thread")]
async fn runs_page_shows_every_state_filters_by_url_and_counts_like_the_server() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    let flow = server.json("POST", "/flows/", Some(json!({"name": "untrusted-names"})));
    server.json("POST", "/flow_runs/", Some(json!({
        "flow_id": flow["id"], "name": XSS_NAME, "state": {"type": "COMPLETED", "name": "Completed"}
    })));
    // The first load's requests are counted: live updates off, so no event from the
    // server's own services (scheduler, foreman) can add a refetch to the count.
    let quiet = crate::support::nginx::dist_with_config(&tools, r#"{"live_updates": false}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&quiet),
    );
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs?size=200", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.contains("runs"))
        .await;

    // Every state type has a badge with its glyph and name; "Late" is a Scheduled state.
    let badges = browser.eval(
        "return [...document.querySelectorAll('[data-testid=flow-runs-table] [data-testid=state-badge]')]\
         .map(b => [b.dataset.stateType, b.textContent.trim()])",
    ).await;
    let badges: Vec<(String, String)> = serde_json::from_value(badges).expect("badge list");
    for (state_type, glyph, name) in [
        ("COMPLETED", "✓", "Completed"),
        ("FAILED", "✕", "Failed"),
        ("CRASHED", "⚡", "Crashed"),
        ("RUNNING", "▶", "Running"),
        ("PENDING", "…", "Pending"),
        ("SCHEDULED", "◷", "Late"),
        ("PAUSED", "‖", "Paused"),
        ("CANCELLED", "⊘", "Cancelled"),
        ("CANCELLING", "⊘", "Cancelling"),
    ] {
        let expected = (state_type.to_string(), format!("{glyph}{name}"));
        assert!(
            badges.contains(&expected),
            "no {expected:?} badge in {badges:?}"
        );
    }

    // The list and the history chart agree with the server's own count for the window.
    let total = window_count(&server, None);
    let pager = browser
        .text("[data-testid=pager]")
        .await
        .unwrap_or_default();
    assert!(
        pager.ends_with(&format!("· {total} runs")),
        "pager says {pager:?}, server counts {total}"
    );
    assert_eq!(row_count(&browser).await, total);
    let history_total = browser
        .wait_for_text("[data-testid=history-total]", |t| !t.is_empty())
        .await;
    assert_eq!(
        history_total,
        total.to_string(),
        "the chart's total is the server's count"
    );
    let api_requests: Vec<String> = nginx
        .access_log()
        .into_iter()
        .filter(|l| l.contains(" /api/"))
        .collect();
    println!(
        "flow runs page, first load: {} API requests:\n{}",
        api_requests.len(),
        api_requests.join("\n")
    );
    assert!(
        api_requests.len() <= 12,
        "lookups are batched, not per row: {api_requests:#?}"
    );

    // The API text is text: the name shows, no element or script came from it.
    let xss = browser.eval(&format!(
        "return [window.__xss === undefined, document.querySelector('[data-testid=flow-runs-table] img') === null, \
         [...document.querySelectorAll('[data-testid=flow-run-row] a')].some(a => a.textContent === {})]",
        serde_json::to_string(XSS_NAME).expect("json")
    )).await;
    assert_eq!(
        xss,
        json!([true, true, true]),
        "the run name is shown as text only"
    );

    // A filter changes the URL and the rows; the rows match a direct API count. The states
    // are behind one menu; what is chosen shows as a chip.
    browser.click("[data-testid=state-filter] summary").await;
    browser.click("input[name=state][value=Failed]").await;
    browser
        .wait_for_text("[data-testid=filter-chip]", |t| t.contains("State: Failed"))
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| {
            !t.ends_with(&format!("· {total} runs"))
        })
        .await;
    assert!(
        browser.current_url().await.contains("state=Failed"),
        "{}",
        browser.current_url().await
    );
    let failed = window_count(&server, Some(&["Failed"]));
    assert!(failed >= 1);
    assert_eq!(row_count(&browser).await, failed);
    assert_eq!(
        browser
            .text("[data-testid=history-total]")
            .await
            .unwrap_or_default(),
        failed.to_string()
    );

    // The URL alone reproduces the view.
    let url = browser.current_url().await;
    browser.goto("about:blank").await;
    browser.goto(&url).await;
    browser
        .wait_for_text("[data-testid=pager]", |t| {
            t.ends_with(&format!("· {failed} runs"))
        })
        .await;
    assert!(
        browser
            .eval("return document.querySelector('input[name=state][value=Failed]').checked")
            .await
            == json!(true)
    );

    // A state-type filter works the same way.
    browser
        .goto(&format!(
            "{}flow-runs?state_type=CRASHED,CANCELLED",
            nginx.url()
        ))
        .await;
    let crashed_or_cancelled = server
        .json(
            "POST",
            "/flow_runs/count",
            Some(json!({"flow_runs": {"state": {"type": {"any_": ["CRASHED", "CANCELLED"]}}}})),
        )
        .as_i64()
        .expect("count");
    browser
        .wait_for_text("[data-testid=pager]", |t| {
            t.ends_with(&format!("· {crashed_or_cancelled} runs"))
        })
        .await;
    assert_eq!(row_count(&browser).await, crashed_or_cancelled);
    // Each chosen value is a chip; removing one drops only it, the last brings all back.
    let chips = browser
        .texts("[data-testid=filter-chip] .filter-chip__label")
        .await;
    assert_eq!(
        chips,
        ["State type: Crashed", "State type: Cancelled"],
        "one chip per chosen state type"
    );
    let cancelled = server
        .json(
            "POST",
            "/flow_runs/count",
            Some(json!({"flow_runs": {"state": {"type": {"any_": ["CANCELLED"]}}}})),
        )
        .as_i64()
        .expect("count");
    browser
        .click("[data-testid=filter-chip] .filter-chip__remove")
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| {
            t.ends_with(&format!("· {cancelled} runs"))
        })
        .await;
    assert!(!browser.current_url().await.contains("CRASHED"));
    browser
        .click("[data-testid=filter-chip] .filter-chip__remove")
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| {
            t.ends_with(&format!("· {total} runs"))
        })
        .await;
    assert!(browser.texts("[data-testid=filter-chip]").await.is_empty());

    // Choosing a history bucket narrows the window to it.
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=history-total]", |t| t == total.to_string())
        .await;
    browser
        .click("[data-testid=history-bar][data-count]:not([data-count='0'])")
        .await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.contains("runs"))
        .await;
    let narrowed = browser.current_url().await;
    assert!(
        narrowed.contains("from=") && narrowed.contains("to="),
        "{narrowed}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runs_page_has_its_timeline_and_gantt() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    let runs = server.json("POST", "/flow_runs/filter", Some(json!({
        "flows": {"name": {"any_": ["etl"]}},
        "flow_runs": {"parent_task_run_id": {"is_null_": true}, "deployment_id": {"is_null_": true}},
        "sort": "START_TIME_DESC", "limit": 1
    })));
    let run = &runs[0];
    let id = run["id"].as_str().expect("id");
    let states = server.json("GET", &format!("/flow_run_states/?flow_run_id={id}"), None);
    let tasks = server.json(
        "POST",
        "/task_runs/count",
        Some(json!({"flow_runs": {"id": {"any_": [id]}}})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs/{id}", nginx.url()))
        .await;
    let name = browser
        .wait_for_text("[data-testid=flow-run-name]", |t| !t.is_empty())
        .await;
    assert_eq!(name, run["name"].as_str().unwrap_or_default());
    browser.wait_for_text("[data-testid=gantt]", |_| true).await;
    let counts = browser
        .eval(
            "return [document.querySelectorAll('[data-testid=timeline-segment]').length, \
                 document.querySelectorAll('[data-testid=gantt-bar]').length, \
                 Number(document.querySelector('[data-testid=gantt]').dataset.rows)]",
        )
        .await;
    let states_len = states.as_array().map_or(0, Vec::len) as i64;
    assert_eq!(
        counts[0].as_i64(),
        Some(states_len),
        "one segment per state the API returns"
    );
    assert_eq!(counts[1].as_i64(), tasks.as_i64(), "one bar per task run");
    assert_eq!(counts[2].as_i64(), tasks.as_i64());
    let levels = browser.eval("return [...document.querySelectorAll('[data-testid=log-level]')].map(e => e.textContent)").await;
    assert!(
        levels
            .as_array()
            .is_some_and(|l| l.iter().any(|v| v == "WARNING")),
        "{levels}"
    );
    browser
        .goto(&format!("{}flow-runs/{id}?level=30", nginx.url()))
        .await;
    browser.wait_for_text("[data-testid=logs]", |_| true).await;
    let filtered = browser.eval("return [...document.querySelectorAll('[data-testid=log-level]')].map(e => e.textContent)").await;
    assert!(
        filtered.as_array().is_some_and(|l| !l.is_empty()
            && l.iter()
                .all(|v| v == "WARNING" || v == "ERROR" || v == "CRITICAL")),
        "{filtered}"
    );

    // A parent run lists its subflow runs (named by its graph), the same as the API's
    // answer by parent; a run without subflows says so.
    let parents = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({
            "flows": {"name": {"any_": ["report"]}},
            "flow_runs": {"parent_task_run_id": {"is_null_": true}},
            "sort": "START_TIME_DESC", "limit": 1
        })),
    );
    let parent = parents[0]["id"].as_str().expect("the report run");
    let children = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flow_runs": {"parent_flow_run_id": {"any_": [parent]}}})),
    );
    let mut expected: Vec<String> = children
        .as_array()
        .map(|runs| {
            runs.iter()
                .filter_map(|r| r["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    expected.sort();
    assert!(
        expected.len() >= 2,
        "the report flow runs a subflow per day"
    );
    browser
        .goto(&format!("{}flow-runs/{parent}", nginx.url()))
        .await;
    browser.element("[data-testid=subflow-runs]").await;
    let shown = browser
        .eval("return [...document.querySelectorAll('[data-testid=subflow-runs] a')].map(a => a.textContent)")
        .await;
    let mut shown: Vec<String> = shown
        .as_array()
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    shown.sort();
    assert_eq!(shown, expected, "the subflow runs the API has");
    browser.close().await;
}

/// The time in the chosen zone (`data-absolute`: a list says "3 min ago" and shows it on
/// hover, a page's facts show it) and the UTC instant of the first `<time>` inside `css`.
async fn first_time(browser: &Browser, css: &str) -> (String, DateTime<Utc>) {
    let found = browser
        .eval(&format!("const t = document.querySelector('{css} time'); return t ? [t.dataset.absolute, t.getAttribute('datetime')] : null"))
        .await;
    let text = found[0].as_str().unwrap_or_default().to_string();
    let at = DateTime::parse_from_rfc3339(found[1].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("datetime attribute {found}: {e}"))
        .with_timezone(&Utc);
    (text, at)
}

#[tokio::test(flavor = "multi_thread")]
async fn times_follow_the_zone_chosen_in_settings_on_every_page() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}settings", nginx.url())).await;
    browser
        .fill("input[name=time-zone]", "Asia/Kolkata\u{e007}")
        .await;
    browser.click("nav a[href='/flow-runs']").await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.contains("runs"))
        .await;
    let kolkata = chrono::FixedOffset::east_opt(5 * 3600 + 1800).expect("offset");
    let (text, at) = first_time(&browser, "[data-testid=flow-runs-table]").await;
    assert_eq!(
        text,
        at.with_timezone(&kolkata)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        "list times are in Asia/Kolkata"
    );
    let href = browser
        .attr("[data-testid=flow-run-row] a.primary", "href")
        .await
        .unwrap_or_default();
    browser
        .click(&format!("[data-testid=flow-run-row] a[href='{href}']"))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-name]", |t| !t.is_empty())
        .await;
    browser
        .wait_for_text(".facts time", |t| !t.is_empty())
        .await;
    let (text, at) = first_time(&browser, ".facts").await;
    assert_eq!(
        browser.text(".facts time").await.unwrap_or_default(),
        text,
        "a page's facts show the time itself"
    );
    assert_eq!(
        text,
        at.with_timezone(&kolkata)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        "the run page uses the same zone"
    );
    browser.goto(&format!("{}settings", nginx.url())).await;
    browser.fill("input[name=time-zone]", "UTC\u{e007}").await;
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.contains("runs"))
        .await;
    let (text, at) = first_time(&browser, "[data-testid=flow-runs-table]").await;
    assert_eq!(
        text,
        at.format("%Y-%m-%d %H:%M:%S").to_string(),
        "UTC after choosing UTC, also after a reload"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn when_the_server_goes_down_the_data_stays_with_its_age() {
    let tools = Tools::locate();
    let mut server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let dist =
        crate::support::nginx::dist_with_config(&tools, r#"{"refresh_interval_seconds": 2}"#);
    let options = NginxOptions {
        dist: dist.path().to_path_buf(),
        ..NginxOptions::root(&tools, server.api_url())
    };
    let nginx = Nginx::start(&tools, options);
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=pager]", |t| t.ends_with("· 2 runs"))
        .await;
    assert_eq!(row_count(&browser).await, 2);
    server.stop();
    let note = browser
        .wait_for_text("[data-testid=stale-note]", |t| !t.is_empty())
        .await;
    assert!(note.starts_with("⏱ Showing data from "), "{note}");
    let errors = browser.eval("return [...document.querySelectorAll('[data-testid=error-panel]')].map(e => e.textContent)").await;
    assert!(
        errors.as_array().is_some_and(|e| e.iter().any(|t| t
            .as_str()
            .unwrap_or_default()
            .contains("Flow runs could not be loaded"))),
        "{errors}"
    );
    assert_eq!(
        row_count(&browser).await,
        2,
        "the last good rows stay on screen"
    );
    let header = browser
        .wait_for_text("[data-testid=connection]", |t| t.contains("unreachable"))
        .await;
    assert!(header.contains("Server unreachable"), "{header}");
    browser.close().await;
}

/// Every log of a run as the API pages them out, oldest first.
fn api_logs(server: &PrefectServer, run: &str) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    loop {
        let page = server.json(
            "POST",
            "/logs/filter",
            Some(json!({
                "logs": {"flow_run_id": {"any_": [run]}},
                "sort": "TIMESTAMP_ASC", "limit": 200, "offset": all.len()
            })),
        );
        let page = page.as_array().cloned().unwrap_or_default();
        let short = page.len() < 200;
        all.extend(page);
        if short {
            return all;
        }
    }
}

fn level_word(level: i64) -> &'static str {
    match level {
        l if l >= 50 => "CRITICAL",
        l if l >= 40 => "ERROR",
        l if l >= 30 => "WARNING",
        l if l >= 20 => "INFO",
        _ => "DEBUG",
    }
}

/// The log line the search looks for: markup that must stay text, an address that becomes
/// a link, a script URL that must not.
const NEEDLE_LINE: &str =
    "the NEEDLE-7f3a line, <b>as text</b>, at https://example.com/runs/needle-7f3a. javascript:alert(1)";

#[tokio::test(flavor = "multi_thread")]
async fn log_search_finds_a_line_on_a_later_page_and_the_download_is_the_whole_log() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({
            "flows": {"name": {"any_": ["etl"]}},
            "flow_runs": {"parent_task_run_id": {"is_null_": true}},
            "sort": "START_TIME_DESC", "limit": 1
        })),
    );
    let id = runs[0]["id"].as_str().expect("id").to_string();
    // 260 more lines after the run's own (more than a download page of 200, five pages of
    // 50 on screen); the one to find is the 230th, far beyond the first page.
    let start: DateTime<Utc> = std::time::SystemTime::now().into();
    let lines: Vec<serde_json::Value> = (0..260)
        .map(|i| {
            let message = if i == 230 {
                NEEDLE_LINE.to_string()
            } else {
                format!("haystack line {i}")
            };
            json!({
                "name": "e2e.haystack", "level": if i % 7 == 0 { 30 } else { 20 },
                "message": message, "flow_run_id": id,
                "timestamp": (start + Duration::milliseconds(i)).to_rfc3339(),
            })
        })
        .collect();
    server.json("POST", "/logs/", Some(json!(lines)));
    let logs = api_logs(&server, &id);
    assert!(logs.len() >= 260, "{} logs", logs.len());

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs/{id}", nginx.url()))
        .await;
    browser.wait_for_text("[data-testid=logs]", |_| true).await;
    let first_page = browser.text("[data-testid=logs]").await.unwrap_or_default();
    assert!(!first_page.contains("NEEDLE"), "not on the first page");

    browser
        .fill("[data-testid=log-search]", "needle-7F3A")
        .await;
    browser.press("\u{E007}").await;
    let marked = browser
        .wait_for_text("[data-testid=log-match]", |t| !t.is_empty())
        .await;
    assert_eq!(
        marked, "NEEDLE-7f3a",
        "the match is marked as it is written"
    );
    let shown = browser
        .eval("return [...document.querySelectorAll('[data-testid=log-message]')].map(e => e.textContent)")
        .await;
    assert_eq!(shown, json!([NEEDLE_LINE]));
    // Its address is a link (without the sentence's full stop), still marked inside; the
    // script URL stays text.
    let links = browser
        .eval(
            "return [...document.querySelectorAll('[data-testid=log-link]')]
                .map(a => [a.getAttribute('href'), a.target, a.rel, a.querySelector('mark')?.textContent])",
        )
        .await;
    assert_eq!(
        links,
        json!([[
            "https://example.com/runs/needle-7f3a",
            "_blank",
            "noopener noreferrer nofollow",
            "needle-7f3a"
        ]])
    );
    let url = browser.current_url().await;
    assert!(url.contains("logs_q=needle-7F3A"), "{url}");
    // The search is in the address: a reload shows the same line.
    browser.goto(&url).await;
    browser
        .wait_for_text("[data-testid=log-match]", |t| t == "NEEDLE-7f3a")
        .await;
    browser.click("[data-testid=log-search-clear]").await;
    browser
        .wait_for_text("[data-testid=logs-page]", |t| t == "Page 1")
        .await;

    let downloads = browser.download_dir().await;
    browser.click("[data-testid=log-download]").await;
    let status = browser
        .wait_for_text("[data-testid=log-download-status]", |t| {
            t.starts_with("Downloaded") || t.contains("could not")
        })
        .await;
    assert_eq!(status, format!("Downloaded {} lines.", logs.len()));
    let file = downloads.join(format!("flow-run-{id}.log"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !file.exists() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let text = std::fs::read_to_string(&file).expect("the downloaded log");
    let expected: String = logs
        .iter()
        .map(|log| {
            let at = DateTime::parse_from_rfc3339(log["timestamp"].as_str().unwrap_or_default())
                .expect("timestamp")
                .with_timezone(&Utc);
            format!(
                "{} | {:<8} | {} - {}\n",
                at.format("%Y-%m-%d %H:%M:%S%.3f"),
                level_word(log["level"].as_i64().unwrap_or_default()),
                log["name"].as_str().unwrap_or_default(),
                log["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        text, expected,
        "the download is the API's whole log, in order"
    );
    assert!(
        browser.console_errors().await.is_empty(),
        "{:?}",
        browser.console_errors().await
    );
    browser.close().await;
}

/// A page of runs of more than 200 distinct flows names every run's flow: Prefect answers
/// at most 200 names a request, so the lookup goes 200 ids at a time.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_of_runs_of_250_flows_names_every_flow() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    const FLOWS: usize = 250;
    for i in 0..FLOWS {
        let flow = server.json(
            "POST",
            "/flows/",
            Some(serde_json::json!({"name": format!("many-flow-{i:03}")})),
        );
        server.json(
            "POST",
            "/flow_runs/",
            Some(serde_json::json!({
                "flow_id": flow["id"],
                "name": format!("many-run-{i:03}"),
                "state": {"type": "SCHEDULED", "state_details": {
                    "scheduled_time": (now - chrono::Duration::minutes(30)).to_rfc3339()
                }},
            })),
        );
    }
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs?size=1000", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    // The table renders the rows in view: scroll through it, reading each run's flow cell
    // once its names are in.
    let read = "const rows = [...document.querySelectorAll('[data-testid=flow-run-row]')]; \
                return rows.filter(r => !r.dataset.pending).map(r => [\
                  r.querySelector('a[title]').title, \
                  r.querySelector('[data-testid=run-flow]').textContent.trim()])";
    let mut seen = std::collections::BTreeMap::new();
    let start = std::time::Instant::now();
    while seen.len() < FLOWS {
        let rows: Vec<(String, String)> =
            serde_json::from_value(browser.eval(read).await).unwrap_or_default();
        for (run, flow) in rows {
            if flow.starts_with("many-flow-") {
                seen.insert(run, flow);
            }
        }
        assert!(
            start.elapsed() < crate::support::browser::WAIT * 2,
            "{} of {FLOWS} runs show their flow's name; the last: {:?}",
            seen.len(),
            seen.iter().last()
        );
        browser
            .eval(
                "const s = document.querySelector('.table-scroll--windowed'); \
                 s.scrollTop = Math.min(s.scrollTop + s.clientHeight / 2, s.scrollHeight); \
                 if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) s.scrollTop = 0; \
                 return null",
            )
            .await;
        browser.wait_settled().await;
    }
    for (run, flow) in &seen {
        assert_eq!(
            run.replace("many-run-", "many-flow-"),
            *flow,
            "run {run} names its own flow"
        );
    }
    browser.close().await;
}
