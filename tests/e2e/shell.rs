//! The app shell: connection header, sub-path serving, configuration errors.

use crate::support::http::get_raw;
use crate::support::nginx::dist_with_config;
use crate::support::process::free_port;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};

const CONNECTION: &str = "[data-testid=connection]";

#[tokio::test(flavor = "multi_thread")]
async fn header_shows_the_real_servers_version() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let summary = server.seed(&tools, "minimal");
    assert_eq!(summary["flow_runs"]["completed"], 1, "{summary}");
    let runs = server.json("POST", "/flow_runs/count", Some(serde_json::json!({})));
    assert_eq!(runs, 2, "the minimal seed makes two real flow runs");
    let version = server.json("GET", "/admin/version", None);
    let version = version.as_str().expect("version is a string").to_string();

    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    let text = browser
        .wait_for_text(CONNECTION, |t| !t.contains("Connecting"))
        .await;
    assert!(
        text.contains(&format!("Prefect {version}")),
        "header says: {text}"
    );
    assert_eq!(
        browser.attr(CONNECTION, "data-state").await.as_deref(),
        Some("connected")
    );
    assert!(
        text.contains('✓'),
        "the state has a glyph, not only a colour: {text}"
    );
    browser.close().await;
}

/// Several replicas of the API behind the shipped proxy (its upstream group, docs/performance.md "At
/// scale"): with one of them down, every page loads, live updates connect and no request
/// fails (nginx passes a refused connection on to the next replica).
#[tokio::test(flavor = "multi_thread")]
async fn a_replica_down_behind_the_proxy_goes_unnoticed() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let dead = format!("http://127.0.0.1:{}/api", free_port());
    let replicas = format!("{dead} {}", server.api_url());
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, replicas));
    let browser = Browser::start(&tools).await;
    for (path, loaded) in [
        ("", "[data-testid=attention-count]"),
        ("flow-runs", "[data-testid=flow-run-row]"),
        ("work-pools", "main h1"),
    ] {
        browser.goto(&format!("{}{path}", nginx.url())).await;
        browser.element(loaded).await;
        browser
            .wait_for_text(CONNECTION, |t| t.contains("Prefect"))
            .await;
    }
    browser.wait_live().await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console: {errors:?}");
    let api: Vec<String> = nginx
        .access_log()
        .into_iter()
        .filter(|l| l.contains("/api/"))
        .collect();
    assert!(api.len() > 5, "the pages called the API: {api:?}");
    let failed: Vec<&String> = api.iter().filter(|l| l.contains("\" 502 ")).collect();
    assert!(failed.is_empty(), "requests failed: {failed:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn api_down_is_reported_as_unreachable() {
    let tools = Tools::locate();
    // Nothing listens on this port, so the proxy answers 502 Bad Gateway.
    let dead_api = format!("http://127.0.0.1:{}/api", free_port());
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, dead_api));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    let text = browser
        .wait_for_text(CONNECTION, |t| !t.contains("Connecting"))
        .await;
    assert!(text.contains("Server unreachable"), "header says: {text}");
    assert!(
        text.contains("502"),
        "the reason names the proxy's answer: {text}"
    );
    assert_eq!(
        browser.attr(CONNECTION, "data-state").await.as_deref(),
        Some("unreachable")
    );
    // The rest of the app still works: navigation renders the Settings page.
    browser.click("nav a[href='/settings']").await;
    let heading = browser.wait_for_text("main h1", |t| t == "Settings").await;
    assert_eq!(heading, "Settings");
    browser.close().await;
}

/// A release build aborts on a panic (scripts/release-build.sh): a bare wasm trap, which the
/// head script turns into the internal-error banner. The trap here is a real one: the
/// release wasm's own allocator export asked for 4 GiB aborts, as a panic would.
#[tokio::test(flavor = "multi_thread")]
async fn a_trap_in_the_release_wasm_shows_the_internal_error_banner() {
    let tools = Tools::locate();
    let dead_api = format!("http://127.0.0.1:{}/api", free_port());
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, dead_api));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    browser
        .wait_for_text(CONNECTION, |t| !t.contains("Connecting"))
        .await;
    // Not every error is the app stopping: a script error elsewhere shows no banner.
    browser
        .eval(
            "window.addEventListener('error', () => { window.__thrown = true; }); \
             setTimeout(() => { throw new Error('not the app'); }); return null",
        )
        .await;
    // The app's own error listener came first: once this one saw it, the app had its turn.
    browser
        .wait_for_eval("return window.__thrown === true", &serde_json::json!(true))
        .await;
    assert_eq!(
        browser
            .eval("return document.querySelector('.fatal-error') === null")
            .await,
        serde_json::json!(true),
        "a plain script error showed the banner"
    );
    // wasm-bindgen's init hands back the instance it already made: the page's own wasm.
    let armed = browser
        .eval(
            "const glue = performance.getEntriesByType('resource').map(e => e.name)
                .find(n => /prefect-dashboard-[0-9a-f]+\\.js$/.test(n));
             if (!glue) return 'no glue script';
             return import(glue).then(m => m.default()).then(wasm => {
               if (typeof wasm.__wbindgen_malloc !== 'function') return 'no allocator export';
               setTimeout(() => wasm.__wbindgen_malloc(4294967295, 1));
               return 'armed';
             });",
        )
        .await;
    assert_eq!(armed, serde_json::json!("armed"));
    let banner = browser
        .wait_for_text(".fatal-error[role=alert]", |t| !t.is_empty())
        .await;
    assert!(
        banner.contains("internal error") && banner.contains("RuntimeError"),
        "banner: {banner}"
    );
    let errors = browser.console_errors().await;
    assert!(
        errors.iter().any(|l| l.contains("RuntimeError")),
        "the trap is in the console too: {errors:?}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_with_basic_auth_is_reported_as_sign_in_required() {
    let tools = Tools::locate();
    let options = PrefectOptions {
        auth_string: Some("admin:s3cret".into()),
        ..Default::default()
    };
    let server = PrefectServer::start(&tools, options);
    let without_credentials = crate::support::http::request(
        "GET",
        &format!("{}/admin/version", server.api_url()),
        &[],
        None,
    )
    .expect("direct call");
    assert_eq!(
        without_credentials.status, 401,
        "the server really demands credentials"
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    let text = browser
        .wait_for_text(CONNECTION, |t| !t.contains("Connecting"))
        .await;
    assert!(
        text.contains("Sign-in required (HTTP 401)"),
        "header says: {text}"
    );
    assert_eq!(
        browser.attr(CONNECTION, "data-state").await.as_deref(),
        Some("unauthorized")
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn works_under_a_sub_path_with_deep_links() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let version = server.json("GET", "/admin/version", None);
    let options = NginxOptions {
        base_path: "/dashboard".into(),
        ..NginxOptions::root(&tools, server.api_url())
    };
    let nginx = Nginx::start(&tools, options);
    let browser = Browser::start(&tools).await;
    // A deep link loads the app, which finds its assets, config and API under the sub-path.
    browser.goto(&format!("{}settings", nginx.url())).await;
    let heading = browser.wait_for_text("main h1", |t| t == "Settings").await;
    assert_eq!(heading, "Settings");
    let text = browser
        .wait_for_text(CONNECTION, |t| !t.contains("Connecting"))
        .await;
    assert!(
        text.contains(&format!("Prefect {}", version.as_str().unwrap_or_default())),
        "{text}"
    );
    let link = browser
        .attr("nav a[href$='/flow-runs']", "href")
        .await
        .unwrap_or_default();
    assert_eq!(link, "/dashboard/flow-runs");
    browser.click("nav a[href='/dashboard/flow-runs']").await;
    browser.wait_for_text("main h1", |t| t == "Flow runs").await;
    assert!(browser
        .current_url()
        .await
        .ends_with("/dashboard/flow-runs"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_config_shows_a_clear_message() {
    let tools = Tools::locate();
    let dist = dist_with_config(&tools, "{ \"api_base\": ");
    let options = NginxOptions {
        dist: dist.path().to_path_buf(),
        ..NginxOptions::root(&tools, "http://127.0.0.1:9/api")
    };
    let nginx = Nginx::start(&tools, options);
    let browser = Browser::start(&tools).await;
    browser.goto(&nginx.url()).await;
    let message = browser
        .wait_for_text("[data-testid=error-panel]", |t| !t.is_empty())
        .await;
    assert!(message.contains("could not start"), "{message}");
    assert!(message.contains("config.json is not valid"), "{message}");
    browser.close().await;
}

/// Decompresses `bytes` with a command such as `gzip -dc` (the same tools as the build).
fn decompress(command: &str, bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new(command)
        .arg("-dc")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {command}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("decompress");
    writer.join().expect("writer").expect("write");
    assert!(output.status.success(), "{command} -dc failed");
    output.stdout
}

#[test]
fn the_bundle_is_served_precompressed_and_cached_for_good() {
    let tools = Tools::locate();
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, format!("http://127.0.0.1:{}/api", free_port())),
    );
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(&tools.dist).expect("read dist") {
        let path = entry.expect("dist entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if ![".wasm", ".js", ".css"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        {
            continue;
        }
        let raw = std::fs::read(&path).expect("read asset");
        let url = format!("{}{name}", nginx.url());
        for (accept, encoding, tool) in [("br, gzip", "br", "brotli"), ("gzip", "gzip", "gzip")] {
            let answer = get_raw(&url, &[("Accept-Encoding", accept)]).expect("GET asset");
            assert_eq!(answer.status, 200, "{name}");
            assert_eq!(
                answer.header("content-encoding"),
                Some(encoding),
                "{name} for {accept}"
            );
            let file = std::fs::read(format!(
                "{}.{}",
                path.display(),
                if encoding == "br" { "br" } else { "gz" }
            ))
            .expect("the build's precompressed copy");
            assert!(
                answer.body == file,
                "{name}: nginx sends the build's {encoding} file as it is ({} bytes sent, {} in the file)",
                answer.body.len(),
                file.len()
            );
            assert!(
                answer.body.len() < raw.len(),
                "{name}: {encoding} is smaller"
            );
            assert!(
                decompress(tool, &answer.body) == raw,
                "{name}: {encoding} holds the asset"
            );
            assert!(
                answer
                    .header("vary")
                    .is_some_and(|v| v.contains("Accept-Encoding")),
                "{name}: caches keep encodings apart"
            );
            assert!(
                answer
                    .header("cache-control")
                    .is_some_and(|v| v.contains("immutable")),
                "{name}: hashed names are cached for good"
            );
        }
        let plain = get_raw(&url, &[]).expect("GET asset");
        assert_eq!(plain.header("content-encoding"), None, "{name}");
        assert!(
            plain.body == raw,
            "{name} without compression: {} bytes",
            plain.body.len()
        );
        checked.push(name);
    }
    let count = |suffix: &str| checked.iter().filter(|n| n.ends_with(suffix)).count();
    assert_eq!(count(".css"), 1, "one stylesheet: {checked:?}");
    assert_eq!(
        count(".js"),
        5,
        "the app's JS, the chunk loader, the chunk preloader, and the boot and theme scripts moved out of index.html: {checked:?}"
    );
    // The shell's wasm plus the page chunks (scripts/split-wasm.py), every one named by the
    // loader, so nothing stale is served.
    let loader_name = checked
        .iter()
        .find(|n| n.starts_with("__wasm_split-"))
        .expect("the chunk loader");
    let loader = std::fs::read_to_string(tools.dist.join(loader_name)).expect("read the loader");
    let chunks: Vec<&String> = checked
        .iter()
        .filter(|n| n.starts_with("chunk_") || n.starts_with("split_"))
        .collect();
    assert!(
        chunks.iter().filter(|n| n.starts_with("split_")).count() >= 20,
        "a chunk per page: {chunks:?}"
    );
    for chunk in &chunks {
        assert!(
            loader.contains(chunk.as_str()),
            "{chunk} is not named by the loader"
        );
    }
    let bundles: Vec<&String> = checked
        .iter()
        .filter(|n| n.starts_with("bundle_"))
        .collect();
    assert_eq!(
        count(".wasm"),
        chunks.len() + bundles.len() + 1,
        "one shell wasm: {checked:?}"
    );
    // Names made from their content (the split hook's digest: sha256, 16 hex digits, 8 for
    // the chunks, which the loader lists by the hundred) change with it, so a file cached for
    // good is never a stale one.
    for name in checked.iter().filter(|n| {
        ["__wasm_split-", "chunk_", "split_", "bundle_", "preload-"]
            .iter()
            .any(|p| n.starts_with(p))
    }) {
        let output = std::process::Command::new("sha256sum")
            .arg(tools.dist.join(name))
            .output()
            .expect("sha256sum");
        let sum = String::from_utf8_lossy(&output.stdout);
        let hash = name
            .rsplit('-')
            .next()
            .and_then(|tail| tail.split('.').next());
        let digits = if name.starts_with("chunk_") || name.starts_with("split_") {
            8
        } else {
            16
        };
        assert_eq!(hash, sum.get(..digits), "{name} is named by its content");
    }
    // A bundle per page: one wasm module, which the head script names, importing only the
    // shell's memory, table and stack pointer (scripts/split-wasm.py `merge`).
    assert!(bundles.len() >= 20, "a bundle per page: {checked:?}");
    let preload_name = checked
        .iter()
        .find(|n| n.starts_with("preload-"))
        .expect("the head script");
    let preload = std::fs::read_to_string(tools.dist.join(preload_name)).expect("read it");
    for name in bundles {
        assert!(
            preload.contains(name.as_str()),
            "{name} is named by {preload_name}"
        );
        let bytes = std::fs::read(tools.dist.join(name)).expect("read the bundle");
        assert_eq!(
            bytes.get(..8),
            Some(&b"\0asm\x01\0\0\0"[..]),
            "{name} is wasm"
        );
        for import in [
            "memory",
            "__indirect_function_table",
            "__wasm_split_shared0",
        ] {
            let entry = [
                &[4u8][..],
                b"__pd",
                &[import.len() as u8],
                import.as_bytes(),
            ]
            .concat();
            assert!(
                bytes.windows(entry.len()).any(|w| w == entry),
                "{name} imports __pd.{import}"
            );
        }
        assert!(
            !bytes.windows(13).any(|w| w == b"\x0c__wasm_split"),
            "{name} imports nothing from the module the chunks import from"
        );
    }
}

/// The wasm files the page fetched, by name without their hash (Resource Timing).
async fn fetched_wasm(browser: &Browser) -> Vec<String> {
    let names = browser
        .eval(
            "return performance.getEntriesByType('resource')
                .map(e => new URL(e.name).pathname.split('/').pop())
                .filter(n => n.endsWith('.wasm'))",
        )
        .await;
    serde_json::from_value(names).expect("names")
}

/// Asserts that a cold load fetched exactly one bundle, `group`'s.
async fn assert_one_bundle(browser: &Browser, group: &str) {
    let fetched = fetched_wasm(browser).await;
    let bundles: Vec<&String> = fetched
        .iter()
        .filter(|n| n.starts_with("bundle_"))
        .collect();
    assert!(
        bundles.len() == 1 && bundles[0].starts_with(&format!("bundle_{group}-")),
        "the {group} bundle alone: {fetched:?}"
    );
}

/// Asserts that `path` was asked for once, by the head script (it lists what it asked by
/// key: `key` starts one of them), so the app took its answer rather than asking again.
async fn assert_taken_once(browser: &Browser, path: &str, key: &str) {
    let seen = browser
        .eval(&format!(
            "return [performance.getEntriesByType('resource')
                .filter(e => new URL(e.name).pathname === '{path}').length,
              window.__pdPrefetchSent || []]"
        ))
        .await;
    let sent: Vec<String> = serde_json::from_value(seen[1].clone()).unwrap_or_default();
    assert!(
        seen[0] == 1 && sent.iter().any(|k| k.starts_with(key)),
        "{path} asked once, by the head script ({key}…): {seen}"
    );
}

/// A cold load fetches the shell and one bundle with its page's chunks, not a request per
/// chunk, and config.json once (the head script asks for it early; the app takes that
/// answer); a page reached by navigation fetches its own chunks; a list's page and a run's
/// page have their first read asked by the head script.
#[tokio::test(flavor = "multi_thread")]
async fn a_cold_load_fetches_its_pages_chunks_in_one_bundle() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    // Live updates off: an event arriving from the seed would refetch the page's lists, and
    // each read is counted below.
    let quiet = dist_with_config(&tools, r#"{"live_updates": false}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&quiet),
    );
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}flows", nginx.url())).await;
    browser.element("[data-testid=flow-row]").await;
    assert_one_bundle(&browser, "flows").await;
    let fetched = fetched_wasm(&browser).await;
    let chunks: Vec<&String> = fetched
        .iter()
        .filter(|n| n.starts_with("chunk_") || n.starts_with("split_"))
        .collect();
    assert!(chunks.is_empty(), "no chunk fetched on its own: {chunks:?}");
    // The head script fetches and compiles the shell's wasm; nothing fetches it again.
    let shells = fetched
        .iter()
        .filter(|n| n.starts_with("prefect-dashboard-") && n.ends_with("_bg.wasm"))
        .count();
    assert_eq!(shells, 1, "the shell's wasm fetched once: {fetched:?}");
    // config.json once: asked for by the head script, taken by the app.
    let configs = browser
        .eval(
            "return performance.getEntriesByType('resource')
                .filter(e => new URL(e.name).pathname.endsWith('/config.json')).length",
        )
        .await;
    assert_eq!(configs, 1, "config.json fetched once");
    // The server's settings once, asked for by the head script (before the app's first
    // request of its own), taken by the app.
    let settings = browser
        .eval(
            "const at = (end) => performance.getEntriesByType('resource')
                .filter(e => new URL(e.name).pathname.endsWith(end)).map(e => e.startTime);
            return [at('/api/admin/settings'), at('/api/admin/version')]",
        )
        .await;
    let starts =
        |i: usize| -> Vec<f64> { serde_json::from_value(settings[i].clone()).unwrap_or_default() };
    let (settings, version) = (starts(0), starts(1));
    assert_eq!(settings.len(), 1, "the settings fetched once: {settings:?}");
    assert!(
        version.first().is_some_and(|v| settings[0] < *v),
        "the settings asked for before the app's own first request: {settings:?} {version:?}"
    );
    // The page's own first read too (the list at its defaults; this server has CSRF off):
    // asked by the head script (it says so) and not again by the app.
    assert_taken_once(&browser, "/api/flows/paginate", "POST /flows/paginate ").await;
    browser.click("nav a[href='/work-pools']").await;
    browser
        .wait_for_text("section.page", |t| {
            t.contains("No work pools yet") || t.contains("Last heartbeat")
        })
        .await;
    let fetched = fetched_wasm(&browser).await;
    assert!(
        fetched.iter().any(|n| n.starts_with("split_work_pools-")),
        "the work pools chunk, fetched on navigation: {fetched:?}"
    );
    assert_eq!(
        fetched.iter().filter(|n| n.starts_with("bundle_")).count(),
        1,
        "one bundle in all: {fetched:?}"
    );
    // A run's page, loaded afresh: the head script asks for the run itself and the app takes
    // that answer (asked once).
    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(serde_json::json!({"limit": 1})),
    );
    let (run, name) = (
        runs[0]["id"].as_str().expect("a seeded run"),
        runs[0]["name"].as_str().expect("its name"),
    );
    browser
        .goto(&format!("{}flow-runs/{run}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-name]", |t| t == name)
        .await;
    assert_taken_once(
        &browser,
        &format!("/api/flow_runs/{run}"),
        &format!("GET /flow_runs/{run}"),
    )
    .await;
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

/// Pages load from their own chunks (src/pages/lazy.rs): a page whose bundle does not arrive
/// fetches its chunks one by one; a chunk that does not arrive either (here deleted from the
/// served dist/, as after a deploy that removed it) shows an error in the page, not a blank
/// page or a dead app; the sidebar still works and other pages load.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_chunk_that_fails_to_load_says_so() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let dist = dist_with_config(&tools, "{}");
    let remove = |prefix: &str| {
        let mut removed = Vec::new();
        for entry in std::fs::read_dir(dist.path()).expect("read dist").flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with(prefix) {
                std::fs::remove_file(entry.path()).expect("remove the file");
                removed.push(name);
            }
        }
        assert!(!removed.is_empty(), "dist has {prefix}*");
    };
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&dist),
    );
    let browser = Browser::start(&tools).await;
    // Without its bundle, the page fetches its chunks one by one.
    remove("bundle_flows-");
    browser.goto(&format!("{}flows", nginx.url())).await;
    browser.element("[data-testid=flow-row]").await;
    // Without the chunk either, it says so.
    remove("split_flows-");
    let browser = {
        browser.close().await;
        Browser::start(&tools).await
    };
    browser.goto(&format!("{}flows", nginx.url())).await;
    let text = browser
        .wait_for_text("[data-testid=chunk-failed]", |t| !t.is_empty())
        .await;
    assert!(text.contains("could not be loaded"), "{text}");
    let panics: Vec<String> = browser
        .console_errors()
        .await
        .into_iter()
        .filter(|e| e.contains("panicked") || e.contains("unreachable"))
        .collect();
    assert!(panics.is_empty(), "the app survived: {panics:?}");
    // A part fetched on first use says so the same way (the search; the custom-run form
    // shares the code).
    remove("split_search-");
    browser.click("[data-testid=search-open]").await;
    let text = browser
        .wait_for_text("[data-testid=search-failed]", |t| !t.is_empty())
        .await;
    assert!(text.contains("could not be loaded"), "{text}");
    // The rest works: the sidebar leads to a page whose chunk is there.
    browser.click("nav a[href='/flow-runs']").await;
    browser.element("[data-testid=flow-run-row]").await;
    // A flow-run action whose confirmation cannot be fetched says so and opens nothing.
    remove("split_run_action-");
    browser.click("[data-testid=row-actions]").await;
    browser.click("[data-testid=row-action]").await;
    let text = browser
        .wait_for_text("[data-testid=run-action-failed]", |t| !t.is_empty())
        .await;
    assert!(text.contains("could not be loaded"), "{text}");
    assert_eq!(
        browser
            .eval("return document.querySelector('dialog[open]') === null")
            .await,
        serde_json::Value::Bool(true)
    );
    browser.close().await;
}

/// Every tab says what it shows: a list page its name, an object's page the object's name
/// (a run's with its state, which follows the run live; a 200-character name cut), then a
/// named target's name; an address that names nothing says so.
#[tokio::test(flavor = "multi_thread")]
async fn each_tab_is_titled_after_what_it_shows() {
    use serde_json::json;
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "tab-flow"})));
    let run = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow["id"], "name": "tab-run", "state": {"type": "RUNNING"}})),
    );
    let task_run = server.json(
        "POST",
        "/task_runs/",
        Some(json!({
            "flow_run_id": run["id"], "name": "tab-task", "task_key": "tab-task",
            "dynamic_key": "0", "state": {"type": "COMPLETED"},
        })),
    );
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "tab-deployment", "flow_id": flow["id"]})),
    );
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": "tab-pool", "type": "process"})),
    );
    let long_name = format!("long-{}", "abcdefghij".repeat(20));
    let long_run = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow["id"], "name": long_name, "state": {"type": "FAILED"}})),
    );
    let dist = dist_with_config(&tools, r#"{"api_base": "api", "name": "Staging"}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&dist),
    );
    let browser = Browser::start(&tools).await;
    let id = |v: &serde_json::Value| v["id"].as_str().unwrap_or_default().to_string();
    let cut: String = long_name.chars().take(59).collect();
    let pages = [
        (String::new(), "Dashboard".to_string()),
        ("flow-runs".into(), "Flow runs".into()),
        ("flows".into(), "Flows".into()),
        ("deployments".into(), "Deployments".into()),
        ("work-pools".into(), "Work pools".into()),
        ("events".into(), "Events".into()),
        ("settings".into(), "Settings".into()),
        (format!("flows/{}", id(&flow)), "tab-flow · Flow".into()),
        (
            format!("deployments/{}", id(&deployment)),
            "tab-deployment · Deployment".into(),
        ),
        ("work-pools/tab-pool".into(), "tab-pool · Work pool".into()),
        (
            "work-pools/tab-pool/queues/default".into(),
            "default · tab-pool · Work queue".into(),
        ),
        (
            format!("task-runs/{}", id(&task_run)),
            "tab-task · Completed · Task run".into(),
        ),
        (
            format!("flow-runs/{}", id(&long_run)),
            format!("{cut}… · Failed · Flow run"),
        ),
        ("flow-runs/not-an-id".into(), "Flow run".into()),
        ("nowhere".into(), "Page not found".into()),
        (
            format!("flow-runs/{}", id(&run)),
            "tab-run · Running · Flow run".into(),
        ),
    ];
    for (path, title) in pages {
        browser.goto(&format!("{}{path}", nginx.url())).await;
        browser
            .wait_for_eval(
                "return document.title",
                &json!(format!("{title} · Staging · Prefect dashboard")),
            )
            .await;
        // A queue's page, four segments deep, comes in its own bundle on a cold load.
        if path.contains("/queues/") {
            assert_one_bundle(&browser, "work_queue").await;
        }
    }
    // The open run's tab follows its state.
    browser.wait_live().await;
    server.json(
        "POST",
        &format!("/flow_runs/{}/set_state", id(&run)),
        Some(json!({"state": {"type": "COMPLETED"}, "force": true})),
    );
    browser
        .wait_for_eval(
            "return document.title",
            &json!("tab-run · Completed · Flow run · Staging · Prefect dashboard"),
        )
        .await;
    browser.close().await;
}
