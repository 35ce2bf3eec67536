//! Faults between the page and the server: a fault-injecting proxy (tests/support) sits
//! between nginx and Prefect and answers one endpoint badly. Each test: the panel that
//! needs that endpoint says in one sentence what failed, every other panel on the page keeps
//! working, nothing panics, and the page recovers by itself once the fault stops. Also:
//! numbers no Prefect server sends (counts at `i64::MAX`, a heartbeat interval of 2^62 s),
//! and a 100 KB description of Markdown worst cases.

use crate::support::{
    Browser, Fault, FaultProxy, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools,
};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The dashboard's work pools panel asks this; no other panel on the dashboard does.
const POOLS: &str = "/api/work_pools/filter";
const POOL: &str = "faulty-pool";
const POOLS_PANEL: &str = "section[aria-labelledby=pools-heading]";

/// A Prefect server with one work pool, the fault proxy in front of it, nginx in front of
/// that, and a browser.
struct Rig {
    browser: Browser,
    nginx: Nginx,
    proxy: FaultProxy,
    server: PrefectServer,
}

async fn rig() -> Rig {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": POOL, "type": "process"})),
    );
    let proxy = FaultProxy::start(server.port);
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, proxy.api_url()));
    let browser = Browser::start(&tools).await;
    Rig {
        browser,
        nginx,
        proxy,
        server,
    }
}

impl Rig {
    /// The error panel inside the work pools card, once it shows.
    async fn pools_error(&self) -> String {
        self.browser
            .wait_for_text(&format!("{POOLS_PANEL} [data-testid=error-panel]"), |t| {
                !t.is_empty()
            })
            .await
    }

    /// The other cards show their data and no error.
    async fn other_panels_work(&self) {
        self.browser
            .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
            .await;
        self.browser
            .wait_for_text("[data-testid=task-runs-total]", |t| !t.is_empty())
            .await;
        self.browser
            .wait_for_text("[data-testid=no-attention]", |t| !t.is_empty())
            .await;
        let errors = self
            .browser
            .eval(&format!(
                "return [...document.querySelectorAll('.card')]
                    .filter(c => !c.matches('{POOLS_PANEL}'))
                    .filter(c => c.querySelector('[data-testid=error-panel]'))
                    .map(c => c.textContent)"
            ))
            .await;
        assert_eq!(errors, json!([]), "only the pools panel fails");
    }

    /// The head script asked for the pools while the app downloaded (the dashboard's first
    /// read), so the fault met that answer: the app reads it under its own rules.
    async fn pools_asked_ahead(&self) {
        let sent = self
            .browser
            .eval("return window.__pdPrefetchSent || []")
            .await;
        let asked = sent.as_array().is_some_and(|keys| {
            keys.iter().any(|key| {
                key.as_str()
                    .is_some_and(|key| key.starts_with(&format!("POST {} ", &POOLS[4..])))
            })
        });
        assert!(asked, "the head script asked for {POOLS}: {sent}");
    }

    /// No panic: the panic hook's banner is absent and the console names none.
    async fn no_panic(&self) {
        let fatal = self
            .browser
            .eval("return document.querySelector('.fatal-error') === null")
            .await;
        assert_eq!(
            fatal,
            json!(true),
            "the page showed its internal-error banner"
        );
        let panics: Vec<String> = self
            .browser
            .console_errors()
            .await
            .into_iter()
            .filter(|l| l.contains("panicked") || l.contains("RuntimeError"))
            .collect();
        assert!(panics.is_empty(), "{panics:?}");
    }

    /// The pools panel shows the pool again, without its error.
    /// Within 75 s: the next retry comes at most RETRY_MAX (60 s) after a run of failures.
    async fn pools_recover(&self) {
        let limit = Duration::from_secs(75);
        let start = Instant::now();
        while self
            .browser
            .text(&format!("{POOLS_PANEL} [data-testid=error-panel]"))
            .await
            .is_some()
        {
            assert!(
                start.elapsed() < limit,
                "the error stayed {limit:?} after recovery"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.browser
            .wait_for_text("[data-testid=dashboard-pool]", |t| t.contains(POOL))
            .await;
    }
}

/// The dashboard with `fault` on the pools endpoint from the first load: the pools panel
/// says `said`, the rest works, and it recovers by itself when the fault is cleared.
async fn pools_fail_then_recover(fault: Fault, said: &[&str]) -> Rig {
    let rig = rig().await;
    rig.proxy.inject("POST", POOLS, fault, None);
    rig.browser.goto(&rig.nginx.url()).await;
    let panel = rig.pools_error().await;
    assert!(
        panel.contains("Work pools could not be loaded"),
        "the panel names what is missing: {panel}"
    );
    rig.pools_asked_ahead().await;
    for words in said {
        assert!(panel.contains(words), "the panel says `{words}`: {panel}");
    }
    rig.other_panels_work().await;
    rig.no_panic().await;
    rig.proxy.clear();
    rig.pools_recover().await;
    rig.no_panic().await;
    rig
}

async fn done(rig: Rig) {
    let Rig {
        browser,
        nginx,
        proxy,
        server,
    } = rig;
    browser.close().await;
    drop((nginx, proxy, server));
}

#[tokio::test(flavor = "multi_thread")]
async fn truncated_json_is_named_and_recovers() {
    let rig = pools_fail_then_recover(
        Fault::TruncatedJson,
        &["/work_pools/filter", "the answer was cut off after"],
    )
    .await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_page_with_200_is_named_and_recovers() {
    let rig = pools_fail_then_recover(Fault::Html(200), &["an HTML page instead of JSON"]).await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_500_is_named_and_recovers() {
    let rig = pools_fail_then_recover(
        Fault::Html(500),
        &["answered HTTP 500 (server error)", "tries again by itself"],
    )
    .await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn json_of_the_wrong_shape_is_named_and_recovers() {
    let rig = pools_fail_then_recover(
        Fault::WrongShape,
        &["sent data the dashboard cannot read", "expected a sequence"],
    )
    .await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn json_nested_ten_thousand_deep_is_named_and_recovers() {
    // A work pool read from `[[[[…` fails on its shape at the second level (the depth
    // limit stops untyped reads: tests/api_requests_more.rs); either way, no stack overflow.
    let rig = pools_fail_then_recover(
        Fault::Deep(10_000),
        &["/work_pools/filter sent data the dashboard cannot read"],
    )
    .await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_slower_than_the_timeout_is_named_and_recovers() {
    let rig = pools_fail_then_recover(
        Fault::Slow(Duration::from_secs(20)),
        &["/work_pools/filter did not answer within 15 s"],
    )
    .await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_reset_is_named_and_recovers() {
    // nginx meets the reset and answers 502 itself, as it would in production.
    let rig = pools_fail_then_recover(
        Fault::Reset,
        &["answered HTTP 502 (bad gateway", "keeps trying"],
    )
    .await;
    let seen = rig.proxy.seen(POOLS);
    assert!(seen.iter().any(|s| s.outcome == "reset"), "{seen:?}");
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thirty_megabyte_answer_is_read_and_one_over_the_cap_is_refused() {
    let rig = rig().await;
    // 30 MB (whitespace after the real list: still the right JSON) is read and shown.
    rig.proxy
        .inject("POST", POOLS, Fault::Padded(30_000_000), Some(1));
    rig.browser.goto(&rig.nginx.url()).await;
    rig.browser
        .wait_for_text("[data-testid=dashboard-pool]", |t| t.contains(POOL))
        .await;
    rig.other_panels_work().await;
    rig.no_panic().await;
    // 60 MB is refused at the 50 MB cap: a message, not an exhausted tab.
    rig.proxy
        .inject("POST", POOLS, Fault::Padded(60_000_000), None);
    rig.browser.goto(&rig.nginx.url()).await;
    let panel = rig.pools_error().await;
    assert!(
        panel.contains("/work_pools/filter sent more than 50 MB; the dashboard stopped reading it"),
        "{panel}"
    );
    rig.pools_asked_ahead().await;
    rig.other_panels_work().await;
    rig.no_panic().await;
    let heap = rig
        .browser
        .eval("return performance.memory ? performance.memory.usedJSHeapSize : 0")
        .await
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        heap < 100e6,
        "the JS heap holds {heap} bytes after the refused answer"
    );
    rig.proxy.clear();
    rig.pools_recover().await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_is_waited_out_as_retry_after_says() {
    let rig = rig().await;
    rig.proxy
        .inject("POST", POOLS, Fault::TooMany { retry_after: 20 }, Some(1));
    rig.browser.goto(&rig.nginx.url()).await;
    let panel = rig.pools_error().await;
    assert!(
        panel.contains("answered HTTP 429 (too many requests): Too many requests")
            && panel.contains("it asked to wait 20 s")
            && panel.contains("waits as the server asked"),
        "{panel}"
    );
    rig.pools_asked_ahead().await;
    rig.other_panels_work().await;
    rig.no_panic().await;
    rig.pools_recover().await;
    let seen = rig.proxy.seen(POOLS);
    let refused = seen
        .iter()
        .position(|s| s.outcome == "429")
        .expect("the 429 was served");
    let next = seen
        .get(refused + 1)
        .expect("the page asked again after the 429");
    let waited = next.at.duration_since(seen[refused].at);
    assert!(
        waited >= Duration::from_secs(19),
        "asked again after {waited:?}, before the 20 s the server asked for"
    );
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_503_for_a_while_keeps_the_data_with_its_age_then_recovers() {
    let rig = rig().await;
    rig.browser.goto(&rig.nginx.url()).await;
    rig.browser
        .wait_for_text("[data-testid=dashboard-pool]", |t| t.contains(POOL))
        .await;
    // Prefect busy: every answer is 503 until the checks below are done (a fixed count of
    // 503s could be used up by retries and live refetches before the checks ran).
    rig.proxy.inject("POST", POOLS, Fault::Unavailable, None);
    // A worker's first heartbeat makes the pool READY: the server's event refetches the card.
    let beat = rig.server.call(
        "POST",
        &format!("/work_pools/{POOL}/workers/heartbeat"),
        Some(json!({"name": "w1", "heartbeat_interval_seconds": 30})),
    );
    assert!(beat.status < 300, "heartbeat: {}", beat.status);
    let panel = rig.pools_error().await;
    assert!(
        panel.contains("answered HTTP 503 (service unavailable)"),
        "{panel}"
    );
    let stale = rig
        .browser
        .wait_for_text(&format!("{POOLS_PANEL} [data-testid=stale-note]"), |t| {
            !t.is_empty()
        })
        .await;
    assert!(stale.contains("Showing data from"), "{stale}");
    assert!(
        rig.browser
            .text("[data-testid=dashboard-pool]")
            .await
            .is_some_and(|t| t.contains(POOL)),
        "the last good data stays on screen"
    );
    rig.other_panels_work().await;
    rig.no_panic().await;
    // The fault ends; the page gets there alone, on its next retry.
    rig.proxy.clear();
    rig.pools_recover().await;
    assert!(rig
        .browser
        .text(&format!("{POOLS_PANEL} [data-testid=stale-note]"))
        .await
        .is_none());
    let served: Vec<_> = rig
        .proxy
        .seen(POOLS)
        .into_iter()
        .map(|s| s.outcome)
        .collect();
    assert!(served.contains(&"503"), "{served:?}");
    assert_eq!(served.last(), Some(&"pass"), "{served:?}");
    done(rig).await;
}

/// Replaces every number after `"key":` in JSON text with `value`.
fn replace_numbers(text: &str, key: &str, value: &str) -> String {
    let needle = format!("\"{key}\":");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let after = at + needle.len();
        out.push_str(&rest[..after]);
        let tail = rest[after..].trim_start();
        let digits = tail
            .find(|c: char| !c.is_ascii_digit() && c != '-')
            .unwrap_or(tail.len());
        if digits > 0 {
            out.push_str(value);
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn counts_near_i64_max_and_a_huge_heartbeat_interval_saturate() {
    let rig = rig().await;
    let max = i64::MAX.to_string();
    // Every bucket of the dashboard's history holds i64::MAX completed runs.
    let bucket_states = format!(
        "[{{\"state_type\":\"COMPLETED\",\"state_name\":\"Completed\",\"count_runs\":{max},\
         \"sum_estimated_run_time\":0.0,\"sum_estimated_lateness\":0.0}}]"
    );
    rig.proxy.inject(
        "POST",
        "/api/flow_runs/history",
        Fault::Rewrite(Arc::new(move |text| {
            text.replace("\"states\":[]", &format!("\"states\":{bucket_states}"))
        })),
        None,
    );
    let max_for_tasks = max.clone();
    rig.proxy.inject(
        "POST",
        "/api/ui/task_runs/count",
        Fault::Rewrite(Arc::new(move |_| {
            format!("{{\"COMPLETED\":{max_for_tasks},\"FAILED\":{max_for_tasks},\"RUNNING\":{max_for_tasks}}}")
        })),
        None,
    );
    rig.browser.goto(&rig.nginx.url()).await;
    let total = rig
        .browser
        .wait_for_text("[data-testid=flow-run-total]", |t| !t.is_empty())
        .await;
    assert_eq!(total, max, "the total saturates instead of wrapping");
    let tasks = rig
        .browser
        .wait_for_text("[data-testid=task-runs-total]", |t| !t.is_empty())
        .await;
    assert_eq!(tasks, max);
    let width = rig
        .browser
        .eval("return document.documentElement.scrollWidth <= innerWidth")
        .await;
    assert_eq!(width, json!(true), "long numbers keep the layout");
    rig.no_panic().await;

    // A worker that promised a heartbeat every 2^62 s (times three wraps an i64).
    let beat = rig.server.call(
        "POST",
        &format!("/work_pools/{POOL}/workers/heartbeat"),
        Some(json!({"name": "patient", "heartbeat_interval_seconds": 30})),
    );
    assert!(beat.status < 300, "heartbeat: {}", beat.status);
    rig.proxy.inject(
        "POST",
        &format!("/api/work_pools/{POOL}/workers/filter"),
        Fault::Rewrite(Arc::new(|text| {
            replace_numbers(text, "heartbeat_interval_seconds", "4611686018427387904")
        })),
        None,
    );
    rig.browser
        .goto(&format!("{}work-pools/{POOL}", rig.nginx.url()))
        .await;
    let health = rig
        .browser
        .wait_for_text("[data-testid=worker-health]", |t| !t.is_empty())
        .await;
    assert!(health.contains("Online"), "the worker: {health}");
    let row = rig
        .browser
        .wait_for_text("[data-testid=worker-row]", |t| !t.is_empty())
        .await;
    assert!(
        row.contains("every 53375995583650 d"),
        "its promised interval: {row}"
    );
    rig.no_panic().await;
    done(rig).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn markdown_worst_cases_render() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "described"})));
    // 100 KB of `[` (each bracket used to scan the rest for `](`: 1.2 s natively, more in
    // wasm), nested emphasis, and 600 KB of `[` (36 times that: past the test's wait), where
    // the reader now takes milliseconds.
    let description = format!(
        "{}\n\n{}x{}\n\n{}\n\nThe end of the **description**.",
        "[".repeat(100_000),
        "*_**__".repeat(8_000),
        "__**_*".repeat(8_000),
        "[".repeat(600_000)
    );
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "worst-case", "flow_id": flow["id"], "description": description})),
    );
    let id = deployment["id"].as_str().expect("a deployment id");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}deployments/{id}", nginx.url()))
        .await;
    let text = browser
        .wait_for_text("[data-testid=markdown]", |t| t.contains("The end of the"))
        .await;
    assert!(text.starts_with("[[[[[["), "the brackets stay text");
    let strong = browser
        .eval("return [...document.querySelectorAll('[data-testid=markdown] strong')].map(e => e.textContent)")
        .await;
    assert!(
        strong
            .as_array()
            .is_some_and(|s| s.iter().any(|t| t == "description")),
        "{strong}"
    );
    let width = browser
        .eval("return document.documentElement.scrollWidth <= innerWidth")
        .await;
    assert_eq!(width, json!(true), "a 100 KB word wraps");
    browser.close().await;
}

/// The runs list shows its rows as soon as the runs are in: a slow task-run count leaves
/// "…" in the rows' names and counts, not an empty page, and they fill in when it answers.
/// When the lookups fail, the rows stay (ids for names, "—" for counts), one line says why,
/// and they fill in by themselves once the server answers again.
#[tokio::test(flavor = "multi_thread")]
async fn runs_show_before_their_lookups_and_survive_them_failing() {
    const COUNTS: &str = "/api/ui/flow_runs/count-task-runs";
    let rig = rig().await;
    let flow = rig
        .server
        .json("POST", "/flows/", Some(json!({"name": "looked-up-flow"})));
    let run = rig.server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow["id"], "name": "early-run",
                    "state": {"type": "COMPLETED", "name": "Completed"}})),
    );
    let row = format!(
        "[data-testid=flow-run-row][data-run-id='{}']",
        run["id"].as_str().expect("run id")
    );
    rig.proxy
        .inject("POST", COUNTS, Fault::Slow(Duration::from_secs(4)), Some(1));
    let url = format!("{}flow-runs", rig.nginx.url());
    rig.browser.goto(&url).await;
    let early = rig
        .browser
        .wait_for_text(&row, |t| t.contains("early-run"))
        .await;
    assert_eq!(
        rig.browser.attr(&row, "data-pending").await.as_deref(),
        Some("true"),
        "the row shows while its lookups are out: {early}"
    );
    assert!(
        !early.contains("looked-up-flow"),
        "the names are not in yet: {early}"
    );
    let filled = rig
        .browser
        .wait_for_text(&row, |t| t.contains("looked-up-flow"))
        .await;
    assert_eq!(
        rig.browser.attr(&row, "data-pending").await,
        None,
        "{filled}"
    );
    assert_eq!(
        rig.browser
            .text(&format!("{row} [data-testid=task-run-count]"))
            .await
            .as_deref(),
        Some("0")
    );

    rig.proxy.inject("POST", COUNTS, Fault::Unavailable, None);
    rig.browser.goto(&url).await;
    let said = rig
        .browser
        .wait_for_text("[data-testid=lookups-failed]", |t| !t.is_empty())
        .await;
    assert!(
        said.contains("task-run counts could not be loaded"),
        "{said}"
    );
    let failed = rig.browser.text(&row).await.unwrap_or_default();
    assert!(
        failed.contains("early-run") && failed.contains(flow["id"].as_str().unwrap_or("?")),
        "the row stays, its flow by id: {failed}"
    );
    assert_eq!(
        rig.browser
            .text(&format!("{row} [data-testid=task-run-count]"))
            .await
            .as_deref(),
        Some("—")
    );
    rig.no_panic().await;
    rig.proxy.clear();
    // Retried by itself (at most RETRY_MAX, 60 s, after a run of failures).
    let start = Instant::now();
    while !rig
        .browser
        .text(&row)
        .await
        .is_some_and(|t| t.contains("looked-up-flow"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(75),
            "the names did not come back after the fault stopped"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(rig.browser.text("[data-testid=lookups-failed]").await, None);
    done(rig).await;
}

/// The flows list shows its rows as soon as the flows are in: a slow next-runs answer leaves
/// "…" in the last run, next run and deployments cells, and they fill in when it answers.
#[tokio::test(flavor = "multi_thread")]
async fn flows_show_before_their_activity() {
    let rig = rig().await;
    rig.server.json(
        "POST",
        "/flows/",
        Some(json!({"name": "slow-activity-flow"})),
    );
    rig.proxy.inject(
        "POST",
        "/api/ui/flows/next-runs",
        Fault::Slow(Duration::from_secs(4)),
        Some(1),
    );
    rig.browser.goto(&format!("{}flows", rig.nginx.url())).await;
    let row = "[data-testid=flow-row][data-name=slow-activity-flow]";
    rig.browser.wait_for_text(row, |t| !t.is_empty()).await;
    assert_eq!(
        rig.browser.attr(row, "data-pending").await.as_deref(),
        Some("true"),
        "the row shows while its activity is out"
    );
    assert_eq!(
        rig.browser
            .text(&format!("{row} [data-testid=flow-deployments]"))
            .await
            .as_deref(),
        Some("…")
    );
    rig.browser
        .wait_for_text(&format!("{row} [data-testid=flow-next-run]"), |t| {
            t == "None scheduled"
        })
        .await;
    assert_eq!(rig.browser.attr(row, "data-pending").await, None);
    assert_eq!(
        rig.browser
            .text(&format!("{row} [data-testid=flow-deployments]"))
            .await
            .as_deref(),
        Some("0")
    );
    rig.no_panic().await;
    done(rig).await;
}

/// The dashboard's pools card, the work pools list and the deployments list show their rows
/// as soon as their own list is in. A slow late-runs list, workers list or flow-names answer
/// leaves "…" where its value goes (no verdict that could turn), and it fills in when the
/// answer comes.
#[tokio::test(flavor = "multi_thread")]
async fn pools_and_deployments_show_before_their_lookups() {
    let rig = rig().await;
    let flow = rig
        .server
        .json("POST", "/flows/", Some(json!({"name": "slow-names-flow"})));
    rig.server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "slow-names-deployment", "flow_id": flow["id"]})),
    );
    let slow = || Fault::Slow(Duration::from_secs(4));

    // The dashboard: every run list and count it asks for is slow (the failed-and-late
    // card's, the pools' newest runs, the failing flows', the runs counted, the late runs
    // counted per queue after the queues): whichever order they go out in, the late runs are
    // among them. What is left of the eight of each is used up by the pages below, which only
    // wait longer.
    rig.proxy
        .inject("POST", "/api/flow_runs/filter", slow(), Some(8));
    rig.proxy
        .inject("POST", "/api/flow_runs/count", slow(), Some(8));
    rig.browser.goto(&rig.nginx.url()).await;
    let card = format!("[data-testid=dashboard-pool][data-name={POOL}]");
    rig.browser.wait_for_text(&card, |t| t.contains(POOL)).await;
    assert_eq!(
        rig.browser.attr(&card, "data-pending").await.as_deref(),
        Some("true"),
        "the pool shows while its late runs are out"
    );
    assert!(
        rig.browser
            .text(&format!("{card} [data-testid=health]"))
            .await
            .is_none(),
        "no verdict before the late runs are in"
    );
    rig.browser
        .wait_for_text(&format!("{card} [data-testid=health]"), |t| !t.is_empty())
        .await;
    assert_eq!(rig.browser.attr(&card, "data-pending").await, None);

    // The work pools list: the pool's workers.
    rig.proxy.inject(
        "POST",
        &format!("/api/work_pools/{POOL}/workers/filter"),
        slow(),
        Some(1),
    );
    rig.browser
        .goto(&format!("{}work-pools", rig.nginx.url()))
        .await;
    let row = format!("[data-testid=work-pool-row][data-name={POOL}]");
    rig.browser.wait_for_text(&row, |t| t.contains(POOL)).await;
    assert_eq!(
        rig.browser.attr(&row, "data-pending").await.as_deref(),
        Some("true"),
        "the row shows while its workers are out"
    );
    assert_eq!(
        rig.browser
            .text(&format!("{row} [data-testid=late-runs]"))
            .await
            .as_deref(),
        Some("…")
    );
    rig.browser
        .wait_for_text(&format!("{row} [data-testid=late-runs]"), |t| t == "0")
        .await;
    assert_eq!(rig.browser.attr(&row, "data-pending").await, None);
    assert!(rig
        .browser
        .text(&row)
        .await
        .is_some_and(|t| t.contains("0 of 0 online")));

    // The deployments list: its flows' names.
    rig.proxy
        .inject("POST", "/api/flows/filter", slow(), Some(1));
    rig.browser
        .goto(&format!("{}deployments", rig.nginx.url()))
        .await;
    let row = "[data-testid=deployment-row][data-name=slow-names-deployment]";
    rig.browser
        .wait_for_text(row, |t| t.contains("slow-names-deployment"))
        .await;
    assert_eq!(
        rig.browser.attr(row, "data-pending").await.as_deref(),
        Some("true"),
        "the row shows while its flow's name is out"
    );
    rig.browser
        .wait_for_text(row, |t| t.contains("slow-names-flow"))
        .await;
    assert_eq!(rig.browser.attr(row, "data-pending").await, None);
    rig.no_panic().await;
    done(rig).await;
}

/// A run's page shows the run as soon as it is in: a slow answer for its flow leaves "…"
/// for the flow's name in the header, and the name fills in when it comes.
#[tokio::test(flavor = "multi_thread")]
async fn a_run_shows_before_its_flows_name() {
    let rig = rig().await;
    let flow = rig
        .server
        .json("POST", "/flows/", Some(json!({"name": "named-later-flow"})));
    let flow_id = flow["id"].as_str().expect("flow id").to_string();
    let run = rig.server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow_id, "name": "shown-first-run"})),
    );
    let run_id = run["id"].as_str().expect("run id");
    rig.proxy.inject(
        "GET",
        &format!("/api/flows/{flow_id}"),
        Fault::Slow(Duration::from_secs(4)),
        Some(1),
    );
    rig.browser
        .goto(&format!("{}flow-runs/{run_id}", rig.nginx.url()))
        .await;
    rig.browser
        .wait_for_text("[data-testid=flow-run-name]", |t| t == "shown-first-run")
        .await;
    assert_eq!(
        rig.browser.text("[data-testid=run-flow]").await.as_deref(),
        Some("…"),
        "the header shows while the flow's name is out"
    );
    rig.browser
        .wait_for_text("[data-testid=run-flow]", |t| t == "named-later-flow")
        .await;
    let headings = rig.browser.texts("h1").await;
    assert_eq!(headings, ["shown-first-run"], "one heading, the run's");

    // A run the server does not have: the page still has its heading, and says why.
    rig.browser
        .goto(&format!(
            "{}flow-runs/00000000-0000-4000-8000-000000000000",
            rig.nginx.url()
        ))
        .await;
    let said = rig
        .browser
        .wait_for_text("[data-testid=error-panel]", |t| !t.is_empty())
        .await;
    assert!(said.contains("This flow run"), "{said}");
    assert_eq!(rig.browser.texts("h1").await, ["Flow run"]);
    rig.no_panic().await;
    done(rig).await;
}
