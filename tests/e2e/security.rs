//! The shipped deployment's security: the headers nginx sends on every kind of response, a
//! page that runs under its Content-Security-Policy (every end-to-end test fails on a
//! reported violation: support::nginx), and credentials that stay where they belong.

use crate::actions::scheduled_run;
use crate::support::http::get_raw;
use crate::support::nginx::dist_with_config;
use crate::support::process::free_port;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use std::time::Duration;
use uuid::Uuid;

const CSP_DIRECTIVES: [&str; 9] = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "report-uri",
];

/// The four headers, with the values the config promises.
fn assert_secure(what: &str, response: &crate::support::http::RawResponse) {
    let csp = response
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    for directive in CSP_DIRECTIVES {
        assert!(
            csp.contains(directive),
            "{what}: CSP lacks {directive:?}: {csp}"
        );
    }
    for token in csp.split([' ', ';']) {
        assert!(
            token != "'unsafe-inline'" && token != "'unsafe-eval'",
            "{what}: CSP allows {token}: {csp}"
        );
    }
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        response.header("referrer-policy"),
        Some("no-referrer"),
        "{what}"
    );
    let permissions = response.header("permissions-policy").unwrap_or_default();
    for feature in [
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
    ] {
        assert!(permissions.contains(feature), "{what}: {permissions}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_of_response_carries_the_security_headers() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let asset = std::fs::read_dir(&tools.dist)
        .expect("read dist")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("prefect-dashboard-") && n.ends_with("_bg.wasm"))
        .expect("a hashed wasm in dist");
    let boot = std::fs::read_dir(&tools.dist)
        .expect("read dist")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("boot-") && n.ends_with(".js"))
        .expect("the loader moved out of index.html");
    for base_path in ["", "/dash"] {
        let nginx = Nginx::start(
            &tools,
            NginxOptions {
                base_path: base_path.into(),
                ..NginxOptions::root(&tools, server.api_url())
            },
        );
        let url = nginx.url();
        let missing = Uuid::from_u128(7);
        let cases = [
            ("index", String::new(), 200),
            ("deep link", "flow-runs/abc".to_string(), 200),
            ("config.json", "config.json".to_string(), 200),
            ("hashed asset", asset.clone(), 200),
            ("loader script", boot.clone(), 200),
            ("API answer", "api/health".to_string(), 200),
            ("API error", format!("api/flow_runs/{missing}"), 404),
            ("missing asset", "nothing-0123abcd.js".to_string(), 404),
        ];
        for (what, path, status) in cases {
            let response = get_raw(&format!("{url}{path}"), &[]).expect(what);
            assert_eq!(response.status, status, "{what} {path}");
            assert_secure(&format!("{what} at {base_path:?}"), &response);
        }
        // The events stream's path (a plain GET, not an upgrade: Prefect refuses it) too.
        let stream = get_raw(&format!("{url}api/events/out"), &[]).expect("stream path");
        assert_secure("websocket path", &stream);
        let index = get_raw(&url, &[]).expect("index");
        let html = String::from_utf8_lossy(&index.body);
        assert!(
            !html.contains("<script>") && !html.contains("<script type=\"module\">"),
            "index.html has no inline script left: {html}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_runs_under_the_policy_and_a_violation_is_caught() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let summary = server.seed(&tools, "worker");
    let deployment = summary["worker_deployments"]["sleepy"]
        .as_str()
        .and_then(|id| Uuid::parse_str(id).ok())
        .expect("the sleepy deployment");
    let run = scheduled_run(&server, deployment, "csp");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let pages = [
        (String::new(), "[data-testid=flow-run-total]"),
        ("flow-runs".to_string(), "[data-testid=flow-run-row]"),
        (
            format!("flow-runs/{run}", run = run.id),
            "[data-testid=flow-run-state]",
        ),
        ("flows".to_string(), "[data-testid=flows-table]"),
        (
            format!("flows/{flow}", flow = run.flow_id),
            "[data-testid=flow-name]",
        ),
        ("deployments".to_string(), "[data-testid=deployments-table]"),
        (
            format!("deployments/{deployment}"),
            "[data-testid=deployment-name]",
        ),
        ("work-pools".to_string(), "[data-testid=work-pools-table]"),
        (
            "work-pools/worker-pool".to_string(),
            "[data-testid=pool-health]",
        ),
        ("workspaces".to_string(), "[data-testid=fleet-card]"),
        ("settings".to_string(), "[data-testid=credentials-state]"),
    ];
    for (path, ready) in &pages {
        browser.goto(&format!("{}{path}", nginx.url())).await;
        browser.wait_for_text(ready, |_| true).await;
        // The page's timelines and bars got their sizes (style properties, not attributes).
        browser.wait_settled().await;
        let reports = nginx.csp_reports();
        assert!(reports.is_empty(), "{path}: {reports:?}");
    }
    // Sizes set from Rust reach the page under `style-src 'self'` (CSSOM properties).
    browser
        .goto(&format!("{}flow-runs/{}", nginx.url(), run.id))
        .await;
    browser
        .wait_for_text("[data-testid=timeline-segment]", |_| true)
        .await;
    let width = browser
        .eval("return document.querySelector('[data-testid=timeline-segment]').style.width")
        .await;
    assert!(
        width.as_str().is_some_and(|w| w.ends_with('%')),
        "a timeline segment has its width: {width}"
    );
    // The policy is enforced and reported: an image from elsewhere is refused and the
    // report reaches the config's csp-report location.
    browser
        .eval("const i = new Image(); i.src = 'http://127.0.0.2:9/x.png'; document.body.append(i); return true;")
        .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while nginx.csp_reports().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        !nginx.csp_reports().is_empty(),
        "a blocked image was reported"
    );
    nginx.acknowledge_csp_reports();
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_names_the_host_and_signing_out_leaves_no_old_data() {
    let tools = Tools::locate();
    let server = PrefectServer::start(
        &tools,
        PrefectOptions {
            auth_string: Some("admin:s3cret".into()),
            ..Default::default()
        },
    );
    server.seed(&tools, "minimal");
    // Another target whose credentials would cross a network in plain http (never called:
    // only the fleet view would, and this test does not open it).
    let config = serde_json::json!({
        "targets": [{"name": "Remote", "api_base": "http://prefect.example.invalid/api", "auth": "basic"}],
    });
    let dist = dist_with_config(&tools, &config.to_string());
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&dist),
    );
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}flow-runs", nginx.url())).await;
    let title = browser
        .wait_for_text("[data-testid=login-prompt] h2", |t| t.contains("Sign in"))
        .await;
    assert_eq!(title, "Sign in to This server");
    let host = browser
        .wait_for_text("[data-testid=login-host]", |t| !t.is_empty())
        .await;
    assert!(
        host.contains(&format!("127.0.0.1:{}", nginx.port)),
        "the prompt names where the credentials go: {host}"
    );
    assert!(browser
        .text("[data-testid=login-plain-http]")
        .await
        .is_none());
    browser.fill("input[name=username]", "admin").await;
    browser.fill("input[name=password]", "s3cret").await;
    browser
        .click("[data-testid=login-prompt] button[type=submit]")
        .await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;

    // Settings warns about the plain-http target, not about this loopback one.
    browser.click("nav.sidebar a[href$='/settings']").await;
    let warning = browser
        .wait_for_text("[data-testid=plain-http-warning]", |t| !t.is_empty())
        .await;
    assert!(
        warning.contains("Remote") && warning.contains("prefect.example.invalid"),
        "{warning}"
    );
    let warnings = browser
        .eval("return document.querySelectorAll('[data-testid=plain-http-warning]').length")
        .await;
    assert_eq!(warnings, serde_json::json!(1));

    // Forgetting the credentials takes the data with them, on every page.
    browser.click("nav.sidebar a[href$='/flow-runs']").await;
    browser
        .wait_for_text("[data-testid=flow-run-row]", |t| !t.is_empty())
        .await;
    browser.click("nav.sidebar a[href$='/settings']").await;
    browser
        .click("[data-testid=credentials-state] + button")
        .await;
    browser
        .wait_for_text("[data-testid=login-prompt] h2", |t| t.contains("Sign in"))
        .await;
    browser.click("nav.sidebar a[href$='/flow-runs']").await;
    browser
        .wait_for_text("[data-testid=login-prompt] h2", |t| t.contains("Sign in"))
        .await;
    browser.wait_settled().await;
    let left = browser
        .eval(
            "return document.querySelectorAll('[data-testid=flow-run-row], \
             [data-testid=flow-runs-table]').length",
        )
        .await;
    assert_eq!(
        left,
        serde_json::json!(0),
        "no run fetched with the old credentials is shown"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_the_browser_cannot_send_is_refused_where_it_enters() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    // A bearer target (the plain server ignores the header): Settings takes its key.
    let dist = dist_with_config(&tools, r#"{"auth": "bearer"}"#);
    let nginx = Nginx::start(
        &tools,
        NginxOptions::root(&tools, server.api_url()).with_dist(&dist),
    );
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}settings", nginx.url())).await;
    browser
        .fill(
            "[data-testid=api-key-form] input[name=api_key]",
            "pnu_pasted_from_a_pdf…",
        )
        .await;
    browser
        .click("[data-testid=api-key-form] button[type=submit]")
        .await;
    let error = browser
        .wait_for_text("[data-testid=api-key-error]", |t| !t.is_empty())
        .await;
    assert!(error.contains("beyond Latin-1"), "{error}");
    assert_eq!(
        browser.text("[data-testid=api-key-state]").await.as_deref(),
        Some("No key is stored.")
    );

    // A key with a line break already in storage (an older build, a hand edit) is not
    // sent, and nothing waits for ever: the dashboard loads.
    let key = format!(
        "prefect-dashboard.credentials.{}|{}api",
        nginx.url(),
        nginx.url()
    );
    browser
        .eval(&format!(
            "sessionStorage.setItem({key:?}, 'bearer:pnu_a\\nb'); return true;"
        ))
        .await;
    browser.goto(&nginx.url()).await;
    browser
        .wait_for_text("[data-testid=flow-run-total]", |t| {
            t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty()
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn config_json_holds_no_secret_and_no_script_link() {
    let tools = Tools::locate();
    let dead_api = format!("http://127.0.0.1:{}/api", free_port());
    let browser = Browser::start(&tools).await;
    for (config, expected) in [
        (
            r#"{"kind": "cloud", "cloud_ui_url": "javascript:alert(1)"}"#,
            "cloud_ui_url must be an http:// or https:// address",
        ),
        (
            r#"{"targets": [{"name": "x", "api_base": "javascript:alert(1)"}]}"#,
            "targets[x].api_base must be an http:// or https:// address",
        ),
        (
            r#"{"kind": "cloud", "api_key": "pnu_everyone_can_read_this"}"#,
            "api_key must not be in config.json",
        ),
    ] {
        let dist = dist_with_config(&tools, config);
        let nginx = Nginx::start(
            &tools,
            NginxOptions::root(&tools, &dead_api).with_dist(&dist),
        );
        browser.goto(&nginx.url()).await;
        let message = browser
            .wait_for_text("[data-testid=error-panel]", |t| !t.is_empty())
            .await;
        assert!(message.contains(expected), "{config}: {message}");
        assert!(
            !message.contains("pnu_everyone_can_read_this"),
            "the key is not echoed: {message}"
        );
    }
    browser.close().await;
}

/// A private CA and a certificate for 127.0.0.1 signed by it (openssl, in `dir`).
fn private_ca(
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let run = |args: &[&str]| {
        let status = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("openssl (Debian's, installed with nginx)");
        assert!(status.success(), "openssl {args:?}");
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Test private CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\n",
    )
    .expect("write san.ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.pem",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_https_api_is_verified_against_its_ca() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let certs = crate::support::process::TempDir::new("certs");
    let (ca, cert, key) = private_ca(certs.path());
    // Prefect behind TLS with a certificate from a private CA.
    let tls = Nginx::start_site(
        &tools,
        &format!(
            "server {{ listen @LISTEN@ ssl; ssl_certificate {}; ssl_certificate_key {}; \
             location / {{ proxy_pass http://127.0.0.1:{}/; }} }}",
            cert.display(),
            key.display(),
            server.port
        ),
    );
    let api = format!("https://127.0.0.1:{}/api", tls.port);
    // The system's CA bundle does not know that CA: the proxy refuses the upstream.
    let strict = Nginx::start(&tools, NginxOptions::root(&tools, &api));
    let refused = get_raw(&format!("{}api/health", strict.url()), &[]).expect("health");
    assert_eq!(refused.status, 502, "an unverified upstream is refused");
    // Given the private CA (docs/security.md: "A private CA"), it is trusted.
    let trusting = Nginx::start(
        &tools,
        NginxOptions {
            ca_bundle: Some(ca),
            ..NginxOptions::root(&tools, &api)
        },
    );
    let health = get_raw(&format!("{}api/health", trusting.url()), &[]).expect("health");
    assert_eq!(
        health.status,
        200,
        "{}",
        String::from_utf8_lossy(&health.body)
    );
}
