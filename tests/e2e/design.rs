//! The design's checks on every page, on a server seeded with the demo data: axe-core
//! (pinned by scripts/setup.sh) finds no serious or critical violation in either theme,
//! and at a phone's width the navigation is a menu that opens and closes from the keyboard.

use crate::support::pages::{add_an_automation, choose_theme, every_page};
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};

/// axe-core's serious and critical violations on the page shown, one line each: the rule,
/// its help text and the first elements it names.
async fn serious_violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.eval(&format!("{axe}\n;return 0")).await;
    let found = browser
        .eval(
            "return axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
               .filter(v => v.impact === 'serious' || v.impact === 'critical')
               .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' (' + v.nodes.length +
                 ' elements, first: ' + v.nodes.slice(0, 3).map(n => n.target.join(' '))
                 .join(' | ') + ')'))",
        )
        .await;
    found
        .as_array()
        .unwrap_or_else(|| panic!("axe.run did not answer a list: {found}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_axe_in_both_themes() {
    let tools = Tools::locate();
    let axe_file = tools.repo_file(".tools/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_file).unwrap_or_else(|e| {
        panic!(
            "axe-core at {}: {e} (scripts/setup.sh installs it)",
            axe_file.display()
        )
    });
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.seed(&tools, "demo");
    add_an_automation(&server);
    let pages = every_page(&server);
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .client
        .set_window_size(1280, 900)
        .await
        .expect("resize the window");
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        choose_theme(&browser, &nginx.url(), theme).await;
        for (name, path) in &pages {
            browser.goto(&format!("{}{path}", nginx.url())).await;
            browser.wait_for_text("h1", |t| !t.is_empty()).await;
            browser.wait_settled().await;
            let shown = browser.attr("html", "data-theme").await.unwrap_or_default();
            assert_eq!(shown, theme, "/{path} is in the chosen theme");
            for violation in serious_violations(&browser, &axe).await {
                failures.push(format!("{name} ({theme}): {violation}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        failures.join("\n")
    );
    browser.close().await;
}
