use super::ErrorPanel;
use crate::api::ApiError;
use leptos::prelude::*;

/// The panel for a part of an answer that failed, or nothing when it came.
pub fn api_error_of<T>(title: &'static str, part: &Result<T, ApiError>) -> Option<AnyView> {
    part.as_ref()
        .err()
        .cloned()
        .map(|error| view! { <ApiErrorPanel title error /> }.into_any())
}

/// The one way an API failure is shown: what is missing, why, and what to look at.
#[component]
pub fn ApiErrorPanel(
    /// What could not be loaded, e.g. "Flow runs".
    #[prop(into)]
    title: String,
    /// The failure.
    error: ApiError,
) -> impl IntoView {
    let hint = if error.is_unauthorized() {
        " Sign in above, or check the credentials in Settings."
    } else if error.retry_after().is_some() {
        " The dashboard waits as the server asked before trying again."
    } else if error.is_unreachable() {
        " The Prefect server or the proxy in front of it is not answering; the dashboard \
         keeps trying."
    } else if error.is_retryable() {
        " The dashboard tries again by itself."
    } else {
        ""
    };
    view! {
        <ErrorPanel
            title=format!("{title} could not be loaded")
            message=format!("{error}.{hint}")
        />
    }
}
