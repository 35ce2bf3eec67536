//! The few browser calls the app needs, each failing softly (`None`/`Err`) instead of
//! panicking, so the same code also compiles and runs natively in tests.

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Logs a panic's message to the console. The page's note about it comes from index.html's
/// head script, which sees the wasm trap that follows (and the bare trap of a release build,
/// which aborts at once without calling this; scripts/release-build.sh).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().as_str().into());
    }));
}

/// The document's base URI (honours `<base href>`), e.g. `http://host/dashboard/`.
pub fn document_base_uri() -> Option<String> {
    web_sys::window()?.document()?.base_uri().ok().flatten()
}

/// The answer to `url` that the head script (scripts/split-wasm.py, `__pdPrefetch`) already
/// asked for while the app was still downloading, as `(status, body)`: its entry `key`
/// (`config`, `settings`), taken once. None when it asked for something else or nothing, or
/// its answer is unusable: then the caller fetches.
pub async fn prefetched_text(key: &str, url: &str) -> Option<(u16, String)> {
    use web_sys::js_sys::{Array, Promise};
    let entry: Promise = take_prefetched(key)?.dyn_into().ok()?;
    let answer: Array = wasm_bindgen_futures::JsFuture::from(entry)
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if answer.get(0).as_string()? != url {
        return None;
    }
    let status = answer.get(1).as_f64()?;
    let body = answer.get(2).as_string()?;
    (100.0..=599.0)
        .contains(&status)
        .then_some((status as u16, body))
}

/// The head script's entry `key` in `__pdPrefetch`, removed as it is taken (each is taken
/// once); `None` where there is none.
fn take_prefetched(key: &str) -> Option<wasm_bindgen::JsValue> {
    use web_sys::js_sys::{Object, Reflect};
    let entries = Reflect::get(web_sys::window()?.as_ref(), &"__pdPrefetch".into()).ok()?;
    if !entries.is_object() {
        return None;
    }
    let key = wasm_bindgen::JsValue::from_str(key);
    let entry = Reflect::get(&entries, &key).ok()?;
    let _ = Reflect::delete_property(entries.unchecked_ref::<Object>(), &key);
    Some(entry)
}

/// What came of a page's first read that the head script may have asked for.
pub enum Prefetched {
    /// It did not ask that (another page, a query, CSRF on, credentials) or its fetch
    /// failed: the caller asks itself.
    NotAsked,
    /// No answer within the caller's timeout (the fetch is aborted).
    TimedOut,
    /// The server's answer, its body not read yet; the timer still runs (it aborts the read
    /// too).
    Answer(web_sys::Response, AbortTimer),
}

/// The head script's fetch of `url` under `key` (`GET /flow_runs/<id>`, `POST
/// /flows/paginate {…}`: `build_rules::page_reads`), taken once, with the caller's own
/// timeout (`timeout_ms`, counted from now) on waiting for it and on reading its body: the
/// response itself, so the caller reads its status, headers and body as it would its own.
pub async fn prefetched_response(key: &str, url: &str, timeout_ms: i32) -> Prefetched {
    use web_sys::js_sys::{Array, Promise, Reflect};
    let entry = || -> Option<(Promise, web_sys::AbortController)> {
        let entry = take_prefetched(key)?;
        let answer = Reflect::get(&entry, &"answer".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let abort = Reflect::get(&entry, &"abort".into())
            .ok()?
            .dyn_into()
            .ok()?;
        Some((answer, abort))
    };
    let Some((answer, abort)) = entry() else {
        return Prefetched::NotAsked;
    };
    let Some(timer) = AbortTimer::start(timeout_ms, &abort) else {
        abort.abort();
        return Prefetched::NotAsked;
    };
    let answer = wasm_bindgen_futures::JsFuture::from(answer).await;
    let pair = match answer {
        Ok(pair) => pair.dyn_into::<Array>().ok(),
        Err(_) if timer.fired() => return Prefetched::TimedOut,
        Err(_) => None,
    };
    let response = pair
        .filter(|pair| pair.get(0).as_string().as_deref() == Some(url))
        .and_then(|pair| pair.get(1).dyn_into::<web_sys::Response>().ok());
    match response {
        Some(response) => Prefetched::Answer(response, timer),
        None => {
            abort.abort();
            Prefetched::NotAsked
        }
    }
}

/// Waits `wait` (a timer behind a promise); at once where there is no window.
pub async fn sleep(wait: std::time::Duration) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Loads the page again (after a part of the app failed to arrive).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Hands `text` to the browser as a downloaded file named `file_name` (a Blob behind an
/// object URL, clicked through an unattached link, revoked a minute later).
pub fn download_text(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("The browser refused the download ({what}).");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let parts = web_sys::js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("URL"))?;
    let link = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| fail("link"))?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Revoked once the browser has taken the file, not before.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// The address's path, e.g. `/dashboard/@staging/flow-runs`.
pub fn location_pathname() -> Option<String> {
    web_sys::window()?.location().pathname().ok()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a non-secret preference (theme, time zone). Never used for credentials.
pub fn preference(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores a non-secret preference; failures (private mode, quota) are ignored.
pub fn set_preference(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Sets or removes an attribute on `<html>` (the theme lives there).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match value {
        Some(value) => root.set_attribute(name, value),
        None => root.remove_attribute(name),
    };
}

thread_local! {
    static REQUESTS_IN_FLIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One HTTP request in flight, counted on `<html>` while it lives: `data-api-in-flight` holds
/// the count and `data-api-idle-since` the epoch milliseconds it last fell to zero, so tests
/// (and anyone curious) can wait until the page has settled instead of waiting a fixed time.
pub struct RequestInFlight(());

impl RequestInFlight {
    pub fn start() -> RequestInFlight {
        let count = REQUESTS_IN_FLIGHT.with(|c| {
            c.set(c.get().saturating_add(1));
            c.get()
        });
        set_root_attribute("data-api-in-flight", Some(&count.to_string()));
        RequestInFlight(())
    }
}

impl Drop for RequestInFlight {
    fn drop(&mut self) {
        let count = REQUESTS_IN_FLIGHT.with(|c| {
            c.set(c.get().saturating_sub(1));
            c.get()
        });
        if count == 0 {
            set_root_attribute("data-api-idle-since", Some(&format!("{}", now_ms() as u64)));
        }
        set_root_attribute("data-api-in-flight", Some(&count.to_string()));
    }
}

/// Aborts `controller` after a deadline; dropping it clears the timer.
pub struct AbortTimer {
    handle: i32,
    fired: Rc<Cell<bool>>,
    _on_timeout: Closure<dyn FnMut()>,
}

impl AbortTimer {
    /// Starts the timer, or `None` outside a browser.
    pub fn start(milliseconds: i32, controller: &web_sys::AbortController) -> Option<AbortTimer> {
        let window = web_sys::window()?;
        let fired = Rc::new(Cell::new(false));
        let on_timeout = {
            let controller = controller.clone();
            let fired = fired.clone();
            Closure::<dyn FnMut()>::new(move || {
                fired.set(true);
                controller.abort();
            })
        };
        let handle = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                milliseconds,
            )
            .ok()?;
        Some(AbortTimer {
            handle,
            fired,
            _on_timeout: on_timeout,
        })
    }

    /// True once the deadline passed and the request was aborted.
    pub fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for AbortTimer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Why a response body could not be read.
pub enum BodyError {
    /// It was larger than the limit; reading stopped there (the rest is never downloaded).
    TooLarge,
    /// The connection failed while reading, or the bytes are not UTF-8 text.
    Failed(String),
}

/// Reads a response body as text, chunk by chunk, stopping as soon as it passes `limit`
/// bytes (after decompression), so an enormous answer cannot exhaust the tab. A declared
/// `Content-Length` over the limit is refused before reading anything.
pub async fn read_body(
    stream: Option<web_sys::ReadableStream>,
    content_length: Option<String>,
    limit: usize,
) -> Result<String, BodyError> {
    use web_sys::js_sys::{Reflect, Uint8Array};
    let declared = content_length.and_then(|v| v.trim().parse::<u64>().ok());
    let Some(stream) = stream else {
        return Ok(String::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    if declared.is_some_and(|length| length > limit as u64) {
        let _ = reader.cancel();
        return Err(BodyError::TooLarge);
    }
    let failed = |e: wasm_bindgen::JsValue| {
        BodyError::Failed(
            e.as_string()
                .or_else(|| {
                    Reflect::get(&e, &"message".into())
                        .ok()
                        .and_then(|m| m.as_string())
                })
                .unwrap_or_else(|| "the connection failed while reading".to_string()),
        )
    };
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(failed)?;
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let Ok(array) = Reflect::get(&chunk, &"value".into())
            .map_err(failed)?
            .dyn_into::<Uint8Array>()
        else {
            return Err(BodyError::Failed("the body was not bytes".to_string()));
        };
        let length = array.length() as usize;
        if bytes.len().saturating_add(length) > limit {
            let _ = reader.cancel();
            return Err(BodyError::TooLarge);
        }
        let start = bytes.len();
        bytes.resize(start + length, 0);
        array.copy_to(&mut bytes[start..]);
    }
    String::from_utf8(bytes).map_err(|_| BodyError::Failed("the body is not UTF-8 text".into()))
}

/// The current time from the browser's clock (chrono's own clock panics on wasm32).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let millis = web_sys::js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// A random identifier (CSRF client ids); not for secrets.
pub fn random_id() -> String {
    let a = (web_sys::js_sys::Math::random() * 1e15) as u64;
    let b = web_sys::js_sys::Date::now() as u64;
    format!("prefect-dashboard-{a:x}{b:x}")
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Reads a value kept for this tab only (sessionStorage): not a secret, not a preference.
pub fn tab_value(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// Keeps (Some) or forgets (None) a value for this tab; failures are ignored.
pub fn set_tab_value(key: &str, value: Option<&str>) {
    if let Some(storage) = session_storage() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

/// Reads a secret: sessionStorage first (this tab), then localStorage (only if the user
/// ticked "remember").
pub fn read_secret(key: &str) -> Option<String> {
    session_storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .or_else(|| local_storage().and_then(|s| s.get_item(key).ok().flatten()))
}

/// Stores a secret for this tab, and in localStorage only when `remember` is set.
pub fn write_secret(key: &str, value: &str, remember: bool) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
    if let Some(storage) = local_storage() {
        let _ = if remember {
            storage.set_item(key, value)
        } else {
            storage.remove_item(key)
        };
    }
}

/// Forgets a secret everywhere.
pub fn forget_secret(key: &str) {
    for storage in [session_storage(), local_storage()].into_iter().flatten() {
        let _ = storage.remove_item(key);
    }
}

/// Whether a key event's target takes typed text (an input, a text area, a select or an
/// editable element): there `/` is a character, not a shortcut.
pub fn is_text_field(target: Option<web_sys::EventTarget>) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    matches!(
        element.tag_name().to_ascii_uppercase().as_str(),
        "INPUT" | "TEXTAREA" | "SELECT"
    ) || element.is_content_editable()
}

/// The page's origin and path, for a link to share (`http://host/dashboard/flow-runs`).
pub fn absolute_url(path_and_query: &str) -> String {
    format!("{}{path_and_query}", location_origin().unwrap_or_default())
}

/// Sets the browser tab's title (`document.title`); nothing outside a browser.
pub fn set_document_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// True while the tab is in the background; polling pauses then.
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Formats an instant as `2026-01-02 14:05:09` in `zone` (an IANA name; `None` for the
/// browser's zone) with the browser's Intl; `None` outside a browser or for an unknown zone.
/// Every JS call here is one that returns an error instead of throwing.
pub fn format_time(instant: chrono::DateTime<chrono::Utc>, zone: Option<&str>) -> Option<String> {
    use wasm_bindgen::JsValue;
    use web_sys::js_sys::{Date, Function};
    web_sys::window()?;
    let (format, format_fn): (JsValue, Function) = time_format(zone)?;
    let date = Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64));
    format_fn
        .call1(&format, &date)
        .ok()
        .and_then(|v| v.as_string())
        .filter(|text| !text.is_empty())
}

thread_local! {
    /// The Intl formats [`format_time`] made, by zone (`None`: the browser's): making one
    /// costs far more than using it, and a page formats hundreds of times (a timeline's
    /// bars, a runs table's rows). A handful of zones at most; the oldest goes past eight.
    static TIME_FORMATS: std::cell::RefCell<Vec<(Option<String>, wasm_bindgen::JsValue, web_sys::js_sys::Function)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The `sv-SE` Intl.DateTimeFormat for `zone` (its `YYYY-MM-DD HH:MM:SS`), and its `format`.
fn time_format(zone: Option<&str>) -> Option<(wasm_bindgen::JsValue, web_sys::js_sys::Function)> {
    use wasm_bindgen::JsValue;
    use web_sys::js_sys::{Array, Function, Object, Reflect};
    let cached = TIME_FORMATS.with(|formats| {
        formats
            .borrow()
            .iter()
            .find(|(z, ..)| z.as_deref() == zone)
            .map(|(_, format, format_fn)| (format.clone(), format_fn.clone()))
    });
    if cached.is_some() {
        return cached;
    }
    let options = Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        let _ = Reflect::set(&options, &key.into(), &value.into());
    }
    if let Some(zone) = zone {
        let _ = Reflect::set(&options, &"timeZone".into(), &zone.into());
    }
    let made = (|| -> Result<(JsValue, Function), JsValue> {
        let intl = Reflect::get(&web_sys::js_sys::global(), &"Intl".into())?;
        let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into())?.dyn_into()?;
        let args = Array::of2(&JsValue::from_str("sv-SE"), &options);
        let format = Reflect::construct(&constructor, &args)?;
        let format_fn: Function = Reflect::get(&format, &"format".into())?.dyn_into()?;
        Ok((format, format_fn))
    })()
    .ok()?;
    TIME_FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        if formats.len() >= 8 {
            formats.remove(0);
        }
        formats.push((zone.map(str::to_string), made.0.clone(), made.1.clone()));
    });
    Some(made)
}

/// Seconds east of UTC of `zone` (an IANA name; `None`: the browser's) at `at`, read from
/// the browser's Intl (what [`format_time`] shows, less the UTC time); `None` outside a
/// browser or for a zone it does not know.
pub fn zone_offset(zone: Option<&str>, at: chrono::DateTime<chrono::Utc>) -> Option<i32> {
    use chrono::Timelike;
    let shown = format_time(at, zone)?;
    let wall = chrono::NaiveDateTime::parse_from_str(&shown, "%Y-%m-%d %H:%M:%S").ok()?;
    let utc = at.naive_utc().with_nanosecond(0)?;
    i32::try_from((wall - utc).num_seconds()).ok()
}

/// The browser's own time zone (`Europe/Paris`), from Intl; `None` outside a browser.
pub fn browser_zone() -> Option<String> {
    use web_sys::js_sys::{Array, Function, Object, Reflect};
    web_sys::window()?;
    let zone = (|| -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
        let intl = Reflect::get(&web_sys::js_sys::global(), &"Intl".into())?;
        let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into())?.dyn_into()?;
        let format = Reflect::construct(&constructor, &Array::new())?;
        let resolved: Function = Reflect::get(&format, &"resolvedOptions".into())?.dyn_into()?;
        let options: Object = resolved.call0(&format)?.dyn_into()?;
        Reflect::get(&options, &"timeZone".into())
    })();
    zone.ok()
        .and_then(|z| z.as_string())
        .filter(|z| !z.is_empty())
}

/// The page's origin (`https://dash.example.com`), for URLs relative to it.
pub fn location_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    web_sys::js_sys::Date::now()
}

/// A random number in [0, 1) (reconnect jitter); not for secrets.
pub fn random_unit() -> f64 {
    web_sys::js_sys::Math::random()
}

/// What a socket tells its owner.
pub enum SocketEvent {
    /// The connection is open: send the first message.
    Open(SocketSender),
    /// A text message arrived.
    Message(SocketSender, String),
    /// The connection ended (or never opened: `opened` false), with its close code.
    Closed { code: u16, opened: bool },
}

/// Sends text on an open socket; a closed one drops it.
#[derive(Clone)]
pub struct SocketSender(web_sys::WebSocket);

impl SocketSender {
    pub fn send(&self, text: &str) {
        let _ = self.0.send_with_str(text);
    }
}

/// A WebSocket whose callbacks live as long as it does; dropping it detaches them and
/// closes the connection, so no callback runs after its owner is gone.
pub struct Socket {
    socket: web_sys::WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_close: Closure<dyn FnMut(web_sys::CloseEvent)>,
}

impl Socket {
    /// Opens `url` with `protocol`; every event goes to `handler`.
    pub fn open(
        url: &str,
        protocol: &str,
        handler: impl Fn(SocketEvent) + 'static,
    ) -> Result<Socket, String> {
        let socket = web_sys::WebSocket::new_with_str(url, protocol).map_err(|e| {
            e.as_string()
                .unwrap_or_else(|| "the URL was refused".into())
        })?;
        let handler = std::rc::Rc::new(handler);
        let opened = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_open = {
            let (handler, opened, sender) = (
                handler.clone(),
                opened.clone(),
                SocketSender(socket.clone()),
            );
            Closure::<dyn FnMut()>::new(move || {
                opened.set(true);
                handler(SocketEvent::Open(sender.clone()));
            })
        };
        let on_message = {
            let (handler, sender) = (handler.clone(), SocketSender(socket.clone()));
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if let Some(text) = event.data().as_string() {
                    handler(SocketEvent::Message(sender.clone(), text));
                }
            })
        };
        let on_close =
            Closure::<dyn FnMut(web_sys::CloseEvent)>::new(move |event: web_sys::CloseEvent| {
                handler(SocketEvent::Closed {
                    code: event.code(),
                    opened: opened.get(),
                });
            });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Socket {
            socket,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        })
    }

    /// Closes the connection (normal closure) without telling the handler.
    pub fn close(self) {
        drop(self);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close_with_code(1000);
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(js_namespace = performance)]
extern "C" {
    #[wasm_bindgen(js_name = mark)]
    fn performance_mark(name: &str);
}

/// A named moment of the first load (`performance.mark`; nothing outside a browser): the
/// browser bench's waterfall (`BENCH_TRACE=1`) shows them beside the requests, so a gap has
/// a name.
pub fn mark(name: &str) {
    if cfg!(target_arch = "wasm32") {
        performance_mark(name);
    }
}

/// Scrolls the element with `id` into view and moves the focus to it (a heading gets a
/// `tabindex` of -1 for that); nothing when there is no such element.
pub fn jump_to(id: &str) {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    element.scroll_into_view();
    if !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// Submits `form` (an event's `currentTarget`) as pressing its submit button would: a
/// filter form that applies as its controls change. Nothing for anything but a form.
pub fn submit_form(form: &web_sys::EventTarget) {
    if let Some(form) = form.dyn_ref::<web_sys::HtmlFormElement>() {
        let _ = form.request_submit();
    }
}

/// Whether this browser offers notifications here (they need a secure context: HTTPS or
/// localhost); false outside a browser.
pub fn notifications_supported() -> bool {
    web_sys::window().is_some_and(|w| {
        web_sys::js_sys::Reflect::has(&w, &wasm_bindgen::JsValue::from_str("Notification"))
            .unwrap_or(false)
    })
}

/// The notification permission: "granted", "denied" or "default" (not asked yet); None
/// where notifications are not offered.
pub fn notification_permission() -> Option<String> {
    if !notifications_supported() {
        return None;
    }
    Some(match web_sys::Notification::permission() {
        web_sys::NotificationPermission::Granted => "granted".into(),
        web_sys::NotificationPermission::Denied => "denied".into(),
        _ => "default".into(),
    })
}

/// Asks for the notification permission (the browser's prompt); the answer as
/// [`notification_permission`] says it.
pub async fn request_notification_permission() -> Option<String> {
    if !notifications_supported() {
        return None;
    }
    if let Ok(promise) = web_sys::Notification::request_permission() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    notification_permission()
}

/// Shows a notification (when permitted); false when it could not be shown.
pub fn notify(title: &str, body: &str, tag: &str) -> bool {
    if notification_permission().as_deref() != Some("granted") {
        return false;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    web_sys::Notification::new_with_options(title, &options).is_ok()
}
