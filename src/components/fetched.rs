use super::{ApiErrorPanel, Time};
use crate::api::resource::{Loaded, Payload};
use crate::api::ApiResource;
use crate::platform;
use crate::schemas::Timestamp;
use leptos::prelude::*;
use std::rc::Rc;

/// The last good answer of a resource and when it came.
#[derive(Clone)]
struct LastGood {
    value: Payload,
    at: Timestamp,
}

/// Renders a payload; `None` when it is not the expected type (never, by construction).
type Render = Rc<dyn Fn(Payload) -> Option<AnyView>>;

/// Shows a resource's data; when a refresh fails, the panel says why and keeps showing the
/// last good data with its age, so a flaky server never blanks the page.
///
/// Only the typed `render` is compiled per data type; the frame around it is compiled
/// once (see `api::resource`).
#[component]
pub fn Fetched<T, V, F>(
    /// The resource to show.
    resource: ApiResource<T>,
    /// What the data is, for the error message ("Flow runs").
    title: &'static str,
    /// Renders the data.
    render: F,
    /// Shown until the first answer.
    #[prop(optional)]
    loading: Option<&'static str>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + 'static,
{
    let render: Render = Rc::new(move |payload: Payload| {
        payload
            .downcast::<T>()
            .ok()
            .map(|value| render(T::clone(&value)).into_any())
    });
    frame(
        resource.answer(),
        title,
        loading.unwrap_or("Loading…"),
        render,
    )
}

/// The untyped part of `Fetched`: loading, error, stale note and the rendered data.
fn frame(
    resource: LocalResource<Loaded>,
    title: &'static str,
    loading: &'static str,
    render: Render,
) -> AnyView {
    // Derived from the resource and its own previous value: no effect writes to it.
    let last_good = Memo::new_with_compare(
        move |previous: Option<&Option<LastGood>>| match resource.get() {
            Some(Ok(value)) => Some(LastGood {
                value,
                at: Timestamp(platform::now()),
            }),
            _ => previous.cloned().flatten(),
        },
        |_, _| true,
    );
    let error = move || resource.get().and_then(Result::err);
    let render = StoredValue::new_local(render);
    view! {
        <Transition fallback=move || view! { <p class="muted">{loading}</p> }>
            {move || {
                let stale = error();
                let data = last_good.get();
                let note = match (&stale, &data) {
                    (Some(_), Some(last)) => Some(view! {
                        <p class="stale" data-testid="stale-note">
                            <span aria-hidden="true">"⏱ "</span>
                            "Showing data from " <Time at=Some(last.at) /> " until the server answers again."
                        </p>
                    }),
                    _ => None,
                };
                let body = data.and_then(|last| render.with_value(|render| render(last.value)));
                view! {
                    {stale.map(|error| view! { <ApiErrorPanel title=title error /> })}
                    {note}
                    {body}
                }
            }}
        </Transition>
    }
    .into_any()
}
