use super::ErrorPanel;
use crate::context::AppContext;
use crate::hooks::{use_id_param, use_page_title};
use leptos::prelude::*;
use uuid::Uuid;

/// The page of one object named by the address's `:id`: `page` with the id, or, when the
/// address does not hold one, an error saying so and a link back to the list.
#[component]
pub fn IdPage<F, V>(
    /// What the object is, capitalised ("Flow run").
    what: &'static str,
    /// The list to go back to (an app path, `routes::FLOW_RUNS`).
    back: &'static str,
    /// The link's words ("All flow runs").
    back_label: &'static str,
    /// The page for an id.
    page: F,
) -> impl IntoView
where
    F: Fn(Uuid) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let context = expect_context::<AppContext>();
    let id = use_id_param();
    let lower = what.to_lowercase();
    move || match id.get() {
        Some(id) => page(id).into_any(),
        None => view! {
            {use_page_title(what)}
            <section class="page">
                <h1>{what}</h1>
                <ErrorPanel
                    title=format!("No such {lower}")
                    message=format!("The address does not hold a {lower} id.")
                />
                <a href=context.href(back)>{back_label}</a>
            </section>
        }
        .into_any(),
    }
}
