//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use prefect_dashboard::api::invalidation::{Invalidations, Topic};
use prefect_dashboard::api::{ApiError, ApiResource, InFlight, PrefectClient};
use prefect_dashboard::components::{
    ConnectionStatus, ErrorPanel, Fetched, FlowRunRow, FlowRunTable, Gantt, LogsCell,
};
use prefect_dashboard::domain::connection::Connection;
use prefect_dashboard::domain::gantt::GanttRow;
use prefect_dashboard::domain::log_counts::{Count, LogCounts};
use prefect_dashboard::hooks::use_refresh;
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
        .map(|i| run_row(i, StateType::Completed))
        .collect();
    let _mounted =
        leptos::mount::mount_to(root.clone(), move || view! { <FlowRunTable rows=rows /> });
    let rendered = count(&root, "[data-testid=flow-run-row]");
    assert!(
        rendered > 10 && rendered < 100,
        "{rendered} rows in the DOM for 10,000 runs"
    );
    scroll(&root, ".table-scroll", 40 * 5000);
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

/// Lets the executor run until `ready` holds (at most 500 ticks), so loaders can finish.
async fn until(ready: impl Fn() -> bool) -> bool {
    for _ in 0..500 {
        if ready() {
            return true;
        }
        leptos::task::tick().await;
    }
    ready()
}

#[wasm_bindgen_test]
async fn fetched_keeps_the_last_good_data_when_a_refresh_fails() {
    let root = container();
    // The loader reads `answer`, so changing it refetches: Ok(n) gives n names, Err(status)
    // an HTTP error.
    let answer = RwSignal::new(Ok::<usize, u16>(2));
    let loads = StoredValue::new(0_u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let resource = ApiResource::new(move || {
            let wanted = answer.get();
            loads.update_value(|n| *n += 1);
            async move {
                match wanted {
                    Ok(n) => Ok((0..n).map(|i| format!("run-{i}")).collect::<Vec<String>>()),
                    Err(status) => Err(ApiError::from_status(
                        "/flow_runs/filter",
                        status,
                        r#"{"detail":"<b>boom</b>"}"#,
                    )),
                }
            }
        });
        let render = |names: Vec<String>| {
            view! { <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> }
        };
        view! { <Fetched resource title="Flow runs" render /> }
    });
    let items = || {
        root.query_selector_all("li")
            .map(|l| l.length())
            .unwrap_or(0)
    };
    let text = || root.text_content().unwrap_or_default();
    assert!(
        until(|| items() == 2).await,
        "first answer renders: {}",
        text()
    );
    assert!(!text().contains("could not be loaded"), "{}", text());

    answer.set(Err(502));
    assert!(
        until(|| text().contains("could not be loaded")).await,
        "{}",
        text()
    );
    assert_eq!(items(), 2, "the last good data stays on screen");
    assert!(
        root.query_selector("[data-testid=stale-note]")
            .ok()
            .flatten()
            .is_some(),
        "a stale note says how old it is: {}",
        text()
    );
    assert!(
        text().contains("<b>boom</b>"),
        "Prefect's detail is shown as text: {}",
        text()
    );
    assert!(root.query_selector("b").ok().flatten().is_none());

    answer.set(Ok(3));
    assert!(until(|| items() == 3).await, "{}", text());
    assert!(!text().contains("could not be loaded"), "{}", text());
    assert!(root
        .query_selector("[data-testid=stale-note]")
        .ok()
        .flatten()
        .is_none());
    assert_eq!(loads.get_value(), 3, "one load per change");
}

fn run_row(i: usize, state_type: StateType) -> FlowRunRow {
    FlowRunRow {
        id: format!("run-{i}"),
        run_id: uuid::Uuid::from_u128(i as u128),
        facts: prefect_dashboard::domain::actions::RunFacts {
            state_type: Some(state_type.clone()),
            from_deployment: false,
            kind: prefect_dashboard::domain::actions::RunKind::Flow,
        },
        href: format!("/flow-runs/{i}"),
        state_type,
        state_name: None,
        state_at: None,
        name: format!("run-{i}"),
        flow: "etl".into(),
        deployment: String::new(),
        pool: String::new(),
        flow_id: uuid::Uuid::nil(),
        deployment_id: None,
        pool_name: None,
        queue_name: None,
        tags: Vec::new(),
        start: None,
        duration: "1s".into(),
        running_ms: None,
        lateness: String::new(),
        task_runs: Some(0),
        logs: LogsCell::Counted(LogCounts {
            warnings: Count {
                lines: i as u32 % 3,
                more: false,
            },
            errors: Count::default(),
        }),
        pending: false,
    }
}

fn row_node(root: &web_sys::HtmlElement, id: &str) -> web_sys::Element {
    root.query_selector(&format!("[data-run-id='{id}']"))
        .ok()
        .flatten()
        .expect("row")
}

#[wasm_bindgen_test]
async fn a_changed_run_re_renders_its_row_only() {
    let root = container();
    let rows = RwSignal::new(
        (0..3)
            .map(|i| run_row(i, StateType::Running))
            .collect::<Vec<_>>(),
    );
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <FlowRunTable rows /> });
    let (first, second) = (row_node(&root, "run-0"), row_node(&root, "run-1"));
    rows.update(|rows| rows[1].state_type = StateType::Completed);
    leptos::task::tick().await;
    assert!(
        row_node(&root, "run-0").is_same_node(Some(&first)),
        "an unchanged run keeps its row"
    );
    let changed = row_node(&root, "run-1");
    assert!(
        !changed.is_same_node(Some(&second)),
        "the changed run's row is new"
    );
    let text = changed.text_content().unwrap_or_default();
    assert!(text.contains("Completed"), "{text}");
    assert_eq!(count(&root, "[data-testid=flow-run-row]"), 3);
}

#[wasm_bindgen_test]
async fn a_row_menu_stays_open_when_its_row_is_drawn_again() {
    use prefect_dashboard::components::RunActions;
    let root = container();
    let rows = RwSignal::new(
        (0..2)
            .map(|i| run_row(i, StateType::Running))
            .collect::<Vec<_>>(),
    );
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(RunActions::new(true));
        view! { <FlowRunTable rows /> }
    });
    let open_menu = |root: &web_sys::HtmlElement| {
        root.query_selector_all(".row-actions__menu:popover-open")
            .map(|found| found.length())
            .unwrap_or(0)
    };
    row_node(&root, "run-1")
        .query_selector("[data-testid=row-actions]")
        .ok()
        .flatten()
        .expect("the row's menu button")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    assert_eq!(open_menu(&root), 1, "the menu opens");
    let before = row_node(&root, "run-1");
    // A live update: the run's row is drawn again, with a new menu.
    rows.update(|rows| rows[1].state_type = StateType::Completed);
    assert!(
        until(|| !row_node(&root, "run-1").is_same_node(Some(&before))).await,
        "the changed run's row is new"
    );
    assert!(
        until(|| open_menu(&root) == 1).await,
        "its new menu is open"
    );
    let shown = root
        .query_selector(".row-actions__menu:popover-open")
        .ok()
        .flatten()
        .expect("an open menu");
    assert!(
        row_node(&root, "run-1").contains(Some(&shown)),
        "the open menu is the changed run's"
    );
    // Another row drawn again opens nothing.
    let other = row_node(&root, "run-0");
    rows.update(|rows| rows[0].state_type = StateType::Failed);
    assert!(until(|| !row_node(&root, "run-0").is_same_node(Some(&other))).await);
    let menus = root
        .query_selector_all(".row-actions__menu:popover-open")
        .expect("menus");
    assert_eq!(menus.length(), 1, "only the changed run's menu is open");
}

/// Makes `document.hidden` answer `hidden` and tells the page, as the browser does.
fn set_hidden(hidden: bool) {
    use wasm_bindgen::JsValue;
    use web_sys::js_sys::{Object, Reflect};
    let descriptor = Object::new();
    Reflect::set(&descriptor, &"value".into(), &JsValue::from_bool(hidden)).expect("value");
    Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).expect("configurable");
    Object::define_property(&document(), &"hidden".into(), &descriptor);
    // The browser's own event bubbles from the document to the window.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("visibilitychange", &init).expect("event");
    document().dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn a_hidden_tab_refreshes_once_when_shown_again() {
    let root = container();
    let invalidations = Invalidations::new();
    let refetches = RwSignal::new(0u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let client = StoredValue::new_local(PrefectClient::new("http://127.0.0.1:9/api"));
        use_refresh(
            invalidations,
            std::time::Duration::from_secs(3600),
            None,
            client,
        );
        Effect::new(move |_| {
            invalidations.track(&Topic::FlowRuns);
            refetches.update(|n| *n += 1);
        });
    });
    leptos::task::tick().await;
    let before = refetches.get_untracked();
    set_hidden(true);
    leptos::task::tick().await;
    assert_eq!(
        refetches.get_untracked(),
        before,
        "hiding refetches nothing"
    );
    set_hidden(false);
    leptos::task::tick().await;
    assert_eq!(
        refetches.get_untracked(),
        before + 1,
        "showing refetches once"
    );
    set_hidden(false);
    leptos::task::tick().await;
    assert_eq!(
        refetches.get_untracked(),
        before + 1,
        "visible to visible is no change"
    );
}

#[wasm_bindgen_test]
async fn a_key_the_browser_refuses_fails_every_sharing_caller_at_once() {
    use prefect_dashboard::api::{Credentials, PrefectClient};
    // Nothing is sent: the header is refused before the request leaves.
    let client = PrefectClient::new("http://127.0.0.1:9/api".to_string());
    client.set_credentials(Some(Credentials::Bearer {
        api_key: "pnu_pasted…".into(),
    }));
    let (first, second) = futures::join!(client.admin_version(), client.admin_version());
    for answer in [first, second] {
        match answer {
            Err(ApiError::Request { message, .. }) => {
                assert!(message.contains("Authorization"), "{message}")
            }
            other => panic!("expected a refused header, got {other:?}"),
        }
    }
    // The shared entry is gone: a later call fails the same way instead of waiting.
    assert!(matches!(
        client.admin_version().await,
        Err(ApiError::Request { .. })
    ));
}

/// Leaves what the head script leaves for a page's first read (scripts/split-wasm.py): under
/// `key`, an answer for `url` of `status` with `body` and, unless empty, `Retry-After`.
fn leave_prefetched(key: &str, url: &str, status: u16, body: &str, retry_after: &str) {
    use web_sys::js_sys::{Array, Function};
    let leave = Function::new_with_args(
        "key, url, status, body, retry",
        "var headers = retry ? { 'Retry-After': retry } : {};
         window.__pdPrefetch = window.__pdPrefetch || {};
         window.__pdPrefetch[key] = {
           answer: Promise.resolve([url, new Response(body, { status: status, headers: headers })]),
           abort: new AbortController()
         };",
    );
    let args = Array::of5(
        &key.into(),
        &url.into(),
        &status.into(),
        &body.into(),
        &retry_after.into(),
    );
    leave
        .apply(&wasm_bindgen::JsValue::NULL, &args)
        .expect("left");
}

#[wasm_bindgen_test]
async fn a_read_the_head_script_asked_is_taken_once_under_the_clients_rules() {
    use prefect_dashboard::api::endpoints;
    // Nothing listens on port 9: a read the client sends itself fails as unreachable.
    let client = PrefectClient::new("http://127.0.0.1:9/api");
    let id = uuid::Uuid::from_u128(42);
    let request = endpoints::flow_run(id).request;
    let (key, url) = (request.prefetch_key(), client.url(&request));
    // A 429 is the answer, its Retry-After kept as the client's hold.
    leave_prefetched(&key, &url, 429, r#"{"detail":"Too many requests"}"#, "20");
    match client.call(endpoints::flow_run(id)).await {
        Err(error) => {
            assert_eq!(error.status(), Some(429), "{error}");
            assert_eq!(error.retry_after(), Some(20), "{error}");
        }
        Ok(run) => panic!("expected the 429, got {run:?}"),
    }
    assert!(client.hold_remaining().as_secs() >= 19);
    // Taken once: the next call asks the server itself.
    assert!(matches!(
        client.call(endpoints::flow_run(id)).await,
        Err(ApiError::Network { .. })
    ));
    // An answer for another address is not taken.
    leave_prefetched(&key, "http://127.0.0.1:9/elsewhere", 200, "{}", "");
    assert!(matches!(
        client.call(endpoints::flow_run(id)).await,
        Err(ApiError::Network { .. })
    ));
}
