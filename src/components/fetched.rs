use super::{ApiErrorPanel, Time};
use crate::api::resource::{Loaded, Payload};
use crate::api::ApiResource;
use crate::platform;
use crate::schemas::Timestamp;
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// The last good answer of a resource and when it came.
#[derive(Clone)]
struct LastGood {
    value: Payload,
    at: Timestamp,
}

/// Renders a payload; `None` when it is not the expected type (never, by construction).
type Render = Rc<dyn Fn(Payload) -> Option<AnyView>>;

/// Builds the data part of the frame once, from the last good answer.
type Body = Box<dyn FnOnce(Memo<Option<LastGood>>) -> AnyView>;

/// Renders a `FetchedSignal` once, from the signal of the latest good payload.
type SignalRender = Box<dyn FnOnce(Memo<Option<Payload>>) -> Option<AnyView>>;

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
    let body: Body = Box::new(move |last_good: Memo<Option<LastGood>>| {
        let render = StoredValue::new_local(render);
        (move || {
            last_good
                .get()
                .and_then(|last| render.with_value(|render| render(last.value)))
        })
        .into_any()
    });
    frame(
        resource.answer(),
        title,
        loading.unwrap_or("Loading…"),
        body,
    )
}

/// `Fetched` for views that update in place: `render` runs once, when the first answer
/// comes, with a signal of the latest good data, so keyed lists (`<For>`) inside it change
/// only the rows that changed on a refresh.
#[component]
pub fn FetchedSignal<T, V, F>(
    /// The resource to show.
    resource: ApiResource<T>,
    /// What the data is, for the error message ("Flow runs").
    title: &'static str,
    /// Renders the data, given as a signal of the latest good answer.
    render: F,
    /// Shown until the first answer.
    #[prop(optional)]
    loading: Option<&'static str>,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    V: IntoView + 'static,
    F: FnOnce(Signal<Arc<T>>) -> V + 'static,
{
    let render: SignalRender = Box::new(move |latest: Memo<Option<Payload>>| {
        // Once there is data, there is always data: the last good answer is kept.
        let first = latest.get_untracked()?.downcast::<T>().ok()?;
        let value = Signal::derive(move || {
            latest
                .get()
                .and_then(|p| p.downcast::<T>().ok())
                .unwrap_or_else(|| first.clone())
        });
        Some(render(value).into_any())
    });
    frame(
        resource.answer(),
        title,
        loading.unwrap_or("Loading…"),
        signal_body(render),
    )
}

/// The data part of `FetchedSignal`, compiled once: `render` runs when the first answer
/// comes, given the latest good payload.
fn signal_body(render: SignalRender) -> Body {
    Box::new(move |last_good: Memo<Option<LastGood>>| {
        let latest =
            Memo::new_with_compare(move |_| last_good.get().map(|last| last.value), |_, _| true);
        let has_data = Memo::new(move |_| latest.with(Option::is_some));
        let render = StoredValue::new_local(Some(render));
        (move || {
            if !has_data.get() {
                return None;
            }
            let render = render.try_update_value(Option::take).flatten()?;
            render(latest)
        })
        .into_any()
    })
}

/// The untyped part of `Fetched`: loading, error, stale note and the rendered data.
fn frame(
    resource: LocalResource<Loaded>,
    title: &'static str,
    loading: &'static str,
    body: Body,
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
    let body = body(last_good);
    view! {
        <Transition fallback=move || {
            view! { <p class="muted">{loading}</p> }
        }>
            {move || {
                let stale = error();
                let data = last_good.get();
                let note = match (&stale, &data) {
                    (Some(_), Some(last)) => {
                        Some(
                            view! {
                                <p class="stale" data-testid="stale-note">
                                    <span aria-hidden="true">"⏱ "</span>
                                    "Showing data from "
                                    <Time at=Some(last.at) />
                                    " until the server answers again."
                                </p>
                            },
                        )
                    }
                    _ => None,
                };
                view! {
                    {stale.map(|error| view! { <ApiErrorPanel title=title error /> })}
                    {note}
                }
            }} {body}
        </Transition>
    }
    .into_any()
}
