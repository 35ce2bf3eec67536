use crate::context::AppContext;
use crate::hooks::use_page_title;
use crate::routes;
use leptos::prelude::*;

/// Shown for a URL that matches no section.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page_title("Page not found");
    let context = expect_context::<AppContext>();
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>
                "No section has this address. "
                <a href=context.href(routes::DASHBOARD)>"Go to the dashboard"</a>
            </p>
        </section>
    }
}
