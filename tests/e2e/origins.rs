//! The shipped proxy serves the dashboard, not the web: a page of another origin gets nothing
//! through the dashboard's address (reads, writes, preflights, the events stream), an origin
//! allowed at render time reads, and the proxy's limits answer in Prefect's error shape.

use crate::api_client::send;
use crate::support::http::{get_raw, request};
use crate::support::process::TempDir;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use prefect_dashboard::api::endpoints;
use prefect_dashboard::schemas::filters::FlowRunRequest;
use serde_json::json;

/// The status of each access-log line whose request contains `needle`.
pub(crate) fn statuses(nginx: &Nginx, needle: &str) -> Vec<(String, u16)> {
    nginx
        .access_log()
        .into_iter()
        .filter(|line| line.contains(needle))
        .filter_map(|line| {
            let (request, rest) = line.split_once("\" ")?;
            let status = rest.split_whitespace().next()?.parse().ok()?;
            Some((request.to_string(), status))
        })
        .collect()
}

/// What a script on the page at the browser's current address gets from the API at `api`:
/// per attempt "refused" (no answer the page may read) or "read STATUS".
async fn attempts(browser: &Browser, api: &str, run: uuid::Uuid) -> serde_json::Value {
    let script = format!(
        r#"return (async () => {{
          const api = {api:?};
          const out = {{}};
          const attempt = async (name, url, init) => {{
            try {{ const r = await fetch(url, init); out[name] = 'read ' + r.status; }}
            catch (e) {{ out[name] = 'refused'; }}
          }};
          await attempt('get', api + '/flow_runs/{run}');
          await attempt('filter', api + '/flow_runs/filter', {{method: 'POST',
            headers: {{'Content-Type': 'application/json'}}, body: '{{}}'}});
          await attempt('delete', api + '/flow_runs/{run}', {{method: 'DELETE'}});
          // A "simple" request goes without a preflight; its answer is opaque to the page,
          // so only the server's state tells whether it got through.
          await attempt('clear', api + '/admin/database/clear', {{method: 'POST', mode: 'no-cors',
            headers: {{'Content-Type': 'text/plain'}}, body: '{{"confirm": true}}'}});
          out.websocket = await new Promise(resolve => {{
            const ws = new WebSocket(api.replace(/^http/, 'ws') + '/events/out');
            ws.onopen = () => {{ ws.close(); resolve('open'); }};
            ws.onerror = () => resolve('refused');
          }});
          return out;
        }})()"#
    );
    browser.eval(&script).await
}

#[tokio::test(flavor = "multi_thread")]
async fn another_origins_page_gets_nothing_through_the_dashboards_address() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let runs_before = send(
        &server,
        endpoints::flow_runs_count(&FlowRunRequest::default()),
    );
    let victim = send(
        &server,
        endpoints::flow_runs_filter(&FlowRunRequest {
            limit: Some(1),
            ..Default::default()
        }),
    )
    .into_iter()
    .next()
    .expect("a seeded run")
    .id;
    // Another origin: a page on a second nginx (another port of the same host).
    let site = TempDir::new("other-origin");
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><title>Elsewhere</title><p id=elsewhere>elsewhere</p>",
    )
    .expect("write the other origin's page");
    let other = Nginx::start_site(
        &tools,
        &format!(
            "server {{ listen @LISTEN@; root {}; }}",
            site.path().display()
        ),
    );
    let other_origin = format!("http://127.0.0.1:{}", other.port);
    let dashboard = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{other_origin}/")).await;
    browser
        .wait_for_text("#elsewhere", |t| t == "elsewhere")
        .await;
    let api = format!("{}api", dashboard.url());
    let got = attempts(&browser, &api, victim).await;
    assert_eq!(
        got,
        json!({"get": "refused", "filter": "refused", "delete": "refused",
               "clear": "read 0", "websocket": "refused"}),
        "what the other origin's page got"
    );
    // The proxy itself said no (403) to each, preflights included: nothing reached Prefect.
    let seen = statuses(&dashboard, "/api/");
    for needle in [
        format!("GET /api/flow_runs/{victim}"),
        "OPTIONS /api/flow_runs/filter".to_string(),
        format!("OPTIONS /api/flow_runs/{victim}"),
        "POST /api/admin/database/clear".to_string(),
        "GET /api/events/out".to_string(),
    ] {
        assert!(
            seen.iter().any(|(line, _)| line.contains(&needle)),
            "{needle} reached the proxy: {seen:?}"
        );
    }
    assert!(
        seen.iter().all(|(_, status)| *status == 403),
        "every request of the other origin answered 403: {seen:?}"
    );
    let runs_after = send(
        &server,
        endpoints::flow_runs_count(&FlowRunRequest::default()),
    );
    assert_eq!(runs_after, runs_before, "nothing was deleted or cleared");
    assert_eq!(send(&server, endpoints::flow_run(victim)).id, victim);

    // The dashboard's own pages work in the same browser (the refusals above were the other
    // page's console lines), and its own origin reads.
    let _ = browser.console_errors().await;
    browser.goto(&dashboard.url()).await;
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| {
            !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
        })
        .await;
    let own = browser
        .eval(
            "return fetch('api/flow_runs/filter', {method: 'POST', \
             headers: {'Content-Type': 'application/json'}, body: '{\"limit\": 1}'}) \
             .then(r => r.status)",
        )
        .await;
    assert_eq!(own, json!(200), "the dashboard's own origin reads");
    assert!(browser.console_errors().await.is_empty());

    // An origin allowed at render time (deliberate embedding) reads, with its own CORS header.
    let embedding = Nginx::start(
        &tools,
        NginxOptions {
            allowed_origins: vec![other_origin.clone()],
            ..NginxOptions::root(&tools, server.api_url())
        },
    );
    browser.goto(&format!("{other_origin}/")).await;
    browser
        .wait_for_text("#elsewhere", |t| t == "elsewhere")
        .await;
    let read = browser
        .eval(&format!(
            "return fetch('{}api/flow_runs/{victim}').then(r => r.json()).then(j => j.id)",
            embedding.url()
        ))
        .await;
    assert_eq!(read, json!(victim.to_string()), "the allowed origin reads");
    browser.close().await;
    // Prefect's own `Access-Control-Allow-Origin: *` never leaves the proxy.
    let answer = get_raw(
        &format!("{}api/flow_runs/{victim}", dashboard.url()),
        &[("Origin", &format!("http://127.0.0.1:{}", dashboard.port))],
    )
    .expect("own-origin read");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("access-control-allow-origin"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_proxy_names_no_version_and_refuses_an_oversized_body_in_words() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let index = get_raw(&nginx.url(), &[]).expect("index");
    assert_eq!(index.header("server"), Some("nginx"), "no version number");
    // Plain http: no HSTS (it would mean nothing, and lock the name out of http if wrong).
    assert_eq!(index.header("strict-transport-security"), None);
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    // 11 MB of parameters: over the proxy's 10 MB, answered 413 with a `detail`.
    let big = json!({"parameters": {"blob": "x".repeat(11 * 1024 * 1024)}});
    let answer = request(
        "POST",
        &format!("{}api/ui/schemas/validate", nginx.url()),
        &[],
        Some(&big),
    )
    .expect("an answer");
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(answer.json()["detail"]
        .as_str()
        .is_some_and(|d| d.contains("10 MB")));
}
