//! A list page's filter form: one row of compact controls that apply as they change (a
//! select at once, typing once it pauses), through a GET form, so the address stays the
//! one place the view lives and Enter still works.

use crate::hooks::debounced;
use crate::platform;
use leptos::prelude::*;
use leptos_router::components::Form;

/// The form around a page's filter controls (each a `<label>` holding a named control).
#[component]
pub fn FilterForm(
    /// The page's own path (the form's action).
    #[prop(into)]
    action: String,
    /// The controls.
    children: Children,
) -> impl IntoView {
    // The form, held from the keystroke to the pause (an event's target is gone by then).
    let typed = debounced(move |form: web_sys::EventTarget| platform::submit_form(&form));
    view! {
        <Form
            method="GET"
            action=action
            attr:class="filters"
            attr:role="search"
            attr:data-testid="filters"
            on:change=move |event| {
                if let Some(form) = event.current_target() {
                    platform::submit_form(&form);
                }
            }
            on:input=move |event| {
                if let (true, Some(form)) = (
                    platform::is_text_field(event.target()),
                    event.current_target(),
                ) {
                    typed.run(form);
                }
            }
        >
            {children()}
            <button type="submit" hidden=true>
                "Apply"
            </button>
        </Form>
    }
}
