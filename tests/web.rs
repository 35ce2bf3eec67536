//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use prefect_dashboard::api::InFlight;
use prefect_dashboard::components::{
    ConnectionStatus, ErrorPanel, FlowRunRow, FlowRunTable, Gantt,
};
use prefect_dashboard::domain::connection::Connection;
use prefect_dashboard::domain::gantt::GanttRow;
use prefect_dashboard::schemas::graph::NodeKind;
use prefect_dashboard::schemas::{StateType, Timestamp};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("div").expect("create div");
    document
        .body()
        .expect("body")
        .append_child(&element)
        .expect("append");
    element.unchecked_into()
}

#[wasm_bindgen_test]
async fn connection_status_shows_glyph_label_and_follows_its_signal() {
    let root = container();
    let connection = RwSignal::new(Connection::Checking);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <ConnectionStatus connection=connection /> }
    });
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Connecting"), "{text}");

    connection.set(Connection::Connected {
        version: "3.8.8".into(),
    });
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("✓") && text.contains("Prefect 3.8.8"),
        "{text}"
    );
    let status = root
        .query_selector("[role=status]")
        .ok()
        .flatten()
        .expect("status role");
    assert_eq!(
        status.get_attribute("data-state").as_deref(),
        Some("connected")
    );

    connection.set(Connection::Unreachable {
        reason: "HTTP 502".into(),
    });
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("✕") && text.contains("Server unreachable") && text.contains("HTTP 502"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn error_panel_renders_api_text_as_text() {
    let root = container();
    let hostile = "<img src=x onerror=alert(1)>";
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <ErrorPanel title="Flow runs" message=hostile /> }
    });
    assert!(
        root.query_selector("img").ok().flatten().is_none(),
        "no element was created from API text"
    );
    assert!(root.text_content().unwrap_or_default().contains(hostile));
}

#[wasm_bindgen_test]
async fn identical_calls_share_one_answer() {
    let in_flight = InFlight::new();
    let first = in_flight.wait();
    let second = in_flight.wait();
    in_flight.finish(Ok("[1,2]".to_string()));
    assert_eq!(first.await, Ok("[1,2]".to_string()));
    assert_eq!(second.await, Ok("[1,2]".to_string()));
    let controller = in_flight
        .controller()
        .expect("a browser has AbortController");
    assert!(
        !controller.signal().aborted(),
        "a finished request is never aborted"
    );
}

#[wasm_bindgen_test]
fn the_last_caller_leaving_aborts_the_request() {
    let in_flight = InFlight::new();
    let first = in_flight.wait();
    let second = in_flight.wait();
    let signal = in_flight.controller().expect("controller").signal();
    drop(first);
    assert!(!signal.aborted(), "someone still waits");
    drop(second);
    assert!(
        signal.aborted(),
        "nobody waits any more: the request is cancelled"
    );
    assert!(in_flight.is_cancelled());
}

fn count(root: &web_sys::HtmlElement, css: &str) -> u32 {
    root.query_selector_all(css)
        .map(|list| list.length())
        .unwrap_or(0)
}

fn scroll(root: &web_sys::HtmlElement, css: &str, top: i32) {
    let element = root
        .query_selector(css)
        .ok()
        .flatten()
        .expect("scroll container");
    element.set_scroll_top(top);
    let event = web_sys::Event::new("scroll").expect("event");
    element.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn ten_thousand_flow_runs_render_only_the_rows_in_view() {
    let root = container();
    let rows: Vec<FlowRunRow> = (0..10_000)
        .map(|i| FlowRunRow {
            id: format!("run-{i}"),
            href: format!("/flow-runs/{i}"),
            state_type: StateType::Completed,
            state_name: None,
            name: format!("run-{i}"),
            flow: "etl".into(),
            deployment: String::new(),
            pool: String::new(),
            tags: String::new(),
            start: None,
            duration: "1s".into(),
            lateness: String::new(),
            task_runs: 0,
        })
        .collect();
    let _mounted =
        leptos::mount::mount_to(root.clone(), move || view! { <FlowRunTable rows=rows /> });
    let rendered = count(&root, "[data-testid=flow-run-row]");
    assert!(
        rendered > 10 && rendered < 100,
        "{rendered} rows in the DOM for 10,000 runs"
    );
    scroll(&root, ".table-scroll", 37 * 5000);
    leptos::task::tick().await;
    assert!(
        root.query_selector("[data-run-id='run-5000']")
            .ok()
            .flatten()
            .is_some(),
        "the middle row is rendered after scrolling"
    );
    assert!(count(&root, "[data-testid=flow-run-row]") < 100);
}

#[wasm_bindgen_test]
async fn a_ten_thousand_node_gantt_renders_only_the_bars_in_view() {
    let root = container();
    let at = Timestamp::parse("2026-01-01T00:00:00Z").expect("t");
    let rows: Vec<GanttRow> = (0..10_000)
        .map(|i| GanttRow {
            id: uuid::Uuid::from_u128(i as u128),
            label: format!("task-{i}"),
            kind: NodeKind::TaskRun,
            state_type: StateType::Running,
            start: at,
            end: None,
            duration: 1.0,
            x0: i as f64 / 10_000.0,
            x1: (i as f64 + 1.0) / 10_000.0,
            parents: vec![],
        })
        .collect();
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <Gantt rows=rows /> });
    let bars = count(&root, "[data-testid=gantt-bar]");
    assert!(
        bars > 10 && bars < 100,
        "{bars} bars in the DOM for 10,000 nodes"
    );
    scroll(&root, "[data-testid=gantt]", 28 * 9000);
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("task-9000"), "scrolled rows are rendered");
}
