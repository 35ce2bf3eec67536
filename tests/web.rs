//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use prefect_dashboard::api::InFlight;
use prefect_dashboard::components::{ConnectionStatus, ErrorPanel};
use prefect_dashboard::domain::connection::Connection;
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
