//! The few browser calls the app needs, each failing softly (`None`/`Err`) instead of
//! panicking, so the same code also compiles and runs natively in tests.

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Logs panics to the console and tells the user on the page, instead of a silent dead page.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let note = format!(
                "The dashboard hit an internal error and stopped. Reload the page; \
                 if it happens again, report this message: {message}"
            );
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(element) = document.create_element("div") {
                    element.set_class_name("fatal-error");
                    let _ = element.set_attribute("role", "alert");
                    element.set_text_content(Some(&note));
                    let _ = body.prepend_with_node_1(&element);
                }
            }
        }
    }));
}

/// The document's base URI (honours `<base href>`), e.g. `http://host/dashboard/`.
pub fn document_base_uri() -> Option<String> {
    web_sys::window()?.document()?.base_uri().ok().flatten()
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

/// Aborts a request after a deadline; dropping it clears the timer.
pub struct AbortTimer {
    controller: web_sys::AbortController,
    handle: i32,
    fired: Rc<Cell<bool>>,
    _on_timeout: Closure<dyn FnMut()>,
}

impl AbortTimer {
    /// Starts the timer, or `None` outside a browser.
    pub fn start(milliseconds: i32) -> Option<AbortTimer> {
        let window = web_sys::window()?;
        let controller = web_sys::AbortController::new().ok()?;
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
            controller,
            handle,
            fired,
            _on_timeout: on_timeout,
        })
    }

    /// The signal to hand to the request.
    pub fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
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

/// True while the tab is in the background; polling pauses then.
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
