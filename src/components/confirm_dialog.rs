use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal confirmation (`<dialog>` shown with `showModal()`): the page behind it is inert,
/// so focus stays inside; Escape closes it; the confirm button has focus, so Enter confirms.
/// Focus moves to it only from Back (where it waits while runs are counted), never out of a
/// field the user is typing in, and Enter in a field does not confirm.
#[component]
pub fn ConfirmDialog(
    /// Whether it is open.
    #[prop(into)]
    open: Signal<bool>,
    /// The question, naming the object ("Cancel the flow run nightly-42?").
    #[prop(into)]
    title: Signal<String>,
    /// What will happen, in a sentence.
    #[prop(into)]
    body: Signal<String>,
    /// The confirm button's label ("Cancel run").
    #[prop(into)]
    confirm: Signal<String>,
    /// False while there is nothing to confirm yet (runs still counting, all skipped): the
    /// confirm button is disabled.
    #[prop(optional, into)]
    ready: Option<Signal<bool>>,
    /// Extra controls (a message field), shown above the buttons.
    #[prop(optional)]
    children: Option<Children>,
    /// Called when the user confirms.
    on_confirm: Callback<()>,
    /// Called when the dialog closes without confirming (Escape, Back).
    on_close: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let confirm_button = NodeRef::<html::Button>::new();
    let back_button = NodeRef::<html::Button>::new();
    // Focus is on the confirm button once there is something to confirm; until then (runs
    // still counting) on Back. When the count arrives, focus moves on only if it is still on
    // Back: a user typing the message keeps typing.
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        let ready = ready.is_none_or(|r| r.get());
        if open.get() {
            let opening = !element.open();
            if opening {
                let _ = element.show_modal();
            }
            let on_back = || {
                let active = document().active_element();
                back_button.get_untracked().is_some_and(|back| {
                    active.is_some_and(|a| {
                        let back: &web_sys::Node = back.as_ref();
                        back.is_same_node(Some(a.as_ref()))
                    })
                })
            };
            let focus = match (ready, opening || on_back()) {
                (_, false) => None,
                (true, true) => confirm_button.get_untracked().map(|b| b.focus()),
                (false, true) => back_button.get_untracked().map(|b| b.focus()),
            };
            let _ = focus;
        } else if element.open() {
            element.close();
        }
    });
    // Enter in a field (the message) would submit the form, and so confirm: not from there.
    let no_enter_in_fields = move |ev: leptos::ev::KeyboardEvent| {
        let in_field = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some();
        if in_field && ev.key() == "Enter" {
            ev.prevent_default();
        }
    };
    view! {
        <dialog
            node_ref=dialog
            class="confirm-dialog"
            data-testid="confirm-dialog"
            aria-labelledby="confirm-dialog-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_close.run(());
            }
        >
            <form
                method="dialog"
                on:keydown=no_enter_in_fields
                on:submit=move |ev| {
                    ev.prevent_default();
                    if ready.is_none_or(|r| r.get_untracked()) {
                        on_confirm.run(());
                    }
                }
            >
                <h2 id="confirm-dialog-title">{title}</h2>
                <p>{body}</p>
                {children.map(|children| children())}
                <div class="confirm-dialog__buttons">
                    <button
                        type="button"
                        node_ref=back_button
                        on:click=move |_| on_close.run(())
                        data-testid="confirm-dialog-back"
                    >
                        "Back"
                    </button>
                    <button
                        type="submit"
                        node_ref=confirm_button
                        class="danger"
                        data-testid="confirm-dialog-confirm"
                        disabled=move || ready.is_some_and(|r| !r.get())
                    >
                        {confirm}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
