//! The release a user deploys without Rust (`make dist`): the tarball alone, unpacked in a
//! fresh directory, its own render script pointed at a real Prefect, serves the dashboard
//! under nginx: the main pages load against that server with a clean console, and the
//! assets go out precompressed.

use crate::console::load_clean;
use crate::support::http::get_raw;
use crate::support::process::TempDir;
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `command`, failing with its output when it fails.
fn run(command: &mut Command, what: &str) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{what} failed:\n{said}");
    said
}

/// The entries of `dir`, by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `make dist`'s tarball of the release build there is, copied alone into a fresh directory
/// and unpacked there: (that directory, the unpacked release).
fn unpacked_release(tools: &Tools) -> (TempDir, TempDir, PathBuf) {
    let out = TempDir::new("release-out");
    run(
        Command::new(tools.repo_file("scripts/make-dist.sh"))
            .arg("--out")
            .arg(out.path()),
        "scripts/make-dist.sh",
    );
    let made = names(out.path());
    assert_eq!(made.len(), 1, "one tarball: {made:?}");
    let tarball = &made[0];
    assert!(
        tarball.starts_with("prefect-dashboard-") && tarball.ends_with(".tar.gz"),
        "{tarball}"
    );
    let fresh = TempDir::new("release-fresh");
    std::fs::copy(out.path().join(tarball), fresh.path().join(tarball)).expect("copy tarball");
    run(
        Command::new("tar")
            .current_dir(fresh.path())
            .args(["-xzf", tarball]),
        "tar -xzf",
    );
    let top = tarball.trim_end_matches(".tar.gz").to_string();
    assert_eq!(names(fresh.path()), vec![top.clone(), tarball.clone()]);
    let release = fresh.path().join(&top);
    assert_eq!(
        names(&release),
        vec!["INSTALL", "deploy", "dist", "scripts"],
        "what the tarball holds"
    );
    (out, fresh, release)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_release_tarball_alone_serves_the_dashboard() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "minimal");
    let (_out, _fresh, release) = unpacked_release(&tools);
    let install = std::fs::read_to_string(release.join("INSTALL")).expect("INSTALL");
    assert!(
        install.contains("scripts/render-nginx.sh") && install.contains("nginx -p"),
        "INSTALL says how to serve it:\n{install}"
    );
    // The user's steps: the unpacked render script, its dist, a real Prefect.
    let nginx = Nginx::start(
        &tools,
        NginxOptions {
            dist: release.join("dist"),
            render: Some(release.join("scripts/render-nginx.sh")),
            ..NginxOptions::root(&tools, server.api_url())
        },
    );

    let runs = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"sort": "START_TIME_DESC", "limit": 1})),
    );
    let run = runs[0]["id"].as_str().expect("a seeded run").to_string();
    let browser = Browser::start(&tools).await;
    let pages = vec![
        (String::new(), "[data-testid=flow-run-total]"),
        ("flow-runs".to_string(), "[data-testid=flow-run-row]"),
        (format!("flow-runs/{run}"), "[data-testid=flow-run-state]"),
        ("deployments".to_string(), "h1"),
        ("work-pools".to_string(), "h1"),
    ];
    load_clean(&browser, &nginx, pages, "the release from its tarball").await;
    // The shell is read from the release, not the repo's dist/ (the page names its files).
    let shell = browser
        .eval(
            "return [...document.querySelectorAll('link[rel=modulepreload], script[type=module]')]\
             .map(e => e.getAttribute('href') || e.getAttribute('src') || '').join(' ')",
        )
        .await;
    let shell = shell.as_str().unwrap_or_default().to_string();
    let shell_js = shell
        .split_whitespace()
        .find_map(|s| {
            let name = s.trim_start_matches("./");
            (name.starts_with("prefect-dashboard-") && name.ends_with(".js")).then_some(name)
        })
        .unwrap_or_else(|| panic!("the page names its shell: {shell}"))
        .to_string();
    assert!(release.join("dist").join(&shell_js).is_file(), "{shell_js}");
    // Precompressed: the shell's wasm in brotli and in gzip, as the release holds them.
    let wasm = shell_js.replace(".js", "_bg.wasm");
    for (accept, encoding, suffix) in [("br, gzip", "br", "br"), ("gzip", "gzip", "gz")] {
        let answer = get_raw(
            &format!("{}{wasm}", nginx.url()),
            &[("Accept-Encoding", accept)],
        )
        .expect("GET");
        assert_eq!(answer.status, 200, "{wasm}");
        assert_eq!(answer.header("content-encoding"), Some(encoding), "{wasm}");
        let kept = std::fs::read(release.join("dist").join(format!("{wasm}.{suffix}")))
            .expect("the precompressed copy");
        assert!(answer.body == kept, "{wasm}.{suffix} is served as packed");
    }
    browser.close().await;
}
