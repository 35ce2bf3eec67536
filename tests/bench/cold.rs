//! `make bench-browser`: cold loads of each page in headless Chromium, this dashboard against
//! the two UIs the same Prefect server ships (React at `/v2/...`, Vue at `/...`), at three
//! sizes: the demo data, then 10,000 and 100,000 flow runs.
//!
//! Prefect runs on PostgreSQL (a cluster of our own, as production installs use). Flows,
//! deployments, pools and the first runs come from `scripts/seed.py --profile demo` through
//! the API; the scale runs are written in bulk into the database by
//! `scripts/bulk_flow_runs.sql` (runs and their states, spread over the last 7 days, across
//! 200 deployments: the seed's and numbered copies), since
//! the REST API can neither back-date nor write 100,000 runs in reasonable time.
//!
//! Each load is a fresh browser profile (nothing cached). Before the page's own scripts run,
//! a probe (CDP `Page.addScriptToEvaluateOnNewDocument`) watches the DOM for the page's
//! content (any of a set of names the API says belong on it: a pool, a deployment, a run),
//! so "time to content" is the moment the data is on screen, measured the same way for
//! every UI. Three seconds after that, it reads: bytes on the wire (`transferSize` of the
//! document and every resource), API requests (resources under `/api/`), their bytes (on the
//! wire, and "JSON KB" once decompressed: what the page parses) and
//! the server's time on them (request sent to first byte, summed), the JS heap and the
//! DOM's element count; then the same page again in the same profile (a repeat visit, its
//! cache warm): "warm", time to content. Median of `BENCH_LOADS` (3) loads. Prints a table and writes
//! `target/bench/browser.json`. `BENCH_SIZES=demo,10000` picks sizes, `BENCH_PAGES=runs,flow
//! run` pages (by the table's names), `BENCH_UIS=ours` (or `ours,react,vue`) the UIs (ratios
//! need all three). `BENCH_HOLD=SECONDS` keeps the server up that long after each size is
//! ready (its URLs printed) for a look by hand. `BENCH_TRACE=1` also prints, for this dashboard's
//! loads, every request's start, first byte and end (ms after navigation) and the moment
//! content appeared: where a page's time goes.
//!
//! Loopback hides what a real network costs (a round trip per request chain, bytes at a
//! finite rate): `BENCH_NETWORK=LATENCY_MS,DOWN_KBIT` (e.g. `40,20000`) has Chromium add that
//! latency to every request and cap downloads at that rate (CDP
//! `Network.emulateNetworkConditions`); "server s" then includes the added latency.

use super::support::{
    Browser, Nginx, NginxOptions, Postgres, PrefectOptions, PrefectServer, Tools,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// How long a page may take to show its content before the load counts as "no content".
const GIVE_UP: Duration = Duration::from_secs(40);
/// After content: later requests of the first load (lazy cards, second pages) still count.
const SETTLE: Duration = Duration::from_secs(3);

/// What one cold load cost.
#[derive(Clone, Debug, Default)]
struct Load {
    wire_kb: f64,
    api_requests: f64,
    api_kb: f64,
    /// The API's JSON once decompressed (`decodedBodySize`): what the page parses.
    api_decoded_kb: f64,
    /// The server's time on them: request sent to first byte back, summed.
    api_wait_ms: f64,
    content_ms: Option<f64>,
    /// A repeat visit: the same page loaded again in the same profile (its HTTP cache and
    /// compiled code warm), time to content.
    warm_ms: Option<f64>,
    heap_mb: f64,
    dom_nodes: f64,
    /// The timeline's panning, when the load measured it.
    pan: Option<Pan>,
}

/// The probe: stamps `window.__content` when any of the names is in the document (a name
/// `css:SELECTOR` when an element matches: a drawing has no text to find).
fn probe_script(names: &[String]) -> String {
    format!(
        "performance.setResourceTimingBufferSize(100000); \
         window.__content = null; \
         const names = {names}; \
         const check = () => {{ \
           if (window.__content !== null || !document.body) return; \
           const text = document.body.textContent; \
           const shown = n => n.startsWith('css:') ? document.querySelector(n.slice(4)) !== null : text.includes(n); \
           if (names.some(shown)) {{ window.__content = performance.now(); observer.disconnect(); }} \
         }}; \
         const observer = new MutationObserver(check); \
         observer.observe(document, {{subtree: true, childList: true, characterData: true}});",
        names = serde_json::to_string(names).unwrap_or_else(|_| "[]".into()),
    )
}

const READ_COSTS: &str = "\
    const entries = performance.getEntriesByType('resource'); \
    const nav = performance.getEntriesByType('navigation')[0]; \
    const api = entries.filter(e => new URL(e.name).pathname.includes('/api/')); \
    const bytes = list => list.reduce((sum, e) => sum + (e.transferSize || 0), 0); \
    return { \
      wire: bytes(entries) + (nav ? nav.transferSize : 0), \
      api: api.length, \
      api_bytes: bytes(api), \
      api_decoded: api.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0), \
      api_wait: api.reduce((sum, e) => sum + Math.max(0, e.responseStart - e.requestStart), 0), \
      heap: performance.memory ? performance.memory.usedJSHeapSize : 0, \
      dom: document.getElementsByTagName('*').length, \
    };";

/// The timeline's panning, after its first load has settled: ten pans by key (five back, five
/// forward, 150 ms apart, as a held key repeats slower than a browser's autorepeat), each timed
/// from the key to the second frame after it (the frame that shows the moved window), the
/// longest task and the main thread's blocked time (each long task's time over 50 ms) over the
/// whole, then, once the pans' requests are in, the API requests they made and the JS heap.
const PAN_PROBE: &str = "\
    window.__pan = null; \
    (async () => { \
      const chart = document.querySelector('[data-testid=timeline]'); \
      const api = () => performance.getEntriesByType('resource') \
        .filter(e => new URL(e.name).pathname.includes('/api/')).length; \
      const before = api(); \
      const seen = performance.getEntriesByType('resource').length; \
      const tasks = []; \
      const watch = new PerformanceObserver(list => list.getEntries().forEach(e => tasks.push(e.duration))); \
      watch.observe({type: 'longtask'}); \
      const frame = () => new Promise(done => requestAnimationFrame(() => done())); \
      const pause = ms => new Promise(done => setTimeout(done, ms)); \
      const frames = []; \
      for (let i = 0; i < 10; i++) { \
        const start = performance.now(); \
        chart.dispatchEvent(new KeyboardEvent('keydown', {key: i < 5 ? '[' : ']', bubbles: true})); \
        await frame(); await frame(); \
        frames.push(performance.now() - start); \
        await pause(150); \
      } \
      await pause(3000); \
      watch.disconnect(); \
      frames.sort((a, b) => a - b); \
      window.__pan = { \
        frame_median: frames[5], frame_max: frames[9], \
        longest_task: Math.max(0, ...tasks), \
        blocked: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0), \
        requests: api() - before, \
        paths: performance.getEntriesByType('resource').slice(seen) \
          .map(e => new URL(e.name).pathname).filter(p => p.includes('/api/')), \
        heap: performance.memory ? performance.memory.usedJSHeapSize : 0, \
      }; \
    })(); \
    return true;";

/// What panning the timeline cost (see [`PAN_PROBE`]).
#[derive(Clone, Debug, Default)]
struct Pan {
    frame_median_ms: f64,
    frame_max_ms: f64,
    longest_task_ms: f64,
    blocked_ms: f64,
    requests: f64,
    heap_mb: f64,
}

/// With `BENCH_TRACE`: every WebAssembly compile or instantiation, timed (start, end, bytes).
const WASM_PROBE: &str = "\
    window.__rowsAt = {}; \
    new MutationObserver(() => { \
      const r = window.__rowsAt; \
      if (!r.any && document.querySelector('[data-testid=flow-run-row]')) r.any = performance.now(); \
      if (!r.pending && document.querySelector('[data-pending]')) r.pending = performance.now(); \
      if (!r.filled && document.querySelector('[data-testid=flow-run-row]:not([data-pending])')) r.filled = performance.now(); \
    }).observe(document, {subtree: true, childList: true, attributes: true}); \
    window.__wasmTimes = []; \
    for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) { \
      const inner = WebAssembly[name]; \
      WebAssembly[name] = function (source, ...rest) { \
        const start = performance.now(); \
        const size = source && source.byteLength !== undefined ? source.byteLength : 0; \
        const done = end => { window.__wasmTimes.push([name, start, end, size]); }; \
        const result = inner.call(WebAssembly, source, ...rest); \
        result.then(() => done(performance.now()), () => done(-1)); \
        return result; \
      }; \
    }";

/// Every request of the load (the document first): path, start, first byte, end (ms).
const READ_TRACE: &str = "\
    const short = u => { const x = new URL(u); return x.pathname.split('/').slice(-3).join('/') + x.search.slice(0, 40); }; \
    const nav = performance.getEntriesByType('navigation')[0]; \
    const all = (nav ? [nav] : []).concat(performance.getEntriesByType('resource')); \
    return all.map(e => [short(e.name), e.startTime, e.responseStart, e.responseEnd, e.transferSize || 0, e.decodedBodySize || 0]) \
      .concat(performance.getEntriesByType('mark').map(m => ['mark: ' + m.name, m.startTime, 0, 0, 0, 0])) \
      .sort((a, b) => a[1] - b[1]);";

fn print_trace(trace: &Value, wasm: &Value, content_ms: Option<f64>) {
    println!(
        "    {:>7} {:>7} {:>7} {:>8} {:>8}  request",
        "start", "1st B", "end", "bytes", "decoded"
    );
    for entry in trace.as_array().into_iter().flatten() {
        let at = |i: usize| entry[i].as_f64().unwrap_or_default();
        println!(
            "    {:>7.0} {:>7.0} {:>7.0} {:>8.0} {:>8.0}  {}",
            at(1),
            at(2),
            at(3),
            at(4),
            at(5),
            entry[0].as_str().unwrap_or_default()
        );
    }
    let mut compiled = 0;
    let (mut first, mut last) = (f64::MAX, 0.0f64);
    for entry in wasm.as_array().into_iter().flatten() {
        let at = |i: usize| entry[i].as_f64().unwrap_or_default();
        if compiled < 3 || at(3) > 100_000.0 {
            println!(
                "    {:>7.0} {:>7} {:>7.0} {:>8.0} {:>8}  WebAssembly.{}",
                at(1),
                "",
                at(2),
                at(3),
                "",
                entry[0].as_str().unwrap_or_default()
            );
        }
        compiled += 1;
        first = first.min(at(1));
        last = last.max(at(2));
    }
    if compiled > 0 {
        println!("    {compiled} wasm compiles/instantiations from {first:.0} to {last:.0} ms");
    }
    println!("    content at {}", fmt_ms(content_ms));
}

/// An emulated network: added latency per request, download rate.
#[derive(Clone, Copy, Debug)]
struct Network {
    latency_ms: f64,
    down_kbit: f64,
}

/// `BENCH_NETWORK=LATENCY_MS,DOWN_KBIT`, or None (loopback as it is). A value that does not
/// read as two positive numbers fails the run rather than measure something else.
fn network_from_env() -> Option<Network> {
    let value = std::env::var("BENCH_NETWORK").ok()?;
    let numbers: Vec<f64> = value
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|_| panic!("BENCH_NETWORK={value}: expected LATENCY_MS,DOWN_KBIT"));
    match numbers.as_slice() {
        [latency_ms, down_kbit] if *latency_ms >= 0.0 && *down_kbit > 0.0 => Some(Network {
            latency_ms: *latency_ms,
            down_kbit: *down_kbit,
        }),
        _ => panic!("BENCH_NETWORK={value}: expected LATENCY_MS,DOWN_KBIT"),
    }
}

async fn cold_load(
    tools: &Tools,
    url: &str,
    names: &[String],
    network: Option<Network>,
    trace: bool,
    pan: bool,
) -> Load {
    let browser = Browser::start_with(tools, &["--enable-precise-memory-info"]).await;
    if let Some(network) = network {
        browser.cdp("Network.enable", json!({})).await;
        browser
            .cdp(
                "Network.emulateNetworkConditions",
                json!({"offline": false, "latency": network.latency_ms,
                       "downloadThroughput": network.down_kbit * 1000.0 / 8.0,
                       "uploadThroughput": -1}),
            )
            .await;
    }
    let mut probe = probe_script(names);
    if trace {
        probe.push_str(WASM_PROBE);
    }
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": probe}),
        )
        .await;
    let content_ms = content_of(&browser, url).await;
    tokio::time::sleep(SETTLE).await;
    let costs = browser.eval(READ_COSTS).await;
    if trace {
        let wasm = browser.eval("return window.__wasmTimes || [];").await;
        println!(
            "    rows: {}",
            browser.eval("return window.__rowsAt;").await
        );
        print_trace(&browser.eval(READ_TRACE).await, &wasm, content_ms);
    }
    let pan = if pan && content_ms.is_some() {
        Some(pan_cost(&browser).await)
    } else {
        None
    };
    let warm_ms = if content_ms.is_some() {
        content_of(&browser, url).await
    } else {
        None
    };
    if trace && warm_ms.is_some() {
        println!("    the repeat visit:");
        print_trace(&browser.eval(READ_TRACE).await, &Value::Null, warm_ms);
    }
    browser.close().await;
    let number = |key: &str| costs[key].as_f64().unwrap_or_default();
    Load {
        wire_kb: number("wire") / 1024.0,
        api_requests: number("api"),
        api_kb: number("api_bytes") / 1024.0,
        api_decoded_kb: number("api_decoded") / 1024.0,
        api_wait_ms: number("api_wait"),
        content_ms,
        warm_ms,
        heap_mb: number("heap") / 1_048_576.0,
        dom_nodes: number("dom"),
        pan,
    }
}

/// Loads `url` and waits for the probe to stamp its content: ms from the navigation's
/// start, or None after [`GIVE_UP`].
async fn content_of(browser: &Browser, url: &str) -> Option<f64> {
    browser.goto(url).await;
    let deadline = Instant::now() + GIVE_UP;
    while Instant::now() < deadline {
        if let Some(ms) = browser.eval("return window.__content;").await.as_f64() {
            return Some(ms);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// Pans the loaded timeline ([`PAN_PROBE`]) and reads what it cost.
async fn pan_cost(browser: &Browser) -> Pan {
    browser.eval(PAN_PROBE).await;
    let deadline = Instant::now() + GIVE_UP;
    let mut read = Value::Null;
    while Instant::now() < deadline {
        read = browser.eval("return window.__pan;").await;
        if !read.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(!read.is_null(), "the timeline's pans did not finish");
    if std::env::var("BENCH_TRACE").is_ok_and(|v| v == "1") {
        println!("  requests during the pans: {}", read["paths"]);
    }
    let number = |key: &str| read[key].as_f64().unwrap_or_default();
    Pan {
        frame_median_ms: number("frame_median"),
        frame_max_ms: number("frame_max"),
        longest_task_ms: number("longest_task"),
        blocked_ms: number("blocked"),
        requests: number("requests"),
        heap_mb: number("heap") / 1_048_576.0,
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    (!values.is_empty()).then(|| values[values.len() / 2])
}

/// The median of each measure over the loads (time to content over the loads that got there).
fn summarize(loads: &[Load]) -> (Load, usize) {
    let of = |f: fn(&Load) -> f64| median(loads.iter().map(f).collect()).unwrap_or_default();
    let content: Vec<f64> = loads.iter().filter_map(|l| l.content_ms).collect();
    let missing = loads.len() - content.len();
    (
        Load {
            wire_kb: of(|l| l.wire_kb),
            api_requests: of(|l| l.api_requests),
            api_kb: of(|l| l.api_kb),
            api_decoded_kb: of(|l| l.api_decoded_kb),
            api_wait_ms: of(|l| l.api_wait_ms),
            content_ms: median(content),
            warm_ms: median(loads.iter().filter_map(|l| l.warm_ms).collect()),
            heap_mb: of(|l| l.heap_mb),
            dom_nodes: of(|l| l.dom_nodes),
            pan: summarize_pans(loads),
        },
        missing,
    )
}

/// The median of each pan measure over the loads that panned.
fn summarize_pans(loads: &[Load]) -> Option<Pan> {
    let pans: Vec<&Pan> = loads.iter().filter_map(|l| l.pan.as_ref()).collect();
    if pans.is_empty() {
        return None;
    }
    let of = |f: fn(&Pan) -> f64| median(pans.iter().map(|p| f(p)).collect()).unwrap_or_default();
    Some(Pan {
        frame_median_ms: of(|p| p.frame_median_ms),
        frame_max_ms: of(|p| p.frame_max_ms),
        longest_task_ms: of(|p| p.longest_task_ms),
        blocked_ms: of(|p| p.blocked_ms),
        requests: of(|p| p.requests),
        heap_mb: of(|p| p.heap_mb),
    })
}

/// One page in each UI, and the names that mean its content is on screen.
struct Page {
    name: &'static str,
    ours: String,
    react: String,
    vue: String,
    names: Vec<String>,
    /// What means content in this dashboard when it is not `names` (a part drawn last).
    ours_names: Option<Vec<String>>,
}

fn names_of(items: &Value, key: &str) -> Vec<String> {
    items
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|item| item[key].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Names of the runs any UI's first page may show: the first 20 under each sort they use.
fn run_names(server: &PrefectServer) -> Vec<String> {
    let mut names = Vec::new();
    for sort in ["EXPECTED_START_TIME_DESC", "START_TIME_DESC", "NAME_ASC"] {
        let runs = server.json(
            "POST",
            "/flow_runs/filter",
            Some(json!({"sort": sort, "limit": 20})),
        );
        names.extend(names_of(&runs, "name"));
    }
    names.sort();
    names.dedup();
    names
}

fn pages(server: &PrefectServer, nginx: &Nginx, run: &(String, String)) -> Vec<Page> {
    let ours = nginx.url();
    let prefect = format!("http://127.0.0.1:{}", server.port);
    let pools = names_of(
        &server.json("POST", "/work_pools/filter", Some(json!({}))),
        "name",
    );
    let deployments = names_of(
        &server.json("POST", "/deployments/filter", Some(json!({"limit": 50}))),
        "name",
    );
    let flows = names_of(
        &server.json("POST", "/flows/filter", Some(json!({"limit": 50}))),
        "name",
    );
    let (run_id, run_name) = run;
    // The deployment with the most runs that started: the seed's copies hold the bulk runs.
    let newest = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flow_runs": {"start_time": {"is_null_": false}, "deployment_id": {"is_null_": false}},
                    "sort": "START_TIME_DESC", "limit": 1})),
    );
    let any = || {
        server.json(
            "POST",
            "/deployments/filter",
            Some(json!({"sort": "NAME_ASC", "limit": 1})),
        )[0]["id"]
            .as_str()
            .expect("a deployment")
            .to_string()
    };
    let deployment_id = newest[0]["deployment_id"]
        .as_str()
        .map_or_else(any, str::to_string);
    let deployment_name = server.json("GET", &format!("/deployments/{deployment_id}"), None)
        ["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let deployment = (deployment_id, deployment_name);
    // The run compared with the bench's run: another that started, the newest.
    let others = server.json(
        "POST",
        "/flow_runs/filter",
        Some(
            json!({"flow_runs": {"start_time": {"is_null_": false}, "id": {"not_any_": [run_id]}},
                    "sort": "START_TIME_DESC", "limit": 1}),
        ),
    );
    let compared = (
        others[0]["id"].as_str().unwrap_or(run_id).to_string(),
        others[0]["name"].as_str().unwrap_or(run_name).to_string(),
    );
    // The first pool by name (the seed's own pools, with workers).
    let pool = pools.first().cloned().unwrap_or_default();
    let encode = |text: &str| prefect_dashboard::url::encode_component(text);
    let page = |name, path_ours: &str, path_prefect: &str, names: Vec<String>| Page {
        name,
        ours: format!("{ours}{path_ours}"),
        react: format!("{prefect}/v2{path_prefect}"),
        vue: format!("{prefect}{path_prefect}"),
        names,
        ours_names: None,
    };
    vec![
        page("dashboard", "", "/dashboard", pools.clone()),
        page("runs", "flow-runs", "/runs", run_names(server)),
        // Prefect has no timeline: its runs page (a scatter of runs in time over its list)
        // is what it shows instead. Ours has drawn when a row has its bars or counted cells.
        page(
            "timeline",
            "timeline?window=past-7d",
            "/runs",
            [
                vec![
                    "css:[data-testid=timeline-row] .tl-bar, [data-testid=timeline-row] .tl-dense"
                        .to_string(),
                ],
                run_names(server),
            ]
            .concat(),
        ),
        page(
            "flow run",
            &format!("flow-runs/{run_id}"),
            &format!("/runs/flow-run/{run_id}"),
            vec![run_name.clone()],
        ),
        // A deployment's page drawn to its runs x tasks grid (ours; the part drawn last) and
        // Prefect's page of the same deployment (its name).
        Page {
            ours_names: Some(vec![
                "css:[data-testid=grid-run], [data-testid=run-history-empty]".to_string(),
            ]),
            ..page(
                "a deployment",
                &format!("deployments/{}", deployment.0),
                &format!("/deployments/deployment/{}", deployment.0),
                vec![deployment.1.clone()],
            )
        },
        // Two runs compared (ours; drawn when its tasks are) against Prefect's page of the
        // first (it has no comparison: a user opens each run's page).
        Page {
            ours_names: Some(vec![
                "css:[data-testid=compare-tasks-summary], [data-testid=compare-tasks-section] p.muted"
                    .to_string(),
            ]),
            ..page(
                "compare runs",
                &format!("flow-runs/compare?a={run_id}&b={}", compared.0),
                &format!("/runs/flow-run/{run_id}"),
                vec![run_name.clone(), compared.1.clone()],
            )
        },
        // A pool's page drawn to what each worker is running (ours; the part drawn last).
        Page {
            ours_names: Some(vec![
                "css:[data-testid=worker-runs-worker], [data-testid=worker-runs-status]"
                    .to_string(),
            ]),
            ..page(
                "a work pool",
                &format!("work-pools/{}", encode(&pool)),
                &format!("/work-pools/work-pool/{}", encode(&pool)),
                vec![pool.clone()],
            )
        },
        page("flows", "flows", "/flows", flows),
        page("deployments", "deployments", "/deployments", deployments),
        page("work pools", "work-pools", "/work-pools", pools),
    ]
}

/// The deployments the scale sizes have (the seed's and numbered copies): the timeline's
/// rows at the scale its issue names.
const SCALE_DEPLOYMENTS: u32 = 200;

/// Brings the server to `runs` flow runs in all and [`SCALE_DEPLOYMENTS`] deployments (bulk
/// SQL for what the API has not made).
fn grow_to(postgres: &Postgres, tools: &Tools, runs: u64) {
    let have: u64 = postgres
        .psql("SELECT count(*) FROM flow_run")
        .parse()
        .unwrap_or(0);
    if runs <= have {
        return;
    }
    let started = Instant::now();
    let sql = std::fs::read_to_string(tools.repo_file("scripts/bulk_flow_runs.sql"))
        .expect("scripts/bulk_flow_runs.sql");
    postgres.psql(
        &sql.replace(":runs", &(runs - have).to_string())
            .replace(":deployments", &SCALE_DEPLOYMENTS.to_string()),
    );
    println!(
        "  wrote {} flow runs in bulk in {:.1} s",
        runs - have,
        started.elapsed().as_secs_f64()
    );
}

fn fmt_ms(ms: Option<f64>) -> String {
    ms.map_or_else(
        || "no content".to_string(),
        |ms| format!("{:.2} s", ms / 1000.0),
    )
}

fn ratio(theirs: f64, ours: f64) -> String {
    if ours > 0.0 && theirs > 0.0 {
        format!("{:.1}x", theirs / ours)
    } else {
        "—".into()
    }
}

pub async fn run() {
    let tools = Tools::locate();
    let loads: usize = std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let sizes: Vec<String> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "demo,10000,100000".into())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let network = network_from_env();
    let only_pages: Option<Vec<String>> = std::env::var("BENCH_PAGES")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let trace = std::env::var("BENCH_TRACE").is_ok_and(|v| v == "1");
    let only_uis: Option<Vec<String>> = std::env::var("BENCH_UIS")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    if let Some(only) = &only_uis {
        let unknown: Vec<&String> = only
            .iter()
            .filter(|u| !["ours", "react", "vue"].contains(&u.as_str()))
            .collect();
        assert!(
            unknown.is_empty(),
            "BENCH_UIS: no UI named {unknown:?} (ours, react, vue)"
        );
    }
    let postgres = Postgres::start();
    let server = PrefectServer::start(
        &tools,
        PrefectOptions::with_ui(vec![(
            "PREFECT_API_DATABASE_CONNECTION_URL".into(),
            postgres.prefect_url(),
        )]),
    );
    server.seed(&tools, "demo");
    // The run page's run: the newest completed run the seed made (tasks, logs, a real run).
    let completed = server.json(
        "POST",
        "/flow_runs/filter",
        Some(
            json!({"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
                    "sort": "START_TIME_DESC", "limit": 1}),
        ),
    );
    let run = (
        completed[0]["id"]
            .as_str()
            .expect("a completed run")
            .to_string(),
        completed[0]["name"].as_str().expect("its name").to_string(),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let version = server.json("GET", "/admin/version", None);
    let mut report = Vec::new();
    println!(
        "\nCold loads, median of {loads}, Chromium, one Prefect {version} server on PostgreSQL{}",
        network.map_or_else(
            || ", loopback".to_string(),
            |n| format!(
                ", emulated network: +{} ms a request, {} kbit/s down",
                n.latency_ms, n.down_kbit
            )
        )
    );
    for size in &sizes {
        if let Ok(runs) = size.parse::<u64>() {
            grow_to(&postgres, &tools, runs);
        }
        let total = postgres.psql("SELECT count(*) FROM flow_run");
        println!("\n== {size}: {total} flow runs ==");
        if let Some(hold) = std::env::var("BENCH_HOLD")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            println!(
                "holding {hold} s: Prefect {} (API {}), this dashboard {}",
                format_args!("http://127.0.0.1:{}", server.port),
                server.api_url(),
                nginx.url()
            );
            tokio::time::sleep(Duration::from_secs(hold)).await;
        }
        println!(
            "{:<12} {:<16} {:>9} {:>5} {:>9} {:>9} {:>9} {:>10} {:>8} {:>6} {:>10}",
            "page",
            "ui",
            "wire KB",
            "API",
            "API KB",
            "JSON KB",
            "server s",
            "content",
            "heap MB",
            "DOM",
            "warm"
        );
        let all_pages = pages(&server, &nginx, &run);
        if let Some(only) = &only_pages {
            let unknown: Vec<&String> = only
                .iter()
                .filter(|p| !all_pages.iter().any(|page| page.name == p.as_str()))
                .collect();
            assert!(unknown.is_empty(), "BENCH_PAGES: no page named {unknown:?}");
        }
        for page in all_pages {
            if only_pages
                .as_ref()
                .is_some_and(|only| !only.iter().any(|p| p == page.name))
            {
                continue;
            }
            let uis = [
                ("ours", "this dashboard", page.ours.as_str()),
                ("react", "Prefect React", page.react.as_str()),
                // Prefect serves its Vue UI at the paths without /v2 (only `/` redirects).
                ("vue", "Prefect Vue", page.vue.as_str()),
            ];
            let mut summaries = Vec::new();
            for (key, ui, url) in uis {
                if only_uis
                    .as_ref()
                    .is_some_and(|only| !only.iter().any(|u| u == key))
                {
                    continue;
                }
                let mut measured = Vec::new();
                for _ in 0..loads {
                    let ours = ui == "this dashboard";
                    let pan = ours && page.name == "timeline";
                    let names = match &page.ours_names {
                        Some(names) if ours => names,
                        _ => &page.names,
                    };
                    measured.push(cold_load(&tools, url, names, network, trace && ours, pan).await);
                }
                let (s, missing) = summarize(&measured);
                println!(
                    "{:<12} {:<16} {:>9.0} {:>5.0} {:>9.0} {:>9.0} {:>9.2} {:>10} {:>8.1} {:>6.0} {:>10}{}",
                    page.name,
                    ui,
                    s.wire_kb,
                    s.api_requests,
                    s.api_kb,
                    s.api_decoded_kb,
                    s.api_wait_ms / 1000.0,
                    fmt_ms(s.content_ms),
                    s.heap_mb,
                    s.dom_nodes,
                    fmt_ms(s.warm_ms),
                    if missing > 0 {
                        format!(
                            "  ({missing} of {loads} loads showed no content in {} s)",
                            GIVE_UP.as_secs()
                        )
                    } else {
                        String::new()
                    }
                );
                if let Some(pan) = &s.pan {
                    println!(
                        "{:<12} 10 pans: key to frame {:.0} ms (median), {:.0} ms (slowest); longest task {:.0} ms; blocked {:.0} ms; {:.0} API requests; heap after {:.1} MB",
                        "", pan.frame_median_ms, pan.frame_max_ms, pan.longest_task_ms,
                        pan.blocked_ms, pan.requests, pan.heap_mb
                    );
                }
                report.push(json!({
                    "size": size, "flow_runs": total, "page": page.name, "ui": ui, "url": url,
                    "wire_kb": s.wire_kb, "api_requests": s.api_requests, "api_kb": s.api_kb, "api_json_kb": s.api_decoded_kb,
                    "api_server_ms": s.api_wait_ms,
                    "content_ms": s.content_ms, "warm_ms": s.warm_ms, "heap_mb": s.heap_mb, "dom_nodes": s.dom_nodes,
                    "loads": loads, "loads_without_content": missing,
                    "pan": s.pan.as_ref().map(|p| json!({
                        "frame_median_ms": p.frame_median_ms, "frame_max_ms": p.frame_max_ms,
                        "longest_task_ms": p.longest_task_ms, "blocked_ms": p.blocked_ms,
                        "requests": p.requests, "heap_mb": p.heap_mb})),
                    "network": network.map(|n| json!({"latency_ms": n.latency_ms, "down_kbit": n.down_kbit})),
                }));
                summaries.push(s);
            }
            if let [ours, react, vue] = summaries.as_slice() {
                let content = |s: &Load| s.content_ms.unwrap_or_default();
                let warm = |s: &Load| s.warm_ms.unwrap_or_default();
                println!(
                    "{:<12} ratios (Prefect / this): wire React {} Vue {}; API React {} Vue {}; content React {} Vue {}; warm React {} Vue {}",
                    "",
                    ratio(react.wire_kb, ours.wire_kb),
                    ratio(vue.wire_kb, ours.wire_kb),
                    ratio(react.api_requests, ours.api_requests),
                    ratio(vue.api_requests, ours.api_requests),
                    ratio(content(react), content(ours)),
                    ratio(content(vue), content(ours)),
                    ratio(warm(react), warm(ours)),
                    ratio(warm(vue), warm(ours)),
                );
            }
        }
    }
    let out = tools.repo_file("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench");
    let path = out.join("browser.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&report).unwrap_or_default(),
    )
    .expect("write the report");
    println!("\nwrote {}", path.display());
    let ours_missing: Vec<&Value> = report
        .iter()
        .filter(|r| r["ui"] == "this dashboard" && r["loads_without_content"] != 0)
        .collect();
    assert!(
        ours_missing.is_empty(),
        "this dashboard showed no content: {ours_missing:?}"
    );
}
