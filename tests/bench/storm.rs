//! `make bench-scale`'s storm: a runs list open and live on Prefect's scale setup (two API
//! replicas, PostgreSQL, Redis) while, for a minute, 20 state changes a second land on the
//! 40 runs it shows (alternating replicas, each change a state name never used before) and
//! the bench's hour of events (60,000 an hour, 17 a second) goes in beside them. Measured for
//! this dashboard (shipped config: live, polling every 30 s) and then Prefect's own UI on the
//! same bed: the HTTP requests the tab sent during the minute (Resource Timing), and for this
//! dashboard how long after the last change every row names the server's state. Fails when
//! this dashboard sends more requests than Prefect's UI or a row is still wrong 10 s after.

use super::{now_ms, post_events};
use crate::support::nginx::dist_with_config;
use crate::support::rows::{api_states, rows_disagreeing, shown_states};
use crate::support::{Browser, Nginx, NginxOptions, PrefectServer, ScaleBed, Tools};
use serde_json::json;
use std::time::{Duration, Instant};

/// Runs the page shows, changes a second across them, for how long.
const RUNS: usize = 40;
const CHANGES_PER_SECOND: u64 = 20;
const STORM: Duration = Duration::from_secs(60);
/// Events a second beside the changes: the bench's hour, 60,000 (rounded up).
const EVENTS_PER_SECOND: usize = 17;
/// Every row right this long after the last change.
const SETTLED_WITHIN: Duration = Duration::from_secs(10);

/// What one tab did during the storm.
struct Storm {
    ui: &'static str,
    requests: u64,
    seconds: f64,
    changes: usize,
    failed: usize,
    /// Seconds from the last change until every row named the server's state (this dashboard).
    settled: Option<f64>,
}

/// `changes` state changes on `runs` for `STORM`, alternating replicas (each replica a
/// thread, its own half of the runs, so a run's changes are in order), with the events
/// beside them: (changes accepted, changes refused).
fn storm(replicas: [&PrefectServer; 2], runs: &[String], code: &str) -> (usize, usize) {
    let start = Instant::now();
    let per_replica = CHANGES_PER_SECOND / 2;
    let every = Duration::from_millis(1000 / per_replica);
    let rounds = STORM.as_secs() * per_replica;
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for second in 0..STORM.as_secs() {
                let at = start + Duration::from_secs(second);
                std::thread::sleep(at.saturating_duration_since(Instant::now()));
                post_events(replicas[(second % 2) as usize], EVENTS_PER_SECOND);
            }
        });
        let changers: Vec<_> = replicas
            .iter()
            .enumerate()
            .map(|(r, replica)| {
                scope.spawn(move || {
                    let (mut accepted, mut refused) = (0, 0);
                    let states = ["RUNNING", "COMPLETED", "FAILED"];
                    for k in 0..rounds {
                        let at = start + every * k as u32;
                        std::thread::sleep(at.saturating_duration_since(Instant::now()));
                        let run = &runs[(2 * k as usize + r) % runs.len()];
                        let body = json!({"state": {
                            "type": states[k as usize % 3],
                            "name": format!("S{code}{r}{k:03}"),
                        }, "force": true});
                        let path = format!("/flow_runs/{run}/set_state");
                        if replica.call("POST", &path, Some(body)).status < 300 {
                            accepted += 1;
                        } else {
                            refused += 1;
                        }
                    }
                    (accepted, refused)
                })
            })
            .collect();
        changers
            .into_iter()
            .filter_map(|c| c.join().ok())
            .fold((0, 0), |(a, r), (a2, r2)| (a + a2, r + r2))
    })
}

/// The tab's resource entries so far (its HTTP requests; the buffer is made large first).
async fn requests(browser: &Browser) -> u64 {
    browser
        .eval("return performance.getEntriesByType('resource').length")
        .await
        .as_u64()
        .unwrap_or_default()
}

/// One tab at `url` through the storm.
async fn one_tab(
    browser: &Browser,
    bed: &ScaleBed,
    runs: &[String],
    url: &str,
    ui: &'static str,
) -> Storm {
    browser.goto(url).await;
    let ours = ui == "this dashboard";
    if ours {
        browser.wait_live().await;
        browser
            .wait_for_eval(
                "return document.querySelectorAll('[data-testid=flow-run-row]').length",
                &json!(RUNS),
            )
            .await;
    } else {
        // Its list is drawn: the newest run's name is on the page (it may page the rest).
        browser
            .wait_for_eval(
                "return document.body.innerText.includes('storm-39')",
                &json!(true),
            )
            .await;
    }
    browser
        .eval("performance.setResourceTimingBufferSize(1000000); return true;")
        .await;
    let before = requests(browser).await;
    let started = Instant::now();
    let code = &ui[ui.len() - 2..];
    let replicas = [&bed.a, &bed.b];
    let (changes, failed) = tokio::task::block_in_place(|| storm(replicas, runs, code));
    let seconds = started.elapsed().as_secs_f64();
    let requests = requests(browser).await.saturating_sub(before);
    let settled = if ours {
        let ended = Instant::now();
        let mut wrong = Vec::new();
        while ended.elapsed() < SETTLED_WITHIN + Duration::from_secs(20) {
            let api = api_states(&bed.a, runs);
            wrong = rows_disagreeing(&api, &shown_states(browser).await);
            if wrong.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let after = ended.elapsed().as_secs_f64();
        assert!(
            wrong.is_empty(),
            "rows still wrong {after:.1} s after the storm: {wrong:?}"
        );
        Some(after)
    } else {
        None
    };
    Storm {
        ui,
        requests,
        seconds,
        changes,
        failed,
        settled,
    }
}

pub async fn run() {
    let tools = Tools::locate();
    let ui = vec![("PREFECT_SERVER_UI_ENABLED".to_string(), "true".to_string())];
    let bed = ScaleBed::start(&tools, true, ui);
    let flow = bed
        .a
        .json("POST", "/flows/", Some(json!({"name": "storm"})));
    let runs: Vec<String> = (0..RUNS)
        .map(|i| {
            let run = bed.a.json(
                "POST",
                "/flow_runs/",
                Some(json!({
                    "flow_id": flow["id"], "name": format!("storm-{i:02}"),
                    "state": {"type": "RUNNING", "name": "Running"},
                })),
            );
            run["id"].as_str().expect("run id").to_string()
        })
        .collect();
    // The shipped config: live, and every view polled at the default interval as well.
    let dist = dist_with_config(&tools, "{}");
    let nginx = Nginx::start(
        &tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            ..NginxOptions::root(&tools, bed.api_urls())
        },
    );
    let browser = Browser::start(&tools).await;
    let ours = format!("{}flow-runs", nginx.url());
    // Prefect serves its React UI under /v2 (what `/` opens) and its Vue UI at the paths
    // without it.
    let react = format!("http://127.0.0.1:{}/v2/runs", bed.a.port);
    let vue = format!("http://127.0.0.1:{}/runs", bed.a.port);
    let mut results = Vec::new();
    for (url, ui) in [
        (ours, "this dashboard"),
        (react, "Prefect React"),
        (vue, "Prefect Vue"),
    ] {
        let started = now_ms();
        results.push(one_tab(&browser, &bed, &runs, &url, ui).await);
        println!("({ui}: {:.0} s)", (now_ms() - started) / 1000.0);
    }
    browser.close().await;
    println!(
        "\nA storm across two API replicas (PostgreSQL, Redis messaging): {CHANGES_PER_SECOND} \
         state changes a second on the {RUNS} runs a runs list shows, alternating replicas, \
         plus {EVENTS_PER_SECOND} other events a second, for {} s (Prefect {}):",
        STORM.as_secs(),
        bed.a.json("GET", "/admin/version", None)
    );
    println!(
        "{:<15} {:>9} {:>11} {:>13} {:>16}",
        "ui", "requests", "requests/s", "changes (ok)", "rows right after"
    );
    for s in &results {
        println!(
            "{:<15} {:>9} {:>11.2} {:>13} {:>16}",
            s.ui,
            s.requests,
            s.requests as f64 / s.seconds,
            format!("{} ({})", s.changes + s.failed, s.changes),
            s.settled.map_or("—".into(), |s| format!("{s:.1} s")),
        );
    }
    if let [ours, react, vue] = &results[..] {
        let rate = |s: &Storm| s.requests as f64 / s.seconds;
        println!(
            "requests, Prefect / this dashboard: React {:.1}x, Vue {:.1}x",
            rate(react) / rate(ours).max(1e-9),
            rate(vue) / rate(ours).max(1e-9)
        );
        assert!(
            rate(ours) <= rate(react),
            "more requests than Prefect's own UI (React, what `/` opens) under the storm"
        );
        let settled = ours.settled.unwrap_or(f64::MAX);
        assert!(
            settled <= SETTLED_WITHIN.as_secs_f64(),
            "rows right only {settled:.1} s after the storm"
        );
    }
}
