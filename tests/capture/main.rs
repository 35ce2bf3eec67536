//! `make fixtures`: starts a real Prefect server with the test harness (CSRF on, so the
//! token endpoint is recorded too), seeds it with the demo data, and records every endpoint
//! the dashboard uses into tests/fixtures/prefect-<version>/ with scripts/capture_fixtures.py.

#[path = "../support/mod.rs"]
mod support;

use std::process::Command;
use support::{PrefectOptions, PrefectServer, Tools};

#[test]
fn capture_fixtures_from_a_real_server() {
    let tools = Tools::locate_without_dist();
    let server = PrefectServer::start(
        &tools,
        PrefectOptions {
            csrf: true,
            ..Default::default()
        },
    );
    server.seed(&tools, "demo");
    let version = server.json("GET", "/admin/version", None);
    let version = version.as_str().expect("version string");
    let out = tools.repo_file(&format!("tests/fixtures/prefect-{version}"));
    let output = Command::new(&tools.python)
        .arg(tools.repo_file("scripts/capture_fixtures.py"))
        .arg(&out)
        .env("PREFECT_API_URL", server.api_url())
        .output()
        .expect("run capture_fixtures.py");
    assert!(
        output.status.success(),
        "capture failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{}", String::from_utf8_lossy(&output.stdout));
}
