//! `make bench-live`: state-change-to-screen latency, this dashboard against Prefect's own
//! UI served by the same server in the same run. For each page (runs list, a run's page,
//! the dashboard) it makes 10 state changes through the API, each with a state name never
//! used before, and times how long the page takes to show that name (a MutationObserver in
//! the page stamps the moment; the browser and this process share the machine's clock).
//! Polling is set to 600 s for this dashboard, so what it shows, the events stream brought.
//! On the dashboards the change is to Failed (what a dashboard lists by name). Changes are
//! 1.5 s apart; a UI that shows neither of the first two changes is counted as missing all.
//! Prints median and worst per page and UI, and their ratios.

#[path = "../support/mod.rs"]
mod support;

use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::nginx::dist_with_config;
use support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};

const CHANGES: usize = 10;
/// Longer than any poll of Prefect's UIs (30 s): a change not seen by then counts as missed.
const GIVE_UP: Duration = Duration::from_secs(45);

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// Watches the page for `text`; `window.__seen` gets the moment it appears.
fn watch_script(text: &str) -> String {
    format!(
        "window.__seen = null; const target = {text:?}; \
         const check = () => {{ if (!window.__seen && document.body.innerText.includes(target)) window.__seen = Date.now(); }}; \
         if (window.__observer) window.__observer.disconnect(); \
         window.__observer = new MutationObserver(check); \
         window.__observer.observe(document.body, {{subtree: true, childList: true, characterData: true}}); \
         check(); return true;"
    )
}

/// One latency: from the API call that changes the state to the page showing it, or None.
async fn one_change(
    browser: &Browser,
    server: &PrefectServer,
    run: &str,
    state_type: &str,
    name: &str,
) -> Option<f64> {
    browser.eval(&watch_script(name)).await;
    let started = now_ms();
    server.json(
        "POST",
        &format!("/flow_runs/{run}/set_state"),
        Some(json!({"state": {"type": state_type, "name": name}, "force": true})),
    );
    let deadline = std::time::Instant::now() + GIVE_UP;
    while std::time::Instant::now() < deadline {
        if let Some(seen) = browser.eval("return window.__seen").await.as_f64() {
            return Some((seen - started).max(0.0));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

struct Measured {
    page: &'static str,
    ui: &'static str,
    latencies: Vec<f64>,
    missed: usize,
}

impl Measured {
    fn median(&self) -> Option<f64> {
        let mut sorted = self.latencies.clone();
        sorted.sort_by(f64::total_cmp);
        (!sorted.is_empty()).then(|| sorted[sorted.len() / 2])
    }

    fn worst(&self) -> Option<f64> {
        self.latencies.iter().copied().reduce(f64::max)
    }
}

async fn measure(
    browser: &Browser,
    server: &PrefectServer,
    run: &str,
    url: &str,
    page: &'static str,
    ui: &'static str,
) -> Measured {
    // The dashboard lists the runs that need attention: a failed one shows there.
    let state_type = if page == "dashboard" {
        "FAILED"
    } else {
        "RUNNING"
    };
    browser.goto(url).await;
    // Loaded: the run's current state name is on screen.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut measured = Measured {
        page,
        ui,
        latencies: Vec::new(),
        missed: 0,
    };
    let code = match page {
        "runs list" => "List",
        "run page" => "Page",
        _ => "Dash",
    };
    for i in 0..CHANGES {
        // A name no page has shown before, so only this change can make it appear.
        let name = format!("B{code}{}{i:02}", &ui[..4]).replace(' ', "");
        match one_change(browser, server, run, state_type, &name).await {
            Some(ms) => measured.latencies.push(ms),
            None => measured.missed += 1,
        }
        // A UI that showed none of the first two will not show the rest: count them missed.
        if i == 1 && measured.latencies.is_empty() {
            measured.missed = CHANGES;
            break;
        }
        // Changes a moment apart, as a run's do: each is its own event, not one burst.
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    measured
}

fn seconds(ms: Option<f64>) -> String {
    ms.map_or_else(|| "—".to_string(), |ms| format!("{:.2} s", ms / 1000.0))
}

#[tokio::test(flavor = "multi_thread")]
async fn state_change_to_screen_latency() {
    let tools = Tools::locate();
    let server = PrefectServer::start(
        &tools,
        PrefectOptions {
            env: vec![("PREFECT_SERVER_UI_ENABLED".into(), "true".into())],
            ..Default::default()
        },
    );
    let summary = server.seed(&tools, "worker");
    let deployment = summary["worker_deployments"]["sleepy"]
        .as_str()
        .expect("the sleepy deployment")
        .to_string();
    let run = server.json(
        "POST",
        &format!("/deployments/{deployment}/create_flow_run"),
        Some(json!({"state": {"type": "RUNNING", "name": "Bench"}})),
    );
    let run_id = run["id"].as_str().expect("run id").to_string();
    let dist = dist_with_config(&tools, r#"{"refresh_interval_seconds": 600}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            ..NginxOptions::root(&tools, server.api_url())
        },
    );
    let prefect_ui = format!("http://127.0.0.1:{}", server.port);
    let browser = Browser::start(&tools).await;
    let pages: [(&str, String, String); 3] = [
        (
            "runs list",
            format!("{}flow-runs", nginx.url()),
            format!("{prefect_ui}/runs"),
        ),
        (
            "run page",
            format!("{}flow-runs/{run_id}", nginx.url()),
            format!("{prefect_ui}/runs/flow-run/{run_id}"),
        ),
        ("dashboard", nginx.url(), format!("{prefect_ui}/dashboard")),
    ];
    let mut results = Vec::new();
    for (page, ours, theirs) in &pages {
        results.push(measure(&browser, &server, &run_id, ours, page, "this dashboard").await);
        results.push(measure(&browser, &server, &run_id, theirs, page, "Prefect UI").await);
    }
    browser.close().await;

    println!(
        "\nstate change -> screen, {CHANGES} changes per page (Prefect {}):",
        server.json("GET", "/admin/version", None)
    );
    println!(
        "{:<10} {:<15} {:>9} {:>9} {:>7}",
        "page", "ui", "median", "worst", "missed"
    );
    for m in &results {
        println!(
            "{:<10} {:<15} {:>9} {:>9} {:>7}",
            m.page,
            m.ui,
            seconds(m.median()),
            seconds(m.worst()),
            m.missed
        );
    }
    for pair in results.chunks(2) {
        if let [ours, theirs] = pair {
            let ratio = match (ours.median(), theirs.median()) {
                (Some(a), Some(b)) if a > 0.0 => format!("{:.1}x faster at the median", b / a),
                (Some(_), None) => "Prefect's UI never showed the changes".into(),
                _ => "no ratio".into(),
            };
            println!("{:<10} {ratio}", ours.page);
        }
    }
    let ours: Vec<&Measured> = results
        .iter()
        .filter(|m| m.ui == "this dashboard")
        .collect();
    for m in ours {
        assert_eq!(
            m.missed, 0,
            "this dashboard missed changes on the {}",
            m.page
        );
    }
}
