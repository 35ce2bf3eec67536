//! `make bench-live`: state-change-to-screen latency, this dashboard against Prefect's own
//! UIs (React under `/v2`, what `/` opens; Vue at the paths without it) served by the same
//! server in the same run. For each page (runs list, a run's page,
//! the dashboard) it makes 10 state changes through the API, each with a state name never
//! used before, and times how long the page takes to show that name (a MutationObserver in
//! the page stamps the moment; the browser and this process share the machine's clock).
//! Polling is set to 600 s for this dashboard, so what it shows, the events stream brought.
//! On the dashboards the change is to Failed (what a dashboard lists by name). Changes are
//! 1.5 s apart; a UI that shows neither of the first two changes is counted as missing all.
//! Prints median and worst per page and UI, and their ratios.

#[path = "../support/mod.rs"]
mod support;

mod cold;
mod hostile;
mod storm;

use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::nginx::dist_with_config;
use support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, ScaleBed, Tools};

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

/// `changes` state changes of `run` on `page`, the i-th through `servers[i % len]`.
async fn measure(
    browser: &Browser,
    servers: &[&PrefectServer],
    changes: usize,
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
    for i in 0..changes {
        // A name no page has shown before, so only this change can make it appear.
        let name = format!("B{code}{}{i:02}", &ui[ui.len() - 4..]).replace(' ', "");
        let server = servers[i % servers.len()];
        match one_change(browser, server, run, state_type, &name).await {
            Some(ms) => measured.latencies.push(ms),
            None => measured.missed += 1,
        }
        // A UI that showed none of the first two will not show the rest: count them missed.
        if i == 1 && measured.latencies.is_empty() {
            measured.missed = changes;
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

/// What the latency benches measure on: a running run of the worker profile's `sleepy`
/// deployment (made through `server`), and this dashboard behind nginx over `api_urls`
/// polling every 600 s (what it shows, the stream brought): (the run's id, nginx, its dist).
fn bench_bed(
    tools: &Tools,
    server: &PrefectServer,
    api_urls: String,
) -> (String, Nginx, support::process::TempDir) {
    let summary = server.seed(tools, "worker");
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
    let dist = dist_with_config(tools, r#"{"refresh_interval_seconds": 600}"#);
    let nginx = Nginx::start(
        tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            ..NginxOptions::root(tools, api_urls)
        },
    );
    (run_id, nginx, dist)
}

/// The pages a change is watched on: (page, this dashboard's address, Prefect's React UI's
/// (under `/v2`, what `/` opens), its Vue UI's (the paths without `/v2`)).
fn watched_pages(
    nginx: &Nginx,
    prefect_ui: &str,
    run_id: &str,
) -> Vec<(&'static str, [String; 3])> {
    let prefect = |path: &str| {
        [
            format!("{prefect_ui}/v2{path}"),
            format!("{prefect_ui}{path}"),
        ]
    };
    let page = |name, ours: String, path: &str| {
        let [react, vue] = prefect(path);
        (name, [ours, react, vue])
    };
    vec![
        page("runs list", format!("{}flow-runs", nginx.url()), "/runs"),
        page(
            "run page",
            format!("{}flow-runs/{run_id}", nginx.url()),
            &format!("/runs/flow-run/{run_id}"),
        ),
        page("dashboard", nginx.url(), "/dashboard"),
    ]
}

/// The UIs each page is measured in, in the order of [`watched_pages`]' addresses.
const UIS: [&str; 3] = ["this dashboard", "Prefect React", "Prefect Vue"];

#[tokio::test(flavor = "multi_thread")]
async fn state_change_to_screen_latency() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::with_ui(Vec::new()));
    let (run_id, nginx, _dist) = bench_bed(&tools, &server, server.api_url());
    let prefect_ui = format!("http://127.0.0.1:{}", server.port);
    let browser = Browser::start(&tools).await;
    let pages = watched_pages(&nginx, &prefect_ui, &run_id);
    let mut results = Vec::new();
    for (page, urls) in &pages {
        for (url, ui) in urls.iter().zip(UIS) {
            results.push(measure(&browser, &[&server], CHANGES, &run_id, url, page, ui).await);
        }
    }
    browser.close().await;
    println!(
        "\nstate change -> screen, {CHANGES} changes per page (Prefect {}):",
        server.json("GET", "/admin/version", None)
    );
    report(&results);
}

/// The table of `results` (this dashboard's, then each of Prefect's UIs', per page) and their ratios; fails
/// when this dashboard missed a change.
fn report(results: &[Measured]) {
    println!(
        "{:<10} {:<15} {:>9} {:>9} {:>7}",
        "page", "ui", "median", "worst", "missed"
    );
    for m in results {
        println!(
            "{:<10} {:<15} {:>9} {:>9} {:>7}",
            m.page,
            m.ui,
            seconds(m.median()),
            seconds(m.worst()),
            m.missed
        );
    }
    for page in results.chunks(UIS.len()) {
        if let [ours, others @ ..] = page {
            for theirs in others {
                let ratio = match (ours.median(), theirs.median()) {
                    (Some(a), Some(b)) if a > 0.0 => format!("{:.1}x faster at the median", b / a),
                    (Some(_), None) => "never showed the changes".into(),
                    _ => "no ratio".into(),
                };
                println!("{:<10} against {}: {ratio}", ours.page, theirs.ui);
            }
        }
    }
    for m in results.iter().filter(|m| m.ui == "this dashboard") {
        assert_eq!(
            m.missed, 0,
            "this dashboard missed changes on the {}",
            m.page
        );
    }
}

/// Changes per page across replicas: twenty, alternating between the two.
const REPLICA_CHANGES: usize = 20;

/// `make bench-scale`: the same measure on Prefect's scale setup (`support::ScaleBed`:
/// PostgreSQL, Redis, two API replicas, the services apart), 20 changes per page alternating
/// replicas; this dashboard behind the shipped nginx over both replicas, Prefect's UI served
/// by one of them (its own polling reads the shared database either way).
#[tokio::test(flavor = "multi_thread")]
async fn state_change_to_screen_across_replicas() {
    let tools = Tools::locate();
    let ui = vec![("PREFECT_SERVER_UI_ENABLED".to_string(), "true".to_string())];
    let bed = ScaleBed::start(&tools, true, ui);
    let (run_id, nginx, _dist) = bench_bed(&tools, &bed.a, bed.api_urls());
    let prefect_ui = format!("http://127.0.0.1:{}", bed.a.port);
    let browser = Browser::start(&tools).await;
    // The dashboard page lists failed runs: its changes are Failed ones, not alternated here.
    let pages: Vec<_> = watched_pages(&nginx, &prefect_ui, &run_id)
        .into_iter()
        .take(2)
        .collect();
    let replicas = [&bed.a, &bed.b];
    let mut results = Vec::new();
    for (page, urls) in &pages {
        for (url, ui) in urls.iter().zip(UIS) {
            results
                .push(measure(&browser, &replicas, REPLICA_CHANGES, &run_id, url, page, ui).await);
        }
    }
    browser.close().await;
    println!(
        "\nstate change -> screen across two API replicas (PostgreSQL, Redis messaging), \
         {REPLICA_CHANGES} changes per page alternating replicas (Prefect {}):",
        bed.a.json("GET", "/admin/version", None)
    );
    report(&results);
}

/// `make bench-scale`'s storm: a live runs list under 20 state changes a second across the
/// replicas, its requests against Prefect's UI's and its rows after (tests/bench/storm.rs).
#[tokio::test(flavor = "multi_thread")]
async fn storm_across_replicas() {
    storm::run().await;
}

/// Events per round of the storm, and rounds: 60,000 events, a busy server's hour (17/s).
const STORM_ROUND: usize = 20_000;
const STORM_ROUNDS: usize = 3;
const STORM_BATCH: usize = 500;

/// An id no event or run had before (a counter under this run's start time).
fn fresh_id() -> uuid::Uuid {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let base = (now_ms() as u128) << 64;
    uuid::Uuid::from_u128(base | u128::from(n))
}

/// Posts `count` flow-run events through `POST /api/events`, each about a run id never seen
/// before (the worst case for anything kept per run).
fn post_events(server: &PrefectServer, count: usize) {
    let occurred = chrono::DateTime::<chrono::Utc>::from(SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    for start in (0..count).step_by(STORM_BATCH) {
        let batch: Vec<serde_json::Value> = (start..count.min(start + STORM_BATCH))
            .map(|_| {
                let run = fresh_id();
                json!({
                    "id": fresh_id(),
                    "occurred": occurred,
                    "event": "prefect.flow-run.Running",
                    "resource": {
                        "prefect.resource.id": format!("prefect.flow-run.{run}"),
                        "prefect.resource.name": "storm",
                        "prefect.state-type": "RUNNING",
                    },
                    "related": [],
                    "payload": {},
                })
            })
            .collect();
        let response = server.call("POST", "/events", Some(serde_json::Value::Array(batch)));
        assert!(
            response.status < 300,
            "POST /events: HTTP {}",
            response.status
        );
    }
}

/// The page's JS heap after a full collection and its renderers' resident memory, in MB, and
/// the requests it has made so far.
async fn heap_and_requests(browser: &Browser) -> (f64, f64, u64) {
    let probe = browser
        .eval(
            "window.gc && window.gc(); \
             return [performance.memory.usedJSHeapSize, \
                     performance.getEntriesByType('resource').length];",
        )
        .await;
    let mb = probe[0].as_f64().unwrap_or_default() / 1_048_576.0;
    (
        mb,
        browser.renderer_rss_mb(),
        probe[1].as_u64().unwrap_or_default(),
    )
}

/// Bounded memory under an hour's worth of events: the runs list stays open and live while
/// 60,000 flow-run events about 60,000 different runs arrive; after each round of 20,000 the
/// heap is measured after a collection, with the requests the page made meanwhile (coalesced
/// refetches), and the renderers' resident memory (which holds the WebAssembly heap). The JS
/// heap must plateau: rounds 2 and 3 may not grow it by more than 2 MB; the renderers' memory
/// is printed (it moves with the allocator and the collector, so it is read, not asserted).
#[tokio::test(flavor = "multi_thread")]
async fn heap_under_an_hour_of_events() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let dist = dist_with_config(&tools, r#"{"refresh_interval_seconds": 600}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            ..NginxOptions::root(&tools, server.api_url())
        },
    );
    let browser = Browser::start_with(
        &tools,
        &["--enable-precise-memory-info", "--js-flags=--expose-gc"],
    )
    .await;
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=live-status] .live__label", |t| t == "Live")
        .await;
    browser
        .eval("performance.setResourceTimingBufferSize(1000000); return true;")
        .await;
    // Settle: the first load's allocations, then a small warm-up burst.
    post_events(&server, 1_000);
    tokio::time::sleep(Duration::from_secs(12)).await;
    let (start_mb, start_rss, start_requests) = heap_and_requests(&browser).await;
    println!("\nMemory of the live runs list under a storm of flow-run events:");
    println!(
        "{:<28} {:>9} {:>13} {:>10}",
        "after", "JS heap MB", "renderer MB", "requests"
    );
    println!(
        "{:<28} {:>9.2} {:>13.1} {:>10}",
        "load + 1,000 events", start_mb, start_rss, 0
    );
    let mut heaps = Vec::new();
    let mut rss_rounds = Vec::new();
    let mut last_requests = start_requests;
    for round in 1..=STORM_ROUNDS {
        let started = std::time::Instant::now();
        post_events(&server, STORM_ROUND);
        let posting = started.elapsed();
        // The coalescing window (up to 8 s) closes, the last refetch lands.
        tokio::time::sleep(Duration::from_secs(12)).await;
        let (mb, rss, requests) = heap_and_requests(&browser).await;
        println!(
            "{:<28} {:>9.2} {:>13.1} {:>10}",
            format!(
                "{} events ({:.0} s)",
                round * STORM_ROUND,
                posting.as_secs_f64()
            ),
            mb,
            rss,
            requests.saturating_sub(last_requests)
        );
        last_requests = requests;
        heaps.push(mb);
        rss_rounds.push(rss);
    }
    let status = browser
        .text("[data-testid=live-status] .live__label")
        .await
        .unwrap_or_default();
    browser.close().await;
    assert_eq!(status, "Live", "the stream survived the storm");
    let growth = heaps.last().copied().unwrap_or_default() - heaps[0];
    let rss_growth = rss_rounds.last().copied().unwrap_or_default() - rss_rounds[0];
    println!(
        "growth from round 1 to round {STORM_ROUNDS}: JS heap {growth:.2} MB, renderers {rss_growth:.1} MB"
    );
    assert!(
        growth < 2.0,
        "the heap keeps growing under events: {heaps:?} MB"
    );
}

/// `make bench-browser`: cold loads against Prefect's own UIs at three sizes (tests/bench/cold.rs).
#[tokio::test(flavor = "multi_thread")]
async fn cold_loads() {
    cold::run().await;
}
