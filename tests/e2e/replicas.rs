//! Prefect as its docs run it at scale: PostgreSQL, Redis for messaging (prefect-redis), two
//! API replicas started with `--no-services` and one process with the background services,
//! the shipped nginx spreading the dashboard's requests over both replicas (its upstream
//! group). Polling is every 600 s, so only the events stream can bring a change.
//!
//! With the broker, a change either replica accepts reaches the open run page and runs list;
//! one replica killed while the list is live, the stream comes back through the other,
//! every row ends at the server's state and an action sent meanwhile lands once; restarted,
//! it serves again. Without the broker, the README's advice is shown to be needed: a page's
//! stream (held by one replica) misses what the other replica accepted.

use crate::actions::scheduled_run;
use crate::api_client::send;
use crate::live::{row, runs_url, set_state, sleepy_deployment, SLOW_POLLING};
use crate::support::nginx::dist_with_config;
use crate::support::process::TempDir;
use crate::support::rows::{api_states, rows_agree, shown_states};
use crate::support::{Browser, Nginx, NginxOptions, PrefectServer, ScaleBed, Tools};
use crate::worker_actions::retry_from_its_row;
use prefect_dashboard::api::endpoints;
use prefect_dashboard::schemas::{FlowRun, StateType};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The dashboard behind the shipped nginx, its upstream group the `replicas`.
fn dashboard(tools: &Tools, replicas: &[&PrefectServer]) -> (Nginx, TempDir) {
    let dist = dist_with_config(tools, SLOW_POLLING);
    let apis: Vec<String> = replicas.iter().map(|r| r.api_url()).collect();
    let nginx = Nginx::start(
        tools,
        NginxOptions {
            dist: dist.path().to_path_buf(),
            ..NginxOptions::root(tools, apis.join(" "))
        },
    );
    (nginx, dist)
}

/// Whether the events feed shows a Running event of `run` (the row's resource links to the
/// run's page).
async fn feed_shows(browser: &Browser, run: Uuid) -> bool {
    browser
        .eval(&format!(
            "return !!document.querySelector('[data-testid=event-row] a[href*=\"flow-runs/{run}\"]')"
        ))
        .await
        == json!(true)
}

/// Opens the events feed (flow runs going Running), live; makes each change's run Running
/// through its replica, in order; waits until the last `wait_for` of them are in the feed
/// (or 30 s have passed): whether each change's run is shown.
async fn feed_after(
    browser: &Browser,
    nginx: &Nginx,
    changes: [(&PrefectServer, Uuid); 2],
    wait_for: usize,
) -> [bool; 2] {
    browser
        .goto(&format!(
            "{}events?event=prefect.flow-run.Running",
            nginx.url()
        ))
        .await;
    browser.wait_live().await;
    for (replica, run) in changes {
        set_state(replica, run, StateType::Running);
    }
    let start = Instant::now();
    loop {
        let mut shown = [false; 2];
        for (i, (_, run)) in changes.iter().enumerate() {
            shown[i] = feed_shows(browser, *run).await;
        }
        if shown[2 - wait_for..].iter().all(|s| *s) || start.elapsed() > Duration::from_secs(30) {
            return shown;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_broker_every_replica_s_changes_reach_the_page_and_a_lost_replica_is_survived() {
    let tools = Tools::locate();
    let mut bed = ScaleBed::start(&tools, true, Vec::new());
    let deployment = sleepy_deployment(&bed.a, &tools);
    let runs: Vec<FlowRun> = (0..6)
        .map(|_| scheduled_run(&bed.a, deployment, "replicas"))
        .collect();
    let ids: Vec<String> = runs.iter().map(|r| r.id.to_string()).collect();
    let (nginx, _dist) = dashboard(&tools, &[&bed.a, &bed.b]);
    let browser = Browser::start(&tools).await;

    // The run page: a change through each replica in turn shows, pushed.
    browser
        .goto(&format!("{}flow-runs/{}", nginx.url(), runs[0].id))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-state]", |t| t.contains("Scheduled"))
        .await;
    browser.wait_live().await;
    for (replica, state, word) in [
        (&bed.b, StateType::Pending, "Pending"),
        (&bed.a, StateType::Running, "Running"),
        (&bed.b, StateType::Completed, "Completed"),
    ] {
        set_state(replica, runs[0].id, state);
        browser
            .wait_for_text("[data-testid=flow-run-state]", |t| t.contains(word))
            .await;
    }

    // The events feed: what each replica accepted is pushed into it.
    let shown = feed_after(
        &browser,
        &nginx,
        [(&bed.b, runs[1].id), (&bed.a, runs[2].id)],
        2,
    )
    .await;
    assert_eq!(
        shown,
        [true, true],
        "both replicas' changes are in the feed"
    );

    // The runs list: each change shows in its row, alternating replicas.
    browser.goto(&runs_url(&nginx, "replicas")).await;
    browser
        .wait_for_text(&row(runs[5].id), |t| t.contains("Scheduled"))
        .await;
    browser.wait_live().await;
    for (i, run) in runs[3..].iter().enumerate() {
        let replica = if i % 2 == 0 { &bed.b } else { &bed.a };
        set_state(replica, run.id, StateType::Running);
        browser
            .wait_for_text(&row(run.id), |t| t.contains("Running"))
            .await;
    }

    // One replica goes away while the list is live: the stream comes back through the other,
    // and every row ends at the server's state, changes made meanwhile included.
    bed.a.stop();
    for run in &runs[3..5] {
        set_state(&bed.b, run.id, StateType::Completed);
    }
    browser.wait_live().await;
    set_state(&bed.b, runs[5].id, StateType::Failed);
    let start = Instant::now();
    let (mut api, mut shown) = (BTreeMap::new(), BTreeMap::new());
    while start.elapsed() < Duration::from_secs(30) {
        api = api_states(&bed.b, &ids);
        shown = shown_states(&browser).await;
        if rows_agree(&api, &shown) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        rows_agree(&api, &shown),
        "after a replica went away: API {api:#?}\npage {shown:#?}"
    );
    // An action sent while it is gone lands once: nginx passes a refused connection on to
    // the other replica, and nothing sends it twice.
    // (Counted by name: the services may add a Late state to the retried run later.)
    let retries = |server: &PrefectServer| {
        let states = send(server, endpoints::flow_run_states(runs[5].id));
        let names: Vec<String> = states.iter().map(|s| s.display_name()).collect();
        let count = names
            .iter()
            .filter(|n| n.as_str() == "AwaitingRetry")
            .count();
        (count, names)
    };
    let (before, _) = retries(&bed.b);
    retry_from_its_row(&browser, &runs[5]).await;
    let (after, names) = retries(&bed.b);
    assert_eq!(after, before + 1, "the retry landed once: {names:?}");

    // Back again: it serves, and what it accepts shows.
    bed.a.restart(&tools);
    set_state(&bed.a, runs[5].id, StateType::Completed);
    browser
        .wait_for_text(&row(runs[5].id), |t| t.contains("Completed"))
        .await;
    let errors: Vec<String> = browser
        .console_errors()
        .await
        .into_iter()
        // The replica's stop refused requests in flight: the page said so and carried on.
        .filter(|e| !e.contains("502") && !e.contains("ERR_CONNECTION") && !e.contains("WebSocket"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_broker_a_page_misses_what_another_replica_accepted() {
    let tools = Tools::locate();
    let bed = ScaleBed::start(&tools, false, Vec::new());
    let deployment = sleepy_deployment(&bed.a, &tools);
    let runs: Vec<FlowRun> = (0..2)
        .map(|_| scheduled_run(&bed.a, deployment, "no-broker"))
        .collect();
    // The page's stream is held by one replica (here the only one nginx names); the other
    // replica takes changes from elsewhere (a worker, the CLI, another proxy).
    let (nginx, _dist) = dashboard(&tools, &[&bed.a]);
    let browser = Browser::start(&tools).await;
    // The stream delivers what its own replica accepted after the other's change...
    let shown = feed_after(
        &browser,
        &nginx,
        [(&bed.b, runs[0].id), (&bed.a, runs[1].id)],
        1,
    )
    .await;
    assert!(shown[1], "the page's own replica's change is pushed");
    // ...and never the other's: both runs are Running by the API, one only in the feed.
    let both: Value = bed.a.json(
        "POST",
        "/flow_runs/filter",
        Some(
            json!({"flow_runs": {"id": {"any_": [runs[0].id, runs[1].id]},
            "state": {"type": {"any_": ["RUNNING"]}}}}),
        ),
    );
    assert_eq!(both.as_array().map(Vec::len), Some(2), "{both}");
    assert!(
        !shown[0],
        "without a broker the other replica's change does not reach this page's stream"
    );
    browser.close().await;
}
