use super::{ApiErrorPanel, Time};
use crate::api::ApiError;
use crate::platform;
use crate::schemas::Timestamp;
use leptos::prelude::*;

/// The last good answer of a resource and when it came.
#[derive(Clone, Debug)]
pub struct LastGood<T> {
    pub value: T,
    pub at: Timestamp,
}

/// Shows a resource's data; when a refresh fails, the panel says why and keeps showing the
/// last good data with its age, so a flaky server never blanks the page.
#[component]
pub fn Fetched<T, V, F>(
    /// The resource to show.
    resource: LocalResource<Result<T, ApiError>>,
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
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    // Derived from the resource and its own previous value: no effect writes to it.
    let last_good = Memo::new_with_compare(
        move |previous: Option<&Option<LastGood<T>>>| match resource.get() {
            Some(Ok(value)) => Some(LastGood {
                value,
                at: Timestamp(platform::now()),
            }),
            _ => previous.cloned().flatten(),
        },
        |_, _| true,
    );
    let error = move || resource.get().and_then(Result::err);
    let loading = loading.unwrap_or("Loading…");
    view! {
        <Transition fallback=move || view! { <p class="muted">{loading}</p> }>
            {move || {
                let render = render.clone();
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
                view! {
                    {stale.map(|error| view! { <ApiErrorPanel title=title error /> })}
                    {note}
                    {data.map(|last| render(last.value))}
                }
            }}
        </Transition>
    }
}
