use leptos::prelude::*;

/// The `tag` field of a GET filter form: comma-separated tags, any of which must match.
#[component]
pub fn TagsInput(
    /// The tags now in the URL.
    #[prop(into)]
    tags: Signal<Vec<String>>,
) -> impl IntoView {
    view! {
        <label>
            "Tags (comma-separated)"
            <input type="text" name="tag" prop:value=move || tags.get().join(",") />
        </label>
    }
}
